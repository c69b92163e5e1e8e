#include "address/routes.h"

#include <boost/json/array.hpp>
#include <charconv>

#include "address/json.h"
#include "core/error.h"

namespace haoban::address {

namespace json = boost::json;
using http::Method;
using http::Request;
using http::Response;

namespace {

// The address text of ?q=: required, at most max_address_bytes.
std::string query_text(const Request& req, std::string_view name = "q") {
  auto q = req.query_param(name);
  if (!q || q->empty())
    throw invalid("missing-parameter", "缺少查询参数", std::string(name) + " is required",
                  {{std::string(name), "请输入地址"}});
  if (q->size() > max_address_bytes)
    throw invalid("address-too-long", "地址过长", std::to_string(q->size()) + " bytes; at most " +
                                                     std::to_string(max_address_bytes),
                  {{std::string(name), "地址不能超过" + std::to_string(max_address_bytes) + "字节"}});
  return *q;
}

std::size_t limit_param(const Request& req, std::size_t fallback, std::size_t most) {
  auto v = req.query_param("limit");
  if (!v) return fallback;
  std::size_t n = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc() || p != v->data() + v->size() || n < 1 || n > most)
    throw invalid("bad-limit", "limit 参数无效", "limit must be 1.." + std::to_string(most),
                  {{"limit", "应为1至" + std::to_string(most) + "的整数"}});
  return n;
}

}  // namespace

void add_routes(http::Router& router, std::function<AddressBook&()> book, PremisesJson premises) {
  router.add(Method::get, "/api/v1/addresses/parse", Access::anyone(), [book](Request& req) {
    return Response::json(parse_json(book().parser().parse(query_text(req))));
  });
  router.add(Method::get, "/api/v1/addresses/match", Access::anyone(), [book](Request& req) {
    auto& b = book();
    auto parsed = b.parser().parse(query_text(req));
    json::array candidates;
    for (const auto& c : b.match(parsed, limit_param(req, 5, 20))) candidates.push_back(candidate_json(c));
    return Response::json(json::object{{"query", parse_json(parsed)}, {"candidates", std::move(candidates)}});
  });
  router.add(Method::get, "/api/v1/addresses/suggest", Access::anyone(), [book](Request& req) {
    json::array items;
    for (const auto& a : book().suggest(query_text(req), limit_param(req, 10, 50))) items.push_back(address_json(a));
    return Response::json(json::object{{"items", std::move(items)}});
  });
  router.add(Method::get, "/api/v1/addresses/premises", Access::applicants(), [premises](Request& req) {
    return Response::json(premises(*req.who(), query_text(req, "address")));
  });
  router.add(Method::get, "/api/v1/addresses/{id}", Access::anyone(), [book](Request& req) {
    auto a = book().get(req.param("id"));
    if (!a) throw not_found("standard address " + req.param("id"));
    return Response::json(address_json(*a));
  });
  router.add(Method::get, "/api/v1/parks", Access::anyone(), [book](Request&) {
    json::array items;
    for (const auto& p : book().parks()) items.push_back(park_json(p));
    return Response::json(json::object{{"items", std::move(items)}});
  });
  router.add(Method::get, "/api/v1/parks/{id}", Access::anyone(), [book](Request& req) {
    auto p = book().park(req.param("id"));
    if (!p) throw not_found("park " + req.param("id"));
    return Response::json(park_json(*p));
  });
}

}  // namespace haoban::address
