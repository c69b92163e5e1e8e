// The authorization matrix: every route, called by every demo account (and by nobody), is
// refused exactly where it must be. A new route without a row here fails the test.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "app/app.h"
#include "app/seed.h"
#include "http/dispatch.h"
#include "testing/testing.h"

namespace haoban::app {
namespace {

const std::set<std::string> kEveryone = {"",          "person.demo",  "enterprise.demo", "clerk.scjg",
                                         "approver.scjg", "clerk.rsj", "helper.demo",     "editor.demo",
                                         "policy.demo", "analyst.demo", "admin"};
const std::set<std::string> kSignedIn = [] {
  auto s = kEveryone;
  s.erase("");
  return s;
}();

// Who may call each route ("" is an anonymous caller).
const std::set<std::string> kApplicants = {"person.demo", "enterprise.demo"};
const std::set<std::string> kHelpers = {"helper.demo", "admin"};
const std::set<std::string> kAdmin = {"admin"};
const std::set<std::string> kStaff = {"clerk.scjg",  "approver.scjg", "clerk.rsj",   "helper.demo",
                                      "editor.demo", "policy.demo",   "analyst.demo", "admin"};
// 数据核验 at the counter: window clerks and administrators.
const std::set<std::string> kCounterLookup = {"clerk.scjg", "clerk.rsj", "admin"};
// Applicants see their own applications; window clerks, approvers and admins their department's.
const std::set<std::string> kApplicationReaders = {"person.demo", "enterprise.demo", "clerk.scjg",
                                                   "approver.scjg", "clerk.rsj", "admin"};

// The knowledge base: editors write; helpers, editors and analysts work the maintenance queue.
const std::set<std::string> kKbEditors = {"editor.demo", "admin"};
const std::set<std::string> kPolicyOfficers = {"policy.demo", "admin"};
const std::set<std::string> kKbTaskReaders = {"helper.demo", "editor.demo", "analyst.demo", "admin"};
const std::set<std::string> kKbProposers = {"helper.demo", "editor.demo", "admin"};

const std::map<std::string, std::set<std::string>> kMatrix = {
    {"POST /api/v1/sessions", kEveryone},
    {"GET /api/v1/me", kSignedIn},
    {"GET /api/v1/me/signing-keys", kSignedIn},
    {"POST /api/v1/me/signing-keys", kSignedIn},
    {"DELETE /api/v1/me/signing-keys/{id}", kSignedIn},
    {"DELETE /api/v1/sessions/current", kSignedIn},
    {"GET /api/v1/departments", kEveryone},
    {"GET /api/v1/items", kEveryone},
    {"GET /api/v1/items/{code}", kEveryone},
    {"POST /api/v1/items/{code}/situations", kEveryone},
    {"GET /api/v1/forms/{id}", kEveryone},
    {"GET /api/v1/bundles", kEveryone},
    {"GET /api/v1/bundles/{code}", kEveryone},
    {"POST /api/v1/bundles/{code}/situations", kEveryone},
    {"POST /api/v1/applications", kApplicants},
    {"GET /api/v1/applications", kApplicationReaders},
    {"GET /api/v1/applications/{id}", kSignedIn},  // a 404 for anyone not entitled to see it
    {"PATCH /api/v1/applications/{id}", kApplicants},
    {"POST /api/v1/applications/{id}/submit", kApplicants},
    {"POST /api/v1/applications/{id}/again", kApplicants},
    {"POST /api/v1/applications/{id}/materials", kApplicants},
    {"GET /api/v1/prefill", kApplicants},
    {"POST /api/v1/applications/{id}/actions", kSignedIn},  // the service decides per action and role
    {"GET /api/v1/ledger/checkpoint", kEveryone},
    {"GET /api/v1/ledger/tile/{path...}", kEveryone},
    {"GET /api/v1/ledger/proofs/inclusion", kEveryone},   // hashes only
    {"GET /api/v1/ledger/proofs/consistency", kEveryone},
    {"GET /api/v1/ledger/status", kAdmin},
    {"GET /api/v1/ledger/entries", kSignedIn},            // one's own entries
    {"GET /api/v1/ledger/entries/{index}", kSignedIn},    // the owner or an admin; 403 otherwise
    {"GET /api/v1/ledger/receipts/{index}", kSignedIn},
    {"GET /api/v1/materials", kApplicants},               // one's own library
    {"POST /api/v1/materials", kApplicants},
    {"GET /api/v1/materials/match", kApplicants},
    {"GET /api/v1/addresses/parse", kEveryone},
    {"GET /api/v1/addresses/match", kEveryone},
    {"GET /api/v1/addresses/suggest", kEveryone},
    {"GET /api/v1/addresses/premises", kApplicants},  // reads the applicant's 不动产 and leases
    {"GET /api/v1/addresses/{id}", kEveryone},
    {"GET /api/v1/kb/search", kEveryone},
    {"GET /api/v1/kb/entries/{id}", kEveryone},  // a 404 for entries the caller may not see
    {"GET /api/v1/kb/entries/{id}/versions", kStaff},
    {"POST /api/v1/kb/entries", kKbEditors},
    {"PUT /api/v1/kb/entries/{id}", kKbEditors},
    {"POST /api/v1/kb/entries/{id}/actions", kKbEditors},
    {"GET /api/v1/kb/tasks", kKbTaskReaders},
    {"GET /api/v1/kb/tasks/{id}", kKbTaskReaders},
    {"POST /api/v1/kb/tasks/{id}/assign", kKbEditors},
    {"POST /api/v1/kb/tasks/{id}/complete", kKbEditors},
    {"POST /api/v1/kb/candidates", kKbProposers},
    {"GET /api/v1/kb/usage", kStaff},
    {"POST /api/v1/assistant/messages", kEveryone},
    {"GET /api/v1/assistant/conversations/{id}", kEveryone},  // a 404 for someone else's
    {"GET /api/v1/policies", kEveryone},
    {"GET /api/v1/policies/{id}", kEveryone},
    {"GET /api/v1/policies/attributes", kEveryone},
    {"GET /api/v1/policies/{id}/source", kPolicyOfficers},
    {"GET /api/v1/policies/checkup", kApplicants},                 // one's own data only
    {"GET /api/v1/policies/grants/mine", kApplicants},
    {"POST /api/v1/policies/grants/{id}/confirm", kApplicants},    // one's own grant; 404 otherwise
    {"POST /api/v1/policies/grants/{id}/objection", kApplicants},
    {"POST /api/v1/policy-runs", kPolicyOfficers},
    {"GET /api/v1/policy-runs", kPolicyOfficers},
    {"GET /api/v1/policy-runs/{id}", kPolicyOfficers},
    {"POST /api/v1/policy-runs/{id}/confirm", kPolicyOfficers},
    {"POST /api/v1/policy-drafts/check", kPolicyOfficers},
    {"GET /api/v1/policy-grants", kPolicyOfficers},
    {"POST /api/v1/policy-grants/approve", kPolicyOfficers},
    {"POST /api/v1/policy-grants/{id}/approve", kPolicyOfficers},
    {"POST /api/v1/policy-grants/{id}/pay", kPolicyOfficers},
    {"POST /api/v1/policy-grants/{id}/payment-failed", kPolicyOfficers},
    {"POST /api/v1/policy-grants/{id}/retry", kPolicyOfficers},
    {"POST /api/v1/policy-grants/{id}/claw-back", kPolicyOfficers},
    {"POST /api/v1/policy-grants/{id}/objection-review", kPolicyOfficers},
    {"GET /api/v1/policy-funds", kPolicyOfficers},
    {"POST /api/v1/help/conversations", kApplicants},
    {"GET /api/v1/help/conversations", kApplicants},
    {"GET /api/v1/help/conversations/{id}", kSignedIn},
    {"GET /api/v1/help/conversations/{id}/messages", kSignedIn},
    {"POST /api/v1/help/conversations/{id}/messages", kSignedIn},
    {"POST /api/v1/help/conversations/{id}/unstaffed", kApplicants},
    {"POST /api/v1/help/conversations/{id}/confirm", kApplicants},
    {"POST /api/v1/help/conversations/{id}/reopen", kApplicants},
    {"POST /api/v1/help/conversations/{id}/rating", kApplicants},
    {"PUT /api/v1/help/presence", {"helper.demo"}},
    {"GET /api/v1/help/queue", kHelpers},
    {"GET /api/v1/help/helpers", kHelpers},
    {"GET /api/v1/help/assessment", {"helper.demo", "analyst.demo", "admin"}},
    {"POST /api/v1/help/conversations/{id}/resolve", kHelpers},
    {"POST /api/v1/help/conversations/{id}/escalate", kHelpers},
    {"POST /api/v1/help/conversations/{id}/read", kSignedIn},
    {"POST /api/v1/help/conversations/{id}/files", kSignedIn},
    {"GET /api/v1/help/conversations/{id}/files/{file}", kSignedIn},
    {"POST /api/v1/help/conversations/{id}/messages/{seq}/effective", kHelpers},
    {"GET /api/v1/help/board", {"analyst.demo", "admin"}},
    {"GET /api/v1/help/accompaniments", {"helper.demo", "analyst.demo", "admin"}},
    {"POST /api/v1/help/accompaniments", kHelpers},
    {"PATCH /api/v1/help/accompaniments/{id}", kHelpers},
    {"POST /api/v1/feedback/ratings", kEveryone},
    {"GET /api/v1/feedback/ratings", {"clerk.scjg", "approver.scjg", "clerk.rsj", "analyst.demo", "admin"}},
    {"POST /api/v1/feedback/visits", {"clerk.scjg", "clerk.rsj"}},
    {"GET /api/v1/feedback/visits/{id}", kEveryone},
    {"GET /api/v1/feedback/tasks", {"clerk.scjg", "approver.scjg", "clerk.rsj", "analyst.demo", "admin"}},
    {"GET /api/v1/feedback/tasks/{id}", kSignedIn},
    {"POST /api/v1/feedback/tasks/{id}/callback", {"clerk.scjg", "approver.scjg", "clerk.rsj", "admin"}},
    {"POST /api/v1/feedback/tasks/{id}/verify", {"clerk.scjg", "approver.scjg", "clerk.rsj", "admin"}},
    {"POST /api/v1/feedback/tasks/{id}/appeal", {"clerk.scjg", "approver.scjg", "clerk.rsj", "admin"}},
    {"POST /api/v1/feedback/tasks/{id}/appeal-decision", {"analyst.demo", "admin"}},
    {"POST /api/v1/feedback/tasks/{id}/rectify", {"clerk.scjg", "approver.scjg", "clerk.rsj", "admin"}},
    {"POST /api/v1/feedback/tasks/{id}/review", kApplicants},
    {"GET /api/v1/cant-do-reports/categories", kEveryone},
    {"POST /api/v1/cant-do-reports", kSignedIn},
    {"GET /api/v1/cant-do-reports", kSignedIn},
    {"GET /api/v1/cant-do-reports/groups", {"analyst.demo", "admin"}},
    {"GET /api/v1/cant-do-reports/{id}", kSignedIn},
    {"POST /api/v1/cant-do-reports/{id}/assign", {"analyst.demo", "admin"}},
    {"POST /api/v1/cant-do-reports/{id}/handle", {"clerk.scjg", "approver.scjg", "clerk.rsj", "admin"}},
    {"POST /api/v1/cant-do-reports/{id}/reply", {"clerk.scjg", "approver.scjg", "clerk.rsj", "admin"}},
    {"POST /api/v1/cant-do-reports/{id}/verify", kSignedIn},
    {"POST /api/v1/cant-do-reports/{id}/file", {"analyst.demo", "admin"}},
    {"GET /api/v1/cant-do-plans", kStaff},
    {"POST /api/v1/cant-do-plans", {"analyst.demo", "admin"}},
    {"POST /api/v1/cant-do-plans/{id}/complete", {"analyst.demo", "admin"}},
    {"GET /api/v1/cockpit/indicators", {"clerk.scjg", "approver.scjg", "clerk.rsj", "analyst.demo", "admin"}},
    {"GET /api/v1/cockpit/indicators/{key}/breakdown", {"clerk.scjg", "approver.scjg", "clerk.rsj", "analyst.demo", "admin"}},
    {"GET /api/v1/cockpit/indicators/{key}/rows", {"clerk.scjg", "approver.scjg", "clerk.rsj", "analyst.demo", "admin"}},
    {"POST /api/v1/cockpit/rebuild", kAdmin},
    {"GET /api/v1/cockpit/service-index", {"analyst.demo", "admin"}},
    {"GET /api/v1/cockpit/report", {"analyst.demo", "admin"}},
    {"GET /api/v1/cockpit/service-index/{department}/trend", {"analyst.demo", "admin"}},
    {"GET /open311/v2/discovery.json", kEveryone},
    {"GET /open311/v2/services.json", kEveryone},
    {"GET /open311/v2/requests.json", kEveryone},
    {"GET /open311/v2/requests/{file}", kEveryone},
    {"POST /api/v1/policies/corrections", kApplicants},
    {"GET /api/v1/policies/corrections/mine", kApplicants},
    {"GET /api/v1/policy-corrections", kPolicyOfficers},
    {"POST /api/v1/policy-corrections/{id}/review", kPolicyOfficers},
    {"GET /api/v1/parks", kEveryone},
    {"GET /api/v1/parks/{id}", kEveryone},
    {"GET /api/v1/materials/{id}", kSignedIn},            // the owner, or staff of a department that used it; 404 otherwise
    {"GET /api/v1/materials/{id}/content", kSignedIn},
    {"POST /api/v1/materials/{id}/revoke", kApplicants},  // the owner; 404 otherwise
    {"GET /api/v1/sources", kStaff},
    {"GET /api/v1/sources/queries/mine", kApplicants},  // who looked at my data
    {"GET /api/v1/sources/queries", kAdmin},
    {"PUT /api/v1/sources/{id}/availability", kAdmin},  // the outage switch
    {"POST /api/v1/sources/{id}/lookups", kCounterLookup},
};

// Parameters name nothing that exists (the seed records ledger entries and materials): the matrix
// checks the routes' Access rules; how a handler treats another's existing resource (404, or the
// ledger's 403) is for its module's tests.
std::string concrete_path(const std::string& pattern) {
  std::string out;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{') {
      i = pattern.find('}', i);
      out += "999999";
    } else {
      out += pattern[i];
    }
  }
  return out;
}

TEST(AuthorizationMatrix, EveryRouteRefusesWhoItMust) {
  haoban::testing::TempDir dir;
  Config c;
  c.data_dir = dir.path();
  c.resources = haoban::testing::source_dir() / "data";
  SystemClock clock;
  App app(c, clock);
  seed(app, "demo");
  http::Router router;
  app.add_routes(router);
  http::Authenticator auth{[&](std::string_view t) { return app.identity().authenticate(t); },
                           [&](std::string_view t, bool& known) { return app.identity().cached(t, known); }};
  http::Dispatcher dispatcher(router, auth, [] { return true; }, dir.path(), false);

  for (const auto& route : router.routes()) {
    std::string key = std::string(http::to_string(route.method)) + " " + route.pattern;
    auto row = kMatrix.find(key);
    ASSERT_NE(row, kMatrix.end()) << key << " has no row in the authorization matrix";
    for (const auto& user : kEveryone) {
      http::Request req;
      req.method = route.method;
      req.target = concrete_path(route.pattern);
      req.remote_addr = "127.0.0.1";
      if (!user.empty()) {
        auto login = app.identity().login(user, kDemoPassword, "127.0.0.1");
        req.headers.emplace("Authorization", "Bearer " + login.token);
      }
      int status = dispatcher.handle(req).status;
      bool allowed = row->second.count(user) > 0;
      if (allowed) {
        EXPECT_TRUE(status != 401 && status != 403) << key << " must admit '" << user << "', got " << status;
      } else {
        EXPECT_EQ(status, user.empty() ? 401 : 403) << key << " must refuse '" << user << "'";
      }
    }
  }
}

}  // namespace
}  // namespace haoban::app
