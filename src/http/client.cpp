#include "http/client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>

#include "core/error.h"

namespace haoban::http {

namespace beast = boost::beast;
namespace asio = boost::asio;

ClientReply post(const std::string& url, const std::string& body, const std::string& content_type,
                 std::chrono::seconds timeout) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed || parsed->scheme() != "http" || parsed->host().empty())
    throw invalid("bad-url", "地址无效", "'" + url + "' is not an http:// URL");
  std::string host = parsed->host();
  std::string port = parsed->has_port() ? std::string(parsed->port()) : "80";
  std::string target = parsed->encoded_path().empty() ? "/" : std::string(parsed->encoded_path());
  try {
    asio::io_context ioc;
    asio::ip::tcp::resolver resolver(ioc);
    beast::tcp_stream stream(ioc);
    beast::http::request<beast::http::string_body> req{beast::http::verb::post, target, 11};
    req.set(beast::http::field::host, host + ":" + port);
    req.set(beast::http::field::content_type, content_type);
    req.set(beast::http::field::user_agent, "haoban");
    req.body() = body;
    req.prepare_payload();
    beast::flat_buffer buffer;
    beast::http::response_parser<beast::http::string_body> parser;
    parser.body_limit(1 << 20);
    auto endpoints = resolver.resolve(host, port);
    // tcp_stream's deadline applies to asynchronous operations only, so the exchange runs as one
    // chain of them on this thread's io_context: connect, write and read together within `timeout`.
    beast::error_code ec;
    stream.expires_after(timeout);
    stream.async_connect(endpoints, [&](beast::error_code e, const asio::ip::tcp::endpoint&) {
      if (e) return void(ec = e);
      beast::http::async_write(stream, req, [&](beast::error_code e, std::size_t) {
        if (e) return void(ec = e);
        beast::http::async_read(stream, buffer, parser, [&](beast::error_code e, std::size_t) { ec = e; });
      });
    });
    ioc.run();
    if (ec) throw boost::system::system_error(ec);
    auto res = parser.release();
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    return {static_cast<int>(res.result_int()), std::string(res[beast::http::field::content_type]), res.body()};
  } catch (const boost::system::system_error& e) {
    throw Error(ErrorKind::unavailable, "peer-unreachable", "无法连接对方服务", url + ": " + e.code().message());
  }
}

}  // namespace haoban::http
