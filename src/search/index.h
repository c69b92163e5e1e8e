// A full-text index of documents over Xapian 1.4 (BM25), generic: the knowledge base indexes its
// entries, the help desk its answers, complaint grouping its complaints. See docs/search.md.
//
// What a document becomes (prefixes are Xapian's term prefixes):
//   Q<id>            the unique id term (put() replaces the document with the same id)
//   W<word>          words of title, phrasings and body in search mode; wdf 5 per occurrence in the
//                    title or a phrasing, 1 in the body
//   B<xy>            Han character bigrams of titles and phrasings (ranking: AND_MAYBE)
//   C<x>             Han characters of titles and phrasings (the fallback when no word matches)
//   P<pinyin>        full pinyin of each run of 1-4 title words ("yingyezhizhao")
//   I<initials>      their initials ("yyzz")
//   K<key>:<value>   filter terms (boolean, no weight)
// The document's data holds the title, body and payload, for snippets and for the caller.
//
// A query is never parsed with Xapian's query parser: each word becomes a term, combined with OR
// (BM25 ranks documents matching more and rarer words first); synonyms add their terms with
// weight 0.6, character bigrams with 0.3, ASCII words also match titles' pinyin and initials;
// filters apply with OP_FILTER (OR within a key, AND across keys).
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "search/analyzer.h"

namespace haoban::search {

struct Document {
  std::string id;                       // unique, 1-200 bytes
  std::string title, body;
  std::vector<std::string> phrasings;   // other ways to ask or say the title, weighted like it
  std::map<std::string, std::vector<std::string>> filters;  // type → {qa}, item → {CL-001}, …
  std::string data;                     // opaque payload returned with hits
};

struct Query {
  std::string text;
  std::map<std::string, std::vector<std::string>> filters;  // OR within a key, AND across keys
  std::size_t offset = 0, limit = 10;                       // limit is capped at kMaxLimit
};

struct Hit {
  std::string id;
  double score = 0;         // BM25; comparable only within one result
  std::string title_html;   // the title, HTML-escaped, matched words in <mark>
  std::string snippet_html; // about kSnippetChars of the body around the most matched words, likewise
  std::string data;
};

struct Result {
  std::size_t estimated_total = 0;
  std::vector<Hit> hits;
  std::vector<std::string> words;       // the query words searched for (stop words dropped)
  std::vector<std::string> expansions;  // the synonym terms added
  bool by_characters = false;           // no word matched: these hits share characters of the query
  bool truncated = false;               // the query was longer than kMaxQueryChars characters or
                                        // had more than kMaxQueryWords words: the rest was ignored
};

inline constexpr std::size_t kMaxLimit = 100;
inline constexpr std::size_t kSnippetChars = 120;

// Thread-safety: search(), size() and metadata() may run concurrently with each other and with the
// writing calls (put, remove, set_metadata, commit), which are serialised among themselves. An
// on-disk index's searches see what was last committed (each search borrows a reader from a pool,
// reopened after commits); an in-memory index's see every put at once.
// Failures: Xapian errors (a corrupt or locked database) come out as Error(unavailable, "search-index").
class Index {
 public:
  // Opens the index in `dir`, creating it when missing. One process may have it open for writing
  // (Xapian's lock): a second open throws Error(unavailable). The analyzer must outlive the index.
  static Index open(const std::filesystem::path& dir, const Analyzer& analyzer);
  // An index in memory, for tests and small corpora.
  static Index in_memory(const Analyzer& analyzer);

  Index(Index&&) noexcept;
  Index& operator=(Index&&) noexcept;
  ~Index();  // commits what is pending (on disk)

  // Adds or replaces the document with d.id. Throws Error(invalid) for an empty or over-long id or
  // filter key/value (over 200 bytes).
  void put(const Document& d);
  void remove(std::string_view id);  // nothing when the id is not there
  void commit();                     // makes puts, removes and metadata durable and visible

  std::size_t size() const;  // documents, committed or not

  // Caller-owned key/value pairs stored with the index (e.g. the last change sequence indexed);
  // written with the next commit. metadata() is empty for a missing key.
  void set_metadata(std::string_view key, std::string_view value);
  std::string metadata(std::string_view key) const;

  // Never throws for any text: empty or punctuation-only text gives an empty result with no words.
  Result search(const Query& q) const;

 private:
  struct Impl;
  explicit Index(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace haoban::search
