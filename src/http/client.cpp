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
    stream.expires_after(timeout);
    stream.connect(resolver.resolve(host, port));
    beast::http::request<beast::http::string_body> req{beast::http::verb::post, target, 11};
    req.set(beast::http::field::host, host + ":" + port);
    req.set(beast::http::field::content_type, content_type);
    req.set(beast::http::field::user_agent, "haoban");
    req.body() = body;
    req.prepare_payload();
    beast::http::write(stream, req);
    beast::flat_buffer buffer;
    beast::http::response_parser<beast::http::string_body> parser;
    parser.body_limit(1 << 20);
    beast::http::read(stream, buffer, parser);
    auto res = parser.release();
    beast::error_code ec;
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    return {static_cast<int>(res.result_int()), std::string(res[beast::http::field::content_type]), res.body()};
  } catch (const boost::system::system_error& e) {
    throw Error(ErrorKind::unavailable, "peer-unreachable", "无法连接对方服务", url + ": " + e.code().message());
  }
}

}  // namespace haoban::http
