#include "identity/identity.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "testing/testing.h"

namespace haoban::identity {
namespace {

using namespace std::chrono_literals;

// 2026-11-27 10:00 Beijing time.
const SysTime kStart = std::chrono::sys_days{std::chrono::year{2026} / 11 / 27} + 2h;

class Identity : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = db::Database::open((dir_.path() / "t.db").string(), clock_, 2);
    std::vector<db::Migration> all(db::db_migrations().begin(), db::db_migrations().end());
    all.insert(all.end(), IdentityService::migrations().begin(), IdentityService::migrations().end());
    db_->migrate(all);
    Options o;
    o.fast_password_hashing = true;
    svc_ = std::make_unique<IdentityService>(*db_, clock_, o);
    svc_->put_department({"scjg", "区市场监管局", "department", ""}, "test");
    svc_->put_department({"rsj", "区人社局", "department", ""}, "test");
  }

  long long add_staff(std::string name, std::vector<Role> roles, std::string dept = "scjg") {
    NewAccount a;
    a.username = std::move(name);
    a.kind = AccountKind::staff;
    a.display_name = "张敏";
    a.password = "Haoban@2026";
    a.department_id = std::move(dept);
    a.roles = std::move(roles);
    return svc_->create_account(a, "test");
  }

  long long audit_rows() {
    return db_->read([](soci::session& sql) {
      long long n = 0;
      sql << "SELECT COUNT(*) FROM audit_log", soci::into(n);
      return n;
    });
  }

  haoban::testing::TempDir dir_;
  ManualClock clock_{kStart};
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<IdentityService> svc_;
};

TEST_F(Identity, LoginGivesATokenThatAuthenticates) {
  add_staff("clerk.scjg", {Role::window_clerk});
  auto r = svc_->login("clerk.scjg", "Haoban@2026", "10.0.0.1");
  EXPECT_GE(r.token.size(), 40u);
  auto p = svc_->authenticate(r.token);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->username, "clerk.scjg");
  EXPECT_EQ(p->department_id, "scjg");
  EXPECT_TRUE(p->has_role(Role::window_clerk));
  EXPECT_FALSE(svc_->authenticate(r.token + "x"));
}

TEST_F(Identity, TokensAreStoredOnlyAsHashes) {
  add_staff("clerk.scjg", {Role::window_clerk});
  auto r = svc_->login("clerk.scjg", "Haoban@2026", "10.0.0.1");
  long long found = db_->read([&](soci::session& sql) {
    long long n = 0;
    sql << "SELECT COUNT(*) FROM sessions WHERE token_hash = :t", soci::use(r.token), soci::into(n);
    return n;
  });
  EXPECT_EQ(found, 0) << "a leaked sessions table must not hand out sessions";
}

TEST_F(Identity, WrongPasswordAndUnknownUserLookTheSame) {
  add_staff("clerk.scjg", {Role::window_clerk});
  auto attempt = [&](std::string user) {
    try {
      svc_->login(user, "wrong-password", "10.0.0.1");
    } catch (const Error& e) {
      return std::make_pair(e.kind(), e.title());
    }
    return std::make_pair(ErrorKind::internal, std::string("logged in"));
  };
  auto a = attempt("clerk.scjg");
  auto b = attempt("nobody.here");
  EXPECT_EQ(a.first, ErrorKind::unauthenticated);
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.second, "用户名或密码错误");
}

TEST_F(Identity, FailedLoginsAreThrottledPerUser) {
  add_staff("clerk.scjg", {Role::window_clerk});
  for (int i = 0; i < 5; ++i) EXPECT_THROW(svc_->login("clerk.scjg", "bad", "10.0.0.1"), Error);
  try {
    svc_->login("clerk.scjg", "Haoban@2026", "10.0.0.2");
    FAIL() << "the right password must still be refused while throttled";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::rate_limited);
  }
  clock_.advance(16min);
  EXPECT_NO_THROW(svc_->login("clerk.scjg", "Haoban@2026", "10.0.0.2"));
}

TEST_F(Identity, FailedLoginsAreThrottledPerAddress) {
  add_staff("clerk.scjg", {Role::window_clerk});
  for (int i = 0; i < 20; ++i) EXPECT_THROW(svc_->login("user" + std::to_string(i), "bad", "10.9.9.9"), Error);
  try {
    svc_->login("clerk.scjg", "Haoban@2026", "10.9.9.9");
    FAIL() << "an address that guessed 20 times is throttled";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::rate_limited);
  }
  EXPECT_NO_THROW(svc_->login("clerk.scjg", "Haoban@2026", "10.0.0.1"));
}

TEST_F(Identity, SessionsExpireWhenIdle) {
  add_staff("clerk.scjg", {Role::window_clerk});
  auto r = svc_->login("clerk.scjg", "Haoban@2026", "10.0.0.1");
  clock_.advance(20min);
  EXPECT_TRUE(svc_->authenticate(r.token)) << "20 minutes idle is within the 30-minute limit";
  clock_.advance(20min);
  EXPECT_TRUE(svc_->authenticate(r.token)) << "use at minute 20 reset the idle timer";
  clock_.advance(31min);
  EXPECT_FALSE(svc_->authenticate(r.token)) << "31 minutes idle";
}

TEST_F(Identity, SessionsExpireAfterTheirLifetimeEvenWhenBusy) {
  add_staff("clerk.scjg", {Role::window_clerk});
  auto r = svc_->login("clerk.scjg", "Haoban@2026", "10.0.0.1");
  for (int i = 0; i < 8 * 4 - 1; ++i) {
    clock_.advance(15min);
    ASSERT_TRUE(svc_->authenticate(r.token)) << "after " << (i + 1) * 15 << " minutes";
  }
  clock_.advance(16min);
  EXPECT_FALSE(svc_->authenticate(r.token)) << "8 hours is the absolute limit";
}

TEST_F(Identity, LogoutEndsTheSessionAtOnce) {
  add_staff("clerk.scjg", {Role::window_clerk});
  auto r = svc_->login("clerk.scjg", "Haoban@2026", "10.0.0.1");
  ASSERT_TRUE(svc_->authenticate(r.token));  // now cached
  svc_->logout(r.token);
  EXPECT_FALSE(svc_->authenticate(r.token));
}

TEST_F(Identity, InvalidAccountsAreRefusedWithFieldErrorsAndChangeNothing) {
  long long before = audit_rows();
  NewAccount a;
  a.username = "Bad Name";
  a.kind = AccountKind::person;
  a.display_name = "";
  a.id_number = "11010519491231002X";
  a.id_number.back() = '1';
  try {
    svc_->create_account(a, "test");
    FAIL();
  } catch (const Error& e) {
    ASSERT_EQ(e.fields().size(), 3u);
    EXPECT_EQ(e.fields()[0].field, "username");
    EXPECT_EQ(e.fields()[1].field, "display_name");
    EXPECT_EQ(e.fields()[2].field, "id_number");
    EXPECT_NE(e.fields()[2].message.find("校验码"), std::string::npos) << e.fields()[2].message;
  }
  EXPECT_EQ(audit_rows(), before);
}

TEST_F(Identity, DuplicateUsernameIsAConflict) {
  add_staff("clerk.scjg", {Role::window_clerk});
  try {
    add_staff("clerk.scjg", {Role::approver});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::conflict);
  }
}

TEST_F(Identity, AccountCreationIsAudited) {
  long long id = add_staff("approver.scjg", {Role::approver});
  auto rows = db_->recent_audit(5, "account", std::to_string(id));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].action, "account.create");
  EXPECT_EQ(rows[0].actor, "test");
  EXPECT_NE(rows[0].after.find("\"approver\""), std::string::npos);
  EXPECT_EQ(rows[0].after.find("Haoban@2026"), std::string::npos) << "no password in the audit log";
}

TEST_F(Identity, EnterpriseAccountsCarryTheirCompany) {
  Enterprise e{"91350100M000100Y43", "上海宝晟智能科技有限公司", "310113", "310113003", "上海市宝山区友谊路1号",
               "2020-01-01", {{"11010519491231002X", "李明", "legal_representative"}}};
  svc_->create_enterprise(e, "test");
  NewAccount a;
  a.username = "enterprise.demo";
  a.kind = AccountKind::enterprise;
  a.display_name = e.name;
  a.credit_code = e.credit_code;
  a.password = "Haoban@2026";
  svc_->create_account(a, "test");
  auto r = svc_->login("enterprise.demo", "Haoban@2026", "10.0.0.1");
  auto view = svc_->account_view(r.principal);
  ASSERT_TRUE(view && view->enterprise);
  EXPECT_EQ(view->enterprise->members.size(), 1u);
  EXPECT_EQ(view->areas, std::vector<std::string>{"portal"});
}

TEST(Areas, FollowKindAndRoles) {
  Principal person;
  EXPECT_EQ(areas_for(person), std::vector<std::string>{"portal"});
  Principal analyst{.kind = AccountKind::staff, .roles = {Role::analyst}};
  EXPECT_EQ(areas_for(analyst), std::vector<std::string>{"cockpit"});
  Principal admin{.kind = AccountKind::staff, .roles = {Role::admin}};
  EXPECT_EQ(areas_for(admin), (std::vector<std::string>{"workbench", "cockpit"}));
  Principal clerk{.kind = AccountKind::staff, .roles = {Role::window_clerk}};
  EXPECT_EQ(areas_for(clerk), std::vector<std::string>{"workbench"});
}

TEST(Passwords, Argon2idRoundTrip) {
  auto h = hash_password("Haoban@2026", true);
  EXPECT_EQ(h.rfind("$argon2id$", 0), 0u) << h;
  EXPECT_TRUE(verify_password(h, "Haoban@2026"));
  EXPECT_FALSE(verify_password(h, "haoban@2026"));
  EXPECT_FALSE(verify_password("", "anything"));
}

}  // namespace
}  // namespace haoban::identity
