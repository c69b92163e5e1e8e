#include "core/chinese.h"

#include <opencc/opencc.h>

#include <memory>
#include <unordered_map>

#include "core/utf8.h"

namespace haoban {

namespace {

// OpenCC's t2s converter, and the characters it changes on their own (so text already in
// simplified Chinese skips it).
class Simplifier {
 public:
  Simplifier() {
    for (const char* config : {"t2s.json", "/usr/share/opencc/t2s.json"}) {
      try {
        converter_ = std::make_unique<opencc::SimpleConverter>(config);
        break;
      } catch (const std::exception&) {
      }
    }
    if (!converter_) return;
    std::string one;
    for (char32_t c = 0x3400; c <= 0x9FFF; ++c) {
      one.clear();
      append_utf8(one, c);
      std::string to = converter_->Convert(one);
      if (to == one) continue;
      std::u32string t = decode_utf8(to);
      single_[c] = t.size() == 1 ? t[0] : c;
    }
  }
  bool available() const { return converter_ != nullptr; }
  bool traditional(char32_t c) const { return single_.count(c) != 0; }
  char32_t simplify(char32_t c) const {
    auto it = single_.find(c);
    return it == single_.end() ? c : it->second;
  }
  std::string convert(const std::string& s) const { return converter_->Convert(s); }

 private:
  std::unique_ptr<opencc::SimpleConverter> converter_;
  std::unordered_map<char32_t, char32_t> single_;  // traditional character → its simplified one (or itself)
};

const Simplifier& simplifier() {
  static const Simplifier s;
  return s;
}

bool is_space(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == 0x00A0 ||
         c == 0x3000 || (c >= 0x2000 && c <= 0x200B) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
         c == 0x205F || c == 0xFEFF;
}

}  // namespace

bool simplifier_available() { return simplifier().available(); }

bool has_traditional(std::u32string_view s) {
  const auto& simp = simplifier();
  for (char32_t c : s)
    if (simp.traditional(c)) return true;
  return false;
}

char32_t simplify_char(char32_t c) { return simplifier().simplify(c); }

std::string to_simplified(std::string_view s) {
  const auto& simp = simplifier();
  if (!simp.available()) return std::string(s);
  bool needed = false;
  for (std::size_t pos = 0; pos < s.size() && !needed;) needed = simp.traditional(decode_at(s, pos));
  return needed ? simp.convert(std::string(s)) : std::string(s);
}

char32_t fold_width(char32_t c) {
  if (c >= 0xFF01 && c <= 0xFF5E) return c - 0xFEE0;
  if (c == 0x3000) return ' ';
  return c;
}

std::string fold_width(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t pos = 0; pos < s.size();) append_utf8(out, fold_width(decode_at(s, pos)));
  return out;
}

bool is_control_char(char32_t c) { return c < 0x20 || (c >= 0x7F && c <= 0x9F); }

bool is_han(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0x20000 && c <= 0x3134F) || c == 0x3007;
}

bool is_han_or_alnum(char32_t c) {
  return is_han(c) || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool has_han_or_alnum(std::string_view s) {
  std::size_t pos = 0;
  while (pos < s.size())
    if (is_han_or_alnum(decode_at(s, pos))) return true;
  return false;
}

std::string normalize_for_search(std::string_view s) {
  std::string folded;
  folded.reserve(s.size());
  bool pending_space = false;
  for (std::size_t pos = 0; pos < s.size();) {
    char32_t c = decode_at(s, pos);
    if (c == kReplacementChar) continue;
    c = fold_width(c);
    if (is_space(c) || is_control_char(c)) {
      pending_space = !folded.empty();
      continue;
    }
    if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
    if (pending_space) folded.push_back(' '), pending_space = false;
    append_utf8(folded, c);
  }
  return to_simplified(folded);
}

}  // namespace haoban
