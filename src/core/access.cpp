#include "core/access.h"

#include <algorithm>

#include "core/error.h"

namespace haoban {

Decision authorize(const Principal* p, const Access& rule, std::optional<std::string_view> resource_department) {
  if (rule.anonymous) return Decision::allow;
  if (p == nullptr) return Decision::unauthenticated;
  if (!rule.kinds.empty() && std::find(rule.kinds.begin(), rule.kinds.end(), p->kind) == rule.kinds.end())
    return Decision::forbidden;
  if (!rule.roles.empty() &&
      std::none_of(rule.roles.begin(), rule.roles.end(), [&](Role r) { return p->has_role(r); }))
    return Decision::forbidden;
  if (rule.scope == Access::Scope::own_department && !p->has_role(Role::admin)) {
    if (!p->department_id) return Decision::forbidden;
    if (resource_department && *resource_department != *p->department_id) return Decision::forbidden;
  }
  return Decision::allow;
}

void require(const Principal* p, const Access& rule, std::optional<std::string_view> resource_department) {
  switch (authorize(p, rule, resource_department)) {
    case Decision::allow: return;
    case Decision::unauthenticated: throw unauthenticated();
    case Decision::forbidden: throw forbidden();
  }
}

std::string Access::describe() const {
  if (anonymous) return "anyone";
  std::string s;
  if (kinds.empty()) {
    s = "signed-in";
  } else {
    for (size_t i = 0; i < kinds.size(); ++i) s += (i ? "|" : "") + std::string(to_string(kinds[i]));
  }
  if (!roles.empty()) {
    s += "[";
    for (size_t i = 0; i < roles.size(); ++i) s += (i ? "|" : "") + std::string(to_string(roles[i]));
    s += "]";
  }
  if (scope == Scope::own_department) s += "@own-department";
  return s;
}

}  // namespace haoban
