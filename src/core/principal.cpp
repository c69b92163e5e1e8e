#include "core/principal.h"

namespace haoban {

namespace {
struct RoleName {
  Role role;
  std::string_view name;
  std::string_view label;
};
constexpr RoleName kRoleNames[] = {
    {Role::window_clerk, "window_clerk", "窗口受理"}, {Role::approver, "approver", "审批"},
    {Role::helper, "helper", "帮办"},                 {Role::kb_editor, "kb_editor", "知识库编辑"},
    {Role::policy_admin, "policy_admin", "政策管理"}, {Role::analyst, "analyst", "数据分析"},
    {Role::admin, "admin", "系统管理员"},
};
}  // namespace

std::string_view to_string(AccountKind k) {
  switch (k) {
    case AccountKind::person: return "person";
    case AccountKind::enterprise: return "enterprise";
    case AccountKind::staff: return "staff";
  }
  return "person";
}

std::optional<AccountKind> account_kind_from_string(std::string_view s) {
  for (AccountKind k : {AccountKind::person, AccountKind::enterprise, AccountKind::staff})
    if (to_string(k) == s) return k;
  return std::nullopt;
}

std::string_view to_string(Role r) {
  for (const auto& n : kRoleNames)
    if (n.role == r) return n.name;
  return "unknown";
}

std::string_view role_label(Role r) {
  for (const auto& n : kRoleNames)
    if (n.role == r) return n.label;
  return "未知";
}

std::optional<Role> role_from_string(std::string_view s) {
  for (const auto& n : kRoleNames)
    if (n.name == s) return n.role;
  return std::nullopt;
}

}  // namespace haoban
