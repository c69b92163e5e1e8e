// Usage: every retrieval, click and use of an entry in an answer, counted per entry, day and
// channel; the usage rate and the top and never-used entries (definitions in docs/knowledge.md).
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "core/error.h"
#include "knowledge/internal.h"

namespace haoban::knowledge {

namespace {

constexpr std::size_t kMaxChannel = 16;

// Published at some moment of [from, to]: published on or before `to`, and not retired before `from`.
constexpr char kPublishedInPeriod[] =
    "status IN ('published', 'retired') AND published_at <> '' AND substr(published_at, 1, 10) <= :to"
    " AND (retired_at = '' OR substr(retired_at, 1, 10) >= :from)";

UsageRow row_of(const soci::row& r) {
  UsageRow u;
  u.entry = db::get_int(r, 0);
  u.code = text(r, 1);
  u.title = text(r, 2);
  u.department = text(r, 3);
  u.type = entry_type_from(text(r, 4)).value_or(EntryType::qa);
  u.retrievals = db::get_int(r, 5);
  u.clicks = db::get_int(r, 6);
  u.answers = db::get_int(r, 7);
  return u;
}

}  // namespace

void KnowledgeBase::record_use(std::span<const std::int64_t> entries, UsageKind kind, std::string_view channel,
                               std::string_view on_day) {
  if (entries.empty()) return;
  std::string ch(channel.substr(0, std::min(channel.size(), kMaxChannel)));
  long long r = kind == UsageKind::retrieval, c = kind == UsageKind::click, a = kind == UsageKind::answer;
  const std::string day = on_day.empty() ? impl_->today() : std::string(on_day);
  impl_->db.write([&](db::Tx& tx) {
    for (auto id : entries) {
      long long e = id;
      tx.sql() << "INSERT INTO kb_usage (entry_id, day, channel, retrievals, clicks, answers)"
                  " VALUES (:e, :d, :c, :r, :k, :a) ON CONFLICT (entry_id, day, channel) DO UPDATE SET"
                  " retrievals = kb_usage.retrievals + excluded.retrievals,"
                  " clicks = kb_usage.clicks + excluded.clicks, answers = kb_usage.answers + excluded.answers",
          soci::use(e), soci::use(day), soci::use(ch), soci::use(r), soci::use(c), soci::use(a);
    }
  });
}

UsageReport KnowledgeBase::usage(const Principal& who, std::string_view from, std::string_view to,
                                 std::string_view department, int top) const {
  if (!is_staff(&who)) throw forbidden("只有工作人员可以查看知识库使用情况");
  auto f = parse_date(from), t = parse_date(to);
  std::vector<FieldError> errors;
  if (!f) errors.push_back({"from", "日期格式应为 YYYY-MM-DD"});
  if (!t) errors.push_back({"to", "日期格式应为 YYYY-MM-DD"});
  if (f && t && *t < *f) errors.push_back({"to", "结束日期不能早于开始日期"});
  if (!errors.empty()) throw invalid("validation-failed", "统计区间有误", "", std::move(errors));
  top = std::clamp(top, 1, 100);
  UsageReport rep;
  rep.from = std::string(from);
  rep.to = std::string(to);
  rep.department = std::string(department);
  std::string dept(department), fr(from), tt(to);
  const std::string dept_clause = dept.empty() ? "" : " AND e.department = :dept";
  impl_->db.read([&](soci::session& sql) {
    // Published per department, then used per department.
    std::map<std::string, UsageReport::Department> by_dept;
    {
      soci::rowset<soci::row> rs =
          (sql.prepare << fmt::format("SELECT department, COUNT(*) FROM kb_entries WHERE {} GROUP BY department", kPublishedInPeriod),
           soci::use(tt, "to"), soci::use(fr, "from"));
      for (const auto& r : rs) {
        auto& d = by_dept[text(r, 0)];
        d.id = text(r, 0);
        d.published = db::get_int(r, 1);
      }
    }
    {
      soci::rowset<soci::row> rs =
          (sql.prepare << fmt::format("SELECT e.department, COUNT(DISTINCT e.id) FROM kb_entries e JOIN kb_usage u ON u.entry_id = e.id"
                                      " WHERE u.day >= :from AND u.day <= :to AND (u.clicks > 0 OR u.answers > 0)"
                                      " GROUP BY e.department"),
           soci::use(fr, "from"), soci::use(tt, "to"));
      for (const auto& r : rs) {
        auto& d = by_dept[text(r, 0)];
        d.id = text(r, 0);
        d.used = db::get_int(r, 1);
      }
    }
    for (auto& [id, d] : by_dept) {
      d.rate = d.published ? static_cast<double>(std::min(d.used, d.published)) / static_cast<double>(d.published) : 0;
      if (dept.empty() || id == dept) {
        rep.published += d.published;
        rep.used += d.used;
      }
      rep.departments.push_back(d);
    }
    std::sort(rep.departments.begin(), rep.departments.end(),
              [](const auto& a, const auto& b) { return a.rate != b.rate ? a.rate > b.rate : a.id < b.id; });
    rep.rate = rep.published ? static_cast<double>(std::min(rep.used, rep.published)) / static_cast<double>(rep.published) : 0;
    {
      std::string q = fmt::format(
          "SELECT SUM(u.retrievals), SUM(u.clicks), SUM(u.answers) FROM kb_usage u JOIN kb_entries e ON e.id = u.entry_id"
          " WHERE u.day >= :from AND u.day <= :to{}",
          dept_clause);
      soci::rowset<soci::row> rs = dept.empty() ? (sql.prepare << q, soci::use(fr, "from"), soci::use(tt, "to"))
                                                : (sql.prepare << q, soci::use(fr, "from"), soci::use(tt, "to"), soci::use(dept, "dept"));
      for (const auto& r : rs) {
        if (r.get_indicator(0) == soci::i_null) break;
        rep.retrievals = db::get_int(r, 0);
        rep.clicks = db::get_int(r, 1);
        rep.answers = db::get_int(r, 2);
      }
    }
    {
      std::string q = fmt::format(
          "SELECT e.id, e.code, e.title, e.department, e.type, SUM(u.retrievals), SUM(u.clicks), SUM(u.answers)"
          " FROM kb_usage u JOIN kb_entries e ON e.id = u.entry_id WHERE u.day >= :from AND u.day <= :to{}"
          " GROUP BY e.id, e.code, e.title, e.department, e.type"
          " ORDER BY SUM(u.answers) + SUM(u.clicks) DESC, SUM(u.retrievals) DESC, e.id LIMIT {}",
          dept_clause, top);
      soci::rowset<soci::row> rs = dept.empty() ? (sql.prepare << q, soci::use(fr, "from"), soci::use(tt, "to"))
                                                : (sql.prepare << q, soci::use(fr, "from"), soci::use(tt, "to"), soci::use(dept, "dept"));
      for (const auto& r : rs) rep.top.push_back(row_of(r));
    }
    {
      std::string q = fmt::format(
          "SELECT e.id, e.code, e.title, e.department, e.type, 0, 0, 0 FROM kb_entries e WHERE e.status = 'published'{}"
          " AND NOT EXISTS (SELECT 1 FROM kb_usage u WHERE u.entry_id = e.id AND u.day >= :from AND u.day <= :to"
          " AND (u.clicks > 0 OR u.answers > 0)) ORDER BY e.id LIMIT 50",
          dept_clause);
      soci::rowset<soci::row> rs = dept.empty() ? (sql.prepare << q, soci::use(fr, "from"), soci::use(tt, "to"))
                                                : (sql.prepare << q, soci::use(dept, "dept"), soci::use(fr, "from"), soci::use(tt, "to"));
      for (const auto& r : rs) rep.never_used.push_back(row_of(r));
    }
  });
  return rep;
}

std::vector<EntryLife> KnowledgeBase::changed_after(std::int64_t after) const {
  long long a = after;
  return impl_->db.read([&](soci::session& sql) {
    std::vector<EntryLife> out;
    soci::rowset<soci::row> rs =
        (sql.prepare << "SELECT id, change_seq, department, status, published_at, retired_at FROM kb_entries"
                        " WHERE change_seq > :a ORDER BY change_seq, id",
         soci::use(a));
    for (const auto& r : rs) {
      EntryLife e;
      e.id = db::get_int(r, 0);
      e.change_seq = db::get_int(r, 1);
      e.department = text(r, 2);
      e.status = entry_status_from(text(r, 3)).value_or(EntryStatus::draft);
      e.published_at = text(r, 4);
      e.retired_at = text(r, 5);
      out.push_back(std::move(e));
    }
    return out;
  });
}

std::vector<DailyUse> KnowledgeBase::daily_use(std::string_view from_day) const {
  std::string from(from_day);
  return impl_->db.read([&](soci::session& sql) {
    std::vector<DailyUse> out;
    soci::rowset<soci::row> rs =
        (sql.prepare << "SELECT entry_id, day, SUM(retrievals), SUM(clicks), SUM(answers) FROM kb_usage"
                        " WHERE day >= :d GROUP BY entry_id, day ORDER BY day, entry_id",
         soci::use(from));
    for (const auto& r : rs)
      out.push_back({db::get_int(r, 0), text(r, 1), db::get_int(r, 2), db::get_int(r, 3), db::get_int(r, 4)});
    return out;
  });
}

}  // namespace haoban::knowledge
