#include "app/history.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "applications/applications.h"
#include "feedback/feedback.h"
#include "feedback/reports.h"
#include "helpdesk/helpdesk.h"
#include "knowledge/knowledge.h"
#include "policy/service.h"
#include "app/policy_registry.h"
#include "app/ports.h"
#include "app/rng.h"
#include "core/error.h"
#include "core/id_codes.h"

namespace haoban::app {

namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using applications::Action;

// 09:00 China Standard Time on `d`, plus `minutes`.
SysTime at(Date d, int minutes) { return std::chrono::sys_days(d) + 1h + std::chrono::minutes(minutes); }

struct Applicant {
  Principal who;
  std::string id_number;  // persons
};

// A plausible value for a field of the generic forms; computed fields are left to the server.
std::optional<json::value> sample(const defs::Field& f, const Applicant& a, const defs::Item& item, Rng& rng) {
  if (f.compute) return std::nullopt;
  switch (f.type) {
    case defs::FieldType::text:
      if (f.key.find("name") != std::string::npos || f.key == "legal_representative")
        return json::value(a.who.kind == AccountKind::enterprise && f.key == "company_name" ? a.who.display_name
                                                                                           : std::string("王建国"));
      return json::value(item.name);
    case defs::FieldType::textarea: return json::value("申请办理" + item.name + "，材料已按办事指南准备齐全。");
    case defs::FieldType::number: return json::value(f.validation.min ? 1 + rng.below(5) : 1 + rng.below(50));
    case defs::FieldType::money: return json::value("1000.00");
    case defs::FieldType::boolean: return json::value(true);
    case defs::FieldType::date: return json::value("2026-01-15");
    case defs::FieldType::select:
      if (f.options.empty()) return std::nullopt;
      return json::value(f.options.front().value);
    case defs::FieldType::multi_select:
      if (f.options.empty()) return std::nullopt;
      return json::value(json::array{json::value(f.options.front().value)});
    case defs::FieldType::address: return json::value(fmt::format("上海市宝山区友谊路{}号", 1 + rng.below(1500)));
    case defs::FieldType::id_number:
      return json::value(a.id_number.empty() ? std::string("11010519491231002X") : a.id_number);
    case defs::FieldType::credit_code: return json::value(a.who.enterprise_code.value_or(""));
    case defs::FieldType::phone: return json::value(fmt::format("139{:08}", rng.below(100000000)));
    case defs::FieldType::file:
    case defs::FieldType::table: return std::nullopt;
  }
  return std::nullopt;
}

json::object answers_for(const defs::Item& item) {
  json::object out;
  for (const auto& q : item.questions) {
    switch (q.type) {
      case defs::QuestionType::boolean: out[q.id] = false; break;
      case defs::QuestionType::select: out[q.id] = q.options.front().value; break;
      case defs::QuestionType::multi_select: out[q.id] = json::array{json::value(q.options.front().value)}; break;
      case defs::QuestionType::number: out[q.id] = 1; break;
    }
  }
  return out;
}

struct Step {
  long long id;
  Action action;
  Principal who;
  std::string reason;
};

// What people ask 帮办 and report as 办不成事: a few typical problems, so the classes group.
constexpr std::string_view kQuestions[] = {"需要准备哪些材料？", "网上提交后多久能办好？", "材料上传一直失败怎么办？",
                                           "可以委托别人代办吗？", "办理进度在哪里查？"};
constexpr std::string_view kProblems[] = {"材料要求反复补正，每次说法不一样", "网上提交后一直显示待审核，没有人处理",
                                          "需要的证明开不出来，来回跑了好几次", "系统上传材料总是失败，页面报错",
                                          "窗口说要去另一个部门盖章，部门之间说法不一致"};
constexpr std::string_view kCategories[] = {"materials", "time", "cross", "system", "cross"};

// What residents and enterprises ask 小宝 about an item.
constexpr std::string_view kAsks[] = {"需要什么材料", "办理时限多久", "可以网上办吗"};

// 非常满意 55%, 满意 30%, 基本满意 9%, 不满意 4%, 非常不满意 2%.
int rating_level(Rng& rng) {
  int r = rng.below(100);
  return r < 55 ? 5 : r < 85 ? 4 : r < 94 ? 3 : r < 98 ? 2 : 1;
}

}  // namespace

HistoryReport seed_history(App& app, Date end, int per_day_min, int per_day_max) {
  const auto& defs = app.catalog().definitions();
  auto& ids = app.identity();
  Rng rng(2025);

  // Applicants and the staff of each department, as the demo seed made them.
  std::vector<Applicant> persons, enterprises;
  for (int i = 1; i < 300; ++i)
    if (auto p = ids.principal(fmt::format("person.{:04}", i))) persons.push_back({*p, {}});
  for (int i = 1; i < 200; ++i)
    if (auto p = ids.principal(fmt::format("enterprise.{:04}", i))) enterprises.push_back({*p, {}});
  for (auto& p : persons)
    p.id_number = make_id_number("310113", std::chrono::year{1960 + rng.below(40)} / 3 / 15, rng.below(1000));
  std::map<std::string, std::pair<Principal, Principal>> staff;  // department → (clerk, approver)
  for (const auto& d : defs.departments) {
    auto clerk = ids.principal("clerk." + d.id);
    auto approver = ids.principal("approver." + d.id);
    if (clerk && approver) staff[d.id] = {*clerk, *approver};
  }
  if (persons.empty() || enterprises.empty())
    throw conflict("seed-missing", "缺少演示数据", "seed the demo profile before the district history");

  // Items filed with a form this generator can fill: probe each once.
  ManualClock clock(at(end, 0));
  // Drafts are prefilled as they would have been then: the sources' log gets the historical times.
  sources::SourceService sources(app.db(), clock, app.catalog().definitions());
  SourcesForPrefill source_port(sources);
  prefill::PrefillService prefill(app.catalog().definitions(), source_port);
  PrefillForApplications prefill_port(prefill, app.identity());
  // 免申即办: the licences that follow a completed change or cancellation are filed on the same clock.
  FollowUpsForApplications follow_up_port(app.identity(), licences_from_sources(sources, app.identity()), clock);
  applications::ApplicationService svc(app.db(), clock, app.calendar(), app.application_catalog(), app.events(),
                                       &prefill_port, nullptr, &follow_up_port);
  struct Candidate {
    const defs::Item* item;
    const defs::Form* form;
    json::object answers;
  };
  std::vector<Candidate> candidates;
  for (const auto& item : defs.items) {
    const defs::Form* form = defs.form(item.form.id);
    if (!form || !staff.count(item.department.id)) continue;
    const Applicant& a = item.audience == defs::Audience::person ? persons[0] : enterprises[0];
    json::object fields;
    for (const auto& s : form->sections)
      for (const auto& f : s.fields)
        if (auto v = sample(f, a, item, rng)) fields[f.key] = *v;
    auto answers = answers_for(item);
    if (app.application_catalog().check_form(item.code, false, fields, answers).errors.empty())
      candidates.push_back({&item, form, std::move(answers)});
  }
  if (candidates.empty()) throw conflict("no-items", "没有可生成历史办件的事项", "no item form could be filled");

  // 帮办, 好差评 and 办不成事 on the same clock (their lookups read through the app's services).
  feedback::FeedbackService ratings(
      app.db(), clock, app.calendar(), app.events(),
      [&app](std::string_view kind, long long id, const Principal& who) { return app.service_event(kind, id, who); });
  helpdesk::Options help_options;
  help_options.on_rated = [&ratings](const Principal& who, long long id, int stars) {
    ratings.record_help_rating(who, id, stars);
  };
  helpdesk::HelpdeskService desk(app.db(), clock, app.calendar(), app.events(), help_options);
  feedback::Reports reports(app.db(), clock, app.calendar(), app.events(),
                            [&defs](const std::string& code) -> std::optional<std::pair<std::string, std::string>> {
                              const defs::Item* it = defs.item(code);
                              if (!it) return std::nullopt;
                              return std::pair{it->department.id, it->name};
                            });
  std::vector<Principal> helpers;
  for (const auto& h : desk.helpers())
    if (auto p = ids.principal(h.username)) helpers.push_back(*p);
  auto bureau = ids.principal("analyst.demo");
  // 免申即享 on the same clock: the cash policies (not services), run in turn each month.
  policy::PolicyService policies(app.db(), clock, defs, app.ledger(), app.policy_registry());
  auto officer = ids.principal("policy.demo");
  std::vector<const defs::Policy*> cash;
  for (const auto& p : defs.policies)
    if (p.kind != "service") cash.push_back(&p);
  std::size_t next_policy = 0;
  std::optional<std::chrono::month> last_run_month;
  // 小宝's answers: the knowledge base's hits for a question, searched once (the index is the same
  // all year); usage is counted on the day asked.
  std::map<std::string, std::vector<std::int64_t>> hits_of;
  auto hits_for = [&](const std::string& q) -> const std::vector<std::int64_t>& {
    auto it = hits_of.find(q);
    if (it != hits_of.end()) return it->second;
    knowledge::SearchRequest r;
    r.text = q;
    r.limit = 5;
    r.record = false;
    std::vector<std::int64_t> ids_found;
    for (const auto& h : app.knowledge().search(nullptr, r).hits) ids_found.push_back(h.entry.id);
    return hits_of.emplace(q, std::move(ids_found)).first->second;
  };

  HistoryReport rep;
  std::multimap<SysTime, Step> queue;  // later steps of filed applications, in the order they happen
  std::multimap<SysTime, std::function<void()>> later;  // later steps of conversations, ratings, reports
  auto run_until = [&](SysTime until) {
    while (!later.empty() && later.begin()->first <= until) {
      auto node = later.extract(later.begin());
      clock.set(node.key());
      node.mapped()();
    }
    while (!queue.empty() && queue.begin()->first <= until) {
      auto node = queue.extract(queue.begin());
      clock.set(node.key());
      const Step& st = node.mapped();
      auto a = svc.act(st.who, st.id, st.action, st.reason);
      if (st.action == Action::complete) {
        svc.process_follow_ups(st.id);
        // 一事一评: most applicants rate the service; a bad rating is followed up.
        if (rng.chance(60)) {
          auto who = a.applicant_id;
          auto applicant = ids.principal_by_id(who);
          if (applicant) {
            feedback::NewRating n;
            n.event_kind = "application";
            n.event_id = st.id;
            n.level = rating_level(rng);
            n.phone = "13900000000";
            auto r = ratings.rate(*applicant, n);
            ++rep.ratings;
            if (r.task && staff.count(a.department_id)) {
              const Principal approver = staff.at(a.department_id).second;
              Principal rater = *applicant;
              long long task = r.task;
              Date day = china_date(clock.now());
              bool done = rng.chance(85);
              later.emplace(at(app.calendar().add_working_days(day, 1), 60), [&, task, approver] {
                ratings.record_callback(approver, task, true, "已电话回访，了解了具体情况");
                ratings.verify(approver, task, true, "情况属实");
              });
              if (done)
                later.emplace(at(app.calendar().add_working_days(day, 3), 120), [&, task, approver, rater] {
                  ratings.rectify(approver, task, "已向申请人说明并改进办理指引");
                  ratings.review(rater, task, true, "");
                });
            }
          }
        }
      }
      if (st.action == Action::approve || st.action == Action::deny) {
        if (st.action == Action::deny) ++rep.denied;
        if (a.on_time == false) ++rep.overdue;
      }
    }
  };

  const WorkingCalendar& cal = app.calendar();
  Date start = Date(std::chrono::sys_days(end) - std::chrono::days(365));
  for (auto day = std::chrono::sys_days(start); day < std::chrono::sys_days(end); day += std::chrono::days(1)) {
    Date d(day);
    if (!cal.is_working_day(d)) continue;
    // 帮办: the street helpers come online in the morning; a few questions a day, most answered
    // within the minute, most resolved and rated.
    if (!helpers.empty()) {
      clock.set(at(d, 0));
      for (const auto& h : helpers) desk.set_presence(h, helpdesk::Presence::online);
      int asks = 1 + rng.below(4);
      for (int k = 0; k < asks; ++k) {
        SysTime t = at(d, 10 + rng.below(6 * 60));
        run_until(t);
        clock.set(t);
        const auto& pool = rng.chance(50) ? persons : enterprises;
        const Applicant& who = pool[rng.below(static_cast<int>(pool.size()))];
        const Candidate& c = candidates[rng.below(static_cast<int>(candidates.size()))];
        auto conv = desk.open(who.who, {c.item->code, c.item->department.id, 0, ""},
                              std::string(kQuestions[rng.below(5)]));
        ++rep.conversations;
        if (conv.state != "active") continue;
        Principal helper;
        for (const auto& h : helpers)
          if (h.account_id == conv.helper) helper = h;
        clock.set(t + std::chrono::seconds(rng.chance(93) ? 15 + rng.below(40) : 70 + rng.below(120)));
        desk.post(helper, conv.id, "您好，" + c.item->name + "的办理要求请见办事指南，我来为您说明。", "h-1");
        // Some of the last weeks' questions are still open at the end; the rest are resolved.
        bool still_open = rng.chance(8) && std::chrono::sys_days(d) + std::chrono::days(20) >= std::chrono::sys_days(end);
        if (!still_open) {
          clock.set(clock.now() + std::chrono::minutes(3 + rng.below(10)));
          desk.resolve(helper, conv.id, "办理指引");
          if (rng.chance(80)) {
            desk.rate(who.who, conv.id, rating_level(rng));
            ++rep.ratings;
          } else {
            desk.confirm(who.who, conv.id);
          }
        }
      }
    }
    // 小宝: a dozen questions a day about the items people file, answered from the knowledge base;
    // the best hit is used in the answer, now and then another is opened.
    {
      const std::string day_text = format_date(d);
      int asks = 8 + rng.below(9);
      for (int k = 0; k < asks; ++k) {
        const Candidate& c = candidates[rng.below(static_cast<int>(candidates.size()))];
        const auto& hits = hits_for(c.item->name + std::string(kAsks[rng.below(3)]));
        if (hits.empty()) continue;
        app.knowledge().record_use(hits, knowledge::UsageKind::retrieval, "assistant", day_text);
        app.knowledge().record_use(std::span(hits).first(1), knowledge::UsageKind::answer, "assistant", day_text);
        if (hits.size() > 1 && rng.chance(30))
          app.knowledge().record_use(std::span(hits).subspan(1 + rng.below(static_cast<int>(hits.size()) - 1), 1),
                                     knowledge::UsageKind::click, "assistant", day_text);
        ++rep.questions;
      }
    }
    // 免申即享: on the month's first working day two cash policies in force run over everyone; the
    // officer confirms the list, and three working days later approves and pays what is pending
    // (a transfer now and then fails; grants awaiting the beneficiary's signed confirmation wait).
    if (officer && !cash.empty() && d.month() != last_run_month) {
      last_run_month = d.month();
      SysTime t = at(d, 20);
      run_until(t);
      clock.set(t);
      for (int k = 0, tried = 0; k < 2 && tried < static_cast<int>(cash.size()); ++tried) {
        const defs::Policy* p = cash[next_policy++ % cash.size()];
        if (!p->in_force(d)) continue;
        ++k;
        auto run = policies.run(*officer, p->id, d);
        auto confirmed = policies.confirm_run(*officer, run.id, "");
        rep.grants += static_cast<int>(confirmed.granted);
        std::string id = p->id;
        Principal o = *officer;
        later.emplace(at(cal.add_working_days(d, 3), 90), [&, id, o] {
          for (const auto& g : policies.grants(o, id, "pending")) {
            policies.approve(o, g.id);
            if (rng.chance(97)) {
              policies.pay(o, g.id, fmt::format("GK{:08}", g.id));
              ++rep.paid;
            } else {
              policies.fail(o, g.id, "收款账户已销户");
            }
          }
        });
      }
    }
    // 办不成事: now and then a report, classified the next working day, handled and answered,
    // confirmed by the reporter and filed.
    if (bureau && rng.chance(35)) {
      SysTime t = at(d, 30 + rng.below(6 * 60));
      run_until(t);
      clock.set(t);
      const Applicant& who = enterprises[rng.below(static_cast<int>(enterprises.size()))];
      const Candidate& c = candidates[rng.below(static_cast<int>(candidates.size()))];
      int kind = rng.below(5);
      feedback::NewReport n;
      n.channel = "online";
      n.item = c.item->code;
      n.text = std::string(kProblems[kind]);
      long long id = reports.submit(who.who, n).id;
      ++rep.reports;
      std::string dept = c.item->department.id;
      if (staff.count(dept)) {
        Principal approver = staff.at(dept).second, reporter = who.who, desk_staff = *bureau;
        std::string category(kCategories[kind]);
        Date next = cal.add_working_days(d, 1);
        later.emplace(at(next, 30), [&, id, category, dept, desk_staff] {
          reports.assign(desk_staff, id, category, dept, "");
        });
        Date handled = cal.add_working_days(next, 1 + rng.below(4));
        later.emplace(at(handled, 200), [&, id, approver] {
          reports.handle(approver, id, "已核实并协调解决");
          reports.reply(approver, id, "您反映的问题已处理，如仍有问题请告知");
        });
        Date confirmed = cal.add_working_days(handled, 1);
        bool resolved = rng.chance(90);
        later.emplace(at(confirmed, 100), [&, id, reporter, resolved] {
          reports.verify(reporter, id, resolved, resolved ? "" : "仍然没有解决");
        });
        if (resolved)
          later.emplace(at(cal.add_working_days(confirmed, 1), 60), [&, id, desk_staff] { reports.file(desk_staff, id, ""); });
      }
    }

    int n = per_day_min + rng.below(per_day_max - per_day_min + 1);
    std::vector<int> minutes;
    for (int k = 0; k < n; ++k) minutes.push_back(rng.below(7 * 60));
    std::sort(minutes.begin(), minutes.end());
    for (int minute : minutes) {
      SysTime filed = at(d, minute);
      run_until(filed);
      const Candidate& c = candidates[rng.below(static_cast<int>(candidates.size()))];
      bool person = c.item->audience == defs::Audience::person ||
                    (c.item->audience == defs::Audience::both && rng.chance(50));
      const Applicant& a = person ? persons[rng.below(static_cast<int>(persons.size()))]
                                  : enterprises[rng.below(static_cast<int>(enterprises.size()))];
      json::object fields;
      for (const auto& s : c.form->sections)
        for (const auto& f : s.fields)
          if (auto v = sample(f, a, *c.item, rng)) fields[f.key] = *v;
      clock.set(filed);
      applications::CreateRequest req;
      req.item = c.item->code;
      req.fields = std::move(fields);
      req.answers = c.answers;
      req.channel = rng.chance(92) ? applications::Channel::online : applications::Channel::counter;
      req.opened_at = format_iso8601(filed - std::chrono::minutes(4 + rng.below(30)));
      long long id = svc.create(a.who, req).id;
      svc.submit(a.who, id);
      ++rep.applications;

      // The department's steps, each on a later working day than the one before (times ascend).
      const auto& [clerk, approver] = staff.at(c.item->department.id);
      Date cursor = cal.add_working_days(d, rng.chance(40) ? 1 : 0);
      if (cursor == d && minute > 6 * 60) cursor = cal.add_working_days(d, 1);
      queue.emplace(at(cursor, 7 * 60 + rng.below(50)), Step{id, Action::accept, clerk, ""});
      if (rng.chance(9)) {  // 补正: returned the next working day, corrected within three
        cursor = cal.add_working_days(cursor, 1);
        queue.emplace(at(cursor, 60 + rng.below(240)),
                      Step{id, Action::return_for_correction, clerk, "经营场所使用证明不清晰，请重新上传"});
        cursor = cal.add_working_days(cursor, 1 + rng.below(3));
        queue.emplace(at(cursor, 60 + rng.below(240)), Step{id, Action::resubmit, a.who, ""});
        ++rep.corrected;
      }
      int promised = std::max(1, c.item->promised_days);
      int days = rng.chance(3) ? promised + 1 + rng.below(3) : 1 + rng.below(promised);
      cursor = cal.add_working_days(cursor, days);
      bool deny = rng.chance(4);
      queue.emplace(at(cursor, 6 * 60 + rng.below(30)),
                    Step{id, deny ? Action::deny : Action::approve, approver, deny ? "不符合法定条件" : ""});
      queue.emplace(at(cursor, 7 * 60 + rng.below(50)), Step{id, Action::complete, clerk, ""});
    }
  }
  run_until(at(end, 0) - 1min);
  for (const auto& h : helpers) desk.set_presence(h, helpdesk::Presence::offline);
  std::set<long long> open;
  for (const auto& [t, st] : queue) open.insert(st.id);
  rep.in_progress = static_cast<int>(open.size());
  return rep;
}

}  // namespace haoban::app
