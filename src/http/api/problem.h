// RFC 9457 problem+json: the one place that maps haoban::Error to an HTTP status and body.
#pragma once

#include <string_view>

#include "core/error.h"
#include "http/api/http.h"

namespace haoban::http {

inline constexpr std::string_view kProblemBase = "https://haoban.gov.cn/problems/";

int status_for(ErrorKind k);
// `instance` is the request path. Adds Retry-After for rate limits.
Response problem(const Error& e, std::string_view instance);
Response problem(int status, std::string_view type, std::string_view title, std::string_view detail,
                 std::string_view instance);

}  // namespace haoban::http
