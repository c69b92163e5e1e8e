// The knowledge base (知识库): entries with full version history and an editorial workflow,
// maintenance tasks with working-day deadlines, usage counts, and the search index kept in step
// with the store.
//
// The store is the source of truth; the search index (src/search, Xapian) is derived from it. Every
// change to an entry takes the next change sequence number; the index records the last number it
// has, so opening the knowledge base catches the index up with whatever it missed (a crash between
// the store's commit and the index's, another node's edits, a deleted index directory).
//
// Thread-safety: every const and non-const member may be called from any number of threads.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.h"
#include "core/principal.h"
#include "db/db.h"
#include "knowledge/entry.h"

namespace haoban::search {
class Analyzer;
}  // namespace haoban::search

namespace haoban::knowledge {

// ---- maintenance tasks -----------------------------------------------------------------------

// What a task asks for, each with its deadline rule (docs/knowledge.md):
//   policy_qa  — a policy takes effect: its Q&A must be published 1 working day before that day;
//   unanswered — a question neither 小宝 nor a helper could answer: an answer entry within 5 working days;
//   candidate  — an answer a helper marked effective: an editor approves or rejects it (5 working days).
enum class TaskKind { policy_qa, unanswered, candidate };
enum class TaskState { open, done, dismissed };

std::string_view to_string(TaskKind k);
std::string_view task_label(TaskKind k);  // 政策问答发布, 未解答问题, 帮办答案入库
std::optional<TaskKind> task_kind_from(std::string_view s);
std::string_view to_string(TaskState s);
std::optional<TaskState> task_state_from(std::string_view s);

struct Task {
  std::int64_t id = 0;
  TaskKind kind = TaskKind::unanswered;
  std::string title;
  std::string question;           // unanswered / candidate: the question as asked
  std::string detail;             // where it came from (小宝's conversation, the helper's answer…)
  std::string department;         // whose editors it is for (may be empty: the data bureau's)
  std::string owner;              // login of the editor it is assigned to, or empty
  std::optional<std::int64_t> entry;   // policy_qa: the policy; candidate: the draft entry
  std::optional<std::int64_t> result;  // the entry that answered it, once done
  std::string due_on;             // YYYY-MM-DD
  TaskState state = TaskState::open;
  int asked = 1;  // unanswered: how many times the question came in while the task was open
  std::string created_at, closed_at, closed_by, note;
  int days_left = 0;     // working days from today to due_on (negative once past it)
  bool past_due = false;  // due_on is before today
  bool overdue() const { return state == TaskState::open && past_due; }
};

struct TaskFilter {
  std::optional<TaskState> state = TaskState::open;
  std::optional<TaskKind> kind;
  std::string department;
  std::string owner;
  bool overdue_only = false;
  int limit = 50;
  std::optional<std::int64_t> cursor;  // tasks with id < cursor (newest first)
};

// ---- usage ------------------------------------------------------------------------------------

// retrieval: the entry was among the results shown (search page, 小宝's candidates);
// click: someone opened it; answer: 小宝 or a helper used it in an answer.
enum class UsageKind { retrieval, click, answer };

struct UsageRow {
  std::int64_t entry = 0;
  std::string code, title, department;
  EntryType type = EntryType::qa;
  std::int64_t retrievals = 0, clicks = 0, answers = 0;
};

struct EntryLife {
  std::int64_t id = 0, change_seq = 0;
  std::string department;
  EntryStatus status = EntryStatus::draft;
  std::string published_at, retired_at;  // ISO 8601 UTC, "" when not
};
struct DailyUse {
  std::int64_t entry = 0;
  std::string day;  // YYYY-MM-DD, China
  std::int64_t retrievals = 0, clicks = 0, answers = 0;
};

// The knowledge usage rate of a period (docs/knowledge.md): entries used — opened or used in an
// answer at least once in the period — over entries published at some time in the period.
struct UsageReport {
  std::string from, to;  // inclusive days
  std::string department;
  std::int64_t published = 0, used = 0;
  double rate = 0;       // used / published, 0 when nothing was published
  std::int64_t retrievals = 0, clicks = 0, answers = 0;
  std::vector<UsageRow> top;         // most used first
  std::vector<UsageRow> never_used;  // published and in force, never used in the period (first 50)
  struct Department {
    std::string id;
    std::int64_t published = 0, used = 0;
    double rate = 0;
  };
  std::vector<Department> departments;
};

// ---- entries ----------------------------------------------------------------------------------

struct EntryVersion {
  int version = 0;
  EntryContent content;
  EntryStatus status = EntryStatus::draft;  // the status this version was saved with
  std::string action;                       // "create", "edit", "submit", "approve", …
  std::string note;
  std::string changed_by, changed_at;
  std::vector<std::string> changed_fields;  // fields that differ from the previous version
};

// Workflow actions: submit (draft → in_review), approve (in_review → published), reject
// (in_review → draft, with a note), retire (published → retired), restore (retired → draft).
enum class Action { submit, approve, reject, retire, restore };
std::optional<Action> action_from(std::string_view s);

struct SearchRequest {
  std::string text;
  std::vector<EntryType> types;
  std::string department;
  std::string item;
  std::optional<EntryStatus> status;  // staff only; others always see published
  std::size_t offset = 0, limit = 10;
  std::string channel = "search";     // recorded with the retrievals: search, assistant, helpdesk
  bool record = true;                 // count the retrievals (evaluations and benchmarks do not)
};

struct SearchHit {
  Entry entry;                      // without body when listed
  double score = 0;
  std::string title_html, snippet_html;  // <mark> around matched words; everything else escaped
};

struct SearchPage {
  std::size_t total = 0;
  std::vector<SearchHit> hits;
  std::vector<std::string> words;       // how the query was segmented
  std::vector<std::string> expansions;  // synonyms added (执照 → 营业执照)
};

struct ImportProblem {
  std::size_t line = 0;
  std::string message;
};
struct ImportResult {
  std::size_t created = 0, updated = 0, unchanged = 0;
  std::vector<ImportProblem> problems;  // when not empty, nothing was imported
};

class KnowledgeBase {
 public:
  // `index_dir` holds the Xapian database (created when missing); an empty path keeps the index in
  // memory (tests). The analyzer (segmenter with the domain's words, synonyms) is shared with the
  // assistant. Opening catches the index up with the store (sync_index).
  // `item_names`: each item's official name then its aliases (from the catalog), which head the
  // item profiles that search leans on (docs/knowledge.md, "Ranking").
  // `word_vectors`: where the word vectors of semantic recall are kept (train_word_vectors); loaded
  // when the file is there (and readable: a damaged one is logged), search goes without them when
  // not (or when the path is empty).
  KnowledgeBase(db::Database& db, const WorkingCalendar& calendar, const std::filesystem::path& index_dir,
                std::shared_ptr<const search::Analyzer> analyzer,
                std::map<std::string, std::vector<std::string>> item_names = {},
                const std::filesystem::path& word_vectors = {});
  ~KnowledgeBase();

  static std::span<const db::Migration> migrations();

  // Brings the index up to the store's last change (see above). Returns the entries re-indexed.
  std::size_t sync_index();
  // Drops and rebuilds the index from the store (`haoban kb reindex`).
  std::size_t rebuild_index();
  // Learns word vectors from the published entries and the items' names (search's semantic recall,
  // docs/knowledge.md), saves them to the path given at construction and uses them from now on.
  // Returns the texts learnt from; 0 (and nothing changes) without a path or without entries.
  std::size_t train_word_vectors();

  // ---- entries (editors: Role::kb_editor or admin; reads: published+public for everyone) -------
  Entry create(const Principal& who, const EntryContent& content, std::string code = {});
  // Saves a new version. `expected_version` guards against overwriting someone else's edit
  // (409 when it differs). Editing a published or retired entry returns it to draft.
  Entry update(const Principal& who, std::int64_t id, const EntryContent& content, int expected_version);
  Entry transition(const Principal& who, std::int64_t id, Action action, std::string_view note);
  // Null when missing or not visible to `who` (anyone: published + public; staff: any published;
  // editors: everything).
  std::optional<Entry> find(const Principal* who, std::int64_t id) const;
  std::optional<Entry> find_code(const Principal* who, std::string_view code) const;
  std::vector<EntryVersion> versions(const Principal& who, std::int64_t id) const;
  // Bulk load, all or nothing: entries whose code exists get a new version when their content
  // differs. `publish`: imported entries go straight to published (the seed, trusted imports).
  ImportResult import(const Principal& who, std::span<const Entry> entries, bool publish);
  std::size_t count(std::optional<EntryStatus> status = {}) const;
  // Every entry with its body, by id (editors; `haoban kb export`).
  std::vector<Entry> all(const Principal& who) const;

  // ---- search --------------------------------------------------------------------------------
  SearchPage search(const Principal* who, const SearchRequest& r);

  // ---- usage ---------------------------------------------------------------------------------
  // Counted on `day` (YYYY-MM-DD, China), today when empty (the district history records the past).
  void record_use(std::span<const std::int64_t> entries, UsageKind kind, std::string_view channel,
                  std::string_view day = {});
  UsageReport usage(const Principal& who, std::string_view from, std::string_view to,
                    std::string_view department = {}, int top = 20) const;
  // For the platform's own readers (the cockpit's topic database), without a principal: every
  // entry whose change sequence is after `after` (one import shares one sequence number, so there is
  // no paging inside it), in sequence order; and each entry's use per day from `from_day` on ("" for
  // all), summed over channels.
  std::vector<EntryLife> changed_after(std::int64_t after) const;
  std::vector<DailyUse> daily_use(std::string_view from_day) const;

  // ---- maintenance tasks ---------------------------------------------------------------------
  // A question nobody could answer (小宝's low confidence, a helper's "no answer"): one open task
  // per distinct question (asked again: its count goes up, the deadline stays).
  Task record_unanswered(std::string_view question, std::string_view detail, std::string_view department);
  // A helper's answer marked effective: a draft Q&A and a task for an editor to approve it.
  Task propose_answer(const Principal& helper, std::string_view question, std::string_view answer,
                      std::string_view department, std::vector<std::string> items);
  std::vector<Task> tasks(const Principal& who, const TaskFilter& f) const;
  Task task(const Principal& who, std::int64_t id) const;
  Task assign(const Principal& who, std::int64_t id, std::string_view owner);
  // Closes a task with the published entry that answers it (done), or dismisses it with a note.
  Task complete(const Principal& who, std::int64_t id, std::optional<std::int64_t> entry, std::string_view note);

  const WorkingCalendar& calendar() const;

  struct Impl;  // internal.h: shared by the module's translation units only

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace haoban::knowledge
