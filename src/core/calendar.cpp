#include "core/calendar.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <toml++/toml.h>

#include <algorithm>
#include <mutex>
#include <set>

#include "core/error.h"

namespace haoban {

namespace {

using std::chrono::days;
using std::chrono::minutes;
using std::chrono::sys_days;
using Duration = std::chrono::system_clock::duration;
using TimePoint = std::chrono::system_clock::time_point;

constexpr std::string_view kDataErrorType = "invalid-calendar-data";
constexpr std::string_view kDataErrorTitle = "工作日历数据有误";
constexpr auto kChinaOffset = std::chrono::hours{8};
constexpr std::int64_t kMaxBusinessMinutes = 100'000'000;
constexpr std::string_view kWeekdayNames[] = {"星期日", "星期一", "星期二", "星期三",
                                              "星期四", "星期五", "星期六"};

const sys_days kFirstDay{std::chrono::year{1} / 1 / 1};
const sys_days kLastDay{std::chrono::year{9999} / 12 / 31};

Error data_error(std::string_view where, std::string_view message) {
  std::string detail = where.empty() ? std::string(message) : fmt::format("{}: {}", where, message);
  return invalid(std::string(kDataErrorType), std::string(kDataErrorTitle), std::move(detail));
}

Error out_of_range(std::string detail) {
  return invalid("date-out-of-range", "日期超出可计算范围", std::move(detail));
}

int year_of(sys_days d) { return static_cast<int>(Date{d}.year()); }

sys_days start_of_year(int y) { return sys_days{std::chrono::year{y} / 1 / 1}; }

bool is_weekend(sys_days d) {
  std::chrono::weekday w{d};
  return w == std::chrono::Saturday || w == std::chrono::Sunday;
}

// Mon–Fri days in [a, b), a <= b.
std::int64_t weekdays_in(sys_days a, sys_days b) {
  std::int64_t n = (b - a).count();
  std::int64_t count = n / 7 * 5;
  for (sys_days d = a + days{n / 7 * 7}; d < b; d += days{1})
    if (!is_weekend(d)) ++count;
  return count;
}

void check_date(Date d) {
  if (!d.ok()) throw invalid("invalid-date", "日期无效", fmt::format("{}不是有效日期", format_date(d)));
}

void check_in_range(Date d) {
  check_date(d);
  if (sys_days{d} < kFirstDay || sys_days{d} > kLastDay)
    throw out_of_range(fmt::format("{}不在0001-01-01至9999-12-31之间", format_date(d)));
}

void check_hours(BusinessHours h) {
  if (h.start_minute < 0 || h.start_minute >= h.end_minute || h.end_minute > 24 * 60)
    throw invalid(
        "invalid-business-hours", "办公时间设置无效",
        fmt::format("办公时间应满足0≤开始<结束≤1440分钟，实际为{}–{}", h.start_minute, h.end_minute));
}

std::string compact_years(const std::vector<int>& sorted) {
  std::string out;
  for (std::size_t i = 0; i < sorted.size();) {
    std::size_t j = i;
    while (j + 1 < sorted.size() && sorted[j + 1] == sorted[j] + 1) ++j;
    if (!out.empty()) out += ", ";
    out += i == j ? fmt::format("{}", sorted[i]) : fmt::format("{}-{}", sorted[i], sorted[j]);
    i = j + 1;
  }
  return out;
}

std::string where(const std::filesystem::path& file, const toml::source_region& src) {
  return fmt::format("{}:{}:{}", file.string(), src.begin.line, src.begin.column);
}

void check_keys(const std::filesystem::path& file, const toml::table& t,
                std::initializer_list<std::string_view> allowed) {
  for (auto&& [key, node] : t)
    if (std::find(allowed.begin(), allowed.end(), key.str()) == allowed.end())
      throw data_error(where(file, key.source()), fmt::format("未知的键“{}”", key.str()));
}

// Calls f for each table of the array of tables `key` ([[key]]), if present.
template <typename F>
void for_each_table(const std::filesystem::path& file, const toml::table& root, std::string_view key, F&& f) {
  const toml::node* n = root.get(key);
  if (n == nullptr) return;
  const toml::array* arr = n->as_array();
  if (arr == nullptr)
    throw data_error(where(file, n->source()), fmt::format("{}应写成[[{}]]表数组", key, key));
  for (const toml::node& item : *arr) {
    const toml::table* t = item.as_table();
    if (t == nullptr) throw data_error(where(file, item.source()), fmt::format("{}的每一项应为表", key));
    f(*t);
  }
}

Date read_date(const std::filesystem::path& file, const toml::node& n) {
  if (const auto* v = n.as_date()) {
    const toml::date& td = v->get();
    const Date d{std::chrono::year{td.year}, std::chrono::month{td.month}, std::chrono::day{td.day}};
    if (!d.ok()) throw data_error(where(file, n.source()), fmt::format("日期{}无效", format_date(d)));
    return d;
  }
  if (const auto* s = n.as_string()) {
    if (auto d = parse_date(s->get())) return *d;
    throw data_error(where(file, n.source()),
                     fmt::format("日期“{}”无效，应为YYYY-MM-DD格式的真实日期", s->get()));
  }
  throw data_error(where(file, n.source()), "日期应写成2026-01-01或\"2026-01-01\"");
}

std::string read_name(const std::filesystem::path& file, const toml::table& t, bool required) {
  const toml::node* n = t.get("name");
  if (n == nullptr) {
    if (required) throw data_error(where(file, t.source()), "缺少name（节假日名称）");
    return {};
  }
  auto s = n->value_exact<std::string>();
  if (!s || s->empty()) throw data_error(where(file, n->source()), "name应为非空字符串");
  return *s;
}

}  // namespace

std::optional<Date> parse_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto number = [&](std::size_t pos, std::size_t len) -> std::optional<int> {
    int v = 0;
    for (std::size_t i = pos; i < pos + len; ++i) {
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  auto y = number(0, 4);
  auto m = number(5, 2);
  auto d = number(8, 2);
  if (!y || !m || !d || *y == 0) return std::nullopt;
  Date date{std::chrono::year{*y}, std::chrono::month{static_cast<unsigned>(*m)},
            std::chrono::day{static_cast<unsigned>(*d)}};
  if (!date.ok()) return std::nullopt;
  return date;
}

Date china_date(std::chrono::system_clock::time_point t) {
  return Date(std::chrono::floor<std::chrono::days>(t + std::chrono::hours(8)));
}

std::string format_date(Date d) {
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                     static_cast<unsigned>(d.day()));
}

class WorkingCalendar::FallbackYears {
 public:
  void note(int year) {
    if (years_.empty() || years_.back() != year) years_.push_back(year);
  }
  const std::vector<int>& years() const { return years_; }

 private:
  std::vector<int> years_;
};

struct WorkingCalendar::FallbackLog {
  std::mutex mu;
  std::set<int> warned;
};

// One data file, read into dates that remember where they were written.
struct WorkingCalendar::YearFile {
  int year = 0;
  std::string year_where;
  std::vector<NamedDate> holidays;
  std::vector<NamedDate> workdays;

  static YearFile read(const std::filesystem::path& file) {
    toml::table root;
    try {
      root = toml::parse_file(file.string());
    } catch (const toml::parse_error& e) {
      throw data_error(where(file, e.source()), fmt::format("TOML语法错误：{}", e.description()));
    }
    check_keys(file, root, {"year", "source", "holiday", "workday"});
    YearFile out;
    const toml::node* y = root.get("year");
    if (y == nullptr) throw data_error(where(file, root.source()), "缺少year（年份）");
    const auto value = y->value_exact<std::int64_t>();
    if (!value || *value < 1 || *value > 9999)
      throw data_error(where(file, y->source()), "year应为1到9999之间的整数");
    out.year = static_cast<int>(*value);
    out.year_where = where(file, y->source());
    if (const toml::node* s = root.get("source"); s != nullptr && !s->is_string())
      throw data_error(where(file, s->source()), "source应为字符串");

    for_each_table(file, root, "holiday", [&](const toml::table& t) { out.read_holiday(file, t); });
    for_each_table(file, root, "workday", [&](const toml::table& t) {
      check_keys(file, t, {"date", "name"});
      const toml::node* date = t.get("date");
      if (date == nullptr) throw data_error(where(file, t.source()), "缺少date（调休上班日期）");
      out.workdays.push_back(
          {read_date(file, *date), read_name(file, t, false), where(file, date->source())});
    });
    return out;
  }

  void read_holiday(const std::filesystem::path& file, const toml::table& t) {
    check_keys(file, t, {"name", "days", "from", "to"});
    const std::string name = read_name(file, t, true);
    const toml::node* list = t.get("days");
    const toml::node* from = t.get("from");
    const toml::node* to = t.get("to");
    if (list != nullptr && (from != nullptr || to != nullptr))
      throw data_error(where(file, t.source()), "days与from/to只能二选一");
    if (list != nullptr) {
      const toml::array* arr = list->as_array();
      if (arr == nullptr || arr->empty())
        throw data_error(where(file, list->source()), "days应为非空的日期数组");
      for (const toml::node& item : *arr)
        holidays.push_back({read_date(file, item), name, where(file, item.source())});
      return;
    }
    if (from == nullptr || to == nullptr)
      throw data_error(where(file, t.source()), "节假日应给出days，或同时给出from和to");
    const sys_days first{read_date(file, *from)};
    const sys_days last{read_date(file, *to)};
    if (last < first)
      throw data_error(
          where(file, to->source()),
          fmt::format("to（{}）早于from（{}）", format_date(Date{last}), format_date(Date{first})));
    const std::string w = where(file, from->source());
    for (sys_days d = first; d <= last; d += days{1}) holidays.push_back({Date{d}, name, w});
  }
};

WorkingCalendar::WorkingCalendar() : fallback_log_(std::make_shared<FallbackLog>()) {}

WorkingCalendar WorkingCalendar::load_dir(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) throw data_error(dir.string(), "节假日数据目录不存在");
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.is_regular_file() && entry.path().extension() == ".toml") files.push_back(entry.path());
  std::sort(files.begin(), files.end());

  WorkingCalendar cal;
  std::map<int, std::string> year_files;
  for (const auto& file : files) {
    const YearFile y = YearFile::read(file);
    const std::string stem = file.stem().string();
    if (!stem.empty() && std::all_of(stem.begin(), stem.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
        stem != std::to_string(y.year))
      throw data_error(y.year_where,
                       fmt::format("year = {}与文件名{}不符", y.year, file.filename().string()));
    if (auto [it, fresh] = year_files.emplace(y.year, file.filename().string()); !fresh)
      throw data_error(y.year_where, fmt::format("{}年的数据已在{}中给出", y.year, it->second));
    cal.insert_year(y.year, y.holidays, y.workdays);
  }
  if (cal.years_.empty())
    spdlog::warn("working calendar: no *.toml files in {}; every year counts Monday to Friday", dir.string());
  else
    spdlog::info("working calendar: loaded holiday data for {} from {}", compact_years(cal.years()),
                 dir.string());
  return cal;
}

void WorkingCalendar::add_year(int year, const std::vector<Date>& holidays,
                               const std::vector<Date>& workdays) {
  std::vector<NamedDate> h;
  h.reserve(holidays.size());
  for (Date d : holidays) h.push_back({d, "节假日", {}});
  std::vector<NamedDate> w;
  w.reserve(workdays.size());
  for (Date d : workdays) w.push_back({d, {}, {}});
  insert_year(year, h, w);
}

void WorkingCalendar::insert_year(int year, const std::vector<NamedDate>& holidays,
                                  const std::vector<NamedDate>& workdays) {
  if (year < 1 || year > 9999) throw data_error({}, fmt::format("年份{}不在1到9999之间", year));
  if (years_.contains(year)) throw data_error({}, fmt::format("{}年的数据已经存在", year));
  const sys_days first = start_of_year(year);
  const auto length = static_cast<int>((start_of_year(year + 1) - first).count());

  enum class Kind : std::uint8_t { normal, holiday, workday };
  std::vector<Kind> kind(length, Kind::normal);
  std::vector<const NamedDate*> listed(length, nullptr);
  auto mark = [&](const NamedDate& e, Kind k) {
    if (!e.date.ok()) throw data_error(e.where, fmt::format("日期{}无效", format_date(e.date)));
    const auto i = (sys_days{e.date} - first).count();
    if (i < 0 || i >= length)
      throw data_error(e.where, fmt::format("日期{}不在{}年内", format_date(e.date), year));
    if (kind[i] == k) throw data_error(e.where, fmt::format("{}重复列出", format_date(e.date)));
    if (kind[i] != Kind::normal) {
      const std::string& other = listed[i]->where;
      throw data_error(e.where, fmt::format("{}同时列为节假日和调休上班日{}", format_date(e.date),
                                            other.empty() ? "" : fmt::format("（另见{}）", other)));
    }
    if (k == Kind::workday && !is_weekend(sys_days{e.date}))
      throw data_error(e.where,
                       fmt::format("调休上班日{}是{}，应为星期六或星期日", format_date(e.date),
                                   kWeekdayNames[std::chrono::weekday{sys_days{e.date}}.c_encoding()]));
    kind[i] = k;
    listed[i] = &e;
  };
  for (const NamedDate& e : holidays) mark(e, Kind::holiday);
  for (const NamedDate& e : workdays) mark(e, Kind::workday);

  YearData data;
  for (int i = 0; i < length; ++i) {
    const bool works = kind[i] == Kind::workday || (kind[i] == Kind::normal && !is_weekend(first + days{i}));
    data.working_before[i + 1] = static_cast<std::uint16_t>(data.working_before[i] + (works ? 1 : 0));
    if (kind[i] == Kind::holiday)
      data.holiday_names.emplace_back(static_cast<std::uint16_t>(i), listed[i]->name);
  }
  for (int i = length; i < 366; ++i) data.working_before[i + 1] = data.working_before[i];
  years_.emplace(year, std::move(data));
}

bool WorkingCalendar::has_data_for(int year) const { return years_.contains(year); }

std::vector<int> WorkingCalendar::years() const {
  std::vector<int> out;
  out.reserve(years_.size());
  for (const auto& [y, data] : years_) out.push_back(y);
  return out;
}

bool WorkingCalendar::working(sys_days d, FallbackYears& fallback) const {
  const int y = year_of(d);
  auto it = years_.find(y);
  if (it == years_.end()) {
    fallback.note(y);
    return !is_weekend(d);
  }
  const auto i = (d - start_of_year(y)).count();
  return it->second.working_before[i + 1] != it->second.working_before[i];
}

std::int64_t WorkingCalendar::count_working(sys_days a, sys_days b, FallbackYears& fallback) const {
  std::int64_t n = 0;
  while (a < b) {
    const int y = year_of(a);
    const sys_days first = start_of_year(y);
    const sys_days end = std::min(b, start_of_year(y + 1));
    if (auto it = years_.find(y); it != years_.end()) {
      const auto& before = it->second.working_before;
      n += before[(end - first).count()] - before[(a - first).count()];
    } else {
      fallback.note(y);
      n += weekdays_in(a, end);
    }
    a = end;
  }
  return n;
}

// The n-th working day (n >= 1) among start, start ± 1 day, ...; skips whole years by counting.
sys_days WorkingCalendar::nth_working_day(sys_days start, std::int64_t n, bool forward,
                                          FallbackYears& fallback) const {
  const days step{forward ? 1 : -1};
  for (sys_days d = start; d >= kFirstDay && d <= kLastDay;) {
    const int y = year_of(d);
    const std::int64_t rest = forward ? count_working(d, start_of_year(y + 1), fallback)
                                      : count_working(start_of_year(y), d + days{1}, fallback);
    if (rest < n) {
      n -= rest;
      d = forward ? start_of_year(y + 1) : start_of_year(y) - days{1};
      continue;
    }
    for (;; d += step)
      if (working(d, fallback) && --n == 0) return d;
  }
  throw out_of_range(fmt::format("从{}{}数工作日超出了{}", format_date(Date{start}),
                                 forward ? "往后" : "往前", forward ? "9999-12-31" : "0001-01-01"));
}

Date WorkingCalendar::add_working_days(Date from, int n) const {
  check_in_range(from);
  FallbackYears fallback;
  const sys_days f{from};
  const sys_days result = n >= 0
                              ? nth_working_day(n == 0 ? f : f + days{1}, std::max(n, 1), true, fallback)
                              : nth_working_day(f - days{1}, -static_cast<std::int64_t>(n), false, fallback);
  warn_fallback(fallback);
  return Date{result};
}

int WorkingCalendar::working_days_between(Date from, Date to) const {
  check_in_range(from);
  check_in_range(to);
  FallbackYears fallback;
  const sys_days a{from};
  const sys_days b{to};
  const std::int64_t n = b >= a ? count_working(a + days{1}, b + days{1}, fallback)
                                : -count_working(b + days{1}, a + days{1}, fallback);
  warn_fallback(fallback);
  return static_cast<int>(n);
}

bool WorkingCalendar::is_working_day(Date d) const {
  check_date(d);
  FallbackYears fallback;
  const bool result = working(sys_days{d}, fallback);
  warn_fallback(fallback);
  return result;
}

std::string WorkingCalendar::holiday_name(Date d) const {
  check_date(d);
  auto it = years_.find(static_cast<int>(d.year()));
  if (it == years_.end()) return {};
  const auto i =
      static_cast<std::uint16_t>((sys_days{d} - start_of_year(static_cast<int>(d.year()))).count());
  const auto& names = it->second.holiday_names;
  auto pos = std::lower_bound(names.begin(), names.end(), i,
                              [](const auto& entry, std::uint16_t day) { return entry.first < day; });
  return pos != names.end() && pos->first == i ? pos->second : std::string();
}

void WorkingCalendar::warn_fallback(const FallbackYears& fallback) const {
  if (fallback.years().empty() || !fallback_log_) return;
  std::vector<int> fresh;
  {
    std::lock_guard lock(fallback_log_->mu);
    for (int y : fallback.years())
      if (fallback_log_->warned.insert(y).second) fresh.push_back(y);
  }
  if (fresh.empty()) return;
  std::sort(fresh.begin(), fresh.end());
  spdlog::warn("working calendar: no holiday data for {}; counting Monday to Friday as working days",
               compact_years(fresh));
}

TimePoint WorkingCalendar::add_business_minutes(TimePoint t, std::int64_t n, BusinessHours h) const {
  check_hours(h);
  if (n < 0 || n > kMaxBusinessMinutes)
    throw invalid("invalid-business-minutes", "办公时长无效",
                  fmt::format("办公分钟数应在0到{}之间，实际为{}", kMaxBusinessMinutes, n));
  if (t > TimePoint::max() - kChinaOffset) throw out_of_range("起始时间超出可表示的范围");

  const Duration open = minutes{h.start_minute};
  const Duration close = minutes{h.end_minute};
  const TimePoint local = t + kChinaOffset;
  const sys_days day = std::chrono::floor<days>(local);
  const Duration time_of_day = local - day;
  Duration remaining = minutes{n};
  FallbackYears fallback;

  if (working(day, fallback) && time_of_day < close) {
    const Duration begin = std::max(time_of_day, open);
    if (remaining <= close - begin) {
      warn_fallback(fallback);
      return day + begin + remaining - kChinaOffset;
    }
    remaining -= close - begin;
  }
  warn_fallback(fallback);

  const Duration length = close - open;
  const std::int64_t more = std::max<std::int64_t>(1, (remaining + length - Duration{1}) / length);
  const Duration last = remaining - (more - 1) * length;
  const sys_days target{add_working_days(Date{day}, static_cast<int>(more))};
  if (target > std::chrono::floor<days>(TimePoint::max()) - days{1})
    throw out_of_range(fmt::format("结果日期{}超出可表示的范围", format_date(Date{target})));
  return target + open + last - kChinaOffset;
}

std::int64_t WorkingCalendar::business_minutes_between(TimePoint a, TimePoint b, BusinessHours h) const {
  check_hours(h);
  if (b < a) return -business_minutes_between(b, a, h);
  if (b > TimePoint::max() - kChinaOffset) throw out_of_range("结束时间超出可表示的范围");

  const Duration open = minutes{h.start_minute};
  const Duration close = minutes{h.end_minute};
  FallbackYears fallback;
  auto overlap = [&](sys_days day, Duration from, Duration to) -> Duration {
    if (!working(day, fallback)) return Duration::zero();
    const Duration lo = std::max(from, open);
    const Duration hi = std::min(to, close);
    return hi > lo ? hi - lo : Duration::zero();
  };

  const TimePoint la = a + kChinaOffset;
  const TimePoint lb = b + kChinaOffset;
  const sys_days da = std::chrono::floor<days>(la);
  const sys_days db = std::chrono::floor<days>(lb);
  std::int64_t total = 0;
  if (da == db) {
    total = std::chrono::floor<minutes>(overlap(da, la - da, lb - da)).count();
  } else {
    const Duration partial = overlap(da, la - da, days{1}) + overlap(db, Duration::zero(), lb - db);
    total = count_working(da + days{1}, db, fallback) * (h.end_minute - h.start_minute) +
            std::chrono::floor<minutes>(partial).count();
  }
  warn_fallback(fallback);
  return total;
}

}  // namespace haoban
