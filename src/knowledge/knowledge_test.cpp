// The knowledge base over a real SQLite store and a real Xapian index: the editorial workflow and
// versions, who sees what, maintenance deadlines in working days, usage, import, and the index
// catching up with the store.
#include "knowledge/knowledge.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "core/error.h"
#include "search/analyzer.h"
#include "search/segmenter.h"
#include "testing/testing.h"

namespace haoban::knowledge {
namespace {

using namespace std::chrono;
namespace fs = std::filesystem;

Principal account(std::string username, AccountKind kind, std::vector<Role> roles = {}) {
  Principal p;
  p.account_id = static_cast<std::int64_t>(std::hash<std::string>{}(username) % 100000);
  p.username = username;
  p.display_name = username;
  p.kind = kind;
  p.roles = std::move(roles);
  return p;
}

const Principal kEditor = account("editor.demo", AccountKind::staff, {Role::kb_editor});
const Principal kHelper = account("helper.demo", AccountKind::staff, {Role::helper});
const Principal kClerk = account("clerk.scjg", AccountKind::staff, {Role::window_clerk});
const Principal kPerson = account("person.demo", AccountKind::person);

const search::Segmenter& segmenter() {
  static const search::Segmenter s = search::Segmenter::load(search::kJiebaDictionary);
  return s;
}

EntryContent qa(std::string title, std::string body, std::vector<std::string> items = {"SCJG-010"}) {
  EntryContent c;
  c.type = EntryType::qa;
  c.title = std::move(title);
  c.body = std::move(body);
  c.department = "scjg";
  c.items = std::move(items);
  return c;
}

// 2026-11-27 (a Friday) 10:00 in China.
const SysTime kNow = sys_days{year{2026} / 11 / 27} + hours{2};

class KnowledgeTest : public ::testing::Test {
 protected:
  KnowledgeTest()
      : clock_(kNow),
        db_(db::Database::open("sqlite:" + (dir_.path() / "kb.db").string(), clock_)),
        calendar_(WorkingCalendar::load_dir(haoban::testing::source_dir() / "data" / "calendar")),
        analyzer_(std::make_shared<search::Analyzer>(segmenter(), search::Synonyms::parse("执照: 营业执照\n", "test"))) {
    db_->migrate(db::db_migrations());
    db_->migrate(KnowledgeBase::migrations());
    open();
  }
  void open(const fs::path& index = {}) {
    kb_.reset();
    kb_ = std::make_unique<KnowledgeBase>(*db_, calendar_, index, analyzer_);
  }
  Entry publish(const EntryContent& c, std::string code = {}) {
    auto e = kb_->create(kEditor, c, std::move(code));
    kb_->transition(kEditor, e.id, Action::submit, "");
    return kb_->transition(kEditor, e.id, Action::approve, "");
  }
  std::vector<std::string> found(const Principal* who, std::string text, std::optional<EntryStatus> status = {}) {
    SearchRequest r;
    r.text = std::move(text);
    r.status = status;
    std::vector<std::string> codes;
    for (const auto& h : kb_->search(who, r).hits) codes.push_back(h.entry.code);
    return codes;
  }

  haoban::testing::TempDir dir_;
  ManualClock clock_;
  std::unique_ptr<db::Database> db_;
  WorkingCalendar calendar_;
  std::shared_ptr<search::Analyzer> analyzer_;
  std::unique_ptr<KnowledgeBase> kb_;
};

TEST_F(KnowledgeTest, AnEntryIsSeenByResidentsOnlyOncePublished) {
  auto e = kb_->create(kEditor, qa("营业执照遗失了怎么补办？", "登报声明作废后，在一网通办申请补领。"), "qa:test:1");
  EXPECT_EQ(e.status, EntryStatus::draft);
  EXPECT_EQ(e.version, 1);
  EXPECT_FALSE(kb_->find(&kPerson, e.id));
  EXPECT_TRUE(found(&kPerson, "执照补办").empty());
  EXPECT_EQ(found(&kEditor, "执照补办", EntryStatus::draft), std::vector<std::string>{"qa:test:1"});

  kb_->transition(kEditor, e.id, Action::submit, "");
  auto pub = kb_->transition(kEditor, e.id, Action::approve, "");
  EXPECT_EQ(pub.status, EntryStatus::published);
  EXPECT_FALSE(pub.published_at.empty());
  EXPECT_TRUE(kb_->find(nullptr, e.id));
  // 执照补办 finds 营业执照遗失了怎么补办 (a synonym and words, not an AND of bigrams).
  EXPECT_EQ(found(nullptr, "执照补办"), std::vector<std::string>{"qa:test:1"});

  auto history = kb_->versions(kEditor, e.id);
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[0].action, "create");
  EXPECT_EQ(history[2].action, "approve");
  EXPECT_EQ(history[2].status, EntryStatus::published);
  EXPECT_EQ(history[2].changed_by, "editor.demo");
}

TEST_F(KnowledgeTest, EditingAPublishedEntryNeedsReviewAgainAndKeepsTheOldVersion) {
  auto e = publish(qa("个体户执照补办要多久？", "当场办结。"), "qa:test:2");
  auto changed = qa("个体户执照补办要多久？", "材料齐全的，1个工作日内办结。");
  auto v2 = kb_->update(kEditor, e.id, changed, e.version);
  EXPECT_EQ(v2.version, 2);
  EXPECT_EQ(v2.status, EntryStatus::draft);
  EXPECT_TRUE(found(nullptr, "执照补办").empty()) << "the changed text is not public until approved";
  auto history = kb_->versions(kEditor, e.id);
  EXPECT_EQ(history.back().changed_fields, std::vector<std::string>{"body"});
  EXPECT_EQ(history[history.size() - 2].content.body, "当场办结。");

  // Someone else's edit in between: the stale version is refused and nothing changes.
  try {
    kb_->update(kEditor, e.id, qa("个体户执照补办要多久？", "另一个答案"), 1);
    FAIL() << "a stale version must be refused";
  } catch (const Error& err) {
    EXPECT_EQ(err.type(), "version-mismatch");
  }
  EXPECT_EQ(kb_->find(&kEditor, e.id)->content.body, "材料齐全的，1个工作日内办结。");
}

TEST_F(KnowledgeTest, WorkflowRefusesWhatItMust) {
  auto e = kb_->create(kEditor, qa("问题", "答案"));
  EXPECT_THROW(kb_->transition(kEditor, e.id, Action::approve, ""), Error);  // not in review
  kb_->transition(kEditor, e.id, Action::submit, "");
  EXPECT_THROW(kb_->transition(kEditor, e.id, Action::reject, ""), Error);  // a rejection needs a reason
  EXPECT_EQ(kb_->transition(kEditor, e.id, Action::reject, "答案不完整").status, EntryStatus::draft);
  EXPECT_THROW(kb_->create(kHelper, qa("问题", "答案")), Error);  // not an editor
  try {
    auto bad = qa("", "答案");
    bad.effective_from = "2026-13-01";
    kb_->create(kEditor, bad);
    FAIL();
  } catch (const Error& err) {
    EXPECT_EQ(err.kind(), ErrorKind::invalid);
    EXPECT_EQ(err.fields().size(), 2u);
  }
  EXPECT_EQ(kb_->count(), 1u) << "nothing saved by refused calls";
}

TEST_F(KnowledgeTest, WithoutWordsTheFiltersBrowseNewestFirst) {
  auto d = kb_->create(kEditor, qa("草稿问题", "草稿答案"), "qa:b:draft");
  publish(qa("已发布问题<b>", "答案", {"GAJ-010"}), "qa:b:pub");
  SearchRequest r;
  r.status = EntryStatus::draft;
  auto drafts = kb_->search(&kEditor, r);
  ASSERT_EQ(drafts.hits.size(), 1u);
  EXPECT_EQ(drafts.hits[0].entry.id, d.id);
  EXPECT_EQ(drafts.total, 1u);
  SearchRequest by_item;
  by_item.item = "GAJ-010";
  auto listed = kb_->search(nullptr, by_item);
  ASSERT_EQ(listed.hits.size(), 1u);
  EXPECT_EQ(listed.hits[0].entry.code, "qa:b:pub");
  EXPECT_EQ(listed.hits[0].title_html, "已发布问题&lt;b&gt;");
  by_item.item = "SCJG-010";
  EXPECT_TRUE(kb_->search(nullptr, by_item).hits.empty()) << "residents never see drafts";
}

TEST_F(KnowledgeTest, TheQuestionsAspectPicksTheSiblingItem) {
  analyzer_ = std::make_shared<search::Analyzer>(segmenter(), search::Synonyms::parse("到期: 延续\n不开了: 注销\n", "test"));
  kb_.reset();
  kb_ = std::make_unique<KnowledgeBase>(*db_, calendar_, fs::path(), analyzer_,
                                        std::map<std::string, std::vector<std::string>>{
                                            {"SCJG-011", {"食品经营许可（新办）", "开饭店"}},
                                            {"SCJG-013", {"食品经营许可（延续）"}},
                                            {"SCJG-014", {"食品经营许可（注销）"}}});
  publish(qa("食品经营许可（新办）需要哪些材料？", "申请书、营业执照。", {"SCJG-011"}), "qa:a:new");
  publish(qa("饭店食品经营许可（新办）的证件到期了，许可证还能办吗？", "证件须在有效期内。", {"SCJG-011"}), "qa:a:new2");
  publish(qa("食品经营许可（延续）需要哪些材料？", "延续申请书。", {"SCJG-013"}), "qa:a:renew");
  publish(qa("食品经营许可（注销）需要哪些材料？", "注销申请书。", {"SCJG-014"}), "qa:a:close");
  publish(qa("饭店不开了，食品经营许可（新办）的申请能撤回吗？", "可以撤回。", {"SCJG-011"}), "qa:a:new3");
  EXPECT_EQ(found(nullptr, "饭店的食品许可证快到期了").front(), "qa:a:renew");
  EXPECT_EQ(found(nullptr, "饭店不开了食品许可证怎么办").front(), "qa:a:close");
}

TEST_F(KnowledgeTest, ALikelyItemKeepsItsOwnEntryWhenAnotherItemsCrowdTheCandidates) {
  kb_.reset();
  kb_ = std::make_unique<KnowledgeBase>(*db_, calendar_, fs::path(), analyzer_,
                                        std::map<std::string, std::vector<std::string>>{
                                            {"WJW-001", {"公共场所卫生许可（新办）"}},
                                            {"WJW-002", {"公共场所卫生许可（变更）", "卫生许可证换法人"}}});
  // More entries of the 新办 item than the candidates re-ranked, and one linked to both siblings:
  // that one does not stand for the 变更 item's own answers.
  for (int i = 0; i < 45; ++i)
    publish(qa(fmt::format("卫生许可证法人问题{}：公共场所卫生许可（新办）", i), "新办。", {"WJW-001"}), fmt::format("qa:a:{}", i));
  publish(qa("卫生许可证法人须知", "新办与变更。", {"WJW-001", "WJW-002"}), "qa:a:both");
  publish(qa("公共场所卫生许可（变更）多久办好？", "五个工作日。", {"WJW-002"}), "qa:b:own");
  auto top = found(nullptr, "卫生许可证换法人");
  top.resize(std::min<std::size_t>(top.size(), 5));
  EXPECT_NE(std::find(top.begin(), top.end(), "qa:b:own"), top.end()) << fmt::format("{}", fmt::join(top, " "));
}

TEST_F(KnowledgeTest, StaffOnlyEntriesAreForStaff) {
  auto c = qa("营业执照补办审查要点", "核对遗失声明与申请人身份。");
  c.type = EntryType::review_point;
  c.visibility = Visibility::staff;
  auto e = publish(c, "review:test:1");
  EXPECT_FALSE(kb_->find(&kPerson, e.id));
  EXPECT_TRUE(kb_->find(&kClerk, e.id));
  EXPECT_TRUE(found(&kPerson, "营业执照补办").empty());
  EXPECT_EQ(found(&kClerk, "营业执照补办"), std::vector<std::string>{"review:test:1"});
}

TEST_F(KnowledgeTest, APolicyTakingEffectLaterNeedsItsQaOneWorkingDayBefore) {
  EntryContent p;
  p.type = EntryType::policy;
  p.title = "宝山区小微企业房租补贴办法";
  p.body = "对符合条件的小微企业给予房租补贴。";
  p.doc_number = "宝府规〔2026〕9号";
  p.effective_from = "2026-12-07";  // a Monday
  p.department = "jw";
  publish(p, "policy:test:1");
  TaskFilter f;
  f.kind = TaskKind::policy_qa;
  auto tasks = kb_->tasks(kEditor, f);
  ASSERT_EQ(tasks.size(), 1u);
  EXPECT_EQ(tasks[0].due_on, "2026-12-04");  // the Friday before
  EXPECT_EQ(tasks[0].days_left, 5);
  EXPECT_FALSE(tasks[0].overdue());

  clock_.set(sys_days{year{2026} / 12 / 5} + hours{2});
  EXPECT_TRUE(kb_->tasks(kEditor, f)[0].overdue());

  auto answer = qa("小微企业房租补贴怎么申请？", "无需申请，符合条件的自动兑付。", {});
  answer.doc_number = "宝府规〔2026〕9号";
  auto q = publish(answer, "qa:test:policy");
  auto done = kb_->task(kEditor, tasks[0].id);
  EXPECT_EQ(done.state, TaskState::done);
  EXPECT_EQ(done.result, q.id);
}

TEST_F(KnowledgeTest, AnUnansweredQuestionIsOneTaskDueInFiveWorkingDays) {
  auto t = kb_->record_unanswered("公积金怎么取出来？", "小宝会话 c1", "");
  auto again = kb_->record_unanswered("公积金 怎么取出来", "小宝会话 c2", "");
  EXPECT_EQ(again.id, t.id);
  EXPECT_EQ(again.asked, 2);
  EXPECT_EQ(t.due_on, "2026-12-04");  // Friday + 5 working days
  EXPECT_THROW(kb_->record_unanswered("？？？", "", ""), Error);
  // Closing needs a published answer, or a reason.
  auto draft = kb_->create(kEditor, qa("公积金怎么提取？", "向公积金中心申请。", {}));
  EXPECT_THROW(kb_->complete(kEditor, t.id, draft.id, ""), Error);
  EXPECT_THROW(kb_->complete(kEditor, t.id, std::nullopt, ""), Error);
  kb_->transition(kEditor, draft.id, Action::submit, "");
  kb_->transition(kEditor, draft.id, Action::approve, "");
  auto closed = kb_->complete(kEditor, t.id, draft.id, "");
  EXPECT_EQ(closed.state, TaskState::done);
  EXPECT_THROW(kb_->complete(kEditor, t.id, draft.id, ""), Error);  // already closed
}

TEST_F(KnowledgeTest, AHelpersEffectiveAnswerBecomesACandidateForAnEditor) {
  EXPECT_THROW(kb_->propose_answer(kPerson, "问", "答", "scjg", {}), Error);
  auto t = kb_->propose_answer(kHelper, "营业执照丢了能网上补办吗？", "可以，在一网通办提交补领申请。", "scjg", {"SCJG-010"});
  EXPECT_EQ(t.kind, TaskKind::candidate);
  ASSERT_TRUE(t.entry);
  auto e = kb_->find(&kEditor, *t.entry);
  EXPECT_EQ(e->status, EntryStatus::in_review);
  EXPECT_NE(e->content.source.find("helper.demo"), std::string::npos);
  kb_->transition(kEditor, e->id, Action::approve, "");
  EXPECT_EQ(kb_->task(kEditor, t.id).state, TaskState::done);
  EXPECT_EQ(found(nullptr, "营业执照网上补办").front(), e->code);
}

TEST_F(KnowledgeTest, UsageRateCountsEntriesOpenedOrUsedInAnswers) {
  auto a = publish(qa("问题一", "答案一"), "qa:u:1");
  auto b = publish(qa("问题二", "答案二"), "qa:u:2");
  publish(qa("问题三", "答案三"), "qa:u:3");
  publish(qa("问题四", "答案四"), "qa:u:4");
  std::int64_t retrieved[] = {a.id, b.id};
  kb_->record_use(retrieved, UsageKind::retrieval, "search");  // being listed is not being used
  std::int64_t clicked[] = {a.id};
  kb_->record_use(clicked, UsageKind::click, "search");
  kb_->record_use(clicked, UsageKind::click, "search");
  std::int64_t answered[] = {b.id};
  kb_->record_use(answered, UsageKind::answer, "assistant");
  auto rep = kb_->usage(kClerk, "2026-11-01", "2026-11-30");
  EXPECT_EQ(rep.published, 4);
  EXPECT_EQ(rep.used, 2);
  EXPECT_DOUBLE_EQ(rep.rate, 0.5);
  EXPECT_EQ(rep.clicks, 2);
  EXPECT_EQ(rep.retrievals, 2);
  ASSERT_FALSE(rep.top.empty());
  EXPECT_EQ(rep.top.front().code, "qa:u:1");
  EXPECT_EQ(rep.never_used.size(), 2u);
  // A period before anything was published has nothing to use.
  EXPECT_EQ(kb_->usage(kClerk, "2026-01-01", "2026-01-31").published, 0);
  EXPECT_THROW(kb_->usage(kClerk, "2026-02-01", "2026-01-01"), Error);
  EXPECT_THROW(kb_->usage(kPerson, "2026-11-01", "2026-11-30"), Error);
}

TEST_F(KnowledgeTest, ImportIsAllOrNothingWithLineNumbers) {
  std::vector<Entry> entries(3);
  entries[0].code = "qa:i:1";
  entries[0].content = qa("社保卡丢了怎么办", "挂失后补办。");
  entries[0].status = EntryStatus::published;
  entries[1].code = "qa:i:1";  // duplicate
  entries[1].content = qa("社保卡补办多久", "当场。");
  entries[2].code = "qa:i:3";
  entries[2].content = qa("", "没有标题");
  auto r = kb_->import(kEditor, entries, true);
  ASSERT_EQ(r.problems.size(), 2u);
  EXPECT_EQ(r.problems[0].line, 2u);
  EXPECT_EQ(r.problems[1].line, 3u);
  EXPECT_EQ(kb_->count(), 0u);

  entries.resize(1);
  EXPECT_EQ(kb_->import(kEditor, entries, true).created, 1u);
  EXPECT_EQ(kb_->import(kEditor, entries, true).unchanged, 1u);
  EXPECT_EQ(found(nullptr, "社保卡丢了").front(), "qa:i:1");
}

TEST_F(KnowledgeTest, TheIndexCatchesUpWithTheStoreWhenReopened) {
  auto index = dir_.path() / "index";
  open(index);
  publish(qa("居住证怎么续签？", "在社区事务受理服务中心办理签注。", {"GAJ-010"}), "qa:c:1");
  open();  // an in-memory index that never saw the change (as if the disk index were lost)
  EXPECT_EQ(found(nullptr, "居住证续签"), std::vector<std::string>{"qa:c:1"});
  fs::remove_all(index);
  open(index);  // a deleted index directory is rebuilt from the store
  EXPECT_EQ(found(nullptr, "居住证续签"), std::vector<std::string>{"qa:c:1"});
  auto e = kb_->find_code(&kEditor, "qa:c:1");
  kb_->transition(kEditor, e->id, Action::retire, "");
  EXPECT_TRUE(found(&kEditor, "居住证续签").empty()) << "retired entries leave the index";
  EXPECT_EQ(kb_->rebuild_index(), 1u);
}

}  // namespace
}  // namespace haoban::knowledge
