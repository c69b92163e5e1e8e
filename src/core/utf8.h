// UTF-8 validation (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF) and the small
// decode/encode helpers the text modules (address, search) share.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace haoban {

// The byte offset of the first invalid sequence, or nullopt when `s` is valid UTF-8.
std::optional<std::size_t> first_invalid_utf8(std::string_view s);

inline constexpr char32_t kReplacementChar = 0xFFFD;

// The code point at `pos`, advancing `pos` past it; kReplacementChar (advancing one byte) on an
// invalid or truncated sequence, an overlong form, a surrogate or a value above U+10FFFF.
char32_t decode_at(std::string_view s, std::size_t& pos);

// Appends `c` as UTF-8 (the caller passes a valid code point).
void append_utf8(std::string& out, char32_t c);

// Code points in valid UTF-8 (counts lead bytes).
std::size_t utf8_length(std::string_view s);

// `s` without leading and trailing ASCII whitespace (space, tab, CR, LF): how free text a person
// typed is cleaned before it is checked for emptiness and stored.
std::string_view trim_ascii_space(std::string_view s);

std::u32string decode_utf8(std::string_view s);  // invalid bytes become kReplacementChar
std::string encode_utf8(std::u32string_view s);

}  // namespace haoban
