// Assessment of online help (帮办考核) over a period: per helper, per unit (the helper's street/town
// or department) or per department of the item asked about — conversations, first-response time
// (median, p90, share within the 1-minute target), resolution and reopen rates, satisfaction,
// escalations — and one score whose formula is documented in docs/helpdesk.md. Computed from the
// stored conversations and SLA events, so a number can be traced to its rows.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "db/db.h"

namespace haoban::helpdesk {

enum class GroupBy { helper, unit, department };
std::optional<GroupBy> group_by_from_string(std::string_view s);  // "helper" | "unit" | "department"

struct AssessmentRow {
  std::string key, name;             // helper account id and name, unit id, or department id
  long long conversations = 0;       // assigned to a helper, opened in the period
  long long responded = 0;           // with a first response
  double first_response_median = 0;  // seconds, over those responded (nearest rank)
  double first_response_p90 = 0;
  long long within_target = 0;       // first response met its SLA
  double within_target_share = 0;    // within_target / responded
  long long resolved = 0;            // resolved or closed at the end of the period
  double resolution_rate = 0;        // resolved / conversations
  long long reopened = 0;            // conversations reopened at least once
  double reopen_rate = 0;            // reopened / resolved
  long long rated = 0;
  double satisfaction = 0;           // mean rating 1–5 over rated
  long long escalations = 0;
  double score = 0;                  // 0–100
};

struct Assessment {
  Date from, to;  // inclusive days, China time
  GroupBy by = GroupBy::helper;
  std::vector<AssessmentRow> rows;  // by score, best first
};

// Conversations opened on days from..to (China time). Throws invalid when to < from.
Assessment assess(db::Database& db, Date from, Date to, GroupBy by);
// RFC 4180 CSV with a header row, UTF-8 with a BOM so spreadsheet programs read the Chinese.
std::string to_csv(const Assessment& a);

}  // namespace haoban::helpdesk
