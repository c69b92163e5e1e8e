// Request parsing shared by the 好差评 and 办不成事 routes.
#pragma once

#include <boost/json/object.hpp>

#include <optional>

#include "core/calendar.h"
#include "core/error.h"
#include "http/api/http.h"

namespace haoban::feedback {

// A JSON body's boolean field; field_invalid when missing or not a boolean.
inline bool required_bool(const boost::json::object& body, const char* name) {
  const auto* v = body.if_contains(name);
  if (!v || !v->is_bool()) throw field_invalid(name, "应为 true 或 false");
  return v->as_bool();
}

// An optional YYYY-MM-DD query parameter.
inline std::optional<Date> date_param(const http::Request& req, const char* name) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return std::nullopt;
  if (auto d = parse_date(*v)) return d;
  throw invalid("validation-failed", "查询参数有误", "", {{name, "日期格式应为 YYYY-MM-DD"}});
}

}  // namespace haoban::feedback
