// 办不成事 ("I couldn't get it done"): reports from the portal (any item or application page, and an
// applicant who abandons a form midway and says why), and from the counter (a clerk records a
// walk-in's). Each runs a closed loop with deadlines in working days:
//
//   received ─(desk classifies and assigns)─▶ assigned ─(department handles)─▶ handled
//     ─(department replies to the reporter)─▶ replied ─(the reporter confirms, or the desk verifies)─▶
//     verified ─(desk files)─▶ filed
//
// The desk is the district data bureau (analysts of sjj) and admin. A step past its deadline is
// escalated: level 1 tells the department and the desk; level 2 (more than `escalate_after` working
// days late) tells admin too. Similar reports — text similarity plus the item concerned — are
// grouped so that one typical problem gets one rectification plan covering its whole class
// (解决一个诉求带动破解一类问题); filing a plan's reports cites it.
//
// Thread-safety: shared by all request threads; every change is one store transaction.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "core/clock.h"
#include "core/events.h"
#include "core/principal.h"
#include "db/db.h"
#include "feedback/feedback.h"

namespace haoban::feedback {

// The categories a report is classified into (Open311 services).
struct Category {
  std::string_view code, name, description;
};
std::span<const Category> report_categories();

struct Report {
  long long id = 0;
  std::string channel;  // online | abandon | counter
  long long reporter = 0;
  std::string reporter_name, reporter_phone;  // only for the desk and the assigned department
  std::string item, item_name;
  long long application = 0;
  std::string text;
  std::string category, department;
  std::string status;  // received | assigned | handled | replied | verified | filed
  std::string due_on;
  bool overdue = false;
  int escalation = 0;  // 0, 1 (department and desk told), 2 (admin told)
  std::string handling, reply, verification;
  long long plan = 0;  // the problem-class plan it belongs to
  std::string created_at, updated_at, filed_at;
  std::vector<TaskStep> steps;
};

struct NewReport {
  std::string channel;  // online | abandon | counter
  std::string item;
  long long application = 0;
  std::string text;
  std::string reason;    // abandon: the reason chosen (材料太多, 看不懂, 系统出错, …)
  std::string reporter_name, reporter_phone;  // counter: the walk-in's, as the clerk records it
};

struct ReportFilter {
  std::string status;  // "" all; "open": not filed; or one status
  std::string department;
  std::string category;
  bool overdue_only = false;
  std::optional<Date> from, to;
};

// A typical problem and its rectification plan, covering the reports linked to it.
struct Plan {
  long long id = 0;
  std::string title, department, measures, due_on, status;  // status: open | done
  std::vector<long long> reports;
  std::string created_by, created_at, done_at;
};

struct ReportOptions {
  int classify_days = 1, handle_days = 5, reply_days = 1, verify_days = 3, file_days = 1;
  int escalate_after = 2;  // working days late before admin is told
};

class Reports {
 public:
  // `item_department`: the item's department and name (nullopt: unknown item).
  using ItemInfo = std::function<std::optional<std::pair<std::string, std::string>>(const std::string& code)>;
  Reports(db::Database& db, const Clock& clock, const WorkingCalendar& calendar, EventBus& events, ItemInfo items,
          ReportOptions options = {});
  ~Reports();
  static std::span<const db::Migration> migrations();

  // Online and abandon: by an applicant; counter: by a window clerk for a walk-in.
  Report submit(const Principal& who, const NewReport& r);
  std::vector<Report> list(const Principal& viewer, const ReportFilter& f);
  Report get(const Principal& viewer, long long id);
  // The desk: classify into a category and assign to the responsible department.
  Report assign(const Principal& desk, long long id, const std::string& category, const std::string& department,
                const std::string& note);
  Report handle(const Principal& staff, long long id, const std::string& handling);
  Report reply(const Principal& staff, long long id, const std::string& reply);
  // The reporter confirms (resolved or not, with a note); the desk verifies for counter reports or
  // when the reporter is silent. Not resolved sends it back to the department (assigned).
  Report verify(const Principal& who, long long id, bool resolved, const std::string& note);
  Report file(const Principal& desk, long long id, const std::string& note);

  // Similar open and recent reports (90 days), grouped; reports already in a plan are left out.
  std::vector<std::vector<long long>> similar_groups(const Principal& desk);
  Plan create_plan(const Principal& desk, const std::string& title, const std::string& department,
                   const std::string& measures, const std::vector<long long>& reports);
  Plan complete_plan(const Principal& desk, long long id, const std::string& measures);
  std::vector<Plan> plans(const Principal& viewer);

  // Public view for Open311: all reports (no reporter), newest first, optionally by status/category/date.
  std::vector<Report> public_list(const std::string& category, const std::string& open_closed,
                                  std::optional<Date> from, std::optional<Date> to, int limit);
  std::optional<Report> public_get(long long id);

  // Overdue escalation and the reporter's silence past the verify deadline.
  int tick();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace haoban::feedback
