#include "address/text.h"

#include <gtest/gtest.h>

namespace haoban::address {
namespace {

TEST(Normalize, FoldsFullWidthAndSimplifiesTraditional) {
  auto n = normalize("上海市寶山區牡丹江路１３２５號");
  EXPECT_EQ(n.text, "上海市宝山区牡丹江路1325号");
  EXPECT_NE(std::find(n.changes.begin(), n.changes.end(), "繁体→简体"), n.changes.end());
  EXPECT_NE(std::find(n.changes.begin(), n.changes.end(), "全角→半角"), n.changes.end());
}

TEST(Normalize, ChineseNumeralsBeforeAUnitBecomeDigits) {
  EXPECT_EQ(numerals_to_digits("牡丹江路一百二十三号"), "牡丹江路123号");
  EXPECT_EQ(numerals_to_digits("二〇一室"), "201室");
  EXPECT_EQ(numerals_to_digits("十三楼"), "13楼");
  EXPECT_EQ(numerals_to_digits("十号"), "10号");
  EXPECT_EQ(numerals_to_digits("二单元"), "2单元");
  EXPECT_EQ(numerals_to_digits("一千零八号"), "1008号");
}

TEST(Normalize, NumeralsInNamesStay) {
  EXPECT_EQ(numerals_to_digits("三门路"), "三门路");
  EXPECT_EQ(numerals_to_digits("五角场"), "五角场");
  EXPECT_EQ(numerals_to_digits("一二八纪念路"), "一二八纪念路");
}

TEST(Normalize, CommonVariantsNextToNumbers) {
  EXPECT_EQ(normalize("沪太路100弄3懂502房").text, "沪太路100弄3栋502室");
  EXPECT_EQ(normalize("蕰川路6衖").text, "蕰川路6弄");
  EXPECT_EQ(normalize("富联路8号5#楼3F").text, "富联路8号5号楼3楼");
  EXPECT_EQ(normalize("懂事长房间").text, "懂事长房间") << "only after a number";
}

TEST(Normalize, DropsWhatNoAddressIsWrittenWith) {
  auto n = normalize("牡丹江路\x07" "1325号😀 3楼");
  EXPECT_EQ(n.text, "牡丹江路1325号3楼");
  ASSERT_EQ(n.dropped.size(), 2u);
  EXPECT_EQ(n.dropped[0], "控制字符U+0007");
  EXPECT_EQ(n.dropped[1], "😀");
}

TEST(Normalize, InvalidUtf8IsReportedNotPropagated) {
  auto n = normalize(std::string("牡丹江路\xff\xfe" "1号"));
  EXPECT_EQ(n.text, "牡丹江路1号");
  EXPECT_EQ(n.dropped.size(), 2u);
}

TEST(Normalize, VeryLongInputIsCutOnACharacterBoundary) {
  std::string long_text;
  for (int i = 0; i < 2000; ++i) long_text += "路";
  auto n = normalize(long_text);
  EXPECT_LE(n.text.size(), max_address_bytes);
  EXPECT_EQ(n.text.size() % 3, 0u) << "no half characters";
  ASSERT_FALSE(n.dropped.empty());
  EXPECT_NE(n.dropped[0].find("超出"), std::string::npos);
}

TEST(Tokenize, HanCharactersOneByOneAndRunsOfDigitsOrLetters) {
  auto t = tokenize("富联路8号B座1203室");
  std::vector<std::string> texts;
  for (const auto& x : t) texts.push_back(x.text);
  EXPECT_EQ(texts, (std::vector<std::string>{"富", "联", "路", "8", "号", "B", "座", "1203", "室"}));
  EXPECT_EQ(t[3].begin, 9u);
  EXPECT_EQ(t[3].end, 10u);
}

}  // namespace
}  // namespace haoban::address
