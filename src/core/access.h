// The one authorization function: role + department scope. Every route declares an Access rule;
// the server checks it before the handler runs, and handlers call authorize() again with the
// department of the resource they touch. Identity creates principals; this decides what they may do.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/principal.h"

namespace haoban {

struct Access {
  enum class Scope {
    any_department,  // the role suffices
    own_department,  // the resource's department must be the principal's own (admin excepted)
  };
  bool anonymous = false;          // no login needed
  std::vector<AccountKind> kinds;  // empty: any kind of account
  std::vector<Role> roles;         // empty: no role needed; otherwise any one of them
  Scope scope = Scope::any_department;

  static Access anyone() { return {.anonymous = true}; }
  static Access signed_in() { return {}; }
  static Access applicants() { return {.kinds = {AccountKind::person, AccountKind::enterprise}}; }
  static Access staff(std::vector<Role> roles, Scope scope = Scope::any_department) {
    return {.kinds = {AccountKind::staff}, .roles = std::move(roles), .scope = scope};
  }

  std::string describe() const;  // for docs and the route table, e.g. "staff[approver]@own-department"
};

enum class Decision { allow, unauthenticated, forbidden };

// Decides whether `p` (nullptr: nobody is logged in) may act under `rule` on a resource owned by
// `resource_department` (nullopt: the resource belongs to no department, or it is not known yet —
// the server's pre-check — in which case own_department rules only require a department).
Decision authorize(const Principal* p, const Access& rule,
                   std::optional<std::string_view> resource_department = std::nullopt);

// Throws Error(unauthenticated/forbidden) unless authorize() allows.
void require(const Principal* p, const Access& rule,
             std::optional<std::string_view> resource_department = std::nullopt);

}  // namespace haoban
