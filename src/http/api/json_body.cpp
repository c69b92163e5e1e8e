#include "http/api/json_body.h"

#include <boost/json/parse.hpp>

#include <algorithm>

#include "core/error.h"
#include "core/utf8.h"

namespace haoban::http {

boost::json::object parse_object(const Request& req) {
  std::string_view ct = req.header("Content-Type");
  if (ct.substr(0, 16) != "application/json")
    throw Error(ErrorKind::invalid, "unsupported-media-type", "请求内容类型应为 application/json",
                "Content-Type was '" + std::string(ct) + "'");
  if (auto bad = first_invalid_utf8(req.body))
    throw invalid("invalid-utf8", "请求内容不是有效的 UTF-8 编码",
                  "invalid UTF-8 at byte " + std::to_string(*bad));
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(req.body, ec);
  if (ec)
    throw invalid("malformed-json", "请求内容不是有效的 JSON", ec.message());
  if (!v.is_object()) throw invalid("malformed-json", "请求内容应为 JSON 对象", "the body must be a JSON object");
  return std::move(v.as_object());
}

JsonFields::JsonFields(const boost::json::object& o, std::initializer_list<std::string_view> allowed) : o_(o) {
  for (const auto& kv : o) {
    std::string_view k = kv.key();
    if (std::find(allowed.begin(), allowed.end(), k) == allowed.end())
      errors_.push_back({std::string(k), "不支持的字段"});
  }
}

std::optional<std::string> JsonFields::optional_string(std::string_view name, std::size_t max_len) {
  auto it = o_.find(name);
  if (it == o_.end() || it->value().is_null()) return std::nullopt;
  if (!it->value().is_string()) {
    errors_.push_back({std::string(name), "应为字符串"});
    return std::nullopt;
  }
  const auto& s = it->value().as_string();
  if (s.size() > max_len) {
    errors_.push_back({std::string(name), "长度不能超过" + std::to_string(max_len) + "字节"});
    return std::nullopt;
  }
  return std::string(s);
}

std::string JsonFields::required_string(std::string_view name, std::size_t max_len) {
  bool present = o_.contains(name) && !o_.at(name).is_null();
  auto v = optional_string(name, max_len);
  if (!present) errors_.push_back({std::string(name), "必填"});
  return v.value_or("");
}

void JsonFields::done() const {
  if (!errors_.empty()) throw invalid("validation-failed", "请求内容有误", "", errors_);
}

}  // namespace haoban::http
