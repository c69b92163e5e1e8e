// The cockpit's contract (analytics_contract_test.h) on SQLite, and the service index's file checks.
#include "analytics/analytics_contract_test.h"

#include <fstream>

namespace haoban::analytics {
namespace {

class AnalyticsTest : public ::testing::Test {
 protected:
  void SetUp() override { env_ = std::make_unique<contract::Env>((dir_.path() / "t.db").string()); }
  haoban::testing::TempDir dir_;
  std::unique_ptr<contract::Env> env_;
};

TEST_F(AnalyticsTest, EveryIndicatorMatchesTheHandComputedFixture) { env_->EveryIndicatorMatchesTheHandComputedFixture(); }
TEST_F(AnalyticsTest, BreakdownsAndTheRowsBehindANumber) { env_->BreakdownsAndTheRowsBehindANumber(); }
TEST_F(AnalyticsTest, SyncIsIncrementalAndARebuildAgrees) { env_->SyncIsIncrementalAndARebuildAgrees(); }
TEST_F(AnalyticsTest, TheServiceIndexMatchesTheHandComputedFixture) { env_->TheServiceIndexMatchesTheHandComputedFixture(); }

TEST(ServiceIndex, ABrokenDefinitionIsRefusedWithFileAndLine) {
  haoban::testing::TempDir dir;
  auto file = dir.path() / "service-index.yaml";
  std::ofstream(file) << "name: 指数\nversion: \"1\"\ndimensions:\n  - id: a\n    name: A\n    weight: 0.5\n"
                         "    indicators:\n      - {key: first_time_success, weight: 0.5}\n      - {key: nope, weight: 0.4}\n";
  auto loaded = load_index(file);
  ASSERT_EQ(loaded.problems.size(), 3u);
  EXPECT_THAT(loaded.problems[0], ::testing::HasSubstr("service-index.yaml:9:15: unknown indicator 'nope'"));
  EXPECT_THAT(loaded.problems[1], ::testing::HasSubstr("the weights of dimension 'a' add up to 0.9, not 1"));
  EXPECT_THAT(loaded.problems[2], ::testing::HasSubstr("the dimensions' weights add up to 0.5, not 1"));
}

}  // namespace
}  // namespace haoban::analytics
