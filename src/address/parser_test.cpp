#include "address/parser.h"

#include <gtest/gtest.h>

#include "address/rules_parser_test.h"

namespace haoban::address {
namespace {

// The rules alone (no model): what every installation has, corpus or not.
class RulesParser : public ::testing::Test {
 protected:
  static const Parser& parser() { return test::rules_parser(); }
};

TEST_F(RulesParser, TheIssueExample) {
  auto p = parser().parse("上海市宝山区友谊路街道牡丹江路1325号3楼");
  EXPECT_EQ(p.method, "rules");
  EXPECT_EQ(p.text("province"), "上海市");
  EXPECT_EQ(p.text("district"), "宝山区");
  EXPECT_EQ(p.find("district")->code, "310113");
  EXPECT_EQ(p.text("town"), "友谊路街道");
  EXPECT_EQ(p.find("town")->code, "310113003");
  EXPECT_EQ(p.text("road"), "牡丹江路");
  EXPECT_EQ(p.text("road_number"), "1325号");
  EXPECT_EQ(p.number("road_number"), "1325");
  EXPECT_EQ(p.text("floor"), "3楼");
  EXPECT_TRUE(p.unrecognised.empty());
}

TEST_F(RulesParser, ShortNamesExpandAndNumeralsBecomeDigits) {
  auto p = parser().parse("宝山牡丹江路一百二十三号");
  EXPECT_EQ(p.text("district"), "宝山区");
  EXPECT_EQ(p.text("road_number"), "123号");
  ASSERT_TRUE(p.find("province"));
  EXPECT_TRUE(p.find("province")->inferred);
  EXPECT_EQ(p.text("province"), "上海市");
}

TEST_F(RulesParser, ABaoshanRoadImpliesItsStreetAndDistrict) {
  auto p = parser().parse("密山路5号");
  EXPECT_EQ(p.text("town"), "友谊路街道") << "密山路 lies in one street only";
  EXPECT_EQ(p.text("district"), "宝山区");
  EXPECT_TRUE(p.find("district")->inferred);
  // 沪太路 crosses three towns: the district is certain, the town is not.
  auto q = parser().parse("沪太路1234号5号楼2单元301室");
  EXPECT_EQ(q.text("district"), "宝山区");
  EXPECT_EQ(q.find("town"), nullptr);
  EXPECT_EQ(q.text("building"), "5号楼");
  EXPECT_EQ(q.text("unit"), "2单元");
  EXPECT_EQ(q.text("room"), "301室");
}

TEST_F(RulesParser, HuMeansShanghaiButNotInHutaiRoad) {
  EXPECT_EQ(parser().parse("沪宝山区密山路5号").text("province"), "上海市");
  auto p = parser().parse("沪太路8号");
  EXPECT_EQ(p.text("road"), "沪太路");
}

TEST_F(RulesParser, LaneAndBuildingInALane) {
  auto p = parser().parse("上海市宝山区淞宝路669弄14号1102室");
  EXPECT_EQ(p.text("road"), "淞宝路");
  EXPECT_EQ(p.text("lane"), "669弄");
  EXPECT_EQ(p.text("building"), "14号");
  EXPECT_EQ(p.text("room"), "1102室");
}

TEST_F(RulesParser, AnotherDistrictKeepsItsOwnCodes) {
  auto p = parser().parse("上海市浦东新区世纪大道100号");
  EXPECT_EQ(p.find("district")->code, "310115");
  EXPECT_EQ(p.text("road"), "世纪大道");
}

TEST_F(RulesParser, TraditionalAndFullWidthInput) {
  auto p = parser().parse("上海市寶山區牡丹江路１３２５號");
  EXPECT_EQ(p.text("district"), "宝山区");
  EXPECT_EQ(p.text("road_number"), "1325号");
  EXPECT_FALSE(p.changes.empty());
}

TEST_F(RulesParser, BadInputSaysWhatItCouldNotRecognise) {
  for (std::string_view bad : {std::string_view(""), std::string_view("   "), std::string_view("😀😀"),
                               std::string_view("hello world 123"), std::string_view("\x01\x02\x03")}) {
    auto p = parser().parse(bad);
    EXPECT_FALSE(p.unrecognised.empty()) << "input '" << bad << "'";
    for (const auto& c : p.components) EXPECT_TRUE(c.inferred) << c.level << " from '" << bad << "'";
  }
  std::string huge(100000, 'x');
  huge += "牡丹江路1号";
  auto p = parser().parse(huge);
  EXPECT_FALSE(p.unrecognised.empty());
  EXPECT_LE(p.normalized.size(), max_address_bytes);
}

TEST_F(RulesParser, EveryLevelReportedIsAKnownLevel) {
  const auto& names = level_names();
  for (std::string_view text : {"浙江省杭州市余杭区五常街道文一西路969号阿里巴巴西溪园区6号楼",
                                "上海机器人产业园8号2号楼3层302室", "罗店镇美丹路100号对面"}) {
    for (const auto& c : parser().parse(text).components)
      EXPECT_NE(std::find(names.begin(), names.end(), c.level), names.end()) << c.level;
  }
}

}  // namespace
}  // namespace haoban::address

namespace haoban::address {
namespace {

TEST_F(RulesParser, ManyRepeatedAmbiguousNamesStillParse) {
  std::string text;
  while (text.size() + 24 < max_address_bytes) text += "城关镇,太平镇,";
  auto p = parser().parse(text);
  EXPECT_FALSE(p.components.empty());
}

}  // namespace
}  // namespace haoban::address
