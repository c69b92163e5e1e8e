#include "search/text.h"

#include "core/chinese.h"

namespace haoban::search {

bool is_word_char(char32_t c) {
  if (c < 0x80) return is_ascii_alnum(c);
  return is_han(c) || (c >= 0x00C0 && c <= 0x024F && c != 0x00D7 && c != 0x00F7) ||
         (c >= 0x0370 && c <= 0x04FF) || (c >= 0x3041 && c <= 0x30FF && c != 0x30FB) ||
         (c >= 0xAC00 && c <= 0xD7AF);
}

}  // namespace haoban::search
