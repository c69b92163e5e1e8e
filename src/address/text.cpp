#include "address/text.h"

#include <fmt/format.h>

#include <array>

#include "core/chinese.h"

namespace haoban::address {

namespace {

constexpr char32_t bad = kReplacementChar;

bool is_ascii_digit(char32_t c) { return c >= '0' && c <= '9'; }
bool is_ascii_alpha(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Pictographs, dingbats, variation selectors, joiners: nothing an address is written with.
bool is_symbol(char32_t c) {
  return (c >= 0x1F000 && c <= 0x1FAFF) || (c >= 0x2600 && c <= 0x27BF) || (c >= 0xFE00 && c <= 0xFE0F) ||
         c == 0x200D || c == 0x200B || c == 0xFEFF || (c >= 0xE000 && c <= 0xF8FF) || (c >= 0xE0000);
}

std::u32string decode(std::string_view s) { return decode_utf8(s); }
std::string encode(std::u32string_view s) { return encode_utf8(s); }

int numeral_value(char32_t c) {
  switch (c) {
    case U'零': case U'〇': return 0;
    case U'一': return 1;
    case U'二': case U'两': return 2;
    case U'三': return 3;
    case U'四': return 4;
    case U'五': return 5;
    case U'六': return 6;
    case U'七': return 7;
    case U'八': return 8;
    case U'九': return 9;
    case U'十': return 10;
    case U'百': return 100;
    case U'千': return 1000;
    default: return -1;
  }
}

// Units that follow a house, lane, building, unit, floor or room number.
bool unit_follows(std::u32string_view rest) {
  static constexpr std::array<std::u32string_view, 12> units{
      U"号", U"弄", U"幢", U"栋", U"楼", U"层", U"室", U"单元", U"座", U"组", U"支弄", U"期"};
  for (auto u : units)
    if (rest.substr(0, u.size()) == u) return true;
  return false;
}

std::string numeral_text(std::u32string_view run) {
  bool positional = false;
  for (char32_t c : run) positional |= numeral_value(c) >= 10;
  if (!positional) {
    std::string digits;
    for (char32_t c : run) digits.push_back(static_cast<char>('0' + numeral_value(c)));
    return digits;
  }
  long total = 0, current = 0;
  for (char32_t c : run) {
    int v = numeral_value(c);
    if (v == 0) continue;
    if (v < 10) {
      current = v;
    } else {
      total += (current == 0 ? 1 : current) * v;
      current = 0;
    }
  }
  return std::to_string(total + current);
}

std::u32string convert_numerals(std::u32string_view s, std::vector<std::string>* changes) {
  std::u32string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    if (numeral_value(s[i]) < 0) {
      out.push_back(s[i++]);
      continue;
    }
    std::size_t j = i;
    while (j < s.size() && numeral_value(s[j]) >= 0) ++j;
    auto run = s.substr(i, j - i);
    // A numeral glued to a preceding Han word is part of a name (五一路, 三门), unless it is a
    // unit of its own; numbers stand after digits, separators or level names.
    bool convertible = unit_follows(s.substr(j)) && !(run.size() == 1 && run[0] == U'两' && j < s.size());
    if (convertible) {
      std::string digits = numeral_text(run);
      if (changes) changes->push_back(fmt::format("{}{}→{}{}", encode(run), encode(s.substr(j, 1)), digits, encode(s.substr(j, 1))));
      for (char c : digits) out.push_back(static_cast<char32_t>(c));
    } else {
      out.append(run);
    }
    i = j;
  }
  return out;
}

// Variants and typos next to numbers: 3懂 → 3栋, 301房 → 301室, 5# → 5号, 3F → 3楼, 衖 → 弄.
std::u32string fix_variants(std::u32string_view s, std::vector<std::string>* changes) {
  std::u32string out;
  out.reserve(s.size());
  auto note = [&](std::string_view from, std::string_view to) {
    if (changes) changes->push_back(fmt::format("{}→{}", from, to));
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    char32_t c = s[i];
    bool after_digit = i > 0 && is_ascii_digit(s[i - 1]);
    char32_t next = i + 1 < s.size() ? s[i + 1] : 0;
    if (c == U'衖') {
      out.push_back(U'弄'), note("衖", "弄");
    } else if (after_digit && c == U'懂') {
      out.push_back(U'栋'), note("懂", "栋");
    } else if (after_digit && c == U'房' && next != U'间' && next != U'屋' && next != U'产') {
      out.push_back(U'室'), note("房", "室");
    } else if (after_digit && c == U'#') {
      out.push_back(U'号'), note("#", "号");
    } else if (after_digit && (c == U'F' || c == U'f') && !is_ascii_alpha(next)) {
      out.push_back(U'楼'), note("F", "楼");
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

std::string numerals_to_digits(std::string_view s) { return encode(convert_numerals(decode(s), nullptr)); }

Normalized normalize(std::string_view raw) {
  Normalized n;
  if (raw.size() > max_address_bytes) {
    std::size_t cut = max_address_bytes;
    while (cut > 0 && (static_cast<unsigned char>(raw[cut]) & 0xC0) == 0x80) --cut;
    n.dropped.push_back(fmt::format("超出{}字节的部分（共{}字节）", max_address_bytes, raw.size()));
    raw = raw.substr(0, cut);
  }
  std::u32string kept;
  kept.reserve(raw.size());
  bool folded = false;
  for (std::size_t pos = 0; pos < raw.size();) {
    std::size_t at = pos;
    char32_t c = decode_at(raw, pos);
    if (c == bad) {
      n.dropped.push_back(fmt::format("无效的UTF-8字节（第{}字节）", at + 1));
      continue;
    }
    if (c >= 0xFF01 && c <= 0xFF5E) folded = true;  // the ideographic space folds silently
    c = fold_width(c);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    if (is_control_char(c)) {
      n.dropped.push_back(fmt::format("控制字符U+{:04X}", static_cast<unsigned>(c)));
      continue;
    }
    if (is_symbol(c)) {
      n.dropped.push_back(std::string(raw.substr(at, pos - at)));
      continue;
    }
    kept.push_back(c);
  }
  if (folded) n.changes.emplace_back("全角→半角");
  if (simplifier_available() && has_traditional(kept)) {
    kept = decode(to_simplified(encode(kept)));
    n.changes.emplace_back("繁体→简体");
  }
  kept = convert_numerals(kept, &n.changes);
  kept = fix_variants(kept, &n.changes);
  n.text = encode(kept);
  return n;
}

std::vector<Token> tokenize(std::string_view s) {
  std::vector<Token> out;
  for (std::size_t pos = 0; pos < s.size();) {
    std::size_t begin = pos;
    char32_t c = decode_at(s, pos);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    if (is_ascii_digit(c) || is_ascii_alpha(c)) {
      bool digit = is_ascii_digit(c);
      while (pos < s.size()) {
        char32_t d = static_cast<unsigned char>(s[pos]);
        if (digit ? !is_ascii_digit(d) : !is_ascii_alpha(d)) break;
        ++pos;
      }
    }
    out.push_back(Token{std::string(s.substr(begin, pos - begin)), begin, pos});
  }
  return out;
}

}  // namespace haoban::address
