#include "http/server.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/object.hpp>
#include <spdlog/spdlog.h>

#include <array>
#include <deque>
#include <set>
#include <thread>

#include "core/error.h"
#include "core/utf8.h"
#include "http/api/problem.h"
#include "http/dispatch.h"

namespace haoban::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace websocket = boost::beast::websocket;
using tcp = asio::ip::tcp;
using asio::awaitable;
using asio::use_awaitable;
constexpr auto kTuple = asio::as_tuple(use_awaitable);

namespace {

// `head`: send the headers a GET would get (Content-Length included) without the body.
bhttp::response<bhttp::string_body> to_beast(Response&& r, unsigned version, bool keep_alive, bool head = false) {
  bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(r.status), version};
  res.set(bhttp::field::server, "haoban");
  if (!r.content_type.empty()) res.set(bhttp::field::content_type, r.content_type);
  for (auto& [k, v] : r.headers) res.insert(k, v);
  res.keep_alive(keep_alive);
  if (head) {
    if (r.status != 204 && r.status != 304) res.content_length(r.body.size());
  } else {
    res.body() = std::move(r.body);
    res.prepare_payload();
  }
  return res;
}

// Takes the body; the rest is copied, since the Beast request is still needed for keep-alive.
Request from_beast(bhttp::request<bhttp::string_body>& req, const std::string& remote) {
  Request r;
  r.method = method_from_string(std::string_view(req.method_string().data(), req.method_string().size()));
  r.target = std::string(req.target());
  for (const auto& f : req) r.headers.emplace(std::string(f.name_string()), std::string(f.value()));
  r.body = std::move(req.body());
  r.remote_addr = remote;
  return r;
}

// A WebSocket client of /api/v1/events. Writes are queued and sent one at a time on its strand.
class EventClient : public std::enable_shared_from_this<EventClient> {
 public:
  EventClient(beast::tcp_stream&& s, Principal p, std::uint64_t id)
      : ws_(std::move(s)), principal_(std::move(p)), id_(id) {}
  std::uint64_t id() const { return id_; }
  websocket::stream<beast::tcp_stream>& ws() { return ws_; }
  const Principal& principal() const { return principal_; }

  void send(std::string msg) {
    asio::post(ws_.get_executor(), [self = shared_from_this(), msg = std::move(msg)]() mutable {
      if (self->queue_.size() >= 256) return;  // a client that does not read loses events, not the server memory
      self->queue_.push_back(std::move(msg));
      if (self->queue_.size() == 1) self->write_next();
    });
  }
  void close() {
    asio::post(ws_.get_executor(), [self = shared_from_this()] {
      self->ws_.async_close(websocket::close_code::going_away, [self](beast::error_code) {});
    });
  }

 private:
  void write_next() {
    ws_.text(true);
    ws_.async_write(asio::buffer(queue_.front()), [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return;
      self->queue_.pop_front();
      if (!self->queue_.empty()) self->write_next();
    });
  }
  websocket::stream<beast::tcp_stream> ws_;
  Principal principal_;
  std::uint64_t id_;
  std::deque<std::string> queue_;
};

}  // namespace

struct Server::Impl {
  ServerOptions opts;
  Dispatcher dispatcher;
  asio::io_context ioc;
  asio::thread_pool workers;
  tcp::acceptor acceptor{ioc};
  asio::signal_set signals{ioc, SIGINT, SIGTERM};

  std::mutex mu;
  struct Conn {
    beast::tcp_stream* stream;
    std::atomic<bool>* busy;  // lives in the connection's coroutine frame
  };
  std::map<std::uint64_t, Conn> conns;  // for draining idle keep-alive connections
  std::map<std::uint64_t, std::shared_ptr<EventClient>> event_clients;
  SocketHandlers socket_handlers;
  std::uint64_t next_conn = 0;
  std::atomic<bool> stopping{false};
  std::optional<asio::steady_timer> drain_timer;  // guarded by mu

  Impl(ServerOptions o, const Router& router, Authenticator auth, ReadyCheck ready)
      : opts(std::move(o)),
        dispatcher(router, std::move(auth), std::move(ready), opts.web_root, opts.access_log),
        workers(opts.worker_threads) {}

  awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, socket] = co_await acceptor.async_accept(asio::make_strand(ioc), kTuple);
      if (ec) {
        if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
        spdlog::warn("accept: {}", ec.message());
        continue;
      }
      auto ex = socket.get_executor();
      asio::co_spawn(ex, session(beast::tcp_stream(std::move(socket))), asio::detached);
    }
  }

  // Answers and closes gently: after our FIN, reads and discards what the client is still sending
  // (up to 2 s), so the kernel does not reset the connection before the client has read the answer.
  awaitable<void> send_problem_and_close(beast::tcp_stream& stream, int status, std::string_view type,
                                         std::string_view title, std::string_view detail,
                                         std::string_view instance = "", std::vector<std::pair<std::string, std::string>> extra = {}) {
    Response p = problem(status, type, title, detail, instance);
    for (auto& h : extra) p.headers.push_back(std::move(h));
    auto res = to_beast(std::move(p), 11, false);
    stream.expires_after(std::chrono::seconds(5));
    auto [wec, wn] = co_await bhttp::async_write(stream, res, kTuple);
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    if (wec) co_return;
    stream.expires_after(std::chrono::seconds(2));
    std::array<char, 16 * 1024> sink;
    for (;;) {
      auto [rec, rn] = co_await stream.async_read_some(asio::buffer(sink), kTuple);
      if (rec) break;
    }
  }

  awaitable<void> session(beast::tcp_stream stream) {
    dispatcher.metrics().connection_opened();
    std::uint64_t id;
    std::atomic<bool> busy{false};
    {
      std::lock_guard lock(mu);
      id = next_conn++;
      conns[id] = {&stream, &busy};
    }
    struct Cleanup {
      Impl* self;
      std::uint64_t id;
      ~Cleanup() {
        std::lock_guard lock(self->mu);
        self->conns.erase(id);
        self->dispatcher.metrics().connection_closed();
        if (self->stopping && self->conns.empty() && self->event_clients.empty() && self->drain_timer)
          self->drain_timer->cancel();
      }
    } cleanup{this, id};

    beast::error_code rec;
    auto ep = stream.socket().remote_endpoint(rec);
    std::string remote = rec ? "?" : ep.address().to_string();
    beast::flat_buffer buffer;
    for (unsigned served = 0;; ++served) {
      if (stopping) co_return;
      bhttp::request_parser<bhttp::string_body> parser;
      parser.body_limit(opts.body_limit);
      parser.header_limit(16 * 1024);
      stream.expires_after(opts.read_timeout);
      auto [ec, n] = co_await bhttp::async_read_header(stream, buffer, parser, kTuple);
      if (!ec && !parser.is_done()) {
        auto expect = parser.get()[bhttp::field::expect];
        if (beast::iequals(expect, "100-continue")) {
          bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, 11};
          co_await bhttp::async_write(stream, cont, kTuple);
        }
        stream.expires_after(opts.read_timeout);
        std::tie(ec, n) = co_await bhttp::async_read(stream, buffer, parser, kTuple);
      }
      if (ec == bhttp::error::end_of_stream || ec == asio::error::operation_aborted ||
          ec == beast::error::timeout || ec == asio::error::connection_reset || ec == asio::error::eof) {
        beast::error_code ignored;
        stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
        co_return;
      }
      std::string target(parser.get().target());
      if (first_invalid_utf8(target)) target.clear();
      if (ec == bhttp::error::body_limit) {
        co_await send_problem_and_close(stream, 413, "body-too-large", "请求内容过大",
                                        "the body exceeds " + std::to_string(opts.body_limit) + " bytes", target);
        co_return;
      }
      if (ec == bhttp::error::header_limit) {
        co_await send_problem_and_close(stream, 431, "headers-too-large", "请求头过大", "", target);
        co_return;
      }
      if (ec) {
        co_await send_problem_and_close(stream, 400, "bad-request", "请求格式错误", ec.message(), target);
        co_return;
      }
      busy = true;
      auto req = parser.release();
      if (req.version() >= 11 && req.find(bhttp::field::host) == req.end()) {
        co_await send_problem_and_close(stream, 400, "missing-host", "请求缺少 Host 头",
                                        "HTTP/1.1 requests must carry a Host header", target);
        co_return;
      }

      if (websocket::is_upgrade(req)) {
        {
          std::lock_guard lock(mu);
          conns.erase(id);  // the stream moves into the WebSocket client, which drains on its own
        }
        co_await upgrade(std::move(stream), std::move(req), remote);
        co_return;
      }

      Request r = from_beast(req, remote);
      // Memory-only requests are answered here; blocking work (SQL, files) runs on the worker
      // pool and this coroutine resumes on its strand.
      // (No co_await inside ?: — GCC 12 miscompiles it.)
      std::optional<Response> out = dispatcher.try_handle_inline(r);
      if (!out)
        out = co_await asio::co_spawn(
            workers, [&]() -> awaitable<Response> { co_return dispatcher.handle(r); }, use_awaitable);
      bool keep_alive = req.keep_alive() && !stopping && served + 1 < opts.max_requests_per_connection;
      auto res = to_beast(std::move(*out), req.version(), keep_alive, r.method == Method::head);
      stream.expires_after(opts.read_timeout);
      auto [wec, wn] = co_await bhttp::async_write(stream, res, kTuple);
      busy = false;
      if (wec || !keep_alive) {
        beast::error_code ignored;
        stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
        co_return;
      }
    }
  }

  awaitable<void> upgrade(beast::tcp_stream stream, bhttp::request<bhttp::string_body> req, std::string remote) {
    Request r = from_beast(req, remote);  // the upgrade request has no body to lose
    try {
      parse_target(r);
    } catch (const Error&) {
      r.path = "";
    }
    if (r.path != "/api/v1/events") {
      co_await send_problem_and_close(stream, 404, "not-found", "未找到请求的接口", "no WebSocket here", r.path);
      co_return;
    }
    // Browsers send Origin: refuse pages from other sites riding on the session cookie.
    std::string_view origin = r.header("Origin"), host = r.header("Host");
    if (!origin.empty() && origin != "http://" + std::string(host) && origin != "https://" + std::string(host)) {
      co_await send_problem_and_close(stream, 403, "bad-origin", "来源不被允许", std::string(origin), r.path);
      co_return;
    }
    auto principal = co_await asio::co_spawn(
        workers, [&]() -> awaitable<std::optional<Principal>> { co_return dispatcher.authenticate(r); },
        use_awaitable);
    if (!principal) {
      std::vector<std::pair<std::string, std::string>> challenge;  // built apart: GCC 12 coroutines choke on
      challenge.emplace_back(std::string("WWW-Authenticate"), std::string("Bearer realm=\"haoban\""));  // braced literals
      co_await send_problem_and_close(stream, 401, "unauthenticated", "请先登录", "no valid session", r.path,
                                      std::move(challenge));
      co_return;
    }
    stream.expires_never();
    std::uint64_t cid;
    {
      std::lock_guard lock(mu);
      cid = ++next_conn;
    }
    auto client = std::make_shared<EventClient>(std::move(stream), *principal, cid);
    client->ws().set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    client->ws().read_message_max(64 * 1024);
    client->ws().auto_fragment(false);  // one event, one frame (Beast would split at 4 KiB)
    auto [aec] = co_await client->ws().async_accept(req, kTuple);
    if (aec) co_return;
    {
      std::lock_guard lock(mu);
      event_clients.emplace(cid, client);
    }
    boost::json::object hello{{"type", "hello"}, {"data", {{"username", principal->username}, {"connection", cid}}}};
    client->send(boost::json::serialize(hello));
    beast::flat_buffer buf;
    for (;;) {  // reading also keeps pings and the close handshake answered
      auto [rec, rn] = co_await client->ws().async_read(buf, kTuple);
      if (rec) break;
      if (socket_handlers.message && client->ws().got_text()) {
        std::string text = beast::buffers_to_string(buf.data());
        co_await asio::co_spawn(
            workers,
            [&]() -> awaitable<void> {
              try {
                socket_handlers.message(cid, client->principal(), text);
              } catch (const std::exception& e) {
                spdlog::error("websocket message on connection {}: {}", cid, e.what());
              }
              co_return;
            },
            use_awaitable);
      }
      buf.consume(buf.size());
    }
    {
      std::lock_guard lock(mu);
      event_clients.erase(cid);
    }
    if (socket_handlers.closed) {
      co_await asio::co_spawn(
          workers,
          [&]() -> awaitable<void> {
            try {
              socket_handlers.closed(cid);
            } catch (const std::exception& e) {
              spdlog::error("websocket close of connection {}: {}", cid, e.what());
            }
            co_return;
          },
          use_awaitable);
    }
  }

  void drain() {
    if (stopping.exchange(true)) return;
    spdlog::info("draining: no new connections, finishing in-flight requests");
    dispatcher.set_draining();
    beast::error_code ec;
    acceptor.close(ec);
    signals.cancel(ec);
    std::lock_guard lock(mu);
    for (auto& [id, c] : conns) {
      if (!*c.busy) {
        auto* s = c.stream;
        asio::post(s->get_executor(), [s] { s->cancel(); });
      }
    }
    for (const auto& [id, c] : event_clients) c->close();
    if (conns.empty() && event_clients.empty()) return;
    drain_timer.emplace(ioc, opts.drain_timeout);
    drain_timer->async_wait([this](beast::error_code ec) {
      if (ec) return;  // cancelled: every connection finished in time
      spdlog::warn("drain timeout: stopping with connections still open");
      ioc.stop();
    });
  }
};

Server::Server(ServerOptions options, const Router& router, Authenticator auth, ReadyCheck ready)
    : impl_(std::make_unique<Impl>(std::move(options), router, std::move(auth), std::move(ready))) {}

Server::~Server() { impl_->workers.join(); }

unsigned short Server::bind() {
  auto& im = *impl_;
  beast::error_code ec;
  auto addr = asio::ip::make_address(im.opts.host, ec);
  if (ec) throw invalid("bad-listen-address", "监听地址无效", im.opts.host);
  tcp::endpoint ep{addr, im.opts.port};
  im.acceptor.open(ep.protocol(), ec);
  if (!ec) im.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) im.acceptor.bind(ep, ec);
  if (!ec) im.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    throw Error(ErrorKind::unavailable, "listen-failed", "无法监听端口",
                im.opts.host + ":" + std::to_string(im.opts.port) + ": " + ec.message());
  return im.acceptor.local_endpoint().port();
}

void Server::run() {
  auto& im = *impl_;
  im.signals.async_wait([&im](beast::error_code ec, int) {
    if (!ec) im.drain();
  });
  asio::co_spawn(im.ioc, im.accept_loop(), asio::detached);
  unsigned n = im.opts.io_threads ? im.opts.io_threads : std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> threads;
  for (unsigned i = 1; i < n; ++i) threads.emplace_back([&im] { im.ioc.run(); });
  im.ioc.run();
  for (auto& t : threads) t.join();
  spdlog::info("server stopped");
}

void Server::stop() {
  asio::post(impl_->ioc, [this] { impl_->drain(); });
}

void Server::add_metrics(std::function<std::string()> source) {
  impl_->dispatcher.metrics().add_source(std::move(source));
}

void Server::publish(const Event& e) {
  std::string msg = R"({"type":)" + boost::json::serialize(boost::json::value(e.type)) + R"(,"data":)" +
                    (e.payload_json.empty() ? "{}" : e.payload_json) + "}";
  std::lock_guard lock(impl_->mu);
  for (const auto& [id, c] : impl_->event_clients)
    if (e.audience.includes(c->principal())) c->send(msg);
}

bool Server::send_to(std::uint64_t connection, std::string text) {
  std::lock_guard lock(impl_->mu);
  auto it = impl_->event_clients.find(connection);
  if (it == impl_->event_clients.end()) return false;
  it->second->send(std::move(text));
  return true;
}

void Server::on_socket(SocketHandlers handlers) { impl_->socket_handlers = std::move(handlers); }

}  // namespace haoban::http
