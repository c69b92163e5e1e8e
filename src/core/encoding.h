// Hex and standard base64 (RFC 4648 §4) for the byte strings of hashes, keys and signatures, and
// HTML escaping for text placed in markup.
// Decoders are strict: they return std::nullopt on any character outside the alphabet, a bad
// length or (base64) non-canonical padding bits, so a malformed proof never decodes "almost".
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace haoban {

std::string hex_encode(std::string_view bytes);  // lowercase
std::optional<std::string> hex_decode(std::string_view hex);  // either case

std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view b64);

// Text for HTML element content and attribute values: & < > " ' escaped.
void append_html_escaped(std::string& out, std::string_view s);

}  // namespace haoban
