#include "analytics/facts.h"

#include <fmt/format.h>

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

const db::Migration kMigrations[] = {
    {"analytics", 1, "topic database: application, help, rating and 办不成事 facts, the audit cursor", kTables, kTables},
};

void upsert(soci::session& sql, const ApplicationFact& f) {
  sql << "DELETE FROM fact_applications WHERE id = :id", soci::use(f.id);
  int follow = f.follow_up ? 1 : 0;
  sql << "INSERT INTO fact_applications (id, department, item, item_name, channel, status, submitted_on, decided_on,"
         " prefill_shown, prefill_count, corrections, decision, on_time, fill_minutes, exempt_materials, follow_up)"
         " VALUES (:id, :d, :i, :in, :c, :s, :so, :do, :ps, :pc, :co, :de, :ot, :fm, :em, :fu)",
      soci::use(f.id), soci::use(f.department), soci::use(f.item), soci::use(f.item_name), soci::use(f.channel),
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
  return db_.read([](soci::session& sql) {
    long long c = 0;
    sql << "SELECT audit_id FROM analytics_cursor WHERE name = 'facts'", soci::into(c);
    return c;
  });
}

SyncReport TopicDb::sync(int batch, std::chrono::seconds margin) {
  std::lock_guard lock(mu_);
  SyncReport rep;
  rep.from = rep.to = cursor();
  std::string before = format_iso8601(clock_.now() - margin);
  for (;;) {
    auto rows = db_.audit_after(rep.to, batch, before);
    if (rows.empty()) break;
    std::set<long long> apps, convs, ratings, reports;
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
    }
    // The facts are read before the write transaction: the modules read the store themselves.
    auto a = gather(apps, source_.application);
    auto c = gather(convs, source_.conversation);
    auto r = gather(ratings, source_.rating);
    auto p = gather(reports, source_.report);
    long long last = rows.back().id;
    db_.write([&](db::Tx& tx) {
      auto& sql = tx.sql();
      rep.applications += store(sql, a, "fact_applications");
      rep.conversations += store(sql, c, "fact_help");
      rep.ratings += store(sql, r, "fact_ratings");
      rep.reports += store(sql, p, "fact_reports");
      sql << "UPDATE analytics_cursor SET audit_id = :c WHERE name = 'facts'", soci::use(last);
    });
    rep.to = last;
    if (static_cast<int>(rows.size()) < batch) break;
  }
  return rep;
}

SyncReport TopicDb::rebuild() {
  {
    std::lock_guard lock(mu_);
    db_.write([](db::Tx& tx) {
      for (const char* t : {"fact_applications", "fact_help", "fact_ratings", "fact_reports"})
        tx.sql() << fmt::format("DELETE FROM {}", t);
      tx.sql() << "UPDATE analytics_cursor SET audit_id = 0 WHERE name = 'facts'";
    });
  }
  return sync();
}

}  // namespace haoban::analytics
