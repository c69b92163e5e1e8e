// Synonyms from the way people say things to the terms government services are named by
// (开饭店 → 食品经营许可, 执照 → 营业执照), read from data/search/synonyms.yaml:
//
//   开饭店: [食品经营许可, 营业执照]      # a phrase: the terms it means
//   执照: 营业执照                        # one term may stand alone
//   身份证丢了: [身份证 补领]             # space-separated words: each its own term
//
// A phrase applies wherever it occurs in the query's normal form (身份证丢了怎么办 contains
// 身份证丢了). A term without spaces is matched as a unit (all of its words); words separated by
// spaces are matched each on its own. Phrases and terms are normalised like queries (繁→简,
// half-width, lower case).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace haoban::search {

struct SynonymRule {
  std::string phrase;               // normalised, at least two characters
  std::vector<std::string> means;   // normalised terms
  std::string where;                // "FILE:LINE" it was read from, or empty
};

// Immutable after loading; safe to share between threads.
class Synonyms {
 public:
  Synonyms() = default;

  // Throws Error(invalid, "search-synonyms-invalid") with one "FILE:LINE: problem" line per
  // malformed entry (not a mapping of phrase → term or list of terms, an empty or one-character
  // phrase, an empty term, a phrase given twice), and Error(unavailable) when the file is unreadable.
  static Synonyms load(const std::filesystem::path& file);
  static Synonyms parse(std::string_view yaml, std::string_view file_name);

  // Adds a rule (the app may add aliases of items this way). An existing phrase gets the new terms too.
  void add(std::string_view phrase, const std::vector<std::string>& means);

  // The rules whose phrase occurs in `normalized`, in order of first occurrence, each once.
  std::vector<const SynonymRule*> find(std::string_view normalized) const;

  std::size_t size() const { return rules_.size(); }
  const std::vector<SynonymRule>& rules() const { return rules_; }

 private:
  std::vector<SynonymRule> rules_;
  std::unordered_map<std::string, std::size_t> by_phrase_;
  std::unordered_map<char32_t, std::vector<std::size_t>> by_first_char_;  // rules by their phrase's first character
};

}  // namespace haoban::search
