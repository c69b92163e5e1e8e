// 政务服务指数 (the district service index): a documented, reproducible score per department and
// period, from the cockpit's indicators weighted by data/definitions/service-index.yaml.
//
// Each indicator scores 0–100 against its target: higher-is-better ratios value/target (capped at
// 100), lower-is-better times target/value (capped), indicators without a target value × 100. An
// indicator with nothing to count in the period is left out and its weight shared by the others of
// its dimension; a dimension with nothing is left out likewise. The department's index is the
// weighted sum; its rank is among the departments with an index. "What moved it": each indicator's
// contribution (its effective weight × score) against the previous period of the same length.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "analytics/indicators.h"

namespace haoban::analytics {

struct IndexIndicator {
  std::string key;
  double weight = 0;
};
struct IndexDimension {
  std::string id, name, about;
  double weight = 0;
  std::vector<IndexIndicator> indicators;
};
struct IndexDefinition {
  std::string name, version;
  std::vector<IndexDimension> dimensions;
};

// Loads and checks the file: every problem as "FILE:LINE:COL: what" (unknown indicator keys,
// weights not adding up to 1, missing fields). Throws nothing; `problems` empty means valid.
struct IndexLoad {
  IndexDefinition definition;
  std::vector<std::string> problems;
};
IndexLoad load_index(const std::filesystem::path& file);

// A score from one indicator value (0–100), or nullopt when the value is.
std::optional<double> indicator_score(const Value& v);

struct Contribution {
  std::string key, name, dimension;
  std::optional<double> value, score;
  double weight = 0;        // effective weight in the index after leaving out what had no data
  double points = 0;        // weight × score
  double delta = 0;         // points − the previous period's points
};

struct DepartmentIndex {
  std::string department;
  std::optional<double> score;   // nullopt: nothing to count for this department in the period
  std::optional<double> previous;
  int rank = 0;                  // 1 = best; 0 when no score
  std::vector<std::pair<std::string, std::optional<double>>> dimensions;  // id → score
  std::vector<Contribution> contributions;  // biggest |delta| first
};

// Every department that appears in the facts for the period or the one before it, best first.
std::vector<DepartmentIndex> service_index(db::Database& db, const IndexDefinition& def, Date from, Date to);
// One department's index per month, the last `months` months up to `to`'s month.
std::vector<std::pair<std::string, std::optional<double>>> index_trend(db::Database& db, const IndexDefinition& def,
                                                                       const std::string& department, Date to,
                                                                       int months);

}  // namespace haoban::analytics
