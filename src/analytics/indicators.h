// The cockpit's indicators (驾驶舱指标), each computed from the topic database's facts with its
// definition (docs/metrics.md), its target where the programme names one (799, 021, 20 minutes,
// 100% on time, ≥ 90% online), a breakdown by department, item, street/town or month, and the
// rows behind the number (drill-down). Pure reads of the fact tables; no module is asked.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "db/db.h"

namespace haoban::analytics {

struct Filter {
  Date from, to;           // inclusive China dates of the event the indicator counts
  std::string department;  // "" for all
  std::string item;        // "" for all
  std::string unit;        // street/town: the applicant's, the beneficiary's or the helper's; "" for all
};

struct Value {
  std::string key, name;
  std::string unit;             // ratio | minutes | seconds | count | yuan
  std::optional<double> value;  // nullopt: nothing to count in the period (or not available)
  double numerator = 0, denominator = 0;
  std::optional<double> target;
  std::string comparison;       // > >= < <= (how value must compare with target), "" without target
  std::optional<bool> met;
  std::string definition;       // how it is computed, in Chinese
  std::string source;  // the facts it is drawn from: applications | help | knowledge | policies | ratings | reports | reviews
  std::string note;             // e.g. why it is not available
  struct Part {
    std::string key, label;
    double value = 0;
  };
  std::vector<Part> parts;      // a distribution (ratings_distribution: the five levels, best first)
};

enum class GroupBy { department, item, unit, month };
std::optional<GroupBy> group_by_from(std::string_view s);

struct Row {  // one fact behind a number
  long long id = 0;
  std::string department, item, date, status;
  bool in_numerator = false;
};

// The keys, in the cockpit's order.
std::span<const std::string_view> indicator_keys();

// Every fact-based indicator for the filter.
std::vector<Value> indicators(db::Database& db, const Filter& f);
// One indicator; throws not_found for an unknown key.
Value indicator(db::Database& db, std::string_view key, const Filter& f);
// The indicator per group (groups with nothing to count are left out), largest denominator first;
// by month: in month order. Throws invalid when the grouping does not apply (e.g. item for the knowledge
// base, month for a stock).
std::vector<std::pair<std::string, Value>> breakdown(db::Database& db, std::string_view key, const Filter& f,
                                                     GroupBy by);
// The rows the indicator counts (its denominator; `in_numerator` marks those in the numerator),
// newest first, at most `limit` (up to 50,000).
std::vector<Row> drill(db::Database& db, std::string_view key, const Filter& f, int limit = 200);

}  // namespace haoban::analytics
