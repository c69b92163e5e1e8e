// Loading policies (免申即享) and the entity model: mistakes reported at their file, line and column.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "defs/defs.h"
#include "defs/defs_testing.h"
#include "testing/testing.h"

namespace haoban::defs {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr std::string_view kPolicy = "policies/BS-2026-ZJTX-AWARD.yaml";

// Loads minimal_files() + policy_files() with `changes` (file → content; "" deletes); returns the
// problems with paths relative to the directory.
std::vector<std::string> problems(const testing::Files& changes, LoadResult* out = nullptr) {
  auto files = testing::minimal_files();
  for (auto& [k, v] : testing::policy_files()) files[k] = v;
  for (const auto& [k, v] : changes) {
    if (v.empty()) files.erase(k);
    else files[k] = v;
  }
  haoban::testing::TempDir dir;
  testing::write_files(dir.path(), files);
  auto res = load_dir(dir.path());
  std::vector<std::string> list;
  const std::string prefix = dir.path().string() + "/";
  for (const auto& p : res.problems) {
    std::string s = p.to_string();
    if (s.rfind(prefix, 0) == 0) s = s.substr(prefix.size());
    list.push_back(s);
  }
  if (out) *out = std::move(res);
  return list;
}

// The example policy with `from` replaced by `to`.
testing::Files patched(const std::string& from, const std::string& to) {
  std::string s = testing::policy_files().at(std::string(kPolicy));
  auto at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return {{std::string(kPolicy), s}};
}

TEST(Policies, ExampleLoadsWithDatedParametersAndTests) {
  LoadResult res;
  ASSERT_THAT(problems({}, &res), IsEmpty());
  const Policy* p = res.defs.policy("BS-2026-ZJTX-AWARD");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->target, EntityKind::enterprise);
  ASSERT_EQ(p->parameters.size(), 1u);
  const auto& award = p->parameters[0];
  EXPECT_EQ(award.at(*parse_date("2026-06-30"))->value.to_string(), "200000");
  EXPECT_EQ(award.at(*parse_date("2026-07-01"))->value.to_string(), "300000");
  EXPECT_EQ(award.at(*parse_date("2024-12-31")), nullptr);
  ASSERT_EQ(p->tests.size(), 5u);
  EXPECT_EQ(boost::json::serialize(p->tests[0].entity),
            R"({"district_code":"310113","qualifications":["专精特新"],"employees":50,"credit":{"dishonest":false}})");
  EXPECT_EQ(p->version.size(), 64u);
}

TEST(Policies, VersionFollowsTheRulesNotTheTests) {
  LoadResult a, b, c;
  problems({}, &a);
  problems(patched("name: dishonest", "name: 失信"), &b);
  problems(patched("employees >= 10", "employees >= 20"), &c);
  EXPECT_EQ(a.defs.policies[0].version, b.defs.policies[0].version);
  EXPECT_NE(a.defs.policies[0].version, c.defs.policies[0].version);
}

TEST(Policies, UnknownPathsAndTypeErrorsAreReportedInTheExpression) {
  EXPECT_THAT(problems(patched("enterprise.district_code ==", "enterprise.district ==")),
              ElementsAre(::testing::HasSubstr("BS-2026-ZJTX-AWARD.yaml:14:11: 'when': unknown path 'enterprise.district'")));
  EXPECT_THAT(problems(patched("enterprise.employees >= 10", "enterprise.employees >= \"10\"")),
              ElementsAre(::testing::HasSubstr("BS-2026-ZJTX-AWARD.yaml:20:32: 'when': operator '>=' needs numbers or dates")));
  EXPECT_THAT(problems(patched("amount: params.award", "amount: params.bonus")),
              ElementsAre(::testing::HasSubstr("'amount': ")));
  EXPECT_THAT(problems(patched("amount: params.award", "amount: enterprise.district_code")),
              ElementsAre(::testing::HasSubstr("'amount': ")));
}

TEST(Policies, ParametersMustBeDatedWithoutOverlapsAndCoverTheStart) {
  EXPECT_THAT(problems(patched("award: {2025-01-01: 200000, 2026-07-01: 300000}", "award: 300000")),
              ElementsAre("policies/BS-2026-ZJTX-AWARD.yaml:11:10: parameter 'award' must be dated: write "
                          "{YYYY-MM-DD: value}, the day each value takes effect"));
  EXPECT_THAT(problems(patched("award: {2025-01-01: 200000, 2026-07-01: 300000}",
                               "award:\n    - {from: 2025-01-01, to: 2026-07-01, value: 200000}\n"
                               "    - {from: 2026-07-01, value: 300000}")),
              ElementsAre(::testing::HasSubstr("the value from 2026-07-01 overlaps the one from 2025-01-01")));
  EXPECT_THAT(problems(patched("award: {2025-01-01: 200000, 2026-07-01: 300000}", "award: {2026-02-01: 300000}")),
              ElementsAre("policies/BS-2026-ZJTX-AWARD.yaml:11:3: parameter 'award' has no value on 2026-01-01, when "
                          "the policy takes effect"));
  EXPECT_THAT(problems(patched("2026-07-01: 300000", "2026-07-32: 300000")),
              ElementsAre(::testing::HasSubstr("must be a date YYYY-MM-DD")));
}

TEST(Policies, TestEntitiesAreCheckedAgainstTheModel) {
  EXPECT_THAT(problems(patched("employees: 50,\n", "staff: 50,\n")),
              ElementsAre("policies/BS-2026-ZJTX-AWARD.yaml:31:69: unknown attribute 'enterprise.staff' (see "
                          "entities.yaml)"));
  EXPECT_THAT(problems(patched("employees: 50,\n", "employees: fifty,\n")),
              ElementsAre(::testing::HasSubstr("enterprise.employees must be a whole number")));
  EXPECT_THAT(problems(patched("expect: {outcome: eligible, amount: \"300000\"}", "expect: {outcome: paid}")),
              ElementsAre(::testing::HasSubstr("unknown outcome 'paid'")));
  EXPECT_THAT(problems(patched("failed: [in_district, size]", "failed: [in_district, headcount]")),
              ElementsAre(::testing::HasSubstr("expects unknown criterion 'headcount' to fail")));
}

TEST(Policies, ShapeMistakes) {
  EXPECT_THAT(problems(patched("kind: fund", "kind: grant")), ElementsAre(::testing::HasSubstr("unknown kind 'grant'")));
  EXPECT_THAT(problems(patched("department: scjg", "department: nowhere")),
              ElementsAre(::testing::HasSubstr("unknown department 'nowhere'")));
  EXPECT_THAT(problems(patched("id: BS-2026-ZJTX-AWARD", "id: BS-2026-OTHER")),
              ElementsAre(::testing::HasSubstr("must be in a file named BS-2026-OTHER.yaml")));
  EXPECT_THAT(problems(patched("  - id: size\n", "  - id: certified\n")),
              ::testing::Contains("policies/BS-2026-ZJTX-AWARD.yaml:19:5: criterion id 'certified' is used twice in this policy"));
  EXPECT_THAT(problems({{"entities.yaml", "enterprise:\n  - {path: employees, type: integer, label: 人数}\n"}}),
              ::testing::Contains(::testing::HasSubstr("entities.yaml:2:29: unknown type 'integer'")));
}

TEST(Policies, AttributeSourcesMustExistAndFit) {
  auto model = testing::policy_files().at("entities.yaml");
  auto with = [&](const std::string& from) {
    std::string s = model;
    s.replace(s.find("label: 从业人数}"), std::string("label: 从业人数}").size(), "label: 从业人数, from: " + from + "}");
    return testing::Files{{"entities.yaml", s}};
  };
  EXPECT_THAT(problems(with("registry.employees")), ElementsAre(::testing::HasSubstr("unknown source 'registry'")));
}

}  // namespace
}  // namespace haoban::defs
