// Prefill (智能预填) from authoritative sources (数源): a form's fields bind to source fields or to
// expressions over them (defs::Field::prefill); each prefilled value carries its provenance, and a
// value read only from verified source fields is locked. A source that is down or holds no record
// degrades to manual entry with a note — prefill never fails an application.
//
// Thread-safety: PrefillService is immutable after construction apart from the SourcePort it calls;
// prefill() may run on many threads at once.
#pragma once

#include <boost/json/object.hpp>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"
#include "defs/compile.h"
#include "defs/defs.h"

namespace haoban::prefill {

// Why a source is asked: recorded with every query in the sources' access log.
struct Purpose {
  std::string actor;        // username, or "system"
  std::string application;  // application number, when there is one
  std::string purpose;      // Chinese, e.g. "预填 企业变更登记"
};

struct SourceValues {
  boost::json::object values;  // field key → value (form JSON conventions, see defs/values.h)
  std::string updated_at;      // when the source last changed this record
  std::string fetched_at;      // when we read it
};

// What prefill needs of the sources. fetch() returns nullopt when the source has no record of the
// subject and throws Error(unavailable) when the source cannot answer.
class SourcePort {
 public:
  virtual ~SourcePort() = default;
  virtual std::optional<SourceValues> fetch(std::string_view source_id, std::string_view subject_key,
                                            const Purpose& purpose) = 0;

  // Several sources for one prefill. Each result: the values, nullopt when the source has no
  // record, or `unavailable`. The default asks fetch() one by one; an implementation may do better
  // (the sources module logs all of them in one transaction).
  struct Answer {
    std::optional<SourceValues> values;
    bool unavailable = false;
  };
  virtual std::vector<Answer> fetch_all(std::span<const std::string> source_ids, std::string_view subject_key,
                                        const Purpose& purpose);
};

struct Provenance {
  std::string source;       // source id, e.g. "enterprise_registry"
  std::string source_name;  // 法人库
  std::string field;        // source field key
  std::string label;        // 企业名称
  std::string department;   // owning department id
  std::string updated_at, fetched_at;
  bool verified = false;
};

struct FieldPrefill {
  std::string key;    // form field key
  std::string label;
  boost::json::value value;  // null when nothing could be filled
  bool prefilled = false;
  bool locked = false;       // prefilled from verified fields only: the applicant cannot change it
  std::vector<Provenance> from;
  std::string note;          // why not prefilled, when it was meant to be (Chinese)
};

struct Result {
  std::string item, form;
  std::vector<FieldPrefill> fields;  // every field the form shows, in form order
  int shown = 0;                     // fields shown (not computed, not conditional)
  int prefilled = 0;                 // of those, prefilled
  double ratio() const { return shown == 0 ? 0.0 : static_cast<double>(prefilled) / shown; }
  std::vector<std::string> notes;   // sources that were down or had no record (Chinese)

  boost::json::object values() const;  // key → value of the prefilled fields
  std::vector<std::string> locked() const;
  boost::json::object to_json() const;  // the API/CLI shape (docs/prefill.md)
};

class PrefillService {
 public:
  // `defs` must outlive the service; every form's prefill expressions are compiled here.
  PrefillService(const defs::Definitions& defs, SourcePort& sources);
  ~PrefillService();

  // Prefills `item_code`'s form for the applicant known to the sources as `subject_key` (credit
  // code or id number). Throws Error(not_found) for an unknown item.
  // `who` says which sources apply (enterprise, person; sources for "any" apply to both).
  Result prefill(std::string_view item_code, std::string_view subject_key, defs::SourceSubject who,
                 const Purpose& purpose) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Rebuilds a Result from its stored JSON (to_json), to check locked values at submit.
std::map<std::string, boost::json::value> locked_values(const boost::json::object& stored);

}  // namespace haoban::prefill
