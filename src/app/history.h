// The `district` profile's history: a year of applications filed, reviewed and decided through
// the real services on a simulated clock, so that metrics have something true to measure.
#pragma once

#include "app/app.h"

namespace haoban::app {

struct HistoryReport {
  int applications = 0;
  int corrected = 0;   // returned for correction at least once
  int denied = 0;
  int overdue = 0;     // decided after the promised date
  int in_progress = 0; // still open at the end of the year
};

// Files applications on every working day of the year before `end` (local date), each through
// ApplicationService: create, submit, accept, sometimes return and resubmit, approve or deny,
// complete. Deterministic. Requires the demo seed (its accounts) to be present.
HistoryReport seed_history(App& app, Date end, int per_day_min = 8, int per_day_max = 24);

}  // namespace haoban::app
