// How alike two short Chinese texts are, for grouping 办不成事 reports into problem classes: the
// Jaccard index of their character bigrams after dropping punctuation, spaces and digits (phone
// numbers and dates say nothing about the problem). Pure; no dictionary needed.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace haoban::feedback {

// The text's character bigrams (a single character is its own "bigram").
std::set<std::u32string> bigrams(std::string_view text);
// |A ∩ B| / |A ∪ B|; 0 when both are empty.
double jaccard(const std::set<std::u32string>& a, const std::set<std::u32string>& b);

struct Groupable {
  long long id = 0;
  std::string item;  // reports about the same item group more easily
  std::string text;
};

// Single-link clusters: two reports are linked when their similarity (plus `same_item_bonus` when
// they name the same item) reaches `threshold`. Groups of one are left out; each group lists ids in
// ascending order, groups largest first.
std::vector<std::vector<long long>> group_similar(const std::vector<Groupable>& reports, double threshold = 0.35,
                                                  double same_item_bonus = 0.15);

// Digit runs of 7 or more (phones, id numbers, accounts) masked as ****, for public views.
std::string mask_long_numbers(std::string_view text);

}  // namespace haoban::feedback
