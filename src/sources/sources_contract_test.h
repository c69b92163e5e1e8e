// Source behaviour that must hold on every dialect; run by sources_test (SQLite) and sources_pgtest
// (PostgreSQL). Test definitions: an enterprise register with most value types, a population
// register, and an e-licence source for both kinds of subject.
#pragma once

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fstream>

#include "core/id_codes.h"
#include "defs/defs_testing.h"
#include "sources/sources.h"
#include "testing/testing.h"

namespace haoban::sources::contract {

namespace json = boost::json;
using namespace std::chrono_literals;

inline defs::Definitions test_definitions(const std::filesystem::path& dir) {
  auto files = defs::testing::minimal_files();
  files["sources/registry.yaml"] = R"(id: registry
name: 法人库
department: scjg
subject: enterprise
cadence: realtime
fields:
  - {key: name, label: 企业名称, type: text}
  - {key: capital, label: 注册资本（万元）, type: money}
  - {key: established_on, label: 成立日期, type: date}
  - {key: employees, label: 从业人数, type: number, verified: false, cadence: monthly}
  - {key: high_tech, label: 高新技术企业, type: bool}
  - {key: qualifications, label: 资质, type: multi_select}
  - key: shareholders
    label: 股东
    type: table
    columns:
      - {key: name, label: 股东名称, type: text}
      - {key: subscribed, label: 认缴出资额（万元）, type: money}
      - {key: ratio, label: 出资比例（%）, type: number, decimals: 2}
)";
  files["sources/people.yaml"] = R"(id: people
name: 人口库
department: scjg
subject: person
fields:
  - {key: name, label: 姓名, type: text}
  - {key: birth_date, label: 出生日期, type: date}
)";
  files["sources/licences.yaml"] = R"(id: licences
name: 电子证照库
department: lhsrj
subject: any
fields:
  - {key: count, label: 证照数量, type: number}
)";
  for (const auto& [rel, text] : files) {
    std::filesystem::create_directories((dir / rel).parent_path());
    std::ofstream(dir / rel) << text;
  }
  return defs::load_dir_or_throw(dir);
}

// A store with the sources' migrations, a fixed clock (Monday 2026-11-23 10:00 in Beijing) and a service.
struct Env {
  haoban::testing::TempDir dir;
  ManualClock clock{std::chrono::sys_days{std::chrono::year{2026} / 11 / 23} + 2h};
  defs::Definitions defs = test_definitions(dir.path() / "definitions");
  std::unique_ptr<db::Database> db;
  std::unique_ptr<SourceService> svc;

  explicit Env(std::string url = {}) {
    db = db::Database::open(url.empty() ? (dir.path() / "t.db").string() : url, clock, 2);
    std::vector<db::Migration> all(db::db_migrations().begin(), db::db_migrations().end());
    all.insert(all.end(), SourceService::migrations().begin(), SourceService::migrations().end());
    db->migrate(all);
    svc = std::make_unique<SourceService>(*db, clock, defs);
  }
};

inline const std::string kCompany = make_credit_code('9', '1', "310113", "MA1FL4XQ");
inline const std::string kOtherCompany = make_credit_code('9', '1', "310113", "MA1G2B3C");
inline const std::string kPerson =
    make_id_number("310113", std::chrono::year{1990} / std::chrono::month{6} / std::chrono::day{15}, 123);

inline const FetchContext kClerk{"clerk.scjg", "2026000123", "数据核验 企业变更登记", "王敏", "区市场监管局"};
inline const FetchContext kPrefill{std::string(kSystemActor), "", "预填 企业变更登记"};

inline json::object company_values() {
  return json::parse(R"({"name": "上海宝晟智能科技有限公司", "capital": 500, "established_on": "2016-03-08",
    "employees": 48, "high_tech": true, "qualifications": ["高新技术企业"],
    "shareholders": [{"name": "张伟", "subscribed": "300", "ratio": 60}, {"name": "李娜", "subscribed": 200.5, "ratio": "40.00"}]})")
      .as_object();
}

inline void fetch_returns_the_stored_record(Env& e) {
  e.svc->put("registry", kCompany, company_values(), "2026-11-20T08:00:00Z");
  auto rec = e.svc->fetch("registry", kCompany, kClerk);
  ASSERT_TRUE(rec);
  EXPECT_EQ(rec->source, "registry");
  EXPECT_EQ(rec->subject, kCompany);
  EXPECT_EQ(rec->updated_at, "2026-11-20T08:00:00Z");
  EXPECT_EQ(rec->fetched_at, "2026-11-23T02:00:00Z");
  // Typed as forms keep values: money and decimals as strings with their digits, integers as numbers.
  EXPECT_EQ(json::serialize(rec->values),
            json::serialize(json::parse(R"({"name": "上海宝晟智能科技有限公司", "capital": "500.00",
    "established_on": "2016-03-08", "employees": 48, "high_tech": true, "qualifications": ["高新技术企业"],
    "shareholders": [{"name": "张伟", "subscribed": "300.00", "ratio": "60.00"},
                     {"name": "李娜", "subscribed": "200.50", "ratio": "40.00"}]})")));
  // A later put replaces the record.
  e.svc->put("registry", kCompany, {{"name", "上海宝晟科技有限公司"}}, "2026-11-22T08:00:00Z");
  rec = e.svc->fetch("registry", kCompany, kClerk);
  ASSERT_TRUE(rec);
  EXPECT_EQ(json::serialize(rec->values), R"({"name":"上海宝晟科技有限公司"})");

  auto log = e.svc->queries_about(kCompany);
  ASSERT_EQ(log.items.size(), 2u);
  const auto& q = log.items.front();
  EXPECT_EQ(q.source, "registry");
  EXPECT_EQ(q.actor, "clerk.scjg");
  EXPECT_EQ(q.actor_name, "王敏");
  EXPECT_EQ(q.actor_department, "区市场监管局");
  EXPECT_EQ(q.application, "2026000123");
  EXPECT_EQ(q.purpose, "数据核验 企业变更登记");
  EXPECT_EQ(q.outcome, Outcome::ok);
  EXPECT_EQ(q.at, "2026-11-23T02:00:00Z");
}

inline void unknown_subject_is_not_found_and_logged(Env& e) {
  e.svc->put("registry", kCompany, company_values(), "2026-11-20T08:00:00Z");
  EXPECT_FALSE(e.svc->fetch("registry", kOtherCompany, kPrefill));
  // A person's id number can never be in the enterprise register.
  EXPECT_FALSE(e.svc->fetch("registry", kPerson, kPrefill));
  auto other = e.svc->queries_about(kOtherCompany);
  ASSERT_EQ(other.items.size(), 1u);
  EXPECT_EQ(other.items[0].outcome, Outcome::not_found);
  EXPECT_EQ(other.items[0].actor, "system");
  EXPECT_EQ(other.items[0].purpose, "预填 企业变更登记");
  ASSERT_EQ(e.svc->queries_about(kPerson).items.size(), 1u);
  EXPECT_EQ(e.svc->queries_about(kPerson).items[0].outcome, Outcome::not_found);

  try {
    e.svc->fetch("no_such_source", kCompany, kPrefill);
    FAIL() << "an unknown source must be refused";
  } catch (const Error& err) {
    EXPECT_EQ(err.kind(), ErrorKind::not_found);
  }
  EXPECT_EQ(e.svc->queries_about(kCompany).items.size(), 0u)
      << "an unknown source is not a query about anyone";
}

inline void outage_refuses_and_is_logged(Env& e) {
  e.svc->put("registry", kCompany, company_values(), "2026-11-20T08:00:00Z");
  e.svc->set_available("registry", false, "市监局系统升级维护", "admin");
  try {
    e.svc->fetch("registry", kCompany, kPrefill);
    FAIL() << "a switched-off source must refuse";
  } catch (const Error& err) {
    EXPECT_EQ(err.kind(), ErrorKind::unavailable);
    EXPECT_NE(err.detail().find("市监局系统升级维护"), std::string::npos) << err.detail();
  }
  auto log = e.svc->queries_about(kCompany);
  ASSERT_EQ(log.items.size(), 1u);
  EXPECT_EQ(log.items[0].outcome, Outcome::unavailable);

  // Persisted: another service over the same store sees the switch; the change is audited.
  SourceService again(*e.db, e.clock, e.defs);
  auto av = again.availability("registry");
  EXPECT_FALSE(av.available);
  EXPECT_EQ(av.note, "市监局系统升级维护");
  EXPECT_EQ(av.changed_by, "admin");
  EXPECT_TRUE(again.availability("people").available);
  auto audit = e.db->recent_audit(5, "source", "registry");
  ASSERT_FALSE(audit.empty());
  EXPECT_EQ(audit[0].action, "source.availability");
  EXPECT_EQ(audit[0].actor, "admin");

  again.set_available("registry", true, "");
  EXPECT_TRUE(e.svc->fetch("registry", kCompany, kPrefill));
}

inline void put_refuses_wrong_types_naming_the_field(Env& e) {
  auto refused = [&](const char* source, const std::string& subject,
                     const char* values) -> std::vector<FieldError> {
    try {
      e.svc->put(source, subject, json::parse(values).as_object(), "2026-11-20T08:00:00Z");
    } catch (const Error& err) {
      EXPECT_EQ(err.kind(), ErrorKind::invalid);
      EXPECT_EQ(err.type(), "source-values-invalid");
      EXPECT_FALSE(err.detail().empty());
      return err.fields();
    }
    ADD_FAILURE() << values << " was accepted";
    return {};
  };
  auto has = [](const std::vector<FieldError>& errors, std::string_view field) {
    for (const auto& f : errors)
      if (f.field == field) return true;
    return false;
  };
  EXPECT_TRUE(has(refused("registry", kCompany, R"({"capital": "很多"})"), "capital"));
  EXPECT_TRUE(has(refused("registry", kCompany, R"({"capital": "1.005"})"), "capital"));
  EXPECT_TRUE(has(refused("registry", kCompany, R"({"established_on": "2016-02-30"})"), "established_on"));
  EXPECT_TRUE(has(refused("registry", kCompany, R"({"employees": 4.5})"), "employees"));
  EXPECT_TRUE(has(refused("registry", kCompany, R"({"high_tech": "yes"})"), "high_tech"));
  EXPECT_TRUE(has(refused("registry", kCompany, R"({"qualifications": "高新技术企业"})"), "qualifications"));
  EXPECT_TRUE(has(refused("registry", kCompany, R"({"name": 42})"), "name"));
  EXPECT_TRUE(has(refused("registry", kCompany, R"({"nickname": "宝晟"})"), "nickname"));
  auto table = refused("registry", kCompany,
                       R"({"shareholders": [{"name": "张伟", "subscribed": "三百"}, {"age": 3}]})");
  EXPECT_TRUE(has(table, "shareholders/0/subscribed"));
  EXPECT_TRUE(has(table, "shareholders/1/age"));
  EXPECT_TRUE(has(refused("people", kCompany, R"({"name": "李明"})"), "subject"))
      << "a credit code is no person";
  EXPECT_TRUE(has(refused("registry", "91310113XXXXXXXXXX", R"({"name": "x"})"), "subject"));
  // Nothing was stored by any of them.
  EXPECT_FALSE(e.svc->fetch("registry", kCompany, kPrefill));
  try {
    e.svc->put("nope", kCompany, {}, "2026-11-20T08:00:00Z");
    FAIL();
  } catch (const Error& err) {
    EXPECT_EQ(err.kind(), ErrorKind::not_found);
  }
}

inline void queries_about_returns_only_that_subject(Env& e) {
  e.svc->put("registry", kCompany, company_values(), "2026-11-20T08:00:00Z");
  e.svc->put("people", kPerson, {{"name", "李明"}, {"birth_date", "1990-06-15"}}, "2026-11-20T08:00:00Z");
  e.svc->put("licences", kPerson, {{"count", 2}}, "2026-11-20T08:00:00Z");
  for (int i = 0; i < 3; ++i) {
    e.clock.advance(60s);
    e.svc->fetch("registry", kCompany, kPrefill);
  }
  e.svc->fetch("people", kPerson, kClerk);
  e.svc->fetch("licences", kPerson, kPrefill);
  e.svc->fetch("registry", kOtherCompany, kPrefill);

  auto mine = e.svc->queries_about(kPerson);
  ASSERT_EQ(mine.items.size(), 2u);
  EXPECT_EQ(mine.items[0].source, "licences") << "newest first";
  EXPECT_EQ(mine.items[1].source, "people");
  for (const auto& q : mine.items) EXPECT_EQ(q.subject, kPerson);
  EXPECT_FALSE(mine.next_cursor);

  auto first = e.svc->queries_about(kCompany, 0, 2);
  ASSERT_EQ(first.items.size(), 2u);
  ASSERT_TRUE(first.next_cursor);
  auto rest = e.svc->queries_about(kCompany, *first.next_cursor, 2);
  ASSERT_EQ(rest.items.size(), 1u);
  EXPECT_LT(rest.items[0].id, first.items[1].id);
  EXPECT_FALSE(rest.next_cursor);
  EXPECT_EQ(rest.items[0].at, "2026-11-23T02:01:00Z");

  auto registry = e.svc->recent_queries({.source = "registry"});
  EXPECT_EQ(registry.items.size(), 4u);
  auto both = e.svc->recent_queries({.subject = kPerson, .source = "people"});
  ASSERT_EQ(both.items.size(), 1u);
  EXPECT_EQ(both.items[0].actor, "clerk.scjg");
  EXPECT_EQ(e.svc->recent_queries({}).items.size(), 6u);
  EXPECT_TRUE(e.svc->queries_about("").items.empty());
}

inline void the_query_log_is_append_only(Env& e) {
  e.svc->fetch("registry", kCompany, kPrefill);
  EXPECT_ANY_THROW(e.db->write([](db::Tx& tx) { tx.sql() << "UPDATE source_queries SET purpose = 'x'"; }));
  EXPECT_ANY_THROW(e.db->write([](db::Tx& tx) { tx.sql() << "DELETE FROM source_queries"; }));
  EXPECT_EQ(e.svc->queries_about(kCompany).items.size(), 1u);
}

}  // namespace haoban::sources::contract
