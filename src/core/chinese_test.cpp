#include "core/chinese.h"

#include <gtest/gtest.h>

#include "core/utf8.h"

namespace haoban {
namespace {

TEST(Chinese, TraditionalBecomesSimplified) {
  EXPECT_EQ(to_simplified("開飯店要辦營業執照"), "开饭店要办营业执照");
  EXPECT_EQ(to_simplified("已经是简体"), "已经是简体");
  EXPECT_TRUE(has_traditional(U"寶山"));
  EXPECT_FALSE(has_traditional(U"宝山"));
  EXPECT_EQ(simplify_char(U'營'), U'营');
  EXPECT_EQ(simplify_char(U'营'), U'营');
}

TEST(Chinese, FullWidthFoldsToAscii) {
  EXPECT_EQ(fold_width("ＡＢＣ１２３！\u3000x"), "ABC123! x");
  EXPECT_EQ(fold_width(U'Ｚ'), U'Z');
  EXPECT_EQ(fold_width(U'中'), U'中');
}

TEST(Chinese, SearchFormLowersFoldsAndDropsControls) {
  EXPECT_EQ(normalize_for_search("  ＡＢＣ\u3000營業執照\x07\tYYZZ\n "), "abc 营业执照 yyzz");
  EXPECT_EQ(normalize_for_search(std::string("a\xff" "b")), "ab") << "invalid bytes dropped";
  EXPECT_EQ(normalize_for_search(" \t\n"), "");
}

TEST(Utf8, DecodesAndEncodesCodePoints) {
  std::string s = "宝a😀";
  EXPECT_EQ(decode_utf8(s), U"宝a😀");
  EXPECT_EQ(encode_utf8(U"宝a😀"), s);
  EXPECT_EQ(utf8_length(s), 3u);
  std::size_t pos = 0;
  EXPECT_EQ(decode_at("\xC0\xAF", pos), kReplacementChar) << "overlong";
}

}  // namespace
}  // namespace haoban
