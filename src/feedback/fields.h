// Input checks and masking shared by 好差评 and 办不成事: trimmed text within a length, a phone
// number for the call-back, a rater's or reporter's name shown to those who need not call back.
#pragma once

#include <fmt/format.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/utf8.h"

namespace haoban::feedback {

// Trimmed text of 1..max characters (0..max when optional); a field error otherwise.
inline std::string text_field(std::string_view in, const char* field, std::size_t max, bool required,
                              std::vector<FieldError>& errors) {
  std::string s(trim_ascii_space(in));
  if (first_invalid_utf8(s) || utf8_length(s) > max || (required && s.empty()))
    errors.push_back({field, required ? fmt::format("必填，不超过 {} 个字", max) : fmt::format("不超过 {} 个字", max)});
  return s;
}

// 7–20 digits, dashes, plus signs and spaces.
inline bool valid_phone(std::string_view phone) {
  return phone.size() >= 7 && phone.size() <= 20 && phone.find_first_not_of("0123456789-+ ") == std::string_view::npos;
}

// 李明 → 李**; "" stays "".
inline std::string mask_name(const std::string& name) {
  if (name.empty()) return "";
  return encode_utf8(decode_utf8(name).substr(0, 1)) + "**";
}

}  // namespace haoban::feedback
