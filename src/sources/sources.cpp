#include "sources/sources.h"

#include <fmt/format.h>
#include <soci/soci.h>
#include <spdlog/spdlog.h>

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <climits>
#include <set>

#include "core/id_codes.h"
#include "defs/values.h"

namespace haoban::sources {

namespace json = boost::json;
using defs::Field;
using defs::FieldType;

namespace {

// The dialects differ only in how source_queries gets its id and refuses changes.
constexpr std::string_view kTables = R"(CREATE TABLE source_records (
  source TEXT NOT NULL,
  subject TEXT NOT NULL,
  data TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  stored_at TEXT NOT NULL,
  PRIMARY KEY (source, subject)
);
CREATE TABLE source_availability (
  source TEXT PRIMARY KEY,
  available INTEGER NOT NULL,
  note TEXT NOT NULL,
  changed_at TEXT NOT NULL,
  changed_by TEXT NOT NULL
);
CREATE TABLE source_queries (
  )";
constexpr std::string_view kQueryColumns = R"(
  at TEXT NOT NULL,
  source TEXT NOT NULL,
  subject TEXT NOT NULL,
  actor TEXT NOT NULL,
  actor_name TEXT NOT NULL,
  actor_department TEXT NOT NULL,
  application TEXT NOT NULL,
  purpose TEXT NOT NULL,
  outcome TEXT NOT NULL
);
CREATE INDEX source_queries_subject ON source_queries (subject, id);
CREATE INDEX source_queries_source ON source_queries (source, id);
CREATE INDEX source_queries_at ON source_queries (at);
)";
constexpr std::string_view kSqliteAppendOnly = R"(CREATE TRIGGER source_queries_no_update BEFORE UPDATE ON source_queries
BEGIN SELECT RAISE(ABORT, 'source_queries is append-only'); END;
CREATE TRIGGER source_queries_no_delete BEFORE DELETE ON source_queries
BEGIN SELECT RAISE(ABORT, 'source_queries is append-only'); END)";
constexpr std::string_view kPostgresAppendOnly = R"(CREATE FUNCTION source_queries_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'source_queries is append-only'; END $$;
CREATE TRIGGER source_queries_append_only BEFORE UPDATE OR DELETE ON source_queries
FOR EACH ROW EXECUTE FUNCTION source_queries_refuse())";

std::string schema(std::string_view id_column, std::string_view append_only) {
  return std::string(kTables) + std::string(id_column) + std::string(kQueryColumns) + std::string(append_only);
}

const db::Migration kMigrations[] = {
    {"sources", 1, "source_records, source_availability, source_queries",
     schema("id INTEGER PRIMARY KEY,", kSqliteAppendOnly),
     schema("id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,", kPostgresAppendOnly)},
};

constexpr char kUpsertRecord[] =
    "INSERT INTO source_records (source, subject, data, updated_at, stored_at) VALUES (:src, :sub, :data, "
    ":upd, :at)"
    " ON CONFLICT (source, subject) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at,"
    " stored_at = excluded.stored_at";
constexpr char kSelectRecord[] =
    "SELECT data, updated_at FROM source_records WHERE source = :src AND subject = :sub";
constexpr char kUpsertAvailability[] =
    "INSERT INTO source_availability (source, available, note, changed_at, changed_by) VALUES (:src, :a, :n, "
    ":at, :by)"
    " ON CONFLICT (source) DO UPDATE SET available = excluded.available, note = excluded.note,"
    " changed_at = excluded.changed_at, changed_by = excluded.changed_by";
constexpr char kSelectAvailability[] =
    "SELECT available, note, changed_at, changed_by FROM source_availability WHERE source = :src";
constexpr char kInsertQuery[] =
    "INSERT INTO source_queries (at, source, subject, actor, actor_name, actor_department, application, "
    "purpose,"
    " outcome) VALUES (:at, :src, :sub, :actor, :name, :dept, :app, :purpose, :outcome)";

#define QUERY_COLUMNS \
  "SELECT id, at, source, subject, actor, actor_name, actor_department, application, purpose, outcome"
constexpr char kQueriesAll[] = QUERY_COLUMNS " FROM source_queries WHERE id < :c ORDER BY id DESC LIMIT :lim";
constexpr char kQueriesBySubject[] =
    QUERY_COLUMNS " FROM source_queries WHERE subject = :sub AND id < :c ORDER BY id DESC LIMIT :lim";
constexpr char kQueriesBySource[] =
    QUERY_COLUMNS " FROM source_queries WHERE source = :src AND id < :c ORDER BY id DESC LIMIT :lim";
constexpr char kQueriesBySubjectAndSource[] = QUERY_COLUMNS
    " FROM source_queries WHERE subject = :sub AND source = :src AND id < :c ORDER BY id DESC LIMIT :lim";
#undef QUERY_COLUMNS

constexpr int kMaxPage = 200;

Error unavailable(std::string detail) {
  return Error(ErrorKind::unavailable, "source-unavailable", "数源暂时不可用，请稍后再试或手工填写",
               std::move(detail));
}

std::optional<Outcome> outcome_from_string(std::string_view s) {
  if (s == "ok") return Outcome::ok;
  if (s == "not_found") return Outcome::not_found;
  if (s == "unavailable") return Outcome::unavailable;
  return std::nullopt;
}

// The embedded default: records kept in the store's source_records table.
class EmbeddedAdapter final : public SourceAdapter {
 public:
  explicit EmbeddedAdapter(db::Database& db) : db_(db) {}
  std::optional<SourceData> fetch(const defs::SourceDef& def, std::string_view subject,
                                  const FetchContext&) override {
    std::string src = def.id, sub(subject), data, updated;
    soci::indicator i1 = soci::i_null, i2 = soci::i_null;
    bool found = db_.read([&](soci::session& sql) {
      sql << kSelectRecord, soci::use(src, "src"), soci::use(sub, "sub"), soci::into(data, i1),
          soci::into(updated, i2);
      return sql.got_data() && i1 == soci::i_ok;
    });
    if (!found) return std::nullopt;
    json::value v = json::parse(data);
    return SourceData{v.is_object() ? std::move(v.as_object()) : json::object{},
                      i2 == soci::i_ok ? updated : ""};
  }
  std::string_view kind() const override { return "embedded"; }

 private:
  db::Database& db_;
};

// One value of field `f`, normalised; nullopt with `err` set when it has the wrong type.
std::optional<json::value> normalise_value(const Field& f, const json::value& v, std::string& err,
                                           std::vector<FieldError>& errors, const std::string& path) {
  auto has_option = [&](std::string_view s) {
    if (f.options.empty()) return true;  // sources declare no option lists: any text
    for (const auto& o : f.options)
      if (o.value == s) return true;
    return false;
  };
  switch (f.type) {
    case FieldType::number:
    case FieldType::money: {
      auto d = defs::to_decimal(v, f.decimals, err);
      if (!d) return std::nullopt;
      return defs::decimal_json(*d, f.decimals);
    }
    case FieldType::boolean:
      if (!v.is_bool()) {
        err = "应为是或否（true/false）";
        return std::nullopt;
      }
      return v;
    case FieldType::date:
      if (!v.is_string() || !parse_date(v.as_string())) {
        err = "日期格式应为 YYYY-MM-DD";
        return std::nullopt;
      }
      return v;
    case FieldType::multi_select: {
      if (!v.is_array()) {
        err = "应为文本列表";
        return std::nullopt;
      }
      for (const auto& e : v.as_array())
        if (!e.is_string() || !has_option(e.as_string())) {
          err = "应为文本列表";
          return std::nullopt;
        }
      return v;
    }
    case FieldType::table: {
      if (!v.is_array()) {
        err = "应为表格（对象数组）";
        return std::nullopt;
      }
      json::array rows;
      const auto& in = v.as_array();
      for (std::size_t i = 0; i < in.size(); ++i) {
        std::string row_path = path + "/" + std::to_string(i);
        if (!in[i].is_object()) {
          errors.push_back({row_path, "每一行应为对象"});
          continue;
        }
        json::object row;
        for (const auto& kv : in[i].as_object()) {
          std::string cell_path = row_path + "/" + std::string(kv.key());
          const Field* col = nullptr;
          for (const auto& c : f.columns)
            if (c.key == kv.key()) col = &c;
          if (!col) {
            errors.push_back({cell_path, "没有这一列"});
            continue;
          }
          if (kv.value().is_null()) continue;
          std::string cell_err;
          if (auto cell = normalise_value(*col, kv.value(), cell_err, errors, cell_path))
            row[kv.key()] = std::move(*cell);
          else
            errors.push_back({cell_path, cell_err});
        }
        rows.push_back(std::move(row));
      }
      return rows;
    }
    case FieldType::select:
      if (!v.is_string() || !has_option(v.as_string())) {
        err = "应为文本";
        return std::nullopt;
      }
      return v;
    default:  // text-like
      if (!v.is_string()) {
        err = "应为文本";
        return std::nullopt;
      }
      return v;
  }
}

std::string audit_json(json::object o) { return json::serialize(o); }

QueryLogEntry entry_from_row(const soci::row& r) {
  QueryLogEntry e;
  e.id = db::get_int(r, 0);
  e.at = r.get<std::string>(1);
  e.source = r.get<std::string>(2);
  e.subject = r.get<std::string>(3);
  e.actor = r.get<std::string>(4);
  e.actor_name = r.get<std::string>(5);
  e.actor_department = r.get<std::string>(6);
  e.application = r.get<std::string>(7);
  e.purpose = r.get<std::string>(8);
  e.outcome = outcome_from_string(r.get<std::string>(9)).value_or(Outcome::unavailable);
  return e;
}

}  // namespace

SourceAdapter::~SourceAdapter() = default;

std::string_view to_string(Outcome o) {
  switch (o) {
    case Outcome::ok:
      return "ok";
    case Outcome::not_found:
      return "not_found";
    case Outcome::unavailable:
      return "unavailable";
  }
  return "unavailable";
}

json::object normalise_values(const defs::SourceDef& def, const json::object& values,
                              std::vector<FieldError>& errors, const std::string& prefix) {
  json::object out;
  for (const auto& kv : values) {
    std::string path = prefix + std::string(kv.key());
    const defs::SourceField* f = def.field(kv.key());
    if (!f) {
      errors.push_back({path, "数源“" + def.name + "”没有这个字段"});
      continue;
    }
    if (kv.value().is_null()) continue;
    std::string err;
    if (auto v = normalise_value(f->def, kv.value(), err, errors, path))
      out[kv.key()] = std::move(*v);
    else
      errors.push_back({path, err});
  }
  return out;
}

bool subject_fits(defs::SourceSubject kind, std::string_view subject, Date today) {
  bool enterprise = check_credit_code(subject).ok;
  bool person = !enterprise && check_id_number(subject, today).ok;
  switch (kind) {
    case defs::SourceSubject::enterprise:
      return enterprise;
    case defs::SourceSubject::person:
      return person;
    case defs::SourceSubject::any:
      return enterprise || person;
  }
  return false;
}

std::span<const db::Migration> SourceService::migrations() { return kMigrations; }

SourceService::SourceService(db::Database& db, const Clock& clock, const defs::Definitions& definitions)
    : db_(db), clock_(clock), defs_(definitions), embedded_(std::make_shared<EmbeddedAdapter>(db)) {
  for (const auto& s : defs_.sources) adapters_.emplace(s.id, embedded_);
}

SourceService::~SourceService() = default;

const defs::SourceDef& SourceService::def(std::string_view source_id) const {
  const defs::SourceDef* d = defs_.source(source_id);
  if (!d) throw not_found("source " + std::string(source_id));
  return *d;
}

void SourceService::set_adapter(std::string_view source_id, std::unique_ptr<SourceAdapter> adapter) {
  const auto& d = def(source_id);
  std::lock_guard lock(mu_);
  adapters_[d.id] = adapter ? std::shared_ptr<SourceAdapter>(std::move(adapter)) : embedded_;
}

std::string_view SourceService::adapter_kind(std::string_view source_id) const {
  const auto& d = def(source_id);
  std::lock_guard lock(mu_);
  return adapters_.find(d.id)->second->kind();
}

bool SourceService::subject_fits(std::string_view source_id, std::string_view subject) const {
  return sources::subject_fits(def(source_id).subject, subject, china_date(clock_.now()));
}

Availability SourceService::availability(std::string_view source_id) {
  std::string src = def(source_id).id;
  return db_.read([&](soci::session& sql) {
    Availability a;
    int available = 1;
    soci::indicator ind = soci::i_null;
    sql << kSelectAvailability, soci::use(src, "src"), soci::into(available, ind), soci::into(a.note),
        soci::into(a.changed_at), soci::into(a.changed_by);
    if (!sql.got_data() || ind != soci::i_ok) return Availability{};
    a.available = available != 0;
    return a;
  });
}

void SourceService::set_available(std::string_view source_id, bool available, std::string_view note,
                                  std::string_view actor) {
  std::string src = def(source_id).id;
  Availability before = availability(src);
  std::string n(note), at = format_iso8601(clock_.now()), by(actor);
  int a = available ? 1 : 0;
  db_.write([&](db::Tx& tx) {
    tx.sql() << kUpsertAvailability, soci::use(src, "src"), soci::use(a, "a"), soci::use(n, "n"),
        soci::use(at, "at"), soci::use(by, "by");
    tx.audit({by, "source.availability", "source", src,
              audit_json({{"available", before.available}, {"note", before.note}}),
              audit_json({{"available", available}, {"note", n}})});
  });
  spdlog::info("sources: {} switched {} by {}{}", src, available ? "on" : "off", by,
               n.empty() ? "" : ": " + n);
}

void SourceService::put(std::string_view source_id, std::string_view subject, const json::object& values,
                        std::string_view updated_at, std::string_view actor) {
  PutRecord r{std::string(source_id), std::string(subject), values, std::string(updated_at)};
  put_all(std::span(&r, 1), actor);
}

void SourceService::put_all(std::span<const PutRecord> records, std::string_view actor) {
  Date today = china_date(clock_.now());
  std::vector<std::pair<const PutRecord*, std::string>> rows;  // record, normalised JSON
  std::map<std::string, int> counts;
  for (const auto& r : records) {
    const auto& d = def(r.source);
    std::vector<FieldError> errors;
    if (!sources::subject_fits(d.subject, r.subject, today))
      errors.push_back({"subject", d.subject == defs::SourceSubject::enterprise ? "应为有效的统一社会信用代码"
                                   : d.subject == defs::SourceSubject::person
                                       ? "应为有效的居民身份证号码"
                                       : "应为有效的统一社会信用代码或居民身份证号码"});
    if (r.updated_at.size() < 10 || !parse_date(std::string_view(r.updated_at).substr(0, 10)))
      errors.push_back({"updated_at", "应为 ISO 8601 时间，如 2026-11-01T08:00:00Z"});
    json::object values = normalise_values(d, r.values, errors);
    if (!errors.empty()) {
      std::string detail = fmt::format("{} record for {}: {} is wrong ({})", d.id, r.subject,
                                       errors.front().field, errors.front().message);
      throw invalid("source-values-invalid", "数源数据与定义不符", std::move(detail), std::move(errors));
    }
    rows.emplace_back(&r, json::serialize(values));
    ++counts[d.id];
  }
  if (rows.empty()) return;
  std::string at = format_iso8601(clock_.now());
  db_.write([&](db::Tx& tx) {
    for (auto& [r, data] : rows)
      tx.sql() << kUpsertRecord, soci::use(r->source, "src"), soci::use(r->subject, "sub"),
          soci::use(data, "data"), soci::use(r->updated_at, "upd"), soci::use(at, "at");
    json::object per_source;
    for (const auto& [id, n] : counts) per_source[id] = n;
    // Which subjects changed, never their values.
    if (rows.size() == 1)
      tx.audit({std::string(actor), "source.put", "source_record",
                rows.front().first->source + "/" + rows.front().first->subject, "",
                audit_json({{"updated_at", rows.front().first->updated_at}})});
    else
      tx.audit({std::string(actor), "source.import", "source_record", "", "",
                audit_json({{"records", static_cast<std::int64_t>(rows.size())}, {"sources", per_source}})});
  });
}

void SourceService::log(const defs::SourceDef& d, std::string_view subject, const FetchContext& ctx,
                        Outcome outcome, bool audited) {
  std::pair<const defs::SourceDef*, Outcome> one{&d, outcome};
  log_all(std::span(&one, 1), subject, ctx, audited);
}

void SourceService::log_all(std::span<const std::pair<const defs::SourceDef*, Outcome>> queries,
                            std::string_view subject, const FetchContext& ctx, bool audited) {
  if (queries.empty()) return;
  std::string at = format_iso8601(clock_.now()), sub(subject);
  db_.write([&](db::Tx& tx) {
    for (const auto& [d, outcome] : queries) {
      std::string out(to_string(outcome));
      tx.sql() << kInsertQuery, soci::use(at, "at"), soci::use(d->id, "src"), soci::use(sub, "sub"),
          soci::use(ctx.actor, "actor"), soci::use(ctx.actor_name, "name"),
          soci::use(ctx.actor_department, "dept"), soci::use(ctx.application, "app"),
          soci::use(ctx.purpose, "purpose"), soci::use(out, "outcome");
      if (audited)
        tx.audit({ctx.actor, "source.lookup", "source", d->id, "",
                  audit_json({{"subject", sub},
                              {"application", ctx.application},
                              {"purpose", ctx.purpose},
                              {"outcome", out}})});
    }
  });
}

std::optional<SourceRecord> SourceService::fetch(std::string_view source_id, std::string_view subject,
                                                 const FetchContext& ctx) {
  return fetch_logged(source_id, subject, ctx, false);
}

std::optional<SourceRecord> SourceService::lookup(std::string_view source_id, std::string_view subject,
                                                  const FetchContext& ctx) {
  return fetch_logged(source_id, subject, ctx, true);
}

std::optional<SourceRecord> SourceService::ask(const defs::SourceDef& d, std::string_view subject,
                                               const FetchContext& ctx, Outcome& outcome) {
  outcome = Outcome::not_found;
  if (!sources::subject_fits(d.subject, subject, china_date(clock_.now()))) return std::nullopt;
  if (auto av = availability(d.id); !av.available) {
    outcome = Outcome::unavailable;
    throw unavailable(fmt::format("source {} is switched off{}", d.id, av.note.empty() ? "" : ": " + av.note));
  }
  std::shared_ptr<SourceAdapter> adapter;
  {
    std::lock_guard lock(mu_);
    adapter = adapters_.find(d.id)->second;
  }
  std::optional<SourceData> data;
  try {
    data = adapter->fetch(d, subject, ctx);
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::unavailable) outcome = Outcome::unavailable;
    throw;
  }
  if (!data) return std::nullopt;
  std::vector<FieldError> errors;
  SourceRecord rec{d.id, std::string(subject), normalise_values(d, data->values, errors), data->updated_at,
                   format_iso8601(clock_.now())};
  if (!errors.empty())
    spdlog::warn(
        "sources: {} answered {} value(s) that do not match the definition (first: {}: {}); dropped them",
        d.id, errors.size(), errors.front().field, errors.front().message);
  outcome = Outcome::ok;
  return rec;
}

std::optional<SourceRecord> SourceService::fetch_logged(std::string_view source_id, std::string_view subject,
                                                        const FetchContext& ctx, bool audited) {
  const auto& d = def(source_id);
  if (ctx.actor.empty() || ctx.purpose.empty())
    throw invalid("fetch-context", "查询数源须说明查询人和用途", "FetchContext needs an actor and a purpose");
  Outcome outcome = Outcome::not_found;
  try {
    auto rec = ask(d, subject, ctx, outcome);
    log(d, subject, ctx, outcome, audited);
    return rec;
  } catch (const Error& e) {
    if (outcome == Outcome::unavailable) log(d, subject, ctx, outcome, audited);
    throw;
  }
}

std::vector<SourceService::FetchResult> SourceService::fetch_all(std::span<const std::string> source_ids,
                                                                 std::string_view subject, const FetchContext& ctx) {
  if (ctx.actor.empty() || ctx.purpose.empty())
    throw invalid("fetch-context", "查询数源须说明查询人和用途", "FetchContext needs an actor and a purpose");
  std::vector<const defs::SourceDef*> defs;
  for (const auto& id : source_ids) defs.push_back(&def(id));
  std::vector<FetchResult> out;
  std::vector<std::pair<const defs::SourceDef*, Outcome>> logged;
  for (const auto* d : defs) {
    FetchResult r{d->id, std::nullopt, false, ""};
    Outcome outcome = Outcome::not_found;
    try {
      r.record = ask(*d, subject, ctx, outcome);
    } catch (const Error& e) {
      if (outcome != Outcome::unavailable) throw;
      r.unavailable = true;
      r.detail = e.detail();
    }
    logged.emplace_back(d, outcome);
    out.push_back(std::move(r));
  }
  log_all(logged, subject, ctx, false);
  return out;
}

QueryPage SourceService::page(const QueryFilter& f) {
  int limit = std::clamp(f.limit, 1, kMaxPage);
  int fetch_n = limit + 1;
  long long cursor = f.cursor > 0 ? f.cursor : LLONG_MAX;
  std::string sub = f.subject, src = f.source;
  QueryPage p;
  db_.read([&](soci::session& sql) {
    auto collect = [&](const soci::rowset<soci::row>& rs) {
      for (const auto& r : rs) p.items.push_back(entry_from_row(r));
    };
    if (!sub.empty() && !src.empty()) {
      soci::rowset<soci::row> rs = (sql.prepare << kQueriesBySubjectAndSource, soci::use(sub, "sub"),
                                    soci::use(src, "src"), soci::use(cursor, "c"), soci::use(fetch_n, "lim"));
      collect(rs);
    } else if (!sub.empty()) {
      soci::rowset<soci::row> rs = (sql.prepare << kQueriesBySubject, soci::use(sub, "sub"),
                                    soci::use(cursor, "c"), soci::use(fetch_n, "lim"));
      collect(rs);
    } else if (!src.empty()) {
      soci::rowset<soci::row> rs = (sql.prepare << kQueriesBySource, soci::use(src, "src"),
                                    soci::use(cursor, "c"), soci::use(fetch_n, "lim"));
      collect(rs);
    } else {
      soci::rowset<soci::row> rs =
          (sql.prepare << kQueriesAll, soci::use(cursor, "c"), soci::use(fetch_n, "lim"));
      collect(rs);
    }
  });
  if (static_cast<int>(p.items.size()) > limit) {
    p.items.resize(static_cast<std::size_t>(limit));
    p.next_cursor = p.items.back().id;
  }
  return p;
}

QueryPage SourceService::queries_about(std::string_view subject, long long cursor, int limit) {
  if (subject.empty()) return {};
  return page({.subject = std::string(subject), .cursor = cursor, .limit = limit});
}

QueryPage SourceService::recent_queries(const QueryFilter& filter) { return page(filter); }

}  // namespace haoban::sources
