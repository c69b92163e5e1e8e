#include "core/id_codes.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <random>

#include "core/error.h"

namespace haoban {
namespace {

using std::chrono::year_month_day;

year_month_day ymd(int y, unsigned m, unsigned d) {
  return {std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

const year_month_day kToday = ymd(2026, 11, 27);

std::string id_reason(std::string_view s) { return check_id_number(s, kToday).reason; }
std::string credit_reason(std::string_view s) { return check_credit_code(s).reason; }

constexpr std::string_view kCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY";

// --- 居民身份证号码 ---

TEST(IdNumber, AcceptsKnownValidNumber) {
  EXPECT_TRUE(check_id_number("11010519491231002X", kToday).ok);
  EXPECT_EQ(id_reason("11010519491231002X"), "");
  EXPECT_TRUE(check_id_number("11010519491231002x", kToday).ok);
}

TEST(IdNumber, WrongCheckDigit) {
  const CodeCheck c = check_id_number("110105194912310021", kToday);
  EXPECT_FALSE(c.ok);
  EXPECT_EQ(c.reason, "第18位校验码应为X，实际为1");
}

TEST(IdNumber, Length) {
  EXPECT_EQ(id_reason("11010519491231002"), "长度应为18位，实际为17位");
  EXPECT_EQ(id_reason("11010519491231002X1"), "长度应为18位，实际为19位");
  EXPECT_EQ(id_reason("110105491231002"), "长度应为18位，实际为15位");
  EXPECT_EQ(id_reason(""), "长度应为18位，实际为0位");
  EXPECT_EQ(id_reason(" 11010519491231002X"), "长度应为18位，实际为19位");
}

TEST(IdNumber, Characters) {
  EXPECT_EQ(id_reason("1101051949123100AX"), "第17位应为数字，实际为“A”");
  EXPECT_EQ(id_reason("11010519491231002Y"), "第18位应为数字或X，实际为“Y”");
  // Full-width and Chinese characters count as one character each.
  EXPECT_EQ(id_reason("11010519491231002一"), "第18位应为数字或X，实际为“一”");
  EXPECT_EQ(id_reason("１1010519491231002X"), "第1位应为数字，实际为“１”");
  EXPECT_EQ(id_reason(std::string("11010519491231002") + '\xff'), "第18位应为数字或X，实际为0xFF");
  EXPECT_EQ(id_reason(std::string("1101051949123100\t2")), "第17位应为数字，实际为0x09");
}

TEST(IdNumber, ProvinceCode) {
  EXPECT_EQ(id_reason("00010519491231002X"), "前2位“00”不是有效的省级行政区划代码");
  for (std::string_view bad : {"10", "16", "20", "24", "30", "38", "40", "47", "49", "55", "60", "66", "70",
                               "72", "80", "83", "90", "99"}) {
    const std::string id = std::string(bad) + "010519491231002X";
    EXPECT_EQ(id_reason(id), fmt::format("前2位“{}”不是有效的省级行政区划代码", bad)) << id;
  }
  for (std::string_view good :
       {"11", "15", "21", "23", "31", "37", "41", "46", "50", "54", "61", "65", "71", "81", "82"}) {
    const std::string id = make_id_number(std::string(good) + "0101", ymd(1990, 6, 15), 123);
    EXPECT_TRUE(check_id_number(id, kToday).ok) << id << " " << id_reason(id);
  }
}

TEST(IdNumber, BirthDate) {
  EXPECT_EQ(id_reason("110105194913320021"), "出生日期19491332无效");
  EXPECT_EQ(id_reason("110105190002290021"), "出生日期19000229无效");  // 1900 was not a leap year
  EXPECT_EQ(id_reason("110105202302290021"), "出生日期20230229无效");
  EXPECT_EQ(id_reason("110105194900010021"), "出生日期19490001无效");
  EXPECT_EQ(id_reason("110105189912310021"), "出生日期18991231早于1900年1月1日");
  EXPECT_EQ(id_reason("110105202611280021"), "出生日期20261128晚于今天（20261127）");
  EXPECT_TRUE(check_id_number(make_id_number("110105", kToday, 1), kToday).ok);
  EXPECT_TRUE(check_id_number(make_id_number("110105", ymd(2000, 2, 29), 1), kToday).ok);
  EXPECT_TRUE(check_id_number(make_id_number("110105", ymd(1900, 1, 1), 1), kToday).ok);
}

TEST(IdNumber, GeneratorMatchesKnownNumber) {
  EXPECT_EQ(make_id_number("110105", ymd(1949, 12, 31), 2), "11010519491231002X");
}

TEST(IdNumber, GeneratedNumbersRoundTrip) {
  std::mt19937 rng(11643);
  const std::string_view regions[] = {"110105", "120101", "130102", "310115", "350100", "440305", "460100",
                                      "500103", "540102", "650102", "710000", "810000", "820000"};
  std::uniform_int_distribution<std::size_t> region(0, std::size(regions) - 1);
  std::uniform_int_distribution<int> day(0, 46'000);
  std::uniform_int_distribution<int> sequence(0, 999);
  const std::chrono::sys_days base{ymd(1900, 1, 1)};
  for (int i = 0; i < 5000; ++i) {
    const year_month_day birth{base + std::chrono::days{day(rng)}};
    const int seq = sequence(rng);
    const std::string id = make_id_number(regions[region(rng)], birth, seq);
    ASSERT_EQ(id.size(), 18u);
    ASSERT_TRUE(check_id_number(id, kToday).ok) << id << " " << id_reason(id);
    ASSERT_EQ(id.substr(14, 3), fmt::format("{:03}", seq));
  }
}

TEST(IdNumber, EverySingleDigitErrorIsCaught) {
  const std::string valid = "11010519491231002X";
  for (std::size_t pos = 0; pos < 17; ++pos) {
    for (char d = '0'; d <= '9'; ++d) {
      if (d == valid[pos]) continue;
      std::string id = valid;
      id[pos] = d;
      EXPECT_FALSE(check_id_number(id, kToday).ok) << id;
    }
  }
  for (std::size_t pos = 0; pos + 1 < 17; ++pos) {
    std::string id = valid;
    std::swap(id[pos], id[pos + 1]);
    if (id != valid) {
      EXPECT_FALSE(check_id_number(id, kToday).ok) << id;
    }
  }
}

TEST(IdNumber, GeneratorRejectsBadInput) {
  EXPECT_THROW(make_id_number("11010", ymd(1990, 1, 1), 1), Error);
  EXPECT_THROW(make_id_number("11010A", ymd(1990, 1, 1), 1), Error);
  EXPECT_THROW(make_id_number("000000", ymd(1990, 1, 1), 1), Error);
  EXPECT_THROW(make_id_number("110105", ymd(1990, 2, 30), 1), Error);
  EXPECT_THROW(make_id_number("110105", ymd(1899, 12, 31), 1), Error);
  EXPECT_THROW(make_id_number("110105", ymd(1990, 1, 1), -1), Error);
  EXPECT_THROW(make_id_number("110105", ymd(1990, 1, 1), 1000), Error);
}

// --- 统一社会信用代码 ---

TEST(CreditCode, AcceptsKnownValidCodes) {
  EXPECT_TRUE(check_credit_code("91350100M000100Y43").ok) << credit_reason("91350100M000100Y43");
  EXPECT_TRUE(check_credit_code("91110000600037341L").ok) << credit_reason("91110000600037341L");
}

TEST(CreditCode, GeneratorMatchesKnownCodes) {
  EXPECT_EQ(make_credit_code('9', '1', "350100", "M000100Y"), "91350100M000100Y43");
  EXPECT_EQ(make_credit_code('9', '1', "110000", "60003734"), "91110000600037341L");
}

TEST(CreditCode, WrongCheckCharacter) {
  EXPECT_EQ(credit_reason("91350100M000100Y44"), "第18位校验码应为3，实际为4");
  EXPECT_EQ(credit_reason("91110000600037341M"), "第18位校验码应为L，实际为M");
}

TEST(CreditCode, WrongOrganisationCodeCheck) {
  EXPECT_EQ(credit_reason("91350100M000100Y53"), "第17位组织机构代码校验码应为4，实际为5");
  EXPECT_EQ(credit_reason("91110000600037342L"), "第17位组织机构代码校验码应为1，实际为2");
}

TEST(CreditCode, OrganisationCheckXAndZero) {
  const std::string x = make_credit_code('9', '1', "110000", "00000006");
  EXPECT_EQ(x[16], 'X');
  EXPECT_TRUE(check_credit_code(x).ok) << x;
  const std::string zero = make_credit_code('9', '1', "110000", "00000000");
  EXPECT_EQ(zero[16], '0');
  EXPECT_TRUE(check_credit_code(zero).ok) << zero;
}

TEST(CreditCode, Length) {
  EXPECT_EQ(credit_reason("91350100M000100Y4"), "长度应为18位，实际为17位");
  EXPECT_EQ(credit_reason(""), "长度应为18位，实际为0位");
  EXPECT_EQ(credit_reason("91350100M000100Y433"), "长度应为18位，实际为19位");
}

TEST(CreditCode, Characters) {
  EXPECT_EQ(credit_reason("91350100m000100Y43"), "第9位“m”应为大写字母");
  EXPECT_EQ(credit_reason("91350100I000100Y43"), "第9位不能使用字母I（统一社会信用代码不使用I、O、Z、S、V）");
  EXPECT_EQ(credit_reason("91350100M0001000Y3"), "第17位组织机构代码校验码应为6，实际为Y");
  EXPECT_EQ(credit_reason("91350100M000100Y4-"),
            "第18位“-”不是统一社会信用代码允许的字符（数字或除I、O、Z、S、V外的大写字母）");
  EXPECT_EQ(credit_reason("91350100M000100Y4三"),
            "第18位“三”不是统一社会信用代码允许的字符（数字或除I、O、Z、S、V外的大写字母）");
  for (char c : std::string_view("IOZSV")) {
    std::string code = "91350100M000100Y43";
    code[10] = c;
    EXPECT_EQ(credit_reason(code),
              fmt::format("第11位不能使用字母{}（统一社会信用代码不使用I、O、Z、S、V）", c));
  }
}

TEST(CreditCode, RegistrationAuthorityAndType) {
  EXPECT_EQ(credit_reason("B1350100M000100Y43"),
            "第1位登记管理部门代码“B”无效，应为1、2、3、4、5、6、7、8、9、A、N或Y");
  EXPECT_EQ(credit_reason("01350100M000100Y43"),
            "第1位登记管理部门代码“0”无效，应为1、2、3、4、5、6、7、8、9、A、N或Y");
  EXPECT_EQ(credit_reason("94350100M000100Y43"),
            "第2位机构类别代码“4”与登记管理部门代码“9”（市场监管）不符，应为1、2或3");
  EXPECT_EQ(credit_reason("Y2350100M000100Y43"),
            "第2位机构类别代码“2”与登记管理部门代码“Y”（其他）不符，应为1");
  EXPECT_EQ(credit_reason("36350100M000100Y43"),
            "第2位机构类别代码“6”与登记管理部门代码“3”（司法行政）不符，应为1、2、3、4、5或9");
  const std::pair<char, std::string_view> table[] = {
      {'1', "1239"}, {'2', "19"}, {'3', "123459"}, {'4', "19"}, {'5', "1239"}, {'6', "129"},
      {'7', "129"},  {'8', "19"}, {'9', "123"},    {'A', "19"}, {'N', "1239"}, {'Y', "1"}};
  for (const auto& [authority, types] : table) {
    for (char type : kCharset) {
      const bool allowed = types.find(type) != std::string_view::npos;
      if (allowed) {
        const std::string code = make_credit_code(authority, type, "350100", "M000100Y");
        EXPECT_TRUE(check_credit_code(code).ok) << code << " " << credit_reason(code);
      } else {
        EXPECT_THROW(make_credit_code(authority, type, "350100", "M000100Y"), Error) << authority << type;
      }
    }
  }
}

TEST(CreditCode, RegionCode) {
  EXPECT_EQ(credit_reason("91000000M000100Y43"),
            "第3-8位登记管理机关行政区划码“000000”的前2位“00”不是有效的省级行政区划代码");
  EXPECT_EQ(credit_reason("9135A100M000100Y43"), "第3-8位登记管理机关行政区划码应为6位数字，实际为“35A100”");
  // National registration (中央 organs, national social organisations) uses 100000.
  const std::string national = make_credit_code('1', '1', "100000", "00001234");
  EXPECT_TRUE(check_credit_code(national).ok) << national << " " << credit_reason(national);
  EXPECT_THROW(make_credit_code('1', '1', "101000", "00001234"), Error);
}

TEST(CreditCode, GeneratedCodesRoundTrip) {
  std::mt19937 rng(32100);
  const std::string_view regions[] = {"100000", "110000", "110108", "310115", "350100",
                                      "440300", "650100", "710000", "810000", "820000"};
  const std::pair<char, char> kinds[] = {{'9', '1'}, {'9', '2'}, {'9', '3'}, {'1', '1'}, {'1', '2'},
                                         {'5', '1'}, {'5', '3'}, {'3', '1'}, {'N', '2'}, {'Y', '1'}};
  std::uniform_int_distribution<std::size_t> region(0, std::size(regions) - 1);
  std::uniform_int_distribution<std::size_t> kind(0, std::size(kinds) - 1);
  std::uniform_int_distribution<std::size_t> ch(0, kCharset.size() - 1);
  for (int i = 0; i < 5000; ++i) {
    std::string org8;
    for (int k = 0; k < 8; ++k) org8 += kCharset[ch(rng)];
    const auto [authority, type] = kinds[kind(rng)];
    const std::string code = make_credit_code(authority, type, regions[region(rng)], org8);
    ASSERT_EQ(code.size(), 18u);
    ASSERT_EQ(code.substr(8, 8), org8);
    ASSERT_TRUE(check_credit_code(code).ok) << code << " " << credit_reason(code);
  }
}

TEST(CreditCode, EverySingleCharacterErrorIsCaught) {
  const std::string valid = "91350100M000100Y43";
  for (std::size_t pos = 0; pos < 18; ++pos) {
    for (char c : kCharset) {
      if (c == valid[pos]) continue;
      std::string code = valid;
      code[pos] = c;
      EXPECT_FALSE(check_credit_code(code).ok) << code;
    }
  }
}

TEST(CreditCode, GeneratorRejectsBadInput) {
  EXPECT_THROW(make_credit_code('B', '1', "350100", "M000100Y"), Error);
  EXPECT_THROW(make_credit_code('9', '4', "350100", "M000100Y"), Error);
  EXPECT_THROW(make_credit_code('9', '1', "35010", "M000100Y"), Error);
  EXPECT_THROW(make_credit_code('9', '1', "990100", "M000100Y"), Error);
  EXPECT_THROW(make_credit_code('9', '1', "350100", "M000100"), Error);
  EXPECT_THROW(make_credit_code('9', '1', "350100", "I000100Y"), Error);
  EXPECT_THROW(make_credit_code('9', '1', "350100", "m000100Y"), Error);
}

}  // namespace
}  // namespace haoban
