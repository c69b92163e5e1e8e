#include "search/index.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "core/error.h"
#include "testing/testing.h"

namespace haoban::search {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

struct Shared {
  Segmenter segmenter = Segmenter::load(kJiebaDictionary);
  Analyzer analyzer{segmenter, Synonyms::load(haoban::testing::source_dir() / "data/search/synonyms.yaml")};
};

const Analyzer& analyzer() {
  static Shared s;
  return s.analyzer;
}

Document doc(std::string id, std::string title, std::string body = {},
             std::map<std::string, std::vector<std::string>> filters = {}) {
  Document d;
  d.id = std::move(id);
  d.title = std::move(title);
  d.body = std::move(body);
  d.filters = std::move(filters);
  d.data = "payload:" + d.id;
  return d;
}

// A small knowledge base in the shapes the real one has.
void fill(Index& index) {
  index.put(doc("yyzz-bl", "营业执照遗失补办", "营业执照遗失的，企业可以申请补领营业执照，提交遗失声明和补领申请书。",
                {{"type", {"qa"}}, {"item", {"SCJG-009"}}, {"department", {"scjg"}}}));
  index.put(doc("qy-sl", "企业设立登记需要哪些材料", "设立公司应当提交公司登记申请书、公司章程、股东主体资格证明和住所使用证明。",
                {{"type", {"qa"}}, {"item", {"SCJG-001"}}, {"department", {"scjg"}}}));
  index.put(doc("sp-xb", "食品经营许可（新办）办理指南", "从事餐饮服务、食品销售的经营者应当取得食品经营许可证，提交食品安全管理制度和经营场所平面图。",
                {{"type", {"guide"}}, {"item", {"SCJG-010"}}, {"department", {"scjg"}}}));
  index.put(doc("sp-zc", "食品经营许可政策解读", "本区对餐饮服务单位的食品经营许可实行告知承诺制。",
                {{"type", {"policy"}}, {"item", {"SCJG-010"}}, {"department", {"scjg"}}, {"visibility", {"staff"}}}));
  index.put(doc("sfz-hl", "居民身份证换领", "居民身份证有效期满的，应当申请换领，丢失的可以申请补领。",
                {{"type", {"qa"}}, {"item", {"GAJ-004"}}, {"department", {"gaj"}}}));
  index.put(doc("yl-dy", "职工基本养老保险待遇申领", "达到法定退休年龄、累计缴费满15年的职工，可以申领基本养老金。",
                {{"type", {"guide"}}, {"item", {"RSJ-012"}}, {"department", {"rsj"}}}));
  index.put(doc("abc", "ABC认证说明", "关于ABC认证的常见问题。", {{"type", {"qa"}}}));
  index.commit();
}

std::vector<std::string> ids(const Result& r) {
  std::vector<std::string> out;
  for (const auto& h : r.hits) out.push_back(h.id);
  return out;
}

std::string top(const Index& index, std::string text) {
  auto r = index.search({.text = std::move(text)});
  return r.hits.empty() ? "" : r.hits.front().id;
}

class IndexTest : public ::testing::Test {
 protected:
  IndexTest() { fill(index_); }
  Index index_ = Index::in_memory(analyzer());
};

TEST_F(IndexTest, AQueryWordInsideALongerWordIsFound) {
  EXPECT_EQ(top(index_, "执照补办"), "yyzz-bl");
  auto r = index_.search({.text = "执照补办"});
  EXPECT_THAT(r.words, ElementsAre("执照", "补办"));
  EXPECT_THAT(r.hits.front().title_html, HasSubstr("<mark>补办</mark>"));
  EXPECT_EQ(r.hits.front().data, "payload:yyzz-bl");
}

TEST_F(IndexTest, ColloquialQuestionsFindOfficialTermsInEitherScript) {
  EXPECT_THAT(top(index_, "开饭店"), ::testing::AnyOf("sp-xb", "sp-zc"));
  EXPECT_EQ(top(index_, "開飯店要辦什麼"), top(index_, "开饭店要办什么"));
  EXPECT_THAT(top(index_, "開飯店要辦什麼"), ::testing::AnyOf("sp-xb", "sp-zc"));
  auto r = index_.search({.text = "我想开饭店"});
  EXPECT_THAT(r.expansions, ::testing::Contains("食品经营许可"));
  EXPECT_THAT(ids(r), ::testing::IsSupersetOf({"sp-xb", "sp-zc"}));
  EXPECT_EQ(top(index_, "退休了怎么领钱"), "yl-dy");
  EXPECT_EQ(top(index_, "身份证丢了"), "sfz-hl");
}

TEST_F(IndexTest, FullWidthLettersFold) {
  EXPECT_EQ(top(index_, "ＡＢＣ"), "abc");
  EXPECT_EQ(top(index_, "abc"), "abc");
}

TEST_F(IndexTest, PinyinAndInitialsFindTitles) {
  EXPECT_EQ(top(index_, "yyzz"), "yyzz-bl");
  EXPECT_EQ(top(index_, "yingyezhizhao"), "yyzz-bl");
  EXPECT_THAT(top(index_, "spjyxk"), ::testing::AnyOf("sp-xb", "sp-zc"));
  EXPECT_EQ(top(index_, "ＹＹＺＺ"), "yyzz-bl");
}

TEST(IndexSounds, AMisspellingThatSoundsLikeATitleFindsIt) {
  Index index = Index::in_memory(analyzer());
  index.put(doc("jzz", "居住证办理", "持有居住证的，可以享受本区公共服务。"));
  index.put(doc("jz-dj", "居住登记", "来本区居住的，应当办理居住登记。"));
  index.commit();
  // 居住正 is 居住 and 正 to the dictionary; it sounds like 居住证, whose characters it does not hold.
  EXPECT_EQ(top(index, "居住正过期了"), "jzz");
  EXPECT_EQ(top(index, "居住登记"), "jz-dj") << "what is spelt right is not searched by its sound";
}

TEST_F(IndexTest, FiltersAreOrWithinAKeyAndAcrossKeys) {
  auto r = index_.search({.text = "食品经营许可", .filters = {{"type", {"policy"}}}});
  EXPECT_THAT(ids(r), ElementsAre("sp-zc"));
  r = index_.search({.text = "许可 执照", .filters = {{"type", {"qa", "guide"}}, {"department", {"scjg"}}}});
  EXPECT_THAT(ids(r), ::testing::UnorderedElementsAre("yyzz-bl", "sp-xb"));
  r = index_.search({.text = "食品经营许可", .filters = {{"type", {"guide"}}, {"visibility", {"staff"}}}});
  EXPECT_TRUE(r.hits.empty());
  EXPECT_THROW(index_.search({.text = "许可", .filters = {{"", {"x"}}}}), Error);
}

TEST_F(IndexTest, SnippetsAreEscapedAndMarked) {
  index_.put(doc("xss", "<b>营业执照</b>说明", "<script>alert('营业执照')</script> & 其他"));
  auto r = index_.search({.text = "营业执照 <img src=x onerror=alert(1)>"});
  const Hit* hit = nullptr;
  for (const auto& h : r.hits)
    if (h.id == "xss") hit = &h;
  ASSERT_NE(hit, nullptr);
  EXPECT_EQ(hit->title_html, "&lt;b&gt;<mark>营业执照</mark>&lt;/b&gt;说明");
  EXPECT_EQ(hit->snippet_html, "&lt;script&gt;<mark>alert</mark>(&#39;<mark>营业执照</mark>&#39;)&lt;/script&gt; &amp; 其他");
  for (const auto& h : r.hits) {
    EXPECT_THAT(h.snippet_html, Not(HasSubstr("<img"))) << h.id;
    EXPECT_THAT(h.snippet_html, Not(HasSubstr("<script"))) << h.id;
  }
}

TEST_F(IndexTest, LongBodiesGiveAWindowAroundTheMatches) {
  std::string body;
  for (int i = 0; i < 40; ++i) body += "这是与查询无关的一段说明文字。";
  body += "申请补领营业执照时请携带遗失声明。";
  for (int i = 0; i < 40; ++i) body += "这是与查询无关的一段说明文字。";
  index_.put(doc("long", "说明", body));
  auto r = index_.search({.text = "遗失声明", .filters = {}});
  ASSERT_FALSE(r.hits.empty());
  const auto& h = *std::find_if(r.hits.begin(), r.hits.end(), [](const Hit& x) { return x.id == "long"; });
  EXPECT_THAT(h.snippet_html, HasSubstr("<mark>遗失</mark>"));
  EXPECT_THAT(h.snippet_html, ::testing::StartsWith("…"));
  EXPECT_THAT(h.snippet_html, ::testing::EndsWith("…"));
  EXPECT_LT(h.snippet_html.size(), 600u);
}

TEST_F(IndexTest, EmptyOrPunctuationOnlyQueriesGiveEmptyResults) {
  for (const char* q : {"", "   ", "，。！？", "!!!", "\x01\x02", "😀"}) {
    auto r = index_.search({.text = q});
    EXPECT_TRUE(r.hits.empty()) << q;
    EXPECT_TRUE(r.words.empty()) << q;
  }
}

TEST_F(IndexTest, HugeQueriesAreCappedNotSlow) {
  std::string q;
  for (int i = 0; i < 1000; ++i) q += "营业执照补办流程" + std::to_string(i);
  ASSERT_GT(q.size(), 10000u);
  auto r = index_.search({.text = q});
  EXPECT_TRUE(r.truncated);
  EXPECT_LE(r.words.size(), kMaxQueryWords);
  EXPECT_FALSE(r.hits.empty());
}

TEST_F(IndexTest, QueryParserSyntaxIsJustText) {
  for (const char* q : {"营业执照 AND NOT 食品", "title:营业执照", "\"营业执照", "营业* OR (食品", "-营业执照 +补办"}) {
    Result r;
    EXPECT_NO_THROW(r = index_.search({.text = q})) << q;
    EXPECT_THAT(ids(r), ::testing::Contains("yyzz-bl")) << q;
  }
}

TEST_F(IndexTest, AQuestionWithNoKnownWordFallsBackToTitleCharacters) {
  index_.put(doc("tree", "城市树木砍伐审批", "砍伐、迁移城市树木的审批。"));
  auto r = index_.search({.text = "门口大树挡光能砍吗"});
  EXPECT_TRUE(r.by_characters);
  ASSERT_FALSE(r.hits.empty());
  EXPECT_EQ(r.hits.front().id, "tree");
  EXPECT_FALSE(index_.search({.text = "营业执照补办"}).by_characters);
}

TEST_F(IndexTest, PutReplacesByIdAndRemoveDeletes) {
  EXPECT_EQ(index_.size(), 7u);
  index_.put(doc("abc", "XYZ说明"));
  EXPECT_EQ(index_.size(), 7u);
  EXPECT_THAT(ids(index_.search({.text = "abc认证"})), ::testing::Not(::testing::Contains("abc")))
      << "the replaced document's old words are gone";
  index_.remove("abc");
  index_.remove("not-there");
  EXPECT_EQ(index_.size(), 6u);
  EXPECT_THROW(index_.put(doc("", "无编号")), Error);
}

TEST_F(IndexTest, PagesAndLimits) {
  auto all = index_.search({.text = "许可 执照 身份证 养老", .limit = 100});
  ASSERT_GE(all.hits.size(), 4u);
  auto second = index_.search({.text = "许可 执照 身份证 养老", .offset = 1, .limit = 2});
  EXPECT_THAT(ids(second), ElementsAre(all.hits[1].id, all.hits[2].id));
  EXPECT_GE(all.estimated_total, all.hits.size());
}

TEST(DiskIndex, PersistsDocumentsAndMetadata) {
  haoban::testing::TempDir dir;
  {
    auto index = Index::open(dir.path() / "kb", analyzer());
    fill(index);
    index.set_metadata("last_seq", "42");
    index.commit();
  }
  auto index = Index::open(dir.path() / "kb", analyzer());
  EXPECT_EQ(index.size(), 7u);
  EXPECT_EQ(index.metadata("last_seq"), "42");
  EXPECT_EQ(index.metadata("missing"), "");
  EXPECT_EQ(top(index, "执照补办"), "yyzz-bl");
  EXPECT_THROW(Index::open(dir.path() / "kb", analyzer()), Error) << "one writer";
}

TEST(DiskIndex, SearchesSeeCommitsWhileOthersSearch) {
  haoban::testing::TempDir dir;
  auto index = Index::open(dir.path() / "kb", analyzer());
  fill(index);
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0}, searches{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t)
    readers.emplace_back([&] {
      while (!stop) {
        try {
          if (top(index, "执照补办") != "yyzz-bl") ++failures;
          ++searches;
        } catch (const std::exception& e) {
          const auto* err = dynamic_cast<const Error*>(&e);
          ADD_FAILURE() << e.what() << " " << (err ? err->detail() : "");
          ++failures;
        }
      }
    });
  for (int i = 0; i < 30; ++i) {
    index.put(doc("new-" + std::to_string(i), "新增问答" + std::to_string(i), "社会保障卡申领"));
    index.commit();
  }
  EXPECT_EQ(top(index, "新增问答29"), "new-29") << "a search after commit sees it";
  stop = true;
  for (auto& t : readers) t.join();
  EXPECT_EQ(failures, 0);
  EXPECT_GT(searches, 0);
}

}  // namespace
}  // namespace haoban::search
