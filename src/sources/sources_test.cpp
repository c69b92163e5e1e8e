#include "sources/sources.h"

#include <gtest/gtest.h>

#include <set>

#include "sources/sources_contract_test.h"

namespace haoban::sources {
namespace {

using contract::Env;
using contract::kClerk;
using contract::kCompany;
using contract::kPrefill;
namespace json = boost::json;

TEST(Sources, FetchReturnsTheStoredRecord) {
  Env e;
  contract::fetch_returns_the_stored_record(e);
}
TEST(Sources, UnknownSubjectIsNotFoundAndLogged) {
  Env e;
  contract::unknown_subject_is_not_found_and_logged(e);
}
TEST(Sources, OutageRefusesAndIsLogged) {
  Env e;
  contract::outage_refuses_and_is_logged(e);
}
// A prefill asks several sources at once: each answers as fetch() would, an outage is reported
// rather than thrown, and every query is in the log.
TEST(Sources, FetchAllAnswersEachSourceAndLogsEveryQuery) {
  Env e;
  e.svc->put("registry", kCompany, contract::company_values(), "2026-11-20T08:00:00Z");
  e.svc->set_available("licences", false, "维护");
  std::vector<std::string> ids{"registry", "licences", "people"};
  auto r = e.svc->fetch_all(ids, kCompany, kPrefill);
  ASSERT_EQ(r.size(), 3u);
  ASSERT_TRUE(r[0].record);
  EXPECT_EQ(r[0].record->values.at("name"), json::value("上海宝晟智能科技有限公司"));
  EXPECT_FALSE(r[1].record);
  EXPECT_TRUE(r[1].unavailable);
  EXPECT_NE(r[1].detail.find("维护"), std::string::npos);
  EXPECT_FALSE(r[2].record) << "a credit code is nobody in 人口库";
  EXPECT_FALSE(r[2].unavailable);
  auto log = e.svc->queries_about(kCompany);
  ASSERT_EQ(log.items.size(), 3u);
  std::multiset<std::string> outcomes;
  for (const auto& q : log.items) outcomes.insert(std::string(to_string(q.outcome)));
  EXPECT_EQ(outcomes, (std::multiset<std::string>{"ok", "unavailable", "not_found"}));
  std::vector<std::string> unknown{"registry", "nope"};
  EXPECT_THROW(e.svc->fetch_all(unknown, kCompany, kPrefill), Error);
  EXPECT_EQ(e.svc->queries_about(kCompany).items.size(), 3u) << "nothing asked when an id is unknown";
}

TEST(Sources, PutRefusesWrongTypesNamingTheField) {
  Env e;
  contract::put_refuses_wrong_types_naming_the_field(e);
}
TEST(Sources, QueriesAboutReturnsOnlyThatSubject) {
  Env e;
  contract::queries_about_returns_only_that_subject(e);
}
TEST(Sources, TheQueryLogIsAppendOnly) {
  Env e;
  contract::the_query_log_is_append_only(e);
}

TEST(Sources, AQueryNeedsAnActorAndAPurpose) {
  Env e;
  for (FetchContext ctx : {FetchContext{"clerk.scjg", "", ""}, FetchContext{"", "", "预填"}}) {
    try {
      e.svc->fetch("registry", kCompany, ctx);
      FAIL() << "a query without who and why must be refused";
    } catch (const Error& err) {
      EXPECT_EQ(err.kind(), ErrorKind::invalid);
    }
  }
}

TEST(Sources, LookupsAreAuditedWithoutValues) {
  Env e;
  e.svc->put("registry", kCompany, contract::company_values(), "2026-11-20T08:00:00Z");
  ASSERT_TRUE(e.svc->lookup("registry", kCompany, kClerk));
  auto audit = e.db->recent_audit(1, "source", "registry");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].action, "source.lookup");
  EXPECT_EQ(audit[0].actor, "clerk.scjg");
  EXPECT_NE(audit[0].after.find("数据核验"), std::string::npos);
  EXPECT_EQ(audit[0].after.find("上海宝晟"), std::string::npos) << "the audit log never holds the values";
  // Imports are audited too, without values.
  auto imports = e.db->recent_audit(1, "source_record");
  ASSERT_EQ(imports.size(), 1u);
  EXPECT_EQ(imports[0].action, "source.put");
  EXPECT_EQ(imports[0].after.find("上海宝晟"), std::string::npos);
}

// ---- the HTTP adapter, against a fake data-exchange endpoint ------------------------------------

struct FakeEndpoint {
  int status = 200;
  std::string reply;
  std::optional<Error> fail;
  std::vector<std::pair<std::string, std::string>> requests;  // url, body

  HttpPost post() {
    return [this](const std::string& url, const std::string& body) {
      requests.emplace_back(url, body);
      if (fail) throw *fail;
      return std::pair{status, reply};
    };
  }
};

class HttpSource : public ::testing::Test {
 protected:
  void SetUp() override {
    e_.svc->set_adapter("registry",
                        std::make_unique<HttpAdapter>("http://exchange.test/registry", remote_.post()));
  }
  Env e_;
  FakeEndpoint remote_;
};

TEST_F(HttpSource, SendsTheRequesterAndReadsTheRecord) {
  remote_.reply = R"({"found": true, "updated_at": "2026-11-22T09:30:00Z",
    "values": {"name": "上海宝晟智能科技有限公司", "capital": 500, "employees": "很多"}})";
  EXPECT_EQ(e_.svc->adapter_kind("registry"), "http");
  auto rec = e_.svc->fetch("registry", kCompany, kClerk);
  ASSERT_TRUE(rec);
  EXPECT_EQ(rec->updated_at, "2026-11-22T09:30:00Z");
  EXPECT_EQ(rec->values.at("capital").as_string(), "500.00") << "normalised like embedded values";
  EXPECT_FALSE(rec->values.contains("employees")) << "a value of the wrong type is dropped, not passed on";
  EXPECT_EQ(rec->values.at("name").as_string(), "上海宝晟智能科技有限公司");

  ASSERT_EQ(remote_.requests.size(), 1u);
  EXPECT_EQ(remote_.requests[0].first, "http://exchange.test/registry");
  auto sent = json::parse(remote_.requests[0].second).as_object();
  EXPECT_EQ(sent.at("source").as_string(), "registry");
  EXPECT_EQ(sent.at("subject").as_string(), kCompany);
  EXPECT_EQ(sent.at("fields").as_array().size(), 7u);
  EXPECT_EQ(sent.at("fields").as_array()[0].as_string(), "name");
  const auto& who = sent.at("requester").as_object();
  EXPECT_EQ(who.at("actor").as_string(), "clerk.scjg");
  EXPECT_EQ(who.at("application").as_string(), "2026000123");
  EXPECT_EQ(who.at("purpose").as_string(), "数据核验 企业变更登记");
  EXPECT_EQ(e_.svc->queries_about(kCompany).items.at(0).outcome, Outcome::ok);
}

TEST_F(HttpSource, NotFoundIsNotAnError) {
  remote_.reply = R"({"found": false})";
  EXPECT_FALSE(e_.svc->fetch("registry", kCompany, kPrefill));
  EXPECT_EQ(e_.svc->queries_about(kCompany).items.at(0).outcome, Outcome::not_found);
}

TEST_F(HttpSource, TimeoutsAndGarbageMakeTheSourceUnavailable) {
  auto expect_unavailable = [&](const char* what) {
    try {
      e_.svc->fetch("registry", kCompany, kPrefill);
      ADD_FAILURE() << what << " must make the source unavailable";
    } catch (const Error& err) {
      EXPECT_EQ(err.kind(), ErrorKind::unavailable) << what;
      EXPECT_EQ(err.type(), "source-unavailable") << what;
    }
    EXPECT_EQ(e_.svc->queries_about(kCompany).items.at(0).outcome, Outcome::unavailable) << what;
  };
  remote_.fail = Error(ErrorKind::unavailable, "peer-unreachable", "无法连接对方服务", "timed out");
  try {
    e_.svc->fetch("registry", kCompany, kPrefill);
    FAIL();
  } catch (const Error& err) {
    EXPECT_EQ(err.kind(), ErrorKind::unavailable);
  }
  EXPECT_EQ(e_.svc->queries_about(kCompany).items.at(0).outcome, Outcome::unavailable);
  remote_.fail = invalid("bad-url", "地址无效", "not http");
  expect_unavailable("a URL the client cannot use");
  remote_.fail.reset();
  remote_.status = 502;
  remote_.reply = "Bad Gateway";
  expect_unavailable("an HTTP 502");
  remote_.status = 200;
  remote_.reply = "<html>";
  expect_unavailable("a body that is not JSON");
  remote_.reply = R"({"values": {}})";
  expect_unavailable("an answer without 'found'");
  remote_.reply = R"({"found": true, "values": []})";
  expect_unavailable("values that are not an object");
  EXPECT_EQ(e_.svc->queries_about(kCompany).items.size(), 6u);
}

TEST_F(HttpSource, BackToTheEmbeddedStore) {
  e_.svc->put("registry", kCompany, contract::company_values(), "2026-11-20T08:00:00Z");
  e_.svc->set_adapter("registry", nullptr);
  EXPECT_EQ(e_.svc->adapter_kind("registry"), "embedded");
  EXPECT_TRUE(e_.svc->fetch("registry", kCompany, kPrefill));
  EXPECT_TRUE(remote_.requests.empty());
  EXPECT_THROW(e_.svc->set_adapter("nope", nullptr), Error);
}

}  // namespace
}  // namespace haoban::sources
