#include "address/json.h"

#include <boost/json/array.hpp>

namespace haoban::address {

namespace json = boost::json;

namespace {
json::array strings(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}
}  // namespace

json::object levels_json(const ParsedAddress& p) {
  json::object o;
  std::vector<std::string> inferred;
  for (const auto& c : p.components) {
    if (o.contains(c.level)) continue;
    o[c.level] = c.text;
    if (c.inferred) inferred.push_back(c.level);
  }
  if (!inferred.empty()) o["inferred"] = strings(inferred);
  if (!p.unrecognised.empty()) o["unrecognised"] = strings(p.unrecognised);
  return o;
}

json::object parse_json(const ParsedAddress& p) {
  json::array components;
  for (const auto& c : p.components)
    components.push_back(json::object{{"level", c.level},
                                      {"label", level_label(c.level)},
                                      {"text", c.text},
                                      {"code", c.code.empty() ? json::value(nullptr) : json::value(c.code)},
                                      {"inferred", c.inferred}});
  return {{"input", p.input},
          {"normalized", p.normalized},
          {"method", p.method},
          {"levels", levels_json(p)},
          {"components", std::move(components)},
          {"changes", strings(p.changes)},
          {"unrecognised", strings(p.unrecognised)}};
}

json::object address_json(const StandardAddress& a) {
  return {{"id", a.id},
          {"text", a.text},
          {"town_code", a.town_code},
          {"town", a.town},
          {"community", a.community},
          {"road", a.road},
          {"number", a.number},
          {"lane", a.lane},
          {"building", a.building},
          {"floor", a.floor},
          {"room", a.room},
          {"poi", a.poi},
          {"usage", to_string(a.usage)},
          {"usage_label", label(a.usage)},
          {"park_id", a.park_id.empty() ? json::value(nullptr) : json::value(a.park_id)},
          {"centralised", a.centralised},
          {"capacity", a.capacity},
          {"registered", a.registered}};
}

json::object candidate_json(const Candidate& c) {
  return {{"id", c.address.id},       {"text", c.address.text}, {"score", c.score},
          {"exact", c.exact},         {"covers", c.covers},         {"reason", c.reason},     {"matched", strings(c.matched)},
          {"differing", strings(c.differing)}, {"address", address_json(c.address)}};
}

json::object park_json(const Park& p) {
  json::array centralised;
  for (const auto& a : p.centralised) centralised.push_back(address_json(a));
  return {{"id", p.id},
          {"name", p.name},
          {"town_code", p.town_code},
          {"town", p.town},
          {"road", p.road},
          {"industries", strings(p.industries)},
          {"vacancy_area", p.vacancy_area},
          {"vacancy_units", p.vacancy_units},
          {"contact", p.contact},
          {"addresses", p.addresses},
          {"centralised", std::move(centralised)}};
}

}  // namespace haoban::address
