#include "http/dispatch.h"

#include <boost/url/parse.hpp>
#include <spdlog/spdlog.h>

#include "core/error.h"
#include "core/utf8.h"
#include "http/api/problem.h"

namespace haoban::http {

void parse_target(Request& req) {
  // Origin form ("/a?b") from browsers; absolute form ("http://host/a?b") must be accepted too.
  boost::system::result<boost::urls::url_view> parsed = boost::urls::parse_origin_form(req.target);
  if (!parsed) parsed = boost::urls::parse_absolute_uri(req.target);
  if (!parsed)
    throw invalid("bad-target", "请求地址无效", "the request target is not a valid URL");
  std::string path = parsed->path();
  if (first_invalid_utf8(path)) throw invalid("invalid-utf8", "请求地址不是有效的 UTF-8 编码");
  req.path = path.empty() ? "/" : std::move(path);
  req.query.clear();
  for (auto p : parsed->params()) {
    if (first_invalid_utf8(p.key) || first_invalid_utf8(p.value))
      throw invalid("invalid-utf8", "查询参数不是有效的 UTF-8 编码");
    req.query.emplace_back(p.key, p.value);
  }
}

Dispatcher::Dispatcher(const Router& router, Authenticator auth, ReadyCheck ready, std::filesystem::path web_root,
                       bool access_log)
    : router_(router), auth_(std::move(auth)), ready_(std::move(ready)), static_(std::move(web_root)),
      access_log_(access_log) {}

namespace {
std::string session_token(const Request& req) {
  std::string_view authz = req.header("Authorization");
  if (authz.size() > 7 && CaseInsensitiveLess::equal(authz.substr(0, 7), "bearer "))
    return std::string(authz.substr(7));
  if (auto c = req.cookie(kSessionCookie)) return *c;
  return {};
}
}  // namespace

std::optional<Principal> Dispatcher::authenticate(Request& req) const {
  std::string token = session_token(req);
  if (token.empty()) return std::nullopt;
  auto p = auth_.lookup(token);
  if (p) req.session_token = std::move(token);
  return p;
}

std::optional<Response> Dispatcher::route(Request& req, std::string_view& label, bool may_block) {
  const std::string& path = req.path;
  if (path == "/healthz") {
    label = "/healthz";
    Response r;
    r.content_type = "text/plain; charset=utf-8";
    r.body = "ok\n";
    return r;
  }
  if (path == "/readyz") {
    if (!may_block) return std::nullopt;  // pings the store
    label = "/readyz";
    if (draining_) return problem(503, "draining", "服务正在停止", "the server is shutting down", path);
    if (!ready_()) return problem(503, "not-ready", "服务暂不可用", "the store does not answer", path);
    Response r;
    r.content_type = "text/plain; charset=utf-8";
    r.body = "ready\n";
    return r;
  }
  if (path == "/metrics") {
    label = "/metrics";
    Response r;
    r.content_type = "text/plain; version=0.0.4; charset=utf-8";
    r.body = metrics_.render();
    return r;
  }
  // The JSON API, and the Open311 GeoReport v2 view civic tools expect at a path of its own.
  if (path.rfind("/api/", 0) == 0 || path.rfind("/open311/", 0) == 0) {
    RouteMatch m = router_.match(req.method, path);
    if (!m.route) {
      if (!m.allowed.empty()) {
        label = "unmatched";
        std::string allow;
        for (Method a : m.allowed) {
          allow += (allow.empty() ? "" : ", ") + std::string(to_string(a));
          if (a == Method::get) allow += ", HEAD";
        }
        return problem(405, "method-not-allowed", "不支持该请求方法", "allowed: " + allow, path)
            .with_header("Allow", allow);
      }
      label = "unmatched";
      return problem(404, "not-found", "未找到请求的接口", path, path);
    }
    if (!may_block && m.route->execution != Execution::inline_) return std::nullopt;
    label = m.route->pattern;
    req.params = std::move(m.params);
    if (may_block) {
      req.principal = authenticate(req);
    } else if (std::string token = session_token(req); !token.empty()) {
      bool known = false;
      req.principal = auth_.cached(token, known);
      if (!known) return std::nullopt;
      if (req.principal) req.session_token = std::move(token);
    }
    switch (authorize(req.who(), m.route->access)) {
      case Decision::allow: break;
      case Decision::unauthenticated:
        return problem(unauthenticated(req.header("Authorization").empty() && !req.cookie(kSessionCookie)
                                           ? "no session"
                                           : "the session is invalid or has expired"),
                       path);
      case Decision::forbidden: return problem(forbidden(), path);
    }
    return m.route->handler(req);
  }
  if (!may_block) return std::nullopt;  // reads files
  label = "static";
  if (req.method != Method::get && req.method != Method::head)
    return problem(405, "method-not-allowed", "不支持该请求方法", "allowed: GET, HEAD", path)
        .with_header("Allow", "GET, HEAD");
  return static_.serve(req, path);
}

Response Dispatcher::handle(Request& req) { return *run(req, true); }

std::optional<Response> Dispatcher::try_handle_inline(Request& req) { return run(req, false); }

std::optional<Response> Dispatcher::run(Request& req, bool may_block) {
  auto start = std::chrono::steady_clock::now();
  std::string_view label = "unmatched";  // a route pattern or a literal: no copy per request
  Response r;
  try {
    parse_target(req);
    auto routed = route(req, label, may_block);
    if (!routed) return std::nullopt;
    r = std::move(*routed);
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::internal) spdlog::error("{} {}: {} ({})", to_string(req.method), req.target, e.title(), e.detail());
    r = problem(e, req.path.empty() && !first_invalid_utf8(req.target) ? req.target : req.path);
  } catch (const std::exception& e) {
    spdlog::error("{} {}: unhandled: {}", to_string(req.method), req.target, e.what());
    r = problem(500, "internal", "服务器内部错误", "", req.path);
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  metrics_.record(label, to_string(req.method), r.status, secs);
  if (access_log_)
    spdlog::info("{} {} {} {} {}B {:.2f}ms {}", req.remote_addr, to_string(req.method), req.target, r.status,
                 r.body.size(), secs * 1000, req.principal ? req.principal->username : "-");
  return r;
}

}  // namespace haoban::http
