// 数据纠错: a beneficiary who finds the data a decision read wrong (the check-up shows every input)
// reports it — the attribute, the value they claim and why. A policy officer checks it against the
// source and answers: accepted (the source's department is asked to correct its record; the next
// check-up or run reads the corrected value) or rejected, with a reply the beneficiary sees.
// Authoritative data is never overwritten from here: the source's own department owns it.
//
// Thread-safety: shared by all request threads.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/principal.h"
#include "db/db.h"
#include "defs/defs.h"
#include "policy/service.h"

namespace haoban::policy {

struct Correction {
  long long id = 0;
  std::string entity, entity_kind;
  std::string attribute;          // "enterprise.employees"
  std::string label;              // 从业人数
  std::string source, source_name, department, department_name;  // who holds the value
  std::string current;            // what the source said when it was reported ("" unknown)
  std::string claimed, reason, policy;
  std::string state;              // submitted | accepted | rejected
  std::string reply, created_at, created_by, reviewed_at, reviewed_by;
};

class Corrections {
 public:
  static constexpr std::size_t kMaxReason = 500;

  // `definitions` and `registry` must outlive the service.
  Corrections(db::Database& db, const Clock& clock, const defs::Definitions& definitions, Registry& registry);
  static std::span<const db::Migration> migrations();

  // Reports one attribute of the signed-in enterprise or person. Throws invalid (field errors) for
  // an unknown attribute, a value not of its type, the value the source already holds, an empty
  // reason or an unknown policy; conflict while the same attribute has a report under review;
  // forbidden for staff.
  Correction submit(const Principal& who, std::string_view attribute, std::string_view claimed,
                    std::string_view reason, std::string_view policy);
  std::vector<Correction> mine(const Principal& who);
  // Officers (policy_admin, admin): reports in `state` ("" every state), oldest under review first.
  std::vector<Correction> list(const Principal& officer, std::string_view state);
  // submitted → accepted | rejected with the reply (required); conflict once answered.
  Correction review(const Principal& officer, long long id, bool accept, std::string_view reply);

 private:
  db::Database& db_;
  const Clock& clock_;
  const defs::Definitions& defs_;
  Registry& registry_;
};

}  // namespace haoban::policy
