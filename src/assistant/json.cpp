#include "assistant/json.h"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>

namespace haoban::assistant {

namespace json = boost::json;

json::array citations_json(const std::vector<Citation>& cs) {
  json::array a;
  for (const auto& c : cs) a.push_back(json::object{{"entry", c.entry}, {"code", c.code}, {"title", c.title}, {"type", c.type}});
  return a;
}

std::vector<Citation> citations_of(std::string_view s) {
  std::vector<Citation> out;
  std::error_code ec;
  auto v = json::parse(s, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& x : v.as_array()) {
    if (!x.is_object()) continue;
    const auto& o = x.as_object();
    Citation c;
    if (auto* e = o.if_contains("entry"); e && e->is_int64()) c.entry = e->as_int64();
    for (auto [k, field] : {std::pair{"code", &c.code}, std::pair{"title", &c.title}, std::pair{"type", &c.type}})
      if (auto* f = o.if_contains(k); f && f->is_string()) *field = f->as_string();
    out.push_back(std::move(c));
  }
  return out;
}

json::object answer_json(const Answer& a) {
  json::array related;
  for (const auto& r : a.related) {
    json::object o{{"code", r.code}, {"name", r.name}, {"department", r.department}, {"online", r.online},
                   {"online_help", r.online_help}};
    // The action a client shows: start the application online, or read the guide first.
    o["action"] = json::object{{"label", r.online ? "立即办理" : "查看办事指南"},
                               {"href", "/portal/items/" + r.code}};
    related.push_back(std::move(o));
  }
  json::object o{{"conversation", a.conversation},
                 {"text", a.text},
                 {"citations", citations_json(a.citations)},
                 {"related_items", std::move(related)},
                 {"confidence", a.confidence},
                 {"low_confidence", a.low_confidence},
                 {"intent", to_string(a.intent)},
                 {"intent_label", intent_label(a.intent)},
                 {"intent_confidence", a.intent_confidence},
                 {"rewritten", a.rewritten}};
  o["context_item"] = a.context_item.empty() ? json::value(nullptr) : json::value(a.context_item);
  o["handover"] = a.offer_human ? json::value(json::object{{"offered", true}, {"reason", a.handover_reason}}) : json::value(nullptr);
  return o;
}

json::object message_json(const Message& m) {
  return json::object{{"role", m.role}, {"text", m.text}, {"at", m.at}, {"citations", citations_json(m.citations)}};
}

}  // namespace haoban::assistant
