// HTTP mapping of the cockpit (驾驶舱): the indicators for a period and filter, one indicator's
// breakdown, the rows behind a number, and a rebuild of the topic database. docs/metrics.md.
#pragma once

#include <functional>

#include "analytics/facts.h"
#include "analytics/indicators.h"
#include "core/clock.h"
#include "http/api/router.h"

namespace haoban::analytics {

void add_routes(http::Router& router, db::Database& db, TopicDb& topic, const Clock& clock);

}  // namespace haoban::analytics
