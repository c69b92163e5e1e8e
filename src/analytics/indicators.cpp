#include "analytics/indicators.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/error.h"

namespace haoban::analytics {

namespace {

enum class Kind { ratio, ratio_of_sums, average, sum, count };

// One indicator: over `table`'s rows whose `date` column is in the period, the denominator rows
// (`den`), the numerator rows (`num`, a subset), or a column averaged or summed.
struct Def {
  std::string_view key, name, unit;
  std::string_view table, date;
  Kind kind;
  std::string_view den;  // SQL condition for the rows counted
  std::string_view num;  // ratio: the numerator's extra condition; sums and averages: the column
  std::string_view den_column;  // ratio_of_sums: the denominator's column
  std::optional<double> target;
  std::string_view comparison;
  std::string_view definition;
  std::string_view source;
};

constexpr std::string_view kApps = "fact_applications", kHelp = "fact_help", kRatings = "fact_ratings",
                           kReports = "fact_reports";

const Def kDefs[] = {
    {"prefill_applications", "智能预填使用率", "ratio", kApps, "submitted_on", Kind::ratio,
     "channel = 'online' AND prefill_shown > 0", "prefill_count > 0", "", 0.7, ">",
     "期内网上提交、表单含可预填字段的办件中，使用了数源预填的办件所占比例", "applications"},
    {"prefill_fields", "字段预填率", "ratio", kApps, "submitted_on", Kind::ratio_of_sums,
     "channel = 'online' AND prefill_shown > 0", "prefill_count", "prefill_shown", std::nullopt, "",
     "期内网上提交办件中，由数源预填的字段数占表单可预填字段数的比例", "applications"},
    {"first_time_success", "一次办成率", "ratio", kApps, "decided_on", Kind::ratio,
     "decision IN ('approved', 'denied')", "decision = 'approved' AND corrections = 0", "", 0.9, ">",
     "期内作出决定的办件中，未经补正即准予许可的办件所占比例", "applications"},
    {"avg_application_minutes", "平均申报时长", "minutes", kApps, "submitted_on", Kind::average,
     "channel = 'online' AND fill_minutes >= 0 AND follow_up = 0", "fill_minutes", "", 20.0, "<=",
     "期内申请人网上提交的办件，从打开表单到提交的平均分钟数（不含系统代为生成的免申即办草稿）", "applications"},
    {"on_time_rate", "按时办结率", "ratio", kApps, "decided_on", Kind::ratio, "on_time >= 0", "on_time = 1", "",
     1.0, ">=", "期内作出决定的办件中，在承诺时限（工作日）内作出决定的比例", "applications"},
    {"online_rate", "网上办理率", "ratio", kApps, "submitted_on", Kind::ratio, "1 = 1", "channel = 'online'", "",
     0.9, ">=", "期内提交（含窗口受理）的办件中，网上提交的比例", "applications"},
    {"materials_exempted", "免于提交材料数", "count", kApps, "submitted_on", Kind::sum, "1 = 1",
     "exempt_materials", "", std::nullopt, "",
     "期内提交的办件中，因电子证照或材料库已有而免于提交的材料份数（两个免于提交）", "applications"},
    {"help_resolution", "帮办解决率", "ratio", kHelp, "created_on", Kind::ratio, "assigned = 1", "resolved = 1", "",
     0.9, ">", "期内发起并分配给帮办人员的会话中，已解决（含群众确认）的比例", "help"},
    {"first_response_seconds", "帮办首次响应时长", "seconds", kHelp, "created_on", Kind::average, "responded = 1",
     "first_response_seconds", "", 60.0, "<", "期内已获响应的帮办会话，从发起到帮办人员首次回复的平均秒数", "help"},
    {"first_response_within_1min", "1 分钟内响应率", "ratio", kHelp, "created_on", Kind::ratio, "responded = 1",
     "first_response_met = 1", "", std::nullopt, "",
     "期内已获响应的帮办会话中，在 1 分钟（工作时间）内首次响应的比例", "help"},
    {"satisfaction_rate", "好评率", "ratio", kRatings, "created_on", Kind::ratio, "excluded = 0", "level >= 4", "",
     std::nullopt, "", "期内评价（不含申诉成立不计入的）中，满意和非常满意所占比例", "ratings"},
    {"bad_rating_closure", "差评整改办结率", "ratio", kRatings, "created_on", Kind::ratio,
     "level <= 2 AND excluded = 0", "task_state = 'closed'", "", 1.0, ">=",
     "期内差评（不满意、非常不满意）中，整改任务已办结的比例", "ratings"},
    {"cant_do_reports", "办不成事反映数", "count", kReports, "created_on", Kind::count, "1 = 1", "", "",
     std::nullopt, "", "期内收到的办不成事反映件数（网上、中途放弃、窗口登记）", "reports"},
    {"cant_do_closure", "办不成事办结率", "ratio", kReports, "created_on", Kind::ratio, "1 = 1", "status = 'filed'",
     "", std::nullopt, "", "期内收到的办不成事反映中，已核实办结归档的比例", "reports"},
};

constexpr std::string_view kKeys[] = {"prefill_applications", "prefill_fields",   "first_time_success",
                                      "avg_application_minutes", "on_time_rate", "online_rate",
                                      "materials_exempted",  "help_resolution",  "first_response_seconds",
                                      "first_response_within_1min", "satisfaction_rate", "bad_rating_closure",
                                      "cant_do_reports",     "cant_do_closure"};

const Def& def_of(std::string_view key) {
  for (const auto& d : kDefs)
    if (d.key == key) return d;
  throw not_found("指标 " + std::string(key));
}

// The WHERE clause for the period and the filter (bound as :from, :to, :dept, :item, :unit).
std::string where(const Def& d, const Filter& f) {
  std::string w = fmt::format("{0} <> '' AND {0} >= :from AND {0} <= :to AND ({1})", d.date, d.den);
  if (!f.department.empty()) w += " AND department = :dept";
  if (!f.item.empty()) w += " AND item = :item";
  if (!f.unit.empty()) {
    if (d.table != kHelp) throw invalid("validation-failed", "查询参数有误", "", {{"unit", "街镇只适用于帮办指标"}});
    w += " AND unit = :unit";
  }
  return w;
}

std::string aggregates(const Def& d) {
  switch (d.kind) {
    case Kind::ratio: return fmt::format("SUM(CASE WHEN {} THEN 1 ELSE 0 END), COUNT(*)", d.num);
    case Kind::ratio_of_sums: return fmt::format("SUM({}), SUM({})", d.num, d.den_column);
    case Kind::average: return fmt::format("SUM({}), COUNT(*)", d.num);
    case Kind::sum: return fmt::format("SUM({}), COUNT(*)", d.num);
    case Kind::count: return "COUNT(*), COUNT(*)";
  }
  return "";
}

Value finish(const Def& d, double num, double den) {
  Value v;
  v.key = std::string(d.key);
  v.name = std::string(d.name);
  v.unit = std::string(d.unit);
  v.numerator = num;
  v.denominator = den;
  v.target = d.target;
  v.comparison = std::string(d.comparison);
  v.definition = std::string(d.definition);
  v.source = std::string(d.source);
  switch (d.kind) {
    case Kind::ratio:
    case Kind::ratio_of_sums:
    case Kind::average:
      if (den > 0) v.value = num / den;
      break;
    case Kind::sum:
    case Kind::count: v.value = num; break;
  }
  if (v.value && v.target) {
    double x = *v.value, t = *v.target;
    v.met = d.comparison == ">" ? x > t : d.comparison == ">=" ? x >= t - 1e-12 : d.comparison == "<" ? x < t : x <= t;
  }
  return v;
}

// Runs `sql_text` with the filter's parameters bound, calling `each` per row.
template <class F>
void run(soci::session& sql, const std::string& text, const Filter& f, F&& each) {
  std::string from = format_date(f.from), to = format_date(f.to);
  soci::statement st(sql);
  st.alloc();
  st.prepare(text);
  st.exchange(soci::use(from, "from"));
  st.exchange(soci::use(to, "to"));
  if (!f.department.empty()) st.exchange(soci::use(f.department, "dept"));
  if (!f.item.empty()) st.exchange(soci::use(f.item, "item"));
  if (!f.unit.empty()) st.exchange(soci::use(f.unit, "unit"));
  soci::row row;
  st.exchange(soci::into(row));
  st.define_and_bind();
  st.execute(false);
  while (st.fetch()) each(row);
}

double number(const soci::row& r, std::size_t i) {
  if (r.get_indicator(i) == soci::i_null) return 0;
  switch (r.get_properties(i).get_data_type()) {
    case soci::dt_double: return r.get<double>(i);
    case soci::dt_integer: return r.get<int>(i);
    case soci::dt_long_long: return static_cast<double>(r.get<long long>(i));
    case soci::dt_unsigned_long_long: return static_cast<double>(r.get<unsigned long long>(i));
    case soci::dt_string: return std::stod(r.get<std::string>(i));
    default: return 0;
  }
}

}  // namespace

std::optional<GroupBy> group_by_from(std::string_view s) {
  if (s == "department") return GroupBy::department;
  if (s == "item") return GroupBy::item;
  if (s == "unit") return GroupBy::unit;
  if (s == "month") return GroupBy::month;
  return std::nullopt;
}

std::span<const std::string_view> indicator_keys() { return kKeys; }

Value indicator(db::Database& db, std::string_view key, const Filter& f) {
  const Def& d = def_of(key);
  std::string q = fmt::format("SELECT {} FROM {} WHERE {}", aggregates(d), d.table, where(d, f));
  return db.read([&](soci::session& sql) {
    double num = 0, den = 0;
    run(sql, q, f, [&](const soci::row& r) {
      num = number(r, 0);
      den = number(r, 1);
    });
    return finish(d, num, den);
  });
}

std::vector<Value> indicators(db::Database& db, const Filter& f) {
  std::vector<Value> out;
  for (auto key : kKeys) {
    const Def& d = def_of(key);
    if (!f.unit.empty() && d.table != kHelp) continue;  // a street/town's view: 帮办 only
    out.push_back(indicator(db, key, f));
  }
  return out;
}

std::vector<std::pair<std::string, Value>> breakdown(db::Database& db, std::string_view key, const Filter& f,
                                                     GroupBy by) {
  const Def& d = def_of(key);
  std::string group;
  switch (by) {
    case GroupBy::department: group = "department"; break;
    case GroupBy::item: group = "item"; break;
    case GroupBy::unit:
      if (d.table != kHelp) throw invalid("validation-failed", "查询参数有误", "", {{"by", "街镇只适用于帮办指标"}});
      group = "unit";
      break;
    case GroupBy::month: group = fmt::format("SUBSTR({}, 1, 7)", d.date); break;
  }
  std::string q = fmt::format("SELECT {0}, {1} FROM {2} WHERE {3} GROUP BY {0}", group, aggregates(d), d.table,
                              where(d, f));
  auto rows = db.read([&](soci::session& sql) {
    std::vector<std::pair<std::string, Value>> out;
    run(sql, q, f, [&](const soci::row& r) {
      std::string k = r.get_indicator(0) == soci::i_null ? "" : r.get<std::string>(0);
      out.emplace_back(k, finish(d, number(r, 1), number(r, 2)));
    });
    return out;
  });
  if (by == GroupBy::month)
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  else
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
      return a.second.denominator != b.second.denominator ? a.second.denominator > b.second.denominator
                                                          : a.first < b.first;
    });
  return rows;
}

std::vector<Row> drill(db::Database& db, std::string_view key, const Filter& f, int limit) {
  const Def& d = def_of(key);
  std::string in_num = d.kind == Kind::ratio ? fmt::format("CASE WHEN {} THEN 1 ELSE 0 END", d.num) : "1";
  std::string status = d.table == kApps ? "status" : d.table == kHelp ? "state" : d.table == kRatings ? "task_state" : "status";
  std::string q = fmt::format("SELECT id, department, item, {0}, {1}, {2} FROM {3} WHERE {4} ORDER BY {0} DESC, id DESC"
                              " LIMIT {5}",
                              d.date, status, in_num, d.table, where(d, f), std::clamp(limit, 1, 1000));
  return db.read([&](soci::session& sql) {
    std::vector<Row> out;
    run(sql, q, f, [&](const soci::row& r) {
      Row x;
      x.id = static_cast<long long>(number(r, 0));
      x.department = r.get<std::string>(1);
      x.item = r.get<std::string>(2);
      x.date = r.get<std::string>(3);
      x.status = r.get<std::string>(4);
      x.in_numerator = number(r, 5) != 0;
      out.push_back(std::move(x));
    });
    return out;
  });
}

}  // namespace haoban::analytics
