// The demo district on PostgreSQL: every migration, the whole seed, and each demo login.
#include <gtest/gtest.h>

#include "app/app.h"
#include "app/seed.h"
#include "core/encoding.h"
#include "core/error.h"
#include "ledger/keys.h"
#include "policy/service.h"
#include "testing/testing.h"

namespace haoban::app {
namespace {

TEST(PostgresApp, SeedsTheDemoDistrictAndLogsEveryoneIn) {
  if (!haoban::testing::PgDatabase::available()) GTEST_SKIP() << "HAOBAN_PG_ENV not set";
  haoban::testing::PgDatabase pg;
  haoban::testing::TempDir dir;
  Config c;
  c.data_dir = dir.path();
  c.db_url = pg.url();
  c.resources = haoban::testing::source_dir() / "data";
  SystemClock clock;
  {
    App app(c, clock);
    auto rep = seed(app, "demo");
    EXPECT_EQ(rep.persons, 300);
    EXPECT_EQ(rep.enterprises, 200);
    EXPECT_THROW(seed(app, "demo"), Error) << "a second seed must refuse a store with data";
  }
  App app(c, clock);  // reopening finds every migration applied
  EXPECT_TRUE(app.db().migrate(all_migrations()).empty());
  for (const auto& a : demo_accounts()) {
    auto r = app.identity().login(a.username, kDemoPassword, "127.0.0.1");
    auto p = app.identity().authenticate(r.token);
    ASSERT_TRUE(p) << a.username;
    EXPECT_EQ(p->username, a.username);
    auto view = app.identity().account_view(*p);
    ASSERT_TRUE(view);
    EXPECT_FALSE(view->areas.empty()) << a.username;
    app.identity().logout(r.token);
    EXPECT_FALSE(app.identity().authenticate(r.token)) << a.username;
  }
  auto ent = app.identity().enterprise(*app.identity()
                                            .authenticate(app.identity()
                                                              .login("enterprise.demo", kDemoPassword, "127.0.0.1")
                                                              .token)
                                            ->enterprise_code);
  ASSERT_TRUE(ent);
  EXPECT_EQ(ent->name, "上海宝晟智能科技有限公司");
  EXPECT_EQ(ent->members.size(), 2u) << "legal representative and one agent";

  // 免申即享 on PostgreSQL: a run, its list confirmed into grants once, payment once.
  auto officer = *app.identity().principal("policy.demo");
  auto enterprise = *app.identity().principal("enterprise.demo");
  Date as_of = *parse_date("2026-11-27");
  auto checkup = app.policies().checkup(enterprise, as_of);
  std::string eligible;
  for (const auto& d : checkup.at("decisions").as_array())
    if (d.at("outcome").as_string() == "eligible") {
      eligible = std::string(d.at("policy").as_string());
      break;
    }
  ASSERT_FALSE(eligible.empty());
  auto run = app.policies().run(officer, eligible, as_of);
  EXPECT_EQ(run.entities, 200u);
  EXPECT_GE(run.eligible, 1u);
  auto confirmed = app.policies().confirm_run(officer, run.id, "");
  EXPECT_EQ(confirmed.granted, run.eligible);
  EXPECT_THROW(app.policies().confirm_run(officer, run.id, ""), Error);
  auto again = app.policies().run(officer, eligible, as_of);
  EXPECT_EQ(app.policies().confirm_run(officer, again.id, "").granted, 0u) << "never granted twice";
  auto grants = app.policies().my_grants(enterprise);
  ASSERT_EQ(grants.size(), 1u);
  auto g = grants[0];
  if (g.state == "awaiting_confirmation") {
    // The beneficiary's own key: the browser would generate it and keep the private half.
    auto key = ledger::SigningKey::generate(ledger::SigAlg::sm2, "enterprise.demo");
    auto registered = app.signing_keys().add(enterprise, hex_encode(key.verifier().public_key()), "test");
    g = app.policies().confirm_grant(enterprise, g.id, true, registered.id,
                                     hex_encode(key.sign(policy::confirmation_statement(g))));
    EXPECT_EQ(g.state, "pending");
    EXPECT_GE(g.confirmation_index, 0);
  }
  EXPECT_EQ(app.policies().approve(officer, g.id).state, "approved");
  EXPECT_EQ(app.policies().pay(officer, g.id).state, "paid");
  EXPECT_THROW(app.policies().pay(officer, g.id), Error) << "never paid twice";
}

}  // namespace
}  // namespace haoban::app
