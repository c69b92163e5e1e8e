#include "analytics/facts.h"

#include <fmt/format.h>

#include <array>
#include <map>
#include <set>

namespace haoban::analytics {

namespace {

constexpr char kTables[] = R"(CREATE TABLE fact_applications (
  id BIGINT PRIMARY KEY,
  department TEXT NOT NULL,
  item TEXT NOT NULL,
  item_name TEXT NOT NULL,
  channel TEXT NOT NULL,
  status TEXT NOT NULL,
  submitted_on TEXT NOT NULL,
  decided_on TEXT NOT NULL,
  prefill_shown INTEGER NOT NULL,
  prefill_count INTEGER NOT NULL,
  corrections INTEGER NOT NULL,
  decision TEXT NOT NULL,
  on_time INTEGER NOT NULL,
  fill_minutes DOUBLE PRECISION NOT NULL,
  exempt_materials INTEGER NOT NULL,
  follow_up INTEGER NOT NULL
);
CREATE INDEX fact_applications_submitted ON fact_applications (submitted_on, department);
CREATE INDEX fact_applications_decided ON fact_applications (decided_on, department);
CREATE TABLE fact_help (
  id BIGINT PRIMARY KEY,
  unit TEXT NOT NULL,
  department TEXT NOT NULL,
  item TEXT NOT NULL,
  created_on TEXT NOT NULL,
  state TEXT NOT NULL,
  assigned INTEGER NOT NULL,
  responded INTEGER NOT NULL,
  resolved INTEGER NOT NULL,
  unstaffed INTEGER NOT NULL,
  escalated INTEGER NOT NULL,
  first_response_seconds DOUBLE PRECISION NOT NULL,
  first_response_met INTEGER NOT NULL,
  reopens INTEGER NOT NULL,
  rating INTEGER NOT NULL
);
CREATE INDEX fact_help_created ON fact_help (created_on, unit);
CREATE TABLE fact_ratings (
  id BIGINT PRIMARY KEY,
  department TEXT NOT NULL,
  item TEXT NOT NULL,
  channel TEXT NOT NULL,
  created_on TEXT NOT NULL,
  level INTEGER NOT NULL,
  excluded INTEGER NOT NULL,
  task BIGINT NOT NULL,
  task_state TEXT NOT NULL
);
CREATE INDEX fact_ratings_created ON fact_ratings (created_on, department);
CREATE TABLE fact_reports (
  id BIGINT PRIMARY KEY,
  department TEXT NOT NULL,
  item TEXT NOT NULL,
  category TEXT NOT NULL,
  channel TEXT NOT NULL,
  status TEXT NOT NULL,
  created_on TEXT NOT NULL,
  filed_on TEXT NOT NULL,
  overdue INTEGER NOT NULL,
  escalation INTEGER NOT NULL
);
CREATE INDEX fact_reports_created ON fact_reports (created_on, department);
CREATE TABLE analytics_cursor (
  name TEXT PRIMARY KEY,
  audit_id BIGINT NOT NULL
);
INSERT INTO analytics_cursor (name, audit_id) VALUES ('facts', 0))";

// The applicant's street/town on applications; indexes that lead with the department (the service
// index asks per department and month: bench/cockpit); 免申即享 grants; the knowledge base's entries and
// daily use, with their own cursors (the knowledge base's change sequence, and the last day of use read
// as YYYYMMDD).
constexpr char kGrantsAndKnowledge[] = R"(ALTER TABLE fact_applications ADD COLUMN unit TEXT NOT NULL DEFAULT '';
CREATE INDEX fact_applications_department_submitted ON fact_applications (department, submitted_on);
CREATE INDEX fact_applications_department_decided ON fact_applications (department, decided_on);
CREATE TABLE fact_grants (
  id BIGINT PRIMARY KEY,
  policy TEXT NOT NULL,
  department TEXT NOT NULL,
  kind TEXT NOT NULL,
  unit TEXT NOT NULL,
  state TEXT NOT NULL,
  granted_on TEXT NOT NULL,
  paid_on TEXT NOT NULL,
  amount DOUBLE PRECISION NOT NULL
);
CREATE INDEX fact_grants_granted ON fact_grants (granted_on, department);
CREATE INDEX fact_grants_paid ON fact_grants (paid_on, department);
CREATE TABLE fact_kb_entries (
  id BIGINT PRIMARY KEY,
  department TEXT NOT NULL,
  status TEXT NOT NULL,
  published_on TEXT NOT NULL,
  retired_on TEXT NOT NULL
);
CREATE TABLE fact_kb_usage (
  entry_id BIGINT NOT NULL,
  day TEXT NOT NULL,
  retrievals BIGINT NOT NULL,
  clicks BIGINT NOT NULL,
  answers BIGINT NOT NULL,
  PRIMARY KEY (entry_id, day)
);
CREATE INDEX fact_kb_usage_day ON fact_kb_usage (day, entry_id);
INSERT INTO analytics_cursor (name, audit_id) VALUES ('kb_entries', 0);
INSERT INTO analytics_cursor (name, audit_id) VALUES ('kb_usage_day', 0))";

const db::Migration kMigrations[] = {
    {"analytics", 1, "topic database: application, help, rating and 办不成事 facts, the audit cursor", kTables, kTables},
    {"analytics", 2, "topic database: applicants' street/town, 免申即享 grants, knowledge entries and use",
     kGrantsAndKnowledge, kGrantsAndKnowledge},
};

constexpr const char* kFactTables[] = {"fact_applications", "fact_help",       "fact_ratings",  "fact_reports",
                                       "fact_grants",       "fact_kb_entries", "fact_kb_usage"};

void upsert(soci::session& sql, const ApplicationFact& f) {
  sql << "DELETE FROM fact_applications WHERE id = :id", soci::use(f.id);
  int follow = f.follow_up ? 1 : 0;
  sql << "INSERT INTO fact_applications (id, department, item, item_name, unit, channel, status, submitted_on,"
         " decided_on, prefill_shown, prefill_count, corrections, decision, on_time, fill_minutes, exempt_materials,"
         " follow_up) VALUES (:id, :d, :i, :in, :u, :c, :s, :so, :do, :ps, :pc, :co, :de, :ot, :fm, :em, :fu)",
      soci::use(f.id), soci::use(f.department), soci::use(f.item), soci::use(f.item_name), soci::use(f.unit),
      soci::use(f.channel),
      soci::use(f.status), soci::use(f.submitted_on), soci::use(f.decided_on), soci::use(f.prefill_shown),
      soci::use(f.prefill_count), soci::use(f.corrections), soci::use(f.decision), soci::use(f.on_time),
      soci::use(f.fill_minutes), soci::use(f.exempt_materials), soci::use(follow);
}

void upsert(soci::session& sql, const HelpFact& f) {
  sql << "DELETE FROM fact_help WHERE id = :id", soci::use(f.id);
  int a = f.assigned, r = f.responded, res = f.resolved, u = f.unstaffed, e = f.escalated, m = f.first_response_met;
  sql << "INSERT INTO fact_help (id, unit, department, item, created_on, state, assigned, responded, resolved,"
         " unstaffed, escalated, first_response_seconds, first_response_met, reopens, rating) VALUES (:id, :u, :d, :i,"
         " :c, :s, :a, :r, :res, :un, :e, :f, :m, :re, :ra)",
      soci::use(f.id), soci::use(f.unit), soci::use(f.department), soci::use(f.item), soci::use(f.created_on),
      soci::use(f.state), soci::use(a), soci::use(r), soci::use(res), soci::use(u), soci::use(e),
      soci::use(f.first_response_seconds), soci::use(m), soci::use(f.reopens), soci::use(f.rating);
}

void upsert(soci::session& sql, const RatingFact& f) {
  sql << "DELETE FROM fact_ratings WHERE id = :id", soci::use(f.id);
  int ex = f.excluded;
  sql << "INSERT INTO fact_ratings (id, department, item, channel, created_on, level, excluded, task, task_state)"
         " VALUES (:id, :d, :i, :c, :co, :l, :e, :t, :ts)",
      soci::use(f.id), soci::use(f.department), soci::use(f.item), soci::use(f.channel), soci::use(f.created_on),
      soci::use(f.level), soci::use(ex), soci::use(f.task), soci::use(f.task_state);
}

void upsert(soci::session& sql, const ReportFact& f) {
  sql << "DELETE FROM fact_reports WHERE id = :id", soci::use(f.id);
  int o = f.overdue;
  sql << "INSERT INTO fact_reports (id, department, item, category, channel, status, created_on, filed_on, overdue,"
         " escalation) VALUES (:id, :d, :i, :c, :ch, :s, :co, :f, :o, :e)",
      soci::use(f.id), soci::use(f.department), soci::use(f.item), soci::use(f.category), soci::use(f.channel),
      soci::use(f.status), soci::use(f.created_on), soci::use(f.filed_on), soci::use(o), soci::use(f.escalation);
}

void upsert(soci::session& sql, const GrantFact& f) {
  sql << "DELETE FROM fact_grants WHERE id = :id", soci::use(f.id);
  sql << "INSERT INTO fact_grants (id, policy, department, kind, unit, state, granted_on, paid_on, amount)"
         " VALUES (:id, :p, :d, :k, :u, :s, :g, :pa, :a)",
      soci::use(f.id), soci::use(f.policy), soci::use(f.department), soci::use(f.kind), soci::use(f.unit),
      soci::use(f.state), soci::use(f.granted_on), soci::use(f.paid_on), soci::use(f.amount);
}

void upsert(soci::session& sql, const KnowledgeEntryFact& f) {
  sql << "DELETE FROM fact_kb_entries WHERE id = :id", soci::use(f.id);
  sql << "INSERT INTO fact_kb_entries (id, department, status, published_on, retired_on)"
         " VALUES (:id, :d, :s, :p, :r)",
      soci::use(f.id), soci::use(f.department), soci::use(f.status), soci::use(f.published_on),
      soci::use(f.retired_on);
}

long long cursor_of(soci::session& sql, const char* name) {
  long long c = 0;
  std::string n(name);  // bound by reference: must outlive the statement
  sql << "SELECT audit_id FROM analytics_cursor WHERE name = :n", soci::use(n), soci::into(c);
  return c;
}

void set_cursor(soci::session& sql, const char* name, long long value) {
  std::string n(name);
  sql << "UPDATE analytics_cursor SET audit_id = :c WHERE name = :n", soci::use(value), soci::use(n);
}

// "2026-11-27" ↔ 20261127, the day cursor's form.
long long day_number(const std::string& day) {
  return day.size() == 10 ? std::stoll(day.substr(0, 4) + day.substr(5, 2) + day.substr(8, 2)) : 0;
}
std::string day_text(long long n) {
  return n > 0 ? fmt::format("{:04}-{:02}-{:02}", n / 10000, n / 100 % 100, n % 100) : std::string();
}

// Each id's current facts, or nullopt when the entity no longer yields one (its row is removed).
template <class Fact>
std::vector<std::pair<long long, std::optional<Fact>>> gather(const std::set<long long>& ids,
                                                            const std::function<std::optional<Fact>(long long)>& get) {
  std::vector<std::pair<long long, std::optional<Fact>>> out;
  for (long long id : ids) out.emplace_back(id, get(id));
  return out;
}

template <class Fact>
int store(soci::session& sql, const std::vector<std::pair<long long, std::optional<Fact>>>& facts, const char* table) {
  int n = 0;
  for (const auto& [id, f] : facts) {
    if (f) {
      upsert(sql, *f);
      ++n;
    } else {
      sql << fmt::format("DELETE FROM {} WHERE id = :id", table), soci::use(id);
    }
  }
  return n;
}

}  // namespace

TopicDb::TopicDb(db::Database& db, const Clock& clock, FactSource source)
    : db_(db), clock_(clock), source_(std::move(source)) {}

std::span<const db::Migration> TopicDb::migrations() { return kMigrations; }

long long TopicDb::cursor() {
  return db_.read([](soci::session& sql) { return cursor_of(sql, "facts"); });
}

SyncReport TopicDb::sync(int batch, std::chrono::seconds margin) {
  std::lock_guard lock(mu_);
  SyncReport rep;
  rep.from = rep.to = cursor();
  std::string before = format_iso8601(clock_.now() - margin);
  // Audit rows are read `batch` at a time, but the entities they name are collected over batches
  // (up to kFlushEntities) before their facts are asked for and written with the new cursor: an
  // application's rows span days, and a first build would otherwise ask for it once per batch.
  constexpr std::size_t kFlushEntities = 20000;
  for (bool more = true; more;) {
    std::set<long long> apps, convs, ratings, reports, grants;
    long long read_to = rep.to;
    while (apps.size() + convs.size() + ratings.size() + reports.size() + grants.size() < kFlushEntities) {
      auto rows = db_.audit_after(read_to, batch, before);
      if (rows.empty()) {
        more = false;
        break;
      }
      for (const auto& r : rows) {
        long long id = 0;
        try {
          id = std::stoll(r.entity_id);
        } catch (...) {
          continue;
        }
        if (r.entity == "application") apps.insert(id);
        else if (r.entity == "helpdesk_conversation") convs.insert(id);
        else if (r.entity == "feedback_rating") ratings.insert(id);
        else if (r.entity == "feedback_task") {
          if (auto rating = source_.rating_of_task(id)) ratings.insert(*rating);
        } else if (r.entity == "cant_do_report") reports.insert(id);
        else if (r.entity == "policy_grant") grants.insert(id);
        else if (r.entity == "policy_run" && source_.grants_of_run) {
          for (long long g : source_.grants_of_run(id)) grants.insert(g);
        }
      }
      read_to = rows.back().id;
      if (static_cast<int>(rows.size()) < batch) {
        more = false;
        break;
      }
    }
    if (read_to == rep.to) break;
    // The facts are read before the write transaction: the modules read the store themselves.
    auto a = gather(apps, source_.application);
    auto c = gather(convs, source_.conversation);
    auto r = gather(ratings, source_.rating);
    auto p = gather(reports, source_.report);
    auto g = source_.grant ? gather(grants, source_.grant) : decltype(gather(grants, source_.grant)){};
    db_.write([&](db::Tx& tx) {
      auto& sql = tx.sql();
      rep.applications += store(sql, a, "fact_applications");
      rep.conversations += store(sql, c, "fact_help");
      rep.ratings += store(sql, r, "fact_ratings");
      rep.reports += store(sql, p, "fact_reports");
      rep.grants += store(sql, g, "fact_grants");
      set_cursor(sql, "facts", read_to);
    });
    rep.to = read_to;
  }
  sync_knowledge(rep);
  return rep;
}

void TopicDb::sync_knowledge(SyncReport& rep) {
  if (source_.knowledge_entries) {
    long long after = db_.read([](soci::session& sql) { return cursor_of(sql, "kb_entries"); });
    auto changes = source_.knowledge_entries(after);
    if (!changes.entries.empty()) {
      db_.write([&](db::Tx& tx) {
        for (const auto& e : changes.entries) upsert(tx.sql(), e);
        set_cursor(tx.sql(), "kb_entries", changes.next);
      });
      rep.knowledge_entries += static_cast<int>(changes.entries.size());
    }
  }
  if (source_.knowledge_use) {
    // The last day read is read again: its counters may have grown since. Only rows that differ
    // from what the facts hold are written (and counted as changed).
    std::string from = day_text(db_.read([](soci::session& sql) { return cursor_of(sql, "kb_usage_day"); }));
    auto use = source_.knowledge_use(from);
    if (use.empty()) return;
    using Key = std::pair<long long, std::string>;
    std::map<Key, std::array<long long, 3>> held;
    db_.read([&](soci::session& sql) {
      soci::rowset<soci::row> rs = (sql.prepare << "SELECT entry_id, day, retrievals, clicks, answers FROM fact_kb_usage"
                                                   " WHERE day >= :d",
                                    soci::use(from));
      for (const auto& r : rs)
        held[{db::get_int(r, 0), r.get<std::string>(1)}] = {db::get_int(r, 2), db::get_int(r, 3), db::get_int(r, 4)};
    });
    std::vector<const KnowledgeUseFact*> changed;
    long long last = 0;
    for (const auto& u : use) {
      last = std::max(last, day_number(u.day));
      auto it = held.find({u.entry, u.day});
      if (it == held.end() || it->second != std::array<long long, 3>{u.retrievals, u.clicks, u.answers})
        changed.push_back(&u);
    }
    if (changed.empty()) return;
    db_.write([&](db::Tx& tx) {
      auto& sql = tx.sql();
      for (const auto* u : changed) {
        sql << "DELETE FROM fact_kb_usage WHERE entry_id = :e AND day = :d", soci::use(u->entry), soci::use(u->day);
        sql << "INSERT INTO fact_kb_usage (entry_id, day, retrievals, clicks, answers) VALUES (:e, :d, :r, :c, :a)",
            soci::use(u->entry), soci::use(u->day), soci::use(u->retrievals), soci::use(u->clicks), soci::use(u->answers);
      }
      set_cursor(sql, "kb_usage_day", last);
    });
    rep.knowledge_use += static_cast<int>(changed.size());
  }
}

SyncReport TopicDb::rebuild() {
  {
    std::lock_guard lock(mu_);
    db_.write([](db::Tx& tx) {
      for (const char* t : kFactTables) tx.sql() << fmt::format("DELETE FROM {}", t);
      tx.sql() << "UPDATE analytics_cursor SET audit_id = 0";
    });
  }
  return sync();
}

}  // namespace haoban::analytics
