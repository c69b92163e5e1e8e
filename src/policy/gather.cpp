#include "policy/gather.h"

#include <algorithm>
#include <set>

namespace haoban::policy {

namespace json = boost::json;

namespace {

// Puts `value` at the dotted `path` below `root`.
void put(json::object& root, std::string_view path, json::value value) {
  json::object* at = &root;
  for (auto dot = path.find('.'); dot != std::string_view::npos; dot = path.find('.')) {
    json::value& next = (*at)[path.substr(0, dot)];
    if (!next.is_object()) next = json::object();
    at = &next.get_object();
    path.remove_prefix(dot + 1);
  }
  (*at)[path] = std::move(value);
}

}  // namespace

Gathered gather(sources::SourceService& sources, defs::EntityKind kind, std::string_view subject,
                const sources::FetchContext& ctx) {
  const auto& attrs = sources.definitions().entities.of(kind);
  std::vector<std::string> ids;
  for (const auto& a : attrs)
    if (!a.source.id.empty() && std::find(ids.begin(), ids.end(), a.source.id) == ids.end()) ids.push_back(a.source.id);
  Gathered out;
  auto results = sources.fetch_all(ids, subject, ctx);
  for (const auto& r : results) {
    if (r.unavailable) out.unavailable.push_back(r.source);
    if (!r.record) continue;
    for (const auto& a : attrs)
      if (a.source.id == r.source)
        if (const json::value* v = r.record->values.if_contains(a.field)) put(out.attributes, a.path, *v);
  }
  return out;
}

}  // namespace haoban::policy
