#include "core/pinyin.h"

#include <gtest/gtest.h>

namespace haoban {
namespace {

TEST(Pinyin, FullAndInitialsKeepDigitsAndLatin) {
  PinyinConverter pinyin;
  auto p = pinyin("食品经营许可（新办）");
  EXPECT_EQ(p.full, "shipinjingyingxukexinban");
  EXPECT_EQ(p.initials, "spjyxkxb");
  EXPECT_EQ(pinyin("65岁以上老年人健康体检").initials, "65syslnrjktj");
  EXPECT_EQ(pinyin("A级旅游景区").initials, "ajlyjq");
}

}  // namespace
}  // namespace haoban
