// `haoban seed --profile demo`: a deterministic synthetic Baoshan district.
#pragma once

#include <string>
#include <vector>

#include "app/app.h"

namespace haoban::app {

struct DemoAccount {
  std::string username;
  std::string who;  // what the account is, in Chinese
};

inline constexpr std::string_view kDemoPassword = "Haoban@2026";

struct SeedReport {
  int departments = 0, staff = 0, persons = 0, enterprises = 0;
};

// The accounts that log in with kDemoPassword, for the README and `make run`.
const std::vector<DemoAccount>& demo_accounts();

// Fills an empty store. Throws Error(conflict) if it already has accounts (seeding is for new
// stores only) and Error(invalid) for an unknown profile. Same profile → same data, every time.
SeedReport seed(App& app, std::string_view profile);

// For load benchmarks: `applicants` person accounts load.applicant.0001… (valid Baoshan ID numbers)
// and `helpers` 帮办 load.helper.01… in the general pool (3 seats, supervised by admin), all with
// kDemoPassword. Run after seed(); throws conflict when they already exist, invalid for counts
// outside 0..10000 / 0..500.
void seed_bench_accounts(App& app, int applicants, int helpers);

// The standard address database for the district, its parks and leases of `enterprises` (seed_addresses.cpp).
void seed_addresses(App& app, const std::vector<identity::Enterprise>& enterprises);

// The knowledge base (≥ 20,000 entries generated from the catalog) and 小宝's intent model (seed_knowledge.cpp).
void seed_knowledge(App& app);

}  // namespace haoban::app
