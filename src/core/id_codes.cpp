#include "core/id_codes.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <vector>

#include "core/error.h"

namespace haoban {

namespace {

constexpr std::string_view kCreditCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr int kIdWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr std::string_view kIdCheckChars = "10X98765432";
constexpr int kOrgWeights[8] = {3, 7, 9, 10, 5, 8, 4, 2};
constexpr int kCreditWeights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
constexpr std::string_view kNationalRegion = "100000";

struct Authority {
  char code;
  std::string_view name;
  std::string_view types;
};
constexpr Authority kAuthorities[] = {
    {'1', "机构编制", "1239"},   {'2', "外交", "19"},
    {'3', "司法行政", "123459"}, {'4', "文化", "19"},
    {'5', "民政", "1239"},       {'6', "旅游", "129"},
    {'7', "宗教", "129"},        {'8', "工会", "19"},
    {'9', "市场监管", "123"},    {'A', "中央军委改革和编制办公室", "19"},
    {'N', "农业", "1239"},       {'Y', "其他", "1"},
};

CodeCheck pass() { return {true, {}}; }

template <typename... Args>
CodeCheck fail(fmt::format_string<Args...> f, Args&&... args) {
  return {false, fmt::format(f, std::forward<Args>(args)...)};
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view s) { return std::all_of(s.begin(), s.end(), is_digit); }

bool is_province(std::string_view two_digits) {
  const int c = (two_digits[0] - '0') * 10 + (two_digits[1] - '0');
  return (c >= 11 && c <= 15) || (c >= 21 && c <= 23) || (c >= 31 && c <= 37) || (c >= 41 && c <= 46) ||
         (c >= 50 && c <= 54) || (c >= 61 && c <= 65) || c == 71 || c == 81 || c == 82;
}

// Splits UTF-8 text into characters so that lengths and positions count what people see;
// a byte that does not start a well-formed sequence is a character of its own.
std::vector<std::string_view> characters(std::string_view s) {
  std::vector<std::string_view> out;
  for (std::size_t i = 0; i < s.size();) {
    const auto lead = static_cast<unsigned char>(s[i]);
    std::size_t len = 1;
    if ((lead >> 5) == 0x6) len = 2;
    if ((lead >> 4) == 0xE) len = 3;
    if ((lead >> 3) == 0x1E) len = 4;
    if (i + len > s.size()) len = 1;
    for (std::size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) len = 1;
    out.push_back(s.substr(i, len));
    i += len;
  }
  return out;
}

// A character quoted for a message: “A”, or 0xFF for a stray byte or control character.
std::string shown(std::string_view ch) {
  const auto first = static_cast<unsigned char>(ch[0]);
  if ((ch.size() == 1 && first >= 0x80) || first < 0x20 || first == 0x7F)
    return fmt::format("0x{:02X}", first);
  return fmt::format("“{}”", ch);
}

std::string join_choices(std::string_view options) {
  std::string out;
  for (std::size_t i = 0; i < options.size(); ++i) {
    if (i > 0) out += i + 1 == options.size() ? "或" : "、";
    out += options[i];
  }
  return out;
}

const Authority* find_authority(char code) {
  for (const Authority& a : kAuthorities)
    if (a.code == code) return &a;
  return nullptr;
}

std::string authority_codes() {
  std::string codes;
  for (const Authority& a : kAuthorities) codes += a.code;
  return codes;
}

char id_check_char(std::string_view first17) {
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (first17[i] - '0') * kIdWeights[i];
  return kIdCheckChars[sum % 11];
}

// GB 11714 value of a code character: digits 0-9, letters A=10 … Z=35.
int org_value(char c) { return is_digit(c) ? c - '0' : c - 'A' + 10; }

char org_check_char(std::string_view body8) {
  int sum = 0;
  for (int i = 0; i < 8; ++i) sum += org_value(body8[i]) * kOrgWeights[i];
  const int c9 = 11 - sum % 11;
  return c9 == 10 ? 'X' : c9 == 11 ? '0' : static_cast<char>('0' + c9);
}

char credit_check_char(std::string_view first17) {
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += static_cast<int>(kCreditCharset.find(first17[i])) * kCreditWeights[i];
  return kCreditCharset[(31 - sum % 31) % 31];
}

// Problems shared by the checker and the generator, phrased for the whole code.
std::optional<std::string> authority_problem(char authority, char type) {
  const Authority* a = find_authority(authority);
  if (a == nullptr)
    return fmt::format("第1位登记管理部门代码“{}”无效，应为{}", authority, join_choices(authority_codes()));
  if (a->types.find(type) == std::string_view::npos)
    return fmt::format("第2位机构类别代码“{}”与登记管理部门代码“{}”（{}）不符，应为{}", type, authority,
                       a->name, join_choices(a->types));
  return std::nullopt;
}

std::optional<std::string> credit_region_problem(std::string_view region6) {
  if (region6.size() != 6 || !all_digits(region6))
    return fmt::format("第3-8位登记管理机关行政区划码应为6位数字，实际为“{}”", region6);
  if (region6 != kNationalRegion && !is_province(region6.substr(0, 2)))
    return fmt::format("第3-8位登记管理机关行政区划码“{}”的前2位“{}”不是有效的省级行政区划代码", region6,
                       region6.substr(0, 2));
  return std::nullopt;
}

Error bad_input(std::string detail) {
  return invalid("invalid-code-input", "生成代码的参数无效", std::move(detail));
}

}  // namespace

CodeCheck check_id_number(std::string_view s, std::chrono::year_month_day today) {
  const std::vector<std::string_view> chars = characters(s);
  if (chars.size() != 18) return fail("长度应为18位，实际为{}位", chars.size());
  for (std::size_t i = 0; i < 17; ++i)
    if (chars[i].size() != 1 || !is_digit(chars[i][0]))
      return fail("第{}位应为数字，实际为{}", i + 1, shown(chars[i]));
  const char last = chars[17][0];
  if (chars[17].size() != 1 || !(is_digit(last) || last == 'X' || last == 'x'))
    return fail("第18位应为数字或X，实际为{}", shown(chars[17]));

  if (!is_province(s.substr(0, 2))) return fail("前2位“{}”不是有效的省级行政区划代码", s.substr(0, 2));

  const std::string_view birth = s.substr(6, 8);
  const int y = std::stoi(std::string(birth.substr(0, 4)));
  const auto m = static_cast<unsigned>(std::stoi(std::string(birth.substr(4, 2))));
  const auto d = static_cast<unsigned>(std::stoi(std::string(birth.substr(6, 2))));
  const std::chrono::year_month_day born{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
  if (!born.ok()) return fail("出生日期{}无效", birth);
  if (born < std::chrono::year{1900} / 1 / 1) return fail("出生日期{}早于1900年1月1日", birth);
  if (born > today)
    return fail("出生日期{}晚于今天（{:04}{:02}{:02}）", birth, static_cast<int>(today.year()),
                static_cast<unsigned>(today.month()), static_cast<unsigned>(today.day()));

  const char expected = id_check_char(s.substr(0, 17));
  if ((last == 'x' ? 'X' : last) != expected) return fail("第18位校验码应为{}，实际为{}", expected, last);
  return pass();
}

CodeCheck check_credit_code(std::string_view s) {
  const std::vector<std::string_view> chars = characters(s);
  if (chars.size() != 18) return fail("长度应为18位，实际为{}位", chars.size());
  for (std::size_t i = 0; i < 18; ++i) {
    const char c = chars[i][0];
    if (chars[i].size() == 1 && c >= 'a' && c <= 'z')
      return fail("第{}位{}应为大写字母", i + 1, shown(chars[i]));
    if (chars[i].size() == 1 && std::string_view("IOZSV").find(c) != std::string_view::npos)
      return fail("第{}位不能使用字母{}（统一社会信用代码不使用I、O、Z、S、V）", i + 1, c);
    if (chars[i].size() != 1 || kCreditCharset.find(c) == std::string_view::npos)
      return fail("第{}位{}不是统一社会信用代码允许的字符（数字或除I、O、Z、S、V外的大写字母）", i + 1,
                  shown(chars[i]));
  }
  if (auto problem = authority_problem(s[0], s[1])) return {false, std::move(*problem)};
  if (auto problem = credit_region_problem(s.substr(2, 6))) return {false, std::move(*problem)};

  const char org_expected = org_check_char(s.substr(8, 8));
  if (s[16] != org_expected) return fail("第17位组织机构代码校验码应为{}，实际为{}", org_expected, s[16]);
  const char expected = credit_check_char(s.substr(0, 17));
  if (s[17] != expected) return fail("第18位校验码应为{}，实际为{}", expected, s[17]);
  return pass();
}

std::string make_id_number(std::string_view region6, std::chrono::year_month_day birth, int sequence3) {
  if (region6.size() != 6 || !all_digits(region6))
    throw bad_input(fmt::format("地址码应为6位数字，实际为“{}”", region6));
  if (!is_province(region6.substr(0, 2)))
    throw bad_input(fmt::format("地址码“{}”的前2位不是有效的省级行政区划代码", region6));
  if (!birth.ok() || birth.year() < std::chrono::year{1900} || birth.year() > std::chrono::year{9999})
    throw bad_input("出生日期应为1900至9999年间的真实日期");
  if (sequence3 < 0 || sequence3 > 999)
    throw bad_input(fmt::format("顺序码应在0到999之间，实际为{}", sequence3));
  std::string id =
      fmt::format("{}{:04}{:02}{:02}{:03}", region6, static_cast<int>(birth.year()),
                  static_cast<unsigned>(birth.month()), static_cast<unsigned>(birth.day()), sequence3);
  id += id_check_char(id);
  return id;
}

std::string make_credit_code(char authority, char type, std::string_view region6, std::string_view org8) {
  if (auto problem = authority_problem(authority, type)) throw bad_input(std::move(*problem));
  if (auto problem = credit_region_problem(region6)) throw bad_input(std::move(*problem));
  if (org8.size() != 8 || !std::all_of(org8.begin(), org8.end(), [](char c) {
        return kCreditCharset.find(c) != std::string_view::npos;
      }))
    throw bad_input(
        fmt::format("主体标识码本体应为8个数字或大写字母（不含I、O、Z、S、V），实际为“{}”", org8));
  std::string code = fmt::format("{}{}{}{}", authority, type, region6, org8);
  code += org_check_char(org8);
  code += credit_check_char(code);
  return code;
}

}  // namespace haoban
