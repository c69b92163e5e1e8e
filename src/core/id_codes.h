// Validators and demo generators for the two identifiers every application carries: the
// 居民身份证号码 (GB 11643-1999) and the 统一社会信用代码 (GB 32100-2015).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace haoban {

// The outcome of checking a code. When !ok, `reason` is one Simplified Chinese sentence naming
// the rule that failed and what was expected, e.g. "第18位校验码应为X，实际为1".
struct CodeCheck {
  bool ok = false;
  std::string reason;
};

// 居民身份证号码: 18 characters, 17 digits and a check character (0-9 or X; x is accepted);
// the first 2 digits a province-level code (11-15, 21-23, 31-37, 41-46, 50-54, 61-65, 71, 81, 82);
// digits 7-14 a real birth date from 1900-01-01 up to `today`; the check character per
// ISO 7064 MOD 11-2. Rules are checked in that order and the first failure is reported.
// Positions and lengths count characters, not bytes. The input is not trimmed.
CodeCheck check_id_number(std::string_view s, std::chrono::year_month_day today);

// 统一社会信用代码: 18 characters from "0123456789ABCDEFGHJKLMNPQRTUWXY" (upper case only);
// char 1 a registration authority (1 机构编制, 2 外交, 3 司法行政, 4 文化, 5 民政, 6 旅游, 7 宗教,
// 8 工会, 9 市场监管, A 中央军委改革和编制办公室, N 农业, Y 其他) and char 2 one of its types;
// chars 3-8 the registering authority's division code: 6 digits whose first 2 are a province-level
// code as above, or 100000 for national (中央) registration; chars 9-17 the GB 11714 organisation
// code whose 9th char checks the first 8; char 18 the GB 32100 check character (MOD 31).
// Rules are checked in that order and the first failure is reported.
CodeCheck check_credit_code(std::string_view s);

// Demo/seed generators: deterministic, computing the check characters. Throw Error(invalid) if
// region6 is not 6 digits with a valid province (make_credit_code also takes 100000), birth is not a
// real date in 1900..9999, sequence3 is outside 0..999 (odd = male), the authority/type pair is not
// in GB 32100, or org8 is not 8 characters from the charset above.
std::string make_id_number(std::string_view region6, std::chrono::year_month_day birth, int sequence3);
std::string make_credit_code(char authority, char type, std::string_view region6, std::string_view org8);

}  // namespace haoban
