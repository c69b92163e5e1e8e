// The e-material library on PostgreSQL: the same migrations and flows as on SQLite — dedupe,
// versions, revocation, reuse, and concurrent uploads of one title serialised per owner.
#include <gtest/gtest.h>

#include <thread>

#include "materials/materials.h"
#include "materials/samples.h"
#include "testing/testing.h"

namespace haoban::materials {
namespace {

TEST(PostgresMaterials, UploadVersionReuseAndRevoke) {
  if (!testing::PgDatabase::available()) GTEST_SKIP() << "HAOBAN_PG_ENV not set";
  testing::PgDatabase pg;
  testing::TempDir tmp;
  SystemClock clock;
  auto db = db::Database::open(pg.url(), clock, 4);
  std::vector<db::Migration> all;
  for (auto span : {db::db_migrations(), ledger::LedgerService::migrations(), MaterialService::migrations()})
    all.insert(all.end(), span.begin(), span.end());
  db->migrate(all);
  ledger::ServiceOptions lo;
  lo.dir = tmp.path() / "ledger";
  lo.key_file = tmp.path() / "keys" / "ledger.key";
  ledger::LedgerService ledger(*db, clock, lo);
  defs::Definitions defs;
  defs.categories = {{.id = "articles", .name = "章程"},
                     {.id = "photo", .name = "证件照片", .valid_months = 6}};
  Options o;
  o.dir = tmp.path() / "materials";
  o.key_file = tmp.path() / "keys" / "materials.key";
  MaterialService svc(*db, clock, defs, ledger, o);

  Principal who;
  who.account_id = 5;
  who.username = "person.5";
  const std::string owner = "person:5";
  NewMaterial n;
  n.category = "articles";
  n.content = sample_pdf({"v1"});
  auto v1 = svc.upload(owner, n, who);
  EXPECT_TRUE(v1.created);
  EXPECT_FALSE(svc.upload(owner, n, who).created);

  // Concurrent new versions of the same title get distinct version numbers.
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&, i] {
      NewMaterial m = n;
      m.content = sample_pdf({"v" + std::to_string(i + 2)});
      svc.upload(owner, m, who);
    });
  for (auto& t : threads) t.join();
  auto lib = svc.library(owner);
  ASSERT_EQ(lib.size(), 5u);
  EXPECT_EQ(lib.front().material.version, 5);
  EXPECT_EQ(lib.front().material.status, Status::valid);
  for (std::size_t i = 1; i < lib.size(); ++i) EXPECT_EQ(lib[i].material.status, Status::superseded);

  std::vector<RequiredMaterial> req{{"articles", "章程", "articles"}};
  auto matches = svc.match(owner, req, svc.today());
  ASSERT_TRUE(matches.at(0).exempt());
  auto uses = svc.attach({"9", owner, "scjg"}, matches, who);
  ASSERT_EQ(uses.size(), 1u);
  EXPECT_EQ(svc.attach({"9", owner, "scjg"}, matches, who).at(0).id, uses[0].id);
  auto revoked = svc.revoke(lib.front().material.id, "重新上传", who);
  EXPECT_TRUE(revoked.revoke_ledger_index);
  EXPECT_FALSE(svc.match(owner, req, svc.today()).at(0).exempt());
  EXPECT_EQ(ledger.entries_of(owner).size(), 5u + 1 + 1);  // creates, reuse, revoke
}

}  // namespace
}  // namespace haoban::materials
