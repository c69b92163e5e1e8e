// The application lifecycle as a pure state machine: which action may move an application from
// which state, and who may take it. No store, no clock: the service applies what this allows.
//
//   draft ─submit→ submitted ─accept→ accepted ─approve→ approved ─complete→ completed
//                      │  ╲not_accept→ not_accepted        ╲deny→ denied ─complete→ completed
//                      └return→ returned ─resubmit→ (the state it was returned from)
//   accepted ─return→ returned (the deadline clock stops until resubmit)
//   draft | submitted | returned | accepted ─withdraw→ withdrawn
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace haoban::applications {

enum class Status { draft, submitted, accepted, not_accepted, returned, approved, denied, completed, withdrawn };

enum class Action { submit, accept, not_accept, return_for_correction, resubmit, approve, deny, complete, withdraw };

// Who takes an action: the applicant who owns the application, or staff of its department.
enum class Actor { applicant, clerk, approver };

std::string_view to_string(Status s);
std::string_view label(Status s);  // 草稿, 已提交, 已受理 …
std::optional<Status> status_from_string(std::string_view s);
std::string_view to_string(Action a);  // "return" for return_for_correction
std::string_view label(Action a);
std::optional<Action> action_from_string(std::string_view s);

struct Transition {
  Status to;
  bool reason_required;  // refusals and returns must say why
};

// The transition `a` causes from `from`, or nullopt when the action is not allowed in that state.
// `returned_from` is where a returned application goes back to on resubmit.
std::optional<Transition> transition(Status from, Action a, std::optional<Status> returned_from = std::nullopt);

// Whether `who` may take `a` (clerks accept, refuse, return and complete; approvers also return,
// approve, deny and complete; applicants submit, resubmit and withdraw).
bool may_take(Actor who, Action a);

// Statuses in which nothing more can happen.
bool is_final(Status s);
// A bundle's status as its applicant sees it, from its parts: 已办结 when every part is final,
// 待补正 when any waits for a correction, 办理中 once any is accepted or decided, else 已提交.
std::string_view combined_label(const std::vector<Status>& parts);

// Statuses in which the promised-deadline clock runs.
bool clock_runs(Status s);

}  // namespace haoban::applications
