// Private to src/search: HTML for hits — text escaped, matched words in <mark>, a snippet window
// around the most matched words.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace haoban::search {

class Highlighter {
 public:
  // `terms` in the search normal form. Text is compared character by character in that form too
  // (full-width folded, traditional simplified, ASCII lower case), so the marks fall on the text as
  // written.
  explicit Highlighter(const std::vector<std::string>& terms);

  // `text` escaped with the longest matching terms in <mark>…</mark>. `window` > 0: only about that
  // many characters, placed to hold the most distinct terms, with "…" where text was left out.
  std::string html(std::string_view text, std::size_t window) const;

 private:
  std::vector<std::u32string> terms_;
  std::unordered_map<char32_t, std::vector<std::size_t>> by_first_;  // longest first
};

}  // namespace haoban::search
