#include "feedback/similarity.h"

#include <algorithm>
#include <map>
#include <numeric>

#include "core/utf8.h"

namespace haoban::feedback {

namespace {

// Letters and CJK ideographs count; punctuation (ASCII and CJK), spaces and digits do not.
bool counts(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  if (c >= 0x3000 && c <= 0x303F) return false;  // CJK punctuation
  if (c >= 0xFF00 && c <= 0xFF20) return false;  // full-width punctuation and digits
  if (c >= 0x2000 && c <= 0x206F) return false;  // general punctuation
  return true;
}

}  // namespace

std::set<std::u32string> bigrams(std::string_view text) {
  std::u32string kept;
  for (char32_t c : decode_utf8(text))
    if (counts(c)) kept += (c >= 'A' && c <= 'Z') ? c + 32 : c;
  std::set<std::u32string> out;
  if (kept.size() == 1) out.insert(kept);
  for (std::size_t i = 0; i + 1 < kept.size(); ++i) out.insert(kept.substr(i, 2));
  return out;
}

double jaccard(const std::set<std::u32string>& a, const std::set<std::u32string>& b) {
  if (a.empty() && b.empty()) return 0;
  std::size_t common = 0;
  for (const auto& x : a) common += b.count(x);
  return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

std::vector<std::vector<long long>> group_similar(const std::vector<Groupable>& reports, double threshold,
                                                  double same_item_bonus) {
  std::vector<std::set<std::u32string>> grams;
  grams.reserve(reports.size());
  for (const auto& r : reports) grams.push_back(bigrams(r.text));
  std::vector<std::size_t> parent(reports.size());
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](std::size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (std::size_t i = 0; i < reports.size(); ++i)
    for (std::size_t j = i + 1; j < reports.size(); ++j) {
      double s = jaccard(grams[i], grams[j]);
      if (!reports[i].item.empty() && reports[i].item == reports[j].item) s += same_item_bonus;
      if (s >= threshold) parent[find(i)] = find(j);
    }
  std::map<std::size_t, std::vector<long long>> groups;
  for (std::size_t i = 0; i < reports.size(); ++i) groups[find(i)].push_back(reports[i].id);
  std::vector<std::vector<long long>> out;
  for (auto& [root, ids] : groups)
    if (ids.size() > 1) {
      std::sort(ids.begin(), ids.end());
      out.push_back(std::move(ids));
    }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.size() != b.size() ? a.size() > b.size() : a.front() < b.front();
  });
  return out;
}

std::string mask_long_numbers(std::string_view text) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] >= '0' && text[i] <= '9') {
      std::size_t j = i;
      while (j < text.size() && ((text[j] >= '0' && text[j] <= '9') || text[j] == 'X' || text[j] == 'x')) ++j;
      if (j - i >= 7) out += "****";
      else out.append(text.substr(i, j - i));
      i = j;
    } else {
      out += text[i++];
    }
  }
  return out;
}

}  // namespace haoban::feedback
