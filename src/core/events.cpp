#include "core/events.h"

#include <algorithm>

namespace haoban {

bool Audience::includes(const Principal& p) const {
  if (everyone) return true;
  if (std::find(accounts.begin(), accounts.end(), p.account_id) != accounts.end()) return true;
  if (p.kind != AccountKind::staff) return false;
  bool role_ok = roles.empty() || std::any_of(roles.begin(), roles.end(), [&](Role r) { return p.has_role(r); });
  bool dept_ok = departments.empty() ||
                 (p.department_id && std::find(departments.begin(), departments.end(), *p.department_id) !=
                                         departments.end());
  return (!roles.empty() || !departments.empty()) && role_ok && dept_ok;
}

void EventBus::subscribe(Subscriber s) {
  std::lock_guard lock(mu_);
  subscribers_.push_back(std::move(s));
}

void EventBus::publish(const Event& e) {
  std::vector<Subscriber> subs;
  {
    std::lock_guard lock(mu_);
    subs = subscribers_;
  }
  for (const auto& s : subs) s(e);
}

}  // namespace haoban
