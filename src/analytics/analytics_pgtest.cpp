// The cockpit's contract (analytics_contract_test.h) on PostgreSQL: the topic database's DDL and the
// indicators' SQL (aggregates, SUBSTR, numeric types) give the same numbers as on SQLite.
#include "analytics/analytics_contract_test.h"

namespace haoban::analytics {
namespace {

class PgAnalytics : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!haoban::testing::PgDatabase::available()) GTEST_SKIP() << "HAOBAN_PG_ENV not set";
    pg_ = std::make_unique<haoban::testing::PgDatabase>();
    env_ = std::make_unique<contract::Env>(pg_->url());
  }
  void TearDown() override { env_.reset(); }
  std::unique_ptr<haoban::testing::PgDatabase> pg_;
  std::unique_ptr<contract::Env> env_;
};

TEST_F(PgAnalytics, EveryIndicatorMatchesTheHandComputedFixture) { env_->EveryIndicatorMatchesTheHandComputedFixture(); }
TEST_F(PgAnalytics, BreakdownsAndTheRowsBehindANumber) { env_->BreakdownsAndTheRowsBehindANumber(); }
TEST_F(PgAnalytics, SyncIsIncrementalAndARebuildAgrees) { env_->SyncIsIncrementalAndARebuildAgrees(); }
TEST_F(PgAnalytics, TheServiceIndexMatchesTheHandComputedFixture) { env_->TheServiceIndexMatchesTheHandComputedFixture(); }

}  // namespace
}  // namespace haoban::analytics
