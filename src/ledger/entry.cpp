#include "ledger/entry.h"

#include <boost/json.hpp>

#include <array>
#include <fmt/format.h>

namespace haoban::ledger {

namespace json = boost::json;

namespace {

constexpr std::array<std::pair<EntryKind, std::string_view>, 6> kKinds{{
    {EntryKind::material_create, "material.create"},
    {EntryKind::material_reuse, "material.reuse"},
    {EntryKind::material_revoke, "material.revoke"},
    {EntryKind::certificate_issue, "certificate.issue"},
    {EntryKind::decision_policy, "decision.policy"},
    {EntryKind::audit_batch, "audit.batch"},
}};

// RFC 8785 string serialisation: escape only what JSON requires, \u00XX for other controls.
void append_string(std::string& out, std::string_view s) {
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) out += fmt::format("\\u{:04x}", c);
        else out += static_cast<char>(c);
    }
  }
  out += '"';
}

}  // namespace

std::string canonical_json_string(std::string_view s) {
  std::string out;
  append_string(out, s);
  return out;
}

std::string_view to_string(EntryKind kind) {
  for (auto [k, name] : kKinds)
    if (k == kind) return name;
  return "unknown";
}

std::optional<EntryKind> parse_entry_kind(std::string_view s) {
  for (auto [k, name] : kKinds)
    if (name == s) return k;
  return std::nullopt;
}

std::string canonical_json(const Entry& e) {
  // Keys in code-point order, as RFC 8785 sorts them.
  const std::pair<std::string_view, std::string_view> fields[] = {
      {"actor", e.actor},     {"application", e.application}, {"category", e.category},
      {"content", e.content}, {"id", e.id},                   {"kind", to_string(e.kind)},
      {"subject", e.subject}, {"time", e.time}};
  std::string out = "{";
  for (const auto& [key, value] : fields) {
    if (out.size() > 1) out += ',';
    append_string(out, key);
    out += ':';
    append_string(out, value);
  }
  out += '}';
  return out;
}

std::optional<Entry> parse_entry(std::string_view canonical) {
  boost::system::error_code ec;
  auto v = json::parse(canonical, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const auto& o = v.as_object();
  auto get = [&](std::string_view key) -> std::optional<std::string> {
    auto it = o.find(key);
    if (it == o.end() || !it->value().is_string()) return std::nullopt;
    return std::string(it->value().as_string());
  };
  auto kind = get("kind");
  if (!kind || !parse_entry_kind(*kind)) return std::nullopt;
  Entry e;
  e.kind = *parse_entry_kind(*kind);
  std::pair<std::string_view, std::string*> fields[] = {
      {"actor", &e.actor}, {"application", &e.application}, {"category", &e.category}, {"content", &e.content},
      {"id", &e.id},       {"subject", &e.subject},         {"time", &e.time}};
  for (auto& [key, field] : fields) {
    auto value = get(key);
    if (!value) return std::nullopt;
    *field = std::move(*value);
  }
  if (canonical_json(e) != canonical) return std::nullopt;
  return e;
}

}  // namespace haoban::ledger
