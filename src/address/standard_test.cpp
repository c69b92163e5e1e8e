#include "address/standard.h"

#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/error.h"
#include "address/rules_parser_test.h"
#include "testing/testing.h"

namespace haoban::address {
namespace {

StandardAddress at(std::string id, std::string road, std::string number, std::string town_code = "310113003",
                   std::string building = "", std::string floor = "", std::string room = "") {
  StandardAddress a;
  a.id = std::move(id);
  a.road = std::move(road);
  a.number = std::move(number);
  a.town_code = std::move(town_code);
  a.town = "友谊路街道";
  a.building = std::move(building);
  a.floor = std::move(floor);
  a.room = std::move(room);
  a.text = "上海市宝山区" + a.road + a.number + "号" + (a.building.empty() ? "" : a.building + "号楼") +
           (a.floor.empty() ? "" : a.floor + "层") + (a.room.empty() ? "" : a.room + "室");
  return a;
}

class Book : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = db::Database::open("sqlite:" + (dir_.path() / "t.db").string(), clock_);
    std::vector<db::Migration> all(db::db_migrations().begin(), db::db_migrations().end());
    all.insert(all.end(), AddressBook::migrations().begin(), AddressBook::migrations().end());
    db_->migrate(all);
    book_ = std::make_unique<AddressBook>(*db_, test::rules_parser());
    std::vector<StandardAddress> addresses{at("A1", "牡丹江路", "1325"), at("A2", "牡丹江路", "1326"),
                                           at("A3", "牡丹江路", "13"),   at("A4", "密山路", "5"),
                                           at("P1", "富联路", "8", "310113501"),
                                           at("P2", "富联路", "8", "310113501", "2", "3", "302")};
    addresses[4].park_id = addresses[5].park_id = "P01";
    addresses[4].poi = addresses[5].poi = "上海机器人产业园";
    addresses[4].centralised = true;
    addresses[4].capacity = 400;
    Park park{"P01", "上海机器人产业园", "310113501", "宝山工业园区", "富联路", {"机器人", "智能制造"}, 38000, 26, "021", 0, {}};
    Lease lease{"BSZL1", "A4", "913101139UEUHDPU06", *parse_date("2025-01-01"), *parse_date("2027-12-31")};
    book_->insert(addresses, {park}, {lease});
  }

  testing::TempDir dir_;
  SystemClock clock_;
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<AddressBook> book_;
};

TEST_F(Book, AnExactAddressRanksFirstAndSaysWhy) {
  auto c = book_->match("上海市宝山区友谊路街道牡丹江路1325号");
  ASSERT_FALSE(c.empty());
  EXPECT_EQ(c[0].address.id, "A1");
  EXPECT_TRUE(c[0].exact);
  EXPECT_DOUBLE_EQ(c[0].score, 1.0);
  EXPECT_NE(c[0].reason.find("门牌号"), std::string::npos) << c[0].reason;
  if (c.size() > 1) {
    EXPECT_LT(c[1].score, c[0].score);
  }
}

TEST_F(Book, ATypoInTheRoadStillFindsItButNotExactly) {
  auto c = book_->match("宝山区牡丹汪路1325号");
  ASSERT_FALSE(c.empty());
  EXPECT_EQ(c[0].address.id, "A1");
  EXPECT_FALSE(c[0].exact);
  EXPECT_LT(c[0].score, 1.0);
  EXPECT_GT(c[0].score, 0.7);
}

TEST_F(Book, ANumberNotInTheDatabaseIsNoExactMatch) {
  auto c = book_->match("牡丹江路1327号");
  for (const auto& x : c) EXPECT_FALSE(x.exact) << x.address.text;
}

TEST_F(Book, FinerQueriesMatchFinerAddresses) {
  auto c = book_->match("富联路8号2号楼3层302室");
  ASSERT_GE(c.size(), 2u);
  EXPECT_EQ(c[0].address.id, "P2");
  EXPECT_TRUE(c[0].exact);
  EXPECT_FALSE(c[1].exact) << "the building-level address is not the room";
  auto coarse = book_->match("富联路8号");
  ASSERT_FALSE(coarse.empty());
  EXPECT_EQ(coarse[0].address.id, "P1") << "the least specific address the query names";
}

TEST_F(Book, AParkWrittenWithoutItsRoad) {
  auto c = book_->match("上海机器人产业园8号");
  ASSERT_FALSE(c.empty());
  EXPECT_EQ(c[0].address.id, "P1");
  EXPECT_TRUE(c[0].exact);
}

TEST_F(Book, AnotherDistrictMatchesNothing) { EXPECT_TRUE(book_->match("上海市浦东新区牡丹江路1325号").empty()); }

TEST_F(Book, SuggestContinuesTheTypedNumber) {
  auto s = book_->suggest("牡丹江路13");
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].id, "A3") << "the exact number first";
  auto by_name = book_->suggest("机器人");
  ASSERT_FALSE(by_name.empty());
  EXPECT_EQ(by_name[0].park_id, "P01");
  EXPECT_TRUE(book_->suggest("").empty());
}

TEST_F(Book, ParksListTheirCentralisedAddresses) {
  auto parks = book_->parks();
  ASSERT_EQ(parks.size(), 1u);
  EXPECT_EQ(parks[0].industries, (std::vector<std::string>{"机器人", "智能制造"}));
  EXPECT_EQ(parks[0].addresses, 2);
  ASSERT_EQ(parks[0].centralised.size(), 1u);
  EXPECT_EQ(parks[0].centralised[0].capacity, 400);
  EXPECT_FALSE(book_->park("P99"));
}

TEST_F(Book, LeasesByLesseeAndAddress) {
  ASSERT_EQ(book_->leases_of("913101139UEUHDPU06").size(), 1u);
  EXPECT_EQ(book_->leases_at("A4")[0].record_no, "BSZL1");
  EXPECT_TRUE(book_->leases_of("nobody").empty());
}

TEST_F(Book, ReloadSeesWhatAnotherBookInserted) {
  AddressBook other(*db_, book_->parser());
  other.reload();
  EXPECT_EQ(other.size(), 6u);
  EXPECT_THROW(other.insert({at("A1", "牡丹江路", "1")}, {}, {}), std::exception) << "ids are unique";
  EXPECT_EQ(other.size(), 6u);
}

}  // namespace
}  // namespace haoban::address

namespace haoban::address {
namespace {

TEST_F(Book, ARoomInABuildingLevelAddressIsCoveredNotExact) {
  auto c = book_->match("上海市宝山区牡丹江路1325号301室");
  ASSERT_FALSE(c.empty());
  EXPECT_EQ(c[0].address.id, "A1");
  EXPECT_TRUE(c[0].covers);
  EXPECT_FALSE(c[0].exact);
  EXPECT_NE(c[0].reason.find("未细化到室号"), std::string::npos) << c[0].reason;
  auto other = book_->match("牡丹江路1326号");
  ASSERT_FALSE(other.empty());
  EXPECT_EQ(other[0].address.id, "A2");
  for (const auto& x : book_->match("牡丹江路1325号xyz室")) EXPECT_FALSE(x.exact) << "a room written without digits is no room";
}

TEST_F(Book, AMisspeltRoadReadAsANameIsStillTriedAsARoad) {
  auto c = book_->match("宝山区牡丹江1325号");
  ASSERT_FALSE(c.empty());
  EXPECT_EQ(c[0].address.id, "A1");
  EXPECT_FALSE(c[0].exact);
  EXPECT_FALSE(c[0].covers);
}

TEST(StandardAddress, WithinFollowsTheLevels) {
  StandardAddress building, room, other;
  building.road = room.road = other.road = "富联路";
  building.number = room.number = "8";
  other.number = "9";
  room.building = "2", room.floor = "3", room.room = "302";
  EXPECT_TRUE(within(room, building));
  EXPECT_TRUE(within(building, building));
  EXPECT_FALSE(within(building, room));
  EXPECT_FALSE(within(other, building));
}

}  // namespace
}  // namespace haoban::address

namespace haoban::address {
namespace {

TEST_F(Book, RoadAndParkWrittenTogether) {
  auto c = book_->match("上海市宝山区富联路8号上海机器人产业园");
  ASSERT_FALSE(c.empty());
  EXPECT_EQ(c[0].address.id, "P1");
  EXPECT_TRUE(c[0].exact) << c[0].reason;
}

TEST_F(Book, ANamedPlaceOutsideTheDistrictMatchesNothing) {
  EXPECT_TRUE(book_->match("浙江省杭州市牡丹江路1325号").empty());
  EXPECT_FALSE(book_->match("上海市牡丹江路1325号").empty()) << "Shanghai contains Baoshan";
}

TEST_F(Book, AQualifiedNumberIsOtherPremises) {
  for (const char* text : {"牡丹江路1325甲号", "牡丹江路1325-1号"})
    for (const auto& c : book_->match(text)) EXPECT_FALSE(c.covers) << text << " → " << c.address.text;
}

}  // namespace
}  // namespace haoban::address
