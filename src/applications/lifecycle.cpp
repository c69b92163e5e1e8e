#include "applications/lifecycle.h"

#include <algorithm>

namespace haoban::applications {

namespace {

struct StatusName {
  Status s;
  std::string_view name, label;
};
constexpr StatusName kStatuses[] = {
    {Status::draft, "draft", "草稿"},           {Status::submitted, "submitted", "已提交"},
    {Status::accepted, "accepted", "已受理"},   {Status::not_accepted, "not_accepted", "不予受理"},
    {Status::returned, "returned", "待补正"},   {Status::approved, "approved", "准予许可"},
    {Status::denied, "denied", "不予许可"},     {Status::completed, "completed", "已办结"},
    {Status::withdrawn, "withdrawn", "已撤回"},
};

struct ActionName {
  Action a;
  std::string_view name, label;
};
constexpr ActionName kActions[] = {
    {Action::submit, "submit", "提交"},         {Action::accept, "accept", "受理"},
    {Action::not_accept, "not_accept", "不予受理"}, {Action::return_for_correction, "return", "退回补正"},
    {Action::resubmit, "resubmit", "补正后重新提交"}, {Action::approve, "approve", "准予许可"},
    {Action::deny, "deny", "不予许可"},         {Action::complete, "complete", "办结"},
    {Action::withdraw, "withdraw", "撤回"},
};

}  // namespace

std::string_view to_string(Status s) {
  for (const auto& n : kStatuses)
    if (n.s == s) return n.name;
  return "draft";
}
std::string_view label(Status s) {
  for (const auto& n : kStatuses)
    if (n.s == s) return n.label;
  return "";
}
std::optional<Status> status_from_string(std::string_view s) {
  for (const auto& n : kStatuses)
    if (n.name == s) return n.s;
  return std::nullopt;
}
std::string_view to_string(Action a) {
  for (const auto& n : kActions)
    if (n.a == a) return n.name;
  return "";
}
std::string_view label(Action a) {
  for (const auto& n : kActions)
    if (n.a == a) return n.label;
  return "";
}
std::optional<Action> action_from_string(std::string_view s) {
  for (const auto& n : kActions)
    if (n.name == s) return n.a;
  return std::nullopt;
}

std::optional<Transition> transition(Status from, Action a, std::optional<Status> returned_from) {
  switch (a) {
    case Action::submit:
      if (from == Status::draft) return Transition{Status::submitted, false};
      break;
    case Action::accept:
      if (from == Status::submitted) return Transition{Status::accepted, false};
      break;
    case Action::not_accept:
      if (from == Status::submitted) return Transition{Status::not_accepted, true};
      break;
    case Action::return_for_correction:
      if (from == Status::submitted || from == Status::accepted) return Transition{Status::returned, true};
      break;
    case Action::resubmit:
      if (from == Status::returned) return Transition{returned_from.value_or(Status::submitted), false};
      break;
    case Action::approve:
      if (from == Status::accepted) return Transition{Status::approved, false};
      break;
    case Action::deny:
      if (from == Status::accepted) return Transition{Status::denied, true};
      break;
    case Action::complete:
      if (from == Status::approved || from == Status::denied) return Transition{Status::completed, false};
      break;
    case Action::withdraw:
      if (from == Status::draft || from == Status::submitted || from == Status::returned || from == Status::accepted)
        return Transition{Status::withdrawn, false};
      break;
  }
  return std::nullopt;
}

bool may_take(Actor who, Action a) {
  switch (a) {
    case Action::submit:
    case Action::resubmit:
    case Action::withdraw: return who == Actor::applicant;
    case Action::accept:
    case Action::not_accept: return who == Actor::clerk || who == Actor::approver;
    case Action::return_for_correction:
    case Action::complete: return who == Actor::clerk || who == Actor::approver;
    case Action::approve:
    case Action::deny: return who == Actor::approver;
  }
  return false;
}

bool is_final(Status s) {
  return s == Status::not_accepted || s == Status::completed || s == Status::withdrawn;
}

std::string_view combined_label(const std::vector<Status>& parts) {
  auto any = [&](auto pred) { return std::any_of(parts.begin(), parts.end(), pred); };
  if (parts.empty()) return label(Status::submitted);
  if (std::all_of(parts.begin(), parts.end(), [](Status s) { return is_final(s); })) return "已办结";
  if (any([](Status s) { return s == Status::returned; })) return label(Status::returned);
  if (any([](Status s) { return s != Status::submitted; })) return "办理中";
  return label(Status::submitted);
}

bool clock_runs(Status s) { return s == Status::accepted; }

}  // namespace haoban::applications
