// Accounts (natural persons, enterprises, staff), departments, passwords, sessions.
// Authorization rules themselves are in core/access.h; this module establishes who is calling.
//
// Thread-safety: IdentityService is shared by all request threads; its methods are safe to call
// concurrently (the store serialises writes; the session cache and rate limiter are locked).
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/principal.h"
#include "db/db.h"

namespace haoban::identity {

struct Department {
  std::string id;    // short slug, e.g. "scjg"
  std::string name;  // 区市场监管局
  std::string kind;  // "department" (区级部门) or "street" (街镇/园区)
  std::string division_code;  // streets: the official 9-digit code; departments: ""
};

struct EnterpriseMember {
  std::string id_number;
  std::string name;
  std::string relation;  // "legal_representative" or "agent" (经办人)
};

struct Enterprise {
  std::string credit_code;  // 统一社会信用代码
  std::string name;
  std::string district_code;  // 6 digits, e.g. "310113"
  std::string street_code;    // 9 digits
  std::string address;
  std::string established;  // YYYY-MM-DD
  std::vector<EnterpriseMember> members;
};

struct NewAccount {
  std::string username;
  AccountKind kind = AccountKind::person;
  std::string display_name;
  std::string password;       // plain text, hashed here; empty with empty password_hash: no password login
  std::string password_hash;  // alternatively an argon2id hash made by hash_password (seed reuses one)
  std::string id_number;      // persons: required, GB 11643-valid
  std::string credit_code;    // enterprises: required, GB 32100-valid, must exist in enterprises
  std::string department_id;  // staff: required
  std::vector<Role> roles;    // staff: at least one
};

struct AccountView {
  Principal principal;
  std::optional<Department> department;
  std::optional<Enterprise> enterprise;
  std::vector<std::string> areas;  // "portal", "workbench", "cockpit" in that order
};

struct LoginResult {
  std::string token;  // opaque; only its SHA-256 is stored
  Principal principal;
  SysTime expires_at;
};

struct Options {
  std::chrono::minutes session_lifetime{8 * 60};  // absolute
  std::chrono::minutes idle_timeout{30};
  int max_failures_per_user = 5;   // within failure_window, then 429 until the window passes
  int max_failures_per_addr = 20;
  std::chrono::minutes failure_window{15};
  bool fast_password_hashing = false;  // tests only: argon2id with minimum cost
};

// argon2id via libsodium (interactive cost unless `fast`).
std::string hash_password(std::string_view password, bool fast = false);
bool verify_password(std::string_view hash, std::string_view password);

// Which web areas an account sees, derived from its kind and roles.
std::vector<std::string> areas_for(const Principal& p);

class IdentityService {
 public:
  IdentityService(db::Database& db, const Clock& clock, Options options = {});
  ~IdentityService();

  static std::span<const db::Migration> migrations();

  // --- administration (seed, admin UI). `actor` is recorded in the audit log. ---
  void put_department(const Department& d, std::string_view actor);
  // Validates (field errors in Chinese) and creates; throws Error(invalid) or Error(conflict) if taken.
  long long create_account(const NewAccount& a, std::string_view actor);
  void create_enterprise(const Enterprise& e, std::string_view actor);

  std::vector<Department> departments();
  std::optional<Department> department(std::string_view id);
  std::optional<Enterprise> enterprise(std::string_view credit_code);
  // Every registered enterprise (credit code, name) or resident with an account (id number, name),
  // ordered by key: whom district-wide work such as a policy run (免申即享) covers.
  std::vector<std::pair<std::string, std::string>> registered(AccountKind kind);
  // Departments and enterprises come from a per-node cache (refreshed after 5 minutes and on this
  // node's own writes), so this rarely touches the store.
  std::optional<AccountView> account_view(const Principal& p);
  // The key authoritative sources know an applicant by (数源): an enterprise account's credit code,
  // a person's 居民身份证号码; nullopt for staff or an unknown account.
  std::optional<std::string> subject_key(const Principal& p);
  // The accounts that act as a subject (the inverse of subject_key): the enterprise's account for a
  // credit code, the person's for an ID number; empty when none (not registered online).
  std::vector<long long> accounts_of(std::string_view subject_key);
  // The principal of an account by username, without a session (seeding, imports, tests).
  std::optional<Principal> principal(std::string_view username);
  // The same by account id (filing on an applicant's behalf: 免申即办).
  std::optional<Principal> principal_by_id(long long account_id);

  // --- sessions ---
  // Throws Error(unauthenticated, "invalid-credentials") for a wrong username or password (same
  // answer for both) and Error(rate_limited) after too many failures for the user or the address.
  LoginResult login(std::string_view username, std::string_view password, std::string_view remote_addr);
  // The principal for a token, or nullopt when it is unknown, expired or idle too long.
  std::optional<Principal> authenticate(std::string_view token);
  // Without touching the store: the principal for a token this node authenticated within the last
  // 10 s. `known` is false when only authenticate() can tell.
  std::optional<Principal> cached(std::string_view token, bool& known);
  void logout(std::string_view token);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace haoban::identity
