#include "search/synonyms.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/chinese.h"
#include "core/error.h"
#include "core/utf8.h"

namespace haoban::search {

namespace {

std::string where(std::string_view file, const YAML::Node& n) {
  return fmt::format("{}:{}", file, n.Mark().line + 1);
}

}  // namespace

Synonyms Synonyms::load(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in)
    throw Error(ErrorKind::unavailable, "search-synonyms-missing", "同义词表不可读",
                fmt::format("cannot read {}", file.string()));
  std::stringstream ss;
  ss << in.rdbuf();
  return parse(ss.str(), file.string());
}

Synonyms Synonyms::parse(std::string_view yaml, std::string_view file_name) {
  std::vector<std::string> problems;
  Synonyms s;
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    throw invalid("search-synonyms-invalid", "同义词表格式有误",
                  fmt::format("{}:{}: YAML syntax error: {}", file_name, e.mark.line + 1, e.msg));
  }
  if (root && !root.IsNull() && !root.IsMap())
    problems.push_back(fmt::format("{}: expected a mapping of phrase: [terms]", where(file_name, root)));
  if (root.IsMap()) {
    for (const auto& kv : root) {
      const YAML::Node& key = kv.first;
      const YAML::Node& value = kv.second;
      std::string at = where(file_name, key);
      if (!key.IsScalar()) {
        problems.push_back(fmt::format("{}: the phrase must be text", at));
        continue;
      }
      std::string phrase = normalize_for_search(key.Scalar());
      if (utf8_length(phrase) < 2) {
        problems.push_back(fmt::format("{}: the phrase \"{}\" is shorter than two characters", at, key.Scalar()));
        continue;
      }
      std::vector<std::string> means;
      auto term = [&](const YAML::Node& n) {
        if (!n.IsScalar() || normalize_for_search(n.Scalar()).empty()) {
          problems.push_back(fmt::format("{}: \"{}\" has an empty or non-text term", where(file_name, n), key.Scalar()));
          return;
        }
        means.push_back(normalize_for_search(n.Scalar()));
      };
      if (value.IsSequence()) {
        if (value.size() == 0) problems.push_back(fmt::format("{}: \"{}\" has no terms", at, key.Scalar()));
        for (const auto& n : value) term(n);
      } else {
        term(value);
      }
      if (s.by_phrase_.count(phrase)) {
        problems.push_back(fmt::format("{}: \"{}\" is given twice (first at {})", at, key.Scalar(),
                                       s.rules_[s.by_phrase_.at(phrase)].where));
        continue;
      }
      if (means.empty()) continue;
      s.add(phrase, means);
      s.rules_.back().where = at;
    }
  }
  if (!problems.empty()) {
    std::string detail;
    for (const auto& p : problems) detail += p + "\n";
    detail.pop_back();
    throw invalid("search-synonyms-invalid", "同义词表格式有误", detail);
  }
  return s;
}

void Synonyms::add(std::string_view raw_phrase, const std::vector<std::string>& raw_means) {
  std::string phrase = normalize_for_search(raw_phrase);
  if (utf8_length(phrase) < 2) return;
  std::vector<std::string> means;
  for (const auto& m : raw_means)
    if (auto n = normalize_for_search(m); !n.empty() && n != phrase) means.push_back(std::move(n));
  if (auto it = by_phrase_.find(phrase); it != by_phrase_.end()) {
    auto& rule = rules_[it->second];
    for (auto& m : means)
      if (std::find(rule.means.begin(), rule.means.end(), m) == rule.means.end()) rule.means.push_back(std::move(m));
    return;
  }
  std::size_t pos = 0;
  char32_t first = decode_at(phrase, pos);
  by_phrase_.emplace(phrase, rules_.size());
  by_first_char_[first].push_back(rules_.size());
  rules_.push_back(SynonymRule{std::move(phrase), std::move(means), {}});
}

std::vector<const SynonymRule*> Synonyms::find(std::string_view text) const {
  std::vector<const SynonymRule*> out;
  std::vector<bool> seen(rules_.size(), false);
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t at = pos;
    auto it = by_first_char_.find(decode_at(text, pos));
    if (it == by_first_char_.end()) continue;
    for (std::size_t r : it->second) {
      if (seen[r] || text.compare(at, rules_[r].phrase.size(), rules_[r].phrase) != 0) continue;
      seen[r] = true;
      out.push_back(&rules_[r]);
    }
  }
  return out;
}

}  // namespace haoban::search
