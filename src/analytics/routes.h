// HTTP mapping of the cockpit (驾驶舱): the indicators for a period and filter, one indicator's
// breakdown, the rows behind a number, a rebuild of the topic database, and the service index
// (政务服务指数) with its ranking, trend and what moved it. docs/metrics.md.
#pragma once

#include <functional>

#include "analytics/facts.h"
#include "analytics/indicators.h"
#include "analytics/service_index.h"
#include "core/clock.h"
#include "http/api/router.h"

namespace haoban::analytics {

// Names for the ids the facts hold, for exports (app answers from the catalog): a department's or
// street's, an item's or a policy's; the id itself when unknown.
struct Names {
  std::function<std::string(const std::string& department)> department;
  std::function<std::string(const std::string& item)> item;
};

// `report`: the monthly report's PDF for a period "YYYY-MM" (app gathers what other modules know).
void add_routes(http::Router& router, db::Database& db, TopicDb& topic, const IndexDefinition& index,
                const Clock& clock, std::function<std::string(const std::string& period)> report, Names names);

}  // namespace haoban::analytics
