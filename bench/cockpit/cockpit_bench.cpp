// The cockpit's topic database (主题数据库) at a district's year (docs/benchmarks.md, "Cockpit topic database"):
//   build/bench/cockpit/bench_cockpit [APPLICATIONS=300000] [CONVERSATIONS=30000] [RATINGS=60000] [REPORTS=3000]
// SQLite (a temp file) always; PostgreSQL too when HAOBAN_PG_ENV names the file scripts/pg-test-server.sh
// wrote (a throw-away database on that server, dropped at the end). For each store:
// 1. a year of audit rows written with Tx::audit in time order, as the modules write them, for synthetic
//    applications, help conversations, ratings with their rectification tasks and 办不成事 reports with the
//    district history's distributions (app/history.cpp); TopicDb::sync's first full build from them;
//    incremental syncs of 1,000 changed entities; an idle sync; rebuild();
// 2. the cockpit's reads (the web's requests): every indicator for a month and for the year, every
//    breakdown by department / item / unit / month over the year, the 500-row drill, the service index
//    for a month and one department's 12-month trend: p50/p99 over repeated runs;
// 3. the baseline in the same run: the same reads with the fact tables' secondary indexes dropped;
// 4. with COCKPIT_TRY_INDEXES="CREATE INDEX …; CREATE INDEX …": the reads again with those indexes added.
// RUNS (20) sets the repetitions of the fast reads; breakdowns, drills and the service index run a quarter
// as often (at least 3). COCKPIT_STORES=sqlite or postgresql runs one store; COCKPIT_REBUILD=0 skips rebuild().
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <set>

#include "analytics/facts.h"
#include "analytics/indicators.h"
#include "analytics/service_index.h"
#include "core/calendar.h"
#include "core/error.h"
#include "defs/defs.h"
#include "testing/testing.h"

namespace {

using namespace haoban;
using namespace std::chrono_literals;
namespace an = haoban::analytics;
using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }
std::string env(const char* name, std::string fallback = "") {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

// 09:00 China Standard Time on `d`, plus `minutes` (as history.cpp).
SysTime at(Date d, int minutes) { return std::chrono::sys_days(d) + 1h + std::chrono::minutes(minutes); }

struct ItemRef {
  std::string code, name, department;
  int promised = 1;
};

enum class Kind : std::uint8_t { application, conversation, rating, task, report };
struct Event {
  SysTime at;
  long long id;
  Kind kind;
  std::uint8_t action;
};
constexpr const char* kEntity[] = {"application", "helpdesk_conversation", "feedback_rating", "feedback_task",
                                   "cant_do_report"};
constexpr const char* kAppActions[] = {"create",  "submit", "accept", "return_for_correction",
                                       "resubmit", "approve", "deny",  "complete"};
constexpr const char* kHelpActions[] = {"open", "assign", "first_response", "resolve", "rate", "confirm"};
constexpr const char* kTaskActions[] = {"callback", "verify", "rectify", "review"};
constexpr const char* kReportActions[] = {"submit", "assign", "handle", "reply", "verify", "file"};
// The status an application's audit row moves to (before_json / after_json carry them, as the module writes).
constexpr const char* kAppStatus[] = {"draft", "submitted", "accepted", "returned", "submitted", "approved", "denied",
                                      "completed"};
constexpr const char* kStreets[] = {"310113003", "310113007", "310113008", "310113101", "310113102",
                                    "310113103", "310113104", "310113106", "310113109", "310113111",
                                    "310113112", "310113113", "310113501"};
constexpr const char* kCategories[] = {"materials", "time", "cross", "system", "cross"};

struct Scale {
  int applications = 300000, conversations = 30000, ratings = 60000, reports = 3000;
};

// A district year: every entity's current facts and the audit trail that led there.
class Year {
 public:
  Year(const WorkingCalendar& cal, const std::vector<ItemRef>& items, Date end, Scale s)
      : cal_(cal), items_(items), end_(end), end_at_(at(end, -9 * 60)), rng_(2025) {
    std::vector<double> w;  // 事项 popularity: Zipf (s = 0.8) over the items in a fixed random order
    for (std::size_t k = 0; k < items_.size(); ++k) w.push_back(1.0 / std::pow(static_cast<double>(k + 1), 0.8));
    std::shuffle(w.begin(), w.end(), rng_);
    pick_item_ = std::discrete_distribution<std::size_t>(w.begin(), w.end());
    for (auto d = std::chrono::sys_days(end) - std::chrono::days(365); d < std::chrono::sys_days(end); d += std::chrono::days(1))
      if (cal.is_working_day(Date(d))) days_.push_back(Date(d));
    for (int i = 0; i < s.applications; ++i) application(days_[static_cast<std::size_t>(i) * days_.size() / s.applications]);
    int help_ratings = 0;
    for (int i = 0; i < s.conversations; ++i)
      conversation(days_[static_cast<std::size_t>(i) * days_.size() / s.conversations], help_ratings < s.ratings, help_ratings);
    // The rest of the ratings: completed applications, rated within the day.
    double p = completed_.empty() ? 0 : std::max(0, s.ratings - help_ratings) / static_cast<double>(completed_.size());
    for (auto [id, t] : completed_)
      if (std::uniform_real_distribution<>(0, 1)(rng_) < p) {
        const auto& a = apps[id - 1];
        rating(t + std::chrono::minutes(10 + below(300)), a.department, a.item, a.channel);
      }
    for (int i = 0; i < s.reports; ++i) report(days_[static_cast<std::size_t>(i) * days_.size() / s.reports]);
    std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) { return a.at < b.at; });
  }

  std::vector<an::ApplicationFact> apps;
  std::vector<an::HelpFact> help;
  std::vector<an::RatingFact> ratings;
  std::vector<an::ReportFact> reports;
  std::vector<long long> task_rating;  // task id - 1 → rating id
  std::vector<Event> events;
  std::map<Kind, long long> asked;     // FactSource calls per kind

  an::FactSource source() {
    an::FactSource s;
    s.application = [this](long long id) { return get(apps, id, Kind::application); };
    s.conversation = [this](long long id) { return get(help, id, Kind::conversation); };
    s.rating = [this](long long id) { return get(ratings, id, Kind::rating); };
    s.report = [this](long long id) { return get(reports, id, Kind::report); };
    s.rating_of_task = [this](long long task) -> std::optional<long long> {
      ++asked[Kind::task];
      if (task < 1 || task > static_cast<long long>(task_rating.size())) return std::nullopt;
      return task_rating[task - 1];
    };
    return s;
  }

  // A working day's changes after the year: `n` entities, one audit row each, at `t` — new submissions,
  // decisions of pending applications, answered conversations, closed rectification tasks, filed reports.
  std::vector<Event> changes(int n, SysTime t) {
    std::vector<Event> out;
    std::set<std::pair<Kind, long long>> seen;  // distinct entities: one audit row each
    std::string today = format_date(china_date(t));
    auto add = [&](Kind k, long long id, std::uint8_t action) {
      if (!seen.insert({k, id}).second) return false;
      out.push_back({t, id, k, action});
      return true;
    };
    for (int i = 0; i < n * 40 / 100; ++i) {  // new submissions
      an::ApplicationFact a = apps[below(static_cast<int>(apps.size()))];
      a.id = static_cast<long long>(apps.size()) + 1;
      a.submitted_on = today;
      a.decided_on = a.decision = "";
      a.status = "submitted";
      a.on_time = -1;
      apps.push_back(a);
      add(Kind::application, a.id, 1);
    }
    for (int i = 0, tries = 0; i < n * 30 / 100 && tries < 1000000; ++tries) {  // decisions of pending ones
      auto& a = apps[below(static_cast<int>(apps.size()))];
      if (!a.decided_on.empty() || !add(Kind::application, a.id, 5)) continue;
      a.decided_on = today, a.decision = "approved", a.status = "approved", a.on_time = 1;
      ++i;
    }
    for (int i = 0, tries = 0; i < n * 15 / 100 && tries < 100000; ++tries) {  // conversations resolved
      auto& c = help[help.size() - 1 - below(std::min<int>(3000, static_cast<int>(help.size())))];
      if (!add(Kind::conversation, c.id, 3)) continue;
      c.resolved = true, c.state = "closed";
      ++i;
    }
    for (int i = 0, tries = 0; i < n * 10 / 100 && !task_rating.empty() && tries < 100000; ++tries) {  // tasks closed
      long long task = 1 + below(static_cast<int>(task_rating.size()));
      if (!add(Kind::task, task, 3)) continue;
      ratings[task_rating[task - 1] - 1].task_state = "closed";
      ++i;
    }
    for (int tries = 0; static_cast<int>(out.size()) < n && tries < 100000; ++tries) {  // reports filed
      auto& r = reports[below(static_cast<int>(reports.size()))];
      if (add(Kind::report, r.id, 5)) r.status = "filed", r.filed_on = today;
    }
    return out;
  }

  // The audit entry for an event, as the owning module writes it (same entity, action shape and JSON size).
  static db::AuditEntry audit_of(const Event& e) {
    auto k = static_cast<std::size_t>(e.kind);
    std::string id = std::to_string(e.id);
    switch (e.kind) {
      case Kind::application: {
        const char* from = e.action == 0 ? "draft" : kAppStatus[std::max(0, e.action - 1)];
        return {"clerk.scjg", fmt::format("application.{}", kAppActions[e.action]), kEntity[k], id,
                fmt::format(R"({{"status":"{}"}})", from),
                fmt::format(R"({{"status":"{}","reason":""}})", kAppStatus[e.action])};
      }
      case Kind::conversation:
        return {"helper.310113003", fmt::format("helpdesk.{}", kHelpActions[e.action]), kEntity[k], id, "",
                R"({"item":"SCJG-011","state":"active"})"};
      case Kind::rating:
        return {"person.0001", "feedback.rate", kEntity[k], id, "", R"({"level":5,"event":"application"})"};
      case Kind::task:
        return {"approver.scjg", fmt::format("feedback.task.{}", kTaskActions[e.action]), kEntity[k], id, "",
                "已电话回访，了解了具体情况"};
      case Kind::report:
        return {"analyst.demo", fmt::format("cant_do.{}", kReportActions[e.action]), kEntity[k], id, "",
                "已核实并协调解决"};
    }
    return {};
  }

  SysTime end_at() const { return end_at_; }

 private:
  int below(int n) { return static_cast<int>(std::uniform_int_distribution<>(0, n - 1)(rng_)); }
  bool chance(int percent) { return below(100) < percent; }
  int level() {  // 非常满意 55%, 满意 30%, 基本满意 9%, 不满意 4%, 非常不满意 2% (history.cpp)
    int r = below(100);
    return r < 55 ? 5 : r < 85 ? 4 : r < 94 ? 3 : r < 98 ? 2 : 1;
  }
  const ItemRef& item() { return items_[pick_item_(rng_)]; }
  void event(SysTime t, Kind k, long long id, int action) {
    if (t < end_at_) events.push_back({t, id, k, static_cast<std::uint8_t>(action)});
  }
  template <class Fact>
  std::optional<Fact> get(const std::vector<Fact>& v, long long id, Kind k) {
    ++asked[k];
    if (id < 1 || id > static_cast<long long>(v.size())) return std::nullopt;
    return v[id - 1];
  }

  // As history.cpp files one: 92% online, the department's steps on later working days, 9% returned for
  // correction, 3% decided late, 4% denied; plus what the district has that the demo history lacks:
  // forms without prefillable fields (10%), prefill used on ~80% of the others, 免申即办 drafts (2%).
  void application(Date d) {
    const ItemRef& it = item();
    an::ApplicationFact a;
    a.id = static_cast<long long>(apps.size()) + 1;
    a.department = it.department, a.item = it.code, a.item_name = it.name;
    a.unit = kStreets[below(13)];
    bool online = chance(92);
    a.channel = online ? "online" : "counter";
    a.submitted_on = format_date(d);
    int minute = below(7 * 60);
    SysTime filed = at(d, minute);
    if (online) {
      a.follow_up = chance(2);
      a.prefill_shown = chance(90) ? 4 + below(17) : 0;
      if (a.prefill_shown && chance(80)) a.prefill_count = std::max(1, a.prefill_shown * (50 + below(51)) / 100);
      a.fill_minutes = a.follow_up ? 0.2 : 4 + below(30) + below(60) / 60.0;
    }
    a.exempt_materials = chance(50) ? 1 + below(2) : 0;  // 两个免于提交: an e-licence or the library had it
    event(filed, Kind::application, a.id, 0);
    event(filed + 1s, Kind::application, a.id, 1);
    a.status = "submitted";
    Date cursor = cal_.add_working_days(d, chance(40) ? 1 : 0);
    if (cursor == d && minute > 6 * 60) cursor = cal_.add_working_days(d, 1);
    SysTime t = at(cursor, 7 * 60 + below(50));
    event(t, Kind::application, a.id, 2);
    if (t < end_at_) a.status = "accepted";
    if (chance(9)) {
      a.corrections = 1;
      cursor = cal_.add_working_days(cursor, 1);
      event(t = at(cursor, 60 + below(240)), Kind::application, a.id, 3);
      if (t < end_at_) a.status = "returned";
      cursor = cal_.add_working_days(cursor, 1 + below(3));
      event(t = at(cursor, 60 + below(240)), Kind::application, a.id, 4);
      if (t < end_at_) a.status = "accepted";
    }
    int promised = std::max(1, it.promised);
    bool late = chance(3);
    cursor = cal_.add_working_days(cursor, late ? promised + 1 + below(3) : 1 + below(promised));
    bool deny = chance(4);
    t = at(cursor, 6 * 60 + below(30));
    event(t, Kind::application, a.id, deny ? 6 : 5);
    if (t < end_at_) {
      a.decided_on = format_date(cursor);
      a.decision = deny ? "denied" : "approved";
      a.status = a.decision;
      a.on_time = late ? 0 : 1;
      t = at(cursor, 7 * 60 + below(50));
      event(t, Kind::application, a.id, 7);
      if (t < end_at_) {
        a.status = "completed";
        completed_.emplace_back(a.id, t);
      }
    }
    apps.push_back(std::move(a));
  }

  // As history.cpp: 93% first answered in 15–54 s, the rest in 70–189 s; resolved 3–12 minutes later,
  // 80% then rated; 8% of the last 20 days' still open; 2% find no helper online (unstaffed).
  void conversation(Date d, bool rate_more, int& rated) {
    const ItemRef& it = item();
    an::HelpFact c;
    c.id = static_cast<long long>(help.size()) + 1;
    c.unit = kStreets[below(13)];
    c.department = it.department, c.item = it.code;
    c.created_on = format_date(d);
    SysTime t = at(d, 10 + below(6 * 60));
    event(t, Kind::conversation, c.id, 0);
    if (chance(2)) {
      c.state = "unstaffed", c.unstaffed = true;
      help.push_back(std::move(c));
      return;
    }
    c.assigned = true, c.state = "active";
    event(t, Kind::conversation, c.id, 1);
    int first = chance(93) ? 15 + below(40) : 70 + below(120);
    c.responded = true, c.first_response_seconds = first, c.first_response_met = first < 60;
    event(t += std::chrono::seconds(first), Kind::conversation, c.id, 2);
    bool open = chance(8) && std::chrono::sys_days(d) + std::chrono::days(20) >= std::chrono::sys_days(end_);
    if (!open) {
      c.resolved = true, c.state = "closed";
      event(t += std::chrono::minutes(3 + below(10)), Kind::conversation, c.id, 3);
      if (chance(80)) {
        c.rating = level();
        event(t += 1min, Kind::conversation, c.id, 4);
        if (rate_more) {
          rating(t, c.department, c.item, "help", c.rating);
          ++rated;
        }
      } else {
        event(t += 1min, Kind::conversation, c.id, 5);
      }
    }
    help.push_back(std::move(c));
  }

  // A bad rating (不满意 or worse) opens a rectification task: called back and verified the next working
  // day, rectified and reviewed on the third (85%); 5% of bad ratings are excluded after an appeal.
  void rating(SysTime t, const std::string& dept, const std::string& item, const std::string& channel, int lvl = 0) {
    if (t >= end_at_) return;
    an::RatingFact r;
    r.id = static_cast<long long>(ratings.size()) + 1;
    r.department = dept, r.item = item, r.channel = channel;
    Date day = china_date(t);
    r.created_on = format_date(day);
    r.level = lvl ? lvl : level();
    event(t, Kind::rating, r.id, 0);
    if (r.level <= 2) {
      r.excluded = chance(5);
      task_rating.push_back(r.id);
      r.task = static_cast<long long>(task_rating.size());
      SysTime t1 = at(cal_.add_working_days(day, 1), 60);
      event(t1, Kind::task, r.task, 0);
      event(t1 + 5min, Kind::task, r.task, 1);
      r.task_state = t1 < end_at_ ? "rectifying" : "callback";
      if (chance(85)) {
        SysTime t3 = at(cal_.add_working_days(day, 3), 120);
        event(t3, Kind::task, r.task, 2);
        event(t3 + 1h, Kind::task, r.task, 3);
        if (t3 + 1h < end_at_) r.task_state = "closed";
      }
    }
    ratings.push_back(std::move(r));
  }

  // As history.cpp: assigned the next working day, handled and answered 1–4 days later, confirmed by the
  // reporter (90% resolved) and filed. Channels as docs/metrics.md lists them.
  void report(Date d) {
    const ItemRef& it = item();
    an::ReportFact r;
    r.id = static_cast<long long>(reports.size()) + 1;
    r.department = it.department, r.item = it.code;
    int kind = below(5);
    r.category = kCategories[kind];
    int ch = below(100);
    r.channel = ch < 70 ? "online" : ch < 90 ? "abandoned" : "counter";
    r.created_on = format_date(d);
    r.status = "received";
    event(at(d, 30 + below(6 * 60)), Kind::report, r.id, 0);
    Date next = cal_.add_working_days(d, 1);
    if (at(next, 30) < end_at_) r.status = "assigned";
    event(at(next, 30), Kind::report, r.id, 1);
    Date handled = cal_.add_working_days(next, 1 + below(4));
    event(at(handled, 200), Kind::report, r.id, 2);
    event(at(handled, 201), Kind::report, r.id, 3);
    if (at(handled, 201) < end_at_) r.status = "replied";
    Date confirmed = cal_.add_working_days(handled, 1);
    bool resolved = chance(90);
    event(at(confirmed, 100), Kind::report, r.id, 4);
    if (at(confirmed, 100) < end_at_) r.status = resolved ? "verified" : "reopened";
    Date filed = cal_.add_working_days(confirmed, 1);
    if (resolved) {
      event(at(filed, 60), Kind::report, r.id, 5);
      if (at(filed, 60) < end_at_) r.status = "filed", r.filed_on = format_date(filed);
    }
    r.overdue = chance(5);
    r.escalation = r.overdue ? 1 : 0;
    reports.push_back(std::move(r));
  }

  const WorkingCalendar& cal_;
  const std::vector<ItemRef>& items_;
  Date end_;
  SysTime end_at_;  // 00:00 China time on `end`
  std::mt19937_64 rng_;
  std::discrete_distribution<std::size_t> pick_item_;
  std::vector<Date> days_;
  std::vector<std::pair<long long, SysTime>> completed_;
};

// Writes the events' audit rows, `per_tx` to a transaction, the clock at each event's time.
void write_audit(db::Database& db, ManualClock& clock, const std::vector<Event>& events, std::size_t per_tx = 2000) {
  for (std::size_t i = 0; i < events.size(); i += per_tx)
    db.write([&](db::Tx& tx) {
      for (std::size_t j = i; j < std::min(events.size(), i + per_tx); ++j) {
        clock.set(events[j].at);
        tx.audit(Year::audit_of(events[j]));
      }
    });
}

struct Stats {
  std::vector<double> ms;
  void add(double x) { ms.push_back(x); }
  void add(const Stats& s) { ms.insert(ms.end(), s.ms.begin(), s.ms.end()); }
  double q(double p) const {
    if (ms.empty()) return 0;
    auto v = ms;
    std::sort(v.begin(), v.end());
    auto i = static_cast<std::size_t>(std::ceil(p * static_cast<double>(v.size()))) - 1;
    return v[std::min(i, v.size() - 1)];
  }
  std::string text() const { return fmt::format("p50 {:.1f} ms, p99 {:.1f} ms (n={})", q(0.5), q(0.99), ms.size()); }
};

template <class F>
Stats timed(int runs, F&& f) {
  f();  // warm: the first run reads the pages into the cache
  Stats s;
  for (int i = 0; i < runs; ++i) {
    auto t = Clock::now();
    f();
    s.add(ms_since(t));
  }
  return s;
}

struct Periods {
  an::Filter month, year;
  std::string department;  // the trend's and the department view's
};

struct Reads {
  Stats month, month_dept, year, drill, index_month, trend;
  std::map<std::string, Stats> by;                                  // grouping → every key's samples
  std::map<std::string, std::pair<std::string, double>> worst;      // grouping → (key, p99)
  std::pair<std::string, double> drill_worst;
};

Reads measure(db::Database& db, const an::IndexDefinition& def, const Periods& p, int runs, const char* label) {
  int slow = std::max(3, runs / 4);
  Reads r;
  fmt::print("  reads ({}):\n", label);
  // Breakdowns and drills of the indicators this year has facts for (not 免申即享 and 知识库: not generated).
  std::vector<std::string_view> keys, skipped;
  for (auto key : an::indicator_keys()) {
    bool has = false;
    try {
      has = an::indicator(db, key, p.year).denominator > 0;
    } catch (const Error&) {
    }
    (has ? keys : skipped).push_back(key);
  }
  fmt::print("    breakdowns and drills of {} indicators; without facts here: {}\n", keys.size(), fmt::join(skipped, ", "));
  r.month = timed(runs, [&] { an::indicators(db, p.month); });
  fmt::print("    overview, month: {}\n", r.month.text());
  an::Filter dept = p.month;
  dept.department = p.department;
  r.month_dept = timed(runs, [&] { an::indicators(db, dept); });
  fmt::print("    overview, month, one department ({}): {}\n", p.department, r.month_dept.text());
  r.year = timed(runs, [&] { an::indicators(db, p.year); });
  fmt::print("    overview, year: {}\n", r.year.text());
  const std::pair<const char*, an::GroupBy> groupings[] = {{"department", an::GroupBy::department},
                                                            {"item", an::GroupBy::item},
                                                            {"unit", an::GroupBy::unit},
                                                            {"month", an::GroupBy::month}};
  for (const auto& [name, by] : groupings) {
    for (auto key : keys) {
      try {
        an::breakdown(db, key, p.year, by);
      } catch (const Error&) {
        continue;  // the grouping does not apply (unit outside 帮办)
      }
      Stats s = timed(slow, [&] { an::breakdown(db, key, p.year, by); });
      r.by[name].add(s);
      if (s.q(0.99) > r.worst[name].second) r.worst[name] = {std::string(key), s.q(0.99)};
    }
    fmt::print("    breakdown by {}, year, every indicator: {}; worst p99 {} {:.1f} ms\n", name, r.by[name].text(),
               r.worst[name].first, r.worst[name].second);
  }
  for (auto key : keys) {
    Stats s = timed(slow, [&] {
      if (an::drill(db, key, p.year, 500).empty()) throw std::runtime_error("empty drill " + std::string(key));
    });
    r.drill.add(s);
    if (s.q(0.99) > r.drill_worst.second) r.drill_worst = {std::string(key), s.q(0.99)};
  }
  fmt::print("    drill, year, 500 rows, every indicator: {}; worst p99 {} {:.1f} ms\n", r.drill.text(),
             r.drill_worst.first, r.drill_worst.second);
  r.index_month = timed(slow, [&] { an::service_index(db, def, p.month.from, p.month.to); });
  fmt::print("    service index, month (every department and the month before): {}\n", r.index_month.text());
  r.trend = timed(slow, [&] { an::index_trend(db, def, p.department, p.year.to, 12); });
  fmt::print("    service index trend, 12 months ({}): {}\n", p.department, r.trend.text());
  return r;
}

struct Index {
  std::string name, sql;
};

// The fact tables' secondary indexes (primary keys excluded), with the DDL that makes them again.
std::vector<Index> fact_indexes(db::Database& db) {
  return db.read([&](soci::session& sql) {
    std::string q = db.dialect() == db::Dialect::sqlite
                        ? "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name LIKE 'fact%'"
                          " AND sql IS NOT NULL ORDER BY name"
                        : "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
                          " AND tablename LIKE 'fact%' AND indexname NOT LIKE '%pkey' ORDER BY indexname";
    std::vector<Index> out;
    soci::rowset<soci::row> rs = sql.prepare << q;
    for (const auto& row : rs) out.push_back({row.get<std::string>(0), row.get<std::string>(1)});
    return out;
  });
}

void exec(db::Database& db, const std::string& statement) {
  db.read([&](soci::session& sql) { sql << statement; });
}

std::vector<std::string> split_statements(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < s.size()) {
    auto end = s.find(';', start);
    if (end == std::string::npos) end = s.size();
    auto piece = s.substr(start, end - start);
    if (piece.find_first_not_of(" \n\t") != std::string::npos) out.push_back(piece);
    start = end + 1;
  }
  return out;
}

long long count(db::Database& db, const std::string& table) {
  return db.read([&](soci::session& sql) {
    long long n = 0;
    sql << "SELECT COUNT(*) FROM " + table, soci::into(n);
    return n;
  });
}

std::string size_text(db::Database& db, const std::string& sqlite_path) {
  if (db.dialect() == db::Dialect::sqlite) {
    std::error_code ec;
    auto main = std::filesystem::file_size(sqlite_path, ec);
    auto wal = std::filesystem::file_size(sqlite_path + "-wal", ec);
    return fmt::format("store file {:.0f} MB (+ WAL {:.0f} MB)", main / 1e6, ec ? 0.0 : wal / 1e6);
  }
  return db.read([&](soci::session& sql) {
    long long facts = 0, audit = 0;
    sql << "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class c WHERE c.relkind = 'r'"
           " AND c.relname LIKE 'fact%'",
        soci::into(facts);
    sql << "SELECT pg_total_relation_size('audit_log')", soci::into(audit);
    return fmt::format("fact tables with indexes {:.0f} MB, audit_log {:.0f} MB", facts / 1e6, audit / 1e6);
  });
}

struct Summary {
  std::string store;
  double audit_s = 0, build_s = 0, rebuild_s = -1, vacuum_s = -1;
  long long audit_rows = 0, facts = 0, upserts = 0;
  Stats incremental, idle;
  Reads built, bare, tried;
  bool have_tried = false;
};

Summary run_store(const std::string& store, const std::string& url, const std::string& sqlite_path,
                  const WorkingCalendar& cal, const std::vector<ItemRef>& items, const an::IndexDefinition& def,
                  Scale scale, int runs) {
  Summary out;
  out.store = store;
  const Date end = *parse_date("2026-11-27");
  ManualClock clock(at(end, -9 * 60));
  auto db = db::Database::open(url, clock, 4);
  std::vector<db::Migration> all;
  for (auto span : {db::db_migrations(), an::TopicDb::migrations()}) all.insert(all.end(), span.begin(), span.end());
  db->migrate(all);

  auto t = Clock::now();
  Year year(cal, items, end, scale);
  fmt::print("[{}] year generated in {:.1f} s: {} applications, {} conversations, {} ratings ({} with a task), "
             "{} reports, {} audit rows\n",
             store, ms_since(t) / 1e3, year.apps.size(), year.help.size(), year.ratings.size(), year.task_rating.size(),
             year.reports.size(), year.events.size());
  t = Clock::now();
  write_audit(*db, clock, year.events);
  out.audit_s = ms_since(t) / 1e3;
  out.audit_rows = static_cast<long long>(year.events.size());
  fmt::print("[{}] audit rows written (Tx::audit, 2,000 a transaction): {:.1f} s, {:.0f} rows/s\n", store, out.audit_s,
             out.audit_rows / out.audit_s);

  an::TopicDb topic(*db, clock, year.source());
  clock.set(year.end_at() + 1h);
  t = Clock::now();
  auto rep = topic.sync();
  out.build_s = ms_since(t) / 1e3;
  out.upserts = rep.applications + rep.conversations + rep.ratings + rep.reports;
  for (const char* table : {"fact_applications", "fact_help", "fact_ratings", "fact_reports"}) out.facts += count(*db, table);
  fmt::print("[{}] first full sync: {:.1f} s — {} facts ({:.0f} facts/s), {} upserts ({:.0f}/s: an entity is upserted "
             "once per flush of up to 20,000 entities that names it), {:.0f} audit rows/s; source asked {} / {} / {} / {} / tasks {}\n",
             store, out.build_s, out.facts, out.facts / out.build_s, out.upserts, out.upserts / out.build_s,
             (rep.to - rep.from) / out.build_s, year.asked[Kind::application], year.asked[Kind::conversation],
             year.asked[Kind::rating], year.asked[Kind::report], year.asked[Kind::task]);
  fmt::print("[{}] {}\n", store, size_text(*db, sqlite_path));

  Periods p{{*parse_date("2026-10-01"), *parse_date("2026-10-31"), "", "", ""},
            {Date(std::chrono::sys_days(end) - std::chrono::days(365)), Date(std::chrono::sys_days(end) - std::chrono::days(1)),
             "", "", ""},
            "scjg"};
  for (const auto& v : an::indicators(*db, p.year))
    fmt::print("    {:<28} {:>12} / {:<10} = {}\n", v.key, v.numerator, v.denominator,
               v.value ? fmt::format("{:.4g}", *v.value) : "—");
  if (db->dialect() == db::Dialect::postgresql) {
    Stats before = timed(3, [&] { an::indicators(*db, p.year); });
    fmt::print("[{}] overview, year, right after the build (before VACUUM ANALYZE): {}\n", store, before.text());
    t = Clock::now();
    for (const char* table : {"fact_applications", "fact_help", "fact_ratings", "fact_reports"})
      exec(*db, std::string("VACUUM ANALYZE ") + table);
    out.vacuum_s = ms_since(t) / 1e3;
    fmt::print("[{}] VACUUM ANALYZE of the fact tables (autovacuum's job): {:.1f} s; {}\n", store, out.vacuum_s,
               size_text(*db, sqlite_path));
  }

  // Incremental: a working day's changes after the year, then the 5-second poll with nothing new.
  for (int round = 0; round < 5; ++round) {
    SysTime when = year.end_at() + std::chrono::hours(2 + round);
    clock.set(when);
    auto changes = year.changes(1000, when);
    write_audit(*db, clock, changes);
    clock.set(when + 10s);
    t = Clock::now();
    auto r = topic.sync();
    out.incremental.add(ms_since(t));
    if (r.applications + r.conversations + r.ratings + r.reports != 1000)
      fmt::print("  (round {}: {} entities changed)\n", round, r.applications + r.conversations + r.ratings + r.reports);
    t = Clock::now();
    if (topic.sync().changed()) throw std::runtime_error("idle sync changed something");
    out.idle.add(ms_since(t));
  }
  fmt::print("[{}] incremental sync of 1,000 changed entities: {}; idle sync: {}\n", store, out.incremental.text(),
             out.idle.text());

  out.built = measure(*db, def, p, runs, "as built");

  auto indexes = fact_indexes(*db);
  for (const auto& i : indexes) exec(*db, "DROP INDEX " + i.name);
  out.bare = measure(*db, def, p, std::max(3, runs / 2), "baseline: fact tables' secondary indexes dropped");
  t = Clock::now();
  for (const auto& i : indexes) exec(*db, i.sql);
  fmt::print("[{}] {} indexes re-created in {:.1f} s\n", store, indexes.size(), ms_since(t) / 1e3);

  if (auto tries = split_statements(env("COCKPIT_TRY_INDEXES")); !tries.empty()) {
    t = Clock::now();
    for (const auto& s : tries) exec(*db, s);
    if (db->dialect() == db::Dialect::postgresql) exec(*db, "ANALYZE");
    fmt::print("[{}] candidate indexes created in {:.1f} s\n", store, ms_since(t) / 1e3);
    out.tried = measure(*db, def, p, runs, "with the candidate indexes");
    out.have_tried = true;
    fmt::print("[{}] {}\n", store, size_text(*db, sqlite_path));
  }

  if (env("COCKPIT_REBUILD", "1") != "0") {
    t = Clock::now();
    auto rb = topic.rebuild();
    out.rebuild_s = ms_since(t) / 1e3;
    fmt::print("[{}] rebuild(): {:.1f} s, {} upserts\n", store, out.rebuild_s,
               rb.applications + rb.conversations + rb.ratings + rb.reports);
  }
  return out;
}

void print_summary(const Summary& s) {
  auto row = [](const char* what, auto pick, const Summary& s) {
    std::string line = fmt::format("| {} | {:.0f} / {:.0f}", what, pick(s.built).q(0.5), pick(s.built).q(0.99));
    line += fmt::format(" | {:.0f} / {:.0f}", pick(s.bare).q(0.5), pick(s.bare).q(0.99));
    if (s.have_tried) line += fmt::format(" | {:.0f} / {:.0f}", pick(s.tried).q(0.5), pick(s.tried).q(0.99));
    fmt::print("{} |\n", line);
  };
  fmt::print("\n{}: audit {} rows in {:.1f} s; first build {:.1f} s ({:.0f} facts/s, {:.0f} upserts/s); incremental "
             "1,000: p50 {:.0f} ms; idle {:.1f} ms; rebuild {:.1f} s\n",
             s.store, s.audit_rows, s.audit_s, s.build_s, s.facts / s.build_s, s.upserts / s.build_s,
             s.incremental.q(0.5), s.idle.q(0.5), s.rebuild_s);
  fmt::print("| read (ms, p50 / p99) | as built | indexes dropped |{}\n| --- | --- | --- |{}\n",
             s.have_tried ? " candidate indexes |" : "", s.have_tried ? " --- |" : "");
  row("overview, month", [](const Reads& r) -> const Stats& { return r.month; }, s);
  row("overview, month, one department", [](const Reads& r) -> const Stats& { return r.month_dept; }, s);
  row("overview, year", [](const Reads& r) -> const Stats& { return r.year; }, s);
  for (const char* g : {"department", "item", "unit", "month"}) {
    if (!s.built.by.count(g)) continue;
    std::string what = fmt::format("breakdowns by {}, year", g);
    row(what.c_str(), [g](const Reads& r) -> const Stats& { return r.by.at(g); }, s);
  }
  row("drill, 500 rows, year", [](const Reads& r) -> const Stats& { return r.drill; }, s);
  row("service index, month", [](const Reads& r) -> const Stats& { return r.index_month; }, s);
  row("index trend, 12 months", [](const Reads& r) -> const Stats& { return r.trend; }, s);
}

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_level(spdlog::level::warn);
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // progress shows when the output goes to a file
  Scale scale;
  if (argc > 1) scale.applications = std::atoi(argv[1]);
  if (argc > 2) scale.conversations = std::atoi(argv[2]);
  if (argc > 3) scale.ratings = std::atoi(argv[3]);
  if (argc > 4) scale.reports = std::atoi(argv[4]);
  int runs = std::max(3, std::atoi(env("RUNS", "20").c_str()));
  std::string stores = env("COCKPIT_STORES", "sqlite,postgresql");

  std::filesystem::path source(HAOBAN_SOURCE_DIR);
  auto defs = defs::load_dir_or_throw(source / "data/definitions");
  std::vector<ItemRef> items;
  for (const auto& i : defs.items) items.push_back({i.code, i.name, i.department.id, i.promised_days});
  auto cal = WorkingCalendar::load_dir(source / "data/calendar");
  auto loaded = an::load_index(source / "data/definitions/service-index.yaml");
  if (!loaded.problems.empty()) throw std::runtime_error(loaded.problems[0]);
  fmt::print("scale: {} applications, {} help conversations, {} ratings, {} 办不成事 reports over {} items; RUNS={}\n",
             scale.applications, scale.conversations, scale.ratings, scale.reports, items.size(), runs);

  std::vector<Summary> done;
  if (stores.find("sqlite") != std::string::npos) {
    haoban::testing::TempDir dir;
    std::string path = (dir.path() / "cockpit.db").string();
    done.push_back(run_store("SQLite", "sqlite:" + path, path, cal, items, loaded.definition, scale, runs));
  }
  if (stores.find("postgresql") != std::string::npos) {
    if (!haoban::testing::PgDatabase::available()) {
      fmt::print("PostgreSQL skipped: HAOBAN_PG_ENV is not set (scripts/pg-test-server.sh start DIR; HAOBAN_PG_ENV=DIR/env)\n");
    } else {
      haoban::testing::PgDatabase pg;
      done.push_back(run_store("PostgreSQL", pg.url(), "", cal, items, loaded.definition, scale, runs));
    }
  }
  for (const auto& s : done) print_summary(s);
  for (const auto& s : done)
    if (s.store == "PostgreSQL") {
      double worst = s.built.year.q(0.99);
      for (const auto& [g, st] : s.built.by) worst = std::max(worst, st.q(0.99));
      fmt::print("\ntarget (PostgreSQL: year overview and every breakdown p99 < 1 s): worst p99 {:.0f} ms — {}\n", worst,
                 worst < 1000 ? "holds" : "does NOT hold");
    }
  return 0;
}
