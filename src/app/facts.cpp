#include "app/facts.h"

#include <chrono>
#include <cstdio>

#include "app/app.h"
#include "applications/lifecycle.h"
#include "core/error.h"
#include "knowledge/entry.h"
#include "knowledge/knowledge.h"
#include "policy/service.h"

namespace haoban::app {

namespace {

// "2026-11-27T01:54:11Z" → the instant; nullopt for "" or anything else.
std::optional<SysTime> parse_iso(const std::string& s) {
  int y, mo, d, h, mi, se;
  if (s.size() != 20 || std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2dZ", &y, &mo, &d, &h, &mi, &se) != 6)
    return std::nullopt;
  auto day = std::chrono::year{y} / std::chrono::month{static_cast<unsigned>(mo)} / std::chrono::day{static_cast<unsigned>(d)};
  if (!day.ok()) return std::nullopt;
  return std::chrono::sys_days(day) + std::chrono::hours(h) + std::chrono::minutes(mi) + std::chrono::seconds(se);
}

std::string china_day(const std::string& iso) {
  auto t = parse_iso(iso);
  return t ? format_date(china_date(*t)) : "";
}

double seconds_between(const std::string& a, const std::string& b) {
  auto x = parse_iso(a), y = parse_iso(b);
  if (!x || !y) return -1;
  return static_cast<double>(std::chrono::duration_cast<std::chrono::seconds>(*y - *x).count());
}

// The cockpit reads everything, as the system.
Principal system_reader() {
  Principal p;
  p.username = "analytics";
  p.kind = AccountKind::staff;
  p.department_id = "sjj";
  p.roles = {Role::admin};
  return p;
}

template <class F>
auto unless_gone(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::not_found) return std::nullopt;
    throw;
  }
}

// The street/town (a department of kind street) an enterprise is registered in, "" when unknown.
std::string street_of_enterprise(App& app, const std::string& credit_code) {
  if (credit_code.empty()) return "";
  auto e = app.identity().enterprise(credit_code);
  if (!e) return "";
  for (const auto& d : app.identity().departments())
    if (d.kind == "street" && d.division_code == e->street_code) return d.id;
  return "";
}

}  // namespace

analytics::FactSource make_fact_source(App& app) {
  analytics::FactSource s;
  s.application = [&app](long long id) {
    return unless_gone([&]() -> std::optional<analytics::ApplicationFact> {
      auto a = app.applications().get(system_reader(), id);
      if (a.is_bundle) return std::nullopt;  // its items are counted one by one
      analytics::ApplicationFact f;
      f.id = a.id;
      f.department = a.department_id;
      f.item = a.code;
      f.item_name = a.name;
      f.unit = street_of_enterprise(app, a.enterprise_code);
      f.channel = std::string(applications::to_string(a.channel));
      f.status = std::string(applications::to_string(a.status));
      f.submitted_on = china_day(a.submitted_at);
      f.decided_on = china_day(a.decided_at);
      f.prefill_shown = a.prefill_shown;
      f.prefill_count = a.prefill_count;
      f.corrections = a.corrections;
      if (a.decision) f.decision = std::string(applications::to_string(*a.decision));
      f.on_time = a.on_time ? (*a.on_time ? 1 : 0) : -1;
      f.follow_up = a.origin.has_value();
      if (a.channel == applications::Channel::online && !a.submitted_at.empty()) {
        double s = seconds_between(a.opened_at, a.submitted_at);
        if (s >= 0) f.fill_minutes = s / 60.0;
      }
      for (const auto& m : a.materials)
        if (m.is_object())
          if (const auto* e = m.as_object().if_contains("exempt"); e && e->is_bool() && e->as_bool()) ++f.exempt_materials;
      return f;
    });
  };
  s.conversation = [&app](long long id) {
    return unless_gone([&]() -> std::optional<analytics::HelpFact> {
      auto c = app.helpdesk().get(system_reader(), id);
      analytics::HelpFact f;
      f.id = c.id;
      f.department = c.context.department;
      f.item = c.context.item;
      for (const auto& h : app.helpdesk().helpers())
        if (h.account == c.helper) f.unit = h.department;
      f.created_on = china_day(c.created_at);
      f.state = c.state;
      f.assigned = c.helper != 0;
      f.responded = !c.first_response_at.empty();
      f.resolved = !c.resolved_at.empty() || (c.state == "closed" && !c.category.empty());
      f.unstaffed = c.state == "unstaffed";
      f.escalated = !c.escalated_to.empty();
      if (f.responded) f.first_response_seconds = seconds_between(c.created_at, c.first_response_at);
      for (const auto& t : c.sla)
        if (t.kind == "first_response") f.first_response_met = t.state == "met";
      f.reopens = c.reopens;
      f.rating = c.rating;
      return f;
    });
  };
  s.rating = [&app](long long id) -> std::optional<analytics::RatingFact> {
    auto r = app.feedback().rating(id);
    if (!r) return std::nullopt;
    analytics::RatingFact f;
    f.id = r->id;
    f.department = r->department;
    f.item = r->item;
    f.channel = r->channel;
    f.created_on = china_day(r->created_at);
    f.level = r->level;
    f.excluded = r->excluded;
    f.task = r->task;
    if (r->task) f.task_state = app.feedback().task_state(r->task);
    return f;
  };
  s.rating_of_task = [&app](long long task) { return app.feedback().rating_of_task(task); };
  s.report = [&app](long long id) {
    return unless_gone([&]() -> std::optional<analytics::ReportFact> {
      auto r = app.cant_do().get(system_reader(), id);
      analytics::ReportFact f;
      f.id = r.id;
      f.department = r.department;
      f.item = r.item;
      f.category = r.category;
      f.channel = r.channel;
      f.status = r.status;
      f.created_on = china_day(r.created_at);
      f.filed_on = china_day(r.filed_at);
      f.overdue = r.overdue;
      f.escalation = r.escalation;
      return f;
    });
  };
  s.grant = [&app](long long id) -> std::optional<analytics::GrantFact> {
    auto g = app.policies().grant(id);
    if (!g) return std::nullopt;
    analytics::GrantFact f;
    f.id = g->id;
    f.policy = g->policy;
    if (const auto* p = app.catalog().definitions().policy(g->policy)) f.department = p->department.id;
    f.kind = g->entity_kind;
    if (g->entity_kind == "enterprise") f.unit = street_of_enterprise(app, g->entity);
    f.state = g->state;
    f.granted_on = china_day(g->created_at);
    f.paid_on = china_day(g->paid_at);
    try {
      f.amount = g->amount.empty() ? 0 : std::stod(g->amount);
    } catch (...) {
      f.amount = 0;
    }
    return f;
  };
  s.grants_of_run = [&app](long long run) { return app.policies().grant_ids_of_run(run); };
  s.knowledge_entries = [&app](long long after) {
    analytics::KnowledgeChanges out;
    out.next = after;
    for (const auto& e : app.knowledge().changed_after(after)) {
      out.entries.push_back({e.id, e.department, std::string(knowledge::to_string(e.status)), china_day(e.published_at),
                             china_day(e.retired_at)});
      out.next = e.change_seq;
    }
    return out;
  };
  s.knowledge_use = [&app](const std::string& from_day) {
    std::vector<analytics::KnowledgeUseFact> out;
    for (const auto& u : app.knowledge().daily_use(from_day))
      out.push_back({u.entry, u.day, u.retrievals, u.clicks, u.answers});
    return out;
  };
  return s;
}

}  // namespace haoban::app
