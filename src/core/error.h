// Request-ending errors. Expected outcomes are values (std::optional, ValidationResult);
// an Error ends the current operation and is mapped to HTTP + problem+json in exactly one
// place (http/problem.cpp) and to a CLI message + exit code in app/.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace haoban {

enum class ErrorKind {
  invalid,          // 400/422: the input is wrong; see field errors
  unauthenticated,  // 401: no or bad credentials
  forbidden,        // 403: authenticated but not allowed
  not_found,        // 404
  conflict,         // 409: state does not allow it
  too_large,        // 413
  rate_limited,     // 429
  unavailable,      // 503: a dependency is down
  internal,         // 500
};

struct FieldError {
  std::string field;    // JSON pointer-ish path, e.g. "password" or "items/2/name"
  std::string message;  // Simplified Chinese, for people
};

class Error : public std::runtime_error {
 public:
  // `type` is a stable slug ("invalid-credentials") that becomes the problem type URI;
  // `title` is a short Chinese sentence for people; `detail` may add specifics.
  Error(ErrorKind kind, std::string type, std::string title, std::string detail = {},
        std::vector<FieldError> fields = {})
      : std::runtime_error(title),
        kind_(kind),
        type_(std::move(type)),
        title_(std::move(title)),
        detail_(std::move(detail)),
        fields_(std::move(fields)) {}

  ErrorKind kind() const { return kind_; }
  const std::string& type() const { return type_; }
  const std::string& title() const { return title_; }
  const std::string& detail() const { return detail_; }
  const std::vector<FieldError>& fields() const { return fields_; }

 private:
  ErrorKind kind_;
  std::string type_;
  std::string title_;
  std::string detail_;
  std::vector<FieldError> fields_;
};

inline Error invalid(std::string type, std::string title, std::string detail = {},
                     std::vector<FieldError> fields = {}) {
  return Error(ErrorKind::invalid, std::move(type), std::move(title), std::move(detail), std::move(fields));
}
// 422 validation-failed naming one field of the request, with the message people read.
inline Error field_invalid(std::string field, std::string message) {
  return invalid("validation-failed", "请求内容有误", "", {{std::move(field), std::move(message)}});
}
inline Error not_found(std::string what) {
  return Error(ErrorKind::not_found, "not-found", "未找到请求的资源", std::move(what));
}
inline Error forbidden(std::string detail = {}) {
  return Error(ErrorKind::forbidden, "forbidden", "无权执行此操作", std::move(detail));
}
inline Error unauthenticated(std::string detail = {}) {
  return Error(ErrorKind::unauthenticated, "unauthenticated", "请先登录", std::move(detail));
}
inline Error conflict(std::string type, std::string title, std::string detail = {}) {
  return Error(ErrorKind::conflict, std::move(type), std::move(title), std::move(detail));
}

}  // namespace haoban
