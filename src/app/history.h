// The `district` profile's history: a year of applications filed, reviewed and decided through
// the real services on a simulated clock, so that metrics have something true to measure.
#pragma once

#include "app/app.h"

namespace haoban::app {

struct HistoryReport {
  int conversations = 0, ratings = 0, reports = 0;  // 帮办, 好差评, 办不成事 over the same year
  int grants = 0, paid = 0;  // 免申即享: grants from monthly policy runs, and those paid
  int questions = 0;         // 小宝's questions answered from the knowledge base
  int applications = 0;
  int corrected = 0;   // returned for correction at least once
  int denied = 0;
  int overdue = 0;     // decided after the promised date
  int in_progress = 0; // still open at the end of the year
};

// Files applications on every working day of the year before `end` (local date), each through
// ApplicationService: create, submit, accept, sometimes return and resubmit, approve or deny,
// complete. Around them, through their own services on the same clock: help conversations
// answered (mostly within the minute), resolved and rated; ratings of completed applications,
// bad ones followed up to closure; 办不成事 reports classified, handled, answered, confirmed and
// filed; 小宝's questions answered from the knowledge base (its use counted on the day); each month
// two 免申即享 policies run, their lists confirmed and the grants paid. Deterministic. Requires the
// demo seed (its accounts and knowledge base) to be present.
HistoryReport seed_history(App& app, Date end, int per_day_min = 8, int per_day_max = 24);

}  // namespace haoban::app
