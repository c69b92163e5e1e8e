#include "helpdesk/assessment.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "core/csv.h"
#include "core/error.h"

namespace haoban::helpdesk {

namespace {

// Nearest-rank percentile of sorted values (p in (0, 1]).
double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

// The score (docs/helpdesk.md): 30 × share within the 1-minute target + 30 × resolution rate
// + 20 × (1 − reopen rate) + 20 × satisfaction on 0–1, i.e. (mean rating − 1) / 4; nobody rated
// counts as the middle of the scale (3 → 0.5).
double score(const AssessmentRow& r) {
  double satisfaction = r.rated ? (r.satisfaction - 1) / 4 : 0.5;
  return 30 * r.within_target_share + 30 * r.resolution_rate + 20 * (1 - r.reopen_rate) + 20 * satisfaction;
}

std::string utc_bound(Date d) {
  // 00:00 China time is 16:00 UTC the day before.
  return format_iso8601(std::chrono::sys_days(d) - std::chrono::hours(8));
}

}  // namespace

std::optional<GroupBy> group_by_from_string(std::string_view s) {
  if (s == "helper") return GroupBy::helper;
  if (s == "unit") return GroupBy::unit;
  if (s == "department") return GroupBy::department;
  return std::nullopt;
}

Assessment assess(db::Database& db, Date from, Date to, GroupBy by) {
  if (!from.ok() || !to.ok() || std::chrono::sys_days(to) < std::chrono::sys_days(from))
    throw invalid("validation-failed", "查询参数有误", "", {{"to", "结束日期不能早于开始日期"}});
  const std::string lo = utc_bound(from), hi = utc_bound(std::chrono::sys_days(to) + std::chrono::days(1));
  struct Acc {
    AssessmentRow row;
    std::vector<double> first_response;
    long long rating_sum = 0;
  };
  std::map<std::string, Acc> groups;
  db.read([&](soci::session& sql) {
    // One row per assigned conversation: its group, first response, state, reopens, rating, escalation
    // and whether its first-response SLA was met.
    soci::rowset<soci::row> rs =
        (sql.prepare << "SELECT c.helper_id, c.helper_name, COALESCE(h.department, ''), c.department, c.created_at,"
                        " c.first_response_at, c.state, c.reopens, c.rating, c.escalated_to,"
                        " (SELECT COUNT(*) FROM helpdesk_sla s WHERE s.conversation_id = c.id AND"
                        "  s.kind = 'first_response' AND s.state = 'met'),"
                        " (SELECT MIN(e.wall_seconds) FROM helpdesk_sla_events e WHERE e.conversation_id = c.id AND"
                        "  e.kind = 'first_response' AND e.event IN ('met', 'missed', 'stopped') AND e.at = c.first_response_at)"
                        " FROM helpdesk_conversations c LEFT JOIN helpdesk_helpers h ON h.account_id = c.helper_id"
                        " WHERE c.helper_id <> 0 AND c.created_at >= :lo AND c.created_at < :hi ORDER BY c.id",
         soci::use(lo), soci::use(hi));
    for (const auto& r : rs) {
      std::string key, name;
      switch (by) {
        case GroupBy::helper:
          key = std::to_string(db::get_int(r, 0));
          name = r.get<std::string>(1);
          break;
        case GroupBy::unit:
          key = name = r.get<std::string>(2);
          break;
        case GroupBy::department:
          key = name = r.get<std::string>(3);
          break;
      }
      auto& g = groups[key];
      g.row.key = key;
      g.row.name = name;
      ++g.row.conversations;
      if (!r.get<std::string>(5).empty()) {
        ++g.row.responded;
        soci::indicator ind = r.get_indicator(11);
        if (ind != soci::i_null) g.first_response.push_back(static_cast<double>(db::get_int(r, 11)));
      }
      if (db::get_int(r, 10) > 0) ++g.row.within_target;
      std::string state = r.get<std::string>(6);
      if (state == "resolved" || state == "closed") ++g.row.resolved;
      if (db::get_int(r, 7) > 0) ++g.row.reopened;
      if (long long rating = db::get_int(r, 8); rating > 0) {
        ++g.row.rated;
        g.rating_sum += rating;
      }
      if (!r.get<std::string>(9).empty()) ++g.row.escalations;
    }
  });
  Assessment out{from, to, by, {}};
  for (auto& [key, g] : groups) {
    auto& row = g.row;
    std::sort(g.first_response.begin(), g.first_response.end());
    row.first_response_median = percentile(g.first_response, 0.5);
    row.first_response_p90 = percentile(g.first_response, 0.9);
    row.within_target_share = row.responded ? static_cast<double>(row.within_target) / static_cast<double>(row.responded) : 0;
    row.resolution_rate = row.conversations ? static_cast<double>(row.resolved) / static_cast<double>(row.conversations) : 0;
    row.reopen_rate = row.resolved ? static_cast<double>(row.reopened) / static_cast<double>(row.resolved) : 0;
    row.satisfaction = row.rated ? static_cast<double>(g.rating_sum) / static_cast<double>(row.rated) : 0;
    row.score = score(row);
    out.rows.push_back(row);
  }
  std::stable_sort(out.rows.begin(), out.rows.end(),
                   [](const AssessmentRow& a, const AssessmentRow& b) { return a.score > b.score; });
  return out;
}

std::string to_csv(const Assessment& a) {
  std::string out(kCsvBom);
  out += "对象编号,对象,会话数,已首次响应,首次响应中位数(秒),首次响应P90(秒),1分钟内响应,1分钟内响应率,已解决,解决率,"
         "重开,重开率,评价数,满意度,转办,考核得分\r\n";
  for (const auto& r : a.rows)
    out += fmt::format("{},{},{},{},{:.0f},{:.0f},{},{:.4f},{},{:.4f},{},{:.4f},{},{:.2f},{},{:.1f}\r\n",
                       csv_field(r.key), csv_field(r.name), r.conversations, r.responded, r.first_response_median,
                       r.first_response_p90, r.within_target, r.within_target_share, r.resolved, r.resolution_rate,
                       r.reopened, r.reopen_rate, r.rated, r.satisfaction, r.escalations, r.score);
  return out;
}

}  // namespace haoban::helpdesk
