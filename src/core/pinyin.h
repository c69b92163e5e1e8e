// Pinyin of Chinese text, from ICU's Han-Latin transliterator: the catalog matches item names by it,
// search indexes titles by it.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace haoban {

// Tone marks removed, lower case: `full` joins the syllables ("shipinjingyingxuke"), `initials`
// their first letters ("spjyxk"); digit runs and Latin words are kept whole. Polyphonic characters
// get ICU's most common reading.
struct Pinyin {
  std::string full;
  std::string initials;
};

class PinyinConverter {
 public:
  PinyinConverter();  // throws Error(internal) if ICU lacks the transliterator
  ~PinyinConverter();
  PinyinConverter(const PinyinConverter&) = delete;
  PinyinConverter& operator=(const PinyinConverter&) = delete;

  Pinyin operator()(std::string_view text) const;  // not thread-safe (ICU transliterators are not)

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace haoban
