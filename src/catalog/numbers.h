// Private to src/catalog: numbers between JSON and exact decimals.
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>

#include "expr/decimal.h"

namespace haoban::catalog::detail {

// A JSON number (integer or floating point, taken at its shortest decimal form) or a numeric string
// ("12.50") as an exact decimal with at most `decimals` fractional digits. On failure sets `err` to
// a Chinese message ("应为数字", "应为整数", "最多保留2位小数") and returns nullopt.
std::optional<expr::Decimal> to_decimal(const boost::json::value& v, int decimals, std::string& err);

// The value for people and clients: an integer when decimals is 0, else a string with exactly
// `decimals` fractional digits ("1250.00"), so money never passes through binary floating point.
boost::json::value decimal_json(const expr::Decimal& d, int decimals);

}  // namespace haoban::catalog::detail
