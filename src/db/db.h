// The store: a pool of SOCI sessions over SQLite (default, WAL) or PostgreSQL, versioned
// migrations per module and dialect, write transactions, and the append-only audit log.
//
// Thread-safety: Database is shared by all request threads; each read()/write() call takes its
// own pooled session for the duration of the callback.
#pragma once

#include <soci/soci.h>

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"

namespace haoban::db {

enum class Dialect { sqlite, postgresql };

// Parses a store URL: "postgresql://user@host:port/db?..." selects PostgreSQL; "sqlite:PATH" or a
// bare PATH selects SQLite. Throws Error(invalid) for anything else (e.g. "mysql://").
struct StoreUrl {
  Dialect dialect;
  std::string connect;  // what the SOCI backend is given
  static StoreUrl parse(std::string_view url);
};

struct AuditEntry {
  std::string actor;      // username, or kSystemActor
  std::string action;     // verb, e.g. "account.create", "session.login"
  std::string entity;     // table-ish noun, e.g. "account"
  std::string entity_id;  // its id as text
  std::string before;     // JSON text, empty when created
  std::string after;      // JSON text, empty when deleted
};

struct AuditRow : AuditEntry {
  long long id = 0;
  std::string at;  // ISO 8601 UTC
};

class Database;

// A write transaction. Everything done through sql() and audit() commits together or not at all.
class Tx {
 public:
  soci::session& sql() { return sql_; }
  Dialect dialect() const { return dialect_; }
  // Appends to the audit log inside this transaction.
  void audit(const AuditEntry& e);

 private:
  friend class Database;
  Tx(soci::session& sql, Dialect d, const Clock& clock) : sql_(sql), dialect_(d), clock_(clock) {}
  soci::session& sql_;
  Dialect dialect_;
  const Clock& clock_;
};

struct Migration {
  std::string module;  // owner, e.g. "identity"
  int version;         // 1, 2, 3 … within the module, applied in order
  std::string name;
  std::string sqlite;      // statements separated by ";\n"
  std::string postgresql;  // same for PostgreSQL
};

class Database {
 public:
  // Opens `pool_size` connections. SQLite: WAL, synchronous=FULL (an acknowledged write survives a
  // crash), foreign keys on, busy timeout 10 s. Throws Error(unavailable) when the store cannot be opened.
  static std::unique_ptr<Database> open(std::string_view url, const Clock& clock, int pool_size = 4);
  ~Database();

  Dialect dialect() const { return dialect_; }
  const Clock& clock() const { return clock_; }

  // Runs f(session) on a pooled session, outside any explicit transaction (single statements).
  template <class F>
  auto read(F&& f) {
    soci::session sql(*pool_);
    return f(sql);
  }

  // Runs f(tx) in a transaction (BEGIN IMMEDIATE on SQLite, so writers queue instead of failing).
  // Commits when f returns, rolls back and rethrows when it throws.
  template <class F>
  auto write(F&& f) {
    WriteTurn turn(*this);  // SQLite: writers take turns in arrival order (see WriteTurn)
    soci::session sql(*pool_);
    begin(sql);
    Tx tx(sql, dialect_, clock_);
    try {
      if constexpr (std::is_void_v<decltype(f(tx))>) {
        f(tx);
        sql << "COMMIT";
      } else {
        auto r = f(tx);
        sql << "COMMIT";
        return r;
      }
    } catch (...) {
      rollback(sql);
      throw;
    }
  }

  // Applies the migrations not yet recorded in schema_migrations, each in its own transaction.
  // Returns the names applied. Throws Error(conflict) if the store has a migration this binary lacks.
  std::vector<std::string> migrate(std::span<const Migration> migrations);

  // The most recent audit rows, newest first (for tests, the CLI and the admin UI).
  std::vector<AuditRow> recent_audit(int limit, std::string_view entity = {}, std::string_view entity_id = {});

  // Audit rows with id > after_id written before `before_at` (ISO 8601 UTC), oldest first: what the
  // ledger seals. The time margin lets PostgreSQL transactions that took an id earlier commit first.
  std::vector<AuditRow> audit_after(long long after_id, int limit, std::string_view before_at);
  // Audit rows with first <= id <= last, oldest first (to re-check a seal).
  std::vector<AuditRow> audit_range(long long first, long long last);
  // True when a trivial query succeeds (for /readyz).
  bool ping();

 private:
  // SQLite allows one writer; left to its busy handler, a waiting writer sleeps in growing steps
  // while others keep retaking the lock, so one request could wait seconds (bench/prefill). Writers
  // in this process therefore queue first-come first-served before BEGIN IMMEDIATE. A writer that
  // has waited 10 s (a nested write would) goes ahead and leaves it to SQLite's busy timeout.
  class WriteTurn {
   public:
    explicit WriteTurn(Database& db);
    ~WriteTurn();
    WriteTurn(const WriteTurn&) = delete;
    WriteTurn& operator=(const WriteTurn&) = delete;

   private:
    Database& db_;
    bool held_ = false;
  };
  struct WriteQueue;
  std::unique_ptr<WriteQueue> write_queue_;

  Database(Dialect d, const Clock& clock, int pool_size);
  void begin(soci::session& sql);
  static void rollback(soci::session& sql) noexcept;

  Dialect dialect_;
  const Clock& clock_;
  std::unique_ptr<soci::connection_pool> pool_;
  int pool_size_;
};

// The migrations of the db module itself (schema_migrations is created on demand; audit_log here).
std::span<const Migration> db_migrations();

// Reads an integer column whatever width the backend reports (SQLite and PostgreSQL differ).
long long get_int(const soci::row& r, std::size_t i);

// `sql` with every "{id}" replaced by `id_column`: one CREATE TABLE text for both dialects, whose
// auto-increment primary keys differ ("id INTEGER PRIMARY KEY" / "id BIGINT GENERATED BY DEFAULT
// AS IDENTITY PRIMARY KEY").
std::string with_id_column(std::string_view sql, std::string_view id_column);

// Executes a script of statements separated by ";\n" (used by migrations and tests).
void exec_script(soci::session& sql, std::string_view script);

}  // namespace haoban::db
