#include "http/api/problem.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace haoban::http {

int status_for(ErrorKind k) {
  switch (k) {
    case ErrorKind::invalid: return 400;
    case ErrorKind::unauthenticated: return 401;
    case ErrorKind::forbidden: return 403;
    case ErrorKind::not_found: return 404;
    case ErrorKind::conflict: return 409;
    case ErrorKind::too_large: return 413;
    case ErrorKind::rate_limited: return 429;
    case ErrorKind::unavailable: return 503;
    case ErrorKind::internal: return 500;
  }
  return 500;
}

namespace {
boost::json::object problem_object(int status, std::string_view type, std::string_view title,
                                   std::string_view detail, std::string_view instance) {
  boost::json::object o;
  o["type"] = std::string(kProblemBase) + std::string(type);
  o["title"] = title;
  o["status"] = status;
  if (!detail.empty()) o["detail"] = detail;
  o["instance"] = instance;
  return o;
}

Response problem_response(const boost::json::object& o, int status) {
  Response r = Response::json(o, status);
  r.content_type = "application/problem+json";
  return r;
}
}  // namespace

Response problem(int status, std::string_view type, std::string_view title, std::string_view detail,
                 std::string_view instance) {
  return problem_response(problem_object(status, type, title, detail, instance), status);
}

Response problem(const Error& e, std::string_view instance) {
  int status = status_for(e.kind());
  // Validation problems about specific fields are 422; a body that cannot be read at all stays 400.
  if (e.kind() == ErrorKind::invalid && !e.fields().empty()) status = 422;
  if (e.type() == "unsupported-media-type") status = 415;
  auto o = problem_object(status, e.type(), e.title(), e.detail(), instance);
  if (!e.fields().empty()) {
    boost::json::array errs;
    for (const auto& f : e.fields()) errs.push_back(boost::json::object{{"field", f.field}, {"message", f.message}});
    o["errors"] = std::move(errs);
  }
  Response r = problem_response(o, status);
  if (e.kind() == ErrorKind::rate_limited) r.with_header("Retry-After", "900");
  if (e.kind() == ErrorKind::unauthenticated) r.with_header("WWW-Authenticate", "Bearer realm=\"haoban\"");
  return r;
}

}  // namespace haoban::http
