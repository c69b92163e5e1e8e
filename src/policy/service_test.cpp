// The closed loop over a real store and ledger: a run's list confirmed into grants, the beneficiary's
// signed confirmation, approval, payment, failed transfers, claw-back, objections and their review,
// and fund totals that add up. The registry is a test double for identity and the sources.
#include "policy/service.h"

#include "policy/corrections.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <map>

#include "core/encoding.h"
#include "core/error.h"
#include "defs/defs_testing.h"
#include "ledger/keys.h"
#include "testing/testing.h"

namespace haoban::policy {
namespace {

using namespace std::chrono;
namespace json = boost::json;
using ::testing::HasSubstr;

Date ymd(int y, unsigned m, unsigned d) { return year{y} / month{m} / day{d}; }

// Three enterprises: two qualify for the 专精特新 award, one is too small.
class TestRegistry : public Registry {
 public:
  std::map<std::string, std::string> attributes_of = {
      {"91310113A", R"({"district_code": "310113", "qualifications": ["专精特新"], "employees": 50})"},
      {"91310113B", R"({"district_code": "310113", "qualifications": ["专精特新"], "employees": 200})"},
      {"91310113C", R"({"district_code": "310113", "qualifications": ["专精特新"], "employees": 3})"},
  };
  std::map<long long, std::string> keys;  // key id → SM2 point
  std::vector<std::string> notices;       // "entity type payload"

  std::vector<Subject> subjects(defs::EntityKind) override {
    std::vector<Subject> out;
    for (const auto& [id, _] : attributes_of) out.push_back({id, "企业" + id.substr(8)});
    return out;
  }
  std::optional<std::pair<defs::EntityKind, std::string>> subject_of(const Principal& who) override {
    if (!who.enterprise_code) return std::nullopt;
    return std::pair{defs::EntityKind::enterprise, *who.enterprise_code};
  }
  json::object attributes(defs::EntityKind, const std::string& id, const std::string&, const std::string&) override {
    auto o = json::parse(attributes_of.at(id)).as_object();
    o["credit"] = json::object{{"dishonest", false}};
    return o;
  }
  std::string verify_signature(const Principal&, long long key, std::string_view message,
                               std::string_view signature) override {
    auto it = keys.find(key);
    if (it == keys.end()) throw not_found("签名密钥");
    auto sig = hex_decode(signature);
    if (!sig || !ledger::verify_sm2(it->second, ledger::kDefaultSm2Id, message, *sig))
      throw invalid("bad-signature", "签名验证未通过");
    return hex_encode(it->second);
  }
  void notify(defs::EntityKind, const std::string& entity, const std::string& type, const std::string& payload) override {
    notices.push_back(entity + " " + type + " " + payload);
  }
};

class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto files = defs::testing::minimal_files();
    for (auto& [k, v] : defs::testing::policy_files()) files[k] = v;
    // The same award asking for the beneficiary's confirmation.
    std::string confirm = files["policies/BS-2026-ZJTX-AWARD.yaml"];
    confirm.replace(confirm.find("id: BS-2026-ZJTX-AWARD"), 22, "id: BS-2026-ZJTX-CONFIRM");
    confirm.replace(confirm.find("mode: auto"), 10, "mode: confirm");
    files["policies/BS-2026-ZJTX-CONFIRM.yaml"] = confirm;
    defs::testing::write_files(dir_.path(), files);
    auto res = defs::load_dir(dir_.path());
    std::string all;
    for (const auto& p : res.problems) all += p.to_string() + "\n";
    ASSERT_TRUE(res.problems.empty()) << all;
    defs_ = std::make_unique<defs::Definitions>(std::move(res.defs));

    db_ = db::Database::open((dir_.path() / "t.db").string(), clock_, 2);
    std::vector<db::Migration> all_migrations;
    for (auto span : {db::db_migrations(), ledger::LedgerService::migrations(), PolicyService::migrations(),
                      Corrections::migrations()})
      all_migrations.insert(all_migrations.end(), span.begin(), span.end());
    db_->migrate(all_migrations);
    ledger::ServiceOptions lo;
    lo.dir = dir_.path() / "ledger";
    lo.key_file = dir_.path() / "keys" / "ledger-sm2.key";
    ledger_ = std::make_unique<ledger::LedgerService>(*db_, clock_, lo);
    service_ = std::make_unique<PolicyService>(*db_, clock_, *defs_, *ledger_, registry_);
    corrections_ = std::make_unique<Corrections>(*db_, clock_, *defs_, registry_);

    officer_.account_id = 1;
    officer_.username = "policy.demo";
    officer_.kind = AccountKind::staff;
    officer_.roles = {Role::policy_admin};
    a_.account_id = 2;
    a_.username = "a";
    a_.kind = AccountKind::enterprise;
    a_.enterprise_code = "91310113A";
  }

  // Runs the policy and confirms its list: the grants of 91310113A and B.
  std::vector<Grant> granted(std::string_view policy) {
    auto run = service_->run(officer_, policy, ymd(2026, 8, 1));
    EXPECT_EQ(run.eligible, 2u);
    EXPECT_EQ(service_->confirm_run(officer_, run.id, "").granted, 2u);
    return service_->grants(officer_, policy, "");
  }
  Grant of(std::string_view policy, std::string_view entity) {
    for (const auto& g : service_->grants(officer_, policy, ""))
      if (g.entity == entity) return g;
    ADD_FAILURE() << "no grant for " << entity;
    return {};
  }

  haoban::testing::TempDir dir_;
  ManualClock clock_{sys_days(ymd(2026, 8, 3)) + hours(2)};
  std::unique_ptr<defs::Definitions> defs_;
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<ledger::LedgerService> ledger_;
  TestRegistry registry_;
  std::unique_ptr<PolicyService> service_;
  std::unique_ptr<Corrections> corrections_;
  Principal officer_, a_;
};

TEST_F(ServiceTest, AGrantIsApprovedBeforeItIsPaidAndPaidOnce) {
  granted("BS-2026-ZJTX-AWARD");
  Grant g = of("BS-2026-ZJTX-AWARD", "91310113A");
  EXPECT_EQ(g.state, "pending");
  EXPECT_GE(g.ledger_index, 0);
  EXPECT_THROW(service_->pay(officer_, g.id, "T1"), Error) << "not approved yet";
  g = service_->approve(officer_, g.id);
  EXPECT_EQ(g.state, "approved");
  EXPECT_EQ(g.approved_by, "policy.demo");
  g = service_->pay(officer_, g.id, "BOC-20260803-0001");
  EXPECT_EQ(g.state, "paid");
  // The beneficiary heard of the grant and of each step, live.
  std::vector<std::string> mine;
  for (const auto& n : registry_.notices)
    if (n.rfind("91310113A policy.grant ", 0) == 0) mine.push_back(n);
  ASSERT_EQ(mine.size(), 3u);
  EXPECT_THAT(mine[0], HasSubstr(R"("state":"pending")"));
  EXPECT_THAT(mine[1], HasSubstr(R"("state":"approved")"));
  EXPECT_THAT(mine[2], HasSubstr(R"("state":"paid")"));
  EXPECT_EQ(g.payment_ref, "BOC-20260803-0001");
  EXPECT_GT(g.payment_index, g.ledger_index);
  EXPECT_THROW(service_->pay(officer_, g.id, "again"), Error);
  EXPECT_THROW(service_->approve(officer_, g.id), Error);
  auto run = service_->run(officer_, "BS-2026-ZJTX-AWARD", ymd(2026, 8, 1));
  EXPECT_EQ(service_->confirm_run(officer_, run.id, "").granted, 0u) << "a second run never grants twice";
}

TEST_F(ServiceTest, AFailedTransferIsRetriedAndAClawBackIsRecorded) {
  granted("BS-2026-ZJTX-AWARD");
  Grant g = service_->approve(officer_, of("BS-2026-ZJTX-AWARD", "91310113A").id);
  try {
    service_->fail(officer_, g.id, "  ");
    FAIL() << "a failure needs its reason";
  } catch (const Error& e) {
    EXPECT_EQ(e.type(), "validation-failed");
  }
  EXPECT_EQ(of("BS-2026-ZJTX-AWARD", "91310113A").state, "approved") << "nothing changed";
  g = service_->fail(officer_, g.id, "收款账户已销户");
  EXPECT_EQ(g.state, "failed");
  EXPECT_EQ(g.failure, "收款账户已销户");
  EXPECT_THROW(service_->pay(officer_, g.id, ""), Error) << "a failed transfer is retried first";
  EXPECT_EQ(service_->retry(officer_, g.id).state, "approved");
  g = service_->pay(officer_, g.id, "");
  EXPECT_EQ(g.state, "paid");
  EXPECT_EQ(g.failure, "") << "the old failure no longer describes the grant";

  EXPECT_THROW(service_->claw_back(officer_, g.id, ""), Error);
  g = service_->claw_back(officer_, g.id, "核查发现从业人数申报不实");
  EXPECT_EQ(g.state, "clawed_back");
  EXPECT_GT(g.clawback_index, g.payment_index);
  EXPECT_THROW(service_->claw_back(officer_, g.id, "再次追回"), Error);
  auto e = ledger_->entry(static_cast<std::uint64_t>(g.clawback_index));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->id, "clawback:" + std::to_string(g.id));
}

TEST_F(ServiceTest, ConfirmationIsSignedWithTheBeneficiarysOwnKey) {
  granted("BS-2026-ZJTX-CONFIRM");
  Grant g = of("BS-2026-ZJTX-CONFIRM", "91310113A");
  ASSERT_EQ(g.state, "awaiting_confirmation");
  EXPECT_THROW(service_->approve(officer_, g.id), Error) << "not confirmed yet";
  auto key = ledger::SigningKey::generate(ledger::SigAlg::sm2, "a");
  registry_.keys[7] = key.verifier().public_key();
  const std::string statement = confirmation_statement(g);
  EXPECT_THAT(statement, HasSubstr("BS-2026-ZJTX-CONFIRM"));
  EXPECT_THAT(statement, HasSubstr("300000"));

  // A signature of another amount, or by another key, changes nothing.
  std::string forged = statement;
  forged.replace(forged.find("300000"), 6, "900000");
  try {
    service_->confirm_grant(a_, g.id, true, 7, hex_encode(key.sign(forged)));
    FAIL() << "a signature over another statement was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.type(), "bad-signature");
  }
  auto other = ledger::SigningKey::generate(ledger::SigAlg::sm2, "b");
  EXPECT_THROW(service_->confirm_grant(a_, g.id, true, 7, hex_encode(other.sign(statement))), Error);
  EXPECT_THROW(service_->confirm_grant(a_, g.id, false, 7, hex_encode(key.sign(statement))), Error);
  EXPECT_EQ(of("BS-2026-ZJTX-CONFIRM", "91310113A").state, "awaiting_confirmation");

  // Another enterprise cannot confirm A's grant, even with a valid signature.
  Principal b = a_;
  b.enterprise_code = "91310113B";
  EXPECT_THROW(service_->confirm_grant(b, g.id, true, 7, hex_encode(key.sign(statement))), Error);

  const std::string signature = hex_encode(key.sign(statement));
  g = service_->confirm_grant(a_, g.id, true, 7, signature);
  EXPECT_EQ(g.state, "pending");
  EXPECT_EQ(g.signature, signature);
  EXPECT_EQ(g.signer_key, hex_encode(key.verifier().public_key()));
  EXPECT_GT(g.confirmation_index, g.ledger_index);
  // Anyone holding the grant can check it: the statement, the signature and the key.
  EXPECT_TRUE(ledger::verify_sm2(*hex_decode(g.signer_key), ledger::kDefaultSm2Id, confirmation_statement(g),
                                 *hex_decode(g.signature)));
  EXPECT_THROW(service_->confirm_grant(a_, g.id, true, 7, signature), Error) << "confirmed once";
}

TEST_F(ServiceTest, AnObjectionIsDismissedAmendedOrUpheld) {
  granted("BS-2026-ZJTX-AWARD");
  Grant g = of("BS-2026-ZJTX-AWARD", "91310113A");
  g = service_->object(a_, g.id, "金额应按新标准计算");
  EXPECT_EQ(g.state, "objected");
  EXPECT_EQ(g.objected_from, "pending");
  EXPECT_THROW(service_->approve(officer_, g.id), Error) << "an objected grant leaves the payment queue";
  EXPECT_THROW(service_->review_objection(officer_, g.id, Review::dismiss, ""), Error) << "a reply is required";
  EXPECT_THROW(service_->review_objection(officer_, g.id, Review::amend, "调整", std::nullopt), Error);

  g = service_->review_objection(officer_, g.id, Review::dismiss, "经核实，金额按申报时标准计算");
  EXPECT_EQ(g.state, "pending") << "back where it was";
  EXPECT_EQ(g.reply, "经核实，金额按申报时标准计算");

  g = service_->object(a_, g.id, "从业人数有误");
  long long decision = g.ledger_index;
  g = service_->review_objection(officer_, g.id, Review::amend, "按更正后的人数核定", expr::Decimal::parse("250000"));
  EXPECT_EQ(g.state, "pending");
  EXPECT_EQ(g.amount, "250000");
  EXPECT_GT(g.ledger_index, decision) << "the amended amount is a new entry";

  Grant b = service_->object(a_, g.id, "本企业不申请");
  b = service_->review_objection(officer_, b.id, Review::withdraw, "已按企业意愿撤销");
  EXPECT_EQ(b.state, "withdrawn");
  EXPECT_THROW(service_->approve(officer_, b.id), Error);
}

TEST_F(ServiceTest, FundsPerPolicyAndDepartmentAddUp) {
  granted("BS-2026-ZJTX-AWARD");
  granted("BS-2026-ZJTX-CONFIRM");
  Grant a = service_->approve(officer_, of("BS-2026-ZJTX-AWARD", "91310113A").id);
  service_->pay(officer_, a.id, "");
  Grant b = service_->approve(officer_, of("BS-2026-ZJTX-AWARD", "91310113B").id);
  service_->pay(officer_, b.id, "");
  service_->claw_back(officer_, b.id, "骗取补贴");
  Grant c = of("BS-2026-ZJTX-CONFIRM", "91310113A");
  service_->object(a_, c.id, "不需要");
  service_->review_objection(officer_, c.id, Review::withdraw, "撤销");

  auto report = service_->funds(officer_);
  ASSERT_EQ(report.policies.size(), 2u);
  const FundTotals& award = report.policies[0].totals;
  EXPECT_EQ(report.policies[0].policy, "BS-2026-ZJTX-AWARD");
  EXPECT_EQ(award.grants, 2u);
  EXPECT_EQ(award.committed.to_string(), "600000");
  EXPECT_EQ(award.paid.to_string(), "600000");
  EXPECT_EQ(award.clawed_back.to_string(), "300000");
  EXPECT_EQ(award.net.to_string(), "300000");
  EXPECT_EQ(award.outstanding.to_string(), "0");
  const FundTotals& confirm = report.policies[1].totals;
  EXPECT_EQ(confirm.committed.to_string(), "300000") << "the withdrawn grant is not committed";
  EXPECT_EQ(confirm.outstanding.to_string(), "300000");
  EXPECT_EQ(confirm.states.at("withdrawn"), 1u);
  EXPECT_EQ(confirm.states.at("awaiting_confirmation"), 1u);

  ASSERT_EQ(report.departments.size(), 1u);
  EXPECT_EQ(report.departments[0].department, "scjg");
  EXPECT_EQ(report.departments[0].totals.committed.to_string(), "900000");
  EXPECT_EQ(report.total.grants, 4u);
  EXPECT_EQ(report.total.net.to_string(), "300000");
  EXPECT_EQ(report.total.outstanding.to_string(), "300000");
}

std::string field_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.fields().empty() ? e.type() : e.fields()[0].field;
  }
  return "";
}

TEST_F(ServiceTest, ABeneficiaryReportsWrongDataAndTheOfficerAnswers) {
  // C has 3 employees on record; it says 30.
  Principal c = a_;
  c.enterprise_code = "91310113C";
  Correction r = corrections_->submit(c, "enterprise.employees", " 30 ", "2026年社保缴纳人数为30人", "BS-2026-ZJTX-AWARD");
  EXPECT_EQ(r.state, "submitted");
  EXPECT_EQ(r.current, "3");
  EXPECT_EQ(r.claimed, "30");
  EXPECT_EQ(r.label, "从业人数");
  EXPECT_EQ(corrections_->mine(c).size(), 1u);
  EXPECT_TRUE(corrections_->mine(a_).empty()) << "A sees only its own";
  EXPECT_EQ(field_of([&] { corrections_->submit(c, "enterprise.employees", "31", "再报", ""); }), "correction-open");

  // Each bad report names its field and stores nothing.
  EXPECT_EQ(field_of([&] { corrections_->submit(a_, "enterprise.colour", "红", "因为", ""); }), "attribute");
  EXPECT_EQ(field_of([&] { corrections_->submit(a_, "person.birth_date", "2000-01-01", "因为", ""); }), "attribute");
  EXPECT_EQ(field_of([&] { corrections_->submit(a_, "enterprise.employees", "三十", "因为", ""); }), "claimed");
  EXPECT_EQ(field_of([&] { corrections_->submit(a_, "enterprise.employees", "50", "因为", ""); }), "claimed")
      << "the value the source already holds";
  EXPECT_EQ(field_of([&] { corrections_->submit(a_, "enterprise.established_on", "2026-02-30", "因为", ""); }), "claimed");
  EXPECT_EQ(field_of([&] { corrections_->submit(a_, "enterprise.employees", "60", " ", ""); }), "reason");
  EXPECT_EQ(field_of([&] { corrections_->submit(a_, "enterprise.employees", "60", "因为", "NO-SUCH"); }), "policy");
  EXPECT_EQ(field_of([&] { corrections_->submit(officer_, "enterprise.employees", "60", "因为", ""); }), "forbidden");
  EXPECT_TRUE(corrections_->mine(a_).empty());

  EXPECT_EQ(field_of([&] { corrections_->list(a_, ""); }), "forbidden");
  ASSERT_EQ(corrections_->list(officer_, "submitted").size(), 1u);
  EXPECT_EQ(field_of([&] { corrections_->review(officer_, r.id, true, ""); }), "reply");
  r = corrections_->review(officer_, r.id, true, "已核实社保数据，已通知法人库更正");
  EXPECT_EQ(r.state, "accepted");
  EXPECT_EQ(r.reviewed_by, "policy.demo");
  EXPECT_EQ(corrections_->mine(c)[0].reply, "已核实社保数据，已通知法人库更正");
  EXPECT_EQ(field_of([&] { corrections_->review(officer_, r.id, false, "再答"); }), "correction-reviewed");
  EXPECT_NO_THROW(corrections_->submit(c, "enterprise.employees", "31", "又有变化", "")) << "answered: a new report may follow";
}

}  // namespace
}  // namespace haoban::policy
