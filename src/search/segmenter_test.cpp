#include "search/segmenter.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "core/error.h"

namespace haoban::search {
namespace {

std::vector<std::string> texts(const std::vector<Token>& tokens) {
  std::vector<std::string> out;
  for (const auto& t : tokens) out.push_back(t.text);
  return out;
}

const Segmenter& jieba() {
  static const Segmenter s = Segmenter::load(kJiebaDictionary);
  return s;
}

Segmenter small() {
  Segmenter s;
  for (auto [w, f] : std::initializer_list<std::pair<const char*, int>>{
           {"营业", 1214}, {"执照", 107}, {"营业执照", 165}, {"遗失", 99}, {"补办", 38}, {"补领", 3},
           {"食品", 6610}, {"经营", 7456}, {"许可", 623}, {"b超", 3}, {"研究", 1000}, {"研究生", 500},
           {"生命", 800}, {"命", 100}, {"起源", 300}})
    s.add_word(w, f);
  return s;
}

TEST(Segmenter, TakesTheMostProbableRoute) {
  auto s = small();
  EXPECT_THAT(texts(s.cut("营业执照遗失补办")), testing::ElementsAre("营业执照", "遗失", "补办"));
  EXPECT_THAT(texts(s.cut("研究生命起源")), testing::ElementsAre("研究", "生命", "起源"));
}

TEST(Segmenter, AsciiRunsStayWholeAndPunctuationSeparates) {
  auto s = small();
  auto t = s.cut("b超2024年，abc123 de");
  EXPECT_THAT(texts(t), testing::ElementsAre("b超", "2024", "年", "abc123", "de"));
  EXPECT_EQ(t[1].begin, 4u);
  EXPECT_EQ(t[1].end, 8u);
  EXPECT_THAT(texts(s.cut("b12超")), testing::ElementsAre("b12", "超")) << "b超 needs b to be the whole run";
}

TEST(Segmenter, UnknownCharactersAreWordsOfTheirOwn) {
  auto s = small();
  EXPECT_THAT(texts(s.cut("犇羴营业")), testing::ElementsAre("犇", "羴", "营业"));
  EXPECT_TRUE(s.cut("").empty());
  EXPECT_TRUE(s.cut("，。！？ …").empty());
}

TEST(Segmenter, SearchModeAddsDictionarySubWords) {
  auto s = small();
  EXPECT_THAT(texts(s.cut_for_search("营业执照遗失")), testing::ElementsAre("营业", "执照", "营业执照", "遗失"));
}

TEST(Segmenter, SearchModeGivesTheLettersOfAWordJoiningHanAndLetters) {
  auto s = small();
  s.add_word("开ktv");
  s.add_word("b超");
  EXPECT_THAT(texts(s.cut_for_search("开ktv")), testing::ElementsAre("ktv", "开ktv"));
  EXPECT_THAT(texts(s.cut_for_search("b超")), testing::ElementsAre("b超")) << "one letter alone says nothing";
  EXPECT_THAT(texts(s.cut_for_search("ktv")), testing::ElementsAre("ktv"));
}

TEST(Segmenter, AddedWordsWinOverTheirParts) {
  auto s = small();
  s.add_word("食品经营许可");
  EXPECT_THAT(texts(s.cut("食品经营许可新办")), testing::ElementsAre("食品经营许可", "新", "办"));
  EXPECT_GT(s.frequency("食品经营许可"), 0u);
  EXPECT_EQ(s.frequency("没有这个词"), 0u);
  s.add_word("ＡＢＣ證照", 10);
  EXPECT_EQ(s.frequency("abc证照"), 10u) << "added words are normalised";
}

TEST(Segmenter, JiebaDictionaryLoadsAndCutsGovernmentText) {
  const auto& s = jieba();
  EXPECT_GT(s.size(), 340000u);
  EXPECT_THAT(texts(s.cut("营业执照遗失补办")), testing::ElementsAre("营业执照", "遗失", "补办"));
  EXPECT_THAT(texts(s.cut("我想开饭店需要办什么证")),
              testing::IsSupersetOf({"饭店", "需要", "什么"}));
  EXPECT_THAT(texts(s.cut_for_search("中华人民共和国残疾人保障法")), testing::IsSupersetOf({"中华", "人民", "共和国", "残疾人"}));
}

TEST(Segmenter, ConcurrentCutsAgree) {
  const auto& s = jieba();
  const auto expected = texts(s.cut("上海市宝山区市场监督管理局办理食品经营许可"));
  std::vector<std::thread> threads;
  std::atomic<int> bad{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i)
        if (texts(s.cut("上海市宝山区市场监督管理局办理食品经营许可")) != expected) ++bad;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(bad, 0);
}

TEST(Segmenter, AMissingDictionaryNamesItsPath) {
  try {
    Segmenter::load("/nonexistent/jieba/dict.txt");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::unavailable);
    EXPECT_THAT(e.detail(), testing::HasSubstr("/nonexistent/jieba/dict.txt"));
    EXPECT_THAT(e.detail(), testing::HasSubstr("python3-jieba"));
  }
}

TEST(Segmenter, AMalformedDictionaryLineIsReportedWithItsLine) {
  auto path = std::filesystem::temp_directory_path() / "haoban-bad-dict.txt";
  {
    std::ofstream out(path);
    out << "营业 12 n\n执照 abc n\n";
  }
  try {
    Segmenter::load(path);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::invalid);
    EXPECT_THAT(e.detail(), testing::HasSubstr(path.string() + ":2:"));
  }
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace haoban::search
