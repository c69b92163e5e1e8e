#include "catalog/numbers.h"

#include <charconv>
#include <cmath>

namespace haoban::catalog::detail {

std::optional<expr::Decimal> to_decimal(const boost::json::value& v, int decimals, std::string& err) {
  std::optional<expr::Decimal> d;
  if (v.is_int64()) {
    d = expr::Decimal::from_units(expr::Int128{v.as_int64()} * expr::Decimal::kOne);
  } else if (v.is_uint64()) {
    d = expr::Decimal::from_units(expr::Int128{v.as_uint64()} * expr::Decimal::kOne);
  } else if (v.is_double()) {
    double x = v.as_double();
    if (std::isfinite(x)) {
      char buf[64];
      auto r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed);
      if (r.ec == std::errc())
        d = expr::Decimal::parse(std::string_view(buf, static_cast<std::size_t>(r.ptr - buf)));
    }
  } else if (v.is_string()) {
    d = expr::Decimal::parse(v.as_string());
  }
  if (!d) {
    err = "应为数字";
    return std::nullopt;
  }
  if (auto r = d->rounded(decimals); !r || *r != *d) {
    err = decimals == 0 ? "应为整数" : "最多保留" + std::to_string(decimals) + "位小数";
    return std::nullopt;
  }
  return d;
}

boost::json::value decimal_json(const expr::Decimal& d, int decimals) {
  if (decimals == 0) return static_cast<std::int64_t>(d.units() / expr::Decimal::kOne);
  return boost::json::value(d.to_string(decimals));
}

}  // namespace haoban::catalog::detail
