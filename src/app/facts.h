// The topic database's FactSource: what each module's service says about one application, help
// conversation, rating or 办不成事 report now, as the cockpit's facts (analytics/facts.h).
#pragma once

#include "analytics/facts.h"

namespace haoban::app {

class App;
analytics::FactSource make_fact_source(App& app);

}  // namespace haoban::app
