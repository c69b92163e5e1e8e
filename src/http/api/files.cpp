#include "http/api/files.h"

#include <cctype>

namespace haoban::http {

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    if (i + 2 >= s.size()) return std::nullopt;
    int hi = hex_digit(s[i + 1]), lo = hex_digit(s[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

std::string percent_encode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '.' || c == '-' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

Response file_response(std::string_view file_name, std::string_view media_type, std::string bytes, bool inline_) {
  std::string ascii;
  for (char c : file_name) ascii += (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') ? c : '_';
  Response r;
  r.content_type = std::string(media_type);
  r.body = std::move(bytes);
  r.with_header("Content-Disposition", std::string(inline_ ? "inline" : "attachment") + "; filename=\"" + ascii +
                                           "\"; filename*=UTF-8''" + percent_encode(file_name));
  r.with_header("X-Content-Type-Options", "nosniff");
  r.with_header("Cache-Control", "private, no-store");
  return r;
}

}  // namespace haoban::http
