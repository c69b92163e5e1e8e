// The topic database (主题数据库): denormalised fact tables the cockpit reads, one row per
// application, help conversation, rating and 办不成事 report, kept current incrementally.
//
// What changed comes from the audit log (db::Database::audit_after, the same change feed the ledger
// seals): every state change of those entities is audited, so `sync` reads the audit rows after its
// cursor, collects the entities they name, asks their modules (through FactSource, which app
// implements from the modules' services) for each one's current facts and upserts them — all in one
// transaction with the new cursor. A first sync on an existing store builds everything; later ones
// touch only what changed. Rebuilding from scratch is `rebuild()` (cursor back to 0).
// The knowledge base's entries and daily use are not audited one by one (a bulk import, counters):
// they follow the knowledge base's own change sequence and the last day of use read.
//
// Thread-safety: sync() may be called from any thread; concurrent calls serialise on a mutex.
#pragma once

#include <functional>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/clock.h"
#include "db/db.h"

namespace haoban::analytics {

struct ApplicationFact {
  long long id = 0;
  std::string department, item, item_name;
  std::string unit;     // the applicant's street/town (a department of kind street), "" when unknown
  std::string channel;  // online | counter
  std::string status;
  std::string submitted_on, decided_on;  // China dates, "" when not yet
  int prefill_shown = 0, prefill_count = 0;
  int corrections = 0;
  std::string decision;        // approved | denied | ""
  int on_time = -1;            // 1 on time, 0 late, -1 not decided
  double fill_minutes = -1;    // opened → submitted, online only; -1 unknown
  int exempt_materials = 0;
  bool follow_up = false;      // filed by the platform (免申即办)
};

struct HelpFact {
  long long id = 0;
  std::string unit, department, item;  // unit: the helper's own (street/town or department)
  std::string created_on;
  std::string state;
  bool assigned = false, responded = false, resolved = false, unstaffed = false, escalated = false;
  double first_response_seconds = -1;
  bool first_response_met = false;
  int reopens = 0, rating = 0;
};

struct RatingFact {
  long long id = 0;
  std::string department, item, channel, created_on;
  int level = 0;
  bool excluded = false;
  long long task = 0;
  std::string task_state;  // "" when no task
};

struct ReportFact {
  long long id = 0;
  std::string department, item, category, channel, status, created_on, filed_on;
  bool overdue = false;
  int escalation = 0;
};

// 免申即享: one grant of a policy to an enterprise or resident.
struct GrantFact {
  long long id = 0;
  std::string policy, department, kind, unit;  // kind: enterprise | person; unit: the beneficiary's street/town
  std::string state;
  std::string granted_on, paid_on;  // China dates; paid_on "" when not paid
  double amount = 0;                // yuan
};

// 知识库: one entry's life (published and retired dates, China; "" when not).
struct KnowledgeEntryFact {
  long long id = 0;
  std::string department, status, published_on, retired_on;
};
// One entry's use on one day, summed over channels.
struct KnowledgeUseFact {
  long long entry = 0;
  std::string day;
  long long retrievals = 0, clicks = 0, answers = 0;
};
struct KnowledgeChanges {
  std::vector<KnowledgeEntryFact> entries;
  long long next = 0;  // the change sequence to read after next time
};

// What the modules say about one entity now (nullopt: gone or not applicable, e.g. a bundle).
struct FactSource {
  std::function<std::optional<ApplicationFact>(long long)> application;
  std::function<std::optional<HelpFact>(long long)> conversation;
  std::function<std::optional<RatingFact>(long long)> rating;
  std::function<std::optional<ReportFact>(long long)> report;
  std::function<std::optional<long long>(long long task)> rating_of_task;  // a rectification task's rating
  std::function<std::optional<GrantFact>(long long)> grant;
  std::function<std::vector<long long>(long long run)> grants_of_run;  // a confirmed run creates grants
  // The knowledge base keeps its own change sequence (entries) and daily counters (use), which the
  // audit log does not carry: every entry changed after sequence `after`, and use from `day` on.
  std::function<KnowledgeChanges(long long after)> knowledge_entries;
  std::function<std::vector<KnowledgeUseFact>(const std::string& from_day)> knowledge_use;
};

struct SyncReport {
  long long from = 0, to = 0;  // audit ids read: (from, to]
  int applications = 0, conversations = 0, ratings = 0, reports = 0, grants = 0;
  int knowledge_entries = 0, knowledge_use = 0;
  bool changed() const {
    return applications + conversations + ratings + reports + grants + knowledge_entries + knowledge_use > 0;
  }
};

class TopicDb {
 public:
  TopicDb(db::Database& db, const Clock& clock, FactSource source);
  static std::span<const db::Migration> migrations();

  // Brings the facts up to the audit log, reading `batch` audit rows at a time and writing the facts
  // of up to 20,000 entities per transaction (each asked for once). Audit rows younger
  // than `margin` wait for the next sync, so a PostgreSQL transaction that took an earlier id but
  // commits later is not skipped.
  SyncReport sync(int batch = 5000, std::chrono::seconds margin = std::chrono::seconds(2));
  // Empties the facts and syncs from the start.
  SyncReport rebuild();
  long long cursor();

 private:
  void sync_knowledge(SyncReport& rep);

  db::Database& db_;
  const Clock& clock_;
  FactSource source_;
  std::mutex mu_;
};

}  // namespace haoban::analytics
