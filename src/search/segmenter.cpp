#include "search/segmenter.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <mutex>
#include <shared_mutex>

#include "core/chinese.h"
#include "core/error.h"
#include "core/utf8.h"
#include "search/text.h"

namespace haoban::search {

namespace {

// Units of a run: one character, or a whole run of ASCII letters and digits.
struct Unit {
  std::size_t begin, end;  // bytes
  bool ascii;
};

std::uint64_t mix(std::uint64_t x) {  // splitmix64's finaliser
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// The trie's edges in one open-addressing table keyed by (parent node, character): about 12 bytes
// an edge, no allocation per node, a cache miss or two per step.
class EdgeTable {
 public:
  EdgeTable() { rehash(1u << 16); }

  std::uint32_t find(std::uint32_t parent, char32_t c) const {
    std::uint64_t key = make_key(parent, c);
    for (std::size_t i = mix(key) & mask_;; i = (i + 1) & mask_) {
      if (keys_[i] == key) return values_[i];
      if (keys_[i] == 0) return kNone;
    }
  }
  // The child for c, created as `next` when missing; returns whether it was created.
  std::pair<std::uint32_t, bool> insert(std::uint32_t parent, char32_t c, std::uint32_t next) {
    if ((size_ + 1) * 10 > keys_.size() * 7) rehash(keys_.size() * 2);
    std::uint64_t key = make_key(parent, c);
    std::size_t i = mix(key) & mask_;
    for (; keys_[i] != 0; i = (i + 1) & mask_)
      if (keys_[i] == key) return {values_[i], false};
    keys_[i] = key;
    values_[i] = next;
    ++size_;
    return {next, true};
  }
  void reserve(std::size_t edges) {
    std::size_t want = keys_.size();
    while (edges * 10 > want * 7) want *= 2;
    if (want != keys_.size()) rehash(want);
  }

  static constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

 private:
  // Characters take 21 bits; character 0 is never inserted, so key 0 marks an empty slot.
  static std::uint64_t make_key(std::uint32_t parent, char32_t c) {
    return (static_cast<std::uint64_t>(parent) << 21) | c;
  }
  void rehash(std::size_t n) {
    std::vector<std::uint64_t> keys(n, 0);
    std::vector<std::uint32_t> values(n, 0);
    std::size_t mask = n - 1;
    for (std::size_t k = 0; k < keys_.size(); ++k) {
      if (keys_[k] == 0) continue;
      std::size_t i = mix(keys_[k]) & mask;
      while (keys[i] != 0) i = (i + 1) & mask;
      keys[i] = keys_[k];
      values[i] = values_[k];
    }
    keys_.swap(keys);
    values_.swap(values);
    mask_ = mask;
  }

  std::vector<std::uint64_t> keys_;
  std::vector<std::uint32_t> values_;
  std::size_t mask_ = 0, size_ = 0;
};

// The runs of `text` that hold words, each as its units.
std::vector<std::vector<Unit>> runs_of(std::string_view text) {
  std::vector<std::vector<Unit>> runs;
  std::vector<Unit> run;
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t begin = pos;
    char32_t c = decode_at(text, pos);
    if (is_ascii_alnum(c)) {
      while (pos < text.size() && is_ascii_alnum(static_cast<unsigned char>(text[pos]))) ++pos;
      run.push_back({begin, pos, true});
    } else if (is_word_char(c)) {
      run.push_back({begin, pos, false});
    } else if (!run.empty()) {
      runs.push_back(std::move(run));
      run.clear();
    }
  }
  if (!run.empty()) runs.push_back(std::move(run));
  return runs;
}

}  // namespace

struct Segmenter::Impl {
  mutable std::shared_mutex mutex;
  EdgeTable edges;
  std::vector<std::uint64_t> freq{0};  // per trie node; 0 when no word ends there. Node 0 is the root.
  std::vector<float> log_freq{0};      // log(freq), or 0 when freq is 0
  std::uint64_t total = 0;             // sum of freq
  std::size_t words = 0;
  double log_total = 0;

  // The node for `word`'s characters, created along the way when `create`; kNone when absent.
  std::uint32_t node_for(std::string_view word, bool create) {
    std::uint32_t node = 0;
    for (std::size_t pos = 0; pos < word.size();) {
      char32_t c = decode_at(word, pos);
      if (c == kReplacementChar) return EdgeTable::kNone;
      if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
      if (!create) {
        node = edges.find(node, c);
        if (node == EdgeTable::kNone) return node;
        continue;
      }
      auto [child, created] = edges.insert(node, c, static_cast<std::uint32_t>(freq.size()));
      if (created) {
        freq.push_back(0);
        log_freq.push_back(0);
      }
      node = child;
    }
    return node;
  }

  void set(std::uint32_t node, std::uint64_t f) {
    if (freq[node] == 0 && f > 0) ++words;
    total = total - freq[node] + f;
    freq[node] = f;
    log_freq[node] = f > 0 ? static_cast<float>(std::log(static_cast<double>(f))) : 0.0f;
    log_total = total > 0 ? std::log(static_cast<double>(total)) : 0.0;
  }

  // Whether `word` (in the input's bytes) can be a dictionary word: only word characters, and an
  // ASCII run only as a whole unit (checked by the walk, which steps over units).
  static bool segmentable(std::string_view word) {
    for (std::size_t pos = 0; pos < word.size();)
      if (!is_word_char(decode_at(word, pos))) return false;
    return !word.empty();
  }

  // Appends the maximum-probability words of one run.
  void cut_run(std::string_view text, const std::vector<Unit>& units, std::vector<Token>& out) const {
    const std::size_t n = units.size();
    // route[i]: the best log probability of units[i..n) and where its first word ends (exclusive).
    std::vector<double> route(n + 1, 0.0);
    std::vector<std::uint32_t> next(n + 1, static_cast<std::uint32_t>(n));
    const double unknown = -log_total;  // an unknown unit counts as freq 1
    // The DAG is walked from each position as the route is computed; ends are collected in `ends`.
    std::vector<std::pair<std::uint32_t, float>> ends;
    for (std::size_t i = n; i-- > 0;) {
      ends.clear();
      std::uint32_t node = 0;
      for (std::size_t j = i; j < n && node != EdgeTable::kNone; ++j) {
        const Unit& u = units[j];
        for (std::size_t pos = u.begin; pos < u.end && node != EdgeTable::kNone;)
          node = edges.find(node, decode_at(text, pos));
        if (node != EdgeTable::kNone && freq[node] > 0) ends.emplace_back(static_cast<std::uint32_t>(j + 1), log_freq[node]);
      }
      double best = unknown + route[i + 1];
      std::uint32_t best_end = static_cast<std::uint32_t>(i + 1);
      for (auto [end, lf] : ends) {
        double score = (lf - log_total) + route[end];
        if (score > best || (score == best && end > best_end)) {  // ties: the longer word, as jieba
          best = score;
          best_end = end;
        }
      }
      route[i] = best;
      next[i] = best_end;
    }
    for (std::size_t i = 0; i < n; i = next[i]) {
      std::size_t b = units[i].begin, e = units[next[i] - 1].end;
      out.push_back(Token{std::string(text.substr(b, e - b)), b, e});
    }
  }

  std::vector<Token> cut(std::string_view text) const {
    std::vector<Token> out;
    for (const auto& run : runs_of(text)) cut_run(text, run, out);
    return out;
  }

  std::uint64_t lookup(std::string_view word) const {
    std::uint32_t node = 0;
    for (std::size_t pos = 0; pos < word.size() && node != EdgeTable::kNone;)
      node = edges.find(node, decode_at(word, pos));
    return node == EdgeTable::kNone ? 0 : freq[node];
  }
};

Segmenter::Segmenter() : impl_(std::make_unique<Impl>()) {}
Segmenter::~Segmenter() = default;
Segmenter::Segmenter(Segmenter&&) noexcept = default;
Segmenter& Segmenter::operator=(Segmenter&&) noexcept = default;

Segmenter Segmenter::load(const std::filesystem::path& dictionary) {
  std::ifstream in(dictionary, std::ios::binary);
  if (!in)
    throw Error(ErrorKind::unavailable, "search-dictionary-missing", "分词词典不可读",
                fmt::format("cannot read the segmentation dictionary {} (Debian package python3-jieba; "
                            "scripts/install-deps.sh installs it)",
                            dictionary.string()));
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Segmenter s;
  Impl& im = *s.impl_;
  im.edges.reserve(data.size() / 12);
  im.freq.reserve(data.size() / 12);
  im.log_freq.reserve(data.size() / 12);
  std::size_t line_no = 0;
  for (std::size_t pos = 0; pos < data.size();) {
    std::size_t eol = data.find('\n', pos);
    if (eol == std::string::npos) eol = data.size();
    std::string_view line(data.data() + pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    auto bad = [&](std::string_view what) {
      return invalid("search-dictionary-invalid", "分词词典格式有误",
                     fmt::format("{}:{}: {}", dictionary.string(), line_no, what));
    };
    std::size_t sp = line.find(' ');
    std::string_view word = line.substr(0, sp);
    std::uint64_t f = 0;
    if (sp != std::string_view::npos) {
      std::size_t i = sp + 1;
      if (i >= line.size() || line[i] < '0' || line[i] > '9') throw bad("expected \"word frequency [tag]\"");
      for (; i < line.size() && line[i] >= '0' && line[i] <= '9'; ++i) f = f * 10 + (line[i] - '0');
      if (i < line.size() && line[i] != ' ') throw bad("the frequency is not a number");
    }
    if (first_invalid_utf8(word)) throw bad("invalid UTF-8");
    // Words with separators in them ("AT&T", "c#") could never be matched: the runs split there.
    if (!Impl::segmentable(word)) continue;
    // jieba gives words without a frequency one that lets them win; a 0 in the file is kept 0.
    if (sp == std::string_view::npos) f = 1;
    im.set(im.node_for(word, true), f);
  }
  return s;
}

void Segmenter::add_word(std::string_view word, std::uint64_t f) {
  std::string w = normalize_for_search(word);
  if (!Impl::segmentable(w)) return;
  std::unique_lock lock(impl_->mutex);
  if (f == 0) {
    // suggest_freq: the product of its current parts' probabilities, times the total, plus one.
    double logp = 0;
    for (const auto& t : impl_->cut(w)) {
      std::uint64_t pf = impl_->lookup(t.text);
      logp += std::log(static_cast<double>(std::max<std::uint64_t>(pf, 1))) - impl_->log_total;
    }
    f = static_cast<std::uint64_t>(std::exp(logp + impl_->log_total)) + 1;
    f = std::max(f, impl_->lookup(w));
  }
  impl_->set(impl_->node_for(w, true), f);
}

std::uint64_t Segmenter::frequency(std::string_view word) const {
  std::shared_lock lock(impl_->mutex);
  return impl_->lookup(normalize_for_search(word));
}

std::size_t Segmenter::size() const {
  std::shared_lock lock(impl_->mutex);
  return impl_->words;
}

std::vector<Token> Segmenter::cut(std::string_view text) const {
  std::shared_lock lock(impl_->mutex);
  return impl_->cut(text);
}

std::vector<Token> Segmenter::cut_for_search(std::string_view text) const {
  std::shared_lock lock(impl_->mutex);
  std::vector<Token> out;
  std::vector<std::size_t> offsets;  // byte offset of each character of a word
  for (auto& t : impl_->cut(text)) {
    offsets.clear();
    for (std::size_t pos = 0; pos < t.text.size();) {
      offsets.push_back(pos);
      decode_at(t.text, pos);
    }
    const std::size_t chars = offsets.size();
    offsets.push_back(t.text.size());
    for (std::size_t len : {std::size_t{2}, std::size_t{3}}) {
      if (chars <= len) break;
      for (std::size_t i = 0; i + len <= chars; ++i) {
        std::string_view sub(t.text.data() + offsets[i], offsets[i + len] - offsets[i]);
        if (impl_->lookup(sub) > 0)
          out.push_back(Token{std::string(sub), t.begin + offsets[i], t.begin + offsets[i + len]});
      }
    }
    // A word joining Han characters and letters (开ktv, an alias added whole) also gives its run of
    // letters, a unit of its own: ktv alone finds it.
    bool han = false;
    for (std::size_t i = 0; i < chars && !han; ++i) {
      std::size_t pos = offsets[i];
      han = is_han(decode_at(t.text, pos));
    }
    for (std::size_t i = 0; han && i < chars;) {
      std::size_t j = i;
      while (j < chars && offsets[j + 1] - offsets[j] == 1 && is_ascii_alnum(static_cast<unsigned char>(t.text[offsets[j]]))) ++j;
      if (j - i >= 2) out.push_back(Token{t.text.substr(offsets[i], offsets[j] - offsets[i]), t.begin + offsets[i], t.begin + offsets[j]});
      i = j > i ? j : i + 1;
    }
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace haoban::search
