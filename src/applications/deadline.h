// Promised time limits (承诺时限) in working days: counted from the working day after acceptance,
// stopped while the applicant corrects materials (补正), restarted when they are supplied.
#pragma once

#include "core/calendar.h"

namespace haoban::applications {

// The due date: the `promised_days`-th working day after the day of acceptance.
Date initial_due(const WorkingCalendar& cal, Date accepted_on, int promised_days);

// The due date after a correction: pushed back by the working days the clock stood still, i.e.
// those d with returned_on < d <= resubmitted_on.
Date due_after_correction(const WorkingCalendar& cal, Date due, Date returned_on, Date resubmitted_on);

enum class Urgency { none, due_soon, overdue };

// How pressing an application is on `today`: overdue after the due date, due soon when at most
// `soon_days` working days remain (including the due date itself).
Urgency urgency(const WorkingCalendar& cal, Date today, Date due, int soon_days = 2);

// Working days left until the due date (0 on the due date, negative when overdue).
int working_days_left(const WorkingCalendar& cal, Date today, Date due);

}  // namespace haoban::applications
