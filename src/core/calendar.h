// The working-day calendar: which days government offices work (法定节假日 and 调休 from the
// State Council's yearly notice, Mon–Fri otherwise), working-day deadlines and business-hours SLAs.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace haoban {

using Date = std::chrono::year_month_day;

// Strict "YYYY-MM-DD" with a real calendar date in years 0001..9999; anything else
// ("2026-2-3", "2026-02-30", trailing characters, surrounding spaces) is nullopt.
std::optional<Date> parse_date(std::string_view s);

// "YYYY-MM-DD".
std::string format_date(Date d);

// The date at instant `t` in China Standard Time (UTC+8, no DST): the day deadlines count in.
Date china_date(std::chrono::system_clock::time_point t);

// Opening hours of each working day in China Standard Time, as minutes after local midnight:
// [start_minute, end_minute). Valid when 0 <= start_minute < end_minute <= 1440.
struct BusinessHours {
  int start_minute = 9 * 60;
  int end_minute = 17 * 60;
};

// Holiday data is per year. A year with data works exactly on its non-holiday weekdays and its
// 调休 make-up days; a year without data falls back to Mon–Fri and logs one warning per year.
//
// Errors: every member that takes a Date throws Error(invalid) for a date that is not ok() or, for
// the arithmetic, lies outside 0001-01-01..9999-12-31; results beyond that range also throw.
// Thread-safety: const members may be called concurrently; add_year may not run alongside anything.
// Copies share the record of which fallback years were already warned about.
class WorkingCalendar {
 public:
  // Loads every *.toml file in `dir`, one file per year:
  //   year = 2026
  //   source = "国务院办公厅关于2026年部分节假日安排的通知"
  //   [[holiday]]
  //   name = "春节"
  //   from = 2026-02-15       # with `to`, inclusive; or days = [2026-02-15, ...]
  //   to = 2026-02-23
  //   [[workday]]             # 调休: a Saturday or Sunday that is worked
  //   date = 2026-02-14
  //   name = "春节调休"       # optional
  // Dates may be TOML dates or "YYYY-MM-DD" strings. Throws Error(invalid) whose detail starts with
  // "<file>:<line>:<column>: " for a missing directory, malformed TOML, an unknown or missing key, a
  // date outside the file's year, a year that differs from a numeric file name, a date listed twice,
  // a day that is both holiday and workday, a workday on a weekday, or a year present in two files.
  // Logs the loaded years with spdlog::info.
  static WorkingCalendar load_dir(const std::filesystem::path& dir);

  // No data: every year falls back to Mon–Fri.
  WorkingCalendar();

  // Adds one year's holidays and make-up workdays, under the same rules as load_dir (holidays get
  // the name "节假日"). Throws Error(invalid) if the year is already present or the data is wrong.
  void add_year(int year, const std::vector<Date>& holidays, const std::vector<Date>& workdays);

  bool has_data_for(int year) const;
  std::vector<int> years() const;  // ascending

  bool is_working_day(Date d) const;

  // n >= 0: the n-th working day after `from`; n == 0: `from` if it is a working day, else the next
  // working day. n < 0: the |n|-th working day before `from` (-1 from a Sunday is the Friday).
  Date add_working_days(Date from, int n) const;

  // Number of working days d with from < d <= to; -working_days_between(to, from) if to < from.
  // Cost grows with the number of years spanned, not days.
  int working_days_between(Date from, Date to) const;

  // The holiday's name ("春节", "国庆节"…) if d is a listed holiday, else "". Make-up workdays and
  // ordinary weekends have no name.
  std::string holiday_name(Date d) const;

  // Business-hours arithmetic in China Standard Time (UTC+8, no DST), for SLAs measured in minutes.
  // add_business_minutes: the instant reached after n business minutes counted from t; outside
  // business hours counting starts at the next opening, and a count that ends exactly at closing
  // time returns the closing instant. n must be in [0, 100'000'000].
  // business_minutes_between: whole business minutes in [a, b) (partial minutes are dropped);
  // negative (mirrored) if b < a.
  // Both throw Error(invalid) for invalid hours or a result the time_point type cannot hold.
  std::chrono::system_clock::time_point add_business_minutes(std::chrono::system_clock::time_point t,
                                                             std::int64_t n, BusinessHours h = {}) const;
  std::int64_t business_minutes_between(std::chrono::system_clock::time_point a,
                                        std::chrono::system_clock::time_point b, BusinessHours h = {}) const;

 private:
  struct YearData {
    // working_before[i]: working days among the first i days of the year.
    std::array<std::uint16_t, 367> working_before{};
    // Sorted by day of year (0-based).
    std::vector<std::pair<std::uint16_t, std::string>> holiday_names;
  };
  struct NamedDate {
    Date date;
    std::string name;
    std::string where;  // "file:line:column" for messages, or empty
  };
  struct YearFile;
  class FallbackYears;
  struct FallbackLog;

  void insert_year(int year, const std::vector<NamedDate>& holidays, const std::vector<NamedDate>& workdays);
  bool working(std::chrono::sys_days d, FallbackYears& fallback) const;
  std::int64_t count_working(std::chrono::sys_days a, std::chrono::sys_days b, FallbackYears& fallback) const;
  std::chrono::sys_days nth_working_day(std::chrono::sys_days start, std::int64_t n, bool forward,
                                        FallbackYears& fallback) const;
  void warn_fallback(const FallbackYears& fallback) const;

  std::map<int, YearData> years_;
  std::shared_ptr<FallbackLog> fallback_log_;
};

}  // namespace haoban
