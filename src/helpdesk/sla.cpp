#include "helpdesk/sla.h"

namespace haoban::helpdesk {

std::string_view to_string(SlaKind k) {
  switch (k) {
    case SlaKind::first_response: return "first_response";
    case SlaKind::next_response: return "next_response";
    case SlaKind::resolution: return "resolution";
  }
  return "";
}

std::string_view to_string(SlaState s) {
  switch (s) {
    case SlaState::active: return "active";
    case SlaState::met: return "met";
    case SlaState::missed: return "missed";
  }
  return "";
}

std::optional<SlaKind> sla_kind_from_string(std::string_view s) {
  for (auto k : {SlaKind::first_response, SlaKind::next_response, SlaKind::resolution})
    if (to_string(k) == s) return k;
  return std::nullopt;
}

int SlaTargets::minutes(SlaKind k) const {
  switch (k) {
    case SlaKind::first_response: return first_response_minutes;
    case SlaKind::next_response: return next_response_minutes;
    case SlaKind::resolution: return resolution_minutes;
  }
  return 0;
}

SlaState SlaTimer::state(SysTime now) const {
  if (stopped) return *stopped <= due ? SlaState::met : SlaState::missed;
  return now > due ? SlaState::missed : SlaState::active;
}

std::int64_t SlaTimer::business_minutes(const WorkingCalendar& calendar, const SlaTargets& targets,
                                        SysTime now) const {
  return calendar.business_minutes_between(started, stopped.value_or(now), targets.hours);
}

SlaTimer start_timer(SlaKind kind, SysTime at, const WorkingCalendar& calendar, const SlaTargets& targets) {
  SlaTimer t;
  t.kind = kind;
  t.started = at;
  t.due = calendar.add_business_minutes(at, targets.minutes(kind), targets.hours);
  return t;
}

}  // namespace haoban::helpdesk
