#include "core/utf8.h"

#include <gtest/gtest.h>

namespace haoban {
namespace {

TEST(Utf8, AcceptsChineseAndAscii) {
  EXPECT_EQ(first_invalid_utf8("宝山区 智慧好办 abc"), std::nullopt);
  EXPECT_EQ(first_invalid_utf8(""), std::nullopt);
  EXPECT_EQ(first_invalid_utf8("\xF0\x9F\x98\x80"), std::nullopt);  // emoji, 4 bytes
}

TEST(Utf8, RejectsBrokenSequencesAtTheirOffset) {
  EXPECT_EQ(first_invalid_utf8("ab\xFFz"), 2u);
  EXPECT_EQ(first_invalid_utf8("\xC0\xAF"), 0u) << "overlong '/'";
  EXPECT_EQ(first_invalid_utf8("\xED\xA0\x80"), 0u) << "surrogate";
  EXPECT_EQ(first_invalid_utf8("好\xE5\xA5"), 3u) << "truncated at the end";
  EXPECT_EQ(first_invalid_utf8("\xF4\x90\x80\x80"), 0u) << "above U+10FFFF";
}

}  // namespace
}  // namespace haoban
