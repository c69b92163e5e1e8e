// Beast-free request handling: built-in endpoints, routing, authentication, authorization,
// error mapping, static files and metrics. server.cpp only moves bytes to and from it.
#pragma once

#include <atomic>
#include <chrono>

#include "http/api/router.h"
#include "http/metrics.h"
#include "http/server.h"
#include "http/static_files.h"

namespace haoban::http {

class Dispatcher {
 public:
  Dispatcher(const Router& router, Authenticator auth, ReadyCheck ready, std::filesystem::path web_root,
             bool access_log);

  // Fills req.path/query from req.target, authenticates, routes and runs the handler.
  // Never throws: every failure becomes a problem+json response.
  Response handle(Request& req);
  // The same on the I/O thread, for requests that cannot block: /healthz, /metrics, bad targets and
  // Execution::inline_ routes whose session is in the cache. nullopt: call handle() on a worker.
  std::optional<Response> try_handle_inline(Request& req);
  // The principal for a request's bearer token or session cookie, if valid (may block).
  std::optional<Principal> authenticate(Request& req) const;

  Metrics& metrics() { return metrics_; }
  void set_draining() { draining_ = true; }
  bool draining() const { return draining_; }

 private:
  // nullopt only when !may_block and answering would block.
  // `label` names the route for metrics (points into the router or a literal).
  std::optional<Response> route(Request& req, std::string_view& label, bool may_block);
  std::optional<Response> run(Request& req, bool may_block);

  const Router& router_;
  Authenticator auth_;
  ReadyCheck ready_;
  StaticFiles static_;
  Metrics metrics_;
  bool access_log_;
  std::atomic<bool> draining_{false};
};

// Splits and percent-decodes a request target into req.path and req.query.
// Throws Error(invalid) for a target that is not origin-form or decodes to invalid UTF-8.
void parse_target(Request& req);

}  // namespace haoban::http
