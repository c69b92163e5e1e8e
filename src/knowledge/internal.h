// What the knowledge base's translation units share: the implementation object and row helpers.
#pragma once

#include <soci/soci.h>

#include <boost/json/value.hpp>
#include <mutex>
#include <shared_mutex>

#include "core/utf8.h"
#include "knowledge/json.h"
#include "knowledge/knowledge.h"

namespace haoban::search {
class Index;
class Analyzer;
class WordVectors;
}  // namespace haoban::search

namespace haoban::knowledge {

struct KnowledgeBase::Impl {
  db::Database& db;
  const WorkingCalendar& calendar;
  std::shared_ptr<const search::Analyzer> analyzer;
  std::unique_ptr<search::Index> index;
  std::filesystem::path index_dir;
  std::map<std::string, std::vector<std::string>> item_names;
  std::map<std::string, std::vector<std::string>> siblings;  // name before "（" → item codes
  std::mutex index_mutex;  // one writer of the index at a time (Xapian allows one)
  // Semantic recall (search()): the word vectors and each item's vector, from its names.
  std::filesystem::path vectors_path;
  std::shared_ptr<const search::WordVectors> vectors;
  std::map<std::string, std::vector<float>> item_vectors;
  mutable std::shared_mutex vectors_mutex;  // guards the two above

  Impl(db::Database& d, const WorkingCalendar& c);
  ~Impl();

  std::string now() const;    // ISO 8601 UTC
  std::string today() const;  // YYYY-MM-DD in China
  std::string due_after(int working_days) const;
  int days_left(std::string_view due_on) const;

  // Writes the entries changed since the index's last sequence into the index, with the profiles
  // of their items.
  std::size_t catch_up();
  void put_profile(const std::string& item);
  // The words a text is cut into for its vector (as a query's: stop words dropped).
  std::vector<std::string> words_of(std::string_view text) const;
  // Takes `v` for search, with the items' vectors computed from their names.
  void use_vectors(std::shared_ptr<const search::WordVectors> v);
  // Fuses the items nearest the question's vector with `prior` (the profiles' ranking).
  void recall_by_vectors(const std::vector<std::string>& words, std::map<std::string, double>& prior) const;
  SearchPage browse(const Principal* who, const SearchRequest& r);
  void steer_by_aspect(const std::vector<std::string>& words, const std::vector<std::string>& expansions,
                       std::map<std::string, double>& prior) const;
};

// Item profiles in the index: ids "item:<code>", type filter "item_profile" (search.cpp).
inline constexpr std::string_view kProfilePrefix = "item:";
inline constexpr std::string_view kProfileType = "item_profile";

// Who may do what.
bool is_editor(const Principal& p);
bool is_staff(const Principal* p);
void require_editor(const Principal& p);

// Column lists and row readers.
extern const char* const kEntryColumns;  // for Entry rows (with body)
Entry entry_of(const soci::row& r);
std::string text(const soci::row& r, std::size_t i);
std::string join_json(const std::vector<std::string>& v);
std::vector<std::string> split_json(std::string_view s);

// Text checks of what people send.
inline bool valid_utf8(std::string_view s) { return !first_invalid_utf8(s); }
std::string first_chars(std::string_view s, std::size_t n);  // at most n code points, "…" when cut

// Takes the next change sequence number inside a write transaction.
std::int64_t next_change(db::Tx& tx);

}  // namespace haoban::knowledge
