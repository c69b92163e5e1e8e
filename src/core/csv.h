// Writing CSV that spreadsheet programs open as UTF-8: RFC 4180 quoting, CRLF line ends, and a
// byte-order mark first (Excel needs it to read Chinese text).
#pragma once

#include <string>
#include <string_view>

namespace haoban {

inline constexpr std::string_view kCsvBom = "\xEF\xBB\xBF";

// A field quoted when it holds a comma, a quote or a line break (quotes doubled).
inline std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace haoban
