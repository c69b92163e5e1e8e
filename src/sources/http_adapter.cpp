// A source served by a data-exchange endpoint (数据共享交换平台) over HTTP JSON.
#include <fmt/format.h>

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "sources/sources.h"

namespace haoban::sources {

namespace json = boost::json;

namespace {

Error unreachable(std::string detail) {
  return Error(ErrorKind::unavailable, "source-unavailable", "数源暂时不可用，请稍后再试或手工填写",
               std::move(detail));
}

}  // namespace

HttpAdapter::HttpAdapter(std::string url, HttpPost post) : url_(std::move(url)), post_(std::move(post)) {}

std::optional<SourceData> HttpAdapter::fetch(const defs::SourceDef& def, std::string_view subject,
                                             const FetchContext& ctx) {
  json::array fields;
  for (const auto& f : def.fields) fields.emplace_back(f.def.key);
  json::object request{
      {"source", def.id},
      {"subject", subject},
      {"fields", std::move(fields)},
      {"requester",
       json::object{{"actor", ctx.actor}, {"application", ctx.application}, {"purpose", ctx.purpose}}}};
  std::pair<int, std::string> reply;
  try {
    reply = post_(url_, json::serialize(request));
  } catch (const Error& e) {  // unreachable, timed out, or a URL the client cannot use: one answer
    throw unreachable(fmt::format("{} ({}): {}", def.id, url_, e.detail().empty() ? e.title() : e.detail()));
  } catch (const std::exception& e) {
    throw unreachable(fmt::format("{} ({}): {}", def.id, url_, e.what()));
  }
  auto [status, body] = std::move(reply);
  if (status != 200) throw unreachable(fmt::format("{} ({}) answered HTTP {}", def.id, url_, status));
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  const json::object* o = !ec ? v.if_object() : nullptr;
  const json::value* found = o ? o->if_contains("found") : nullptr;
  if (!found || !found->is_bool())
    throw unreachable(fmt::format("{} ({}) answered without a boolean 'found'", def.id, url_));
  if (!found->as_bool()) return std::nullopt;
  const json::value* values = o->if_contains("values");
  if (!values || !values->is_object())
    throw unreachable(fmt::format("{} ({}) answered found without a 'values' object", def.id, url_));
  SourceData data{values->as_object(), {}};
  if (const json::value* u = o->if_contains("updated_at"); u && u->is_string())
    data.updated_at = u->as_string();
  return data;
}

}  // namespace haoban::sources
