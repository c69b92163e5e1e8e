#include "core/pinyin.h"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <cctype>

#include "core/error.h"

namespace haoban {

namespace {

bool is_ascii_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

struct PinyinConverter::Impl {
  std::unique_ptr<icu::Transliterator> t;
};

PinyinConverter::PinyinConverter() : impl_(std::make_unique<Impl>()) {
  UErrorCode status = U_ZERO_ERROR;
  impl_->t.reset(
      icu::Transliterator::createInstance("Han-Latin; Latin-ASCII; Any-Lower", UTRANS_FORWARD, status));
  if (U_FAILURE(status) || !impl_->t)
    throw Error(ErrorKind::internal, "icu-unavailable", "拼音转换不可用",
                std::string("ICU Han-Latin transliterator: ") + u_errorName(status));
}

PinyinConverter::~PinyinConverter() = default;

Pinyin PinyinConverter::operator()(std::string_view text) const {
  icu::UnicodeString u =
      icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  impl_->t->transliterate(u);
  std::string latin;
  u.toUTF8String(latin);
  // Tokens: runs of letters and runs of digits ("65sui" → "65", "sui").
  Pinyin p;
  std::size_t i = 0;
  while (i < latin.size()) {
    if (!is_ascii_alnum(latin[i])) {
      ++i;
      continue;
    }
    bool digits = is_digit(latin[i]);
    std::size_t j = i;
    while (j < latin.size() && is_ascii_alnum(latin[j]) && is_digit(latin[j]) == digits) ++j;
    std::string_view tok(latin.data() + i, j - i);
    p.full += tok;
    if (digits)
      p.initials += tok;
    else
      p.initials += tok.front();
    i = j;
  }
  return p;
}

}  // namespace haoban
