#include "core/access.h"

#include <gtest/gtest.h>

namespace haoban {
namespace {

Principal staff(std::string dept, std::vector<Role> roles) {
  Principal p;
  p.kind = AccountKind::staff;
  p.department_id = std::move(dept);
  p.roles = std::move(roles);
  return p;
}

Principal applicant(AccountKind k) {
  Principal p;
  p.kind = k;
  return p;
}

TEST(Authorize, AnonymousRulesAllowEveryone) {
  EXPECT_EQ(authorize(nullptr, Access::anyone()), Decision::allow);
}

TEST(Authorize, SignedInRulesRefuseNobody) {
  EXPECT_EQ(authorize(nullptr, Access::signed_in()), Decision::unauthenticated);
  auto p = applicant(AccountKind::person);
  EXPECT_EQ(authorize(&p, Access::signed_in()), Decision::allow);
}

TEST(Authorize, ApplicantRulesRefuseStaff) {
  auto clerk = staff("scjg", {Role::window_clerk});
  auto person = applicant(AccountKind::person);
  auto company = applicant(AccountKind::enterprise);
  EXPECT_EQ(authorize(&clerk, Access::applicants()), Decision::forbidden);
  EXPECT_EQ(authorize(&person, Access::applicants()), Decision::allow);
  EXPECT_EQ(authorize(&company, Access::applicants()), Decision::allow);
}

TEST(Authorize, StaffRulesNeedOneOfTheRoles) {
  auto rule = Access::staff({Role::approver, Role::window_clerk});
  auto clerk = staff("scjg", {Role::window_clerk});
  auto helper = staff("scjg", {Role::helper});
  auto person = applicant(AccountKind::person);
  EXPECT_EQ(authorize(&clerk, rule), Decision::allow);
  EXPECT_EQ(authorize(&helper, rule), Decision::forbidden);
  EXPECT_EQ(authorize(&person, rule), Decision::forbidden);
}

TEST(Authorize, OwnDepartmentScopeRefusesOtherDepartments) {
  auto rule = Access::staff({Role::approver}, Access::Scope::own_department);
  auto scjg = staff("scjg", {Role::approver});
  auto rsj = staff("rsj", {Role::approver});
  EXPECT_EQ(authorize(&scjg, rule, "scjg"), Decision::allow);
  EXPECT_EQ(authorize(&rsj, rule, "scjg"), Decision::forbidden);
  EXPECT_EQ(authorize(&rsj, rule), Decision::allow) << "pre-check without a resource department";
  auto admin = staff("sjj", {Role::admin, Role::approver});
  EXPECT_EQ(authorize(&admin, rule, "scjg"), Decision::allow) << "admin crosses departments";
  auto homeless = staff("", {Role::approver});
  homeless.department_id.reset();
  EXPECT_EQ(authorize(&homeless, rule), Decision::forbidden);
}

TEST(Authorize, DescribeIsReadable) {
  EXPECT_EQ(Access::staff({Role::approver}, Access::Scope::own_department).describe(),
            "staff[approver]@own-department");
  EXPECT_EQ(Access::applicants().describe(), "person|enterprise");
  EXPECT_EQ(Access::anyone().describe(), "anyone");
}

}  // namespace
}  // namespace haoban
