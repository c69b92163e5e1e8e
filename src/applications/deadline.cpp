#include "applications/deadline.h"

namespace haoban::applications {

Date initial_due(const WorkingCalendar& cal, Date accepted_on, int promised_days) {
  return cal.add_working_days(accepted_on, std::max(promised_days, 1));
}

Date due_after_correction(const WorkingCalendar& cal, Date due, Date returned_on, Date resubmitted_on) {
  int paused = cal.working_days_between(returned_on, resubmitted_on);
  return paused > 0 ? cal.add_working_days(due, paused) : due;
}

int working_days_left(const WorkingCalendar& cal, Date today, Date due) {
  return cal.working_days_between(today, due);
}

Urgency urgency(const WorkingCalendar& cal, Date today, Date due, int soon_days) {
  if (std::chrono::sys_days(today) > std::chrono::sys_days(due)) return Urgency::overdue;
  // Working days after today up to the due date, plus today itself when it is a working day.
  int left = working_days_left(cal, today, due) + (cal.is_working_day(today) ? 1 : 0);
  return left <= soon_days ? Urgency::due_soon : Urgency::none;
}

}  // namespace haoban::applications
