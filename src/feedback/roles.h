// Who may act on 好差评 and 办不成事: the rated or assigned department's own staff, and the district
// data bureau (区数据局, department sjj) that decides appeals and runs the 办不成事 desk.
#pragma once

#include <string>
#include <string_view>

#include "core/principal.h"

namespace haoban::feedback {

inline constexpr std::string_view kBureau = "sjj";

// Window clerks and approvers of `department`, and admin.
inline bool is_staff_of(const Principal& p, const std::string& department) {
  if (p.kind != AccountKind::staff) return false;
  if (p.has_role(Role::admin)) return true;
  return p.department_id && *p.department_id == department &&
         (p.has_role(Role::approver) || p.has_role(Role::window_clerk));
}

// Admin, or an analyst of the data bureau.
inline bool is_bureau(const Principal& p) {
  return p.has_role(Role::admin) || (p.has_role(Role::analyst) && p.department_id && *p.department_id == kBureau);
}

}  // namespace haoban::feedback
