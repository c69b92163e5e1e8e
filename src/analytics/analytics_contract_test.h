// The cockpit's indicators and the service index against the fixture computed by hand
// (docs/metrics.md), as a contract both stores must keep: analytics_test.cpp runs it on SQLite,
// analytics_pgtest.cpp on PostgreSQL. Five applications, three help conversations, four ratings, two
// 办不成事 reports and four 免申即享 grants around November 2026, kept in the topic database by syncing
// the audit log; five knowledge entries and their use, synced from the knowledge base's own feed.
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "analytics/facts.h"
#include "analytics/indicators.h"
#include "analytics/service_index.h"
#include "core/error.h"
#include "testing/testing.h"

namespace haoban::analytics::contract {

using namespace std::chrono;

inline Date ymd(int y, unsigned m, unsigned d) { return year{y} / month{m} / day{d}; }

inline ApplicationFact app(long long id, std::string dept, std::string channel, std::string submitted, int shown, int count,
                    std::string decided, std::string decision, int corrections, int on_time, double fill, int exempt) {
  ApplicationFact a;
  a.id = id;
  a.department = std::move(dept);
  a.item = a.department == "scjg" ? "SCJG-011" : "RSJ-001";
  a.channel = std::move(channel);
  a.status = decided.empty() ? "accepted" : decision;
  a.submitted_on = std::move(submitted);
  a.decided_on = std::move(decided);
  a.prefill_shown = shown;
  a.prefill_count = count;
  a.decision = std::move(decision);
  a.corrections = corrections;
  a.on_time = on_time;
  a.fill_minutes = fill;
  a.exempt_materials = exempt;
  return a;
}

struct Env {
  // `store`: a SQLite path or a PostgreSQL URL, empty and unmigrated.
  explicit Env(const std::string& store) {
    db_ = db::Database::open(store, clock_, 2);
    std::vector<db::Migration> all;
    for (auto span : {db::db_migrations(), TopicDb::migrations()}) all.insert(all.end(), span.begin(), span.end());
    db_->migrate(all);
    apps_[1] = app(1, "scjg", "online", "2026-11-02", 10, 8, "2026-11-05", "approved", 0, 1, 12, 2);
    apps_[2] = app(2, "scjg", "online", "2026-11-03", 10, 0, "2026-11-10", "approved", 1, 1, 30, 0);
    apps_[3] = app(3, "rsj", "counter", "2026-11-04", 0, 0, "2026-11-20", "denied", 0, 0, -1, 1);
    apps_[4] = app(4, "rsj", "online", "2026-11-05", 5, 5, "", "", 0, -1, 18, 0);
    apps_[5] = app(5, "scjg", "online", "2026-10-30", 4, 4, "2026-11-02", "approved", 0, 1, 6, 0);
    for (long long id : {1, 2, 5}) apps_[id].unit = "310113003";  // the applicants' streets/towns
    apps_[4].unit = "310113101";
    grants_[1] = {1, "P1", "kw", "enterprise", "310113003", "paid", "2026-11-03", "2026-11-10", 5000};
    grants_[2] = {2, "P1", "kw", "enterprise", "310113101", "pending", "2026-11-03", "", 5000};
    grants_[3] = {3, "P2", "rsj", "person", "", "withdrawn", "2026-11-04", "", 2000};
    grants_[4] = {4, "P2", "rsj", "person", "", "paid", "2026-10-20", "2026-11-02", 2000};
    kb_[1] = {1, "scjg", "published", "2026-01-10", ""};
    kb_[2] = {2, "scjg", "retired", "2026-02-01", "2026-11-15"};
    kb_[3] = {3, "rsj", "published", "2026-11-20", ""};
    kb_[4] = {4, "rsj", "draft", "", ""};
    kb_[5] = {5, "rsj", "retired", "2025-05-01", "2026-10-31"};
    use_ = {{1, "2026-11-05", 3, 1, 0}, {2, "2026-11-10", 5, 0, 0}, {3, "2026-11-21", 0, 0, 2}, {5, "2026-10-20", 0, 1, 0}};
    help_[1] = {1, "310113003", "scjg", "SCJG-011", "2026-11-02", "closed", true, true, true, false, false, 30, true, 0, 5};
    help_[2] = {2, "310113003", "rsj", "RSJ-001", "2026-11-03", "active", true, true, false, false, false, 90, false, 0, 0};
    help_[3] = {3, "310113101", "", "", "2026-11-04", "unstaffed", false, false, false, true, false, -1, false, 0, 0};
    ratings_[1] = {1, "scjg", "SCJG-011", "online", "2026-11-06", 5, false, 0, ""};
    ratings_[2] = {2, "scjg", "SCJG-011", "help", "2026-11-06", 4, false, 0, ""};
    ratings_[3] = {3, "rsj", "RSJ-001", "counter", "2026-11-07", 1, false, 9, "closed"};
    ratings_[4] = {4, "rsj", "RSJ-001", "online", "2026-11-08", 2, true, 10, "closed"};
    reports_[1] = {1, "scjg", "SCJG-011", "system", "online", "filed", "2026-11-09", "2026-11-12", false, 0};
    reports_[2] = {2, "rsj", "", "materials", "counter", "assigned", "2026-11-10", "", true, 1};
    FactSource src;
    src.application = [this](long long id) -> std::optional<ApplicationFact> {
      ++asked_;
      if (apps_.count(id)) return apps_[id];
      return std::nullopt;
    };
    src.conversation = [this](long long id) -> std::optional<HelpFact> {
      if (help_.count(id)) return help_[id];
      return std::nullopt;
    };
    src.rating = [this](long long id) -> std::optional<RatingFact> {
      if (ratings_.count(id)) return ratings_[id];
      return std::nullopt;
    };
    src.report = [this](long long id) -> std::optional<ReportFact> {
      if (reports_.count(id)) return reports_[id];
      return std::nullopt;
    };
    src.rating_of_task = [](long long task) -> std::optional<long long> {
      if (task == 9) return 3;
      return std::nullopt;
    };
    src.grant = [this](long long id) -> std::optional<GrantFact> {
      if (grants_.count(id)) return grants_[id];
      return std::nullopt;
    };
    src.grants_of_run = [](long long run) { return run == 7 ? std::vector<long long>{1, 2, 3} : std::vector<long long>{}; };
    src.knowledge_entries = [this](long long after) {
      KnowledgeChanges c;
      c.next = after;
      for (const auto& [id, e] : kb_)
        if (id > after) {
          c.entries.push_back(e);
          c.next = id;  // the fixture's change sequence is the id
        }
      return c;
    };
    src.knowledge_use = [this](const std::string& from) {
      ++use_reads_;
      std::vector<KnowledgeUseFact> out;
      for (const auto& u : use_)
        if (u.day >= from) out.push_back(u);
      return out;
    };
    topic_ = std::make_unique<TopicDb>(*db_, clock_, src);
    for (long long id = 1; id <= 5; ++id) audit("application", id);
    for (long long id = 1; id <= 3; ++id) audit("helpdesk_conversation", id);
    for (long long id = 1; id <= 4; ++id) audit("feedback_rating", id);
    for (long long id = 1; id <= 2; ++id) audit("cant_do_report", id);
    audit("policy_run", 7);  // confirming run 7 created grants 1–3
    audit("policy_grant", 4);
    clock_.advance(seconds(10));  // past the sync's margin
  }
  void audit(std::string entity, long long id) {
    db_->write([&](db::Tx& tx) { tx.audit({"test", entity + ".change", entity, std::to_string(id), "", ""}); });
  }
  double value(std::string_view key) {
    auto v = indicator(*db_, key, nov_);
    EXPECT_TRUE(v.value.has_value()) << key;
    return v.value.value_or(-1);
  }

  ManualClock clock_{sys_days(ymd(2026, 11, 27)) + hours(2)};
  std::unique_ptr<db::Database> db_;
  std::map<long long, ApplicationFact> apps_;
  std::map<long long, HelpFact> help_;
  std::map<long long, RatingFact> ratings_;
  std::map<long long, ReportFact> reports_;
  std::map<long long, GrantFact> grants_;
  std::map<long long, KnowledgeEntryFact> kb_;
  std::vector<KnowledgeUseFact> use_;
  int asked_ = 0, use_reads_ = 0;
  std::unique_ptr<TopicDb> topic_;
  Filter nov_{ymd(2026, 11, 1), ymd(2026, 11, 30), "", "", ""};
  void EveryIndicatorMatchesTheHandComputedFixture();
  void BreakdownsAndTheRowsBehindANumber();
  void SyncIsIncrementalAndARebuildAgrees();
  void TheServiceIndexMatchesTheHandComputedFixture();
};

inline void Env::EveryIndicatorMatchesTheHandComputedFixture() {
  SyncReport rep = topic_->sync();
  EXPECT_EQ(rep.applications, 5);
  EXPECT_EQ(rep.conversations, 3);
  EXPECT_EQ(rep.ratings, 4);
  EXPECT_EQ(rep.reports, 2);
  EXPECT_EQ(rep.grants, 4);
  EXPECT_EQ(rep.knowledge_entries, 5);
  EXPECT_EQ(rep.knowledge_use, 4);
  EXPECT_NEAR(value("prefill_applications"), 2.0 / 3, 1e-12);
  EXPECT_FALSE(*indicator(*db_, "prefill_applications", nov_).met) << "target > 70%";
  EXPECT_NEAR(value("prefill_fields"), 13.0 / 25, 1e-12);
  EXPECT_NEAR(value("first_time_success"), 0.5, 1e-12);
  EXPECT_NEAR(value("avg_application_minutes"), 20.0, 1e-12);
  EXPECT_TRUE(*indicator(*db_, "avg_application_minutes", nov_).met) << "target <= 20 minutes";
  EXPECT_NEAR(value("on_time_rate"), 0.75, 1e-12);
  EXPECT_NEAR(value("online_rate"), 0.75, 1e-12);
  EXPECT_NEAR(value("materials_exempted"), 3, 1e-12);
  EXPECT_NEAR(value("help_resolution"), 0.5, 1e-12);
  EXPECT_NEAR(value("first_response_seconds"), 60, 1e-12);
  EXPECT_FALSE(*indicator(*db_, "first_response_seconds", nov_).met) << "target < 60 s";
  EXPECT_NEAR(value("first_response_within_1min"), 0.5, 1e-12);
  EXPECT_NEAR(value("satisfaction_rate"), 2.0 / 3, 1e-12);
  EXPECT_NEAR(value("bad_rating_closure"), 1.0, 1e-12);
  EXPECT_NEAR(value("cant_do_reports"), 2, 1e-12);
  EXPECT_NEAR(value("cant_do_closure"), 0.5, 1e-12);
  EXPECT_NEAR(value("kb_entries"), 2, 1e-12) << "E1 and E3 in force on 30 November";
  EXPECT_FALSE(*indicator(*db_, "kb_entries", nov_).met) << "target >= 20,000";
  EXPECT_NEAR(value("kb_usage_rate"), 2.0 / 3, 1e-12) << "E1 opened, E3 answered; E2 only retrieved";
  EXPECT_NEAR(value("policy_coverage"), 0.5, 1e-12) << "G1 paid of G1, G2 (G3 withdrawn)";
  EXPECT_NEAR(value("policy_amount"), 7000, 1e-9) << "G1 and G4 paid in November";
  auto dist = indicator(*db_, "ratings_distribution", nov_);
  EXPECT_NEAR(*dist.value, 3, 1e-12);
  std::vector<std::pair<std::string, double>> parts;
  for (const auto& p : dist.parts) parts.emplace_back(p.label, p.value);
  EXPECT_THAT(parts, ::testing::ElementsAre(std::pair<std::string, double>{"非常满意", 1}, std::pair<std::string, double>{"满意", 1},
                                            std::pair<std::string, double>{"基本满意", 0}, std::pair<std::string, double>{"不满意", 0},
                                            std::pair<std::string, double>{"非常不满意", 1}));
  auto review = indicator(*db_, "prereview_usage", nov_);
  EXPECT_FALSE(review.value) << "no pre-review module records anything yet";
  EXPECT_FALSE(review.note.empty()) << "the cockpit says why";
  EXPECT_EQ(indicators(*db_, nov_).size(), indicator_keys().size());
  // The overview shares one scan per table and period: it must say what each indicator says alone.
  Filter scjg_nov = nov_, street_nov = nov_, year{ymd(2026, 1, 1), ymd(2026, 12, 31), "", "", ""};
  scjg_nov.department = "scjg";
  street_nov.unit = "310113003";
  for (const Filter& f : {nov_, scjg_nov, street_nov, year}) {
    auto all = indicators(*db_, f);
    for (const auto& v : all) {
      auto alone = indicator(*db_, v.key, f);
      EXPECT_EQ(v.value.has_value(), alone.value.has_value()) << v.key;
      if (v.value && alone.value) {
        EXPECT_NEAR(*v.value, *alone.value, 1e-9) << v.key;
      }
      EXPECT_EQ(v.numerator, alone.numerator) << v.key;
      EXPECT_EQ(v.denominator, alone.denominator) << v.key;
      EXPECT_EQ(v.parts.size(), alone.parts.size()) << v.key;
    }
  }
  EXPECT_THROW(indicator(*db_, "nonsense", nov_), Error);

  Filter oct{ymd(2026, 10, 1), ymd(2026, 10, 31), "", "", ""};
  auto empty = indicator(*db_, "first_time_success", oct);
  EXPECT_FALSE(empty.value) << "nothing decided in October: no value, not 0%";
  EXPECT_FALSE(empty.met);
}

inline void Env::BreakdownsAndTheRowsBehindANumber() {
  topic_->sync();
  auto by_dept = breakdown(*db_, "first_time_success", nov_, GroupBy::department);
  ASSERT_EQ(by_dept.size(), 2u);
  EXPECT_EQ(by_dept[0].first, "scjg");
  EXPECT_NEAR(*by_dept[0].second.value, 2.0 / 3, 1e-12);
  EXPECT_EQ(by_dept[1].first, "rsj");
  EXPECT_NEAR(*by_dept[1].second.value, 0.0, 1e-12);
  auto by_unit = breakdown(*db_, "help_resolution", nov_, GroupBy::unit);
  ASSERT_EQ(by_unit.size(), 1u) << "the unstaffed one was never assigned";
  EXPECT_EQ(by_unit[0].first, "310113003");
  auto apps_by_unit = breakdown(*db_, "online_rate", nov_, GroupBy::unit);
  ASSERT_EQ(apps_by_unit.size(), 3u) << "applications by the applicant's street/town";
  EXPECT_EQ(apps_by_unit[0].first, "310113003");
  EXPECT_NEAR(*apps_by_unit[0].second.value, 1.0, 1e-12);
  EXPECT_EQ(apps_by_unit[1].first, "") << "a resident's counter application: no street known";
  EXPECT_THROW(breakdown(*db_, "satisfaction_rate", nov_, GroupBy::unit), Error);
  EXPECT_THROW(breakdown(*db_, "kb_usage_rate", nov_, GroupBy::item), Error) << "entries are not per item";
  EXPECT_THROW(breakdown(*db_, "kb_entries", nov_, GroupBy::month), Error) << "a stock at the period's end";
  EXPECT_TRUE(breakdown(*db_, "prereview_usage", nov_, GroupBy::department).empty());
  auto grants_by_dept = breakdown(*db_, "policy_amount", nov_, GroupBy::department);
  ASSERT_EQ(grants_by_dept.size(), 2u);
  EXPECT_EQ(grants_by_dept[0].first, "kw");  // 1 grant paid vs 1: equal denominators, by name
  EXPECT_NEAR(*grants_by_dept[0].second.value, 5000, 1e-9);
  Filter street = nov_;
  street.unit = "310113003";
  EXPECT_NEAR(*indicator(*db_, "online_rate", street).value, 1.0, 1e-12);
  EXPECT_NEAR(*indicator(*db_, "policy_amount", street).value, 5000, 1e-9);
  EXPECT_THROW(indicator(*db_, "satisfaction_rate", street), Error);
  Filter year{ymd(2026, 1, 1), ymd(2026, 12, 31), "", "", ""};
  auto by_month = breakdown(*db_, "online_rate", year, GroupBy::month);
  ASSERT_EQ(by_month.size(), 2u);
  EXPECT_EQ(by_month[0].first, "2026-10");
  EXPECT_NEAR(*by_month[1].second.value, 0.75, 1e-12);

  auto rows = drill(*db_, "on_time_rate", nov_);
  ASSERT_EQ(rows.size(), 4u);
  std::vector<long long> ids;
  for (const auto& r : rows) ids.push_back(r.id);
  EXPECT_THAT(ids, ::testing::ElementsAre(3, 2, 1, 5));
  EXPECT_FALSE(rows[0].in_numerator) << "application 3 was late";
  EXPECT_TRUE(rows[1].in_numerator);
  Filter scjg = nov_;
  scjg.department = "scjg";
  EXPECT_EQ(drill(*db_, "on_time_rate", scjg).size(), 3u);

  auto grants = drill(*db_, "policy_coverage", nov_);
  ASSERT_EQ(grants.size(), 2u);
  EXPECT_EQ(grants[0].id, 2);
  EXPECT_EQ(grants[0].item, "P1") << "a grant's item is its policy";
  EXPECT_FALSE(grants[0].in_numerator);
  EXPECT_TRUE(grants[1].in_numerator);
  auto entries = drill(*db_, "kb_usage_rate", nov_);
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].id, 3);
  EXPECT_EQ(entries[0].status, "published");
  EXPECT_TRUE(drill(*db_, "prereview_usage", nov_).empty());
}

inline void Env::SyncIsIncrementalAndARebuildAgrees() {
  topic_->sync();
  int asked = asked_;
  EXPECT_FALSE(topic_->sync().changed()) << "nothing new in the audit log";
  EXPECT_EQ(asked_, asked);
  // Read one audit row at a time, an entity named three times is still asked for once.
  for (long long id : {1, 3, 1, 1}) audit("application", id);
  clock_.advance(seconds(10));
  EXPECT_EQ(topic_->sync(1).applications, 2);
  EXPECT_EQ(asked_, asked + 2);
  asked = asked_;
  apps_[4].decided_on = "2026-11-26";
  apps_[4].decision = "approved";
  apps_[4].on_time = 1;
  audit("application", 4);
  audit("feedback_task", 9);  // a rating's task changed: the rating's facts are refreshed
  clock_.advance(seconds(10));
  SyncReport rep = topic_->sync();
  EXPECT_EQ(rep.applications, 1);
  EXPECT_EQ(rep.ratings, 1);
  EXPECT_EQ(asked_, asked + 1) << "only what changed is asked for";
  EXPECT_NEAR(value("on_time_rate"), 0.8, 1e-12);
  apps_.erase(2);  // gone (e.g. withdrawn before submission): its facts go too
  audit("application", 2);
  clock_.advance(seconds(10));
  topic_->sync();
  EXPECT_EQ(drill(*db_, "online_rate", nov_).size(), 3u);
  double before = value("first_time_success");

  // Knowledge: an edit moves the entry's change sequence; use on the last day read is read again.
  kb_[6] = {6, "scjg", "published", "2026-11-25", ""};
  use_[2].answers = 3;  // E3 on 21 November, the last day read: its counters grew since
  use_.push_back({2, "2026-11-26", 0, 1, 0});
  use_.push_back({6, "2026-11-26", 0, 0, 1});
  clock_.advance(seconds(10));
  rep = topic_->sync();
  EXPECT_EQ(rep.knowledge_entries, 1) << "only E6 is new";
  EXPECT_EQ(rep.knowledge_use, 3) << "from 21 November on";
  EXPECT_NEAR(value("kb_entries"), 3, 1e-12);
  EXPECT_NEAR(value("kb_usage_rate"), 1.0, 1e-12) << "E1, E2, E3 and E6 all used";
  grants_[2].state = "paid";
  grants_[2].paid_on = "2026-11-26";
  audit("policy_grant", 2);
  clock_.advance(seconds(10));
  EXPECT_EQ(topic_->sync().grants, 1);
  EXPECT_NEAR(value("policy_coverage"), 1.0, 1e-12);
  EXPECT_NEAR(value("policy_amount"), 12000, 1e-9);

  double usage = value("kb_usage_rate"), amount = value("policy_amount");
  topic_->rebuild();
  EXPECT_DOUBLE_EQ(value("first_time_success"), before);
  EXPECT_DOUBLE_EQ(value("kb_usage_rate"), usage);
  EXPECT_DOUBLE_EQ(value("policy_amount"), amount);
}

// The service index on the same fixture, computed by hand in docs/metrics.md ("Service index").
inline void Env::TheServiceIndexMatchesTheHandComputedFixture() {
  topic_->sync();
  auto loaded = load_index(haoban::testing::source_dir() / "data/definitions/service-index.yaml");
  ASSERT_TRUE(loaded.problems.empty()) << loaded.problems[0];
  auto index = service_index(*db_, loaded.definition, ymd(2026, 11, 1), ymd(2026, 11, 30));
  ASSERT_EQ(index.size(), 2u);
  EXPECT_EQ(index[0].department, "scjg");
  EXPECT_EQ(index[0].rank, 1);
  EXPECT_NEAR(*index[0].score, 93.6111111, 1e-6);
  EXPECT_EQ(index[1].department, "rsj");
  EXPECT_EQ(index[1].rank, 2);
  EXPECT_NEAR(*index[1].score, 33.5555556, 1e-6);
  // The previous period (2–31 October) has only A5's submission: scjg's process dimension alone,
  // online 100%, prefilled, 6 minutes → 100.
  ASSERT_TRUE(index[0].previous);
  EXPECT_NEAR(*index[0].previous, 100.0, 1e-9);
  EXPECT_FALSE(index[1].previous) << "rsj had nothing in October";
  double sum = 0;
  for (const auto& c : index[1].contributions) sum += c.points;
  EXPECT_NEAR(sum, *index[1].score, 1e-9) << "the contributions add up to the index";
  auto trend = index_trend(*db_, loaded.definition, "scjg", ymd(2026, 11, 30), 3);
  ASSERT_EQ(trend.size(), 3u);
  EXPECT_EQ(trend[2].first, "2026-11");
  EXPECT_NEAR(*trend[2].second, 93.6111111, 1e-6);
  EXPECT_FALSE(trend[0].second) << "September: nothing to count";
  EXPECT_NEAR(*trend[1].second, 100.0, 1e-9);
}

}  // namespace haoban::analytics::contract
