// Authoritative data sources (数源): 法人库, 人口库, 电子证照库, 社保, 不动产, 信用, as defined in
// data/definitions/sources/. A source's records are found by subject key: an enterprise's 统一社会信用代码
// or a person's 居民身份证号码. By default a source is embedded (a table in the store, filled by the
// seed or imports); a deployment may point a source at a data-exchange endpoint instead (HttpAdapter).
//
// Every fetch is logged — who asked, about whom, for which application, why, and the outcome — and
// never the values, so residents and enterprises can see who looked at their data.
//
// Thread-safety: SourceService is shared by all request threads; every method may be called
// concurrently. Adapters must be thread-safe.
#pragma once

#include <boost/json/object.hpp>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/calendar.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/principal.h"
#include "db/db.h"
#include "defs/defs.h"

namespace haoban::sources {

// Why, and for whom, a source is asked. Recorded with every query.
struct FetchContext {
  std::string actor;        // username, or kSystemActor
  std::string application;  // the application's number, or empty
  // Why, in Chinese, e.g. "预填「企业变更登记」"; the system's purposes starting with 预填 show as
  // 系统（预填）.
  std::string purpose;
  // Optional snapshot of who the actor is, as the data's owner will see it (staff name and
  // department name). When empty the API resolves the username when it shows the log.
  std::string actor_name;
  std::string actor_department;
};

// One subject's record in one source. `values` are keyed by the definition's field keys and typed as
// form values are (defs/values.h): text → string; date → "YYYY-MM-DD"; number → an integer when it
// has no decimals, else a string with exactly `decimals` fractional digits; money → a string with
// two decimals ("500.00"); bool → bool; multi_select → array of strings; table → array of objects
// with the same rules per column. Fields the source does not hold for this subject are absent.
struct SourceRecord {
  std::string source;
  std::string subject;
  boost::json::object values;
  std::string updated_at;  // when the source last changed the record (ISO 8601 UTC)
  std::string fetched_at;  // when this copy was fetched (ISO 8601 UTC)
  // Reserved for a cached copy served while a remote source is down; always false for now.
  bool from_cache = false;
};

// What an adapter returns for a subject it holds.
struct SourceData {
  boost::json::object values;
  std::string updated_at;
};

// How a source is reached. Implementations must be thread-safe.
class SourceAdapter {
 public:
  virtual ~SourceAdapter();
  // The subject's record, or nullopt when the source holds none. Throws Error(unavailable) when the
  // source cannot answer (down, timed out, answered garbage).
  virtual std::optional<SourceData> fetch(const defs::SourceDef& def, std::string_view subject,
                                          const FetchContext& ctx) = 0;
  // "embedded" or "http", for the staff's list of sources.
  virtual std::string_view kind() const = 0;
};

// How the HTTP adapter reaches an endpoint: POST a JSON body to url → (status, body). Throws
// Error(unavailable) when the peer cannot be reached within its timeout. The Beast client is in
// src/http/client.h; only src/app wires it.
using HttpPost = std::function<std::pair<int, std::string>(const std::string& url, const std::string& body)>;

// A source served by a data-exchange endpoint. Each fetch POSTs
//   {"source": ID, "subject": KEY, "fields": [keys…], "requester": {"actor", "application", "purpose"}}
// and reads {"found": bool, "values": {…}, "updated_at": "…"} from a 200 answer. Any other status,
// a body that is not that shape, or a failed post → Error(unavailable).
class HttpAdapter final : public SourceAdapter {
 public:
  HttpAdapter(std::string url, HttpPost post);
  std::optional<SourceData> fetch(const defs::SourceDef& def, std::string_view subject,
                                  const FetchContext& ctx) override;
  std::string_view kind() const override { return "http"; }

 private:
  std::string url_;
  HttpPost post_;
};

enum class Outcome { ok, not_found, unavailable };
std::string_view to_string(Outcome o);  // "ok", "not_found", "unavailable"

struct QueryLogEntry {
  long long id = 0;
  std::string at;  // ISO 8601 UTC
  std::string source, subject;
  std::string actor, actor_name, actor_department;
  std::string application, purpose;
  Outcome outcome = Outcome::ok;
};

struct QueryPage {
  std::vector<QueryLogEntry> items;  // newest first
  std::optional<long long> next_cursor;
};

struct QueryFilter {
  std::string subject;   // empty: any
  std::string source;    // empty: any
  long long cursor = 0;  // continue after this entry id (0: from the newest)
  int limit = 50;        // 1..200
};

struct Availability {
  bool available = true;
  std::string note;        // why it is off, for staff (Chinese)
  std::string changed_at;  // ISO 8601 UTC; empty when never switched
  std::string changed_by;
};

// A record to store in an embedded source.
struct PutRecord {
  std::string source, subject;
  boost::json::object values;
  std::string updated_at;  // ISO 8601 UTC
};

class SourceService {
 public:
  // `definitions` must outlive the service. Every defined source starts with the embedded adapter.
  SourceService(db::Database& db, const Clock& clock, const defs::Definitions& definitions);
  ~SourceService();

  static std::span<const db::Migration> migrations();

  const defs::Definitions& definitions() const { return defs_; }

  // The subject's record in a source, or nullopt when the source holds none. Logs the query with its
  // outcome. Throws Error(not_found) for an unknown source id (not logged) and Error(unavailable)
  // when the source is switched off or its adapter cannot answer (logged as unavailable). A subject
  // key that cannot belong to the source (a person's id number asked of 法人库) is not_found.
  // Values the adapter returns that do not match the definition are dropped (with a warning).
  std::optional<SourceRecord> fetch(std::string_view source_id, std::string_view subject,
                                    const FetchContext& ctx);

  // Several sources about one subject for one purpose (a form's prefill): each answered as fetch()
  // would, a source that is down reported in its result instead of thrown, and every query logged
  // in one transaction. Throws Error(not_found) for an unknown source id, before asking any.
  struct FetchResult {
    std::string source;
    std::optional<SourceRecord> record;  // nullopt: no record, or unavailable
    bool unavailable = false;
    std::string detail;                  // why unavailable (English)
  };
  std::vector<FetchResult> fetch_all(std::span<const std::string> source_ids, std::string_view subject,
                                     const FetchContext& ctx);

  // fetch, plus an audit entry (action "source.lookup", without the values): a staff member's
  // 数据核验 at the counter.
  std::optional<SourceRecord> lookup(std::string_view source_id, std::string_view subject,
                                     const FetchContext& ctx);

  // Replaces how a source is reached (nullptr: back to the embedded store). Throws Error(not_found)
  // for an unknown source id.
  void set_adapter(std::string_view source_id, std::unique_ptr<SourceAdapter> adapter);
  std::string_view adapter_kind(std::string_view source_id) const;
  // Whether `subject` is a well-formed key for this source's records (today by the service's clock).
  bool subject_fits(std::string_view source_id, std::string_view subject) const;

  // The operator's outage switch (persisted, audited as "source.availability"). While a source is
  // off every fetch is refused with Error(unavailable) and `note` in its detail.
  void set_available(std::string_view source_id, bool available, std::string_view note,
                     std::string_view actor = kSystemActor);
  Availability availability(std::string_view source_id);

  // Stores embedded data (seed, imports), replacing the subject's previous record. Validates every
  // value against the definition (types as on SourceRecord; unknown fields refused) and the subject
  // key against the source's subject kind, and throws Error(invalid) with a field error per problem,
  // e.g. {"shareholders/0/subscribed", "应为数字"}, before storing anything. Audited without values.
  void put(std::string_view source_id, std::string_view subject, const boost::json::object& values,
           std::string_view updated_at, std::string_view actor = kSystemActor);
  // Many records in one transaction (one audit entry per call).
  void put_all(std::span<const PutRecord> records, std::string_view actor = kSystemActor);

  // Who looked at this subject's data, newest first (for "who looked at my data").
  QueryPage queries_about(std::string_view subject, long long cursor = 0, int limit = 50);
  // The whole log with optional filters (administrators).
  QueryPage recent_queries(const QueryFilter& filter);

 private:
  const defs::SourceDef& def(std::string_view source_id) const;
  std::optional<SourceRecord> fetch_logged(std::string_view source_id, std::string_view subject,
                                           const FetchContext& ctx, bool audited);
  void log(const defs::SourceDef& def, std::string_view subject, const FetchContext& ctx, Outcome outcome,
           bool audited);
  void log_all(std::span<const std::pair<const defs::SourceDef*, Outcome>> queries, std::string_view subject,
               const FetchContext& ctx, bool audited);
  // One query without logging it: sets `outcome`; throws Error(unavailable) (outcome unavailable).
  std::optional<SourceRecord> ask(const defs::SourceDef& d, std::string_view subject, const FetchContext& ctx,
                                  Outcome& outcome);
  QueryPage page(const QueryFilter& f);

  db::Database& db_;
  const Clock& clock_;
  const defs::Definitions& defs_;
  mutable std::mutex mu_;
  std::map<std::string, std::shared_ptr<SourceAdapter>, std::less<>> adapters_;
  std::shared_ptr<SourceAdapter> embedded_;
};

// Checks `values` against a source's definition and returns them normalised (numbers and money as
// described on SourceRecord). Appends a field error per problem to `errors`, with `prefix` before
// each field path.
boost::json::object normalise_values(const defs::SourceDef& def, const boost::json::object& values,
                                     std::vector<FieldError>& errors, const std::string& prefix = {});

// Whether `subject` is a well-formed key for a source holding `kind` records (credit code,
// id number, or either).
bool subject_fits(defs::SourceSubject kind, std::string_view subject, Date today);

}  // namespace haoban::sources
