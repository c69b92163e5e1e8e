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
  // The principal for a request's bearer token or session cookie, if valid.
  std::optional<Principal> authenticate(Request& req) const;

  Metrics& metrics() { return metrics_; }
  void set_draining() { draining_ = true; }
  bool draining() const { return draining_; }

 private:
  Response route(Request& req, std::string& label);

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
