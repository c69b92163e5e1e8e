// Form field values between JSON (what clients send and the store keeps) and the expression
// language: numbers as exact decimals, money as strings with two decimals, dates as "YYYY-MM-DD".
// Shared by the catalog (form checks, computed fields) and prefill (values from sources).
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>

#include "defs/defs.h"
#include "expr/expr.h"

namespace haoban::defs {

// A JSON number (integer or floating point, taken at its shortest decimal form) or a numeric string
// ("12.50") as an exact decimal with at most `decimals` fractional digits. On failure sets `err` to
// a Chinese message ("应为数字", "应为整数", "最多保留2位小数") and returns nullopt.
std::optional<expr::Decimal> to_decimal(const boost::json::value& v, int decimals, std::string& err);

// The value for people and clients: an integer when decimals is 0, else a string with exactly
// `decimals` fractional digits ("1250.00"), so money never passes through binary floating point.
boost::json::value decimal_json(const expr::Decimal& d, int decimals);

// Sets the expression input of field `f` at `slot` from its normalised JSON value (as checked by
// the catalog); a value it cannot read leaves the slot unknown.
void bind_field_value(expr::Bindings& b, int slot, const Field& f, const boost::json::value& v);

// An expression result as field `f`'s JSON value (tables: rows of column values).
boost::json::value value_json(const Field& f, const expr::Value& v);

}  // namespace haoban::defs
