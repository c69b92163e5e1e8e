// 办不成事 over a real store with a controllable clock: submitted online, on abandoning a form and
// at the counter; classified and assigned by the desk, handled and answered by the department,
// confirmed or reopened by the reporter, filed; deadlines in working days and two escalation
// levels; similar reports grouped into one plan whose result answers the whole class; the public
// (Open311) view hides the reporter. Plus the similarity measure itself.
#include "feedback/reports.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <mutex>

#include "core/error.h"
#include "feedback/similarity.h"
#include "testing/testing.h"

namespace haoban::feedback {
namespace {

using namespace std::chrono;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

Date ymd(int y, unsigned m, unsigned d) { return year{y} / month{m} / day{d}; }
SysTime cst(Date d, int h) { return sys_days(d) + hours(h - 8); }

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

TEST(Similarity, BigramsIgnorePunctuationAndDigits) {
  EXPECT_EQ(bigrams("材料，反复 补正13912345678").size(), 5u);  // 材料 料反 反复 复补 补正
  EXPECT_DOUBLE_EQ(jaccard(bigrams("营业执照"), bigrams("营业执照")), 1.0);
  EXPECT_DOUBLE_EQ(jaccard(bigrams("营业执照"), bigrams("社保卡")), 0.0);
  EXPECT_NEAR(jaccard(bigrams("营业执照变更"), bigrams("营业执照注销")), 3.0 / 7, 1e-12);
}

TEST(Similarity, GroupsLinkSimilarReportsAndTheSameItemHelps) {
  std::vector<Groupable> rs = {{1, "SCJG-011", "食品经营许可材料反复补正，每次说法不一样"},
                               {2, "SCJG-011", "食品经营许可的材料被要求反复补正"},
                               {3, "RSJ-001", "失业登记网上提交一直报错"},
                               {4, "RSJ-001", "失业登记提交时页面报错"},
                               {5, "", "停车难"}};
  auto g = group_similar(rs);
  ASSERT_EQ(g.size(), 2u);
  EXPECT_THAT(g[0], ElementsAre(1, 2));
  EXPECT_THAT(g[1], ElementsAre(3, 4));
  EXPECT_EQ(mask_long_numbers("电话13912345678，身份证31011319900615123X，3号窗口"), "电话****，身份证****，3号窗口");
}

class ReportsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = db::Database::open((dir_.path() / "t.db").string(), clock_, 2);
    std::vector<db::Migration> all;
    for (auto span : {db::db_migrations(), Reports::migrations()}) all.insert(all.end(), span.begin(), span.end());
    db_->migrate(all);
    events_.subscribe([this](const Event& e) {
      std::lock_guard lock(mu_);
      seen_.push_back(e);
    });
    svc_ = std::make_unique<Reports>(*db_, clock_, calendar_, events_,
                                     [](const std::string& code) -> std::optional<std::pair<std::string, std::string>> {
                                       if (code == "SCJG-011") return std::pair{std::string("scjg"), std::string("食品经营许可（新办）")};
                                       return std::nullopt;
                                     });
  }
  NewReport online(std::string text, std::string item = "SCJG-011") {
    NewReport n;
    n.channel = "online";
    n.item = std::move(item);
    n.text = std::move(text);
    return n;
  }
  int count(std::string_view type, int level = -1) {
    std::lock_guard lock(mu_);
    int n = 0;
    for (const auto& e : seen_)
      if (e.type == type && (level < 0 || e.payload_json.find("\"level\":" + std::to_string(level)) != std::string::npos)) ++n;
    return n;
  }

  haoban::testing::TempDir dir_;
  ManualClock clock_{cst(ymd(2026, 11, 27), 10)};  // Friday
  WorkingCalendar calendar_;
  EventBus events_;
  std::mutex mu_;
  std::vector<Event> seen_;
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<Reports> svc_;
  Principal reporter_ = person(101, "李明");
  Principal desk_ = staff(41, "desk", "sjj", Role::analyst);
  Principal approver_ = staff(21, "approver", "scjg", Role::approver);
  Principal clerk_ = staff(23, "clerk", "scjg", Role::window_clerk);
  Principal rsj_ = staff(22, "rsj", "rsj", Role::approver);
};

TEST_F(ReportsTest, TheClosedLoopFromReceivedToFiled) {
  EXPECT_THROW(svc_->submit(reporter_, online("  ")), Error);
  EXPECT_THROW(svc_->submit(reporter_, online("x", "NOPE")), Error);
  EXPECT_THROW(svc_->submit(approver_, online("员工不能以群众身份反映")), Error);
  Report r = svc_->submit(reporter_, online("食品经营许可网上提交后一直显示待审核，打电话也说不清"));
  EXPECT_EQ(r.status, "received");
  EXPECT_EQ(r.department, "scjg") << "the item's department, until the desk assigns";
  EXPECT_EQ(r.due_on, "2026-11-30");
  EXPECT_THROW(svc_->handle(approver_, r.id, "x"), Error) << "assigned first";
  EXPECT_THROW(svc_->assign(approver_, r.id, "system", "scjg", ""), Error) << "only the desk";
  EXPECT_THROW(svc_->assign(desk_, r.id, "nonsense", "scjg", ""), Error);
  r = svc_->assign(desk_, r.id, "system", "scjg", "请核查系统状态");
  EXPECT_EQ(r.status, "assigned");
  EXPECT_EQ(r.due_on, "2026-12-04");
  EXPECT_THROW(svc_->handle(rsj_, r.id, "不是我们的"), Error);
  r = svc_->handle(approver_, r.id, "系统状态同步延迟，已修复");
  r = svc_->reply(approver_, r.id, "您的申请已正常进入审核，预计 3 个工作日内办结");
  EXPECT_EQ(r.status, "replied");
  EXPECT_EQ(count("cant_do.reply"), 1);
  EXPECT_THROW(svc_->verify(person(102, "x"), r.id, true, ""), Error);
  EXPECT_THROW(svc_->verify(reporter_, r.id, false, ""), Error) << "say what is still wrong";
  r = svc_->verify(reporter_, r.id, false, "还是显示待审核");
  EXPECT_EQ(r.status, "assigned") << "back to the department";
  svc_->handle(approver_, r.id, "人工推送至审核环节");
  svc_->reply(approver_, r.id, "已人工推送，请查看");
  r = svc_->verify(reporter_, r.id, true, "");
  EXPECT_EQ(r.status, "verified");
  EXPECT_THROW(svc_->file(approver_, r.id, ""), Error);
  r = svc_->file(desk_, r.id, "");
  EXPECT_EQ(r.status, "filed");
  EXPECT_FALSE(r.filed_at.empty());
  EXPECT_GE(r.steps.size(), 9u);
}

TEST_F(ReportsTest, AbandonAndCounterChannelsAndWhoSeesTheReporter) {
  NewReport a;
  a.channel = "abandon";
  a.item = "SCJG-011";
  a.application = 77;
  EXPECT_THROW(svc_->submit(reporter_, a), Error) << "a reason is required";
  a.reason = "材料太多";
  Report r = svc_->submit(reporter_, a);
  EXPECT_THAT(r.text, HasSubstr("中途放弃办理：材料太多"));
  EXPECT_EQ(r.application, 77);
  NewReport c;
  c.channel = "counter";
  c.text = "来了三次都没办成";
  c.reporter_name = "王芳";
  c.reporter_phone = "13800001111";
  EXPECT_THROW(svc_->submit(reporter_, c), Error) << "only a clerk records for a walk-in";
  Report w = svc_->submit(clerk_, c);
  EXPECT_EQ(w.reporter_name, "王芳");
  Principal analyst = staff(42, "analyst", "jw", Role::analyst);
  Report seen = svc_->get(analyst, w.id);
  EXPECT_EQ(seen.reporter_name, "王**");
  EXPECT_EQ(seen.reporter_phone, "");
  EXPECT_EQ(svc_->get(desk_, w.id).reporter_phone, "13800001111");
  EXPECT_THROW(svc_->get(person(102, "x"), r.id), Error);
  ReportFilter mine;
  EXPECT_EQ(svc_->list(reporter_, mine).size(), 1u) << "one's own";
  auto pub = svc_->public_get(w.id);
  ASSERT_TRUE(pub);
  EXPECT_EQ(pub->reporter_name, "");
  EXPECT_EQ(pub->reporter_phone, "");
}

TEST_F(ReportsTest, LateStepsEscalateTwiceAndASilentReporterIsTakenAsResolved) {
  Report r = svc_->submit(reporter_, online("营业执照变更材料被退回三次"));
  clock_.set(cst(ymd(2026, 12, 1), 10));  // Tuesday: the Monday deadline passed
  EXPECT_EQ(svc_->tick(), 1);
  EXPECT_EQ(count("cant_do.overdue", 1), 1);
  EXPECT_EQ(svc_->tick(), 0) << "told once per level";
  clock_.set(cst(ymd(2026, 12, 4), 10));  // 4 working days late
  svc_->tick();
  EXPECT_EQ(count("cant_do.overdue", 2), 1);
  EXPECT_EQ(svc_->get(desk_, r.id).escalation, 2);
  r = svc_->assign(desk_, r.id, "materials", "scjg", "");
  EXPECT_EQ(r.escalation, 0) << "a new step, a new deadline";
  svc_->handle(approver_, r.id, "已核查");
  svc_->reply(approver_, r.id, "已一次性告知");
  clock_.set(cst(ymd(2026, 12, 14), 10));
  svc_->tick();
  r = svc_->get(desk_, r.id);
  EXPECT_EQ(r.status, "verified");
  EXPECT_THAT(r.verification, HasSubstr("逾期未回复"));
}

TEST_F(ReportsTest, OnePlanAnswersAWholeClassOfSimilarReports) {
  Report a = svc_->submit(reporter_, online("食品经营许可材料反复补正，每次说法不一样"));
  Report b = svc_->submit(person(102, "赵"), online("食品经营许可的材料被要求反复补正"));
  Report c = svc_->submit(person(103, "钱"), online("停车太难了", ""));
  EXPECT_THROW(svc_->similar_groups(approver_), Error);
  auto groups = svc_->similar_groups(desk_);
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_THAT(groups[0], ElementsAre(a.id, b.id));
  Plan p = svc_->create_plan(desk_, "食品经营许可补正一次性告知", "scjg", "制定一次性告知清单", groups[0]);
  EXPECT_EQ(p.reports.size(), 2u);
  EXPECT_THROW(svc_->create_plan(desk_, "重复", "scjg", "x", {a.id}), Error) << "already in a plan";
  EXPECT_TRUE(svc_->similar_groups(desk_).empty()) << "planned reports leave the grouping";
  p = svc_->complete_plan(desk_, p.id, "已发布一次性告知清单，窗口和网上口径统一");
  EXPECT_EQ(p.status, "done");
  for (long long id : {a.id, b.id}) {
    Report r = svc_->get(desk_, id);
    EXPECT_EQ(r.status, "replied");
    EXPECT_THAT(r.reply, HasSubstr("一次性告知清单"));
  }
  EXPECT_EQ(svc_->get(desk_, c.id).status, "received");
  EXPECT_EQ(count("cant_do.reply"), 2);
}

}  // namespace
}  // namespace haoban::feedback
