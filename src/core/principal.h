// Who is acting: the caller of a request or CLI command. Defined in core because the audit
// log (db) records it; identity creates principals and owns the authorization rules.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace haoban {

enum class AccountKind { person, enterprise, staff };

// Staff roles. A staff account has one or more; people and enterprises have none.
enum class Role {
  window_clerk,  // 窗口受理
  approver,      // 审批
  helper,        // 帮办
  kb_editor,     // 知识库编辑
  policy_admin,  // 政策管理
  analyst,       // 数据分析
  admin,         // 系统管理员
};

inline constexpr Role kAllRoles[] = {Role::window_clerk, Role::approver,     Role::helper, Role::kb_editor,
                                     Role::policy_admin, Role::analyst,      Role::admin};

std::string_view to_string(AccountKind k);
std::string_view to_string(Role r);
std::optional<AccountKind> account_kind_from_string(std::string_view s);
std::optional<Role> role_from_string(std::string_view s);
std::string_view role_label(Role r);  // Chinese name shown in the UI

struct Principal {
  std::int64_t account_id = 0;
  std::string username;
  std::string display_name;
  AccountKind kind = AccountKind::person;
  std::vector<Role> roles;
  std::optional<std::string> department_id;  // staff only, e.g. "scjg"
  // For enterprise accounts: the enterprise's credit code; agents act for it too.
  std::optional<std::string> enterprise_code;

  bool has_role(Role r) const {
    for (Role x : roles)
      if (x == r) return true;
    return false;
  }
};

// Actor written into the audit log when no person is acting (seed, migrations, timers).
inline constexpr std::string_view kSystemActor = "system";

}  // namespace haoban
