#include "applications/applications.h"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <set>
#include <thread>

#include "testing/testing.h"

namespace haoban::applications {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;

// A fixed two-item catalog: the port's contract, with the answers deciding the bundle. The real
// catalog is exercised through the HTTP and browser tests.
class FixedCatalog : public CatalogPort {
 public:
  std::optional<ItemTerms> item(std::string_view code) const override {
    if (code == "FOOD") return ItemTerms{"FOOD", "食品经营许可", "v1", "scjg", 5};
    if (code == "SIGN") return ItemTerms{"SIGN", "户外招牌设置", "v1", "jsglw", 3};
    if (code == "REG") return ItemTerms{"REG", "企业变更登记", "v1", "scjg", 2};
    if (code == "CLOSE") return ItemTerms{"CLOSE", "企业注销登记", "v1", "scjg", 10};
    if (code == "FOOD_CHANGE") return ItemTerms{"FOOD_CHANGE", "食品经营许可（变更）", "v1", "scjg", 5};
    if (code == "FOOD_CLOSE") return ItemTerms{"FOOD_CLOSE", "食品经营许可（注销）", "v1", "scjg", 5};
    if (code == "DRUG_CHANGE") return ItemTerms{"DRUG_CHANGE", "药品零售企业许可（变更）", "v1", "scjg", 15};
    return std::nullopt;
  }
  // 免申即办: the licences follow a change of name (REG) and every cancellation (CLOSE).
  std::vector<FollowUp> follow_ups(std::string_view code, const json::object& answers) const override {
    std::vector<FollowUp> out;
    auto renamed = answers.find("renamed");
    if (code == "REG" && renamed != answers.end() && renamed->value() == json::value(true)) {
      out.push_back({*item("FOOD_CHANGE"), "食品经营许可证", "营业执照变更", {}});
      out.push_back({*item("DRUG_CHANGE"), "药品经营许可证", "营业执照变更", {}});
    }
    if (code == "CLOSE") out.push_back({*item("FOOD_CLOSE"), "食品经营许可证", "营业执照注销", {}});
    return out;
  }
  bool has_bundle(std::string_view code) const override { return code == "RESTAURANT"; }
  BundlePlan plan_bundle(std::string_view, const json::object& answers) const override {
    BundlePlan p{"RESTAURANT", "开办餐饮店", "v1", {*item("FOOD")}};
    auto it = answers.find("has_sign");
    if (it != answers.end() && !it->value().is_bool())
      throw invalid("validation-failed", "情形回答有误", "", {{"has_sign", "应为是或否"}});
    if (it != answers.end() && it->value().as_bool()) p.items.push_back(*item("SIGN"));
    return p;
  }
  FormResult check_form(std::string_view, bool, const json::object& fields, const json::object&) const override {
    if (!fields.contains("company_name")) return {{{"company_name", "必填"}}, {}};
    return {{}, fields};
  }
};

Principal account(long long id, std::string username, AccountKind kind, std::vector<Role> roles = {},
                  std::optional<std::string> dept = std::nullopt) {
  Principal p;
  p.account_id = id;
  p.username = std::move(username);
  p.display_name = p.username;
  p.kind = kind;
  p.roles = std::move(roles);
  p.department_id = std::move(dept);
  return p;
}

class Applications : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = db::Database::open((dir_.path() / "t.db").string(), clock_, 2);
    std::vector<db::Migration> all(db::db_migrations().begin(), db::db_migrations().end());
    all.insert(all.end(), ApplicationService::migrations().begin(), ApplicationService::migrations().end());
    db_->migrate(all);
    events_.subscribe([this](const Event& e) { events_seen_.push_back(e); });
    svc_ = std::make_unique<ApplicationService>(*db_, clock_, cal_, catalog_, events_);
  }

  Application filed(const json::object& fields = {{"company_name", "上海宝晟智能科技有限公司"}}) {
    auto a = svc_->create(company_, {.item = "FOOD", .fields = fields});
    return svc_->submit(company_, a.id);
  }

  // Monday 2026-11-23, 10:00 Beijing time.
  haoban::testing::TempDir dir_;
  ManualClock clock_{std::chrono::sys_days{std::chrono::year{2026} / 11 / 23} + 2h};
  WorkingCalendar cal_ = WorkingCalendar::load_dir(haoban::testing::source_dir() / "data" / "calendar");
  FixedCatalog catalog_;
  EventBus events_;
  std::vector<Event> events_seen_;
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<ApplicationService> svc_;
  Principal company_ = account(1, "enterprise.demo", AccountKind::enterprise);
  Principal other_ = account(2, "person.demo", AccountKind::person);
  Principal clerk_ = account(10, "clerk.scjg", AccountKind::staff, {Role::window_clerk}, "scjg");
  Principal approver_ = account(11, "approver.scjg", AccountKind::staff, {Role::approver}, "scjg");
  Principal rsj_clerk_ = account(12, "clerk.rsj", AccountKind::staff, {Role::window_clerk}, "rsj");
};

TEST_F(Applications, TheWholeWayWithACorrection) {
  auto a = filed();
  EXPECT_EQ(a.status, Status::submitted);
  EXPECT_FALSE(a.submitted_at.empty());

  a = svc_->act(clerk_, a.id, Action::accept, "");
  EXPECT_EQ(a.status, Status::accepted);
  EXPECT_EQ(format_date(*a.due_on), "2026-11-30") << "5 working days after Monday";

  clock_.advance(48h);  // Wednesday
  a = svc_->act(clerk_, a.id, Action::return_for_correction, "营业执照复印件不清晰");
  EXPECT_EQ(a.status, Status::returned);
  clock_.advance(48h);  // Friday: Thursday and Friday did not count
  a = svc_->update_fields(company_, a.id, {{"staff_count", 12}});
  a = svc_->act(company_, a.id, Action::resubmit, "");
  EXPECT_EQ(a.status, Status::accepted) << "back to where it was returned from";
  EXPECT_EQ(format_date(*a.due_on), "2026-12-02");
  EXPECT_EQ(a.fields.at("staff_count").as_int64(), 12);

  a = svc_->act(approver_, a.id, Action::approve, "");
  EXPECT_EQ(a.status, Status::approved);
  EXPECT_EQ(a.on_time, true);
  EXPECT_FALSE(a.first_time_success()) << "it needed a correction";
  a = svc_->act(clerk_, a.id, Action::complete, "");
  EXPECT_EQ(a.status, Status::completed);

  std::vector<std::string> actions;
  for (const auto& h : a.history) actions.push_back(h.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"create", "submit", "accept", "return", "resubmit", "approve",
                                               "complete"}));
  EXPECT_EQ(a.history[3].reason, "营业执照复印件不清晰");
  EXPECT_EQ(a.history[3].actor, "clerk.scjg");
}

TEST_F(Applications, EveryChangeIsPublishedToTheApplicantAndTheDepartment) {
  auto a = filed();
  svc_->act(clerk_, a.id, Action::accept, "");
  ASSERT_EQ(events_seen_.size(), 2u);
  const Event& e = events_seen_.back();
  EXPECT_EQ(e.type, "application.status");
  EXPECT_TRUE(e.audience.includes(company_));
  EXPECT_TRUE(e.audience.includes(approver_));
  EXPECT_FALSE(e.audience.includes(rsj_clerk_));
  EXPECT_FALSE(e.audience.includes(other_));
  EXPECT_NE(e.payload_json.find(R"("status":"accepted")"), std::string::npos) << e.payload_json;
}

TEST_F(Applications, FirstTimeSuccessAndOnTime) {
  auto a = filed();
  svc_->act(clerk_, a.id, Action::accept, "");
  clock_.advance(24h * 10);
  a = svc_->act(approver_, a.id, Action::approve, "");
  EXPECT_TRUE(a.first_time_success());
  EXPECT_EQ(a.on_time, false) << "decided after the due date";
}

TEST_F(Applications, IllegalTransitionsAreRefusedAndChangeNothing) {
  auto a = filed();
  auto expect_conflict = [&](const Principal& who, Action act) {
    try {
      svc_->act(who, a.id, act, "理由");
      ADD_FAILURE() << to_string(act) << " should be refused";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::conflict) << to_string(act);
    }
  };
  expect_conflict(approver_, Action::approve);  // not accepted yet
  expect_conflict(clerk_, Action::complete);
  expect_conflict(company_, Action::resubmit);
  try {
    svc_->submit(company_, a.id);
    ADD_FAILURE() << "submitting twice";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::conflict);
  }
  auto now = svc_->get(company_, a.id);
  EXPECT_EQ(now.status, Status::submitted);
  EXPECT_EQ(now.history.size(), 2u);
}

TEST_F(Applications, RolesAndDepartmentsAreEnforced) {
  auto a = filed();
  EXPECT_THROW(svc_->get(rsj_clerk_, a.id), Error) << "another department cannot see it";
  try {
    svc_->act(rsj_clerk_, a.id, Action::accept, "");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::not_found) << "not even its existence is revealed";
  }
  EXPECT_THROW(svc_->get(other_, a.id), Error) << "another applicant cannot see it";
  svc_->act(clerk_, a.id, Action::accept, "");
  try {
    svc_->act(clerk_, a.id, Action::approve, "");
    FAIL() << "window clerks accept; approvers decide";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::forbidden);
  }
  try {
    svc_->act(company_, a.id, Action::approve, "");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::forbidden);
  }
  EXPECT_EQ(svc_->get(clerk_, a.id).status, Status::accepted);
}

TEST_F(Applications, RefusalsNeedAReason) {
  auto a = filed();
  try {
    svc_->act(clerk_, a.id, Action::not_accept, "  ");
    FAIL();
  } catch (const Error& e) {
    ASSERT_EQ(e.fields().size(), 1u);
    EXPECT_EQ(e.fields()[0].field, "reason");
  }
  EXPECT_EQ(svc_->get(clerk_, a.id).status, Status::submitted);
}

TEST_F(Applications, InvalidFormsAreNotSubmitted) {
  auto a = svc_->create(company_, {.item = "FOOD"});
  try {
    svc_->submit(company_, a.id);
    FAIL();
  } catch (const Error& e) {
    ASSERT_EQ(e.fields().size(), 1u);
    EXPECT_EQ(e.fields()[0].field, "company_name");
  }
  EXPECT_EQ(svc_->get(company_, a.id).status, Status::draft);
  EXPECT_TRUE(events_seen_.empty());
}

TEST_F(Applications, UnknownItemsAreNotFound) {
  try {
    svc_->create(company_, {.item = "NOPE"});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::not_found);
  }
  EXPECT_THROW(svc_->create(clerk_, {.item = "FOOD"}), Error) << "staff do not file for themselves";
}

TEST_F(Applications, ABundleFansOutToEachApplicableItemsDepartment) {
  auto b = svc_->create(company_, {.bundle = "RESTAURANT", .answers = {{"has_sign", true}},
                                   .fields = {{"company_name", "上海宝晟智能科技有限公司"}}});
  EXPECT_TRUE(b.is_bundle);
  b = svc_->submit(company_, b.id);
  ASSERT_EQ(b.children.size(), 2u);
  auto food = svc_->get(company_, b.children[0]);
  auto sign = svc_->get(company_, b.children[1]);
  EXPECT_EQ(food.department_id, "scjg");
  EXPECT_EQ(sign.department_id, "jsglw");
  EXPECT_EQ(food.status, Status::submitted);
  EXPECT_EQ(food.fields.at("company_name").as_string(), "上海宝晟智能科技有限公司") << "asked once, sent to both";
  EXPECT_NO_THROW(svc_->get(clerk_, food.id));
  EXPECT_THROW(svc_->get(clerk_, sign.id), Error) << "scjg sees only its own part";
  EXPECT_THROW(svc_->get(clerk_, b.id), Error);
  auto queue = svc_->list(clerk_, {});
  ASSERT_EQ(queue.items.size(), 1u);
  EXPECT_EQ(queue.items[0].id, food.id);
  auto mine = svc_->list(company_, {.mine = true});
  ASSERT_EQ(mine.items.size(), 1u) << "the applicant's list shows the bundle, not its parts";
  EXPECT_EQ(mine.items[0].id, b.id);
}

TEST_F(Applications, BundleAnswersOfTheWrongTypeAreRefused) {
  try {
    svc_->create(company_, {.bundle = "RESTAURANT", .answers = {{"has_sign", "yes"}}});
    FAIL();
  } catch (const Error& e) {
    ASSERT_EQ(e.fields().size(), 1u);
    EXPECT_EQ(e.fields()[0].field, "has_sign");
  }
}

TEST_F(Applications, QueueFlagsOverdueWork) {
  auto a = filed();
  auto b = filed();
  svc_->act(clerk_, a.id, Action::accept, "");
  svc_->act(clerk_, b.id, Action::accept, "");
  clock_.advance(24h * 8);  // Tuesday 12-01: past the 11-30 due date
  svc_->act(approver_, b.id, Action::approve, "");
  auto overdue = svc_->list(clerk_, {.overdue = true});
  ASSERT_EQ(overdue.items.size(), 1u);
  EXPECT_EQ(overdue.items[0].id, a.id);
  EXPECT_EQ(svc_->urgency_of(overdue.items[0]), Urgency::overdue);
  EXPECT_THROW(svc_->list(clerk_, {.department = "rsj"}), Error) << "another department's queue";
}

TEST_F(Applications, ListsArePaginated) {
  for (int i = 0; i < 5; ++i) filed();
  auto p1 = svc_->list(clerk_, {.limit = 2});
  ASSERT_EQ(p1.items.size(), 2u);
  ASSERT_TRUE(p1.next_cursor);
  auto p2 = svc_->list(clerk_, {.cursor = *p1.next_cursor, .limit = 2});
  auto p3 = svc_->list(clerk_, {.cursor = *p2.next_cursor, .limit = 2});
  EXPECT_EQ(p3.items.size(), 1u);
  EXPECT_FALSE(p3.next_cursor);
  EXPECT_LT(p1.items[1].id, p2.items[0].id);
}

}  // namespace
}  // namespace haoban::applications

namespace haoban::applications {
namespace {

// Prefill as the port promises it: a locked name from 法人库, an unverified phone; the registry's
// name can change between two applications (a rename), which 再来一单 must show.
class FixedPrefill : public PrefillPort {
 public:
  std::optional<PrefillSnapshot> prefill(const Principal&, std::string_view, long long application_id) const override {
    asked_for.push_back(application_id);
    json::object stored{
        {"fields", json::array{json::object{{"key", "company_name"}, {"label", "企业名称"}, {"value", name},
                                            {"prefilled", true}, {"locked", true},
                                            {"from", json::array{json::object{{"source_name", "法人库"}}}}},
                               json::object{{"key", "contact_phone"}, {"label", "联系电话"}, {"value", "13800001111"},
                                            {"prefilled", true}, {"locked", false},
                                            {"from", json::array{json::object{{"source_name", "法人库"}}}}}}},
        {"shown", 4}, {"prefilled", 2}};
    return PrefillSnapshot{stored, {{"company_name", name}, {"contact_phone", "13800001111"}}, 4, 2};
  }
  std::string name = "上海宝晟智能科技有限公司";
  mutable std::vector<long long> asked_for;
};

class Prefilled : public Applications {
 protected:
  void SetUp() override {
    Applications::SetUp();
    svc_ = std::make_unique<ApplicationService>(*db_, clock_, cal_, catalog_, events_, &prefill_);
  }
  FixedPrefill prefill_;
};

TEST_F(Prefilled, DraftsStartPrefilledAndAuthoritativeValuesWinOverTheClients) {
  auto a = svc_->create(company_, {.item = "FOOD", .fields = {{"company_name", "伪造名称"}, {"contact_phone", "13900002222"},
                                                               {"note", "自填"}}});
  EXPECT_EQ(a.fields.at("company_name"), json::value("上海宝晟智能科技有限公司")) << "a URL never overrides the registry";
  EXPECT_EQ(a.fields.at("contact_phone"), json::value("13900002222")) << "an unverified suggestion gives way";
  EXPECT_EQ(a.fields.at("note"), json::value("自填"));
  EXPECT_EQ(a.prefill_shown, 4);
  EXPECT_EQ(a.prefill_count, 2);
  EXPECT_EQ(prefill_.asked_for, std::vector<long long>{a.id}) << "the sources' log names the application";
}

TEST_F(Prefilled, LockedValuesCannotBeEditedNorSubmittedAltered) {
  auto a = svc_->create(company_, {.item = "FOOD"});
  try {
    svc_->update_fields(company_, a.id, {{"company_name", "改过的名称"}});
    FAIL() << "a locked value was edited";
  } catch (const Error& e) {
    EXPECT_EQ(e.type(), "locked-field");
    ASSERT_EQ(e.fields().size(), 1u);
    EXPECT_EQ(e.fields()[0].field, "company_name");
  }
  EXPECT_EQ(svc_->get(company_, a.id).fields.at("company_name"), json::value("上海宝晟智能科技有限公司"));
  svc_->update_fields(company_, a.id, {{"company_name", "上海宝晟智能科技有限公司"}, {"contact_phone", "13700003333"}});

  // Altered behind the API's back (an old client, a direct write): the submit re-check refuses it.
  db_->write([&](db::Tx& tx) {
    tx.sql() << "UPDATE applications SET fields_json = '{\"company_name\":\"改过的名称\"}' WHERE id = :id", soci::use(a.id);
  });
  EXPECT_THROW(svc_->submit(company_, a.id), Error);
  EXPECT_EQ(svc_->get(company_, a.id).status, Status::draft);
}

TEST_F(Prefilled, BundlesArePrefilledAndTheirPartsKeepTheLocks) {
  auto b = svc_->create(company_, {.bundle = "RESTAURANT", .answers = {{"has_sign", true}}});
  EXPECT_EQ(b.fields.at("company_name"), json::value("上海宝晟智能科技有限公司"));
  EXPECT_EQ(b.prefill_shown, 8) << "two member items' forms";
  EXPECT_THROW(svc_->update_fields(company_, b.id, {{"company_name", "别的公司"}}), Error);
  db_->write([&](db::Tx& tx) {
    tx.sql() << "UPDATE applications SET fields_json = '{\"company_name\":\"别的公司\"}' WHERE id = :id", soci::use(b.id);
  });
  EXPECT_THROW(svc_->submit(company_, b.id), Error) << "a part must not carry another enterprise's name";
  EXPECT_EQ(svc_->get(company_, b.id).status, Status::draft);
  svc_->update_fields(company_, b.id, {{"company_name", "上海宝晟智能科技有限公司"}});
  auto done = svc_->submit(company_, b.id);
  ASSERT_EQ(done.children.size(), 2u);
  for (long long child : done.children) {
    auto c = svc_->get(company_, child);
    EXPECT_EQ(c.fields.at("company_name"), json::value("上海宝晟智能科技有限公司"));
    EXPECT_EQ(c.prefill_count, 2) << "each part keeps its own provenance";
  }
}

TEST_F(Prefilled, AResubmissionIsCheckedAsTheFirstSubmissionWas) {
  auto a = svc_->create(company_, {.item = "FOOD"});
  svc_->submit(company_, a.id);
  svc_->act(clerk_, a.id, Action::return_for_correction, "请补充联系电话");
  db_->write([&](db::Tx& tx) {
    tx.sql() << "UPDATE applications SET fields_json = '{\"company_name\":\"改过的名称\"}' WHERE id = :id", soci::use(a.id);
  });
  EXPECT_THROW(svc_->act(company_, a.id, Action::resubmit, ""), Error);
  EXPECT_EQ(svc_->get(company_, a.id).status, Status::returned);
  db_->write([&](db::Tx& tx) {
    tx.sql() << "UPDATE applications SET fields_json = '{\"note\":\"x\"}' WHERE id = :id", soci::use(a.id);
  });
  EXPECT_THROW(svc_->act(company_, a.id, Action::resubmit, ""), Error) << "the form check runs again";
  svc_->update_fields(company_, a.id, {{"company_name", "上海宝晟智能科技有限公司"}});
  EXPECT_EQ(svc_->act(company_, a.id, Action::resubmit, "").status, Status::submitted);
}

TEST_F(Prefilled, AgainCopiesTheApplicantsEntriesAndShowsWhatTheSourcesChanged) {
  auto a = svc_->create(company_, {.item = "FOOD", .answers = {}, .fields = {{"note", "上次的说明"}}});
  svc_->submit(company_, a.id);
  prefill_.name = "上海宝晟智能科技集团有限公司";  // renamed in the registry since
  auto again = svc_->again(company_, a.id);
  EXPECT_NE(again.application.id, a.id);
  EXPECT_EQ(again.application.status, Status::draft);
  EXPECT_EQ(again.application.copied_from, a.id);
  EXPECT_EQ(again.application.fields.at("note"), json::value("上次的说明"));
  EXPECT_EQ(again.application.fields.at("company_name"), json::value("上海宝晟智能科技集团有限公司"));
  ASSERT_EQ(again.changes.size(), 1u);
  const auto& c = again.changes[0].as_object();
  EXPECT_EQ(c.at("key"), json::value("company_name"));
  EXPECT_EQ(c.at("before"), json::value("上海宝晟智能科技有限公司"));
  EXPECT_EQ(c.at("after"), json::value("上海宝晟智能科技集团有限公司"));
  EXPECT_EQ(c.at("source"), json::value("法人库"));
  EXPECT_THROW(svc_->again(other_, a.id), Error) << "only the applicant";
}

// The e-licence library and the accounts, as 免申即办 sees them: the company holds the licences in
// `held`; `down` makes the library unreadable.
class FakeFollowUps : public FollowUpPort {
 public:
  explicit FakeFollowUps(Principal company) : company_(std::move(company)) {}
  std::optional<Principal> applicant(long long id) const override {
    return id == company_.account_id ? std::optional(company_) : std::nullopt;
  }
  std::optional<bool> holds_licence(const Principal& who, std::string_view licence) const override {
    ++asked;
    if (down) return std::nullopt;
    return who.account_id == company_.account_id && held.count(std::string(licence)) > 0;
  }
  std::set<std::string> held{"食品经营许可证"};
  bool down = false;
  mutable std::atomic<int> asked{0};

 private:
  Principal company_;
};

class FollowUps : public Applications {
 protected:
  void SetUp() override {
    Applications::SetUp();
    svc_ = std::make_unique<ApplicationService>(*db_, clock_, cal_, catalog_, events_, nullptr, nullptr, &port_);
  }

  // An application of `item` taken through to completion with `decision` (approve or deny).
  Application completed(std::string item, json::object answers, Action decision = Action::approve) {
    auto a = svc_->create(company_, {.item = item, .answers = answers, .fields = {{"company_name", "上海宝晟"}}});
    svc_->submit(company_, a.id);
    svc_->act(clerk_, a.id, Action::accept, "");
    svc_->act(approver_, a.id, decision, decision == Action::deny ? "不符合条件" : "");
    return svc_->act(clerk_, a.id, Action::complete, "");
  }

  std::vector<Application> drafts() {
    std::vector<Application> out;
    for (auto& a : svc_->list(company_, {}).items)
      if (a.origin) out.push_back(svc_->get(company_, a.id));
    return out;
  }

  FakeFollowUps port_{account(1, "enterprise.demo", AccountKind::enterprise)};
};

TEST_F(FollowUps, ACompletedChangeFilesOneDraftPerLicenceHeld) {
  auto reg = completed("REG", {{"renamed", true}});
  auto run = svc_->process_follow_ups();
  EXPECT_EQ(run.created, 1);
  EXPECT_EQ(run.not_held, 1) << "no 药品经营许可证: no drug licence change";
  auto d = drafts();
  ASSERT_EQ(d.size(), 1u);
  const Application& food = d[0];
  EXPECT_EQ(food.code, "FOOD_CHANGE");
  EXPECT_EQ(food.status, Status::draft);
  EXPECT_EQ(food.applicant_id, company_.account_id);
  ASSERT_TRUE(food.origin);
  EXPECT_EQ(food.origin->application, reg.id);
  EXPECT_EQ(food.origin->trigger_name, "企业变更登记");
  EXPECT_EQ(food.origin->notice, "因营业执照变更，系统已为您生成食品经营许可变更申请，请确认后提交");
  ASSERT_EQ(food.history.size(), 1u);
  EXPECT_EQ(food.history[0].actor, "system");
  EXPECT_EQ(food.history[0].action, "follow_up");
  EXPECT_EQ(db_->recent_audit(10, "application", std::to_string(food.id)).front().action, "application.follow_up");
  const Event& e = events_seen_.back();
  EXPECT_EQ(e.type, "application.follow_up");
  EXPECT_TRUE(e.audience.includes(company_));
  EXPECT_FALSE(e.audience.includes(clerk_)) << "a draft is the applicant's until submitted";
  EXPECT_NE(e.payload_json.find(R"("notice":"因营业执照变更)"), std::string::npos) << e.payload_json;

  // Replayed: nothing new, and filing the same origin again finds the draft.
  EXPECT_EQ(svc_->process_follow_ups().created, 0);
  CreateRequest again{.item = "FOOD_CHANGE"};
  again.origin = food.origin;
  EXPECT_EQ(svc_->create(company_, again).id, food.id);
  EXPECT_EQ(drafts().size(), 1u);
}

TEST_F(FollowUps, NothingFollowsWhenTheConditionFailsOrTheChangeWasDenied) {
  completed("REG", {{"renamed", false}});
  completed("REG", {{"renamed", true}}, Action::deny);
  auto run = svc_->process_follow_ups();
  EXPECT_EQ(run.created + run.not_held + run.deferred + run.failed, 0);
  EXPECT_EQ(port_.asked, 0);
  EXPECT_TRUE(drafts().empty());
}

TEST_F(FollowUps, NoDraftWithoutTheLicence) {
  port_.held.clear();
  completed("CLOSE", {});
  EXPECT_EQ(svc_->process_follow_ups().not_held, 1);
  EXPECT_TRUE(drafts().empty());
  EXPECT_EQ(svc_->process_follow_ups().not_held, 0) << "decided once";
}

TEST_F(FollowUps, ACancellationFilesTheLicencesCancellation) {
  auto close = completed("CLOSE", {});
  svc_->process_follow_ups(close.id);
  auto d = drafts();
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].code, "FOOD_CLOSE");
  EXPECT_EQ(d[0].origin->notice, "因营业执照注销，系统已为您生成食品经营许可注销申请，请确认后提交");
}

TEST_F(FollowUps, QueuedInTheCompletionAndFiledAfterARestart) {
  // Completed while nothing files follow-ups (the process stopped before it could).
  auto bare = std::make_unique<ApplicationService>(*db_, clock_, cal_, catalog_, events_);
  auto a = bare->create(company_, {.item = "CLOSE", .fields = {{"company_name", "上海宝晟"}}});
  bare->submit(company_, a.id);
  bare->act(clerk_, a.id, Action::accept, "");
  bare->act(approver_, a.id, Action::approve, "");
  bare->act(clerk_, a.id, Action::complete, "");
  EXPECT_EQ(bare->process_follow_ups().created, 0);
  EXPECT_TRUE(drafts().empty());
  EXPECT_EQ(svc_->process_follow_ups().created, 1) << "the next start files it";
}

TEST_F(FollowUps, AnUnreadableLibraryDefersThenGivesUp) {
  port_.down = true;
  completed("CLOSE", {});
  EXPECT_EQ(svc_->process_follow_ups().deferred, 1);
  port_.down = false;
  EXPECT_EQ(svc_->process_follow_ups().created, 1) << "retried";

  port_.down = true;
  completed("CLOSE", {});
  for (int i = 0; i < 4; ++i) EXPECT_EQ(svc_->process_follow_ups().deferred, 1);
  EXPECT_EQ(svc_->process_follow_ups().failed, 1);
  EXPECT_EQ(svc_->process_follow_ups().failed, 0);
}

TEST_F(FollowUps, ConcurrentRunsFileOneDraft) {
  completed("REG", {{"renamed", true}});
  std::atomic<int> created{0};
  std::vector<std::thread> runs;
  for (int i = 0; i < 3; ++i) runs.emplace_back([&] { created += svc_->process_follow_ups().created; });
  for (auto& t : runs) t.join();
  EXPECT_GE(created, 1);
  EXPECT_EQ(drafts().size(), 1u);
}

TEST_F(FollowUps, ConfirmingSubmitsThroughValidationAndDismissingNeedsAReason) {
  completed("REG", {{"renamed", true}});
  completed("CLOSE", {});
  svc_->process_follow_ups();
  auto d = drafts();
  ASSERT_EQ(d.size(), 2u);
  EXPECT_THROW(svc_->submit(company_, d[0].id), Error) << "the form is still checked";
  svc_->update_fields(company_, d[0].id, {{"company_name", "上海宝晟"}});
  EXPECT_EQ(svc_->submit(company_, d[0].id).status, Status::submitted);

  try {
    svc_->act(company_, d[1].id, Action::withdraw, " ");
    FAIL() << "a reason is needed";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::invalid);
  }
  auto dismissed = svc_->act(company_, d[1].id, Action::withdraw, "已另行办理");
  EXPECT_EQ(dismissed.status, Status::withdrawn);
  EXPECT_EQ(dismissed.history.back().reason, "已另行办理");
}

}  // namespace
}  // namespace haoban::applications
