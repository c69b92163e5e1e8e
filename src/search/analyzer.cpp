#include "search/analyzer.h"

#include <algorithm>
#include <set>
#include <unordered_set>

#include "core/chinese.h"
#include "core/utf8.h"
#include "search/text.h"

namespace haoban::search {

namespace {

// Particles, pronouns and question words: they say how someone asks, not what about. Dropped from
// queries unless nothing else is left.
const std::unordered_set<std::string_view>& stop_words() {
  static const std::unordered_set<std::string_view> words{
      "的", "了", "吗", "呢", "吧", "啊", "呀", "哦", "嘛", "么", "我", "我们", "你", "您", "他", "她",
      "请问", "怎么", "怎么办", "怎样", "如何", "什么", "哪里", "哪儿", "一下", "想", "要", "能", "可以",
      "是", "在", "个", "和", "与", "及", "或", "把", "被", "给", "这个", "那个", "这", "那", "有"};
  return words;
}

bool has_han(std::string_view s) {
  for (std::size_t pos = 0; pos < s.size();)
    if (is_han(decode_at(s, pos))) return true;
  return false;
}

bool all_han(std::string_view s) {
  for (std::size_t pos = 0; pos < s.size();)
    if (!is_han(decode_at(s, pos))) return false;
  return !s.empty();
}

bool all_ascii_letters(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

// `s` cut to at most `chars` characters.
std::string_view first_chars(std::string_view s, std::size_t chars, bool& cut) {
  std::size_t pos = 0;
  for (std::size_t n = 0; n < chars && pos < s.size(); ++n) decode_at(s, pos);
  cut = pos < s.size();
  return s.substr(0, pos);
}

}  // namespace

Analyzer::Analyzer(const Segmenter& segmenter, Synonyms synonyms)
    : segmenter_(segmenter), synonyms_(std::move(synonyms)) {}

std::vector<std::string> Analyzer::words(std::string_view normalized) const {
  std::vector<std::string> out;
  for (auto& t : segmenter_.cut_for_search(normalized))
    if (t.text.size() <= kMaxWordBytes) out.push_back(std::move(t.text));
  return out;
}

std::vector<std::string> Analyzer::han_chars(std::string_view normalized) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < normalized.size()) {
    std::size_t start = pos;
    char32_t c = decode_at(normalized, pos);
    if (is_han(c)) out.emplace_back(normalized.substr(start, pos - start));
  }
  return out;
}

std::vector<std::string> Analyzer::bigrams(std::string_view normalized) {
  std::vector<std::string> out;
  std::size_t prev_begin = 0;
  bool prev_han = false;
  for (std::size_t pos = 0; pos < normalized.size();) {
    std::size_t begin = pos;
    bool han = is_han(decode_at(normalized, pos));
    if (han && prev_han) out.emplace_back(normalized.substr(prev_begin, pos - prev_begin));
    prev_han = han;
    prev_begin = begin;
  }
  return out;
}

const std::string& Analyzer::syllable(char32_t c) const {
  auto it = syllables_.find(c);
  if (it != syllables_.end()) return it->second;
  std::string one;
  append_utf8(one, c);
  return syllables_.emplace(c, pinyin_(one).full).first->second;
}

std::vector<Pinyin> Analyzer::pinyin_grams(std::string_view normalized) const {
  std::vector<Pinyin> out;
  std::set<std::string> seen;
  for (auto& r : pinyin_runs(normalized)) {
    seen.insert(r.pinyin.full);
    out.push_back(std::move(r.pinyin));
  }
  // And the dictionary words inside longer words, as the search mode cuts them: an alias added
  // whole to the dictionary (社保卡办理) still sounds like its parts (社保卡 → sbk, shebaoka).
  for (const auto& t : segmenter_.cut_for_search(normalized)) {
    if (utf8_length(t.text) < 2) continue;
    Pinyin p;
    std::size_t han = 0;
    {
      std::lock_guard lock(mutex_);
      for (std::size_t pos = 0; pos < t.text.size();) {
        char32_t c = decode_at(t.text, pos);
        if (!is_han(c)) continue;
        const auto& s = syllable(c);
        if (s.empty()) continue;
        p.full += s;
        p.initials += s.front();
        ++han;
      }
    }
    if (han < 2 || p.full.size() > kMaxWordBytes || !seen.insert(p.full).second) continue;
    out.push_back(std::move(p));
  }
  return out;
}

std::vector<Sounds> Analyzer::pinyin_runs(std::string_view normalized) const {
  auto tokens = segmenter_.cut(normalized);
  // Each word's syllables, once; ASCII words stand for themselves.
  std::vector<std::vector<std::string>> syllables(tokens.size());
  {
    std::lock_guard lock(mutex_);
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      std::string_view w = tokens[i].text;
      for (std::size_t pos = 0; pos < w.size();) {
        std::size_t at = pos;
        char32_t c = decode_at(w, pos);
        if (is_han(c))
          syllables[i].push_back(syllable(c));
        else if (is_ascii_alnum(c))
          syllables[i].emplace_back(w.substr(at, pos - at));
      }
    }
  }
  std::set<std::pair<std::string, std::string>> seen;
  std::vector<Sounds> out;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    Pinyin p;
    std::string text;
    std::size_t han = 0;
    for (std::size_t j = i; j < tokens.size() && j < i + 4; ++j) {
      text += tokens[j].text;
      for (const auto& s : syllables[j]) {
        if (s.empty()) continue;
        p.full += s;
        p.initials += s.front();
      }
      han += has_han(tokens[j].text) ? utf8_length(tokens[j].text) : 0;
      if (han < 2 || p.full.size() > kMaxWordBytes) continue;
      if (seen.emplace(p.full, p.initials).second) out.push_back({text, p});
    }
  }
  return out;
}

std::vector<std::string> Analyzer::content_words(std::string_view normalized) const {
  std::vector<std::string> all, out;
  std::unordered_set<std::string> seen;
  for (auto& w : words(normalized))
    if (seen.insert(w).second) all.push_back(std::move(w));
  const auto& stops = stop_words();
  for (const auto& w : all)
    if (!stops.count(w)) out.push_back(w);
  return out.empty() ? all : out;
}

QueryAnalysis Analyzer::analyze_query(std::string_view raw) const {
  QueryAnalysis q;
  bool cut = false;
  // Normalising first would cost as much as the text is long: cut the raw text generously first.
  std::string normalized = normalize_for_search(first_chars(raw, kMaxQueryChars * 2, cut));
  q.normalized = std::string(first_chars(normalized, kMaxQueryChars, q.truncated));
  q.truncated |= cut;

  q.words = content_words(q.normalized);
  if (q.words.size() > kMaxQueryWords) {
    q.words.resize(kMaxQueryWords);
    q.truncated = true;
  }
  for (const auto& w : q.words)
    if (all_ascii_letters(w) && w.size() >= 2) q.letters.push_back(w);

  std::unordered_set<std::string> seen_terms(q.words.begin(), q.words.end());
  for (const auto* rule : synonyms_.find(q.normalized)) {
    for (const auto& term : rule->means) {
      // Space-separated words are terms of their own; a term without spaces is matched whole.
      std::size_t i = 0;
      while (i < term.size()) {
        std::size_t j = term.find(' ', i);
        if (j == std::string::npos) j = term.size();
        std::string part = term.substr(i, j - i);
        i = j + 1;
        if (part.empty() || !seen_terms.insert(part).second) continue;
        std::vector<std::string> parts;
        for (auto& t : segmenter_.cut(part))
          if (t.text.size() <= kMaxWordBytes) parts.push_back(std::move(t.text));
        if (parts.empty()) continue;
        if (q.expansions.size() >= kMaxQueryWords) {
          q.truncated = true;
          break;
        }
        q.expansions.push_back(std::move(parts));
        q.expansion_terms.push_back(std::move(part));
      }
    }
  }

  // How the question's runs of words sound (居住正 → juzhuzheng): a misspelling that sounds right.
  for (auto& r : pinyin_runs(q.normalized)) {
    if (q.sounds.size() >= kMaxQueryWords) break;
    if (all_han(r.text) && utf8_length(r.text) >= 3) q.sounds.push_back(std::move(r));
  }

  std::unordered_set<std::string> seen_bigrams;
  for (auto& b : bigrams(q.normalized)) {
    if (!seen_bigrams.insert(b).second) continue;
    if (q.bigrams.size() >= kMaxQueryWords) {
      q.truncated = true;
      break;
    }
    q.bigrams.push_back(std::move(b));
  }
  return q;
}

}  // namespace haoban::search
