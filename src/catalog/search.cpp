// Item search: names, aliases and pinyin (full and initials, core/pinyin.h).
#include <algorithm>
#include <cctype>

#include "catalog/internal.h"
#include "core/error.h"

namespace haoban::catalog::detail {

namespace {

std::vector<std::string> words(std::string_view q) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < q.size()) {
    while (i < q.size() && q[i] == ' ') ++i;
    std::size_t j = i;
    while (j < q.size() && q[j] != ' ') ++j;
    if (j > i) out.emplace_back(q.substr(i, j - i));
    i = j;
  }
  return out;
}

}  // namespace

std::string normalize_query(std::string_view q) {
  std::string out;
  out.reserve(q.size());
  for (std::size_t i = 0; i < q.size(); ++i) {
    auto c = static_cast<unsigned char>(q[i]);
    // U+FF01..U+FF5E (full-width ASCII) is EF BC 81..EF BD 9E; U+3000 (ideographic space) is E3 80 80.
    if (c == 0xEF && i + 2 < q.size()) {
      auto b1 = static_cast<unsigned char>(q[i + 1]), b2 = static_cast<unsigned char>(q[i + 2]);
      unsigned cp = ((c & 0x0Fu) << 12) | ((b1 & 0x3Fu) << 6) | (b2 & 0x3Fu);
      if (cp >= 0xFF01 && cp <= 0xFF5E) {
        out += static_cast<char>(std::tolower(static_cast<int>(cp - 0xFEE0)));
        i += 2;
        continue;
      }
    }
    if (c == 0xE3 && i + 2 < q.size() && static_cast<unsigned char>(q[i + 1]) == 0x80 &&
        static_cast<unsigned char>(q[i + 2]) == 0x80) {
      out += ' ';
      i += 2;
      continue;
    }
    out += (c < 0x80) ? static_cast<char>(std::tolower(c)) : static_cast<char>(c);
  }
  auto b = out.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  auto e = out.find_last_not_of(" \t\r\n");
  std::string trimmed = out.substr(b, e - b + 1);
  for (char& ch : trimmed)
    if (ch == '\t' || ch == '\r' || ch == '\n') ch = ' ';
  return trimmed;
}

// ---- index --------------------------------------------------------------------------------------

SearchIndex::SearchIndex(const defs::Definitions& d) {
  PinyinConverter pinyin;
  entries_.reserve(d.items.size());
  for (const auto& it : d.items) {
    Entry e{&it, normalize_query(it.name), normalize_query(it.code), {}, {}};
    e.pinyin.push_back(pinyin(it.name));
    for (const auto& a : it.aliases) {
      e.aliases.push_back(normalize_query(a));
      e.pinyin.push_back(pinyin(a));
    }
    entries_.push_back(std::move(e));
  }
}

std::vector<SearchIndex::Hit> SearchIndex::match(std::string_view raw) const {
  const std::string q = normalize_query(raw);
  const auto terms = words(q);
  std::vector<Hit> hits;
  for (const auto& e : entries_) {
    if (terms.empty()) {
      hits.push_back({e.item, 0});
      continue;
    }
    if (q == e.code || q == e.name || std::find(e.aliases.begin(), e.aliases.end(), q) != e.aliases.end()) {
      hits.push_back({e.item, 0});
      continue;
    }
    // Each word's best field: 0 name, 1 alias, 2 pinyin initials, 3 full pinyin; the item ranks by
    // its worst word, and a name that starts with the query ranks ahead of one that contains it.
    int worst = -1;
    for (const auto& t : terms) {
      int best = 4;
      if (e.name.find(t) != std::string::npos || e.code.find(t) != std::string::npos) best = 0;
      for (const auto& a : e.aliases)
        if (best > 1 && a.find(t) != std::string::npos) best = 1;
      for (const auto& p : e.pinyin) {
        if (best > 2 && p.initials.find(t) != std::string::npos) best = 2;
        if (best > 3 && p.full.find(t) != std::string::npos) best = 3;
      }
      if (best == 4) {
        worst = -1;
        break;
      }
      worst = std::max(worst, best);
    }
    if (worst < 0) continue;
    bool prefix = e.name.rfind(q, 0) == 0 || e.pinyin.front().initials.rfind(q, 0) == 0;
    hits.push_back({e.item, 1 + worst * 2 + (prefix ? 0 : 1)});
  }
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    return a.rank != b.rank ? a.rank < b.rank : a.item->code < b.item->code;
  });
  return hits;
}

}  // namespace haoban::catalog::detail
