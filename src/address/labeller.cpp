#include "address/labeller.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstring>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <numeric>
#include <random>
#include <set>
#include <unordered_map>

#include "core/error.h"
#include "ledger/files.h"

namespace haoban::address {

namespace {

constexpr std::string_view magic = "haoban-address-labeller/v3\n";

// FNV-1a over the template id and its strings, finished with splitmix64 so that nearby inputs
// spread over the table.
class FeatureHash {
 public:
  explicit FeatureHash(std::uint8_t template_id) { byte(template_id); }
  FeatureHash& add(std::string_view s) {
    for (char c : s) byte(static_cast<std::uint8_t>(c));
    byte(0x1F);
    return *this;
  }
  FeatureHash& add(char c) {
    byte(static_cast<std::uint8_t>(c));
    return *this;
  }
  // A whole 64-bit value (the hash of a token) in one step; done() mixes it into every bit.
  FeatureHash& word(std::uint64_t v) {
    h_ = (h_ ^ v) * 1099511628211ULL;
    return *this;
  }
  std::uint64_t done() const {
    std::uint64_t z = h_ + 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return z == 0 ? 1 : z;  // 0 marks an empty slot
  }

 private:
  void byte(std::uint8_t b) { h_ = (h_ ^ b) * 1099511628211ULL; }
  std::uint64_t h_ = 1469598103934665603ULL;
};

char shape_of(std::string_view t) {
  if (t.empty()) return 'E';
  auto c = static_cast<unsigned char>(t[0]);
  if (c >= '0' && c <= '9') return 'D';
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return 'A';
  if (c < 0x80) return 'P';
  return 'H';
}

// What a token contributes to n-gram features: digit and letter runs by class, the rest as is.
std::string_view form_of(std::string_view t) {
  switch (shape_of(t)) {
    case 'D': return t.size() <= 2 ? "<D>" : t.size() <= 4 ? "<DD>" : "<DDD>";
    case 'A': return t.size() == 1 ? "<A>" : "<AA>";
    default: return t;
  }
}

// The code point of a one-character token, or 0 for longer tokens (digit and letter runs).
char32_t sole_char(std::string_view t) {
  std::size_t pos = 0;
  char32_t c = decode_at(t, pos);
  return pos == t.size() ? c : 0;
}

// The code points of `words` (strings of `chars` characters each), packed 21 bits a character and
// sorted for binary search.
std::vector<std::uint64_t> packed_words(std::string_view words, std::size_t chars) {
  std::vector<std::uint64_t> out;
  std::size_t pos = 0;
  while (pos < words.size()) {
    if (words[pos] == ' ') {
      ++pos;
      continue;
    }
    std::uint64_t w = 0;
    for (std::size_t k = 0; k < chars; ++k) w = w << 21 | decode_at(words, pos);
    out.push_back(w);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Single characters that end or start an address level: the nearest one on either side says a
// lot about where a character belongs (海丰北|路, 602|号, 龙山|镇).
bool level_word(char32_t c) {
  static const auto words = packed_words(
      "省 市 区 县 镇 乡 街 道 路 巷 弄 号 村 组 幢 栋 楼 层 室 座 苑 园 庄 湾 桥 里 坊 厦 场 城 院 店 司 厂 队 站 "
      "馆 元 社 门 - 旁 对 期 联 _ 心 口 面 寓 部 与 库 处 房 局 团 所 柜 内 段 边 厅 线 舍 侧 府 墅 校 学 阁 轩 "
      "居 宅 中 港 湖",
      1);
  return c != 0 && std::binary_search(words.begin(), words.end(), c);
}

// Two-character words that end a place name (小区, 大厦, 花园…): where the nearest one lies.
bool suffix_word(char32_t a, char32_t b) {
  static const auto words = packed_words(
      "小区 大厦 花园 公寓 中心 广场 市场 公司 大道 大街 新村 家园 酒店 单元 街道 工业 开发 园区 商城 大楼 宾馆 "
      "学校 医院 银行 超市 商场 大学 中学 小学 幼儿 宿舍 别墅 山庄 名苑 华庭 府邸 写字 商务 科技 集团",
      2);
  if (a == 0 || b == 0) return false;
  return std::binary_search(words.begin(), words.end(), std::uint64_t{a} << 21 | b);
}

enum Template : std::uint8_t {
  t_bias = 1, t_u0, t_um1, t_up1, t_um2, t_up2, t_bm1, t_bp1, t_bm2, t_bp2, t_skip, t_tri, t_shape,
  t_edge, t_right, t_left, t_right2, t_gaz, t_gaz_len, t_u0_right, t_um3, t_up3, t_tri_l, t_tri_r,
  t_gaz_repeat, t_gaz_under, t_dict, t_dict_before, t_dict_after, t_right_w2, t_left_w2,
  t_copy,
  t_span_key,  // not a feature: keys of the span dictionary
  // Features of the second pass, from the tags the first pass chose.
  t_s_bias, t_s_tag, t_s_tri, t_s_left, t_s_right, t_s_prev, t_s_next, t_s_prev2, t_s_seen_left,
  t_s_seen_right, t_s_count, t_s_len, t_s_form,
};

// Spans labelled in training data (海丰北路 → road), keyed by a hash of their tokens. The value of
// a key is a bit set of the labels seen on exactly those tokens, plus `prefix_bit` when a longer
// span starts with them, so a scan along the text can stop as soon as no span continues.
//
// An open-addressed table of 8-byte slots: the low bits of a key choose the slot, its high 32
// bits (never 0, which marks a free slot) tell keys apart.
class SpanDict {
 public:
  static constexpr std::uint32_t prefix_bit = 1U << 31;
  static constexpr std::size_t max_tokens = 24;

  struct Entry {
    std::uint64_t key = 0;
    std::uint32_t value = 0;
  };
  struct Slot {
    std::uint32_t check = 0, value = 0;
  };

  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  const std::vector<Slot>& slots() const { return table_; }

  void build(const std::vector<Entry>& entries) {
    std::unordered_map<std::uint64_t, std::uint32_t> merged;
    for (const auto& e : entries) merged[e.key] |= e.value;
    std::size_t cap = 16;
    while (cap < merged.size() * 2) cap *= 2;
    table_.assign(cap, Slot{});
    size_ = merged.size();
    for (const auto& [key, value] : merged) table_[find_slot(key)] = Slot{check_of(key), value};
  }
  // For a loaded table: its slots as saved. False if they are not a table.
  bool assign(std::vector<Slot> table) {
    if (table.size() < 16 || (table.size() & (table.size() - 1)) != 0) return false;
    table_ = std::move(table);
    size_ = 0;
    for (const auto& s : table_) size_ += s.check != 0;
    return size_ < table_.size();  // a full table would make find() loop forever
  }
  void prefetch(std::uint64_t key) const { __builtin_prefetch(&table_[static_cast<std::size_t>(key) & (table_.size() - 1)]); }
  std::uint32_t find(std::uint64_t key) const {
    if (table_.empty()) return 0;
    return table_[find_slot(key)].value;
  }

 private:
  static std::uint32_t check_of(std::uint64_t key) { return static_cast<std::uint32_t>(key >> 32) | 1U; }
  std::size_t find_slot(std::uint64_t key) const {
    std::size_t mask = table_.size() - 1, s = static_cast<std::size_t>(key) & mask;
    std::uint32_t check = check_of(key);
    while (table_[s].check != 0 && table_[s].check != check) s = (s + 1) & mask;
    return s;
  }
  std::vector<Slot> table_;
  std::size_t size_ = 0;
};

// The hash of a token's text, which features combine instead of the text itself.
std::uint64_t text_hash(std::string_view t) { return FeatureHash(0).add(t).done(); }


// Keys of every span and prefix of the labelled sentences in `data` selected by `use`.
std::vector<SpanDict::Entry> span_entries(const std::vector<Sentence>& data, const std::vector<std::string>& types,
                                          const std::function<bool(std::size_t)>& use) {
  std::vector<SpanDict::Entry> out;
  for (std::size_t s = 0; s < data.size(); ++s) {
    if (!use(s)) continue;
    for (const auto& span : spans_of(data[s].tags)) {
      if (span.end - span.begin > SpanDict::max_tokens) continue;
      auto it = std::find(types.begin(), types.end(), span.label);
      if (it == types.end() || it - types.begin() >= 31) continue;
      FeatureHash h(t_span_key);
      for (std::size_t k = span.begin; k < span.end; ++k) {
        h.word(text_hash(data[s].tokens[k]));
        bool last = k + 1 == span.end;
        out.push_back({h.done(), last ? 1U << (it - types.begin()) : SpanDict::prefix_bit});
      }
    }
  }
  return out;
}

struct Features {
  std::vector<std::uint64_t> hashes;  // all tokens' features, concatenated
  std::vector<std::uint32_t> offset;  // token i: hashes[offset[i] .. offset[i+1])
  std::vector<std::uint64_t> forms;   // token i: the hash of its form
};

// (token, feature) pairs from matches that cover several tokens, before they go to their tokens.
using TokenFeature = std::pair<std::uint32_t, std::uint64_t>;

// What the features need of each division, in arrays small enough to stay in cache (the
// gazetteer's own records are large and scattered).
struct Divisions {
  const Gazetteer* gazetteer = nullptr;
  std::vector<std::int32_t> parent;
  std::vector<std::uint8_t> kind;

  void build(const Gazetteer* g) {
    gazetteer = g;
    parent.clear();
    kind.clear();
    if (!g) return;
    for (std::size_t i = 0; i < g->size(); ++i) {
      const auto& d = g->division(static_cast<int>(i));
      parent.push_back(d.parent);
      kind.push_back(static_cast<std::uint8_t>(d.kind));
    }
  }
};

void gazetteer_features(const Divisions& divisions, std::string_view text, const std::vector<Token>& tokens,
                        std::vector<TokenFeature>& out) {
  const auto& gazetteer = *divisions.gazetteer;
  auto matches = gazetteer.matches(text, tokens);
  // Divisions added to the gazetteer after the labeller was made are looked up there.
  auto parent_of = [&](int i) {
    auto u = static_cast<std::size_t>(i);
    return u < divisions.parent.size() ? divisions.parent[u] : gazetteer.division(i).parent;
  };
  auto kind_of = [&](int i) {
    auto u = static_cast<std::size_t>(i);
    return static_cast<char>('a' + (u < divisions.kind.size() ? divisions.kind[u] : static_cast<std::uint8_t>(gazetteer.division(i).kind)));
  };
  std::array<int, 8> chain;
  for (const auto& m : matches) {
    char kind = kind_of(m.division);
    std::size_t len = m.end - m.begin;
    auto name = text.substr(tokens[m.begin].begin, tokens[m.end - 1].end - tokens[m.begin].begin);
    // The divisions enclosing this one.
    std::size_t depth = 0;
    for (int p = parent_of(m.division); p >= 0 && depth < chain.size(); p = parent_of(p)) chain[depth++] = p;
    auto chain_end = chain.begin() + static_cast<long>(depth);
    // The same name earlier (浙江省义乌市义乌市: the second is redundant), or a name that lies
    // within a division named earlier (consistent: 金华市 … 义乌市).
    bool repeat = false, under = false;
    for (const auto& e : matches) {
      if (e.end > m.begin) continue;
      if (!repeat && e.end - e.begin == len &&
          text.substr(tokens[e.begin].begin, tokens[e.end - 1].end - tokens[e.begin].begin) == name)
        repeat = true;
      if (!under && std::find(chain.begin(), chain_end, e.division) != chain_end) under = true;
    }
    for (std::size_t k = m.begin; k < m.end; ++k) {
      auto tk = static_cast<std::uint32_t>(k);
      char pos = len == 1 ? 'S' : k == m.begin ? 'B' : k + 1 == m.end ? 'E' : 'I';
      out.emplace_back(tk, FeatureHash(t_gaz).add(kind).add(pos).add(m.short_name ? 's' : 'f').done());
      out.emplace_back(tk, FeatureHash(t_gaz_len).add(kind).add(pos).add(static_cast<char>('0' + std::min<std::size_t>(len, 9))).done());
      if (repeat) out.emplace_back(tk, FeatureHash(t_gaz_repeat).add(kind).add(pos).done());
      if (under) out.emplace_back(tk, FeatureHash(t_gaz_under).add(kind).add(pos).done());
    }
  }
}

// Features from the span dictionary: for every known span in the text, each label it was seen
// with, marked on the tokens it covers by position (and on its neighbours outside).
void dict_features(const SpanDict& dict, const std::vector<std::uint64_t>& token_hashes, std::vector<TokenFeature>& out) {
  const std::size_t n = token_hashes.size();
  // All spans of one length at a time, so that the table's cache misses overlap: `open` holds the
  // starts whose tokens so far are a prefix of some span, with the hash state after them.
  thread_local std::vector<std::pair<std::size_t, FeatureHash>> open, next;
  thread_local std::vector<std::uint64_t> keys;
  open.clear();
  for (std::size_t b = 0; b < n; ++b) open.emplace_back(b, FeatureHash(t_span_key));
  for (std::size_t len = 1; len <= SpanDict::max_tokens && !open.empty(); ++len) {
    keys.clear();
    next.clear();
    for (auto& [b, h] : open) {
      if (b + len > n) continue;
      h.word(token_hashes[b + len - 1]);
      keys.push_back(h.done());
      dict.prefetch(keys.back());
      next.emplace_back(b, h);
    }
    open.clear();
    for (std::size_t k = 0; k < next.size(); ++k) {
      std::uint32_t v = dict.find(keys[k]);
      if (v == 0) continue;
      const std::size_t b = next[k].first, e = b + len - 1;
      if (v & SpanDict::prefix_bit) open.push_back(next[k]);
      for (std::uint32_t labels = v & ~SpanDict::prefix_bit; labels != 0; labels &= labels - 1) {
        auto label = static_cast<char>('A' + std::countr_zero(labels));
        auto lc = static_cast<char>('0' + std::min<std::size_t>(len, 9));
        for (std::size_t t = b; t <= e; ++t) {
          char pos = len == 1 ? 'S' : t == b ? 'B' : t == e ? 'E' : 'I';
          out.emplace_back(static_cast<std::uint32_t>(t), FeatureHash(t_dict).add(label).add(pos).add(lc).done());
        }
        if (b > 0) out.emplace_back(static_cast<std::uint32_t>(b - 1), FeatureHash(t_dict_before).add(label).done());
        if (e + 1 < n) out.emplace_back(static_cast<std::uint32_t>(e + 1), FeatureHash(t_dict_after).add(label).done());
      }
    }
  }
}

// Text written twice (宁波市慈溪市宁波市慈溪市, a building name repeated): one copy is usually
// labelled redundant. Marks the tokens of both copies of every maximal repeat of two or more
// tokens, by copy (first or later), position and length.
void copy_features(const std::vector<std::uint64_t>& token_hashes, std::vector<TokenFeature>& out) {
  const std::size_t n = token_hashes.size();
  for (std::size_t i = 1; i < n; ++i)
    for (std::size_t j = 0; j < i; ++j) {
      if (token_hashes[j] != token_hashes[i] || (j > 0 && token_hashes[j - 1] == token_hashes[i - 1])) continue;
      std::size_t len = 1;
      while (j + len < i && i + len < n && token_hashes[j + len] == token_hashes[i + len]) ++len;
      if (len < 2) continue;
      auto lc = static_cast<char>('0' + std::min<std::size_t>(len, 9));
      for (std::size_t k = 0; k < len; ++k) {
        char pos = k == 0 ? 'B' : k + 1 == len ? 'E' : 'I';
        out.emplace_back(static_cast<std::uint32_t>(j + k), FeatureHash(t_copy).add('1').add(pos).add(lc).done());
        out.emplace_back(static_cast<std::uint32_t>(i + k), FeatureHash(t_copy).add('2').add(pos).add(lc).done());
      }
    }
}

void extract(const Divisions& divisions, const SpanDict* dict, std::string_view text, const std::vector<Token>& tokens,
             Features& out) {
  const std::size_t n = tokens.size();
  out.hashes.clear();
  out.offset.assign(1, 0);
  // Hashes of each token's form (three places beyond either end included) and of its text.
  constexpr long margin = 3;
  thread_local std::vector<std::uint64_t> form_hash, text_hashes;
  form_hash.resize(n + 2 * margin);
  text_hashes.resize(n);
  for (long i = -margin; i < static_cast<long>(n) + margin; ++i) {
    auto at = static_cast<std::size_t>(i + margin);
    if (i < 0 || i >= static_cast<long>(n)) {
      form_hash[at] = text_hash(i < 0 ? "<S>" : "</S>");
    } else {
      auto t = std::string_view(tokens[static_cast<std::size_t>(i)].text);
      text_hashes[static_cast<std::size_t>(i)] = text_hash(t);
      auto f = form_of(t);
      form_hash[at] = f.data() == t.data() ? text_hashes[static_cast<std::size_t>(i)] : text_hash(f);
    }
  }
  auto form = [&](long i) { return form_hash[static_cast<std::size_t>(std::clamp(i, -margin, static_cast<long>(n) + margin - 1) + margin)]; };
  auto text_of = [&](long i) { return text_hashes[static_cast<std::size_t>(i)]; };
  auto shape = [&](long i) -> char {
    if (i < 0 || i >= static_cast<long>(n)) return 'E';
    return shape_of(tokens[static_cast<std::size_t>(i)].text);
  };
  thread_local std::vector<char32_t> chars;
  chars.resize(n);
  for (std::size_t i = 0; i < n; ++i) chars[i] = sole_char(tokens[i].text);
  // Nearest level words: right[i] is the first at or after i, left[i] the last before i.
  thread_local std::vector<long> right, left, right_w2, left_w2;
  right.assign(n + 1, -1);
  left.assign(n + 1, -1);
  for (long i = static_cast<long>(n) - 1; i >= 0; --i)
    right[static_cast<std::size_t>(i)] = level_word(chars[static_cast<std::size_t>(i)]) ? i : right[static_cast<std::size_t>(i) + 1];
  for (std::size_t i = 1; i < n; ++i) left[i] = level_word(chars[i - 1]) ? static_cast<long>(i) - 1 : left[i - 1];
  // Nearest two-character suffix words, by the index of their second character.
  right_w2.assign(n + 1, -1);
  left_w2.assign(n + 1, -1);
  {
    for (long i = static_cast<long>(n) - 1; i >= 1; --i) {
      auto u = static_cast<std::size_t>(i);
      right_w2[u] = suffix_word(chars[u - 1], chars[u]) ? i : right_w2[u + 1];
    }
    for (std::size_t i = 2; i < n; ++i)
      left_w2[i] = suffix_word(chars[i - 2], chars[i - 1]) ? static_cast<long>(i) - 1 : left_w2[i - 1];
  }

  thread_local std::vector<TokenFeature> spans;
  spans.clear();
  if (divisions.gazetteer) gazetteer_features(divisions, text, tokens, spans);
  if (dict && !dict->empty()) dict_features(*dict, text_hashes, spans);
  copy_features(text_hashes, spans);
  // Bucket them by token (a counting sort; the pairs come roughly in order already).
  thread_local std::vector<std::uint32_t> span_start;
  thread_local std::vector<std::uint64_t> span_hash;
  span_start.assign(n + 1, 0);
  for (const auto& [k, f] : spans) ++span_start[k + 1];
  for (std::size_t u = 0; u < n; ++u) span_start[u + 1] += span_start[u];
  span_hash.resize(spans.size());
  {
    thread_local std::vector<std::uint32_t> fill;
    fill.assign(span_start.begin(), span_start.end() - 1);
    for (const auto& [k, f] : spans) span_hash[fill[k]++] = f;
  }

  out.forms.assign(form_hash.begin() + margin, form_hash.begin() + margin + static_cast<long>(n));
  auto& h = out.hashes;
  for (std::size_t u = 0; u < n; ++u) {
    long i = static_cast<long>(u);
    h.push_back(FeatureHash(t_bias).done());
    h.push_back(FeatureHash(t_u0).word(form(i)).done());
    h.push_back(FeatureHash(t_um1).word(form(i - 1)).done());
    h.push_back(FeatureHash(t_up1).word(form(i + 1)).done());
    h.push_back(FeatureHash(t_um2).word(form(i - 2)).done());
    h.push_back(FeatureHash(t_up2).word(form(i + 2)).done());
    h.push_back(FeatureHash(t_bm1).word(form(i - 1)).word(form(i)).done());
    h.push_back(FeatureHash(t_bp1).word(form(i)).word(form(i + 1)).done());
    h.push_back(FeatureHash(t_bm2).word(form(i - 2)).word(form(i - 1)).done());
    h.push_back(FeatureHash(t_bp2).word(form(i + 1)).word(form(i + 2)).done());
    h.push_back(FeatureHash(t_skip).word(form(i - 1)).word(form(i + 1)).done());
    h.push_back(FeatureHash(t_tri).word(form(i - 1)).word(form(i)).word(form(i + 1)).done());
    h.push_back(FeatureHash(t_um3).word(form(i - 3)).done());
    h.push_back(FeatureHash(t_up3).word(form(i + 3)).done());
    h.push_back(FeatureHash(t_tri_l).word(form(i - 2)).word(form(i - 1)).word(form(i)).done());
    h.push_back(FeatureHash(t_tri_r).word(form(i)).word(form(i + 1)).word(form(i + 2)).done());
    h.push_back(FeatureHash(t_shape).add(shape(i - 1)).add(shape(i)).add(shape(i + 1)).done());
    h.push_back(FeatureHash(t_edge).add(u == 0 ? 'F' : u + 1 == n ? 'L' : 'M').add(shape(i)).done());
    if (long r = right[u]; r >= 0) {
      auto d = static_cast<char>('0' + std::min<long>(r - i, 8));
      h.push_back(FeatureHash(t_right).word(text_of(r)).add(d).done());
      h.push_back(FeatureHash(t_u0_right).word(form(i)).word(text_of(r)).done());
      if (long r2 = right[static_cast<std::size_t>(r) + 1]; r2 >= 0)
        h.push_back(FeatureHash(t_right2).word(text_of(r)).word(text_of(r2)).done());
    }
    if (long l = left[u]; l >= 0) {
      auto d = static_cast<char>('0' + std::min<long>(i - l, 8));
      h.push_back(FeatureHash(t_left).word(text_of(l)).add(d).done());
    }
    if (long r = right_w2[u]; r >= 0) {
      auto d = static_cast<char>('0' + std::min<long>(r - i, 9));
      h.push_back(FeatureHash(t_right_w2).word(text_of(r - 1)).word(text_of(r)).add(d).done());
    }
    if (long l = left_w2[u]; l >= 0) {
      auto d = static_cast<char>('0' + std::min<long>(i - l, 9));
      h.push_back(FeatureHash(t_left_w2).word(text_of(l - 1)).word(text_of(l)).add(d).done());
    }
    // A token's features from spans, each once (many divisions share a name).
    auto sb = span_hash.begin() + span_start[u], se = span_hash.begin() + span_start[u + 1];
    std::sort(sb, se);
    h.insert(h.end(), sb, std::unique(sb, se));
    out.offset.push_back(static_cast<std::uint32_t>(h.size()));
  }
}

std::vector<Token> tokens_of(const std::vector<std::string>& texts, std::string& joined) {
  std::vector<Token> out;
  joined.clear();
  for (const auto& t : texts) {
    Token tok{t, joined.size(), 0};
    joined += t;
    tok.end = joined.size();
    out.push_back(std::move(tok));
  }
  return out;
}

// One weight of a feature's row: its tag, with `last_bit` set on the row's last weight, and its
// value in units of the model's `scale` (16 bits keep the table small enough for the caches).
struct LabelWeight {
  static constexpr std::uint16_t last_bit = 0x8000;
  std::uint16_t tag;
  std::int16_t value;
};

// A feature's weights before quantisation.
using WeightRow = std::pair<std::uint64_t, std::vector<std::pair<std::uint16_t, float>>>;

// Scores are kept in rows padded to a multiple of this many tags, so the inner loops of Viterbi
// run over whole blocks the compiler can vectorise.
constexpr std::size_t block = 8;
// Stands in for minus infinity where a sum of a few of them must stay finite.
constexpr float impossible = -1e30f;

// A linear-chain CRF over the same features and the same BIO constraint as the perceptron, trained
// by SGD on the L2-regularised conditional log-likelihood (Bottou's step size eta0 / (1 + lambda
// eta0 t); the weights are kept as scale * v, so that shrinking all of them each step costs
// nothing). Its scores enter the model mixed with the perceptrons': the two err differently.
struct CrfProblem {
  std::size_t l = 0, rows = 0;
  std::vector<char> allowed;        // allowed[p * l + c]: tag c may follow p
  std::vector<char> start_allowed;  // tag c may begin a sentence
  const std::vector<Features>* feats = nullptr;
  const std::vector<std::vector<std::uint32_t>>* row_of = nullptr;
  const std::vector<std::vector<int>>* gold = nullptr;
};

struct CrfResult {
  std::vector<float> w, trans, start;
};

CrfResult train_crf(const CrfProblem& pb, int epochs, std::uint64_t seed) {
  constexpr double lambda = 1e-3, eta0 = 0.1;
  // Gradients below this (a tag's marginal far from its target) are not applied: the weights of
  // tags a feature never makes likely stay zero, which keeps the model sparse and training fast.
  constexpr double tiny = 1e-3;
  const std::size_t l = pb.l;
  const std::size_t T = pb.rows * l, S0 = T + l * l, total = S0 + l;
  std::vector<double> v(total, 0);
  double s = 1;
  const auto& feats = *pb.feats;
  const auto& row_of = *pb.row_of;
  const auto& gold = *pb.gold;
  std::vector<std::size_t> order(feats.size());
  std::iota(order.begin(), order.end(), 0);
  std::mt19937_64 rng(seed);
  std::vector<double> emit, E, alpha, beta, z, psi(l * l), st(l), d(l), gt(l * l);
  double t = 0;
  for (int epoch = 1; epoch <= epochs; ++epoch) {
    std::shuffle(order.begin(), order.end(), rng);
    for (std::size_t sn : order) {
      const auto& f = feats[sn];
      const auto& r = row_of[sn];
      const auto& g = gold[sn];
      const std::size_t n = g.size();
      if (n == 0) continue;
      const double eta = eta0 / (1 + lambda * eta0 * t);
      t += 1;
      emit.assign(n * l, 0);
      for (std::size_t i = 0; i < n; ++i)
        for (std::uint32_t k = f.offset[i]; k < f.offset[i + 1]; ++k) {
          const double* wr = &v[static_cast<std::size_t>(r[k]) * l];
          for (std::size_t y = 0; y < l; ++y) emit[i * l + y] += wr[y];
        }
      for (auto& e : emit) e *= s;
      for (std::size_t k = 0; k < l * l; ++k) psi[k] = pb.allowed[k] ? std::exp(s * v[T + k]) : 0;
      for (std::size_t c = 0; c < l; ++c) st[c] = pb.start_allowed[c] ? std::exp(s * v[S0 + c]) : 0;
      E.resize(n * l);
      for (std::size_t i = 0; i < n; ++i) {
        double mx = *std::max_element(&emit[i * l], &emit[i * l] + l);
        for (std::size_t c = 0; c < l; ++c) E[i * l + c] = std::exp(emit[i * l + c] - mx);
      }
      alpha.assign(n * l, 0);
      beta.assign(n * l, 0);
      z.assign(n, 0);
      for (std::size_t c = 0; c < l; ++c) alpha[c] = st[c] * E[c];
      for (std::size_t i = 0; i < n; ++i) {
        if (i > 0) {
          const double* a = &alpha[(i - 1) * l];
          double* cur = &alpha[i * l];
          for (std::size_t p = 0; p < l; ++p) {
            if (a[p] == 0) continue;
            const double* row = &psi[p * l];
            for (std::size_t c = 0; c < l; ++c) cur[c] += a[p] * row[c];
          }
          for (std::size_t c = 0; c < l; ++c) cur[c] *= E[i * l + c];
        }
        double sum = 0;
        for (std::size_t c = 0; c < l; ++c) sum += alpha[i * l + c];
        z[i] = sum;
        for (std::size_t c = 0; c < l; ++c) alpha[i * l + c] /= sum;
      }
      for (std::size_t c = 0; c < l; ++c) beta[(n - 1) * l + c] = 1;
      for (std::size_t i = n - 1; i > 0; --i) {
        for (std::size_t c = 0; c < l; ++c) d[c] = E[i * l + c] * beta[i * l + c] / z[i];
        for (std::size_t p = 0; p < l; ++p) {
          const double* row = &psi[p * l];
          double acc = 0;
          for (std::size_t c = 0; c < l; ++c) acc += row[c] * d[c];
          beta[(i - 1) * l + p] = acc;
        }
      }
      // Shrink, then step.
      s *= 1 - eta * lambda;
      if (s < 1e-9) {
        for (auto& x : v) x *= s;
        s = 1;
      }
      const double step = eta / s;
      std::fill(gt.begin(), gt.end(), 0);
      for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t c = 0; c < l; ++c) d[c] = alpha[i * l + c] * beta[i * l + c];
        d[static_cast<std::size_t>(g[i])] -= 1;
        for (std::uint32_t k = f.offset[i]; k < f.offset[i + 1]; ++k) {
          double* wr = &v[static_cast<std::size_t>(r[k]) * l];
          for (std::size_t y = 0; y < l; ++y)
            if (std::fabs(d[y]) > tiny) wr[y] -= step * d[y];
        }
        if (i == 0) {
          for (std::size_t c = 0; c < l; ++c) v[S0 + c] -= step * d[c];
        } else {
          const double* a = &alpha[(i - 1) * l];
          for (std::size_t c = 0; c < l; ++c) d[c] = E[i * l + c] * beta[i * l + c] / z[i];
          for (std::size_t p = 0; p < l; ++p)
            for (std::size_t c = 0; c < l; ++c) gt[p * l + c] += a[p] * psi[p * l + c] * d[c];
          gt[static_cast<std::size_t>(g[i - 1]) * l + static_cast<std::size_t>(g[i])] -= 1;
        }
      }
      for (std::size_t k = 0; k < l * l; ++k) v[T + k] -= step * gt[k];
    }
  }
  CrfResult out;
  out.w.resize(T);
  for (std::size_t k = 0; k < T; ++k) out.w[k] = static_cast<float>(s * v[k]);
  for (std::size_t k = 0; k < l * l; ++k) out.trans.push_back(static_cast<float>(s * v[T + k]));
  for (std::size_t c = 0; c < l; ++c) out.start.push_back(static_cast<float>(s * v[S0 + c]));
  return out;
}

// Feature hash → weights, for labelling: an open-addressed table of slots, each pointing to the
// row of a feature. The low bits of a hash choose the slot, its high 32 bits (never 0, which marks
// a free slot) tell features apart.
class WeightTable {
 public:
  struct Slot {
    std::uint32_t check = 0, first = 0;
  };
  // A feature's weights go to columns of the scores of a token (a tag of one of the passes). A row
  // with many weights (the bias, common characters) is stored dense, `width` values in `dense`
  // starting at `first` with `dense_bit` set, and added with vector instructions; the rest (most
  // rows, two to ten weights) sparsely, in `weights`.
  static constexpr std::uint32_t dense_bit = 1U << 31;
  static constexpr std::size_t dense_from = 6;  // weights; the break-even measured on the NAACL corpus (one pass)
  std::vector<Slot> slots;
  std::vector<LabelWeight> weights;
  std::vector<std::int16_t> dense;
  float scale = 1;  // of weight values

  std::size_t nonzero() const {
    return weights.size() + static_cast<std::size_t>(std::count_if(dense.begin(), dense.end(), [](std::int16_t v) { return v != 0; }));
  }

  // The weights of `rows` in units of `unit`.
  void build(const std::vector<WeightRow>& rows, std::size_t width, float unit) {
    scale = unit;
    std::size_t cap = 16;
    while (cap < rows.size() * 2) cap *= 2;
    slots.assign(cap, Slot{});
    weights.clear();
    dense.clear();
    for (const auto& [key, ws] : rows) {
      if (ws.empty()) continue;
      auto q = [&](float w) { return static_cast<std::int16_t>(std::lround(w / scale)); };
      if (ws.size() >= dense_from) {
        slots[slot(key)] = Slot{check_of(key), static_cast<std::uint32_t>(dense.size()) | dense_bit};
        dense.resize(dense.size() + width, 0);
        for (const auto& [tag, w] : ws) dense[dense.size() - width + tag] = q(w);
      } else {
        slots[slot(key)] = Slot{check_of(key), static_cast<std::uint32_t>(weights.size())};
        for (const auto& [tag, w] : ws) weights.push_back(LabelWeight{tag, q(w)});
        weights.back().tag |= LabelWeight::last_bit;
      }
    }
  }

  // Adds the weights of the features of the n tokens of `f` to sums[i * width + column], in units
  // of `scale`.
  void add(const Features& f, std::size_t n, std::size_t width, std::size_t stride, std::int32_t* sums) const {
    thread_local std::vector<std::uint32_t> found;
    constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();
    // The table is larger than the caches: touch every slot first so that the misses overlap,
    // then the weights they point to, then add up.
    const std::size_t mask = slots.size() - 1;
    for (auto key : f.hashes) __builtin_prefetch(&slots[static_cast<std::size_t>(key) & mask]);
    found.resize(f.hashes.size());
    for (std::size_t k = 0; k < f.hashes.size(); ++k) {
      const auto& s = slots[slot(f.hashes[k])];
      found[k] = s.check == 0 ? none : s.first;
      if (s.check != 0) __builtin_prefetch(s.first & dense_bit ? static_cast<const void*>(&dense[s.first & ~dense_bit]) : &weights[s.first]);
    }
    for (std::size_t i = 0; i < n; ++i) {
      std::int32_t* e = &sums[i * stride];
      for (std::uint32_t k = f.offset[i]; k < f.offset[i + 1]; ++k) {
        const std::uint32_t at = found[k];
        if (at == none) continue;
        if (at & dense_bit) {
          const std::int16_t* row = &dense[at & ~dense_bit];
          for (std::size_t p = 0; p < width; p += block)
            for (std::size_t j = 0; j < block; ++j) e[p + j] += row[p + j];
          continue;
        }
        for (const LabelWeight* w = &weights[at];; ++w) {
          e[w->tag & ~LabelWeight::last_bit] += w->value;
          if (w->tag & LabelWeight::last_bit) break;
        }
      }
    }
  }

 private:
  static std::uint32_t check_of(std::uint64_t key) { return static_cast<std::uint32_t>(key >> 32) | 1U; }
  std::size_t slot(std::uint64_t key) const {
    std::size_t mask = slots.size() - 1, s = static_cast<std::size_t>(key) & mask;
    std::uint32_t check = check_of(key);
    while (slots[s].check != 0 && slots[s].check != check) s = (s + 1) & mask;
    return s;
  }
};

// Transition scores: trans[prev * L + cur], start[cur]; and derived from them for Viterbi,
// into[cur * P + prev] = trans[prev * L + cur] with `impossible` for padding prev ≥ L, and
// first[cur] = start[cur], or `impossible` for I-x.
struct Chain {
  std::vector<float> trans, start, into, first;
};

// Training data over rows of weights: sentence s has features feats[s], whose rows are row_of[s]
// (one per hash), and gold tags gold[s].
struct Problem {
  const std::vector<Features>* feats = nullptr;
  const std::vector<std::vector<std::uint32_t>>* row_of = nullptr;
  const std::vector<std::vector<int>>* gold = nullptr;
  std::size_t rows = 0;
};

// Weights of a linear model by row: w[row * L + tag].
struct Linear {
  std::vector<float> w, trans, start;
};

}  // namespace

struct Labeller::Impl {
  const Gazetteer* gazetteer = nullptr;
  std::uint64_t gazetteer_size = 0;
  std::vector<std::string> tags;  // every tag, "B-road", "I-road", "O"
  std::vector<std::string> types;
  std::vector<bool> inside;       // tag is I-x
  std::vector<int> type_of;       // index into types; O has its own
  int outside = -1;               // the tag O, if any
  std::vector<std::vector<int>> allowed_prev;
  SpanDict dict;
  Divisions divisions;
  std::size_t P = 0;  // L rounded up to a whole block
  // The first pass labels from the features of the text; the second from those and the tags the
  // first chose. One table holds the weights of both: a feature's scores for the first pass's tags
  // in columns [0, P), for the second's in [P, 2P).
  Chain chain, chain2;
  WeightTable table, table2;

  std::size_t L() const { return tags.size(); }

  void set_tags(std::vector<std::string> all) {
    tags = std::move(all);
    types.clear();
    inside.clear();
    type_of.clear();
    outside = -1;
    for (const auto& t : tags) {
      std::string type = t == "O" ? "O" : t.substr(2);
      auto it = std::find(types.begin(), types.end(), type);
      if (it == types.end()) it = types.insert(types.end(), type);
      type_of.push_back(static_cast<int>(it - types.begin()));
      inside.push_back(t.starts_with("I-"));
      if (t == "O") outside = static_cast<int>(inside.size()) - 1;
    }
    allowed_prev.assign(L(), {});
    for (std::size_t c = 0; c < L(); ++c)
      for (std::size_t p = 0; p < L(); ++p)
        if (!inside[c] || (tags[p] != "O" && type_of[p] == type_of[c])) allowed_prev[c].push_back(static_cast<int>(p));
    P = (L() + block - 1) / block * block;
  }

  // Refreshes `into` and `first` after trans or start changed.
  void prepare(Chain& c) const {
    const std::size_t l = L();
    c.into.assign(l * P, impossible);
    c.first.assign(P, impossible);
    for (std::size_t y = 0; y < l; ++y) {
      for (std::size_t p = 0; p < l; ++p) c.into[y * P + p] = c.trans[p * l + y];
      if (!inside[y]) c.first[y] = c.start[y];
    }
  }

  // The best score of tag c at position i given the scores at i - 1 (`prev`), and the tag it
  // comes from.
  std::pair<float, int> best_prev(const Chain& chn, const float* prev, std::size_t c) const {
    float best = impossible * 4;
    int arg = -1;
    const float* t = &chn.into[c * P];
    for (int p : allowed_prev[c]) {
      auto up = static_cast<std::size_t>(p);
      float s = prev[up] + t[up];
      if (s > best) best = s, arg = p;
    }
    return {best, arg};
  }

  // Viterbi over emission scores emit[i * P + tag]. The forward pass keeps only scores; the
  // back-pointers of the best path are recomputed on the way back, so the inner loop over
  // previous tags is a plain maximum the compiler vectorises.
  void viterbi(const Chain& chn, const float* emit, std::size_t n, std::vector<int>& path) const {
    const std::size_t l = L();
    path.assign(n, 0);
    if (n == 0) return;
    thread_local std::vector<float> score;
    score.assign(n * P, impossible);
    for (std::size_t c = 0; c < l; ++c) score[c] = chn.first[c] + emit[c];
    for (std::size_t i = 1; i < n; ++i) {
      const float* prev = &score[(i - 1) * P];
      float* cur = &score[i * P];
      for (std::size_t c = 0; c < l; ++c) {
        float best;
        if (inside[c]) {
          best = best_prev(chn, prev, c).first;
        } else {
          const float* t = &chn.into[c * P];
          std::array<float, block> acc;
          acc.fill(impossible * 4);
          for (std::size_t p = 0; p < P; p += block)
            for (std::size_t j = 0; j < block; ++j) {
              float s = prev[p + j] + t[p + j];
              acc[j] = s > acc[j] ? s : acc[j];
            }
          best = acc[0];
          for (std::size_t j = 1; j < block; ++j) best = acc[j] > best ? acc[j] : best;
        }
        cur[c] = best + emit[i * P + c];
      }
    }
    const float* last = &score[(n - 1) * P];
    path[n - 1] = static_cast<int>(std::max_element(last, last + l) - last);
    for (std::size_t i = n - 1; i > 0; --i)
      path[i - 1] = best_prev(chn, &score[(i - 1) * P], static_cast<std::size_t>(path[i])).second;
  }

  // The features of the second pass at each token, from the tags `path` the first pass chose: the
  // tag and its neighbours, the spans before and after and which labels occur on either side.
  void stack_features(const Features& base, const std::vector<int>& path, Features& out) const {
    const std::size_t n = path.size();
    out.hashes.clear();
    out.offset.assign(1, 0);
    out.forms.clear();
    // The spans of the path: begin, end, type.
    struct Run {
      std::size_t begin, end;
      int type;
    };
    thread_local std::vector<Run> spans;
    thread_local std::vector<int> span_at;  // index into spans, -1 for O
    spans.clear();
    span_at.assign(n, -1);
    for (std::size_t i = 0; i < n; ++i) {
      auto y = static_cast<std::size_t>(path[i]);
      if (static_cast<int>(y) == outside) continue;
      if (!inside[y] || spans.empty() || spans.back().end != i || spans.back().type != type_of[y])
        spans.push_back({i, i, type_of[y]});
      spans.back().end = i + 1;
      span_at[i] = static_cast<int>(spans.size()) - 1;
    }
    // Types of the spans up to and including k (bits), and from k on.
    thread_local std::vector<std::uint64_t> upto, from;
    upto.assign(spans.size() + 1, 0);
    from.assign(spans.size() + 1, 0);
    for (std::size_t k = 0; k < spans.size(); ++k) upto[k + 1] = upto[k] | std::uint64_t{1} << (spans[k].type & 63);
    for (std::size_t k = spans.size(); k-- > 0;) from[k] = from[k + 1] | std::uint64_t{1} << (spans[k].type & 63);
    auto tag_at = [&](long i) { return i < 0 || i >= static_cast<long>(n) ? '\xff' : static_cast<char>(path[static_cast<std::size_t>(i)]); };
    auto type_char = [](int t) { return static_cast<char>('A' + t); };
    auto& h = out.hashes;
    std::size_t before = 0;  // spans that end at or before token i
    for (std::size_t u = 0; u < n; ++u) {
      auto i = static_cast<long>(u);
      while (before < spans.size() && spans[before].end <= u) ++before;
      // Spans wholly before this token's span (or this O token), and wholly after.
      std::size_t lo = before, hi = span_at[u] >= 0 ? before + 1 : before;
      char y = tag_at(i);
      h.push_back(FeatureHash(t_s_bias).done());
      h.push_back(FeatureHash(t_s_tag).add(y).done());
      h.push_back(FeatureHash(t_s_tri).add(tag_at(i - 1)).add(y).add(tag_at(i + 1)).done());
      h.push_back(FeatureHash(t_s_left).add(tag_at(i - 2)).add(tag_at(i - 1)).add(y).done());
      h.push_back(FeatureHash(t_s_right).add(y).add(tag_at(i + 1)).add(tag_at(i + 2)).done());
      char prev = lo > 0 ? type_char(spans[lo - 1].type) : '^';
      char prev2 = lo > 1 ? type_char(spans[lo - 2].type) : '^';
      char next = hi < spans.size() ? type_char(spans[hi].type) : '$';
      h.push_back(FeatureHash(t_s_prev).add(prev).add(y).done());
      h.push_back(FeatureHash(t_s_prev2).add(prev2).add(prev).add(y).done());
      h.push_back(FeatureHash(t_s_next).add(y).add(next).done());
      for (std::uint64_t b = upto[lo]; b != 0; b &= b - 1)
        h.push_back(FeatureHash(t_s_seen_left).add(type_char(std::countr_zero(b))).add(y).done());
      for (std::uint64_t b = from[hi]; b != 0; b &= b - 1)
        h.push_back(FeatureHash(t_s_seen_right).add(y).add(type_char(std::countr_zero(b))).done());
      if (span_at[u] >= 0) {
        const auto& sp = spans[static_cast<std::size_t>(span_at[u])];
        std::size_t same = 0;
        for (std::size_t k = 0; k < lo; ++k) same += spans[k].type == sp.type;
        h.push_back(FeatureHash(t_s_count).add(y).add(static_cast<char>('0' + std::min<std::size_t>(same, 2))).done());
        std::size_t len = sp.end - sp.begin;
        char pos = len == 1 ? 'S' : u == sp.begin ? 'B' : u + 1 == sp.end ? 'E' : 'I';
        h.push_back(FeatureHash(t_s_len).add(y).add(pos).add(static_cast<char>('0' + std::min<std::size_t>(len, 9))).done());
      }
      h.push_back(FeatureHash(t_s_form).word(base.forms[u]).add(y).done());
      out.offset.push_back(static_cast<std::uint32_t>(h.size()));
    }
  }

  // The best path under `model` (weights by row) for one training sentence.
  void predict(const Linear& model, const Chain& chn, const Features& f, const std::vector<std::uint32_t>& r,
               std::vector<float>& emit, std::vector<int>& path) const {
    const std::size_t l = L(), n = f.offset.size() - 1;
    emit.assign(n * P, 0);
    for (std::size_t i = 0; i < n; ++i)
      for (std::uint32_t k = f.offset[i]; k < f.offset[i + 1]; ++k) {
        const float* wr = &model.w[static_cast<std::size_t>(r[k]) * l];
        for (std::size_t y = 0; y < l; ++y) emit[i * P + y] += wr[y];
      }
    viterbi(chn, emit.data(), n, path);
  }

  // An averaged structured perceptron (Collins 2002; the lazy-average trick: avg = w - u / c) on
  // the sentences `use` of `pb`, in an order shuffled by `seed`.
  Linear perceptron(const Problem& pb, const std::vector<std::size_t>& use, int epochs, std::uint64_t seed,
                    const std::function<void(int, double)>& progress) const {
    const std::size_t l = L();
    const auto& feats = *pb.feats;
    const auto& row_of = *pb.row_of;
    const auto& gold = *pb.gold;
    Linear w{std::vector<float>(pb.rows * l, 0), std::vector<float>(l * l, 0), std::vector<float>(l, 0)};
    Linear u = w;
    float c = 1;
    Chain chn;
    chn.trans = w.trans, chn.start = w.start;
    prepare(chn);
    std::vector<std::size_t> order = use;
    std::mt19937_64 rng(seed);
    std::vector<float> emit;
    std::vector<int> pred;
    auto bump = [&](std::vector<float>& wv, std::vector<float>& uv, std::size_t at, float d) {
      wv[at] += d;
      uv[at] += c * d;
    };
    for (int epoch = 1; epoch <= epochs; ++epoch) {
      std::shuffle(order.begin(), order.end(), rng);
      std::size_t tokens = 0, right = 0;
      for (std::size_t s : order) {
        const auto& f = feats[s];
        const auto& r = row_of[s];
        const auto& g = gold[s];
        const std::size_t n = g.size();
        if (n == 0) continue;
        predict(w, chn, f, r, emit, pred);
        tokens += n;
        for (std::size_t i = 0; i < n; ++i) right += pred[i] == g[i];
        if (pred != g) {
          for (std::size_t i = 0; i < n; ++i) {
            auto gy = static_cast<std::size_t>(g[i]), py = static_cast<std::size_t>(pred[i]);
            if (gy != py)
              for (std::uint32_t k = f.offset[i]; k < f.offset[i + 1]; ++k) {
                std::size_t row = static_cast<std::size_t>(r[k]) * l;
                bump(w.w, u.w, row + gy, 1);
                bump(w.w, u.w, row + py, -1);
              }
            if (i == 0) {
              bump(w.start, u.start, gy, 1);
              bump(w.start, u.start, py, -1);
            } else {
              auto gp = static_cast<std::size_t>(g[i - 1]), pp = static_cast<std::size_t>(pred[i - 1]);
              bump(w.trans, u.trans, gp * l + gy, 1);
              bump(w.trans, u.trans, pp * l + py, -1);
            }
          }
          chn.trans = w.trans, chn.start = w.start;
          prepare(chn);
        }
        ++c;
      }
      if (progress) progress(epoch, tokens ? double(right) / double(tokens) : 0);
    }
    auto average = [&](std::vector<float>& wv, const std::vector<float>& uv) {
      for (std::size_t k = 0; k < wv.size(); ++k) wv[k] -= uv[k] / c;
    };
    average(w.w, u.w);
    average(w.trans, u.trans);
    average(w.start, u.start);
    return w;
  }

  // Perceptrons, one per shuffling order, averaged in turn (bagging), then mixed with a CRF
  // trained on the same features: the two err differently.
  Linear fit(const Problem& pb, int bags, float crf_share, const TrainOptions& options) const {
    const std::size_t l = L();
    std::vector<std::size_t> all(pb.feats->size());
    std::iota(all.begin(), all.end(), 0);
    Linear avg{std::vector<float>(pb.rows * l, 0), std::vector<float>(l * l, 0), std::vector<float>(l, 0)};
    for (int bag = 0; bag < bags; ++bag) {
      auto one = perceptron(pb, all, options.epochs, options.seed + static_cast<std::uint64_t>(bag), nullptr);
      auto add = [&](std::vector<float>& to, const std::vector<float>& from) {
        for (std::size_t k = 0; k < to.size(); ++k) to[k] += from[k] / static_cast<float>(bags);
      };
      add(avg.w, one.w);
      add(avg.trans, one.trans);
      add(avg.start, one.start);
    }
    CrfProblem problem;
    problem.l = l;
    problem.rows = pb.rows;
    problem.allowed.assign(l * l, 0);
    for (std::size_t c = 0; c < l; ++c) {
      for (int p : allowed_prev[c]) problem.allowed[static_cast<std::size_t>(p) * l + c] = 1;
      problem.start_allowed.push_back(!inside[c]);
    }
    problem.feats = pb.feats;
    problem.row_of = pb.row_of;
    problem.gold = pb.gold;
    auto crf = train_crf(problem, options.epochs, options.seed);
    // The perceptrons' weights brought to the CRF's scale (equal norms), then mixed.
    double perceptron_norm = 0, crf_norm = 0;
    for (std::size_t k = 0; k < avg.w.size(); ++k) {
      perceptron_norm += double{avg.w[k]} * avg.w[k];
      crf_norm += double{crf.w[k]} * crf.w[k];
    }
    const float to_crf = perceptron_norm > 0 ? static_cast<float>(std::sqrt(crf_norm / perceptron_norm)) : 1;
    auto mix = [&](std::vector<float>& to, const std::vector<float>& from) {
      for (std::size_t k = 0; k < to.size(); ++k) to[k] = (1 - crf_share) * to_crf * to[k] + crf_share * from[k];
    };
    mix(avg.w, crf.w);
    mix(avg.trans, crf.trans);
    mix(avg.start, crf.start);
    return avg;
  }

  // The lookup tables: `table` of the features of the text, with both passes' weights; `table2`
  // of the features of the tags (rows from `first_rows` on), which only the second pass has. Both
  // leave out negligible weights: weights this small change few decisions, and dropping them makes
  // the tables a fraction of the size and tagging faster.
  void tabulate(const std::unordered_map<std::uint64_t, std::uint32_t>& rows, std::size_t first_rows, const Linear& first,
                const Linear& second) {
    constexpr float negligible = 0.02f;
    const std::size_t l = L();
    std::vector<WeightRow> text_rows, tag_rows;
    float largest = 0;
    for (const auto& [hash, row] : rows) {
      std::vector<std::pair<std::uint16_t, float>> ws;
      auto take = [&](const Linear& model, std::size_t column) {
        for (std::size_t y = 0; y < l; ++y) {
          float a = model.w[static_cast<std::size_t>(row) * l + y];
          if (std::fabs(a) <= negligible) continue;
          ws.emplace_back(static_cast<std::uint16_t>(column + y), a);
          largest = std::max(largest, std::fabs(a));
        }
      };
      if (row < first_rows) {
        take(first, 0);
        take(second, P);
      } else {
        take(second, 0);
      }
      if (!ws.empty()) (row < first_rows ? text_rows : tag_rows).emplace_back(hash, std::move(ws));
    }
    const float unit = largest > 0 ? largest / 32767 : 1;
    table.build(text_rows, 2 * P, unit);
    table2.build(tag_rows, P, unit);
  }

  void decode(const Features& f, std::size_t n, std::vector<int>& path) const {
    thread_local std::vector<std::int32_t> sums;
    thread_local std::vector<float> emit;
    thread_local Features stacked;
    const std::size_t width = 2 * P;
    sums.assign(n * width, 0);
    emit.resize(n * P);
    auto scores = [&](std::size_t column) {
      for (std::size_t i = 0; i < n; ++i)
        for (std::size_t y = 0; y < P; ++y) emit[i * P + y] = static_cast<float>(sums[i * width + column + y]) * table.scale;
    };
    table.add(f, n, width, width, sums.data());
    scores(0);
    viterbi(chain, emit.data(), n, path);
    stack_features(f, path, stacked);
    table2.add(stacked, n, P, width, sums.data() + P);
    scores(P);
    viterbi(chain2, emit.data(), n, path);
  }
};

Labeller::Labeller() : impl_(std::make_unique<Impl>()) {}
Labeller::~Labeller() = default;
Labeller::Labeller(Labeller&&) noexcept = default;
Labeller& Labeller::operator=(Labeller&&) noexcept = default;

Labeller Labeller::train(const std::vector<Sentence>& data, const Gazetteer* gazetteer, TrainOptions options) {
  Labeller out;
  auto& m = *out.impl_;
  m.gazetteer = gazetteer;
  m.gazetteer_size = gazetteer ? gazetteer->size() : 0;
  m.divisions.build(gazetteer);
  std::vector<std::string> all;
  for (const auto& s : data)
    for (const auto& t : s.tags)
      if (std::find(all.begin(), all.end(), t) == all.end()) all.push_back(t);
  for (std::size_t i = 0, n = all.size(); i < n; ++i)  // every I-x needs its B-x
    if (all[i].starts_with("I-") && std::find(all.begin(), all.end(), "B-" + all[i].substr(2)) == all.end())
      all.push_back("B-" + all[i].substr(2));
  std::sort(all.begin(), all.end());
  if (all.empty()) throw invalid("no-training-data", "没有训练数据", "the training files hold no labelled tokens");
  m.set_tags(all);

  // The span dictionary. A sentence's own spans must not be in the dictionary its features come
  // from, or the model learns to trust it blindly: the training data are cut into folds and a
  // sentence sees the dictionary of the other folds (jackknifing). Labelling uses all of it.
  constexpr std::size_t folds = 10;
  auto fold_of = [&](std::size_t s) {
    std::uint64_t z = (s + 1) * 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 31)) * 0xBF58476D1CE4E5B9ULL;
    return static_cast<std::size_t>((z ^ (z >> 29)) % folds);
  };
  m.dict.build(span_entries(data, m.types, [](std::size_t) { return true; }));
  std::vector<SpanDict> fold_dicts(folds);
  for (std::size_t k = 0; k < folds; ++k)
    fold_dicts[k].build(span_entries(data, m.types, [&](std::size_t s) { return fold_of(s) != k; }));

  // Features of every sentence once; each distinct hash gets a row of weights.
  std::vector<Features> feats(data.size());
  std::vector<std::vector<int>> gold(data.size());
  std::unordered_map<std::uint64_t, std::uint32_t> rows;
  std::string joined;
  for (std::size_t s = 0; s < data.size(); ++s) {
    auto toks = tokens_of(data[s].tokens, joined);
    extract(m.divisions, &fold_dicts[fold_of(s)], joined, toks, feats[s]);
    for (auto& h : feats[s].hashes) rows.try_emplace(h, static_cast<std::uint32_t>(rows.size()));
    for (const auto& t : data[s].tags)
      gold[s].push_back(static_cast<int>(std::find(m.tags.begin(), m.tags.end(), t) - m.tags.begin()));
  }
  fold_dicts.clear();
  std::vector<std::vector<std::uint32_t>> row_of(data.size());
  for (std::size_t s = 0; s < data.size(); ++s)
    for (auto h : feats[s].hashes) row_of[s].push_back(rows.at(h));
  const Problem base{&feats, &row_of, &gold, rows.size()};

  // The first pass: an averaged perceptron. The second learns from the tags the first chose, so
  // its training data must carry the first pass's mistakes: each sentence gets the tags of a
  // perceptron of the same kind trained on the other folds (stacking, as Krishnan and Manning 2006
  // do for non-local features).
  std::vector<std::size_t> every(data.size());
  std::iota(every.begin(), every.end(), 0);
  auto first = m.perceptron(base, every, options.epochs, options.seed, options.progress);
  constexpr std::size_t stack_folds = 5;
  std::vector<std::vector<int>> chosen(data.size());
  for (std::size_t k = 0; k < stack_folds; ++k) {
    std::vector<std::size_t> use, held;
    for (std::size_t s = 0; s < data.size(); ++s) (fold_of(s) % stack_folds == k ? held : use).push_back(s);
    auto model = m.perceptron(base, use, options.epochs, options.seed + 1 + k, nullptr);
    Chain chn;
    chn.trans = model.trans, chn.start = model.start;
    m.prepare(chn);
    std::vector<float> emit;
    for (std::size_t s : held)
      if (!gold[s].empty()) m.predict(model, chn, feats[s], row_of[s], emit, chosen[s]);
  }

  // The second pass sees the features of the text and those of the tags; the rows of the first
  // keep their numbers.
  std::vector<Features> feats2(data.size());
  auto rows2 = rows;
  std::vector<std::vector<std::uint32_t>> row_of2(data.size());
  Features stacked;
  for (std::size_t s = 0; s < data.size(); ++s) {
    m.stack_features(feats[s], chosen[s], stacked);
    const auto& f = feats[s];
    auto& f2 = feats2[s];
    f2.offset.assign(1, 0);
    for (std::size_t i = 0; i + 1 < f.offset.size(); ++i) {
      f2.hashes.insert(f2.hashes.end(), f.hashes.begin() + f.offset[i], f.hashes.begin() + f.offset[i + 1]);
      f2.hashes.insert(f2.hashes.end(), stacked.hashes.begin() + stacked.offset[i], stacked.hashes.begin() + stacked.offset[i + 1]);
      f2.offset.push_back(static_cast<std::uint32_t>(f2.hashes.size()));
    }
    for (auto h : f2.hashes) row_of2[s].push_back(rows2.try_emplace(h, static_cast<std::uint32_t>(rows2.size())).first->second);
  }
  feats.clear();
  row_of.clear();
  auto second = m.fit(Problem{&feats2, &row_of2, &gold, rows2.size()}, 4, 0.3f, options);

  // The first pass brought to the second's scale (equal norms; its choices do not change), so
  // that one scale quantises both.
  double first_norm = 0, second_norm = 0;
  for (float v : first.w) first_norm += double{v} * v;
  for (float v : second.w) second_norm += double{v} * v;
  const auto to_second = static_cast<float>(first_norm > 0 ? std::sqrt(second_norm / first_norm) : 1);
  for (auto* v : {&first.w, &first.trans, &first.start})
    for (auto& x : *v) x *= to_second;
  m.chain.trans = first.trans, m.chain.start = first.start;
  m.prepare(m.chain);
  m.chain2.trans = second.trans, m.chain2.start = second.start;
  m.prepare(m.chain2);
  m.tabulate(rows2, rows.size(), first, second);
  return out;
}

std::vector<std::string> Labeller::tag(std::string_view text, const std::vector<Token>& tokens) const {
  thread_local Features f;
  thread_local std::vector<int> path;
  extract(impl_->divisions, &impl_->dict, text, tokens, f);
  impl_->decode(f, tokens.size(), path);
  std::vector<std::string> out;
  out.reserve(path.size());
  for (int y : path) out.push_back(impl_->tags[static_cast<std::size_t>(y)]);
  return out;
}

std::vector<std::string> Labeller::tag(const std::vector<std::string>& tokens) const {
  std::string joined;
  auto toks = tokens_of(tokens, joined);
  return tag(joined, toks);
}

const std::vector<std::string>& Labeller::labels() const { return impl_->types; }
std::size_t Labeller::weights() const {
  return impl_->table.nonzero() + impl_->table2.nonzero();
}

// File: magic, then little-endian: u64 gazetteer size, u32 tag count, tags (u16 length + bytes);
// start[L] and trans[L*L] as f32 of the first pass, then of the second; the feature table: f32
// scale, u64 slot count S, u64 sparse weight count W, u64 dense weight count D, S slots (u32
// check, u32 first weight | dense bit), W weights (u16 column | last-of-row bit, i16 value), D
// dense weights (i16, 2P per row); then the span dictionary: u64 slot count, u64 used slots and
// per used slot u32 index, u32 check, u32 value.
void Labeller::save(const std::filesystem::path& file) const {
  const auto& m = *impl_;
  std::string out(magic);
  auto put = [&](const auto& v) { out.append(reinterpret_cast<const char*>(&v), sizeof v); };
  put(m.gazetteer_size);
  put(static_cast<std::uint32_t>(m.L()));
  for (const auto& t : m.tags) {
    put(static_cast<std::uint16_t>(t.size()));
    out += t;
  }
  for (const auto* chain : {&m.chain, &m.chain2}) {
    for (float v : chain->start) put(v);
    for (float v : chain->trans) put(v);
  }
  put(m.table.scale);
  for (const auto* table : {&m.table, &m.table2}) {
    put(static_cast<std::uint64_t>(table->slots.size()));
    put(static_cast<std::uint64_t>(table->weights.size()));
    put(static_cast<std::uint64_t>(table->dense.size()));
    for (const auto& s : table->slots) put(s);
    for (const auto& w : table->weights) put(w);
    for (auto v : table->dense) put(v);
  }
  put(static_cast<std::uint64_t>(m.dict.slots().size()));
  put(static_cast<std::uint64_t>(m.dict.size()));
  const auto& spans = m.dict.slots();
  for (std::size_t k = 0; k < spans.size(); ++k) {
    if (spans[k].check == 0) continue;
    put(static_cast<std::uint32_t>(k));
    put(spans[k].check);
    put(spans[k].value);
  }
  auto dir = file.parent_path().empty() ? std::filesystem::path(".") : file.parent_path();
  std::set<std::filesystem::path> dirs;
  ledger::write_durably(dir, file, out, dirs);
  ledger::sync_dirs(dirs);
}

Labeller Labeller::load(const std::filesystem::path& file, const Gazetteer* gazetteer) {
  auto bad = [&](std::string_view why) {
    return invalid("bad-model", "地址模型文件无效", fmt::format("{}: {}", file.string(), why));
  };
  std::ifstream in(file, std::ios::binary);
  if (!in) throw invalid("cannot-read", "无法读取文件", file.string() + ": cannot open");
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!data.starts_with(magic)) throw bad("not a haoban address model (v3): retrain (haoban address train)");
  std::size_t pos = magic.size();
  auto get = [&](auto& v) {
    if (pos + sizeof v > data.size()) throw bad("truncated");
    std::memcpy(&v, data.data() + pos, sizeof v);
    pos += sizeof v;
  };
  Labeller out;
  auto& m = *out.impl_;
  m.gazetteer = gazetteer;
  m.divisions.build(gazetteer);
  get(m.gazetteer_size);
  std::uint64_t have = gazetteer ? gazetteer->size() : 0;
  if (m.gazetteer_size != have)
    throw bad(fmt::format("trained with a gazetteer of {} names, this one has {}: retrain (haoban address train)",
                          m.gazetteer_size, have));
  std::uint32_t l = 0;
  get(l);
  if (l == 0 || l > 1000) throw bad("bad label count");
  std::vector<std::string> tags(l);
  for (auto& t : tags) {
    std::uint16_t len = 0;
    get(len);
    if (pos + len > data.size()) throw bad("truncated");
    t.assign(data, pos, len);
    pos += len;
  }
  m.set_tags(std::move(tags));
  for (auto* chain : {&m.chain, &m.chain2}) {
    chain->start.resize(l);
    chain->trans.resize(std::size_t{l} * l);
    for (auto& v : chain->start) get(v);
    for (auto& v : chain->trans) get(v);
    m.prepare(*chain);
  }
  float scale = 0;
  get(scale);
  if (!(scale > 0) || !std::isfinite(scale)) throw bad("bad feature table");
  auto get_table = [&](WeightTable& table, std::size_t width) {
    table.scale = scale;
    std::uint64_t slot_count = 0, weight_count = 0, dense_count = 0;
    get(slot_count);
    get(weight_count);
    get(dense_count);
    if (slot_count < 16 || (slot_count & (slot_count - 1)) != 0 || slot_count > (data.size() - pos) / 8 ||
        weight_count > (data.size() - pos) / 4 || weight_count >= WeightTable::dense_bit ||
        dense_count > (data.size() - pos) / 2 || dense_count >= WeightTable::dense_bit || dense_count % width != 0)
      throw bad("bad feature table");
    table.slots.resize(slot_count);
    table.weights.resize(weight_count);
    table.dense.resize(dense_count);
    std::size_t used = 0;
    for (auto& s : table.slots) {
      get(s);
      if (s.check == 0) continue;
      ++used;
      auto first = s.first & ~WeightTable::dense_bit;
      bool ok = s.first & WeightTable::dense_bit ? first % width == 0 && first < dense_count : s.first < weight_count;
      if (!ok) throw bad("bad feature table");
    }
    if (used == slot_count) throw bad("bad feature table");
    for (auto& w : table.weights) {
      get(w);
      auto column = static_cast<std::size_t>(w.tag & ~LabelWeight::last_bit);
      if (column >= width || column % m.P >= l) throw bad("label out of range");
    }
    if (weight_count && !(table.weights.back().tag & LabelWeight::last_bit)) throw bad("bad feature table");
    for (auto& v : table.dense) get(v);
  };
  get_table(m.table, 2 * m.P);
  get_table(m.table2, m.P);
  std::uint64_t capacity = 0, spans = 0;
  get(capacity);
  get(spans);
  if (capacity > (std::uint64_t{1} << 32) || spans > (data.size() - pos) / 12) throw bad("truncated");
  std::vector<SpanDict::Slot> dict_slots(capacity);
  for (std::uint64_t k = 0; k < spans; ++k) {
    std::uint32_t at = 0;
    SpanDict::Slot slot;
    get(at);
    get(slot.check);
    get(slot.value);
    if (at >= capacity || slot.check == 0) throw bad("bad span dictionary");
    dict_slots[at] = slot;
  }
  if (pos != data.size()) throw bad("trailing bytes");
  if (capacity != 0 && !m.dict.assign(std::move(dict_slots))) throw bad("bad span dictionary");
  return out;
}

SpanScorer evaluate(const Labeller& labeller, const std::vector<Sentence>& data) {
  SpanScorer scorer;
  for (const auto& s : data) scorer.add(s.tags, labeller.tag(s.tokens));
  return scorer;
}

}  // namespace haoban::address
