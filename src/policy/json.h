// Decisions as JSON: the `haoban policy eval` line and, explained, the check-up's and the API's.
#pragma once

#include <boost/json/object.hpp>

#include "policy/engine.h"

namespace haoban::policy {

// {"entity", "policy", "outcome", "amount"?, "failed"?, "missing"?, "blocked_by"?, "error"?}: the
// CLI contract's line (lists only when non-empty; amount as an exact decimal string).
boost::json::object decision_line(const Decision& d);

// decision_line plus "title", "version", "as_of", "near_miss", and with `explained` the
// "criteria" and "risks" ({id, reason, verdict, missing?, explanation?}) and the "inputs" read.
boost::json::object decision_json(const Decision& d, bool explained);

}  // namespace haoban::policy
