#include "expr/decimal.h"

#include <algorithm>
#include <cstdint>

namespace haoban::expr {
namespace {

__extension__ typedef unsigned __int128 UInt128;

constexpr Int128 pow10(int n) {
  Int128 r = 1;
  for (int i = 0; i < n; ++i) r *= 10;
  return r;
}

constexpr Int128 kLimit = pow10(32);  // exclusive bound on |units|

bool in_range(Int128 u) { return u < kLimit && u > -kLimit; }

std::optional<Decimal> checked(Int128 u) {
  if (!in_range(u)) return std::nullopt;
  return Decimal::from_units(u);
}

bool fits64(Int128 v) { return v >= INT64_MIN && v <= INT64_MAX; }

// n / d rounded half to even; d != 0. Typical amounts fit 64 bits, where division is far cheaper.
Int128 div_half_even(Int128 n, Int128 d) {
  if (fits64(n) && fits64(d) && !(n == INT64_MIN && d == -1)) {
    const auto n64 = static_cast<std::int64_t>(n);
    const auto d64 = static_cast<std::int64_t>(d);
    std::int64_t q = n64 / d64;
    const std::int64_t r = n64 % d64;
    if (r == 0) return q;
    const auto twice_r = static_cast<std::uint64_t>(r < 0 ? -r : r) * 2;
    const auto abs_d = d64 < 0 ? -static_cast<std::uint64_t>(d64) : static_cast<std::uint64_t>(d64);
    if (twice_r > abs_d || (twice_r == abs_d && (q % 2 != 0))) q += ((n64 < 0) != (d64 < 0)) ? -1 : 1;
    return q;
  }
  Int128 q = n / d;
  Int128 r = n % d;
  if (r == 0) return q;
  UInt128 twice_r = static_cast<UInt128>(r < 0 ? -r : r) * 2;
  UInt128 abs_d = static_cast<UInt128>(d < 0 ? -d : d);
  const bool away = twice_r > abs_d || (twice_r == abs_d && (q % 2 != 0));
  if (away) q += ((n < 0) != (d < 0)) ? -1 : 1;
  return q;
}

// n / d rounded half away from zero; d > 0.
Int128 div_half_up(Int128 n, Int128 d) {
  Int128 q = n / d;
  Int128 r = n % d;
  if (r == 0) return q;
  if ((r < 0 ? -r : r) * 2 >= d) q += n < 0 ? -1 : 1;
  return q;
}

std::string digits_of(UInt128 v) {
  std::string s;
  do {
    s.push_back(static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  } while (v != 0);
  std::reverse(s.begin(), s.end());
  return s;
}

// units rounded half away from zero to `digits` (0..6) fractional digits; may leave the range.
Int128 round_units(Int128 units, int digits) {
  const Int128 step = pow10(Decimal::kScale - digits);
  return div_half_up(units, step) * step;
}

// Formats units with exactly `digits` fractional digits (units already rounded to that precision).
std::string format_fixed(Int128 units, int digits) {
  const bool negative = units < 0;
  UInt128 mag = negative ? static_cast<UInt128>(-units) : static_cast<UInt128>(units);
  const auto one = static_cast<UInt128>(Decimal::kOne);
  std::string out = negative ? "-" : "";
  out += digits_of(mag / one);
  if (digits > 0) {
    std::string frac = digits_of(mag % one);
    frac.insert(0, static_cast<std::size_t>(Decimal::kScale) - frac.size(), '0');
    out += '.';
    out += frac.substr(0, static_cast<std::size_t>(digits));
  }
  return out;
}

}  // namespace

std::optional<Decimal> Decimal::from_units(Int128 units) {
  if (!in_range(units)) return std::nullopt;
  return Decimal(units);
}

std::optional<Decimal> Decimal::parse(std::string_view s) {
  std::size_t i = 0;
  const bool negative = !s.empty() && s[0] == '-';
  if (negative) ++i;
  Int128 whole = 0;
  std::size_t whole_digits = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++whole_digits) {
    if (whole_digits >= 26 && whole != 0) return std::nullopt;
    whole = whole * 10 + (s[i] - '0');
  }
  if (whole_digits == 0) return std::nullopt;
  Int128 frac = 0;
  int frac_digits = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
      if (++frac_digits > kScale) return std::nullopt;
      frac = frac * 10 + (s[i] - '0');
    }
    if (frac_digits == 0) return std::nullopt;
  }
  if (i != s.size()) return std::nullopt;
  if (whole >= pow10(26)) return std::nullopt;
  Int128 units = whole * kOne + frac * pow10(kScale - frac_digits);
  return Decimal(negative ? -units : units);
}

std::string Decimal::to_string() const {
  std::string s = format_fixed(units_, kScale);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  return s;
}

std::string Decimal::to_string(int digits) const {
  digits = std::clamp(digits, 0, kScale);
  return format_fixed(round_units(units_, digits), digits);
}

std::optional<Decimal> Decimal::add(Decimal a, Decimal b) { return checked(a.units_ + b.units_); }

std::optional<Decimal> Decimal::sub(Decimal a, Decimal b) { return checked(a.units_ - b.units_); }

std::optional<Decimal> Decimal::mul(Decimal a, Decimal b) {
  Int128 p;
  if (__builtin_mul_overflow(a.units_, b.units_, &p)) return std::nullopt;
  return checked(div_half_even(p, kOne));
}

std::optional<Decimal> Decimal::div(Decimal a, Decimal b) {
  if (b.units_ == 0) return std::nullopt;
  // |a| < 10^32, so a * 10^6 < 10^38 < 2^127.
  return checked(div_half_even(a.units_ * kOne, b.units_));
}

std::optional<Decimal> Decimal::rem(Decimal a, Decimal b) {
  if (b.units_ == 0) return std::nullopt;
  return Decimal(a.units_ % b.units_);
}

std::optional<Decimal> Decimal::rounded(int digits) const {
  return checked(round_units(units_, std::clamp(digits, 0, kScale)));
}

}  // namespace haoban::expr
