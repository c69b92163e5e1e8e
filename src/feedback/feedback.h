// 好差评: one rating per service event — 一事一评 for an online application, 一次一评 for a counter
// visit or a help conversation — on five levels, tied to the department, item and staff member of
// that event. A bad rating (不满意 / 非常不满意) opens a rectification task that runs to closure:
//
//   callback ──▶ verifying ──▶ rectifying ──▶ reviewing ──▶ closed
//      (the rater is called      │  upheld        ▲   │ rater unsatisfied (once): rectifying again
//       back; 100% for real-     │                │   └ rater satisfied, or silent past the deadline
//       name ratings)            └ not upheld ──▶ appealed ──▶ closed (granted by the data bureau:
//                                                          │          the rating is kept, excluded)
//                                                          └ rejected: rectifying
//
// Every step has a deadline in working days (callback 1, verification 2, rectification
// Options::rectify_days — default 5 — and the rater's review 5); `tick` marks what is overdue and
// tells the department and the data bureau once. Ratings are never changed or deleted (the store
// refuses an UPDATE or DELETE on them); the rater's identity is shown only to the department staff
// who must call back.
//
// Thread-safety: shared by all request threads; every change is one store transaction.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "core/clock.h"
#include "core/events.h"
#include "core/principal.h"
#include "db/db.h"

namespace haoban::feedback {

// 非常满意 5 … 非常不满意 1.
std::string_view level_label(int level);
inline bool is_bad(int level) { return level <= 2; }

// A service event someone may rate, as its module knows it.
struct ServiceEvent {
  std::string kind;  // application | counter | help
  long long id = 0;
  long long owner = 0;  // the account that may rate it (counter visits: whoever holds the token)
  std::string department, item, item_name;
  long long staff = 0;
  std::string staff_name;
  bool finished = false;  // rateable only once the service is done (decided, resolved)
};

// Finds an application or help conversation for the rater; nullopt when it does not exist or is
// not theirs. Counter visits are this module's own.
using EventLookup = std::function<std::optional<ServiceEvent>(std::string_view kind, long long id, const Principal& who)>;

struct Rating {
  long long id = 0;
  std::string channel;  // online | counter | help
  std::string event_kind;
  long long event_id = 0;
  std::string department, item, item_name;
  long long staff = 0;
  std::string staff_name;
  int level = 0;
  std::vector<std::string> tags;
  std::string text;
  bool real_name = false;
  std::string rater_name, rater_phone;  // empty unless the viewer must call back
  std::string created_at;
  bool excluded = false;  // an appeal was granted: kept, but out of the department's figures
  long long task = 0;     // the rectification task a bad rating opened
};

struct NewRating {
  std::string event_kind;  // application | counter | help
  long long event_id = 0;
  std::string token;       // counter visits: the visit's token
  int level = 0;
  std::vector<std::string> tags;
  std::string text;
  std::string phone;       // for the call-back (the account has none on file)
  bool anonymous = false;  // a counter rating without a name
};

struct CounterVisit {
  long long id = 0;
  std::string department, item, item_name, token;
  long long staff = 0;
  std::string staff_name, created_at;
  long long rating = 0;
};

struct TaskStep {
  std::string at, actor, action, note;
};

struct Task {
  long long id = 0;
  long long rating = 0;
  int level = 0;            // the rating's level and text, for whoever works the task
  std::string rating_text;
  std::string department, item;
  std::string state;  // callback | verifying | rectifying | appealed | reviewing | closed
  std::string due_on;  // YYYY-MM-DD: the current step's deadline
  bool overdue = false;
  std::string callback_result;  // reached | unreachable | not_needed
  std::string finding;          // what verification found
  std::string appeal_reason, appeal_decision;
  std::string measures;         // the rectification
  std::string review;           // satisfied | unsatisfied | no_reply
  int reopened = 0;
  std::string created_at, closed_at;
  std::vector<TaskStep> steps;
};

struct TaskFilter {
  std::string department;  // "" for all the viewer may see
  std::string state;       // "" for all; "open" for all but closed
  bool overdue_only = false;
};

struct Options {
  int callback_days = 1, verify_days = 2, rectify_days = 5, review_days = 5;
};

class FeedbackService {
 public:
  FeedbackService(db::Database& db, const Clock& clock, const WorkingCalendar& calendar, EventBus& events,
                  EventLookup lookup, Options options = {});
  ~FeedbackService();
  static std::span<const db::Migration> migrations();

  // --- ratings ---
  // Once per event (409 already-rated); a bad one opens a task. Throws invalid naming the fields.
  Rating rate(const Principal& rater, const NewRating& r);
  // Ratings of a department (staff: their own department; analysts and admin: any), newest first.
  std::vector<Rating> ratings(const Principal& viewer, const std::string& department, std::optional<Date> from,
                              std::optional<Date> to, int limit = 200);
  // One rating with its task, for the topic database (no rater identity); nullopt when unknown.
  std::optional<Rating> rating(long long id);
  // The rating a rectification task belongs to.
  std::optional<long long> rating_of_task(long long task);
  // A rectification task's state ("" when there is none).
  std::string task_state(long long task);
  // A help conversation's rating, recorded where 帮办 takes it (one question, one rating).
  Rating record_help_rating(const Principal& rater, long long conversation, int level);

  // --- counter visits (一次一评 at the window) ---
  // The clerk's department, the item (named by the caller from the catalog), a token for the pad.
  CounterVisit record_visit(const Principal& clerk, const std::string& item, const std::string& item_name);
  CounterVisit visit(long long id, const std::string& token);  // for the rating pad

  // --- rectification ---
  std::vector<Task> tasks(const Principal& viewer, const TaskFilter& f);
  Task task(const Principal& viewer, long long id);
  Task record_callback(const Principal& staff, long long id, bool reached, const std::string& note);
  Task verify(const Principal& staff, long long id, bool upheld, const std::string& finding);
  Task appeal(const Principal& staff, long long id, const std::string& reason);
  Task decide_appeal(const Principal& bureau, long long id, bool granted, const std::string& decision);
  Task rectify(const Principal& staff, long long id, const std::string& measures);
  Task review(const Principal& rater, long long id, bool satisfied, const std::string& note);
  // Overdue marking (told once per step) and the rater's silence past the review deadline.
  int tick();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace haoban::feedback
