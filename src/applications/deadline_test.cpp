#include "applications/deadline.h"

#include <gtest/gtest.h>

#include "testing/testing.h"

namespace haoban::applications {
namespace {

Date d(const char* s) { return *parse_date(s); }

class Deadline : public ::testing::Test {
 protected:
  WorkingCalendar cal_ = WorkingCalendar::load_dir(haoban::testing::source_dir() / "data" / "calendar");
};

TEST_F(Deadline, CountsFromTheWorkingDayAfterAcceptance) {
  // Accepted Monday 2026-11-23, 5 working days: Tue..Fri + Mon.
  EXPECT_EQ(format_date(initial_due(cal_, d("2026-11-23"), 5)), "2026-11-30");
}

TEST_F(Deadline, SkipsTheNationalDayHolidayAndCountsTheMakeUpSaturday) {
  // Accepted Wednesday 2026-09-30; 10-01..07 off, 10-08 Thu, 10-09 Fri, 10-10 Sat worked, 10-12 Mon.
  EXPECT_EQ(format_date(initial_due(cal_, d("2026-09-30"), 4)), "2026-10-12");
}

TEST_F(Deadline, AcceptedOnAHolidayStartsCountingAfterIt) {
  EXPECT_EQ(format_date(initial_due(cal_, d("2026-02-16"), 1)), "2026-02-24") << "春节 2/15–2/23";
}

TEST_F(Deadline, CorrectionPausesTheClock) {
  Date due = initial_due(cal_, d("2026-11-23"), 5);  // 2026-11-30
  // Returned Wednesday 11-25, corrected Friday 11-27: Thu and Fri did not count.
  EXPECT_EQ(format_date(due_after_correction(cal_, due, d("2026-11-25"), d("2026-11-27"))), "2026-12-02");
  // Corrected the same day: no change.
  EXPECT_EQ(due_after_correction(cal_, due, d("2026-11-25"), d("2026-11-25")), due);
  // A correction over a weekend only costs the working days in it.
  EXPECT_EQ(format_date(due_after_correction(cal_, due, d("2026-11-27"), d("2026-11-29"))), "2026-11-30");
}

TEST_F(Deadline, UrgencyFlags) {
  Date due = d("2026-11-30");  // Monday
  EXPECT_EQ(urgency(cal_, d("2026-11-24"), due), Urgency::none);
  EXPECT_EQ(urgency(cal_, d("2026-11-27"), due), Urgency::due_soon) << "Friday and Monday remain";
  EXPECT_EQ(urgency(cal_, d("2026-11-30"), due), Urgency::due_soon);
  EXPECT_EQ(urgency(cal_, d("2026-12-01"), due), Urgency::overdue);
  EXPECT_EQ(working_days_left(cal_, d("2026-11-27"), due), 1);
}

}  // namespace
}  // namespace haoban::applications
