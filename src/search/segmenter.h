// Chinese word segmentation by jieba's method, over jieba's dictionary (Debian's python3-jieba ships
// it as data: "word freq postag" per line) plus domain words added at run time.
//
// For each run of words (Han characters, ASCII letters and digits, other letters) the segmenter
// builds the DAG of every dictionary word starting at each position (a trie walk), then takes the
// maximum-probability route through it by dynamic programming from the right, a word's probability
// being freq / total. A run of ASCII letters or digits is one unit: it is never split, and joins a
// dictionary word only whole ("b超", "3d打印"). A character no dictionary word covers is a word of
// its own (no HMM for unknown words: the index's character bigrams give their recall).
// Punctuation, symbols and spaces separate and are not words.
//
// Input is expected in the search normal form (core/chinese.h normalize_for_search: simplified,
// half-width, lower case); dictionary words are lower-cased when added.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace haoban::search {

// Where Debian's python3-jieba puts its dictionary.
inline constexpr const char* kJiebaDictionary = "/usr/lib/python3/dist-packages/jieba/dict.txt";

struct Token {
  std::string text;                // the word, as in the input
  std::size_t begin = 0, end = 0;  // byte offsets into the input
  bool operator==(const Token&) const = default;
};

// Thread-safety: cut() and cut_for_search() may run concurrently with each other and with
// add_word() (a reader-writer lock; adding is rare: at start and when definitions change).
class Segmenter {
 public:
  Segmenter();  // an empty dictionary: every character is a word until words are added
  ~Segmenter();
  Segmenter(Segmenter&&) noexcept;
  Segmenter& operator=(Segmenter&&) noexcept;

  // Reads a jieba dictionary. Throws Error(unavailable, "search-dictionary-missing") naming the
  // path when it cannot be read (install python3-jieba: scripts/install-deps.sh does), and
  // Error(invalid, "search-dictionary-invalid") with "FILE:LINE: problem" for a malformed line.
  // About 150 ms and 40 MB for jieba's 349k words.
  static Segmenter load(const std::filesystem::path& dictionary);

  // Adds or updates a word. freq 0 suggests one (as jieba's suggest_freq does): just enough for
  // the word to win over the words it would otherwise be cut into, keeping a higher existing one.
  // Words with no segmentable character (only punctuation or spaces) are ignored.
  void add_word(std::string_view word, std::uint64_t freq = 0);

  // The word's frequency, 0 when it is not in the dictionary.
  std::uint64_t frequency(std::string_view word) const;
  std::size_t size() const;  // words in the dictionary

  // The maximum-probability segmentation.
  std::vector<Token> cut(std::string_view text) const;

  // cut(), and before each word longer than two characters its two-character dictionary sub-words,
  // and before one longer than three its three-character ones (jieba's search mode): 营业执照 gives
  // 营业, 执照, 营业执照 so a query for 执照 finds it; a word joining Han characters and a run of two
  // or more letters or digits also gives that run (开ktv → ktv, 开ktv).
  std::vector<Token> cut_for_search(std::string_view text) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace haoban::search
