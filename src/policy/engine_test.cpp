// The policy engine: outcomes kept distinct, Kleene logic for missing inputs, dated parameters,
// explanations, the batch run agreeing with one-at-a-time decisions, entity files with bad lines.
#include "policy/engine.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <random>
#include <sstream>

#include "core/error.h"
#include "defs/defs_testing.h"
#include "policy/json.h"
#include "testing/testing.h"

namespace haoban::policy {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

namespace json = boost::json;

// A second policy: pays 1,000 yuan per employee above 10, capped, with a decimal rate; reads
// revenue only in its amount; fails at run time when revenue is 0 (a deliberate division).
constexpr const char* kPerHead = R"(id: BS-TEST-PERHEAD
title: 测试按人补贴
department: scjg
kind: fund
target: enterprise
mode: confirm
effective: {from: 2026-01-01}
legal_basis: 测试
parameters:
  per_head: {2026-01-01: 1000}
  cap: {2026-01-01: 50000}
eligibility:
  - {id: in_district, when: 'enterprise.district_code == "310113"', reason: 注册地在宝山区}
  - {id: hires, when: enterprise.employees > 10, reason: 从业人员超过10人}
  - {id: young, when: 'years_between(enterprise.established_on, today()) < 5', reason: 成立未满5年}
benefit:
  amount: 'min((enterprise.employees - 10) * params.per_head, params.cap) + 100 / enterprise.revenue * 0'
)";

class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto files = defs::testing::minimal_files();
    for (auto& [k, v] : defs::testing::policy_files()) files[k] = v;
    files["policies/BS-TEST-PERHEAD.yaml"] = kPerHead;
    defs::testing::write_files(dir_.path(), files);
    auto res = defs::load_dir(dir_.path());
    std::string all;
    for (const auto& p : res.problems) all += p.to_string() + "\n";
    ASSERT_TRUE(res.problems.empty()) << all;
    defs_ = std::make_unique<defs::Definitions>(std::move(res.defs));
    engine_ = std::make_unique<Engine>(*defs_);
  }

  Population one(const char* attributes) {
    Population pop(defs_->entities, EntityKind::enterprise);
    pop.add("e1", json::parse(attributes).as_object());
    return pop;
  }
  Decision award(const char* attributes, const char* date = "2026-08-01") {
    auto pop = one(attributes);
    return engine_->decide(static_cast<std::size_t>(engine_->index("BS-2026-ZJTX-AWARD")), pop, 0, *parse_date(date));
  }
  Decision per_head(const char* attributes, const char* date = "2026-08-01") {
    auto pop = one(attributes);
    return engine_->decide(static_cast<std::size_t>(engine_->index("BS-TEST-PERHEAD")), pop, 0, *parse_date(date));
  }

  haoban::testing::TempDir dir_;
  std::unique_ptr<defs::Definitions> defs_;
  std::unique_ptr<Engine> engine_;
};

TEST_F(EngineTest, ThePoliciesOwnTestsPass) {
  auto report = run_tests(*engine_);
  std::string all;
  for (const auto& f : report.failures) all += f.to_string() + "\n";
  EXPECT_EQ(report.passed, 5) << all;
  EXPECT_THAT(report.failures, IsEmpty()) << all;
}

TEST_F(EngineTest, AFailingTestSaysWhatDiffered) {
  auto& p = const_cast<defs::Policy&>(*defs_->policy("BS-2026-ZJTX-AWARD"));
  p.tests[0].amount = "200000";  // the July raise made it 300000
  p.tests[1].outcome = "ineligible";
  auto report = run_tests(*engine_);
  ASSERT_EQ(report.failures.size(), 2u);
  EXPECT_THAT(report.failures[0].to_string(), HasSubstr("test 'eligible after the July raise': expected amount 200000, got 300000"));
  EXPECT_THAT(report.failures[1].message, "expected ineligible, got undecided (missing: [enterprise.employees])");
}

TEST_F(EngineTest, MissingIsNeverFalseOrZero) {
  // No criterion failed and employees is unknown: undecided, naming exactly the missing input.
  auto d = award(R"({"district_code": "310113", "qualifications": ["专精特新"], "credit": {"dishonest": false}})");
  EXPECT_EQ(d.outcome, Outcome::undecided);
  EXPECT_THAT(d.missing, ElementsAre("enterprise.employees"));
  EXPECT_FALSE(d.amount);
  // A known failure decides even when other inputs are missing (false && unknown is false).
  d = award(R"({"district_code": "310112"})");
  EXPECT_EQ(d.outcome, Outcome::ineligible);
  EXPECT_THAT(d.failed, ElementsAre("in_district"));
  EXPECT_THAT(d.missing, ElementsAre("enterprise.qualifications", "enterprise.employees"));
  EXPECT_FALSE(d.near_miss()) << "unknown inputs could fail more criteria";
  // An unknown risk keeps an otherwise eligible entity from being paid unchecked.
  d = award(R"({"district_code": "310113", "qualifications": ["专精特新"], "employees": 50})");
  EXPECT_EQ(d.outcome, Outcome::undecided);
  EXPECT_THAT(d.missing, ElementsAre("enterprise.credit.dishonest"));
}

TEST_F(EngineTest, ParametersResolveAtTheEvaluationDate) {
  const char* e = R"({"district_code": "310113", "qualifications": ["专精特新"], "employees": 50, "credit": {"dishonest": false}})";
  EXPECT_EQ(award(e, "2026-06-30").amount->to_string(), "200000");
  EXPECT_EQ(award(e, "2026-07-01").amount->to_string(), "300000");
  EXPECT_EQ(award(e, "2025-12-31").outcome, Outcome::not_in_force);
  EXPECT_EQ(award(e, "2027-01-01").outcome, Outcome::not_in_force);
}

TEST_F(EngineTest, NearMissExplainsWhatWouldChangeTheResult) {
  auto d = award(R"({"district_code": "310113", "qualifications": ["专精特新"], "employees": 8, "credit": {"dishonest": false}})");
  EXPECT_EQ(d.outcome, Outcome::ineligible);
  EXPECT_TRUE(d.near_miss());
  ASSERT_EQ(d.criteria.size(), 3u);
  EXPECT_EQ(d.criteria[2].verdict, Verdict::failed);
  EXPECT_EQ(d.criteria[2].reason, "从业人员10至1000人");
  EXPECT_THAT(d.criteria[2].explanation, HasSubstr("enterprise.employees >= 10"));
  EXPECT_THAT(d.criteria[2].explanation, HasSubstr("8"));
  EXPECT_TRUE(d.criteria[0].explanation.empty()) << "criteria that held need no explanation";
  EXPECT_EQ(d.inputs.at("enterprise.employees").as_int64(), 8);
  EXPECT_EQ(d.inputs.at("enterprise.district_code").as_string(), "310113");
  auto j = decision_json(d, true);
  EXPECT_EQ(j.at("near_miss").as_bool(), true);
  EXPECT_EQ(j.at("version").as_string(), defs_->policy("BS-2026-ZJTX-AWARD")->version);
}

TEST_F(EngineTest, BlockedKeepsTheAmountItWouldPayAndTheRisk) {
  auto d = award(R"({"district_code": "310113", "qualifications": ["专精特新"], "employees": 50, "credit": {"dishonest": true}})");
  EXPECT_EQ(d.outcome, Outcome::blocked);
  EXPECT_THAT(d.blocked_by, ElementsAre("dishonest"));
  EXPECT_EQ(d.amount->to_string(), "300000");
  EXPECT_EQ(json::serialize(decision_line(d)),
            R"({"entity":"e1","policy":"BS-2026-ZJTX-AWARD","outcome":"blocked","amount":"300000","blocked_by":["dishonest"]})");
}

TEST_F(EngineTest, AmountsAreExactAndRunTimeErrorsAreTheirOwnOutcome) {
  auto d = per_head(R"({"district_code": "310113", "employees": 23, "established_on": "2024-03-01", "revenue": "1.5"})");
  EXPECT_EQ(d.outcome, Outcome::eligible);
  EXPECT_EQ(d.amount->to_string(), "13000");
  d = per_head(R"({"district_code": "310113", "employees": 500, "established_on": "2024-03-01", "revenue": 3})");
  EXPECT_EQ(d.amount->to_string(), "50000") << "capped";
  d = per_head(R"({"district_code": "310113", "employees": 23, "established_on": "2024-03-01", "revenue": 0})");
  EXPECT_EQ(d.outcome, Outcome::error);
  EXPECT_THAT(d.error, HasSubstr("division by zero"));
  d = per_head(R"({"district_code": "310113", "employees": 23, "established_on": "2019-03-01", "revenue": 1})");
  EXPECT_EQ(d.outcome, Outcome::ineligible);
  EXPECT_THAT(d.failed, ElementsAre("young"));
}

TEST_F(EngineTest, TheBatchRunAgreesWithOneAtATimeDecisions) {
  // A random population: every attribute sometimes missing, values around the thresholds.
  std::mt19937 rng(7);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  Population pop(defs_->entities, EntityKind::enterprise);
  for (int i = 0; i < 3000; ++i) {
    json::object o;
    if (pick(10)) o["district_code"] = pick(4) ? "310113" : "310112";
    if (pick(10)) o["qualifications"] = pick(2) ? json::array{"专精特新"} : json::array{"高新技术企业"};
    if (pick(10)) o["employees"] = pick(60);
    if (pick(10)) o["established_on"] = fmt::format("20{:02}-0{}-15", 15 + pick(12), 1 + pick(9));
    if (pick(10)) o["revenue"] = std::to_string(pick(5));
    if (pick(10)) o["credit"] = json::object{{"dishonest", pick(8) == 0}};
    pop.add("e" + std::to_string(i), o);
  }
  Date as_of = *parse_date("2026-08-01");
  for (int stop : {0, 2}) {
    for (int threads : {1, 2}) {
      auto result = engine_->run(pop, {as_of, {}, threads, stop});
      ASSERT_EQ(result.policies(), 2u);
      std::size_t seen[6] = {};
      for (std::size_t p = 0; p < result.policies(); ++p) {
        std::size_t index = static_cast<std::size_t>(engine_->index(result.policy(p).id));
        for (std::size_t row = 0; row < pop.size(); ++row) {
          Decision batch = result.decision(p, row);
          Decision one = engine_->decide(index, pop, row, as_of);
          ++seen[static_cast<int>(one.outcome)];
          ASSERT_EQ(batch.outcome, one.outcome) << pop.id(row) << " " << result.policy(p).id;
          EXPECT_EQ(batch.amount, one.amount) << pop.id(row);
          EXPECT_EQ(batch.blocked_by, one.blocked_by) << pop.id(row);
          EXPECT_EQ(batch.error.empty(), one.error.empty()) << pop.id(row);
          if (stop == 0 || one.failed.size() < 2) {
            EXPECT_EQ(batch.failed, one.failed) << pop.id(row);
            EXPECT_EQ(batch.missing, one.missing) << pop.id(row);
          } else {
            EXPECT_GE(batch.failed.size(), 2u) << pop.id(row);
          }
        }
      }
      for (int o = 0; o < 6; ++o)
        if (o != static_cast<int>(Outcome::not_in_force)) {
          EXPECT_GT(seen[o], 0u) << to_string(static_cast<Outcome>(o));
        }
    }
  }
  // Totals add up: the funds of a policy are the sum of its eligible entities' amounts.
  auto result = engine_->run(pop, {as_of, {"BS-2026-ZJTX-AWARD"}, 2, 2});
  auto t = result.totals(0);
  std::size_t total = 0;
  for (auto c : t.counts) total += c;
  EXPECT_EQ(total, pop.size());
  EXPECT_EQ(t.amount, *expr::Decimal::mul(expr::Decimal::from_int(300000),
                                          expr::Decimal::from_int(static_cast<std::int64_t>(t.counts[0]))));
}

TEST_F(EngineTest, RunRefusesPoliciesForAnotherKindOrUnknown) {
  Population persons(defs_->entities, EntityKind::person);
  EXPECT_THROW(engine_->run(persons, {*parse_date("2026-08-01"), {"BS-2026-ZJTX-AWARD"}, 1, 2}), Error);
  auto pop = one("{}");
  EXPECT_THROW(engine_->run(pop, {*parse_date("2026-08-01"), {"NO-SUCH"}, 1, 2}), Error);
}

TEST(Entities, BadLinesAreReportedWithFileAndLineAndNothingIsKept) {
  auto files = defs::testing::minimal_files();
  for (auto& [k, v] : defs::testing::policy_files()) files[k] = v;
  haoban::testing::TempDir dir;
  defs::testing::write_files(dir.path(), files);
  auto defs = defs::load_dir(dir.path()).defs;
  auto error_of = [&](const std::string& text) -> std::string {
    std::istringstream in(text);
    try {
      read_entities(in, "people.jsonl", defs.entities);
    } catch (const Error& e) {
      return e.detail();
    }
    return "no error";
  };
  const std::string good = R"({"id": "a", "kind": "enterprise", "employees": 3})" "\n";
  EXPECT_EQ(error_of(good + "\n{\"id\": \"b\", \"kind\": \"enterprise\", \"employees\": \"3\"}\n"),
            "people.jsonl:3: enterprise.employees must be a whole number, got \"3\"");
  EXPECT_EQ(error_of(good + "{\"id\": \"b\", \"kind\": \"enterprise\", \"employees\": 3\n"),
            "people.jsonl:2: not valid JSON: incomplete JSON");
  EXPECT_EQ(error_of(good + "{\"id\": \"b\", \"kind\": \"company\"}\n"),
            "people.jsonl:2: unknown kind \"company\" (enterprise or person)");
  EXPECT_EQ(error_of(good + "{\"id\": \"b\", \"kind\": \"enterprise\", \"staff\": 3}\n"),
            "people.jsonl:2: unknown attribute 'enterprise.staff' (see entities.yaml)");
  EXPECT_EQ(error_of(good + good), "people.jsonl:2: entity 'a' appears twice");
  EXPECT_EQ(error_of(good + "{\"kind\": \"enterprise\"}\n"), "people.jsonl:2: \"id\" must be a non-empty string");
  EXPECT_EQ(error_of(R"({"id": "p", "kind": "person", "birth_date": "1990-02-30"})"),
            "people.jsonl:1: person.birth_date must be a date \"YYYY-MM-DD\", got \"1990-02-30\"");
  EXPECT_EQ(error_of(R"({"id": "q", "kind": "enterprise", "credit": {"dishonest": 1}})"),
            "people.jsonl:1: enterprise.credit.dishonest must be true or false, got 1");

  std::istringstream in(good + R"({"id": "p", "kind": "person", "subsistence_allowance": true, "birth_date": null})");
  auto pops = read_entities(in, "ok.jsonl", defs.entities);
  EXPECT_EQ(pops.enterprises.size(), 1u);
  ASSERT_EQ(pops.persons.size(), 1u);
  EXPECT_TRUE(pops.persons.value_json(0, 0).is_null()) << "null is unknown";
}

TEST(Entities, AddIsAllOrNothing) {
  auto files = defs::testing::minimal_files();
  for (auto& [k, v] : defs::testing::policy_files()) files[k] = v;
  haoban::testing::TempDir dir;
  defs::testing::write_files(dir.path(), files);
  auto defs = defs::load_dir(dir.path()).defs;
  Population pop(defs.entities, EntityKind::enterprise);
  EXPECT_THROW(pop.add("x", json::parse(R"({"employees": 5, "district_code": 310113})").as_object()), Error);
  EXPECT_EQ(pop.size(), 0u);
  pop.add("y", json::parse(R"({"employees": 5})").as_object());
  EXPECT_EQ(pop.value_json(0, 2).as_int64(), 5);
  EXPECT_TRUE(pop.value_json(0, 0).is_null());
}

}  // namespace
}  // namespace haoban::policy
