#include "analytics/indicators.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "core/error.h"

namespace haoban::analytics {

namespace {

enum class Kind { ratio, ratio_of_sums, average, sum, count, unavailable };

// One indicator: over `table`'s rows in the period, the denominator rows (`den`), the numerator
// rows (`num`, a subset), or a column averaged or summed. A row is in the period when its `date`
// column falls in it, or when `period` (an SQL condition on :from and :to) holds.
// A fact table as the indicators read it: what to select from (the columns every query names — id,
// department, item, unit — under those names), the column a drilled row shows as its state, and the
// filters and breakdowns that apply besides department.
struct Facts {
  std::string_view from;
  std::string_view status;
  bool by_item, by_unit;
};

// Applications and grants count per street/town (the applicant's, the beneficiary's), help per
// helper's street/town; ratings and reports do not; knowledge entries have neither items nor streets.
constexpr Facts kApps{"fact_applications", "status", true, true}, kHelp{"fact_help", "state", true, true},
    kRatings{"fact_ratings", "task_state", true, false}, kReports{"fact_reports", "status", true, false},
    kGrants{"(SELECT id, department, policy AS item, unit, state AS status, granted_on, paid_on, amount"
            " FROM fact_grants) AS g",
            "status", true, true},
    kKnowledge{"(SELECT id, department, '' AS item, status, published_on, retired_on FROM fact_kb_entries) AS k",
               "status", false, false},
    kNoFacts{"", "status", true, true};  // an indicator whose module records nothing yet

struct Def {
  std::string_view key, name, unit;
  const Facts* facts;
  std::string_view date;
  Kind kind;
  std::string_view den;  // SQL condition for the rows counted
  std::string_view num;  // ratio: the numerator's extra condition; sums and averages: the column
  std::string_view den_column;  // ratio_of_sums: the denominator's column
  std::optional<double> target;
  std::string_view comparison;
  std::string_view definition;
  std::string_view source;
  std::string_view period = {};  // replaces the date range (a stock such as entries in force)
  std::string_view note = {};    // unavailable: why

  std::string_view table() const { return facts->from; }
  bool by_item() const { return facts->by_item; }
  bool by_unit() const { return facts->by_unit; }
};

// Published at some moment of the period (the knowledge base's own definition, docs/knowledge.md),
// and in force on its last day. An entry returned to draft is not counted (its history is the
// knowledge base's, not the facts'); one retired at an unknown date is counted as retired long ago.
constexpr std::string_view kKbPublishedInPeriod =
    "status IN ('published', 'retired') AND published_on <> '' AND published_on <= :to"
    " AND (status = 'published' OR (retired_on <> '' AND retired_on >= :from))";
constexpr std::string_view kKbInForceAtEnd =
    "status IN ('published', 'retired') AND published_on <> '' AND published_on <= :to"
    " AND (status = 'published' OR retired_on > :to)";

// The five levels of 好差评, best first (ratings_distribution's parts).
constexpr std::pair<int, std::string_view> kLevels[] = {
    {5, "非常满意"}, {4, "满意"}, {3, "基本满意"}, {2, "不满意"}, {1, "非常不满意"}};

const Def kDefs[] = {
    {"prefill_applications", "智能预填使用率", "ratio", &kApps, "submitted_on", Kind::ratio,
     "channel = 'online' AND prefill_shown > 0", "prefill_count > 0", "", 0.7, ">",
     "期内网上提交、表单含可预填字段的办件中，使用了数源预填的办件所占比例", "applications"},
    {"prefill_fields", "字段预填率", "ratio", &kApps, "submitted_on", Kind::ratio_of_sums,
     "channel = 'online' AND prefill_shown > 0", "prefill_count", "prefill_shown", std::nullopt, "",
     "期内网上提交办件中，由数源预填的字段数占表单可预填字段数的比例", "applications"},
    {"first_time_success", "一次办成率", "ratio", &kApps, "decided_on", Kind::ratio,
     "decision IN ('approved', 'denied')", "decision = 'approved' AND corrections = 0", "", 0.9, ">",
     "期内作出决定的办件中，未经补正即准予许可的办件所占比例", "applications"},
    {"avg_application_minutes", "平均申报时长", "minutes", &kApps, "submitted_on", Kind::average,
     "channel = 'online' AND fill_minutes >= 0 AND follow_up = 0", "fill_minutes", "", 20.0, "<=",
     "期内申请人网上提交的办件，从打开表单到提交的平均分钟数（不含系统代为生成的免申即办草稿）", "applications"},
    {"on_time_rate", "按时办结率", "ratio", &kApps, "decided_on", Kind::ratio, "on_time >= 0", "on_time = 1", "",
     1.0, ">=", "期内作出决定的办件中，在承诺时限（工作日）内作出决定的比例", "applications"},
    {"online_rate", "网上办理率", "ratio", &kApps, "submitted_on", Kind::ratio, "1 = 1", "channel = 'online'", "",
     0.9, ">=", "期内提交（含窗口受理）的办件中，网上提交的比例", "applications"},
    {"materials_exempted", "免于提交材料数", "count", &kApps, "submitted_on", Kind::sum, "1 = 1",
     "exempt_materials", "", std::nullopt, "",
     "期内提交的办件中，因电子证照或材料库已有而免于提交的材料份数（两个免于提交）", "applications"},
    {"help_resolution", "帮办解决率", "ratio", &kHelp, "created_on", Kind::ratio, "assigned = 1", "resolved = 1", "",
     0.9, ">", "期内发起并分配给帮办人员的会话中，已解决（含群众确认）的比例", "help"},
    {"first_response_seconds", "帮办首次响应时长", "seconds", &kHelp, "created_on", Kind::average, "responded = 1",
     "first_response_seconds", "", 60.0, "<", "期内已获响应的帮办会话，从发起到帮办人员首次回复的平均秒数", "help"},
    {"first_response_within_1min", "1 分钟内响应率", "ratio", &kHelp, "created_on", Kind::ratio, "responded = 1",
     "first_response_met = 1", "", std::nullopt, "",
     "期内已获响应的帮办会话中，在 1 分钟（工作时间）内首次响应的比例", "help"},
    {"kb_entries", "知识库在用条目数", "count", &kKnowledge, "published_on", Kind::count, "1 = 1", "", "", 20000.0,
     ">=", "统计区间最后一天已发布且未废止的知识条目数", "knowledge", kKbInForceAtEnd},
    {"kb_usage_rate", "知识库使用率", "ratio", &kKnowledge, "published_on", Kind::ratio, "1 = 1",
     "EXISTS (SELECT 1 FROM fact_kb_usage u WHERE u.entry_id = k.id AND u.day >= :from AND u.day <= :to"
     " AND u.clicks + u.answers > 0)",
     "", std::nullopt, "",
     "期内曾处于发布状态的知识条目中，期内被打开查看或被小宝、帮办用于答复至少一次的条目所占比例", "knowledge",
     kKbPublishedInPeriod},
    {"prereview_usage", "智能预审使用率", "ratio", &kNoFacts, "", Kind::unavailable, "", "", "", std::nullopt, "",
     "期内提交的办件中，提交前经过智能预审（材料与表单按审查要点自动核验）的办件所占比例", "reviews", {},
     "智能预审模块（review）尚未上线，暂无可统计的预审记录"},
    {"policy_coverage", "免申即享兑现率", "ratio", &kGrants, "granted_on", Kind::ratio, "status <> 'withdrawn'",
     "status IN ('paid', 'clawed_back')", "", std::nullopt, "",
     "期内确认名单产生的免申即享待遇（不含撤回的）中，已拨付到账的比例", "policies"},
    {"policy_amount", "免申即享兑现金额", "yuan", &kGrants, "paid_on", Kind::sum, "1 = 1", "amount", "", std::nullopt,
     "", "期内拨付到账的免申即享资金总额（元，含此后追回的）", "policies"},
    {"satisfaction_rate", "好评率", "ratio", &kRatings, "created_on", Kind::ratio, "excluded = 0", "level >= 4", "",
     std::nullopt, "", "期内评价（不含申诉成立不计入的）中，满意和非常满意所占比例", "ratings"},
    {"ratings_distribution", "评价分布", "count", &kRatings, "created_on", Kind::count, "excluded = 0", "", "",
     std::nullopt, "", "期内评价（不含申诉成立不计入的）的件数，按非常满意、满意、基本满意、不满意、非常不满意五档分布",
     "ratings"},
    {"bad_rating_closure", "差评整改办结率", "ratio", &kRatings, "created_on", Kind::ratio,
     "level <= 2 AND excluded = 0", "task_state = 'closed'", "", 1.0, ">=",
     "期内差评（不满意、非常不满意）中，整改任务已办结的比例", "ratings"},
    {"cant_do_reports", "办不成事反映数", "count", &kReports, "created_on", Kind::count, "1 = 1", "", "",
     std::nullopt, "", "期内收到的办不成事反映件数（网上、中途放弃、窗口登记）", "reports"},
    {"cant_do_closure", "办不成事办结率", "ratio", &kReports, "created_on", Kind::ratio, "1 = 1", "status = 'filed'",
     "", std::nullopt, "", "期内收到的办不成事反映中，已核实办结归档的比例", "reports"},
};

constexpr std::string_view kKeys[] = {
    "prefill_applications", "prefill_fields",      "first_time_success", "avg_application_minutes",
    "on_time_rate",         "online_rate",         "materials_exempted", "help_resolution",
    "first_response_seconds", "first_response_within_1min", "kb_entries", "kb_usage_rate",
    "prereview_usage",      "policy_coverage",     "policy_amount",      "satisfaction_rate",
    "ratings_distribution", "bad_rating_closure",  "cant_do_reports",    "cant_do_closure"};

const Def& def_of(std::string_view key) {
  for (const auto& d : kDefs)
    if (d.key == key) return d;
  throw not_found("指标 " + std::string(key));
}

// The rows in the period (the date range, or the indicator's own period condition).
std::string in_period(const Def& d) {
  return d.period.empty() ? fmt::format("{0} <> '' AND {0} >= :from AND {0} <= :to", d.date) : std::string(d.period);
}

// The WHERE clause for the period and the filter (bound as :from, :to, :dept, :item, :unit), and
// with `den` the indicator's own rows.
std::string where(const Def& d, const Filter& f, bool den = true) {
  std::string w = in_period(d);
  if (den) w += fmt::format(" AND ({})", d.den);
  if (!f.department.empty()) w += " AND department = :dept";
  if (!f.item.empty()) {
    if (!d.by_item()) throw invalid("validation-failed", "查询参数有误", "", {{"item", "该指标不按事项统计"}});
    w += " AND item = :item";
  }
  if (!f.unit.empty()) {
    if (!d.by_unit()) throw invalid("validation-failed", "查询参数有误", "", {{"unit", "该指标不按街镇统计"}});
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
    case Kind::unavailable: return "";
  }
  return "";
}

// The same aggregates over a wider set of rows, counting only the indicator's own (`den`), so that
// indicators over one table and period share one scan.
std::string aggregates_within(const Def& d) {
  auto when = [&](std::string_view cond, std::string_view then) {
    return fmt::format("SUM(CASE WHEN ({}) AND ({}) THEN {} ELSE 0 END)", d.den, cond, then);
  };
  switch (d.kind) {
    case Kind::ratio: return when(d.num, "1") + ", " + when("1 = 1", "1");
    case Kind::ratio_of_sums: return when("1 = 1", d.num) + ", " + when("1 = 1", d.den_column);
    case Kind::average:
    case Kind::sum: return when("1 = 1", d.num) + ", " + when("1 = 1", "1");
    case Kind::count: return when("1 = 1", "1") + ", " + when("1 = 1", "1");
    case Kind::unavailable: return "";
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
  v.note = std::string(d.note);
  switch (d.kind) {
    case Kind::ratio:
    case Kind::ratio_of_sums:
    case Kind::average:
      if (den > 0) v.value = num / den;
      break;
    case Kind::sum:
    case Kind::count: v.value = num; break;
    case Kind::unavailable: break;
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
  // Named parameters the statement does not use may not be bound.
  if (text.find(":from") != std::string::npos) st.exchange(soci::use(from, "from"));
  if (text.find(":to") != std::string::npos) st.exchange(soci::use(to, "to"));
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

namespace {

// ratings_distribution: the count per level, best first.
void add_parts(soci::session& sql, const Def& d, const Filter& f, Value& v) {
  if (d.key != "ratings_distribution") return;
  std::map<int, double> by_level;
  run(sql, fmt::format("SELECT level, COUNT(*) FROM {} WHERE {} GROUP BY level", d.table(), where(d, f)), f,
      [&](const soci::row& r) { by_level[static_cast<int>(number(r, 0))] = number(r, 1); });
  for (const auto& [level, label] : kLevels) v.parts.push_back({std::to_string(level), std::string(label), by_level[level]});
}

}  // namespace

Value indicator(db::Database& db, std::string_view key, const Filter& f) {
  const Def& d = def_of(key);
  if (d.kind == Kind::unavailable) {
    where(d, f);  // the same filter checks as the others
    return finish(d, 0, 0);
  }
  std::string q = fmt::format("SELECT {} FROM {} WHERE {}", aggregates(d), d.table(), where(d, f));
  return db.read([&](soci::session& sql) {
    double num = 0, den = 0;
    run(sql, q, f, [&](const soci::row& r) {
      num = number(r, 0);
      den = number(r, 1);
    });
    Value v = finish(d, num, den);
    add_parts(sql, d, f, v);
    return v;
  });
}

// One query per table and period: the indicators that count the same rows' dates share a scan
// (a year's overview read the applications seven times before, bench/cockpit).
std::vector<Value> indicators(db::Database& db, const Filter& f) {
  std::vector<const Def*> shown;
  for (auto key : kKeys) {
    const Def& d = def_of(key);
    if (!f.unit.empty() && !d.by_unit()) continue;  // a street/town's view: what is counted per street/town
    if (!f.item.empty() && !d.by_item()) continue;  // an item's view: what is counted per item
    shown.push_back(&d);
  }
  std::map<const Def*, Value> values;
  std::vector<std::vector<const Def*>> scans;  // defs sharing table and period, in first-seen order
  for (const Def* d : shown) {
    if (d->kind == Kind::unavailable) {
      values[d] = finish(*d, 0, 0);
      continue;
    }
    auto same = std::find_if(scans.begin(), scans.end(), [&](const auto& g) {
      return g.front()->facts == d->facts && in_period(*g.front()) == in_period(*d);
    });
    if (same == scans.end()) scans.push_back({d});
    else same->push_back(d);
  }
  db.read([&](soci::session& sql) {
    for (const auto& group : scans) {
      std::string columns;
      for (const Def* d : group) columns += (columns.empty() ? "" : ", ") + aggregates_within(*d);
      run(sql, fmt::format("SELECT {} FROM {} WHERE {}", columns, group.front()->table(), where(*group.front(), f, false)), f,
          [&](const soci::row& r) {
            for (std::size_t i = 0; i < group.size(); ++i) values[group[i]] = finish(*group[i], number(r, 2 * i), number(r, 2 * i + 1));
          });
      for (const Def* d : group) add_parts(sql, *d, f, values[d]);
    }
  });
  std::vector<Value> out;
  for (const Def* d : shown) out.push_back(std::move(values[d]));
  return out;
}

std::vector<std::pair<std::string, Value>> breakdown(db::Database& db, std::string_view key, const Filter& f,
                                                     GroupBy by) {
  const Def& d = def_of(key);
  std::string group;
  switch (by) {
    case GroupBy::department: group = "department"; break;
    case GroupBy::item:
      if (!d.by_item()) throw invalid("validation-failed", "查询参数有误", "", {{"by", "该指标不按事项统计"}});
      group = "item";
      break;
    case GroupBy::unit:
      if (!d.by_unit()) throw invalid("validation-failed", "查询参数有误", "", {{"by", "该指标不按街镇统计"}});
      group = "unit";
      break;
    case GroupBy::month:
      if (!d.period.empty()) throw invalid("validation-failed", "查询参数有误", "", {{"by", "该指标是期末存量，不按月分组"}});
      group = fmt::format("SUBSTR({}, 1, 7)", d.date);
      break;
  }
  if (d.kind == Kind::unavailable) return {};
  std::string q = fmt::format("SELECT {0}, {1} FROM {2} WHERE {3} GROUP BY {0}", group, aggregates(d), d.table(),
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
  if (d.kind == Kind::unavailable) return {};
  std::string in_num = d.kind == Kind::ratio ? fmt::format("CASE WHEN {} THEN 1 ELSE 0 END", d.num) : "1";
  std::string q = fmt::format("SELECT id, department, item, {0}, {1}, {2} FROM {3} WHERE {4} ORDER BY {0} DESC, id DESC"
                              " LIMIT {5}",
                              d.date, d.facts->status, in_num, d.table(), where(d, f), std::clamp(limit, 1, 50000));
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
