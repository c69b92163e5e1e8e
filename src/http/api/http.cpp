#include "http/api/http.h"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "core/error.h"

namespace haoban::http {

namespace {
constexpr std::pair<Method, std::string_view> kMethods[] = {
    {Method::get, "GET"},     {Method::head, "HEAD"},     {Method::post, "POST"},      {Method::put, "PUT"},
    {Method::patch, "PATCH"}, {Method::del, "DELETE"},    {Method::options, "OPTIONS"},
};
}  // namespace

std::string_view to_string(Method m) {
  for (auto [k, name] : kMethods)
    if (k == m) return name;
  return "OTHER";
}

Method method_from_string(std::string_view s) {
  for (auto [k, name] : kMethods)
    if (name == s) return k;
  return Method::other;
}

bool CaseInsensitiveLess::operator()(std::string_view a, std::string_view b) const {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) < std::tolower(static_cast<unsigned char>(y));
  });
}

bool CaseInsensitiveLess::equal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view Headers::get(std::string_view name) const {
  for (const auto& [k, v] : fields_)
    if (CaseInsensitiveLess::equal(k, name)) return v;
  return {};
}

std::string_view Request::header(std::string_view name) const { return headers.get(name); }

std::optional<std::string> Request::query_param(std::string_view name) const {
  for (const auto& [k, v] : query)
    if (k == name) return v;
  return std::nullopt;
}

std::optional<std::string> Request::cookie(std::string_view name) const {
  std::string_view all = header("Cookie");
  while (!all.empty()) {
    size_t semi = all.find(';');
    std::string_view pair = all.substr(0, semi);
    all = semi == std::string_view::npos ? std::string_view() : all.substr(semi + 1);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    size_t eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
  }
  return std::nullopt;
}

const std::string& Request::param(std::string_view name) const {
  auto it = params.find(std::string(name));
  if (it == params.end())
    throw Error(ErrorKind::internal, "missing-path-parameter", "服务器内部错误", std::string(name));
  return it->second;
}

long long Request::id_param(std::string_view what, std::string_view name) const {
  const std::string& s = param(name);
  long long id = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
  if (ec != std::errc() || p != s.data() + s.size() || id <= 0) throw not_found(std::string(what));
  return id;
}

Response Response::json(const boost::json::value& v, int status) {
  Response r;
  r.status = status;
  r.body = boost::json::serialize(v);
  return r;
}

Response Response::no_content() {
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

}  // namespace haoban::http
