#include <gtest/gtest.h>

#include "db/db.h"
#include "db/db_contract_test.h"
#include "testing/testing.h"

namespace haoban::db {
namespace {

class PgStore : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!haoban::testing::PgDatabase::available()) GTEST_SKIP() << "HAOBAN_PG_ENV not set";
    pg_ = std::make_unique<haoban::testing::PgDatabase>();
    db_ = Database::open(pg_->url(), clock_, 2);
  }
  void TearDown() override { db_.reset(); }
  ManualClock clock_{SysTime{}};
  std::unique_ptr<haoban::testing::PgDatabase> pg_;
  std::unique_ptr<Database> db_;
};

TEST_F(PgStore, MigrationsApplyOnce) { contract::migrations_apply_once(*db_); }
TEST_F(PgStore, WriteCommitsChangeAndAuditTogether) { contract::write_commits_change_and_audit_together(*db_); }
TEST_F(PgStore, FailedWriteLeavesNothing) { contract::failed_write_leaves_nothing(*db_); }
TEST_F(PgStore, AuditLogIsAppendOnly) { contract::audit_log_is_append_only(*db_); }
TEST_F(PgStore, Ping) { contract::ping_answers(*db_); }

}  // namespace
}  // namespace haoban::db
