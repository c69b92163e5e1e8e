// Writing a policy in the workbench: a draft's errors at its lines, its tests, and its change impact
// against the published version (who gains, who loses, and which criterion changed it).
#include "policy/authoring.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "defs/defs_testing.h"
#include "testing/testing.h"

namespace haoban::policy {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

namespace json = boost::json;

// Replaces the first `from` in `text` with `to` (the test fails when there is none).
std::string edited(std::string text, std::string_view from, std::string_view to) {
  auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

class AuthoringTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto files = defs::testing::minimal_files();
    for (auto& [k, v] : defs::testing::policy_files()) files[k] = v;
    award_ = defs::testing::policy_files()["policies/BS-2026-ZJTX-AWARD.yaml"];
    defs::testing::write_files(dir_.path(), files);
    auto res = defs::load_dir(dir_.path());
    ASSERT_TRUE(res.problems.empty());
    defs_ = std::make_unique<defs::Definitions>(std::move(res.defs));
    engine_ = std::make_unique<Engine>(*defs_);
    // Three certified Baoshan enterprises of 5, 8 and 50 employees, and one outside the district.
    pop_ = std::make_unique<Population>(defs_->entities, EntityKind::enterprise);
    int n = 0;
    for (const char* e : {R"({"employees": 5})", R"({"employees": 8})", R"({"employees": 50})"}) {
      auto o = json::parse(e).as_object();
      o["district_code"] = "310113";
      o["qualifications"] = json::array{"专精特新"};
      o["credit"] = json::object{{"dishonest", false}};
      pop_->add("e" + std::to_string(++n), o);
      names_.push_back("企业" + std::to_string(n));
    }
    pop_->add("e4", json::parse(R"({"district_code": "310112", "qualifications": ["专精特新"], "employees": 50,
                                    "credit": {"dishonest": false}})")
                        .as_object());
    names_.push_back("企业4");
  }

  haoban::testing::TempDir dir_;
  std::string award_;
  std::unique_ptr<defs::Definitions> defs_;
  std::unique_ptr<Engine> engine_;
  std::unique_ptr<Population> pop_;
  std::vector<std::string> names_;
  Date as_of_ = *parse_date("2026-08-01");
};

TEST_F(AuthoringTest, ThePublishedTextChecksCleanAndItsTestsPass) {
  EXPECT_EQ(defs_->policy("BS-2026-ZJTX-AWARD")->text, award_);
  auto d = compile_draft(*defs_, award_);
  EXPECT_THAT(d.errors, IsEmpty());
  ASSERT_TRUE(d.engine);
  EXPECT_EQ(d.policy()->version, defs_->policy("BS-2026-ZJTX-AWARD")->version);
  ASSERT_EQ(d.tests.size(), 5u);
  for (const auto& t : d.tests) EXPECT_TRUE(t.passed) << t.name << ": " << t.message;
  EXPECT_EQ(d.tests[0].name, "eligible after the July raise");
  EXPECT_EQ(d.tests[0].line, 29);
}

TEST_F(AuthoringTest, ErrorsAreReportedAtTheirLineAndColumnAsDefsCheckWordsThem) {
  // Line 20: an unknown attribute inside an expression.
  auto d = compile_draft(*defs_, edited(award_, "enterprise.employees >= 10", "enterprise.employes >= 10"));
  ASSERT_FALSE(d.errors.empty());
  EXPECT_FALSE(d.engine);
  EXPECT_THAT(d.tests, IsEmpty());
  EXPECT_EQ(d.errors[0].pos.line, 20);
  EXPECT_EQ(d.errors[0].pos.column, 11);
  EXPECT_EQ(d.errors[0].pos.file, "policies/BS-2026-ZJTX-AWARD.yaml");
  EXPECT_THAT(d.errors[0].message, HasSubstr("employes"));
  EXPECT_THAT(d.errors[0].to_string(), HasSubstr("policies/BS-2026-ZJTX-AWARD.yaml:20:11: "));

  // Several problems at once: an unknown key and an unknown department.
  d = compile_draft(*defs_, edited(edited(award_, "department: scjg", "department: nope"), "kind: fund", "kinds: fund"));
  ASSERT_GE(d.errors.size(), 2u);
  bool department = false, key = false;
  for (const auto& e : d.errors) {
    department |= e.pos.line == 3 && e.message.find("unknown department 'nope'") != std::string::npos;
    key |= e.pos.line == 4 && e.message.find("kinds") != std::string::npos;
  }
  EXPECT_TRUE(department && key);

  // YAML syntax.
  d = compile_draft(*defs_, "id: BS-X\ntitle: [unclosed\n");
  ASSERT_EQ(d.errors.size(), 1u);
  EXPECT_THAT(d.errors[0].message, HasSubstr("YAML syntax error"));
  EXPECT_EQ(d.policy(), nullptr);

  // Overlapping dated parameter values.
  d = compile_draft(*defs_, edited(award_, "award: {2025-01-01: 200000, 2026-07-01: 300000}",
                                   "award: [{from: 2025-01-01, value: 1}, {from: 2025-06-01, to: 2025-12-31, value: 2}]"));
  ASSERT_FALSE(d.errors.empty());
  EXPECT_EQ(d.errors[0].pos.line, 11);
}

TEST_F(AuthoringTest, AFailingTestIsReportedWithWhatDiffered) {
  auto d = compile_draft(*defs_, edited(award_, R"(amount: "300000")", R"(amount: "350000")"));
  EXPECT_THAT(d.errors, IsEmpty());
  ASSERT_EQ(d.tests.size(), 5u);
  EXPECT_FALSE(d.tests[0].passed);
  EXPECT_EQ(d.tests[0].message, "expected amount 350000, got 300000");
  for (std::size_t i = 1; i < d.tests.size(); ++i) EXPECT_TRUE(d.tests[i].passed);
}

TEST_F(AuthoringTest, ALowerThresholdGainsEntitiesAndAHigherOneLosesThem) {
  auto lower = compile_draft(*defs_, edited(award_, "enterprise.employees >= 10", "enterprise.employees >= 5"));
  ASSERT_TRUE(lower.engine);
  auto i = draft_impact(*engine_, lower, *pop_, names_, as_of_);
  EXPECT_FALSE(i.counts.is_new);
  EXPECT_EQ(i.entities, 4u);
  EXPECT_EQ(i.counts.eligible_before, 1u);
  EXPECT_EQ(i.counts.eligible_after, 3u);
  EXPECT_EQ(i.counts.gained, 2u);
  EXPECT_EQ(i.counts.lost, 0u);
  EXPECT_EQ(i.unchanged_eligible, 1u);
  EXPECT_EQ(i.counts.amount_before.to_string(), "300000");
  EXPECT_EQ(i.counts.amount_after.to_string(), "900000");
  ASSERT_EQ(i.samples.size(), 2u);
  const auto& s = i.samples[0];
  EXPECT_EQ(s.entity, "e1");
  EXPECT_EQ(s.name, "企业1");
  EXPECT_TRUE(s.gained);
  EXPECT_EQ(s.before, "ineligible");
  EXPECT_EQ(s.after, "eligible");
  EXPECT_EQ(s.amount_after, "300000");
  ASSERT_EQ(s.changed.size(), 1u);
  EXPECT_EQ(s.changed[0].id, "size");
  EXPECT_EQ(s.changed[0].before, "failed");
  EXPECT_EQ(s.changed[0].after, "held");

  auto higher = compile_draft(*defs_, edited(award_, "enterprise.employees >= 10", "enterprise.employees >= 60"));
  ASSERT_TRUE(higher.engine);
  i = draft_impact(*engine_, higher, *pop_, names_, as_of_);
  EXPECT_EQ(i.counts.gained, 0u);
  EXPECT_EQ(i.counts.lost, 1u);
  EXPECT_EQ(i.counts.amount_after.to_string(), "0");
  ASSERT_EQ(i.samples.size(), 1u);
  EXPECT_FALSE(i.samples[0].gained);
  EXPECT_EQ(i.samples[0].entity, "e3");
}

TEST_F(AuthoringTest, ANewPolicyCountsWhoWouldBeEligible) {
  std::string text = award_;
  text = edited(text, "id: BS-2026-ZJTX-AWARD", "id: BS-2026-ZJTX-NEW");
  auto d = compile_draft(*defs_, text);
  ASSERT_TRUE(d.engine) << (d.errors.empty() ? "" : d.errors[0].to_string());
  EXPECT_EQ(d.policy()->pos.file, "policies/BS-2026-ZJTX-NEW.yaml");
  auto i = draft_impact(*engine_, d, *pop_, names_, as_of_, 1);
  EXPECT_TRUE(i.counts.is_new);
  EXPECT_EQ(i.counts.eligible_before, 0u);
  EXPECT_EQ(i.counts.gained, 1u);
  ASSERT_EQ(i.samples.size(), 1u);
  EXPECT_EQ(i.samples[0].before, "");
  EXPECT_THAT(i.samples[0].changed, IsEmpty());
}

}  // namespace
}  // namespace haoban::policy
