// Chinese text normalisation shared by the modules that read what people type (address, search):
// traditional → simplified (OpenCC t2s, the one OpenCC wrapper), full-width → half-width, and the
// normal form search indexes and queries are compared in.
#pragma once

#include <string>
#include <string_view>

namespace haoban {

// Traditional → simplified with OpenCC's t2s (phrase-aware: 乾燥 → 干燥, 乾隆 stays). Text without a
// traditional character is returned as is without calling OpenCC, so simplified input (nearly all
// of it) costs one scan. Thread-safe; the first call loads OpenCC's dictionary. When OpenCC's data
// is missing the text is returned unchanged (simplifier_available() says so).
std::string to_simplified(std::string_view s);
bool simplifier_available();

// True when `s` has a character t2s would change.
bool has_traditional(std::u32string_view s);

// One character's simplified form when t2s maps it to exactly one character (for aligning text with
// its normal form, as search snippets do); otherwise `c`.
char32_t simplify_char(char32_t c);

// Full-width ASCII (U+FF01..U+FF5E: ＡＢＣ１２３！) → ASCII, ideographic space U+3000 → ' '.
char32_t fold_width(char32_t c);
std::string fold_width(std::string_view s);

bool is_control_char(char32_t c);  // C0, DEL, C1
bool is_han(char32_t c);           // CJK unified ideographs (and extension A, compatibility) and 〇

// What a question is made of once punctuation, symbols and spaces are set aside: Han characters,
// ASCII letters and digits. has_han_or_alnum: whether `s` (UTF-8) has any.
bool is_han_or_alnum(char32_t c);
bool has_han_or_alnum(std::string_view s);

// The form search compares text in: invalid UTF-8 dropped, full-width folded, traditional
// simplified, ASCII lower-cased, control characters and every kind of white space turned into one
// ASCII space, trimmed. Punctuation stays (the segmenter treats it as a separator).
std::string normalize_for_search(std::string_view s);

}  // namespace haoban
