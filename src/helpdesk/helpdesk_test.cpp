// 帮办 over a real store with a controllable clock: routing to the least-busy skilled helper, the
// general pool, the queue and its place, the honest "nobody is online", messages in order and never
// duplicated, SLA events with wall-clock and business time, misses alerting the supervisor,
// resolution, reopening and one rating tied to the helper.
#include "helpdesk/helpdesk.h"

#include "helpdesk/assessment.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <mutex>

#include "core/error.h"
#include "testing/testing.h"

namespace haoban::helpdesk {
namespace {

using namespace std::chrono;
using ::testing::HasSubstr;

Date ymd(int y, unsigned m, unsigned d) { return year{y} / month{m} / day{d}; }
SysTime cst(Date d, int h, int m, int s = 0) { return sys_days(d) + hours(h - 8) + minutes(m) + seconds(s); }

Principal person(long long id, std::string name) {
  Principal p;
  p.account_id = id;
  p.username = name;
  p.display_name = name;
  p.kind = AccountKind::person;
  return p;
}
Principal staff(long long id, std::string name) {
  Principal p = person(id, std::move(name));
  p.kind = AccountKind::staff;
  p.roles = {Role::helper};
  return p;
}

class HelpdeskTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = db::Database::open((dir_.path() / "t.db").string(), clock_, 2);
    std::vector<db::Migration> all;
    for (auto span : {db::db_migrations(), HelpdeskService::migrations()}) all.insert(all.end(), span.begin(), span.end());
    db_->migrate(all);
    events_.subscribe([this](const Event& e) {
      std::lock_guard lock(mu_);
      seen_.push_back(e);
    });
    svc_ = std::make_unique<HelpdeskService>(*db_, clock_, calendar_, events_);
    // Two market-regulation helpers, a general-pool helper, their supervisor (account 9).
    svc_->put_helper({11, "wang", "王帮办", "scjg", {"scjg"}, 2, Presence::offline, "", 9}, "test");
    svc_->put_helper({12, "zhao", "赵帮办", "scjg", {"scjg", "SCJG-011"}, 2, Presence::offline, "", 9}, "test");
    svc_->put_helper({13, "qian", "钱帮办", "yyjd", {"*"}, 1, Presence::offline, "", 9}, "test");
  }
  Conversation ask(long long applicant, std::string dept = "scjg", std::string item = "SCJG-001") {
    return svc_->open(person(applicant, "申请人" + std::to_string(applicant)), {item, dept, 0, ""}, "营业执照怎么变更？");
  }
  std::vector<std::string> events_of(std::string_view type) {
    std::lock_guard lock(mu_);
    std::vector<std::string> out;
    for (const auto& e : seen_)
      if (e.type == type) out.push_back(e.payload_json);
    return out;
  }
  std::vector<std::pair<std::string, long long>> sla_events(long long conversation) {
    return db_->read([&](soci::session& sql) {
      std::vector<std::pair<std::string, long long>> out;
      soci::rowset<soci::row> rs = (sql.prepare << "SELECT kind, event, business_minutes, wall_seconds FROM"
                                                   " helpdesk_sla_events WHERE conversation_id = :c ORDER BY id",
                                    soci::use(conversation));
      for (const auto& r : rs)
        out.emplace_back(r.get<std::string>(0) + ":" + r.get<std::string>(1), db::get_int(r, 3));
      return out;
    });
  }

  haoban::testing::TempDir dir_;
  ManualClock clock_{cst(ymd(2026, 11, 27), 10, 0)};  // Friday 10:00 in China
  WorkingCalendar calendar_;
  EventBus events_;
  std::mutex mu_;
  std::vector<Event> seen_;
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<HelpdeskService> svc_;
  Principal wang_ = staff(11, "wang"), zhao_ = staff(12, "zhao"), qian_ = staff(13, "qian");
};

TEST_F(HelpdeskTest, NobodyOnlineSaysSoAndOffersACallback) {
  Conversation c = ask(101);
  EXPECT_EQ(c.state, "unstaffed");
  auto msgs = svc_->messages(person(101, "x"), c.id);
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(msgs[1].sender_kind, "system");
  EXPECT_THAT(msgs[1].body, HasSubstr("回电"));
  EXPECT_THROW(svc_->choose_unstaffed(person(101, "x"), c.id, "callback", "abc"), Error);
  c = svc_->choose_unstaffed(person(101, "x"), c.id, "callback", "021-56781234");
  EXPECT_EQ(c.unstaffed_choice, "callback");
  EXPECT_EQ(c.callback_phone, "021-56781234");
  EXPECT_THROW(svc_->choose_unstaffed(person(101, "x"), c.id, "ticket", ""), Error) << "chosen once";
}

TEST_F(HelpdeskTest, RoutesToTheLeastBusySkilledHelperThenThePoolThenTheQueue) {
  svc_->set_presence(wang_, Presence::online);
  svc_->set_presence(zhao_, Presence::online);
  svc_->set_presence(qian_, Presence::online);
  EXPECT_EQ(ask(101).helper, 11) << "both free: the one assigned longest ago (never), lowest account";
  EXPECT_EQ(ask(102).helper, 12) << "wang has one, zhao none";
  EXPECT_EQ(ask(103).helper, 11);
  EXPECT_EQ(ask(104).helper, 12);
  // Both market-regulation helpers are full (2 seats each): the general pool takes the next.
  EXPECT_EQ(ask(105).helper, 13);
  // Everyone full: queued, with the place shown.
  Conversation q1 = ask(106), q2 = ask(107);
  EXPECT_EQ(q1.state, "queued");
  EXPECT_EQ(q1.queue_position, 1);
  EXPECT_EQ(q2.queue_position, 2);
  // A question about another department goes to the pool only.
  svc_->set_presence(qian_, Presence::offline);
  Conversation other = ask(108, "rsj", "RSJ-001");
  EXPECT_EQ(other.state, "unstaffed") << "no skilled or pool helper online";

  // Wang resolves one: a seat frees up and the first in the queue takes it on the next tick.
  auto mine = svc_->my_queue(wang_);
  ASSERT_EQ(mine.size(), 2u);
  svc_->post(wang_, mine[0].id, "您好，请上传新的章程。", "w-1");
  svc_->resolve(wang_, mine[0].id, "政策咨询");
  EXPECT_GE(svc_->tick(), 1);
  EXPECT_EQ(svc_->get(person(106, "x"), q1.id).helper, 11);
  EXPECT_EQ(svc_->get(person(107, "x"), q2.id).queue_position, 1);
  EXPECT_FALSE(events_of("helpdesk.conversation").empty());
}

TEST_F(HelpdeskTest, MessagesKeepTheirOrderAndAResendIsNotADuplicate) {
  svc_->set_presence(zhao_, Presence::online);
  Conversation c = ask(101, "scjg", "SCJG-011");
  EXPECT_EQ(c.helper, 12);
  auto applicant = person(101, "x");
  Message a = svc_->post(applicant, c.id, "需要哪些材料？", "c-1");
  Message again = svc_->post(applicant, c.id, "需要哪些材料？", "c-1");
  EXPECT_EQ(again.id, a.id);
  EXPECT_EQ(again.seq, a.seq);
  Message b = svc_->post(zhao_, c.id, "需要营业执照和场地证明。", "h-1");
  EXPECT_EQ(b.seq, a.seq + 1);
  auto all = svc_->messages(applicant, c.id);
  ASSERT_EQ(all.size(), 3u);
  for (std::size_t i = 0; i < all.size(); ++i) EXPECT_EQ(all[i].seq, static_cast<long long>(i + 1));
  EXPECT_EQ(svc_->messages(applicant, c.id, 2).size(), 1u) << "resume after the last seq seen";
  // Outsiders see nothing; another helper cannot write into it.
  EXPECT_THROW(svc_->messages(person(999, "y"), c.id), Error);
  EXPECT_THROW(svc_->post(wang_, c.id, "插话", "x"), Error);
  EXPECT_THROW(svc_->post(applicant, c.id, "  ", "c-2"), Error);
  EXPECT_EQ(events_of("chat.message").size(), 3u) << "the resend published nothing";
}

TEST_F(HelpdeskTest, FirstResponseSlaIsMetOrMissedAndTheSupervisorIsAlerted) {
  svc_->set_presence(wang_, Presence::online);
  Conversation met = ask(101);
  clock_.advance(seconds(40));
  svc_->post(wang_, met.id, "您好", "w-1");
  auto ev = sla_events(met.id);
  ASSERT_GE(ev.size(), 3u);
  EXPECT_EQ(ev[0].first, "first_response:started");
  EXPECT_EQ(ev[2].first, "first_response:met");
  EXPECT_EQ(ev[2].second, 40) << "wall-clock seconds";

  Conversation late = ask(102);
  clock_.advance(seconds(61));
  EXPECT_GE(svc_->tick(), 1);
  auto alerts = events_of("helpdesk.sla_missed");
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_THAT(alerts[0], HasSubstr("first_response"));
  std::lock_guard lock(mu_);
  bool to_supervisor = false;
  for (const auto& e : seen_)
    if (e.type == "helpdesk.sla_missed")
      to_supervisor = std::find(e.audience.accounts.begin(), e.audience.accounts.end(), 9) != e.audience.accounts.end();
  EXPECT_TRUE(to_supervisor);
}

TEST_F(HelpdeskTest, AfterHoursTheSlaWaitsForTheNextWorkingDay) {
  clock_.set(cst(ymd(2026, 11, 27), 16, 59, 50));  // Friday, ten seconds before closing
  svc_->set_presence(wang_, Presence::online);
  Conversation c = ask(101);
  clock_.set(cst(ymd(2026, 11, 28), 10, 0));  // Saturday
  svc_->set_presence(wang_, Presence::online);
  svc_->tick();
  EXPECT_TRUE(events_of("helpdesk.sla_missed").empty()) << "Saturday is not business time";
  clock_.set(cst(ymd(2026, 11, 30), 9, 0, 40));  // Monday, 50 business seconds in
  svc_->set_presence(wang_, Presence::online);
  svc_->post(wang_, c.id, "周一早上好", "w-1");
  auto c2 = svc_->get(wang_, c.id);
  ASSERT_FALSE(c2.sla.empty());
  EXPECT_EQ(c2.sla[0].kind, "first_response");
  EXPECT_EQ(c2.sla[0].state, "met");
}

TEST_F(HelpdeskTest, ResolvedConfirmedReopenedAndRatedOnceForTheHelper) {
  svc_->set_presence(wang_, Presence::online);
  auto applicant = person(101, "x");
  Conversation c = ask(101);
  EXPECT_THROW(svc_->rate(applicant, c.id, 5), Error) << "not resolved yet";
  svc_->post(wang_, c.id, "已为您说明。", "w-1");
  EXPECT_THROW(svc_->resolve(wang_, c.id, ""), Error) << "a category is required";
  c = svc_->resolve(wang_, c.id, "办理指引");
  EXPECT_EQ(c.state, "resolved");
  c = svc_->reopen(applicant, c.id, "还是不知道去哪里盖章");
  EXPECT_EQ(c.state, "active");
  EXPECT_EQ(c.reopens, 1);
  EXPECT_EQ(c.helper, 11) << "back to the same helper";
  c = svc_->resolve(wang_, c.id, "办理指引");
  c = svc_->rate(applicant, c.id, 4);
  EXPECT_EQ(c.rating, 4);
  EXPECT_EQ(c.rated_helper, 11);
  EXPECT_THROW(svc_->rate(applicant, c.id, 5), Error) << "asked once";
  EXPECT_THROW(svc_->rate(applicant, c.id, 9), Error);
  c = svc_->confirm(applicant, c.id);
  EXPECT_EQ(c.state, "closed");
  EXPECT_THROW(svc_->post(applicant, c.id, "再问一下", "c-9"), Error) << "closed";
  EXPECT_THROW(svc_->open(wang_, {}, "员工不能发起"), Error);
}

TEST_F(HelpdeskTest, PresenceDecaysWithoutHeartbeats) {
  svc_->set_presence(wang_, Presence::online);
  clock_.advance(seconds(121));
  svc_->tick();
  auto presence = [&] {
    for (const auto& h : svc_->helpers())
      if (h.account == 11) return h.presence;
    return Presence::offline;
  };
  EXPECT_EQ(presence(), Presence::away);
  clock_.advance(seconds(600));
  svc_->tick();
  EXPECT_EQ(presence(), Presence::offline);
  EXPECT_THROW(svc_->set_presence(person(101, "x"), Presence::online), Error);
}

// The fixture computed by hand in docs/helpdesk.md ("Assessment"): three conversations on one day.
TEST_F(HelpdeskTest, AssessmentMatchesTheHandComputedFixture) {
  svc_->set_presence(wang_, Presence::online);
  svc_->set_presence(zhao_, Presence::online);
  const auto t0 = clock_.now();
  auto at = [&](int s) { clock_.set(t0 + seconds(s)); };
  auto a1 = person(101, "x"), a2 = person(102, "y"), a3 = person(103, "z");

  Conversation c1 = ask(101);  // t=0 → wang
  ASSERT_EQ(c1.helper, 11);
  at(30);
  svc_->post(wang_, c1.id, "您好", "w");  // 30 s, met
  svc_->resolve(wang_, c1.id, "办理指引");
  svc_->rate(a1, c1.id, 5);

  at(40);
  Conversation c2 = ask(102);  // zhao was never assigned: zhao
  ASSERT_EQ(c2.helper, 12);
  at(110);
  svc_->set_presence(wang_, Presence::online);
  svc_->set_presence(zhao_, Presence::online);
  svc_->tick();  // records the miss
  at(130);
  svc_->post(zhao_, c2.id, "久等了", "z");  // 90 s, missed
  svc_->resolve(zhao_, c2.id, "材料问题");
  svc_->reopen(a2, c2.id, "还是不行");
  svc_->resolve(zhao_, c2.id, "材料问题");
  svc_->rate(a2, c2.id, 3);

  at(140);
  Conversation c3 = ask(103);  // both idle; wang assigned longer ago
  ASSERT_EQ(c3.helper, 11);
  at(160);
  svc_->post(wang_, c3.id, "我帮您转给专业人员", "w");  // 20 s, met
  svc_->escalate(wang_, c3.id, "scjg", "三方通话已转市场监管局登记科，待回复");
  (void)a3;

  auto by_helper = assess(*db_, ymd(2026, 11, 27), ymd(2026, 11, 27), GroupBy::helper);
  ASSERT_EQ(by_helper.rows.size(), 2u);
  const auto& w = by_helper.rows[0];
  EXPECT_EQ(w.key, "11");
  EXPECT_EQ(w.conversations, 2);
  EXPECT_EQ(w.responded, 2);
  EXPECT_DOUBLE_EQ(w.first_response_median, 20);
  EXPECT_DOUBLE_EQ(w.first_response_p90, 30);
  EXPECT_DOUBLE_EQ(w.within_target_share, 1.0);
  EXPECT_DOUBLE_EQ(w.resolution_rate, 0.5);
  EXPECT_DOUBLE_EQ(w.reopen_rate, 0.0);
  EXPECT_DOUBLE_EQ(w.satisfaction, 5.0);
  EXPECT_EQ(w.escalations, 1);
  EXPECT_DOUBLE_EQ(w.score, 85.0);
  const auto& z = by_helper.rows[1];
  EXPECT_EQ(z.key, "12");
  EXPECT_DOUBLE_EQ(z.first_response_median, 90);
  EXPECT_EQ(z.within_target, 0);
  EXPECT_DOUBLE_EQ(z.resolution_rate, 1.0);
  EXPECT_DOUBLE_EQ(z.reopen_rate, 1.0);
  EXPECT_DOUBLE_EQ(z.satisfaction, 3.0);
  EXPECT_DOUBLE_EQ(z.score, 40.0);

  auto by_unit = assess(*db_, ymd(2026, 11, 27), ymd(2026, 11, 27), GroupBy::unit);
  ASSERT_EQ(by_unit.rows.size(), 1u);
  const auto& u = by_unit.rows[0];
  EXPECT_EQ(u.key, "scjg");
  EXPECT_EQ(u.conversations, 3);
  EXPECT_DOUBLE_EQ(u.first_response_median, 30);
  EXPECT_DOUBLE_EQ(u.first_response_p90, 90);
  EXPECT_NEAR(u.within_target_share, 2.0 / 3, 1e-12);
  EXPECT_NEAR(u.resolution_rate, 2.0 / 3, 1e-12);
  EXPECT_DOUBLE_EQ(u.reopen_rate, 0.5);
  EXPECT_DOUBLE_EQ(u.satisfaction, 4.0);
  EXPECT_NEAR(u.score, 65.0, 1e-9);

  EXPECT_TRUE(assess(*db_, ymd(2026, 11, 28), ymd(2026, 11, 30), GroupBy::helper).rows.empty()) << "another period";
  EXPECT_THROW(assess(*db_, ymd(2026, 11, 28), ymd(2026, 11, 27), GroupBy::helper), Error);
  std::string csv = to_csv(by_helper);
  EXPECT_EQ(csv.rfind("\xEF\xBB\xBF对象编号,对象,会话数", 0), 0u);
  EXPECT_THAT(csv, HasSubstr("\r\n11,王帮办,2,2,20,30,2,1.0000,1,0.5000,0,0.0000,1,5.00,1,85.0\r\n"));
}

}  // namespace
}  // namespace haoban::helpdesk
