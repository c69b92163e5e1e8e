// What the ledger records: one canonical-JSON entry per event that must stay provable.
// Personal data never goes into an entry: subjects, actors and materials appear as opaque ids, and
// contents as hashes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace haoban::ledger {

enum class EntryKind {
  material_create,    // an e-material entered the library (uploaded, or issued by government)
  material_reuse,     // an application used a material already in the library (免于提交)
  material_revoke,    // a material was withdrawn (expired licence, revoked certificate)
  certificate_issue,  // a certificate or licence was issued on an application's decision
  decision_policy,    // an automated policy decision (免申即享 eligibility, payment)
  audit_batch,        // the hash of a run of audit-log rows, sealing them
};

std::string_view to_string(EntryKind kind);  // "material.create", …
std::optional<EntryKind> parse_entry_kind(std::string_view s);

struct Entry {
  EntryKind kind = EntryKind::audit_batch;
  std::string subject;      // whose: "person:<id>" / "enterprise:<id>" / "district" (ids, never names)
  std::string id;           // the material, certificate or decision id; for audit.batch "audit:<first>-<last>"
  std::string content;      // content id: lowercase hex hash of the material / decision / audit rows
  std::string category;     // material category code, policy id, …
  std::string actor;        // account id of who caused it, or "system"
  std::string application;  // application number, when there is one
  std::string time;         // RFC 3339 UTC, e.g. 2026-11-27T04:00:00Z
};

// Canonical JSON: keys sorted, no whitespace, every field present (empty string when unset),
// strings escaped as RFC 8785 does. The same entry always yields the same bytes.
std::string canonical_json(const Entry& e);

// A JSON string literal escaped as RFC 8785 does (for other canonical encodings, e.g. audit rows).
std::string canonical_json_string(std::string_view s);

// Parses an entry back from its canonical bytes; nullopt unless the bytes are exactly canonical.
std::optional<Entry> parse_entry(std::string_view canonical);

}  // namespace haoban::ledger
