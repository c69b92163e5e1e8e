#include "search/analyzer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "core/error.h"
#include "testing/testing.h"

namespace haoban::search {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const Segmenter& jieba() {
  static const Segmenter s = Segmenter::load(kJiebaDictionary);
  return s;
}

std::string problems(std::string_view yaml) {
  try {
    Synonyms::parse(yaml, "synonyms.yaml");
  } catch (const Error& e) {
    return e.detail();
  }
  return "";
}

TEST(Synonyms, TheShippedListLoads) {
  auto s = Synonyms::load(haoban::testing::source_dir() / "data/search/synonyms.yaml");
  EXPECT_GE(s.size(), 100u);
  std::vector<std::string> found;
  for (const auto* r : s.find("我想开饭店")) found.push_back(r->phrase);
  EXPECT_THAT(found, ElementsAre("开饭店"));
}

TEST(Synonyms, PhrasesMatchInsideTextInTheirNormalForm) {
  auto s = Synonyms::parse("開飯店: [食品经营许可, 营业执照]\n执照: 营业执照\n身份证丢了: [居民身份证 补领]\n", "x.yaml");
  auto rules = s.find("开饭店要办执照吗");
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules[0]->phrase, "开饭店");
  EXPECT_THAT(rules[0]->means, ElementsAre("食品经营许可", "营业执照"));
  EXPECT_EQ(rules[0]->where, "x.yaml:1");
  EXPECT_EQ(rules[1]->phrase, "执照");
  EXPECT_TRUE(s.find("").empty());
}

TEST(Synonyms, MalformedEntriesAreReportedWithTheirLines) {
  EXPECT_THAT(problems("开饭店: []\n"), HasSubstr("synonyms.yaml:1: \"开饭店\" has no terms"));
  EXPECT_THAT(problems("a: 营业执照\n"), HasSubstr("synonyms.yaml:1: the phrase \"a\" is shorter than two characters"));
  EXPECT_THAT(problems("执照: 营业执照\n开店: [个体工商户, {x: 1}]\n执照: 许可\n"),
              ::testing::AllOf(HasSubstr("synonyms.yaml:2: \"开店\" has an empty or non-text term"),
                             HasSubstr("synonyms.yaml:3: \"执照\" is given twice (first at synonyms.yaml:1)")));
  EXPECT_THAT(problems("- 执照\n- 许可\n"), HasSubstr("synonyms.yaml:1: expected a mapping"));
  EXPECT_THAT(problems("执照: [营业执照\n"), HasSubstr("synonyms.yaml:"));
  EXPECT_EQ(problems("# nothing yet\n"), "");
}

TEST(Analyzer, QueriesDropStopWordsAndExpandSynonyms) {
  Analyzer a(jieba(), Synonyms::parse("开饭店: [食品经营许可]\n身份证丢了: [居民身份证 补领]\n", "x"));
  auto q = a.analyze_query("我想开饭店怎么办？");
  EXPECT_THAT(q.words, ::testing::Contains("饭店"));
  EXPECT_THAT(q.words, ::testing::Not(::testing::Contains("怎么办")));
  EXPECT_THAT(q.expansion_terms, ElementsAre("食品经营许可"));
  EXPECT_THAT(q.expansions, ElementsAre(ElementsAre("食品", "经营", "许可")));
  q = a.analyze_query("身份证丢了");
  EXPECT_THAT(q.expansion_terms, ElementsAre("居民身份证", "补领")) << "身份证 is a query word already";
  EXPECT_TRUE(a.analyze_query("的").words == std::vector<std::string>{"的"}) << "only stop words: kept";
}

TEST(Analyzer, BigramsAndPinyinOfTitles) {
  Analyzer a(jieba(), Synonyms());
  EXPECT_THAT(Analyzer::bigrams("营业执照，a补办"), ElementsAre("营业", "业执", "执照", "补办"));
  std::vector<std::string> initials, full;
  for (const auto& p : a.pinyin_grams("营业执照遗失补办")) {
    initials.push_back(p.initials);
    full.push_back(p.full);
  }
  EXPECT_THAT(initials, ::testing::IsSupersetOf({"yyzz", "yyzzys", "yyzzysbb", "ysbb", "bb"}));
  EXPECT_THAT(full, ::testing::Contains("yingyezhizhao"));
}

TEST(Analyzer, AWordAddedWholeAlsoSoundsLikeItsParts) {
  Segmenter s;  // the app adds item aliases whole: 社保卡办理 is one word
  for (auto w : {"社保卡", "办理", "社保卡办理"}) s.add_word(w);
  Analyzer a(s, Synonyms());
  std::vector<std::string> initials, full;
  for (const auto& p : a.pinyin_grams("社保卡办理")) {
    initials.push_back(p.initials);
    full.push_back(p.full);
  }
  EXPECT_THAT(initials, ::testing::IsSupersetOf({"sbkbl", "sbk", "bl"})) << "sbk finds 社保卡办理";
  EXPECT_THAT(full, ::testing::Contains("shebaoka"));
  EXPECT_EQ(std::set<std::string>(full.begin(), full.end()).size(), full.size()) << "distinct";
}

TEST(Analyzer, RunsOfThreeOrMoreHanCharactersAreAlsoGivenAsTheySound) {
  Analyzer a(jieba(), Synonyms());
  std::vector<std::string> texts, sounds;
  for (const auto& s : a.analyze_query("居住正过期了").sounds) {
    texts.push_back(s.text);
    sounds.push_back(s.pinyin.full);
  }
  EXPECT_THAT(texts, ::testing::Contains("居住正"));
  EXPECT_THAT(sounds, ::testing::Contains("juzhuzheng"));
  EXPECT_THAT(texts, ::testing::Not(::testing::Contains("居住"))) << "two characters sound like too much";
}

TEST(Analyzer, LettersAreTriedAsPinyin) {
  Analyzer a(jieba(), Synonyms());
  auto q = a.analyze_query("ＹＹＺＺ 2024");
  EXPECT_THAT(q.words, ElementsAre("yyzz", "2024"));
  EXPECT_THAT(q.letters, ElementsAre("yyzz"));
}

}  // namespace
}  // namespace haoban::search
