// 领导干部帮办 (leadership accompaniment): a leading cadre walks a service process as an applicant
// would, with a helper beside them; what they found is recorded with its follow-up until it is
// rectified. Recorded by helpers and supervisors, read by analysts for the programme's reports.
//
// Status: open → rectifying → done (done needs the follow-up written). Every change is audited.
// Thread-safety: shared by all request threads; each call is one store transaction.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "core/clock.h"
#include "core/principal.h"
#include "db/db.h"

namespace haoban::helpdesk {

struct Accompaniment {
  long long id = 0;
  std::string leader_name, leader_title;  // e.g. 张伟, 区政府副区长
  std::string unit;                       // where it happened: a department or 街镇 (free text)
  std::string date;                       // YYYY-MM-DD, not in the future
  std::string item;                       // the item walked, or ""
  std::string process;                    // what was walked, in words
  std::vector<std::string> problems;      // what they found
  std::string follow_up;                  // what is being done about it
  std::string status = "open";            // open | rectifying | done
  std::string recorded_by, created_at, updated_at;
};

class Accompaniments {
 public:
  Accompaniments(db::Database& db, const Clock& clock);
  static std::span<const db::Migration> migrations();

  // Throws invalid, naming every field that is wrong.
  Accompaniment record(const Principal& who, const Accompaniment& a);
  // Follow-up and/or status; throws not_found, invalid (done without a follow-up).
  Accompaniment update(const Principal& who, long long id, const std::optional<std::string>& follow_up,
                       const std::optional<std::string>& status);
  // Newest first, optionally within [from, to] by the walk's date.
  std::vector<Accompaniment> list(std::optional<Date> from, std::optional<Date> to);

 private:
  db::Database& db_;
  const Clock& clock_;
};

}  // namespace haoban::helpdesk
