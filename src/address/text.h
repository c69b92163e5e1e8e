// Address text: normalisation (traditional → simplified, full-width → half-width, Chinese numerals
// in house numbers → digits, common variants and typos) and tokenisation into the units the
// sequence labeller sees (one Han character, or one run of digits or of Latin letters).
//
// Normalisation never fails: characters it cannot use (control characters, emoji, symbols) are
// dropped and reported, so a parse can say what it could not recognise.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/utf8.h"

namespace haoban::address {

struct Normalized {
  std::string text;                  // the normalised address
  std::vector<std::string> dropped;  // what was removed, as written ("😀", "U+0007")
  std::vector<std::string> changes;  // what was rewritten, for people: 「繁体→简体」「一百二十三号→123号」
};

// Longest input accepted; longer text is cut here and the cut is reported in `dropped`.
inline constexpr std::size_t max_address_bytes = 1024;

// Thread-safe. The first call loads OpenCC's t2s dictionary.
Normalized normalize(std::string_view raw);

// Only the Chinese-numeral step: 一百二十三号 → 123号, 二〇一室 → 201室, 十三楼 → 13楼. Numerals
// not followed by a house-number unit (三门路, 五角场) stay as they are.
std::string numerals_to_digits(std::string_view s);

struct Token {
  std::string text;
  std::size_t begin = 0, end = 0;  // byte offsets into the tokenised string
};

// One token per Han (or other non-ASCII) character, per run of ASCII digits, per run of ASCII
// letters, and per other ASCII character; whitespace separates and is not a token.
std::vector<Token> tokenize(std::string_view s);

// UTF-8 helpers (core/utf8.h) over valid input (normalize() produces valid UTF-8).
using haoban::append_utf8;
using haoban::decode_at;
using haoban::utf8_length;

}  // namespace haoban::address
