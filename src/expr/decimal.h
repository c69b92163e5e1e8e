// Exact fixed-point decimals for money, rates and ratios in expressions (金额、比例): a signed
// 128-bit count of millionths, so 0.1 + 0.2 == 0.3 exactly and no binary floating point is involved.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace haoban::expr {

__extension__ typedef __int128 Int128;  // GCC's 128-bit integer; __extension__ keeps -pedantic quiet

// A value is units * 10^-6 with |value| < 10^26 (26 integer digits, 6 fractional digits). Every
// operation that would leave that range reports overflow instead of wrapping.
// Thread-safety: a plain value type.
class Decimal {
 public:
  static constexpr int kScale = 6;                 // fractional digits
  static constexpr std::int64_t kOne = 1'000'000;  // units per 1

  constexpr Decimal() = default;  // 0

  static Decimal from_int(std::int64_t v) { return Decimal(Int128{v} * kOne); }
  // nullopt when |units| >= 10^32 (outside the range above).
  static std::optional<Decimal> from_units(Int128 units);

  // "12.50", "-0.3", "7", "0.000001": an optional '-', digits, and optionally '.' followed by 1..6
  // digits. No '+', exponent, spaces or thousands separators. nullopt for anything else, for more
  // than 6 fractional digits and for values out of range.
  static std::optional<Decimal> parse(std::string_view s);

  Int128 units() const { return units_; }

  // Shortest exact form without trailing zeros: "12.5", "-0.3", "7".
  std::string to_string() const;
  // Exactly `digits` (0..6, clamped) fractional digits, rounding half away from zero (四舍五入):
  // Decimal::parse("2.345")->to_string(2) == "2.35".
  std::string to_string(int digits) const;

  // Checked arithmetic: nullopt on overflow or division by zero. mul and div round the exact result
  // half-to-even to 6 fractional digits; rem is exact (sign of the dividend, like C++ %).
  static std::optional<Decimal> add(Decimal a, Decimal b);
  static std::optional<Decimal> sub(Decimal a, Decimal b);
  static std::optional<Decimal> mul(Decimal a, Decimal b);
  static std::optional<Decimal> div(Decimal a, Decimal b);
  static std::optional<Decimal> rem(Decimal a, Decimal b);

  // Rounded to `digits` (0..6) fractional digits, half away from zero (四舍五入, as money is rounded
  // in China): 2.345 → 2.35, -2.345 → -2.35, 2.5 → 3 at 0 digits. Digits outside 0..6 are clamped.
  // nullopt only when rounding up leaves the range.
  std::optional<Decimal> rounded(int digits) const;

  Decimal negated() const { return Decimal(-units_); }  // never overflows within the range
  Decimal abs() const { return units_ < 0 ? negated() : *this; }

  friend constexpr bool operator==(Decimal a, Decimal b) { return a.units_ == b.units_; }
  friend constexpr std::strong_ordering operator<=>(Decimal a, Decimal b) { return a.units_ <=> b.units_; }

 private:
  constexpr explicit Decimal(Int128 units) : units_(units) {}
  Int128 units_ = 0;
};

}  // namespace haoban::expr
