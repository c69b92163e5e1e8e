// 帮办 over a real store with a controllable clock: routing to the least-busy skilled helper, the
// general pool, the queue and its place, the honest "nobody is online", messages in order and never
// duplicated, SLA events with wall-clock and business time, misses alerting the supervisor,
// resolution, reopening and one rating tied to the helper.
#include "helpdesk/helpdesk.h"

#include "helpdesk/accompaniment.h"
#include "helpdesk/assessment.h"
#include "helpdesk/signaling.h"

#include <boost/json/parse.hpp>

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
    for (auto span : {db::db_migrations(), HelpdeskService::migrations(), Accompaniments::migrations()}) all.insert(all.end(), span.begin(), span.end());
    db_->migrate(all);
    events_.subscribe([this](const Event& e) {
      std::lock_guard lock(mu_);
      seen_.push_back(e);
    });
    Options options;
    options.files_dir = dir_.path() / "files";
    options.max_file = 64 * 1024;
    svc_ = std::make_unique<HelpdeskService>(*db_, clock_, calendar_, events_, options);
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

// The 远程虚拟窗口's signalling: only the two parties join; offers and candidates reach the other
// member only; a second tab replaces the first; leaving and closing tell the peer; typing is
// throttled; a stranger and a closed conversation are refused.
TEST_F(HelpdeskTest, SignalingRelaysBetweenTheTwoPartiesOnly) {
  svc_->set_presence(zhao_, Presence::online);
  Conversation c = ask(101, "scjg", "SCJG-011");
  ASSERT_EQ(c.helper, 12);
  Signaling sig(*svc_, events_, clock_);
  Principal applicant = person(101, "申请人"), stranger = person(102, "路人");
  auto data = [&](boost::json::object extra = {}) {
    extra["conversation_id"] = c.id;
    return extra;
  };
  auto frame = [](const Outbound& o) { return boost::json::parse(o.text).as_object(); };

  EXPECT_THROW(sig.handle(7, stranger, "rtc.join", data()), Error);
  EXPECT_THROW(sig.handle(7, applicant, "rtc.signal", data({{"signal", {{"type", "offer"}}}})), Error) << "not joined";

  auto out = sig.handle(1, applicant, "rtc.join", data());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(frame(out[0]).at("type"), "rtc.joined");
  EXPECT_EQ(frame(out[0]).at("data").at("role"), "applicant");
  EXPECT_EQ(frame(out[0]).at("data").at("peer_present"), false);
  EXPECT_THROW(sig.handle(1, applicant, "rtc.signal", data({{"signal", {{"type", "offer"}}}})), Error) << "peer absent";

  out = sig.handle(2, zhao_, "rtc.join", data());
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].connection, 2u);
  EXPECT_EQ(frame(out[0]).at("data").at("peer_present"), true);
  EXPECT_EQ(out[1].connection, 1u) << "the applicant learns the helper joined";
  EXPECT_EQ(frame(out[1]).at("type"), "rtc.peer");

  out = sig.handle(1, applicant, "rtc.signal", data({{"signal", {{"type", "offer"}, {"sdp", "v=0"}}}}));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].connection, 2u);
  EXPECT_EQ(frame(out[0]).at("data").at("from"), "applicant");
  EXPECT_EQ(frame(out[0]).at("data").at("signal").at("sdp"), "v=0");
  out = sig.handle(2, zhao_, "rtc.signal", data({{"signal", {{"candidate", "c1"}}}}));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].connection, 1u);
  EXPECT_THROW(sig.handle(2, zhao_, "rtc.signal", data({{"signal", std::string(20000, 'x')}})), Error);

  // The applicant opens a second tab: it takes over, the first is told.
  out = sig.handle(3, applicant, "rtc.join", data());
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].connection, 1u);
  EXPECT_EQ(frame(out[0]).at("type"), "rtc.ended");
  EXPECT_EQ(sig.handle(2, zhao_, "rtc.signal", data({{"signal", {{"type", "answer"}}}}))[0].connection, 3u);
  EXPECT_TRUE(sig.closed(1).empty()) << "the replaced tab is no longer in the room";

  out = sig.closed(3);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].connection, 2u);
  EXPECT_EQ(frame(out[0]).at("data").at("event"), "left");
  sig.handle(2, zhao_, "rtc.leave", data());
  EXPECT_EQ(sig.rooms(), 0u);

  // Invitations and typing go to the other party's account as events; typing at most every 2 s.
  sig.handle(2, zhao_, "rtc.invite", data());
  auto invites = events_of("rtc.invite");
  ASSERT_EQ(invites.size(), 1u);
  EXPECT_THAT(invites[0], HasSubstr("\"from\":\"helper\""));
  sig.handle(1, applicant, "chat.typing", data());
  sig.handle(1, applicant, "chat.typing", data());
  EXPECT_EQ(events_of("chat.typing").size(), 1u);
  clock_.advance(seconds(3));
  sig.handle(1, applicant, "chat.typing", data());
  EXPECT_EQ(events_of("chat.typing").size(), 2u);
  EXPECT_THROW(sig.handle(1, stranger, "rtc.invite", data()), Error);

  svc_->resolve(zhao_, c.id, "政策咨询");
  svc_->confirm(applicant, c.id);
  EXPECT_THROW(sig.handle(1, applicant, "rtc.join", data()), Error) << "closed";
  EXPECT_THROW(sig.handle(1, applicant, "rtc.join", boost::json::object{}), Error) << "no conversation id";
}

TEST_F(HelpdeskTest, ARetriedOpenFindsTheConversationItOpened) {
  svc_->set_presence(wang_, Presence::online);
  auto applicant = person(101, "x");
  Conversation first = svc_->open(applicant, {"SCJG-001", "scjg", 0, ""}, "营业执照怎么变更？", "open-1");
  Conversation again = svc_->open(applicant, {"SCJG-001", "scjg", 0, ""}, "营业执照怎么变更？", "open-1");
  EXPECT_EQ(again.id, first.id);
  EXPECT_EQ(svc_->messages(applicant, first.id).size(), 1u) << "no second opening message";
  EXPECT_NE(svc_->open(person(102, "y"), {"SCJG-001", "scjg", 0, ""}, "同样的问题", "open-1").id, first.id)
      << "client ids are per applicant";
  EXPECT_EQ(svc_->open(applicant, {}, "另一个问题").id, first.id + 2) << "without a client id: a new one";
  auto mine = svc_->mine(applicant);
  ASSERT_EQ(mine.size(), 2u);
  EXPECT_EQ(mine[0].id, first.id + 2) << "newest first";
}

TEST_F(HelpdeskTest, ReadReceiptsMoveForwardOnlyAndTellTheOtherParty) {
  svc_->set_presence(wang_, Presence::online);
  auto applicant = person(101, "x");
  Conversation c = ask(101);
  svc_->post(wang_, c.id, "您好，请讲。", "w-1");
  svc_->post(wang_, c.id, "需要营业执照原件。", "w-2");
  c = svc_->mark_read(applicant, c.id, 3);
  EXPECT_EQ(c.applicant_read_seq, 3);
  EXPECT_EQ(c.helper_read_seq, 0);
  auto reads = events_of("chat.read");
  ASSERT_EQ(reads.size(), 1u);
  EXPECT_THAT(reads[0], HasSubstr("\"reader\":\"applicant\",\"seq\":3"));
  c = svc_->mark_read(applicant, c.id, 2);
  EXPECT_EQ(c.applicant_read_seq, 3) << "never backwards";
  EXPECT_EQ(events_of("chat.read").size(), 1u) << "nothing moved, nothing told";
  EXPECT_THROW(svc_->mark_read(applicant, c.id, 4), Error) << "no such message yet";
  EXPECT_THROW(svc_->mark_read(person(102, "y"), c.id, 1), Error) << "a stranger";
  EXPECT_EQ(svc_->mark_read(wang_, c.id, 1).helper_read_seq, 1);
}

TEST_F(HelpdeskTest, FilesAreCheckedByContentAndServedToThePartiesOnly) {
  svc_->set_presence(wang_, Presence::online);
  auto applicant = person(101, "x");
  Conversation c = ask(101);
  const std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + std::string(100, '\x01');
  Message m = svc_->attach(applicant, c.id, {"营业执照照片.png", "image/png", png, "f-1"});
  ASSERT_TRUE(m.attachment);
  EXPECT_EQ(m.body, "营业执照照片.png");
  EXPECT_EQ(m.attachment->media_type, "image/png");
  EXPECT_EQ(m.attachment->size, 108);
  EXPECT_EQ(svc_->attach(applicant, c.id, {"营业执照照片.png", "image/png", png, "f-1"}).id, m.id) << "a resend";
  auto [meta, bytes] = svc_->file(wang_, c.id, m.attachment->id);
  EXPECT_EQ(bytes, png);
  EXPECT_EQ(meta.name, "营业执照照片.png");
  EXPECT_THROW(svc_->file(person(102, "y"), c.id, m.attachment->id), Error) << "a stranger";
  EXPECT_THROW(svc_->attach(applicant, c.id, {"假图片.png", "image/png", "not an image", "f-2"}), Error);
  EXPECT_THROW(svc_->attach(applicant, c.id, {"big.pdf", "application/pdf", "%PDF-" + std::string(70000, 'x'), "f-3"}),
               Error);
  EXPECT_THROW(svc_->attach(applicant, c.id, {"../etc/passwd.pdf", "application/pdf", "%PDF-1.7", "f-4"}), Error);
  EXPECT_THROW(svc_->attach(person(102, "y"), c.id, {"a.pdf", "application/pdf", "%PDF-1.7", "f-5"}), Error);
  auto messages = svc_->messages(applicant, c.id);
  EXPECT_EQ(messages.size(), 2u) << "refused files leave nothing behind";
  ASSERT_TRUE(messages.back().attachment);
  // A file from the helper is a response: it stops the first-response timer.
  svc_->attach(wang_, c.id, {"办事指南.pdf", "application/pdf", "%PDF-1.7 guide", "w-f"});
  c = svc_->get(applicant, c.id);
  EXPECT_FALSE(c.first_response_at.empty());
  EXPECT_EQ(c.sla[0].state, "met");
}

TEST_F(HelpdeskTest, AnEffectiveAnswerBecomesOneKnowledgeCandidate) {
  svc_->set_presence(zhao_, Presence::online);
  auto applicant = person(101, "x");
  Conversation c = ask(101, "scjg", "SCJG-011");
  svc_->post(applicant, c.id, "网上能办吗？", "a-2");
  svc_->post(zhao_, c.id, "可以，在一网通办搜索食品经营许可即可在线申请。", "z-1");
  std::vector<std::tuple<std::string, std::string, std::string, std::vector<std::string>>> proposed;
  ProposeAnswer propose = [&](const Principal&, const std::string& q, const std::string& a, const std::string& d,
                              const std::vector<std::string>& items) {
    proposed.emplace_back(q, a, d, items);
    return 77LL;
  };
  EXPECT_THROW(svc_->mark_effective(zhao_, c.id, 1, propose), Error) << "the applicant's message";
  Message m = svc_->mark_effective(zhao_, c.id, 3, propose);
  EXPECT_EQ(m.kb_task, 77);
  ASSERT_EQ(proposed.size(), 1u);
  EXPECT_EQ(std::get<0>(proposed[0]), "营业执照怎么变更？\n网上能办吗？");
  EXPECT_EQ(std::get<1>(proposed[0]), "可以，在一网通办搜索食品经营许可即可在线申请。");
  EXPECT_EQ(std::get<2>(proposed[0]), "scjg");
  EXPECT_EQ(std::get<3>(proposed[0]), std::vector<std::string>{"SCJG-011"});
  EXPECT_THROW(svc_->mark_effective(zhao_, c.id, 3, propose), Error) << "once";
  EXPECT_EQ(svc_->messages(applicant, c.id).back().kb_task, 77);
  // A failing knowledge base leaves the answer unmarked, to be tried again.
  svc_->post(zhao_, c.id, "材料清单见办事指南。", "z-2");
  ProposeAnswer failing = [](const Principal&, const std::string&, const std::string&, const std::string&,
                             const std::vector<std::string>&) -> long long { throw std::runtime_error("kb down"); };
  EXPECT_THROW(svc_->mark_effective(zhao_, c.id, 4, failing), std::runtime_error);
  EXPECT_EQ(svc_->mark_effective(zhao_, c.id, 4, propose).kb_task, 77);
}

TEST_F(HelpdeskTest, TheBoardShowsTheQueueWhatRunsAndTodaysMisses) {
  svc_->set_presence(qian_, Presence::online);  // one seat, general pool
  Conversation first = ask(101, "yyjd", "");
  Conversation second = ask(102, "yyjd", "");
  ASSERT_EQ(first.state, "active");
  ASSERT_EQ(second.state, "queued");
  clock_.advance(seconds(61));
  svc_->set_presence(qian_, Presence::online);
  svc_->tick();
  Board b = svc_->board();
  ASSERT_EQ(b.queued.size(), 1u);
  EXPECT_EQ(b.queued[0].id, second.id);
  EXPECT_EQ(b.queued[0].queue_position, 1);
  ASSERT_EQ(b.active.size(), 1u);
  EXPECT_EQ(b.active[0].helper, 13);
  ASSERT_GE(b.missed.size(), 1u);
  EXPECT_EQ(b.missed[0].kind, "first_response");
  EXPECT_FALSE(b.missed[0].due_at.empty());
  EXPECT_EQ(b.helpers.size(), 3u);
  clock_.advance(hours(24));
  EXPECT_TRUE(svc_->board().missed.empty()) << "only today's misses";
}

TEST_F(HelpdeskTest, LeadershipAccompanimentIsRecordedAndFollowedUp) {
  Accompaniments acc(*db_, clock_);
  Accompaniment a;
  a.leader_name = "张伟";
  a.leader_title = "副区长";
  a.unit = "区行政服务中心";
  a.date = "2026-11-26";
  a.item = "SCJG-011";
  a.process = "以申请人身份在线办理食品经营许可";
  a.problems = {"上传材料时不提示格式要求", "预审意见用语过于专业"};
  auto saved = acc.record(wang_, a);
  EXPECT_GT(saved.id, 0);
  EXPECT_EQ(saved.status, "open");
  EXPECT_EQ(saved.recorded_by, "wang");
  try {
    Accompaniment bad = a;
    bad.leader_name = "";
    bad.date = "2026-12-31";
    bad.problems = {"ok", "  "};
    acc.record(wang_, bad);
    FAIL() << "expected the fields named";
  } catch (const Error& e) {
    std::vector<std::string> fields;
    for (const auto& f : e.fields()) fields.push_back(f.field);
    EXPECT_THAT(fields, ::testing::ElementsAre("leader_name", "date", "problems/1"));
  }
  EXPECT_THROW(acc.update(wang_, saved.id, std::nullopt, "done"), Error) << "done needs the follow-up";
  EXPECT_THROW(acc.update(wang_, saved.id, std::nullopt, "closed"), Error);
  auto updated = acc.update(wang_, saved.id, "已在上传页增加格式提示，预审意见改写为群众用语", "done");
  EXPECT_EQ(updated.status, "done");
  EXPECT_THROW(acc.update(wang_, 999, std::nullopt, "open"), Error);
  EXPECT_EQ(acc.list(ymd(2026, 11, 1), ymd(2026, 11, 30)).size(), 1u);
  EXPECT_TRUE(acc.list(ymd(2026, 11, 27), std::nullopt).empty());
  EXPECT_EQ(acc.list(std::nullopt, std::nullopt)[0].problems.size(), 2u);
}

}  // namespace
}  // namespace haoban::helpdesk
