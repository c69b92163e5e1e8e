// 运营分析报告: the monthly operations report as a PDF (Cairo + Pango): the indicators against their
// targets with a chart, the change from the month before, the departments' service-index ranking,
// the top 办不成事 problems and their rectification plans. `haoban report --period 2026-10 --out
// report.pdf` and `GET /api/v1/cockpit/report?period=` render the same bytes.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "analytics/indicators.h"
#include "analytics/service_index.h"

namespace haoban::analytics {

struct ReportPlan {
  std::string title, department, status, measures;
  std::size_t reports = 0;
};

struct ReportData {
  std::string district;       // 宝山区
  std::string period;         // "2026-10"
  Date from, to;
  std::string generated_at;   // ISO 8601
  std::vector<Value> indicators, previous;  // this month, the month before (same keys, same order)
  std::vector<DepartmentIndex> ranking;
  std::map<std::string, std::string> department_names;   // id → name
  std::vector<std::pair<std::string, long long>> problems;  // 办不成事 category name → reports in the month
  std::vector<ReportPlan> plans;
};

// "2026-10" → the month's first and last day; nullopt for anything else.
std::optional<std::pair<Date, Date>> month_period(std::string_view period);

// The indicators (this month and the one before), the ranking and the problems from the topic
// database; district, names, plans and generated_at are the caller's.
ReportData gather_report(db::Database& db, const IndexDefinition& index, std::string_view period);

// The PDF's bytes (A4). Throws Error(internal) when Cairo fails.
std::string render_report_pdf(const ReportData& data);

}  // namespace haoban::analytics
