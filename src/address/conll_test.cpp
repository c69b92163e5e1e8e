#include "address/conll.h"

#include <gtest/gtest.h>

#include <fstream>

#include "core/error.h"
#include "testing/testing.h"

namespace haoban::address {
namespace {

std::filesystem::path write(const testing::TempDir& dir, std::string_view name, std::string_view text) {
  auto p = dir.path() / name;
  std::ofstream(p) << text;
  return p;
}

TEST(Conll, ReadsSentencesAndLowerCasesLabels) {
  testing::TempDir dir;
  auto f = write(dir, "a.txt", "龙 B-town\n山 I-town\n镇 I-town\n\n开 B-devZone\n发 I-devZone\n区 I-devZone\n");
  auto s = read_conll(f);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].tokens, (std::vector<std::string>{"龙", "山", "镇"}));
  EXPECT_EQ(s[1].tags[0], "B-devzone");
}

TEST(Conll, AMalformedLineIsNamedWithItsNumber) {
  testing::TempDir dir;
  auto f = write(dir, "bad.txt", "龙 B-town\n山 I-town\n\n镇\n");
  try {
    read_conll(f);
    FAIL() << "accepted a line without a tag";
  } catch (const Error& e) {
    EXPECT_NE(e.detail().find("bad.txt:4:"), std::string::npos) << e.detail();
  }
  auto g = write(dir, "tag.txt", "龙 B-town\n山 X-town\n");
  try {
    read_conll(g);
    FAIL() << "accepted tag X-town";
  } catch (const Error& e) {
    EXPECT_NE(e.detail().find("tag.txt:2:"), std::string::npos) << e.detail();
  }
}

TEST(Conll, SpansFollowConllevalChunking) {
  // An I- after another label starts a span, as conlleval does.
  auto s = spans_of({"B-road", "I-road", "I-roadno", "B-roadno", "I-roadno", "O", "I-poi"});
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(s[0], (Span{0, 2, "road"}));
  EXPECT_EQ(s[1], (Span{2, 3, "roadno"}));
  EXPECT_EQ(s[2], (Span{3, 5, "roadno"}));
  EXPECT_EQ(s[3], (Span{6, 7, "poi"}));
}

TEST(Conll, ScoresSpansNotTokens) {
  SpanScorer sc;
  // Gold: road(0-2) roadno(2-4). Predicted: road(0-3) roadno(3-4): every span wrong although
  // half the tokens are right.
  sc.add({"B-road", "I-road", "B-roadno", "I-roadno"}, {"B-road", "I-road", "I-road", "B-roadno"});
  EXPECT_EQ(sc.overall().gold, 2u);
  EXPECT_EQ(sc.overall().predicted, 2u);
  EXPECT_EQ(sc.overall().correct, 0u);
  EXPECT_EQ(sc.correct_tokens(), 2u);
  sc.add({"B-city", "I-city"}, {"B-city", "I-city"});
  EXPECT_EQ(sc.overall().correct, 1u);
  EXPECT_DOUBLE_EQ(sc.overall().precision(), 1.0 / 3);
  EXPECT_DOUBLE_EQ(sc.by_label().at("city").f1(), 1.0);
  EXPECT_NE(sc.report().find("FB1:  33.33"), std::string::npos) << sc.report();
}

}  // namespace
}  // namespace haoban::address
