// What a route sees of HTTP: a parsed request and the response it returns. No Beast here, so
// domain modules' routes.cpp compile quickly and stay testable without a socket.
#pragma once

#include <boost/json/value.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/access.h"
#include "core/principal.h"

namespace haoban::http {

enum class Method { get, head, post, put, patch, del, options, other };
std::string_view to_string(Method m);
Method method_from_string(std::string_view s);

struct CaseInsensitiveLess {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const;
  static bool equal(std::string_view a, std::string_view b);
};

// Request headers in arrival order. A request has a handful, so a flat vector searched
// case-insensitively beats a map (fewer allocations per request).
class Headers {
 public:
  Headers() { fields_.reserve(16); }
  void emplace(std::string name, std::string value) { fields_.emplace_back(std::move(name), std::move(value)); }
  // The first field with this name (any case), or "" when absent.
  std::string_view get(std::string_view name) const;
  auto begin() const { return fields_.begin(); }
  auto end() const { return fields_.end(); }

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

struct Request {
  Method method = Method::get;
  std::string target;  // as received, e.g. "/api/v1/items?limit=10"
  std::string path;    // percent-decoded path without the query
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  Headers headers;
  std::string body;
  std::string remote_addr;
  std::map<std::string, std::string> params;  // path parameters, e.g. {id} → "42"
  std::optional<Principal> principal;         // set by the server when a valid session came with it
  std::string session_token;                  // the raw token that authenticated it (for logout)

  std::string_view header(std::string_view name) const;
  std::optional<std::string> query_param(std::string_view name) const;
  std::optional<std::string> cookie(std::string_view name) const;
  const Principal* who() const { return principal ? &*principal : nullptr; }
  // The path parameter `name`; throws Error(invalid) if missing (a router bug) .
  const std::string& param(std::string_view name) const;
  // The {id} (or {`name`}) path parameter as a positive integer; anything else names nothing, so
  // it throws not_found(`what`).
  long long id_param(std::string_view what, std::string_view name = "id") const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers, e.g. Set-Cookie

  static Response json(const boost::json::value& v, int status = 200);
  static Response no_content();
  Response& with_header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

using Handler = std::function<Response(Request&)>;

}  // namespace haoban::http
