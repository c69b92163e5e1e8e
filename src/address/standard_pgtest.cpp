// The standard address database on PostgreSQL: the same migrations, bulk insert, reload, matching,
// parks (a DOUBLE PRECISION column, industries as JSON text) and leases as on SQLite.
#include <gtest/gtest.h>

#include "address/standard.h"
#include "core/clock.h"
#include "testing/testing.h"

namespace haoban::address {
namespace {

TEST(PostgresAddressBook, InsertReloadMatchParksLeases) {
  if (!testing::PgDatabase::available()) GTEST_SKIP() << "HAOBAN_PG_ENV not set";
  testing::PgDatabase pg;
  SystemClock clock;
  auto db = db::Database::open(pg.url(), clock, 2);
  std::vector<db::Migration> all(db::db_migrations().begin(), db::db_migrations().end());
  all.insert(all.end(), AddressBook::migrations().begin(), AddressBook::migrations().end());
  db->migrate(all);
  auto gazetteer = load_gazetteer(testing::source_dir() / "data");
  Parser parser(gazetteer, nullptr);
  AddressBook book(*db, parser);

  std::vector<StandardAddress> addresses;
  for (int n = 1; n <= 3000; ++n) {  // more than one insert batch
    StandardAddress a;
    a.id = "BS-003-" + std::to_string(n);
    a.road = "牡丹江路";
    a.number = std::to_string(n);
    a.town_code = "310113003";
    a.town = "友谊路街道";
    a.text = "上海市宝山区牡丹江路" + a.number + "号";
    a.usage = n % 2 ? Usage::office : Usage::commercial;
    a.park_id = n <= 10 ? "P01" : "";
    a.centralised = n == 8;
    a.capacity = n == 8 ? 400 : 1;
    addresses.push_back(std::move(a));
  }
  Park park{"P01", "上海机器人产业园", "310113501", "宝山工业园区", "牡丹江路", {"机器人"}, 38000.5, 26, "021", 0, {}};
  Lease lease{"BSZL1", "BS-003-1325", "913101139UEUHDPU06", *parse_date("2025-01-01"), *parse_date("2027-12-31")};
  book.insert(addresses, {park}, {lease});

  AddressBook fresh(*db, parser);
  fresh.reload();
  EXPECT_EQ(fresh.size(), 3000u);
  auto c = fresh.match("宝山区牡丹江路1325号");
  ASSERT_FALSE(c.empty());
  EXPECT_EQ(c[0].address.id, "BS-003-1325");
  EXPECT_TRUE(c[0].exact);
  EXPECT_EQ(c[0].address.usage, Usage::office);
  auto parks = fresh.parks();
  ASSERT_EQ(parks.size(), 1u);
  EXPECT_DOUBLE_EQ(parks[0].vacancy_area, 38000.5);
  EXPECT_EQ(parks[0].addresses, 10);
  ASSERT_EQ(parks[0].centralised.size(), 1u);
  EXPECT_EQ(parks[0].centralised[0].capacity, 400);
  auto leases = fresh.leases_of("913101139UEUHDPU06");
  ASSERT_EQ(leases.size(), 1u);
  EXPECT_EQ(format_date(leases[0].ends_on), "2027-12-31");
}

}  // namespace
}  // namespace haoban::address
