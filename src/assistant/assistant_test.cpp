// 小宝 over the real catalog, a real knowledge base (SQLite + Xapian) and a real fastText model:
// intents, answers that cite entries, the item kept in context across turns, low confidence
// handed over and recorded, conversations kept to their owner, bad input refused.
#include "assistant/assistant.h"

#include <gtest/gtest.h>

#include "catalog/catalog.h"
#include "core/error.h"
#include "defs/defs.h"
#include "knowledge/knowledge.h"
#include "search/analyzer.h"
#include "search/segmenter.h"
#include "testing/testing.h"

namespace haoban::assistant {
namespace {

using namespace std::chrono;

const defs::Definitions& definitions() {
  static const defs::Definitions d = defs::load_dir_or_throw(haoban::testing::source_dir() / "data" / "definitions");
  return d;
}

std::shared_ptr<search::Segmenter> segmenter() {
  static auto s = std::make_shared<search::Segmenter>(search::Segmenter::load(search::kJiebaDictionary));
  return s;
}

Principal person(std::int64_t id, std::string name) {
  Principal p;
  p.account_id = id;
  p.username = name;
  p.display_name = name;
  p.kind = AccountKind::person;
  return p;
}

Tokenizer words() {
  return [](std::string_view text) {
    std::vector<std::string> out;
    for (const auto& t : segmenter()->cut(text)) out.push_back(t.text);
    return out;
  };
}

TEST(IntentTest, TheModelTellsIntentsApartOnQuestionsItDidNotSee) {
  std::vector<const defs::Item*> items;
  for (const auto& i : definitions().items) items.push_back(&i);
  auto all = intent_examples(items, 1);
  ASSERT_GT(all.size(), 3000u);
  std::vector<Example> train(all.begin(), all.begin() + static_cast<long>(all.size() * 4 / 5));
  std::vector<Example> held(all.begin() + static_cast<long>(all.size() * 4 / 5), all.end());
  haoban::testing::TempDir dir;
  auto model = IntentModel::train(train, words(), dir.path() / "intent.bin");
  EXPECT_GT(model.accuracy(held), 0.9);
  EXPECT_EQ(model.classify("能不能帮我转个人工").intent, Intent::human);
  EXPECT_EQ(model.classify("我想申请残疾人证").intent, Intent::apply);
  EXPECT_EQ(model.classify("营业执照补办需要什么材料").intent, Intent::consult);
  // What was saved loads and answers the same.
  auto loaded = IntentModel::load(dir.path() / "intent.bin", words());
  EXPECT_EQ(loaded.classify("能不能帮我转个人工").intent, Intent::human);
  EXPECT_THROW(IntentModel::load(dir.path() / "missing.bin", words()), Error);
}

class AssistantTest : public ::testing::Test {
 protected:
  AssistantTest()
      : clock_(sys_days{year{2026} / 11 / 27} + hours{2}),
        db_(db::Database::open("sqlite:" + (dir_.path() / "a.db").string(), clock_)),
        calendar_(WorkingCalendar::load_dir(haoban::testing::source_dir() / "data" / "calendar")) {
    db_->migrate(db::db_migrations());
    db_->migrate(catalog::Catalog::migrations());
    db_->migrate(knowledge::KnowledgeBase::migrations());
    db_->migrate(Assistant::migrations());
    catalog_ = std::make_unique<catalog::Catalog>(*db_, definitions(), clock_, calendar_);
    analyzer_ = std::make_shared<search::Analyzer>(*segmenter(), search::Synonyms::parse("执照: 营业执照\n", "test"));
    kb_ = std::make_unique<knowledge::KnowledgeBase>(*db_, calendar_, std::filesystem::path(), analyzer_);
    Principal editor;
    editor.username = "editor.demo";
    editor.kind = AccountKind::staff;
    editor.roles = {Role::kb_editor};
    auto entry = [&](std::string code, std::string title, std::string body, std::vector<std::string> variants) {
      knowledge::Entry e;
      e.code = std::move(code);
      e.status = knowledge::EntryStatus::published;
      e.content.type = knowledge::EntryType::qa;
      e.content.title = std::move(title);
      e.content.body = std::move(body);
      e.content.variants = std::move(variants);
      e.content.department = "scjg";
      e.content.items = {"SCJG-010"};
      return e;
    };
    std::vector<knowledge::Entry> entries{
        entry("qa:t:1", "营业执照遗失补领需要哪些材料？", "需提交申请书和遗失声明。", {"执照丢了怎么办"}),
        entry("qa:t:2", "营业执照遗失补领要多久？", "承诺3个工作日内办结。", {"执照补办多久能好"}),
    };
    EXPECT_TRUE(kb_->import(editor, entries, true).problems.empty());
    assistant_ = std::make_unique<Assistant>(*db_, *catalog_, *kb_, segmenter(), dir_.path() / "intent.bin");
  }

  haoban::testing::TempDir dir_;
  ManualClock clock_;
  std::unique_ptr<db::Database> db_;
  WorkingCalendar calendar_;
  std::unique_ptr<catalog::Catalog> catalog_;
  std::shared_ptr<search::Analyzer> analyzer_;
  std::unique_ptr<knowledge::KnowledgeBase> kb_;
  std::unique_ptr<Assistant> assistant_;
};

TEST_F(AssistantTest, AnswersCiteTheEntryAndAFollowUpKeepsTheItem) {
  auto me = person(7, "person.demo");
  auto a = assistant_->ask(&me, "", "营业执照丢了要带什么材料");
  EXPECT_FALSE(a.low_confidence) << a.text;
  ASSERT_FALSE(a.citations.empty());
  EXPECT_EQ(a.citations.front().code, "qa:t:1");
  EXPECT_NE(a.text.find("遗失声明"), std::string::npos);
  EXPECT_EQ(a.context_item, "SCJG-010");
  ASSERT_FALSE(a.related.empty());
  EXPECT_EQ(a.related.front().code, "SCJG-010");

  auto b = assistant_->ask(&me, a.conversation, "那要多久？");
  EXPECT_FALSE(b.low_confidence) << b.text;
  ASSERT_FALSE(b.citations.empty());
  EXPECT_EQ(b.citations.front().code, "qa:t:2");
  EXPECT_NE(b.text.find("3个工作日"), std::string::npos);

  auto history = assistant_->history(&me, a.conversation);
  ASSERT_EQ(history.size(), 4u);
  EXPECT_EQ(history[2].text, "那要多久？");
  EXPECT_EQ(history[3].citations.front().code, "qa:t:2");

  // Someone else cannot read or continue it.
  auto other = person(8, "person.other");
  EXPECT_THROW(assistant_->history(&other, a.conversation), Error);
  EXPECT_THROW(assistant_->ask(&other, a.conversation, "还有呢"), Error);
}

TEST_F(AssistantTest, WhatItCannotAnswerGoesToAPersonAndTheMaintenanceQueue) {
  auto a = assistant_->ask(nullptr, "", "火星移民签证怎么申请");
  EXPECT_TRUE(a.low_confidence);
  EXPECT_TRUE(a.offer_human);
  Principal editor;
  editor.kind = AccountKind::staff;
  editor.roles = {Role::kb_editor};
  knowledge::TaskFilter f;
  f.kind = knowledge::TaskKind::unanswered;
  auto tasks = kb_->tasks(editor, f);
  ASSERT_EQ(tasks.size(), 1u);
  EXPECT_EQ(tasks[0].question, "火星移民签证怎么申请");

  auto human = assistant_->ask(nullptr, "", "转人工");
  EXPECT_EQ(human.intent, Intent::human);
  EXPECT_TRUE(human.offer_human);
}

TEST_F(AssistantTest, BadInputIsRefusedOrAnsweredSensibly) {
  EXPECT_THROW(assistant_->ask(nullptr, "", "   "), Error);
  EXPECT_THROW(assistant_->ask(nullptr, "", std::string(10000, 'a')), Error);
  EXPECT_THROW(assistant_->ask(nullptr, "no-such-conversation", "你好"), Error);
  auto punct = assistant_->ask(nullptr, "", "？？？！！");
  EXPECT_TRUE(punct.low_confidence);
  EXPECT_FALSE(punct.text.empty());
  auto injection = assistant_->ask(nullptr, "", "营业执照' OR 1=1; DROP TABLE kb_entries; --");
  EXPECT_EQ(kb_->count(), 2u);
  (void)injection;
}

}  // namespace
}  // namespace haoban::assistant
