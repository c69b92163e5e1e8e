#include "search/highlight.h"

#include <algorithm>
#include <set>

#include "core/chinese.h"
#include "core/encoding.h"
#include "core/utf8.h"
#include "search/text.h"

namespace haoban::search {

namespace {

char32_t normal_char(char32_t c) {
  c = fold_width(c);
  if (c >= 'A' && c <= 'Z') return c + ('a' - 'A');
  return c >= 0x3400 ? simplify_char(c) : c;
}

struct Mark {
  std::size_t begin, end;  // characters
  std::size_t term;
};

constexpr std::size_t kMaxMarks = 400;
constexpr std::size_t kLeadChars = 12;  // context kept before the window's first mark

}  // namespace

Highlighter::Highlighter(const std::vector<std::string>& terms) {
  for (const auto& t : terms) {
    std::u32string u = decode_utf8(t);
    if (!u.empty()) terms_.push_back(std::move(u));
  }
  for (std::size_t i = 0; i < terms_.size(); ++i) by_first_[terms_[i][0]].push_back(i);
  for (auto& [c, list] : by_first_)
    std::sort(list.begin(), list.end(), [&](std::size_t a, std::size_t b) { return terms_[a].size() > terms_[b].size(); });
}

std::string Highlighter::html(std::string_view text, std::size_t window) const {
  // Characters, their byte offsets, and their normal form.
  std::vector<std::size_t> offsets;
  std::u32string normal;
  for (std::size_t pos = 0; pos < text.size();) {
    offsets.push_back(pos);
    normal.push_back(normal_char(decode_at(text, pos)));
  }
  const std::size_t n = normal.size();
  offsets.push_back(text.size());

  std::vector<Mark> marks;
  for (std::size_t i = 0; i < n && marks.size() < kMaxMarks;) {
    auto it = by_first_.find(normal[i]);
    bool matched = false;
    if (it != by_first_.end()) {
      for (std::size_t t : it->second) {
        const auto& term = terms_[t];
        if (normal.compare(i, term.size(), term) == 0) {
          marks.push_back({i, i + term.size(), t});
          i += term.size();
          matched = true;
          break;
        }
      }
    }
    if (!matched) ++i;
  }

  std::size_t from = 0, to = n;
  if (window > 0 && n > window) {
    // The window holding the most distinct terms, starting a little before one of the marks.
    std::size_t best_count = 0;
    to = window;
    for (std::size_t m = 0; m < marks.size(); ++m) {
      std::size_t start = marks[m].begin > kLeadChars ? marks[m].begin - kLeadChars : 0;
      start = std::min(start, n - window);
      std::set<std::size_t> distinct;
      for (std::size_t k = m; k < marks.size() && marks[k].end <= start + window; ++k) distinct.insert(marks[k].term);
      if (distinct.size() > best_count) {
        best_count = distinct.size();
        from = start;
        to = start + window;
      }
    }
  }

  std::string out;
  out.reserve((offsets[to] - offsets[from]) + marks.size() * 13 + 8);
  if (from > 0) out += "…";
  std::size_t at = from;
  for (const auto& m : marks) {
    if (m.begin < from || m.end > to) continue;
    append_html_escaped(out, text.substr(offsets[at], offsets[m.begin] - offsets[at]));
    out += "<mark>";
    append_html_escaped(out, text.substr(offsets[m.begin], offsets[m.end] - offsets[m.begin]));
    out += "</mark>";
    at = m.end;
  }
  append_html_escaped(out, text.substr(offsets[at], offsets[to] - offsets[at]));
  if (to < n) out += "…";
  return out;
}

}  // namespace haoban::search
