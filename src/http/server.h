// The HTTP server: Beast + Asio coroutines behind a Beast-free interface. Serves the API routes,
// /healthz, /readyz, /metrics, the WebSocket at /api/v1/events and the built web app.
//
// Thread-safety: construct, bind() and run() from one thread; stop() and publish() from any.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/events.h"
#include "core/principal.h"
#include "http/api/router.h"

namespace haoban::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;  // 0: any free port (see bind())
  std::filesystem::path web_root = "web/dist";
  std::size_t body_limit = 10 * 1024 * 1024;
  std::chrono::seconds read_timeout{30};
  unsigned max_requests_per_connection = 1000;  // the pipelining/keep-alive cap, then the server closes
  unsigned io_threads = 0;                      // 0: one per core
  unsigned worker_threads = 4;                  // blocking work: SQL, files
  std::chrono::seconds drain_timeout{10};
  bool access_log = true;
};

// Resolves a session token (cookie or bearer) to a principal.
struct Authenticator {
  // May block on the store.
  std::function<std::optional<Principal>(std::string_view token)> lookup;
  // Never blocks: the answer for a token this node has seen recently, or nullopt when only
  // lookup() can tell. Lets memory-only routes run on the I/O thread.
  std::function<std::optional<Principal>(std::string_view token, bool& known)> cached;
};
// What WebSocket clients of /api/v1/events send (signalling, typing): text frames, at most
// 64 KiB each. `message` runs on the worker pool (it may block on the store); one connection's
// frames are handled one at a time, in the order sent. `closed` runs once when a connection ends.
// Connection ids are unique for the server's lifetime and are told to the client in its `hello`.
struct SocketHandlers {
  std::function<void(std::uint64_t connection, const Principal& who, std::string_view text)> message;
  std::function<void(std::uint64_t connection)> closed;
};

// True when the store and other dependencies answer (for /readyz).
using ReadyCheck = std::function<bool()>;

inline constexpr std::string_view kSessionCookie = "haoban_session";

class Server {
 public:
  Server(ServerOptions options, const Router& router, Authenticator auth, ReadyCheck ready);
  ~Server();

  // Binds the listening socket; returns the bound port. Throws Error(unavailable) if taken.
  unsigned short bind();
  // Serves until SIGINT/SIGTERM or stop(), then drains: stops accepting, finishes in-flight
  // requests (up to drain_timeout), closes idle keep-alive and WebSocket connections.
  void run();
  void stop();
  // Sends the event to every WebSocket connection whose principal is in its audience.
  void publish(const Event& e);
  // Sends a text frame to one WebSocket connection; false when it has gone.
  bool send_to(std::uint64_t connection, std::string text);
  // What clients send. Call before run(); without it, client frames are read and dropped.
  void on_socket(SocketHandlers handlers);
  // More text for /metrics (see Metrics::add_source). Call before run().
  void add_metrics(std::function<std::string()> source);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace haoban::http
