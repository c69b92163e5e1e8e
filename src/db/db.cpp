#include "db/db.h"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <spdlog/spdlog.h>

#include <cctype>
#include <condition_variable>
#include <mutex>
#include <set>
#include <map>

#include "core/error.h"

namespace haoban::db {

namespace {

constexpr std::string_view kCreateSchemaMigrations =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " module TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, applied_at TEXT NOT NULL,"
    " PRIMARY KEY (module, version))";
constexpr std::string_view kSelectApplied = "SELECT module, version FROM schema_migrations";
constexpr std::string_view kInsertApplied =
    "INSERT INTO schema_migrations (module, version, name, applied_at) VALUES (:m, :v, :n, :at)";
constexpr std::string_view kInsertAudit =
    "INSERT INTO audit_log (at, actor, action, entity, entity_id, before_json, after_json)"
    " VALUES (:at, :actor, :action, :entity, :eid, :before, :after)";

// Append-only: the store itself refuses UPDATE and DELETE on the audit log.
const Migration kDbMigrations[] = {
    {"db", 1, "audit_log",
     R"(CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  before_json TEXT NOT NULL,
  after_json TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END)",
     R"(CREATE TABLE audit_log (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  before_json TEXT NOT NULL,
  after_json TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
CREATE FUNCTION audit_log_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_refuse())"},
};

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

std::string percent_decode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() + 0 && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// libpq keyword/value conninfo value: quoted, with \ and ' escaped.
std::string conninfo_value(std::string_view v) {
  std::string out = "'";
  for (char c : v) {
    if (c == '\\' || c == '\'') out += '\\';
    out += c;
  }
  return out + "'";
}

// SOCI 4.0 mangles libpq URIs, so postgresql://user:pw@host:port/db?k=v becomes keyword/value pairs.
std::string pg_conninfo(std::string_view url) {
  std::string_view rest = url.substr(url.find("://") + 3);
  std::string_view query;
  if (auto q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  std::string_view dbname;
  if (auto slash = rest.find('/'); slash != std::string_view::npos) {
    dbname = rest.substr(slash + 1);
    rest = rest.substr(0, slash);
  }
  std::string_view userinfo, hostport = rest;
  if (auto at = rest.rfind('@'); at != std::string_view::npos) {
    userinfo = rest.substr(0, at);
    hostport = rest.substr(at + 1);
  }
  std::string out;
  auto add = [&](std::string_view k, std::string_view v) {
    if (v.empty()) return;
    if (!out.empty()) out += ' ';
    out += std::string(k) + "=" + conninfo_value(percent_decode(v));
  };
  if (!userinfo.empty()) {
    auto colon = userinfo.find(':');
    add("user", userinfo.substr(0, colon));
    if (colon != std::string_view::npos) add("password", userinfo.substr(colon + 1));
  }
  std::string_view host = hostport, port;
  if (!hostport.empty() && hostport.front() == '[') {
    auto close = hostport.find(']');
    host = hostport.substr(1, close - 1);
    if (close + 1 < hostport.size() && hostport[close + 1] == ':') port = hostport.substr(close + 2);
  } else if (auto colon = hostport.rfind(':'); colon != std::string_view::npos) {
    host = hostport.substr(0, colon);
    port = hostport.substr(colon + 1);
  }
  add("host", host);
  add("port", port);
  add("dbname", dbname);
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view kv = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    auto eq = kv.find('=');
    if (eq != std::string_view::npos) add(kv.substr(0, eq), kv.substr(eq + 1));
  }
  return out;
}

}  // namespace

StoreUrl StoreUrl::parse(std::string_view url) {
  if (starts_with(url, "postgresql://") || starts_with(url, "postgres://"))
    return {Dialect::postgresql, pg_conninfo(url)};
  std::string_view path = url;
  if (starts_with(url, "sqlite://")) {
    path = url.substr(9);
  } else if (starts_with(url, "sqlite:")) {
    path = url.substr(7);
  } else if (url.find("://") != std::string_view::npos) {
    throw invalid("bad-store-url", "不支持的数据库地址",
                  "store URL must be postgresql://… or sqlite:PATH, got '" + std::string(url) + "'");
  }
  if (path.empty()) throw invalid("bad-store-url", "数据库地址为空", "sqlite path is empty");
  return {Dialect::sqlite, "db=" + std::string(path) + " timeout=10"};
}

void Tx::audit(const AuditEntry& e) {
  std::string at = format_iso8601(clock_.now());
  sql_ << kInsertAudit, soci::use(at), soci::use(e.actor), soci::use(e.action), soci::use(e.entity),
      soci::use(e.entity_id), soci::use(e.before), soci::use(e.after);
}

// A ticket lock: writers are served in the order they arrived.
struct Database::WriteQueue {
  std::mutex mu;
  std::condition_variable cv;
  unsigned long long next_ticket = 0;
  unsigned long long serving = 0;
  std::set<unsigned long long> abandoned;  // tickets whose holders gave up waiting

  void advance() {  // with mu held
    ++serving;
    while (abandoned.erase(serving)) ++serving;
    cv.notify_all();
  }
};

Database::WriteTurn::WriteTurn(Database& db) : db_(db) {
  if (!db_.write_queue_) return;
  auto& q = *db_.write_queue_;
  std::unique_lock lock(q.mu);
  unsigned long long ticket = q.next_ticket++;
  held_ = q.cv.wait_for(lock, std::chrono::seconds(10), [&] { return q.serving == ticket; });
  if (!held_) {
    spdlog::warn("store: a writer waited 10 s for its turn; proceeding on SQLite's own locking");
    if (q.serving == ticket)
      q.advance();
    else
      q.abandoned.insert(ticket);
  }
}

Database::WriteTurn::~WriteTurn() {
  if (!held_) return;
  auto& q = *db_.write_queue_;
  std::lock_guard lock(q.mu);
  q.advance();
}

Database::Database(Dialect d, const Clock& clock, int pool_size)
    : write_queue_(d == Dialect::sqlite ? std::make_unique<WriteQueue>() : nullptr),
      dialect_(d),
      clock_(clock),
      pool_(std::make_unique<soci::connection_pool>(pool_size)),
      pool_size_(pool_size) {}

Database::~Database() = default;

std::unique_ptr<Database> Database::open(std::string_view url, const Clock& clock, int pool_size) {
  StoreUrl u = StoreUrl::parse(url);
  std::unique_ptr<Database> db(new Database(u.dialect, clock, pool_size));
  try {
    for (int i = 0; i < pool_size; ++i) {
      soci::session& s = db->pool_->at(i);
      if (u.dialect == Dialect::sqlite) {
        s.open(soci::sqlite3, u.connect);
        s << "PRAGMA journal_mode=WAL";
        s << "PRAGMA synchronous=FULL";
        s << "PRAGMA foreign_keys=ON";
      } else {
        s.open(soci::postgresql, u.connect);
        s << "SET client_min_messages TO WARNING";
      }
    }
  } catch (const soci::soci_error& e) {
    throw Error(ErrorKind::unavailable, "store-unavailable", "无法打开数据库", e.what());
  }
  return db;
}

void Database::begin(soci::session& sql) {
  sql << (dialect_ == Dialect::sqlite ? "BEGIN IMMEDIATE" : "BEGIN");
}

void Database::rollback(soci::session& sql) noexcept {
  try {
    sql << "ROLLBACK";
  } catch (const std::exception& e) {
    spdlog::error("rollback failed: {}", e.what());
  }
}

std::string with_id_column(std::string_view sql, std::string_view id_column) {
  std::string out(sql);
  for (std::size_t at = 0; (at = out.find("{id}", at)) != std::string::npos; at += id_column.size())
    out.replace(at, 4, id_column);
  return out;
}

long long get_int(const soci::row& r, std::size_t i) {
  switch (r.get_properties(i).get_data_type()) {
    case soci::dt_long_long: return r.get<long long>(i);
    case soci::dt_unsigned_long_long: return static_cast<long long>(r.get<unsigned long long>(i));
    case soci::dt_double: return static_cast<long long>(r.get<double>(i));
    // SQLite reports an expression's column (SUM(x)) with no declared type, which SOCI reads as text.
    case soci::dt_string: return std::stoll(r.get<std::string>(i));
    default: return r.get<int>(i);
  }
}

void exec_script(soci::session& sql, std::string_view script) {
  size_t pos = 0;
  while (pos < script.size()) {
    size_t end = script.find(";\n", pos);
    if (end == std::string_view::npos) end = script.size();
    std::string stmt(script.substr(pos, end - pos));
    pos = end + 2;
    if (stmt.find_first_not_of(" \n\t") == std::string::npos) continue;
    sql << stmt;
  }
}

std::vector<std::string> Database::migrate(std::span<const Migration> migrations) {
  std::map<std::string, int> applied;
  read([&](soci::session& sql) {
    sql << kCreateSchemaMigrations;
    soci::rowset<soci::row> rs = (sql.prepare << kSelectApplied);
    for (const auto& r : rs) {
      std::string m = r.get<std::string>(0);
      int v = static_cast<int>(get_int(r, 1));
      applied[m] = std::max(applied[m], v);
    }
  });
  std::map<std::string, int> known;
  for (const auto& m : migrations) known[m.module] = std::max(known[m.module], m.version);
  for (const auto& [module, v] : applied) {
    if (known.count(module) && v > known[module])
      throw conflict("store-too-new", "数据库版本高于本程序",
                     "module " + module + " is at migration " + std::to_string(v) + ", this binary knows up to " +
                         std::to_string(known[module]));
  }
  std::vector<std::string> done;
  for (const auto& m : migrations) {
    if (applied.count(m.module) && applied[m.module] >= m.version) continue;
    write([&](Tx& tx) {
      exec_script(tx.sql(), dialect_ == Dialect::sqlite ? m.sqlite : m.postgresql);
      std::string at = format_iso8601(clock_.now());
      tx.sql() << kInsertApplied, soci::use(m.module), soci::use(m.version), soci::use(m.name), soci::use(at);
    });
    applied[m.module] = m.version;
    done.push_back(m.module + "/" + std::to_string(m.version) + " " + m.name);
    spdlog::info("migrated {} {} {}", m.module, m.version, m.name);
  }
  return done;
}

namespace {

constexpr char kAuditColumns[] = "SELECT id, at, actor, action, entity, entity_id, before_json, after_json FROM audit_log";

std::vector<AuditRow> audit_rows(soci::rowset<soci::row>& rs) {
  std::vector<AuditRow> out;
  for (const auto& r : rs) {
    AuditRow a;
    a.id = get_int(r, 0);
    a.at = r.get<std::string>(1);
    a.actor = r.get<std::string>(2);
    a.action = r.get<std::string>(3);
    a.entity = r.get<std::string>(4);
    a.entity_id = r.get<std::string>(5);
    a.before = r.get<std::string>(6);
    a.after = r.get<std::string>(7);
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace

std::vector<AuditRow> Database::recent_audit(int limit, std::string_view entity, std::string_view entity_id) {
  return read([&](soci::session& sql) {
    std::string ent(entity), eid(entity_id);
    soci::rowset<soci::row> rs =
        (sql.prepare << std::string(kAuditColumns) +
                            " WHERE (:e1 = '' OR entity = :e2) AND (:i1 = '' OR entity_id = :i2)"
                            " ORDER BY id DESC LIMIT :lim",
         soci::use(ent, "e1"), soci::use(ent, "e2"), soci::use(eid, "i1"), soci::use(eid, "i2"),
         soci::use(limit, "lim"));
    return audit_rows(rs);
  });
}

std::vector<AuditRow> Database::audit_after(long long after_id, int limit, std::string_view before_at) {
  return read([&](soci::session& sql) {
    std::string before(before_at);
    soci::rowset<soci::row> rs =
        (sql.prepare << std::string(kAuditColumns) + " WHERE id > :after AND at < :before ORDER BY id LIMIT :lim",
         soci::use(after_id, "after"), soci::use(before, "before"), soci::use(limit, "lim"));
    return audit_rows(rs);
  });
}

std::vector<AuditRow> Database::audit_range(long long first, long long last) {
  return read([&](soci::session& sql) {
    soci::rowset<soci::row> rs =
        (sql.prepare << std::string(kAuditColumns) + " WHERE id >= :first AND id <= :last ORDER BY id",
         soci::use(first, "first"), soci::use(last, "last"));
    return audit_rows(rs);
  });
}

bool Database::ping() {
  try {
    return read([](soci::session& sql) {
      int one = 0;
      sql << "SELECT 1", soci::into(one);
      return one == 1;
    });
  } catch (const std::exception& e) {
    spdlog::warn("store ping failed: {}", e.what());
    return false;
  }
}

std::span<const Migration> db_migrations() { return kDbMigrations; }

}  // namespace haoban::db
