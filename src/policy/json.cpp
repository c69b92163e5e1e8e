#include "policy/json.h"

#include <boost/json/array.hpp>

namespace haoban::policy {

namespace json = boost::json;

namespace {

json::array strings(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.push_back(json::value(s));
  return a;
}

json::array results(const std::vector<CriterionResult>& rs) {
  json::array a;
  for (const auto& r : rs) {
    json::object o{{"id", r.id}, {"reason", r.reason}, {"verdict", to_string(r.verdict)}};
    if (!r.missing.empty()) o["missing"] = strings(r.missing);
    if (!r.explanation.empty()) o["explanation"] = r.explanation;
    a.push_back(std::move(o));
  }
  return a;
}

}  // namespace

json::object decision_line(const Decision& d) {
  json::object o{{"entity", d.entity}, {"policy", d.policy->id}, {"outcome", to_string(d.outcome)}};
  if (d.amount) o["amount"] = d.amount->to_string();
  if (!d.failed.empty()) o["failed"] = strings(d.failed);
  if (!d.missing.empty()) o["missing"] = strings(d.missing);
  if (!d.blocked_by.empty()) o["blocked_by"] = strings(d.blocked_by);
  if (!d.error.empty()) o["error"] = d.error;
  return o;
}

json::object decision_json(const Decision& d, bool explained) {
  json::object o = decision_line(d);
  o["title"] = d.policy->title;
  o["version"] = d.policy->version;
  o["as_of"] = format_date(d.as_of);
  o["near_miss"] = d.near_miss();
  if (explained) {
    o["criteria"] = results(d.criteria);
    o["risks"] = results(d.risks);
    o["inputs"] = d.inputs;
  }
  return o;
}

}  // namespace haoban::policy
