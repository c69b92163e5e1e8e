// Text analysis for search: what an index stores of a text and what a query asks for. One Analyzer
// serves every index of the process (the knowledge base, the help desk, complaint grouping).
#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/pinyin.h"
#include "search/segmenter.h"
#include "search/synonyms.h"

namespace haoban::search {

// Longest query analysed, in characters; the rest is ignored (and the result says so).
inline constexpr std::size_t kMaxQueryChars = 2000;
// Most distinct words (and, separately, character bigrams) a query is built from.
inline constexpr std::size_t kMaxQueryWords = 64;
// Longest word indexed or asked for, in bytes (a run of 300 digits is not a word anyone searches).
inline constexpr std::size_t kMaxWordBytes = 64;

// A run of words and how it sounds (toneless pinyin).
struct Sounds {
  std::string text;
  Pinyin pinyin;
};

struct QueryAnalysis {
  std::string normalized;                       // the query in the search normal form
  std::vector<std::string> words;               // distinct words (search mode), stop words dropped
  std::vector<std::vector<std::string>> expansions;  // synonym terms, each as its words
  std::vector<std::string> expansion_terms;     // the same terms as written in the synonyms
  std::vector<std::string> bigrams;             // distinct Han character bigrams
  std::vector<std::string> letters;             // ASCII letter words, also tried as pinyin
  std::vector<Sounds> sounds;                   // runs of 1-4 words, 3+ Han characters only, with their pinyin
  bool truncated = false;                       // a cap above was reached
};

// Thread-safe. Holds references: the segmenter must outlive it.
class Analyzer {
 public:
  Analyzer(const Segmenter& segmenter, Synonyms synonyms);

  const Segmenter& segmenter() const { return segmenter_; }
  const Synonyms& synonyms() const { return synonyms_; }

  // ---- the index side (input already in the search normal form) ----

  // The words of `normalized` in search mode (cut_for_search), each at most kMaxWordBytes.
  std::vector<std::string> words(std::string_view normalized) const;
  // Every pair of adjacent Han characters, in order, repeats kept.
  static std::vector<std::string> bigrams(std::string_view normalized);
  // Every Han character, in order, repeats kept.
  static std::vector<std::string> han_chars(std::string_view normalized);
  // Pinyin of each run of one to four consecutive words with at least two Han characters
  // (营业执照遗失补领 → yingyezhizhao/yyzz, yingyezhizhaoyishi/yyzzys, …), and of each word of two or
  // more Han characters the search mode cuts out of a longer one (社保卡办理 → shebaoka/sbk), distinct.
  std::vector<Pinyin> pinyin_grams(std::string_view normalized) const;
  // The same with the text of each run.
  std::vector<Sounds> pinyin_runs(std::string_view normalized) const;

  // ---- the query side ----

  // The distinct words of `normalized` in search mode, stop words dropped unless nothing else is
  // left: the words of analyze_query() without the rest of the analysis (or its caps).
  std::vector<std::string> content_words(std::string_view normalized) const;

  // Never throws on any input; empty or punctuation-only text gives an empty analysis.
  QueryAnalysis analyze_query(std::string_view raw) const;

 private:
  const std::string& syllable(char32_t c) const;  // cached, under mutex_

  const Segmenter& segmenter_;
  Synonyms synonyms_;
  mutable std::mutex mutex_;
  mutable PinyinConverter pinyin_;
  mutable std::unordered_map<char32_t, std::string> syllables_;
};

}  // namespace haoban::search
