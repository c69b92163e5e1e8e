#include "db/db.h"

#include <gtest/gtest.h>

#include <thread>

#include "db/db_contract_test.h"
#include "testing/testing.h"

namespace haoban::db {
namespace {

class SqliteStore : public ::testing::Test {
 protected:
  haoban::testing::TempDir dir_;
  ManualClock clock_{SysTime{}};
  std::unique_ptr<Database> db_ = Database::open((dir_.path() / "t.db").string(), clock_, 2);
};

TEST_F(SqliteStore, MigrationsApplyOnce) { contract::migrations_apply_once(*db_); }
TEST_F(SqliteStore, WriteCommitsChangeAndAuditTogether) { contract::write_commits_change_and_audit_together(*db_); }
TEST_F(SqliteStore, FailedWriteLeavesNothing) { contract::failed_write_leaves_nothing(*db_); }
TEST_F(SqliteStore, AuditLogIsAppendOnly) { contract::audit_log_is_append_only(*db_); }
TEST_F(SqliteStore, Ping) { contract::ping_answers(*db_); }

TEST_F(SqliteStore, UsesWriteAheadLog) {
  std::string mode = db_->read([](soci::session& sql) {
    std::string m;
    sql << "PRAGMA journal_mode", soci::into(m);
    return m;
  });
  EXPECT_EQ(mode, "wal");
}

TEST_F(SqliteStore, CommittedDataSurvivesReopen) {
  db_->migrate(contract::all_migrations());
  db_->write([](Tx& tx) { tx.sql() << "INSERT INTO widgets (name) VALUES ('kept')"; });
  db_.reset();
  auto again = Database::open((dir_.path() / "t.db").string(), clock_, 1);
  EXPECT_EQ(contract::count_widgets(*again), 1);
}

// Writers from several threads take turns: none fails, none is starved, every row is there.
TEST_F(SqliteStore, ConcurrentWritersAllCommit) {
  db_->write([](Tx& tx) { tx.sql() << "CREATE TABLE turns (thread INTEGER, n INTEGER)"; });
  constexpr int kThreads = 4, kEach = 50;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i)
        db_->write([&](Tx& tx) { tx.sql() << "INSERT INTO turns VALUES (:t, :n)", soci::use(t), soci::use(i); });
    });
  for (auto& th : threads) th.join();
  int rows = db_->read([](soci::session& sql) {
    int n = 0;
    sql << "SELECT COUNT(*) FROM turns", soci::into(n);
    return n;
  });
  EXPECT_EQ(rows, kThreads * kEach);
}

TEST(StoreUrl, SelectsDialect) {
  EXPECT_EQ(StoreUrl::parse("postgresql://u@localhost:5432/x").dialect, Dialect::postgresql);
  EXPECT_EQ(StoreUrl::parse("var/haoban.db").dialect, Dialect::sqlite);
  EXPECT_EQ(StoreUrl::parse("sqlite:var/haoban.db").connect, "db=var/haoban.db timeout=10");
  EXPECT_THROW(StoreUrl::parse("mysql://localhost/x"), Error);
  EXPECT_THROW(StoreUrl::parse("sqlite:"), Error);
}

TEST(StoreOpen, UnreachableDirectoryIsUnavailable) {
  ManualClock clock{SysTime{}};
  try {
    Database::open("/nonexistent-dir/x/haoban.db", clock, 1);
    FAIL() << "opening a store in a missing directory must fail";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::unavailable);
  }
}

}  // namespace
}  // namespace haoban::db

namespace haoban::db {
namespace {
TEST(StoreUrl, PostgresUrlBecomesConninfo) {
  EXPECT_EQ(StoreUrl::parse("postgresql://haoban:s%40cret@db.local:5433/haoban?sslmode=require").connect,
            "user='haoban' password='s@cret' host='db.local' port='5433' dbname='haoban' sslmode='require'");
  EXPECT_EQ(StoreUrl::parse("postgres://u@[::1]:5432/x").connect, "user='u' host='::1' port='5432' dbname='x'");
}
}  // namespace
}  // namespace haoban::db
