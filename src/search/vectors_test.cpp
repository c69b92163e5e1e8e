#include "search/vectors.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "core/error.h"
#include "testing/testing.h"

namespace haoban::search {
namespace {

std::vector<std::string> split(std::string_view text) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < text.size()) {
    auto j = text.find(' ', i);
    if (j == std::string_view::npos) j = text.size();
    if (j > i) out.emplace_back(text.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

// Two subjects that never share a word, dogs and restaurants: sentences of random words of one.
std::vector<std::string> corpus() {
  const std::vector<std::string> dogs{"养狗", "登记", "犬只", "狗证", "疫苗", "牵绳", "养犬", "宠物", "狂犬病", "狗狗",
                                      "遛狗", "犬证", "小狗", "柯基", "泰迪", "金毛", "狗粮", "兽医", "芯片", "年检"};
  const std::vector<std::string> food{"饭店", "餐饮", "食品", "许可证", "开业", "厨房", "餐馆", "经营", "卫生", "面馆",
                                      "小吃", "外卖", "后厨", "厨师", "菜单", "健康证", "冷库", "食材", "堂食", "奶茶"};
  std::mt19937 random(7);
  std::vector<std::string> texts;
  for (int i = 0; i < 4000; ++i) {
    const auto& words = i % 2 ? dogs : food;
    std::string line;
    for (int k = 0; k < 6; ++k) line += words[random() % words.size()] + " ";
    texts.push_back(line);
  }
  return texts;
}

TEST(WordVectors, TextsOfOneSubjectAreNearerThanTextsOfAnother) {
  haoban::testing::TempDir dir;
  auto v = WordVectors::train(corpus(), split, dir.path() / "words.bin", {.dim = 16, .epochs = 10});
  auto dog = v.embed("狗证 登记"), dog2 = v.embed("养犬 疫苗"), food = v.embed("餐馆 许可证");
  EXPECT_GT(cosine(dog, dog2), cosine(dog, food));
  // A word never seen still has a vector from its characters: 狗正 (a slip for 狗证) is near 狗证.
  EXPECT_GT(cosine(v.embed("狗正"), v.embed("狗证")), cosine(v.embed("狗正"), food));
}

TEST(WordVectors, VectorsHaveLengthOneOrAreZero) {
  haoban::testing::TempDir dir;
  auto v = WordVectors::train(corpus(), split, dir.path() / "words.bin", {.dim = 16, .epochs = 1});
  auto e = v.embed("饭店 食品");
  ASSERT_EQ(e.size(), 16u);
  EXPECT_NEAR(cosine(e, e), 1.0, 1e-5);
  auto none = v.embed("   ");
  EXPECT_EQ(none, std::vector<float>(16, 0.0f));
  EXPECT_EQ(cosine(e, std::vector<float>(3, 1.0f)), 0);
}

TEST(WordVectors, LoadsWhatWasSaved) {
  haoban::testing::TempDir dir;
  const auto path = dir.path() / "models" / "words.bin";
  auto trained = WordVectors::train(corpus(), split, path, {.dim = 16, .epochs = 1});
  auto loaded = WordVectors::load(path, split);
  EXPECT_NEAR(cosine(trained.embed("狗证"), loaded.embed("狗证")), 1.0, 1e-5);
  EXPECT_THROW(WordVectors::load(dir.path() / "missing.bin", split), Error);
  EXPECT_THROW(WordVectors::train({" ", ""}, split, dir.path() / "empty.bin"), Error);
}

}  // namespace
}  // namespace haoban::search
