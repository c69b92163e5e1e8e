// Input checks and masking shared by 好差评 and 办不成事: a phone number for the call-back, a
// rater's or reporter's name shown to those who need not call back (text: core/input.h).
#pragma once

#include <fmt/format.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/input.h"
#include "core/utf8.h"

namespace haoban::feedback {

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
