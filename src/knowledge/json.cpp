#include "knowledge/json.h"

#include <boost/json/array.hpp>

namespace haoban::knowledge {

namespace json = boost::json;

json::array string_array(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

json::object content_json(const EntryContent& c) {
  return json::object{{"type", to_string(c.type)},
                      {"title", c.title},
                      {"body", c.body},
                      {"variants", string_array(c.variants)},
                      {"department", c.department},
                      {"items", string_array(c.items)},
                      {"source", c.source},
                      {"doc_number", c.doc_number},
                      {"effective_from", c.effective_from},
                      {"effective_to", c.effective_to},
                      {"visibility", to_string(c.visibility)}};
}

EntryContent content_of(const json::value& v) {
  EntryContent c;
  if (!v.is_object()) return c;
  const auto& o = v.as_object();
  auto str = [&](std::string_view k) -> std::string {
    auto it = o.find(k);
    return it != o.end() && it->value().is_string() ? std::string(it->value().as_string()) : std::string();
  };
  auto list = [&](std::string_view k) {
    std::vector<std::string> out;
    if (auto it = o.find(k); it != o.end() && it->value().is_array())
      for (const auto& x : it->value().as_array())
        if (x.is_string()) out.emplace_back(x.as_string());
    return out;
  };
  c.type = entry_type_from(str("type")).value_or(EntryType::qa);
  c.title = str("title");
  c.body = str("body");
  c.variants = list("variants");
  c.department = str("department");
  c.items = list("items");
  c.source = str("source");
  c.doc_number = str("doc_number");
  c.effective_from = str("effective_from");
  c.effective_to = str("effective_to");
  c.visibility = visibility_from(str("visibility")).value_or(Visibility::open);
  return c;
}

json::object entry_json(const Entry& e, bool with_body) {
  json::object o{{"id", e.id},
                 {"code", e.code},
                 {"type", to_string(e.content.type)},
                 {"type_label", type_label(e.content.type)},
                 {"title", e.content.title},
                 {"variants", string_array(e.content.variants)},
                 {"department", e.content.department},
                 {"items", string_array(e.content.items)},
                 {"source", e.content.source},
                 {"doc_number", e.content.doc_number},
                 {"effective_from", e.content.effective_from},
                 {"effective_to", e.content.effective_to},
                 {"visibility", to_string(e.content.visibility)},
                 {"status", to_string(e.status)},
                 {"status_label", status_label(e.status)},
                 {"version", e.version},
                 {"created_at", e.created_at},
                 {"updated_at", e.updated_at},
                 {"published_at", e.published_at},
                 {"updated_by", e.updated_by}};
  if (with_body) o["body"] = e.content.body;
  return o;
}

json::object task_json(const Task& t) {
  json::object o{{"id", t.id},
                 {"kind", to_string(t.kind)},
                 {"kind_label", task_label(t.kind)},
                 {"title", t.title},
                 {"question", t.question},
                 {"detail", t.detail},
                 {"department", t.department},
                 {"owner", t.owner},
                 {"due_on", t.due_on},
                 {"days_left", t.days_left},
                 {"overdue", t.overdue()},
                 {"state", to_string(t.state)},
                 {"asked", t.asked},
                 {"created_at", t.created_at},
                 {"closed_at", t.closed_at},
                 {"closed_by", t.closed_by},
                 {"note", t.note}};
  o["entry"] = t.entry ? json::value(*t.entry) : nullptr;
  o["result"] = t.result ? json::value(*t.result) : nullptr;
  return o;
}

}  // namespace haoban::knowledge
