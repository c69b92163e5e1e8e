#include "search/index.h"

#include <fmt/format.h>
#include <xapian.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstring>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>
#include <unordered_set>

#include "core/chinese.h"
#include "core/error.h"
#include "core/utf8.h"
#include "search/highlight.h"

namespace haoban::search {

namespace {

constexpr std::size_t kMaxIdBytes = 200;
constexpr std::size_t kMaxOffset = 10000;
constexpr Xapian::termcount kTitleWdf = 5;
constexpr double kExpansionWeight = 0.6;
constexpr double kBigramWeight = 0.3;
constexpr double kSingleCharWeight = 0.3;

const std::string kCharPrefix = "C";
const std::string kIdPrefix = "Q", kWordPrefix = "W", kBigramPrefix = "B", kPinyinPrefix = "P",
                  kInitialsPrefix = "I", kFilterPrefix = "K";

Error index_error(const Xapian::Error& e) {
  return Error(ErrorKind::unavailable, "search-index", "检索索引不可用", e.get_description());
}

std::string filter_term(std::string_view key, std::string_view value) {
  if (key.empty() || key.size() > kMaxIdBytes || value.size() > kMaxIdBytes || key.find(':') != std::string_view::npos)
    throw invalid("search-filter-invalid", "筛选条件有误",
                  fmt::format("filter keys must be 1-{} bytes without ':', values at most {} bytes", kMaxIdBytes, kMaxIdBytes));
  return fmt::format("{}{}:{}", kFilterPrefix, key, value);
}

// The document's data: id, title, body and payload, each as a 4-byte length and its bytes.
std::string pack(const Document& d) {
  std::string out;
  for (const std::string* s : {&d.id, &d.title, &d.body, &d.data}) {
    auto n = static_cast<std::uint32_t>(s->size());
    char len[4] = {static_cast<char>(n), static_cast<char>(n >> 8), static_cast<char>(n >> 16), static_cast<char>(n >> 24)};
    out.append(len, 4);
    out += *s;
  }
  return out;
}

std::array<std::string_view, 4> unpack(std::string_view data) {
  std::array<std::string_view, 4> out;
  for (auto& field : out) {
    if (data.size() < 4) break;
    std::uint32_t n = 0;
    for (int k = 3; k >= 0; --k) n = n << 8 | static_cast<unsigned char>(data[k]);
    data.remove_prefix(4);
    field = data.substr(0, n);
    data.remove_prefix(field.size());
  }
  return out;
}

// Words worth a <mark>: query words of two or more characters (or the only word), synonym words.
std::vector<std::string> highlight_terms(const QueryAnalysis& a) {
  std::vector<std::string> out;
  std::unordered_set<std::string> seen;
  auto add = [&](const std::string& w) {
    if ((utf8_length(w) >= 2 || a.words.size() == 1) && seen.insert(w).second) out.push_back(w);
  };
  for (const auto& w : a.words) add(w);
  for (const auto& e : a.expansions)
    for (const auto& w : e) add(w);
  return out;
}

Xapian::Query or_of(std::vector<Xapian::Query>& parts) {
  if (parts.size() == 1) return parts.front();
  return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

// Words and bigrams in more than this share of the documents are left out of a query that has
// rarer words (build_query()), in indexes of at least kPruneFromDocs documents: below, even the
// longest posting lists are quick to walk (p99 under 5 ms at 20,000), and every word ranks.
constexpr double kCommonShare = 0.1;
constexpr Xapian::doccount kPruneFromDocs = 100000;

// The words OR'ed, the synonyms' terms (AND of their words) and the pinyin with them; the bigrams
// only rank what those found. Words and bigrams in more than kCommonShare of the documents (申请,
// 办理, 服务) are left out when a rarer word of two or more characters or a synonym term remains
// (in a large index, see kPruneFromDocs):
// BM25 weighs them little, but skipping through their posting lists for every document the other
// words found was most of the time of the slowest questions at 1M documents (docs/benchmarks.md).
// Synonym terms stay whatever their words: 办理 时限 is how 要等多久 finds the time-limit answers.
Xapian::Query build_query(const QueryAnalysis& a, const Xapian::Database& db) {
  const bool prune = db.get_doccount() >= kPruneFromDocs;
  const double common = kCommonShare * db.get_doccount();
  auto is_common = [&](const std::string& term) { return prune && db.get_termfreq(term) > common; };
  std::vector<Xapian::Query> parts, commons;
  bool rarer = false;  // a word of two or more characters in the index, but not a common one
  for (const auto& w : a.words) {
    // One character alone (去, 哪, 办) says little of what is asked, and matches nearly everything.
    Xapian::Query q = utf8_length(w) == 1 && w.size() > 1
                          ? Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(kWordPrefix + w), kSingleCharWeight)
                          : Xapian::Query(kWordPrefix + w);
    if (is_common(kWordPrefix + w)) {
      commons.push_back(q);
      continue;
    }
    rarer = rarer || (prune && utf8_length(w) > 1 && db.term_exists(kWordPrefix + w));
    parts.push_back(q);
  }
  for (const auto& l : a.letters) {
    parts.emplace_back(kPinyinPrefix + l);
    parts.emplace_back(kInitialsPrefix + l);
  }
  // A run of the question's words that sounds like a title's or phrasing's (居住正 → juzhuzheng, as
  // 居住证 is indexed) while its characters are not together in any (住正 is no title's bigram):
  // a misspelling, searched for as the pinyin.
  for (const auto& s : a.sounds) {
    const std::string term = kPinyinPrefix + s.pinyin.full;
    if (!db.term_exists(term)) continue;
    const auto grams = Analyzer::bigrams(s.text);
    if (std::all_of(grams.begin(), grams.end(), [&](const std::string& b) { return db.term_exists(kBigramPrefix + b); })) continue;
    parts.emplace_back(term);
    rarer = rarer || prune;
  }
  for (const auto& e : a.expansions) {
    std::vector<Xapian::Query> words;
    for (const auto& w : e) words.emplace_back(kWordPrefix + w);
    Xapian::Query q = words.size() == 1 ? words.front() : Xapian::Query(Xapian::Query::OP_AND, words.begin(), words.end());
    parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, q, kExpansionWeight);
    rarer = rarer || (prune && std::all_of(e.begin(), e.end(), [&](const std::string& w) { return db.term_exists(kWordPrefix + w); }));
  }
  // Single characters (啥, a slip) or words in no document do not say enough to go without the
  // common words.
  if (!rarer) parts.insert(parts.end(), commons.begin(), commons.end());
  std::vector<Xapian::Query> bigrams;
  for (const auto& b : a.bigrams)
    if (!is_common(kBigramPrefix + b)) bigrams.emplace_back(kBigramPrefix + b);
  if (bigrams.empty()) return parts.empty() ? Xapian::Query() : or_of(parts);
  Xapian::Query scaled(Xapian::Query::OP_SCALE_WEIGHT, or_of(bigrams), kBigramWeight);
  if (parts.empty()) return scaled;
  // Bigrams only rank what the words found: as an OR they would walk the long posting lists of
  // common bigrams at every query.
  return Xapian::Query(Xapian::Query::OP_AND_MAYBE, or_of(parts), scaled);
}

// The fallback when no word of the question occurs anywhere (门口大树挡光能砍吗: 砍伐 is a word, 砍
// is not): the question's Han characters against titles' and phrasings' characters, so the titles
// sharing most of its rarer characters come first.
Xapian::Query char_query(const QueryAnalysis& a) {
  std::vector<Xapian::Query> chars;
  for (const auto& c : Analyzer::han_chars(a.normalized)) chars.emplace_back(kCharPrefix + c);
  return chars.empty() ? Xapian::Query() : or_of(chars);
}

Xapian::Query filter_query(const std::map<std::string, std::vector<std::string>>& filters) {
  std::vector<Xapian::Query> keys;
  for (const auto& [key, values] : filters) {
    if (values.empty()) continue;
    std::vector<Xapian::Query> any;
    for (const auto& v : values) any.emplace_back(filter_term(key, v));
    keys.push_back(or_of(any));
  }
  if (keys.empty()) return Xapian::Query();
  if (keys.size() == 1) return keys.front();
  return Xapian::Query(Xapian::Query::OP_AND, keys.begin(), keys.end());
}

}  // namespace

struct Index::Impl {
  const Analyzer& analyzer;
  std::filesystem::path dir;  // empty in memory
  mutable std::mutex write_mutex;
  Xapian::WritableDatabase writer;

  struct Reader {
    Xapian::Database db;
    std::uint64_t generation;
  };
  mutable std::mutex pool_mutex;
  mutable std::vector<std::unique_ptr<Reader>> idle;
  std::atomic<std::uint64_t> generation{0};
  mutable std::shared_mutex commit_mutex;  // commit() exclusive; a search that lost twice shares it

  Impl(const Analyzer& a, std::filesystem::path d, Xapian::WritableDatabase w)
      : analyzer(a), dir(std::move(d)), writer(std::move(w)) {}

  bool in_memory() const { return dir.empty(); }

  Xapian::Document make_document(const Document& d) const {
    Xapian::Document doc;
    // Titles and phrasings also give bigrams (ranking) and their Han characters (the fallback of
    // questions none of whose words occur); bodies give words only, which halves the terms a
    // document has and doubles the build rate (docs/benchmarks.md).
    auto index_text = [&](std::string_view text, Xapian::termcount wdf, bool short_text) {
      std::string n = normalize_for_search(text);
      for (const auto& w : analyzer.words(n)) doc.add_term(kWordPrefix + w, wdf);
      if (!short_text) return;
      for (const auto& b : Analyzer::bigrams(n)) doc.add_term(kBigramPrefix + b, wdf);
      for (const auto& c : Analyzer::han_chars(n)) doc.add_term(kCharPrefix + c, wdf);
    };
    index_text(d.title, kTitleWdf, true);
    for (const auto& p : d.phrasings) index_text(p, kTitleWdf, true);
    index_text(d.body, 1, false);
    // Pinyin of the title and of the phrasings (an item's aliases 身份证, 社保卡 give sfz, sbk).
    auto index_pinyin = [&](std::string_view text) {
      for (const auto& p : analyzer.pinyin_grams(normalize_for_search(text))) {
        doc.add_term(kPinyinPrefix + p.full);
        doc.add_term(kInitialsPrefix + p.initials);
      }
    };
    index_pinyin(d.title);
    for (const auto& p : d.phrasings) index_pinyin(p);
    for (const auto& [key, values] : d.filters)
      for (const auto& v : values) doc.add_boolean_term(filter_term(key, v));
    doc.add_boolean_term(kIdPrefix + d.id);
    doc.set_data(pack(d));
    return doc;
  }

  // Runs `f(db)` on a reader that has seen the last commit (in memory: on the writer, serialised).
  template <typename F>
  auto with_reader(F&& f) const {
    if (in_memory()) {
      std::lock_guard lock(write_mutex);
      return f(static_cast<const Xapian::Database&>(writer));
    }
    std::unique_ptr<Reader> r;
    {
      std::lock_guard lock(pool_mutex);
      if (!idle.empty()) {
        r = std::move(idle.back());
        idle.pop_back();
      }
    }
    for (int attempt = 0;; ++attempt) {
      // After two discarded revisions (commits in quick succession), hold commits off meanwhile.
      std::shared_lock<std::shared_mutex> hold_commits(commit_mutex, std::defer_lock);
      if (attempt >= 2) hold_commits.lock();
      try {
        std::uint64_t want = generation.load();
        if (!r) {
          r = std::make_unique<Reader>(Reader{Xapian::Database(dir.string()), want});
        } else if (r->generation != want) {
          r->db.reopen();
          r->generation = want;
        }
        auto out = f(r->db);
        std::lock_guard lock(pool_mutex);
        idle.push_back(std::move(r));
        return out;
      } catch (const Xapian::DatabaseModifiedError&) {
        // Commits passed under this search and discarded the revision it read: read the newest.
        if (attempt >= 2) throw;
        r.reset();
      }
    }
  }
};

Index::Index(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Index::Index(Index&&) noexcept = default;
Index& Index::operator=(Index&&) noexcept = default;

Index::~Index() {
  if (!impl_ || impl_->in_memory()) return;
  try {
    std::lock_guard lock(impl_->write_mutex);
    impl_->writer.commit();
  } catch (const Xapian::Error&) {
  }
}

Index Index::open(const std::filesystem::path& dir, const Analyzer& analyzer) {
  try {
    std::filesystem::create_directories(dir);
    Xapian::WritableDatabase w(dir.string(), Xapian::DB_CREATE_OR_OPEN);
    return Index(std::make_unique<Impl>(analyzer, dir, std::move(w)));
  } catch (const Xapian::Error& e) {
    throw index_error(e);
  } catch (const std::filesystem::filesystem_error& e) {
    throw Error(ErrorKind::unavailable, "search-index", "检索索引不可用", e.what());
  }
}

Index Index::in_memory(const Analyzer& analyzer) {
  Xapian::WritableDatabase w(std::string(), Xapian::DB_BACKEND_INMEMORY);
  return Index(std::make_unique<Impl>(analyzer, std::filesystem::path(), std::move(w)));
}

void Index::put(const Document& d) {
  if (d.id.empty() || d.id.size() > kMaxIdBytes)
    throw invalid("search-document-invalid", "检索文档有误", fmt::format("a document id must be 1-{} bytes", kMaxIdBytes));
  Xapian::Document doc = impl_->make_document(d);
  std::lock_guard lock(impl_->write_mutex);
  try {
    impl_->writer.replace_document(kIdPrefix + d.id, doc);
  } catch (const Xapian::Error& e) {
    throw index_error(e);
  }
}

void Index::remove(std::string_view id) {
  if (id.empty() || id.size() > kMaxIdBytes) return;
  std::lock_guard lock(impl_->write_mutex);
  try {
    impl_->writer.delete_document(kIdPrefix + std::string(id));
  } catch (const Xapian::Error& e) {
    throw index_error(e);
  }
}

void Index::commit() {
  std::lock_guard lock(impl_->write_mutex);
  std::unique_lock hold(impl_->commit_mutex);
  try {
    impl_->writer.commit();
  } catch (const Xapian::Error& e) {
    throw index_error(e);
  }
  ++impl_->generation;
}

std::size_t Index::size() const {
  std::lock_guard lock(impl_->write_mutex);
  return impl_->writer.get_doccount();
}

void Index::set_metadata(std::string_view key, std::string_view value) {
  if (key.empty() || key.size() > kMaxIdBytes)
    throw invalid("search-metadata-invalid", "检索索引元数据有误", fmt::format("a metadata key must be 1-{} bytes", kMaxIdBytes));
  std::lock_guard lock(impl_->write_mutex);
  try {
    impl_->writer.set_metadata(std::string(key), std::string(value));
  } catch (const Xapian::Error& e) {
    throw index_error(e);
  }
}

std::string Index::metadata(std::string_view key) const {
  if (key.empty() || key.size() > kMaxIdBytes) return {};
  std::lock_guard lock(impl_->write_mutex);
  try {
    return impl_->writer.get_metadata(std::string(key));
  } catch (const Xapian::Error& e) {
    throw index_error(e);
  }
}

Result Index::search(const Query& q) const {
  Result result;
  QueryAnalysis a = impl_->analyzer.analyze_query(q.text);
  result.truncated = a.truncated;
  if (a.words.empty() && a.expansions.empty() && a.bigrams.empty() && a.letters.empty()) return result;
  result.words = a.words;
  result.expansions = a.expansion_terms;
  const Xapian::Query filter = filter_query(q.filters);

  const std::size_t limit = std::min(q.limit, kMaxLimit), offset = std::min(q.offset, kMaxOffset);
  struct Found {
    double score;
    std::string data;
  };
  std::vector<Found> found;
  try {
    result.estimated_total = impl_->with_reader([&](const Xapian::Database& db) {
      found.clear();
      Xapian::Query query = build_query(a, db);  // it asks the index how common each word is
      if (!filter.empty()) query = Xapian::Query(Xapian::Query::OP_FILTER, query, filter);
      Xapian::Enquire enquire(db);
      enquire.set_query(query);
      enquire.set_weighting_scheme(Xapian::BM25Weight());
      Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(offset), static_cast<Xapian::doccount>(limit));
      if (mset.empty() && offset == 0) {
        Xapian::Query chars = char_query(a);
        if (!chars.empty()) {
          if (!filter.empty()) chars = Xapian::Query(Xapian::Query::OP_FILTER, chars, filter);
          enquire.set_query(chars);
          mset = enquire.get_mset(0, static_cast<Xapian::doccount>(limit));
          result.by_characters = !mset.empty();
        }
      }
      for (auto it = mset.begin(); it != mset.end(); ++it) {
        found.push_back({it.get_weight(), it.get_document().get_data()});
      }
      return static_cast<std::size_t>(mset.get_matches_estimated());
    });
  } catch (const Xapian::Error& e) {
    throw index_error(e);
  }

  Highlighter highlighter(highlight_terms(a));
  for (auto& f : found) {
    auto [id, title, body, data] = unpack(f.data);
    Hit h;
    h.id = std::string(id);
    h.score = f.score;
    h.title_html = highlighter.html(title, 0);
    h.snippet_html = highlighter.html(body, kSnippetChars);
    h.data = std::string(data);
    result.hits.push_back(std::move(h));
  }
  return result;
}

}  // namespace haoban::search
