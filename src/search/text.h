// Private to src/search: the character classes shared by the segmenter, the analyzer and the index.
#pragma once

#include <string>
#include <string_view>

namespace haoban::search {

inline bool is_ascii_alnum(char32_t c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Characters words are made of: Han, ASCII letters and digits, and the letters of other scripts
// (Latin-1 and Latin Extended, Greek, Cyrillic, kana, Hangul). Everything else separates words.
bool is_word_char(char32_t c);

}  // namespace haoban::search
