// bench_hello_server: the ceiling for bench/load/run.sh.
//
// The least a Beast + Asio coroutine HTTP/1.1 server can do: one thread, one io_context, one
// coroutine per connection, keep-alive, every request answered 200 "hello" (text/plain). It does
// none of haoban's work (no worker pool hop, no routing, no auth, no JSON), so the ratio of a
// haoban route to this server shows what that work costs on the same machine in the same run.
//
//   bench_hello_server PORT            listens on 127.0.0.1:PORT until SIGINT/SIGTERM
//   bench_hello_server PORT --hop N    the same, but shaped like haoban's server: each connection
//                                      on a strand, and each response built on a pool of N worker
//                                      threads the coroutine hops to and back (an experiment: what
//                                      that hop costs with no other work)
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

std::optional<asio::thread_pool> workers;  // --hop N

asio::awaitable<void> serve_connection(tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  for (;;) {
    http::request<http::empty_body> req;
    auto [rec, rn] = co_await http::async_read(stream, buffer, req, kTuple);
    if (rec) break;  // end of stream, reset, or a malformed request: just drop the connection

    http::response<http::string_body> res{http::status::ok, req.version()};
    res.set(http::field::server, "hello");
    res.set(http::field::content_type, "text/plain");
    res.keep_alive(req.keep_alive());
    if (workers)
      res.body() = co_await asio::co_spawn(
          *workers, []() -> asio::awaitable<std::string> { co_return "hello"; }, asio::use_awaitable);
    else
      res.body() = "hello";
    res.prepare_payload();
    if (req.method() == http::verb::head) res.body().clear();  // keeps Content-Length: 5
    auto [wec, wn] = co_await http::async_write(stream, res, kTuple);
    if (wec || !res.keep_alive()) break;
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

asio::awaitable<void> accept_loop(tcp::acceptor& acceptor) {
  for (;;) {
    // With --hop the coroutine resumes from worker threads, so each connection gets a strand.
    auto [ec, socket] = co_await acceptor.async_accept(
        workers ? asio::any_io_executor(asio::make_strand(acceptor.get_executor())) : acceptor.get_executor(),
        kTuple);
    if (ec) {
      if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
      continue;  // e.g. EMFILE under load: keep accepting
    }
    auto ex = socket.get_executor();
    asio::co_spawn(ex, serve_connection(std::move(socket)), asio::detached);
  }
}

}  // namespace

int main(int argc, char** argv) {
  auto parse = [](const char* s, auto& out) {
    return std::from_chars(s, s + std::strlen(s), out).ec == std::errc{} && out > 0;
  };
  unsigned short port = 0;
  unsigned hop = 0;
  bool ok =
      (argc == 2 && parse(argv[1], port)) ||
      (argc == 4 && parse(argv[1], port) && std::string_view(argv[2]) == "--hop" && parse(argv[3], hop));
  if (!ok) {
    std::fprintf(stderr, "usage: %s PORT [--hop N]\n", argc > 0 ? argv[0] : "bench_hello_server");
    return 2;
  }
  if (hop) workers.emplace(hop);
  try {
    asio::io_context ioc;  // run by this thread only
    tcp::acceptor acceptor(ioc);
    tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), port);
    acceptor.open(ep.protocol());
    acceptor.set_option(asio::socket_base::reuse_address(true));
    acceptor.bind(ep);
    acceptor.listen(asio::socket_base::max_listen_connections);

    asio::signal_set signals(ioc, SIGINT, SIGTERM);
    signals.async_wait([&](beast::error_code, int) {
      beast::error_code ignored;
      acceptor.close(ignored);
      ioc.stop();
    });
    asio::co_spawn(ioc, accept_loop(acceptor), asio::detached);
    std::printf("hello serving on http://127.0.0.1:%u/\n", static_cast<unsigned>(port));
    std::fflush(stdout);
    ioc.run();
    if (workers) workers->join();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_hello_server: %s\n", e.what());
    return 1;
  }
  return 0;
}
