// Checks on free text people type into forms (reasons, replies, names): trimmed, valid UTF-8,
// within a length counted in characters. Shared by the modules that take such text.
#pragma once

#include <fmt/format.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/utf8.h"

namespace haoban {

// Trimmed text of 1..max characters (0..max when optional); a field error otherwise.
inline std::string text_field(std::string_view in, const char* field, std::size_t max, bool required,
                              std::vector<FieldError>& errors) {
  std::string s(trim_ascii_space(in));
  if (first_invalid_utf8(s) || utf8_length(s) > max || (required && s.empty()))
    errors.push_back({field, required ? fmt::format("必填，不超过 {} 个字", max) : fmt::format("不超过 {} 个字", max)});
  return s;
}

}  // namespace haoban
