// 好差评 over a real store with a controllable clock: one rating per event, only by the person
// served and only once done; a bad rating runs the rectification loop with working-day deadlines
// (callback, verification, rectification, the rater's review), appeals decided by the data bureau,
// overdue steps told once; ratings can never be changed, even by SQL.
#include "feedback/feedback.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <mutex>

#include "core/error.h"
#include "testing/testing.h"

namespace haoban::feedback {
namespace {

using namespace std::chrono;
using ::testing::HasSubstr;

Date ymd(int y, unsigned m, unsigned d) { return year{y} / month{m} / day{d}; }
SysTime cst(Date d, int h, int m) { return sys_days(d) + hours(h - 8) + minutes(m); }

Principal person(long long id, std::string name) {
  Principal p;
  p.account_id = id;
  p.username = name;
  p.display_name = name;
  p.kind = AccountKind::person;
  return p;
}
Principal staff(long long id, std::string name, std::string dept, Role role) {
  Principal p = person(id, std::move(name));
  p.kind = AccountKind::staff;
  p.department_id = std::move(dept);
  p.roles = {role};
  return p;
}

class FeedbackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = db::Database::open((dir_.path() / "t.db").string(), clock_, 2);
    std::vector<db::Migration> all;
    for (auto span : {db::db_migrations(), FeedbackService::migrations()}) all.insert(all.end(), span.begin(), span.end());
    db_->migrate(all);
    events_.subscribe([this](const Event& e) {
      std::lock_guard lock(mu_);
      seen_.push_back(e.type);
    });
    // Application 501 (person 101's, decided by approver 21 of scjg), 502 still open.
    lookup_ = [](std::string_view kind, long long id, const Principal&) -> std::optional<ServiceEvent> {
      if (kind == "application" && (id == 501 || id == 502))
        return ServiceEvent{"application", id, 101, "scjg", "SCJG-011", "食品经营许可（新办）", 21, "审批员甲", id == 501};
      if (kind == "help" && id == 7) return ServiceEvent{"help", 7, 101, "310113003", "SCJG-011", "食品经营许可（新办）", 31, "帮办乙", true};
      return std::nullopt;
    };
    svc_ = std::make_unique<FeedbackService>(*db_, clock_, calendar_, events_, lookup_);
  }
  NewRating on_application(long long id, int level, std::string text = "") {
    NewRating r;
    r.event_kind = "application";
    r.event_id = id;
    r.level = level;
    r.text = std::move(text);
    r.tags = {"办理慢"};
    return r;
  }
  int count(std::string_view type) {
    std::lock_guard lock(mu_);
    return static_cast<int>(std::count(seen_.begin(), seen_.end(), type));
  }

  haoban::testing::TempDir dir_;
  ManualClock clock_{cst(ymd(2026, 11, 27), 10, 0)};  // Friday
  WorkingCalendar calendar_;
  EventBus events_;
  std::mutex mu_;
  std::vector<std::string> seen_;
  EventLookup lookup_;
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<FeedbackService> svc_;
  Principal rater_ = person(101, "李明");
  Principal approver_ = staff(21, "approver", "scjg", Role::approver);
  Principal other_dept_ = staff(22, "rsj.clerk", "rsj", Role::window_clerk);
  Principal bureau_ = staff(41, "analyst", "sjj", Role::analyst);
};

TEST_F(FeedbackTest, OneRatingPerEventByThePersonServedOnceDone) {
  EXPECT_THROW(svc_->rate(rater_, on_application(502, 5)), Error) << "not finished";
  EXPECT_THROW(svc_->rate(person(102, "x"), on_application(501, 5)), Error) << "not theirs";
  EXPECT_THROW(svc_->rate(rater_, on_application(999, 5)), Error);
  try {
    auto bad = on_application(501, 7);
    bad.phone = "abc";
    svc_->rate(rater_, bad);
    FAIL();
  } catch (const Error& e) {
    ASSERT_EQ(e.fields().size(), 2u);
    EXPECT_EQ(e.fields()[0].field, "level");
    EXPECT_EQ(e.fields()[1].field, "phone");
  }
  Rating r = svc_->rate(rater_, on_application(501, 4, "很快"));
  EXPECT_EQ(r.department, "scjg");
  EXPECT_EQ(r.staff_name, "审批员甲");
  EXPECT_EQ(r.level, 4);
  EXPECT_EQ(r.task, 0) << "满意 opens nothing";
  EXPECT_EQ(level_label(r.level), "满意");
  EXPECT_THROW(svc_->rate(rater_, on_application(501, 1)), Error) << "one rating per event";
  // Never changed, even by SQL.
  EXPECT_ANY_THROW(db_->write([&](db::Tx& tx) { tx.sql() << "UPDATE feedback_ratings SET level = 1"; }));
  EXPECT_ANY_THROW(db_->write([&](db::Tx& tx) { tx.sql() << "DELETE FROM feedback_ratings"; }));
  EXPECT_EQ(svc_->ratings(bureau_, "", std::nullopt, std::nullopt)[0].level, 4);
}

TEST_F(FeedbackTest, TheRatersIdentityOnlyForTheDepartmentThatCallsBack) {
  svc_->rate(rater_, on_application(501, 2, "窗口让我跑了三次"));
  auto own = svc_->ratings(approver_, "", std::nullopt, std::nullopt);
  ASSERT_EQ(own.size(), 1u);
  EXPECT_EQ(own[0].rater_name, "李明");
  auto analyst = svc_->ratings(bureau_, "scjg", std::nullopt, std::nullopt);
  EXPECT_EQ(analyst[0].rater_name, "李**");
  EXPECT_THROW(svc_->ratings(other_dept_, "scjg", std::nullopt, std::nullopt), Error);
  EXPECT_TRUE(svc_->ratings(other_dept_, "", std::nullopt, std::nullopt).empty()) << "their own department's only";
  EXPECT_THROW(svc_->ratings(rater_, "", std::nullopt, std::nullopt), Error);
}

TEST_F(FeedbackTest, ABadRatingRunsTheLoopToTheRatersReview) {
  Rating r = svc_->rate(rater_, on_application(501, 1, "材料被退回三次"));
  ASSERT_GT(r.task, 0);
  EXPECT_EQ(count("feedback.task"), 1);
  Task t = svc_->task(approver_, r.task);
  EXPECT_EQ(t.state, "callback");
  EXPECT_EQ(t.due_on, "2026-11-30") << "1 working day from Friday is Monday";
  EXPECT_THROW(svc_->task(other_dept_, r.task), Error);
  EXPECT_THROW(svc_->verify(approver_, r.task, true, "x"), Error) << "call back first";
  EXPECT_THROW(svc_->record_callback(approver_, r.task, true, ""), Error) << "a note is required";
  t = svc_->record_callback(approver_, r.task, true, "已电话联系，申请人反映补正要求前后不一致");
  EXPECT_EQ(t.state, "verifying");
  EXPECT_EQ(t.callback_result, "reached");
  EXPECT_EQ(t.due_on, "2026-12-01");
  t = svc_->verify(approver_, r.task, true, "情况属实：补正告知未一次性说明");
  EXPECT_EQ(t.state, "rectifying");
  EXPECT_EQ(t.due_on, "2026-12-04") << "5 working days";
  t = svc_->rectify(approver_, r.task, "修订一次性告知单，补正意见须经科长复核");
  EXPECT_EQ(t.state, "reviewing");
  EXPECT_EQ(count("feedback.review"), 1);
  EXPECT_THROW(svc_->review(person(102, "x"), r.task, true, ""), Error) << "only the rater";
  t = svc_->review(rater_, r.task, false, "还是没说清楚");
  EXPECT_EQ(t.state, "rectifying");
  EXPECT_EQ(t.reopened, 1);
  t = svc_->rectify(approver_, r.task, "科长当面说明并致歉");
  t = svc_->review(rater_, r.task, false, "");
  EXPECT_EQ(t.state, "closed") << "unsatisfied twice: closed with the rater's word on record";
  EXPECT_EQ(t.review, "unsatisfied");
  EXPECT_GE(t.steps.size(), 7u);
}

TEST_F(FeedbackTest, AnAppealIsDecidedByTheDataBureauAndTheRatingIsKept) {
  Rating r = svc_->rate(rater_, on_application(501, 1, "乱写的"));
  svc_->record_callback(approver_, r.task, false, "电话无人接听");
  svc_->verify(approver_, r.task, false, "经调取记录，办件按时办结，评价内容与事实不符");
  EXPECT_THROW(svc_->decide_appeal(bureau_, r.task, true, "x"), Error) << "no appeal yet";
  Task t = svc_->appeal(approver_, r.task, "评价与办件事实不符，申请不计入");
  EXPECT_EQ(t.state, "appealed");
  EXPECT_EQ(count("feedback.appeal"), 1);
  EXPECT_THROW(svc_->decide_appeal(approver_, r.task, true, "自己裁定"), Error) << "not the department itself";
  t = svc_->decide_appeal(bureau_, r.task, true, "经核实，申诉成立");
  EXPECT_EQ(t.state, "closed");
  auto ratings = svc_->ratings(bureau_, "scjg", std::nullopt, std::nullopt);
  ASSERT_EQ(ratings.size(), 1u) << "kept";
  EXPECT_TRUE(ratings[0].excluded);
  EXPECT_EQ(ratings[0].level, 1);
}

TEST_F(FeedbackTest, OverdueStepsAreToldOnceAndASilentRaterClosesTheTask) {
  Rating r = svc_->rate(rater_, on_application(501, 2));
  clock_.set(cst(ymd(2026, 12, 1), 10, 0));  // Tuesday: the Monday callback deadline passed
  EXPECT_EQ(svc_->tick(), 1);
  EXPECT_TRUE(svc_->task(approver_, r.task).overdue);
  EXPECT_EQ(count("feedback.overdue"), 1);
  EXPECT_EQ(svc_->tick(), 0) << "told once per step";
  TaskFilter overdue;
  overdue.overdue_only = true;
  EXPECT_EQ(svc_->tasks(approver_, overdue).size(), 1u);
  svc_->record_callback(approver_, r.task, true, "已回访");
  EXPECT_FALSE(svc_->task(approver_, r.task).overdue) << "a new step, a new deadline";
  svc_->verify(approver_, r.task, true, "属实");
  svc_->rectify(approver_, r.task, "已整改");
  clock_.set(cst(ymd(2026, 12, 15), 10, 0));  // past the 5-working-day review deadline
  svc_->tick();
  Task t = svc_->task(approver_, r.task);
  EXPECT_EQ(t.state, "closed");
  EXPECT_EQ(t.review, "no_reply");
}

TEST_F(FeedbackTest, CounterVisitsAreRatedWithTheirTokenEvenAnonymously) {
  Principal clerk = staff(23, "clerk", "scjg", Role::window_clerk);
  CounterVisit v = svc_->record_visit(clerk, "SCJG-011", "食品经营许可（新办）");
  EXPECT_EQ(v.token.size(), 24u);
  NewRating n;
  n.event_kind = "counter";
  n.event_id = v.id;
  n.token = "wrong";
  n.level = 1;
  n.anonymous = true;
  EXPECT_THROW(svc_->rate(Principal{}, n), Error);
  n.token = v.token;
  Rating r = svc_->rate(Principal{}, n);
  EXPECT_FALSE(r.real_name);
  EXPECT_EQ(r.staff_name, "clerk");
  Task t = svc_->task(approver_, r.task);
  EXPECT_EQ(t.state, "verifying") << "nobody to call back";
  EXPECT_EQ(t.callback_result, "not_needed");
  svc_->verify(approver_, r.task, true, "属实");
  EXPECT_EQ(svc_->rectify(approver_, r.task, "加强窗口培训").state, "closed") << "nobody to review";
  EXPECT_THROW(svc_->rate(Principal{}, n), Error) << "一次一评";
}

TEST_F(FeedbackTest, AHelpConversationIsRatedWhereItEnds) {
  NewRating n;
  n.event_kind = "help";
  n.event_id = 7;
  n.level = 5;
  EXPECT_THROW(svc_->rate(rater_, n), Error) << "rated in the help desk, not twice";
  Rating r = svc_->record_help_rating(rater_, 7, 2);
  EXPECT_GT(r.task, 0);
  EXPECT_EQ(svc_->task(bureau_, r.task).department, "310113003");
  EXPECT_THROW(svc_->record_help_rating(rater_, 7, 5), Error);
}

}  // namespace
}  // namespace haoban::feedback
