#include "core/calendar.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <fstream>
#include <random>
#include <sstream>

#include "core/error.h"
#include "testing/testing.h"

namespace haoban {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::sys_days;
using TimePoint = std::chrono::system_clock::time_point;
using ::testing::HasSubstr;

Date parsed(std::string_view s) {
  auto d = parse_date(s);
  if (!d) throw std::invalid_argument(std::string(s));
  return *d;
}

// An instant given as China Standard Time wall-clock time.
TimePoint cst(std::string_view day, int hour, int minute) {
  return sys_days{parsed(day)} + hours{hour} + minutes{minute} - hours{8};
}

std::string format_cst(TimePoint t) {
  const auto local = std::chrono::floor<minutes>(t + hours{8});
  const auto day = std::chrono::floor<days>(local);
  const auto m = (local - day).count();
  return fmt::format("{} {:02}:{:02}", format_date(Date{day}), m / 60, m % 60);
}

const WorkingCalendar& official() {
  static const WorkingCalendar cal = WorkingCalendar::load_dir(testing::source_dir() / "data" / "calendar");
  return cal;
}

std::string add(std::string_view from, int n) {
  return format_date(official().add_working_days(parsed(from), n));
}

int between(std::string_view from, std::string_view to) {
  return official().working_days_between(parsed(from), parsed(to));
}

// Captures what spdlog's default logger writes while alive.
class LogCapture {
 public:
  LogCapture() : previous_(spdlog::default_logger()) {
    auto logger =
        std::make_shared<spdlog::logger>("capture", std::make_shared<spdlog::sinks::ostream_sink_mt>(out_));
    logger->set_pattern("%l: %v");
    spdlog::set_default_logger(logger);
  }
  ~LogCapture() { spdlog::set_default_logger(previous_); }
  std::string text() const { return out_.str(); }

 private:
  std::ostringstream out_;
  std::shared_ptr<spdlog::logger> previous_;
};

int count_of(const std::string& text, std::string_view needle) {
  int n = 0;
  for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1)) ++n;
  return n;
}

// --- parse_date / format_date ---

TEST(ParseDate, AcceptsStrictIsoDates) {
  EXPECT_EQ(format_date(parsed("2026-02-14")), "2026-02-14");
  EXPECT_EQ(format_date(parsed("2024-02-29")), "2024-02-29");
  EXPECT_EQ(format_date(parsed("0001-01-01")), "0001-01-01");
  EXPECT_EQ(format_date(parsed("9999-12-31")), "9999-12-31");
}

TEST(ParseDate, RejectsBadInput) {
  for (std::string_view bad :
       {"2026-02-30", "2025-02-29",  "2026-13-01",  "2026-00-10",  "2026-01-00",
        "0000-01-01", "2026-2-3",    "2026-02-3",   "26-02-03",    "2026/02/03",
        "20260203",   "2026-02-03x", " 2026-02-03", "2026-02-03 ", "2026-02-03T00:00",
        "",           "abcd-ef-gh",  "2026-0a-03",  "+026-02-03",  "2026-02-\xef\xbc\x93"}) {
    EXPECT_FALSE(parse_date(bad).has_value()) << bad;
  }
}

// --- the official data ---

TEST(OfficialCalendar, LoadsTheThreeYears) {
  EXPECT_EQ(official().years(), (std::vector<int>{2024, 2025, 2026}));
  EXPECT_TRUE(official().has_data_for(2026));
  EXPECT_FALSE(official().has_data_for(2027));
}

TEST(OfficialCalendar, MakeUpSaturdaysAndSundaysAreWorkingDays) {
  const auto& cal = official();
  for (std::string_view d :
       {"2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14", "2024-09-29",
        "2024-10-12", "2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11", "2026-01-04",
        "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"}) {
    EXPECT_TRUE(cal.is_working_day(parsed(d))) << d;
    EXPECT_EQ(cal.holiday_name(parsed(d)), "") << d;
  }
}

TEST(OfficialCalendar, HolidaysAreNotWorkingDays) {
  const auto& cal = official();
  struct Case {
    std::string_view day;
    std::string_view name;
  };
  for (const Case& c :
       {Case{"2024-01-01", "元旦"},           Case{"2024-02-12", "春节"},   Case{"2024-02-17", "春节"},
        Case{"2024-04-05", "清明节"},         Case{"2024-05-03", "劳动节"}, Case{"2024-06-10", "端午节"},
        Case{"2024-09-16", "中秋节"},         Case{"2024-10-07", "国庆节"}, Case{"2025-01-28", "春节"},
        Case{"2025-02-04", "春节"},           Case{"2025-05-05", "劳动节"}, Case{"2025-06-02", "端午节"},
        Case{"2025-10-08", "国庆节、中秋节"}, Case{"2026-01-02", "元旦"},   Case{"2026-02-16", "春节"},
        Case{"2026-02-23", "春节"},           Case{"2026-04-06", "清明节"}, Case{"2026-05-05", "劳动节"},
        Case{"2026-06-19", "端午节"},         Case{"2026-09-25", "中秋节"}, Case{"2026-10-07", "国庆节"}}) {
    EXPECT_FALSE(cal.is_working_day(parsed(c.day))) << c.day;
    EXPECT_EQ(cal.holiday_name(parsed(c.day)), c.name) << c.day;
  }
}

TEST(OfficialCalendar, OrdinaryDays) {
  const auto& cal = official();
  EXPECT_TRUE(cal.is_working_day(parsed("2024-02-09")));  // 2024年除夕 was worked
  EXPECT_TRUE(cal.is_working_day(parsed("2025-01-27")));  // Monday before 春节 2025
  EXPECT_TRUE(cal.is_working_day(parsed("2026-02-13")));
  EXPECT_FALSE(cal.is_working_day(parsed("2026-03-01")));  // an ordinary Sunday
  EXPECT_EQ(cal.holiday_name(parsed("2026-03-01")), "");
}

TEST(OfficialCalendar, WorkingDaysPerYear) {
  EXPECT_EQ(between("2023-12-31", "2024-12-31"), 251);
  EXPECT_EQ(between("2024-12-31", "2025-12-31"), 248);
  EXPECT_EQ(between("2025-12-31", "2026-12-31"), 248);
  EXPECT_EQ(between("2023-12-31", "2026-12-31"), 747);
}

TEST(OfficialCalendar, AddWorkingDaysAcrossNationalDay) {
  // 10-01..10-07 off; 10-08 Thu, 10-09 Fri, 10-10 Sat (调休), 10-12 Mon, 10-13 Tue.
  EXPECT_EQ(add("2026-09-30", 1), "2026-10-08");
  EXPECT_EQ(add("2026-09-30", 3), "2026-10-10");
  EXPECT_EQ(add("2026-09-30", 4), "2026-10-12");
  EXPECT_EQ(add("2026-09-30", 5), "2026-10-13");
  // A typical 20-working-day deadline crossing 中秋 and 国庆.
  EXPECT_EQ(add("2026-09-15", 20), "2026-10-19");
}

TEST(OfficialCalendar, AddZeroWorkingDays) {
  EXPECT_EQ(add("2026-09-30", 0), "2026-09-30");
  EXPECT_EQ(add("2026-10-01", 0), "2026-10-08");
  EXPECT_EQ(add("2026-10-11", 0), "2026-10-12");
  EXPECT_EQ(add("2026-02-14", 0), "2026-02-14");
}

TEST(OfficialCalendar, AddWorkingDaysAroundSpringFestival) {
  EXPECT_EQ(add("2026-02-13", 1), "2026-02-14");
  EXPECT_EQ(add("2026-02-13", 2), "2026-02-24");
  EXPECT_EQ(add("2026-02-13", 6), "2026-02-28");
  EXPECT_EQ(add("2026-02-13", 7), "2026-03-02");
}

TEST(OfficialCalendar, AddWorkingDaysAcrossNewYear) {
  EXPECT_EQ(add("2025-12-31", 1), "2026-01-04");  // 1/1–1/3 off, Sunday 1/4 works
  EXPECT_EQ(add("2024-12-31", 1), "2025-01-02");
  EXPECT_EQ(add("2026-01-04", -1), "2025-12-31");
}

TEST(OfficialCalendar, NegativeCountsBackwards) {
  EXPECT_EQ(add("2026-02-24", -1), "2026-02-14");
  EXPECT_EQ(add("2026-02-24", -2), "2026-02-13");
  EXPECT_EQ(add("2026-03-01", -1), "2026-02-28");  // Sunday; the Saturday before was worked
  EXPECT_EQ(add("2026-10-08", -1), "2026-09-30");
  EXPECT_EQ(add("2026-10-13", -5), "2026-09-30");
}

TEST(OfficialCalendar, WorkingDaysBetween) {
  // 2/14 (调休), 2/24, 2/25, 2/26, 2/27, 2/28 (调休), 3/2.
  EXPECT_EQ(between("2026-02-13", "2026-03-02"), 7);
  EXPECT_EQ(between("2026-03-02", "2026-02-13"), -7);
  EXPECT_EQ(between("2026-02-13", "2026-02-13"), 0);
  EXPECT_EQ(between("2026-02-14", "2026-02-23"), 0);
  EXPECT_EQ(between("2026-09-30", "2026-10-13"), 5);
}

TEST(OfficialCalendar, AddAndBetweenAgree) {
  const auto& cal = official();
  std::mt19937 rng(20260214);
  std::uniform_int_distribution<int> day_offset(0, 3 * 366);
  std::uniform_int_distribution<int> count(-400, 400);
  const sys_days base{parsed("2024-01-01")};
  for (int i = 0; i < 2000; ++i) {
    const Date from{base + days{day_offset(rng)}};
    const int n = count(rng);
    const Date to = cal.add_working_days(from, n);
    ASSERT_TRUE(cal.is_working_day(to));
    if (n > 0) {
      ASSERT_EQ(cal.working_days_between(from, to), n) << format_date(from) << " + " << n;
    } else if (n < 0) {
      ASSERT_EQ(cal.working_days_between(to, from), -n - 1 + (cal.is_working_day(from) ? 1 : 0))
          << format_date(from) << " " << n;
    }
  }
}

// --- years without data ---

TEST(WorkingCalendar, YearWithoutDataFallsBackToMondayToFriday) {
  const auto& cal = official();
  EXPECT_TRUE(cal.is_working_day(parsed("2030-01-01")));  // a Tuesday; 元旦 unknown without data
  EXPECT_FALSE(cal.is_working_day(parsed("2030-01-05")));
  EXPECT_FALSE(cal.is_working_day(parsed("2030-01-06")));
  EXPECT_TRUE(cal.is_working_day(parsed("2030-01-07")));
  EXPECT_EQ(cal.holiday_name(parsed("2030-10-01")), "");
  EXPECT_EQ(format_date(cal.add_working_days(parsed("2030-01-04"), 1)), "2030-01-07");
  EXPECT_EQ(cal.working_days_between(parsed("2029-12-31"), parsed("2030-12-31")), 261);
}

TEST(WorkingCalendar, EmptyCalendarIsMondayToFriday) {
  WorkingCalendar cal;
  EXPECT_TRUE(cal.years().empty());
  EXPECT_FALSE(cal.is_working_day(parsed("2026-02-14")));
  EXPECT_TRUE(cal.is_working_day(parsed("2026-02-16")));
  EXPECT_EQ(cal.working_days_between(parsed("2026-02-13"), parsed("2026-03-02")), 11);
}

TEST(WorkingCalendar, WarnsOncePerYearWithoutData) {
  WorkingCalendar cal;
  cal.add_year(2026, {}, {});
  LogCapture log;
  cal.is_working_day(parsed("2031-03-03"));
  cal.is_working_day(parsed("2031-03-04"));
  cal.add_working_days(parsed("2031-12-30"), 3);
  cal.is_working_day(parsed("2026-03-04"));
  const std::string text = log.text();
  EXPECT_EQ(count_of(text, "2031"), 1) << text;
  EXPECT_EQ(count_of(text, "2032"), 1) << text;
  EXPECT_EQ(count_of(text, "2026"), 0) << text;
  EXPECT_THAT(text, HasSubstr("warn"));
}

TEST(WorkingCalendar, LongSpansAreCountedByYear) {
  const auto& cal = official();
  LogCapture log;
  const Date a = parsed("2000-01-01");  // Saturday
  const Date m = parsed("2025-06-15");
  const Date b = parsed("2100-12-31");  // Friday
  const int ab = cal.working_days_between(a, b);
  EXPECT_EQ(ab, cal.working_days_between(a, m) + cal.working_days_between(m, b));
  EXPECT_EQ(format_date(cal.add_working_days(a, ab)), "2100-12-31");
  EXPECT_EQ(format_date(cal.add_working_days(b, -ab)), "1999-12-31");
  const int all = cal.working_days_between(parsed("0001-01-01"), parsed("9999-12-31"));
  EXPECT_GT(all, 2'500'000);
  EXPECT_EQ(format_date(cal.add_working_days(parsed("0001-01-01"), all)), "9999-12-31");  // a Friday
  // Every fallback year is named in a warning, without one line per year.
  EXPECT_LE(count_of(log.text(), "\n"), 6) << log.text();
}

TEST(WorkingCalendar, RunningPastTheRangeThrows) {
  const auto& cal = official();
  EXPECT_THROW(cal.add_working_days(parsed("9999-12-30"), 5), Error);
  EXPECT_THROW(cal.add_working_days(parsed("0001-01-02"), -5), Error);
  EXPECT_THROW(cal.add_working_days(parsed("2026-01-01"), std::numeric_limits<int>::max()), Error);
  EXPECT_THROW(cal.add_working_days(parsed("2026-01-01"), std::numeric_limits<int>::min()), Error);
  EXPECT_THROW(cal.is_working_day(Date{std::chrono::year{2026}, std::chrono::month{2}, std::chrono::day{30}}),
               Error);
  try {
    cal.add_working_days(parsed("9999-12-30"), 5);
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::invalid);
  }
}

// --- add_year ---

TEST(WorkingCalendar, AddYearProgrammatically) {
  WorkingCalendar cal;
  cal.add_year(2027, {parsed("2027-01-01")}, {parsed("2027-01-02")});
  EXPECT_TRUE(cal.has_data_for(2027));
  EXPECT_FALSE(cal.is_working_day(parsed("2027-01-01")));
  EXPECT_EQ(cal.holiday_name(parsed("2027-01-01")), "节假日");
  EXPECT_TRUE(cal.is_working_day(parsed("2027-01-02")));  // a Saturday
  EXPECT_THROW(cal.add_year(2027, {}, {}), Error);
}

TEST(WorkingCalendar, AddYearRejectsInconsistentData) {
  WorkingCalendar cal;
  EXPECT_THROW(cal.add_year(2027, {parsed("2026-12-31")}, {}), Error);
  EXPECT_THROW(cal.add_year(2027, {parsed("2027-01-02")}, {parsed("2027-01-02")}), Error);
  EXPECT_THROW(cal.add_year(2027, {}, {parsed("2027-01-04")}), Error);  // a Monday
  EXPECT_THROW(cal.add_year(2027, {parsed("2027-01-01"), parsed("2027-01-01")}, {}), Error);
  EXPECT_FALSE(cal.has_data_for(2027));
}

// --- load_dir errors ---

class LoadDir : public ::testing::Test {
 protected:
  void write(const std::string& name, const std::string& text) { std::ofstream(dir_.path() / name) << text; }
  std::string error_detail() {
    try {
      WorkingCalendar::load_dir(dir_.path());
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::invalid);
      return e.detail();
    }
    ADD_FAILURE() << "load_dir did not throw";
    return {};
  }
  testing::TempDir dir_;
};

TEST_F(LoadDir, ReadsDaysListsStringDatesAndIgnoresOtherFiles) {
  write("2027.toml",
        "year = 2027\n"
        "[[holiday]]\nname = \"元旦\"\ndays = [\"2027-01-01\"]\n"
        "[[workday]]\ndate = \"2027-01-02\"\n");
  write("README.md", "not a calendar");
  LogCapture log;
  const WorkingCalendar cal = WorkingCalendar::load_dir(dir_.path());
  EXPECT_EQ(cal.years(), std::vector<int>{2027});
  EXPECT_EQ(cal.holiday_name(parsed("2027-01-01")), "元旦");
  EXPECT_TRUE(cal.is_working_day(parsed("2027-01-02")));
  EXPECT_THAT(log.text(), HasSubstr("2027"));
}

TEST_F(LoadDir, MalformedTomlNamesFileAndLine) {
  write("2026.toml", "year = 2026\n[[holiday]\nname = \"元旦\"\n");
  EXPECT_THAT(error_detail(), HasSubstr("2026.toml:2:"));
}

TEST_F(LoadDir, DateOutsideTheYear) {
  write("2026.toml", "year = 2026\n\n[[holiday]]\nname = \"元旦\"\nfrom = 2025-12-31\nto = 2026-01-01\n");
  const std::string detail = error_detail();
  EXPECT_THAT(detail, HasSubstr("2026.toml:5:"));
  EXPECT_THAT(detail, HasSubstr("2025-12-31不在2026年内"));
}

TEST_F(LoadDir, DayBothHolidayAndWorkday) {
  write("2026.toml",
        "year = 2026\n[[holiday]]\nname = \"春节\"\nfrom = 2026-02-14\nto = 2026-02-16\n"
        "[[workday]]\ndate = 2026-02-14\n");
  const std::string detail = error_detail();
  EXPECT_THAT(detail, HasSubstr("2026.toml:7:"));
  EXPECT_THAT(detail, HasSubstr("2026-02-14同时列为节假日和调休上班日"));
  EXPECT_THAT(detail, HasSubstr("2026.toml:4:"));
}

TEST_F(LoadDir, WorkdayOnAWeekday) {
  write("2026.toml", "year = 2026\n[[workday]]\ndate = 2026-02-16\n");
  const std::string detail = error_detail();
  EXPECT_THAT(detail, HasSubstr("2026.toml:3:"));
  EXPECT_THAT(detail, HasSubstr("星期一"));
}

TEST_F(LoadDir, DuplicateYears) {
  write("a.toml", "year = 2026\n");
  write("b.toml", "\nyear = 2026\n");
  const std::string detail = error_detail();
  EXPECT_THAT(detail, HasSubstr("b.toml:2:"));
  EXPECT_THAT(detail, HasSubstr("a.toml"));
}

TEST_F(LoadDir, YearDiffersFromFileName) {
  write("2026.toml", "year = 2025\n");
  EXPECT_THAT(error_detail(), HasSubstr("2026.toml:1:"));
}

TEST_F(LoadDir, UnknownKey) {
  write("2026.toml", "year = 2026\n[[holiday]]\nname = \"春节\"\nform = 2026-02-15\nto = 2026-02-23\n");
  const std::string detail = error_detail();
  EXPECT_THAT(detail, HasSubstr("2026.toml:4:"));
  EXPECT_THAT(detail, HasSubstr("form"));
}

TEST_F(LoadDir, InvalidDateString) {
  write("2026.toml", "year = 2026\n[[holiday]]\nname = \"春节\"\ndays = [\"2026-02-15\", \"2026-02-30\"]\n");
  EXPECT_THAT(error_detail(), HasSubstr("2026.toml:4:"));
}

TEST_F(LoadDir, MissingYearAndMissingName) {
  write("2026.toml", "[[holiday]]\nname = \"春节\"\ndays = [2026-02-15]\n");
  EXPECT_THAT(error_detail(), HasSubstr("year"));
  write("2026.toml", "year = 2026\n[[holiday]]\ndays = [2026-02-15]\n");
  EXPECT_THAT(error_detail(), HasSubstr("2026.toml:2:"));
}

TEST(LoadDirMissing, MissingDirectoryThrows) {
  testing::TempDir dir;
  EXPECT_THROW(WorkingCalendar::load_dir(dir.path() / "nope"), Error);
}

// --- business hours ---

TimePoint add_minutes(TimePoint t, std::int64_t n, BusinessHours h = {}) {
  return official().add_business_minutes(t, n, h);
}

TEST(BusinessMinutes, WithinADay) {
  EXPECT_EQ(format_cst(add_minutes(cst("2026-03-04", 10, 0), 90)), "2026-03-04 11:30");
  EXPECT_EQ(format_cst(add_minutes(cst("2026-03-04", 16, 0), 60)), "2026-03-04 17:00");  // closing time
  EXPECT_EQ(format_cst(add_minutes(cst("2026-03-04", 16, 0), 61)), "2026-03-05 09:01");
}

TEST(BusinessMinutes, OutsideHoursStartsAtNextOpening) {
  EXPECT_EQ(format_cst(add_minutes(cst("2026-03-04", 7, 30), 30)), "2026-03-04 09:30");
  EXPECT_EQ(format_cst(add_minutes(cst("2026-03-04", 17, 0), 1)), "2026-03-05 09:01");
  EXPECT_EQ(format_cst(add_minutes(cst("2026-03-04", 23, 59), 0)), "2026-03-05 09:00");
  EXPECT_EQ(format_cst(add_minutes(cst("2026-03-07", 12, 0), 0)), "2026-03-09 09:00");  // Saturday
  EXPECT_EQ(format_cst(add_minutes(cst("2026-03-04", 10, 15), 0)), "2026-03-04 10:15");
}

TEST(BusinessMinutes, AcrossAWeekend) {
  EXPECT_EQ(format_cst(add_minutes(cst("2026-03-06", 16, 0), 120)), "2026-03-09 10:00");
  EXPECT_EQ(official().business_minutes_between(cst("2026-03-06", 16, 0), cst("2026-03-09", 10, 0)), 120);
}

TEST(BusinessMinutes, AcrossAHoliday) {
  EXPECT_EQ(format_cst(add_minutes(cst("2026-09-30", 16, 30), 60)), "2026-10-08 09:30");
  EXPECT_EQ(official().business_minutes_between(cst("2026-09-30", 16, 0), cst("2026-10-08", 10, 0)), 120);
}

TEST(BusinessMinutes, MakeUpDaysCountFully) {
  // Fri 2/13, Sat 2/14 (调休), then 春节 until 2/23: three working days end on 2/24 at closing.
  constexpr std::int64_t kDay = 480;
  EXPECT_EQ(format_cst(add_minutes(cst("2026-02-13", 9, 0), 3 * kDay)), "2026-02-24 17:00");
  EXPECT_EQ(format_cst(add_minutes(cst("2026-02-13", 9, 0), 3 * kDay + 1)), "2026-02-25 09:01");
  EXPECT_EQ(official().business_minutes_between(cst("2026-02-13", 9, 0), cst("2026-02-24", 9, 0)), 960);
}

TEST(BusinessMinutes, UtcInstantsAreReadAsChinaTime) {
  // 2026-03-04T01:00Z is 09:00 in Beijing.
  const TimePoint t = sys_days{parsed("2026-03-04")} + hours{1};
  EXPECT_EQ(add_minutes(t, 60), t + hours{1});
}

TEST(BusinessMinutes, BetweenEdgesAndMirror) {
  const auto& cal = official();
  EXPECT_EQ(cal.business_minutes_between(cst("2026-03-04", 8, 0), cst("2026-03-04", 18, 0)), 480);
  EXPECT_EQ(cal.business_minutes_between(cst("2026-03-04", 10, 0), cst("2026-03-04", 10, 0)), 0);
  EXPECT_EQ(cal.business_minutes_between(cst("2026-03-07", 10, 0), cst("2026-03-08", 12, 0)), 0);
  EXPECT_EQ(cal.business_minutes_between(cst("2026-03-09", 10, 0), cst("2026-03-06", 16, 0)), -120);
  const TimePoint t = cst("2026-03-04", 10, 0);
  EXPECT_EQ(cal.business_minutes_between(t, t + std::chrono::seconds{119}), 1);
}

TEST(BusinessMinutes, CustomHours) {
  const BusinessHours h{8 * 60 + 30, 12 * 60};
  EXPECT_EQ(format_cst(add_minutes(cst("2026-03-04", 11, 0), 90, h)), "2026-03-05 09:00");
  EXPECT_EQ(official().business_minutes_between(cst("2026-03-04", 0, 0), cst("2026-03-06", 0, 0), h), 420);
  const BusinessHours all_day{0, 24 * 60};
  EXPECT_EQ(format_cst(add_minutes(cst("2026-03-06", 23, 0), 120, all_day)), "2026-03-09 01:00");
}

TEST(BusinessMinutes, AddAndBetweenAgree) {
  const auto& cal = official();
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> minute_offset(0, 3 * 366 * 24 * 60);
  std::uniform_int_distribution<int> count(0, 20'000);
  const TimePoint base = cst("2024-01-01", 0, 0);
  for (int i = 0; i < 2000; ++i) {
    const TimePoint t = base + minutes{minute_offset(rng)};
    const int n = count(rng);
    const TimePoint end = cal.add_business_minutes(t, n);
    ASSERT_EQ(cal.business_minutes_between(t, end), n) << format_cst(t) << " + " << n;
    ASSERT_GE(end, t);
  }
}

TEST(BusinessMinutes, RejectsBadArguments) {
  const auto& cal = official();
  const TimePoint t = cst("2026-03-04", 10, 0);
  EXPECT_THROW(cal.add_business_minutes(t, -1), Error);
  EXPECT_THROW(cal.add_business_minutes(t, 100'000'001), Error);
  EXPECT_THROW(cal.add_business_minutes(t, 60, BusinessHours{17 * 60, 9 * 60}), Error);
  EXPECT_THROW(cal.business_minutes_between(t, t, BusinessHours{-1, 60}), Error);
  EXPECT_THROW(cal.business_minutes_between(t, t, BusinessHours{0, 24 * 60 + 1}), Error);
  EXPECT_THROW(cal.add_business_minutes(t, 100'000'000, BusinessHours{0, 1}), Error);  // past year 9999
  EXPECT_THROW(cal.add_business_minutes(t, 100'000'000), Error);  // past what time_point can hold
}

}  // namespace
}  // namespace haoban
