// SLA timers of a help conversation, counted in business hours of the working-day calendar:
// first response (the programme's "021": within 1 minute), next response after each applicant
// message, and resolution. A timer started outside business hours starts counting at the next
// opening, so a question asked at 20:00 on a Friday is due a minute after 09:00 on Monday (or after
// the holiday). Pure functions over the calendar: the service stores the timers and their events.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

#include "core/calendar.h"

namespace haoban::helpdesk {

using SysTime = std::chrono::system_clock::time_point;

enum class SlaKind { first_response, next_response, resolution };
enum class SlaState { active, met, missed };
std::string_view to_string(SlaKind k);   // "first_response" | "next_response" | "resolution"
std::string_view to_string(SlaState s);  // "active" | "met" | "missed"
std::optional<SlaKind> sla_kind_from_string(std::string_view s);

// Targets in business minutes. Documented in docs/helpdesk.md.
struct SlaTargets {
  int first_response_minutes = 1;
  int next_response_minutes = 3;
  int resolution_minutes = 240;  // half a working day
  BusinessHours hours;           // 09:00–17:00 China time by default
  int minutes(SlaKind k) const;
};

struct SlaTimer {
  SlaKind kind = SlaKind::first_response;
  SysTime started;
  SysTime due;
  std::optional<SysTime> stopped;  // when it was met (or stopped by resolution)

  // met: stopped at or before `due`; missed: stopped after it, or still running past it.
  SlaState state(SysTime now) const;
  // Business minutes from start to the stop (or to `now` while running).
  std::int64_t business_minutes(const WorkingCalendar& calendar, const SlaTargets& targets, SysTime now) const;
};

SlaTimer start_timer(SlaKind kind, SysTime at, const WorkingCalendar& calendar, const SlaTargets& targets);

}  // namespace haoban::helpdesk
