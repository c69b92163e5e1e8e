// SLA timers on business hours: inside opening hours, across the close, over a weekend and a
// holiday; met, missed and still running.
#include "helpdesk/sla.h"

#include <gtest/gtest.h>

namespace haoban::helpdesk {
namespace {

using namespace std::chrono;

Date ymd(int y, unsigned m, unsigned d) { return year{y} / month{m} / day{d}; }
// China time (UTC+8) on day d.
SysTime cst(Date d, int h, int m, int s = 0) { return sys_days(d) + hours(h - 8) + minutes(m) + seconds(s); }

TEST(Sla, FirstResponseInsideBusinessHoursIsDueAMinuteLater) {
  WorkingCalendar cal;
  SlaTargets targets;
  auto t = start_timer(SlaKind::first_response, cst(ymd(2026, 11, 27), 10, 15, 20), cal, targets);  // a Friday
  EXPECT_EQ(t.due, cst(ymd(2026, 11, 27), 10, 16, 20));
  EXPECT_EQ(t.state(cst(ymd(2026, 11, 27), 10, 16, 0)), SlaState::active);
  EXPECT_EQ(t.state(cst(ymd(2026, 11, 27), 10, 16, 21)), SlaState::missed);
  t.stopped = cst(ymd(2026, 11, 27), 10, 15, 50);
  EXPECT_EQ(t.state(cst(ymd(2026, 11, 28), 0, 0)), SlaState::met) << "stopped in time stays met";
  t.stopped = cst(ymd(2026, 11, 27), 10, 17, 0);
  EXPECT_EQ(t.state(t.due), SlaState::missed);
  EXPECT_EQ(t.business_minutes(cal, targets, t.due), 1);
}

TEST(Sla, TheClockStopsAtClosingAndResumesOnTheNextWorkingDay) {
  WorkingCalendar cal;
  SlaTargets targets;
  // Friday 16:59:30: thirty seconds today, thirty on Monday.
  auto t = start_timer(SlaKind::first_response, cst(ymd(2026, 11, 27), 16, 59, 30), cal, targets);
  EXPECT_EQ(t.due, cst(ymd(2026, 11, 30), 9, 0, 30));
  EXPECT_EQ(t.state(cst(ymd(2026, 11, 29), 20, 0)), SlaState::active) << "nobody misses an SLA on Sunday";
  // Asked on Saturday night: due one minute after Monday's opening.
  auto weekend = start_timer(SlaKind::first_response, cst(ymd(2026, 11, 28), 22, 0), cal, targets);
  EXPECT_EQ(weekend.due, cst(ymd(2026, 11, 30), 9, 1));
}

TEST(Sla, HolidaysAreNotBusinessTime) {
  WorkingCalendar cal;
  cal.add_year(2026, {ymd(2026, 11, 30)}, {});  // Monday off
  SlaTargets targets;
  auto t = start_timer(SlaKind::next_response, cst(ymd(2026, 11, 27), 16, 58), cal, targets);  // 3 minutes
  EXPECT_EQ(t.due, cst(ymd(2026, 12, 1), 9, 1));
  t.stopped = cst(ymd(2026, 12, 1), 9, 0, 30);
  EXPECT_EQ(t.state(t.due), SlaState::met);
  EXPECT_EQ(t.business_minutes(cal, targets, t.due), 2);
}

TEST(Sla, ResolutionCountsHalfAWorkingDay) {
  WorkingCalendar cal;
  SlaTargets targets;
  auto t = start_timer(SlaKind::resolution, cst(ymd(2026, 11, 27), 15, 0), cal, targets);
  EXPECT_EQ(t.due, cst(ymd(2026, 11, 30), 11, 0)) << "2 hours on Friday, 2 on Monday";
  EXPECT_EQ(sla_kind_from_string("next_response"), SlaKind::next_response);
  EXPECT_FALSE(sla_kind_from_string("first"));
}

}  // namespace
}  // namespace haoban::helpdesk
