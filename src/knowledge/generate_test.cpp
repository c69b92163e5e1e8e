// The seed's knowledge-base generator over the repository's definitions: size, unique codes, what
// each item gets, content derived from the item, policy dates around today, determinism.
#include "knowledge/generate.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "defs/defs.h"
#include "testing/testing.h"

namespace haoban::knowledge {
namespace {

using ::testing::HasSubstr;

const Date kToday = std::chrono::year{2026} / 3 / 2;

const defs::Definitions& definitions() {
  static const defs::Definitions d =
      defs::load_dir_or_throw(haoban::testing::source_dir() / "data" / "definitions");
  return d;
}

const std::vector<Entry>& entries() {
  static const std::vector<Entry> e =
      generate_entries(definitions().items, options_for(definitions(), kToday, 42));
  return e;
}

std::map<std::string, const Entry*> by_code() {
  std::map<std::string, const Entry*> m;
  for (const auto& e : entries()) m[e.code] = &e;
  return m;
}

bool links(const Entry& e, const std::string& item) {
  return std::find(e.content.items.begin(), e.content.items.end(), item) != e.content.items.end();
}

TEST(GenerateTest, AtLeastTwentyThousandEntriesWithUniqueCodes) {
  const auto& es = entries();
  EXPECT_GE(es.size(), 20000u);
  std::set<std::string> codes;
  for (const auto& e : es) EXPECT_TRUE(codes.insert(e.code).second) << "duplicate code " << e.code;
}

TEST(GenerateTest, EveryTypeIsPresent) {
  std::map<EntryType, int> counts;
  for (const auto& e : entries()) ++counts[e.content.type];
  for (auto t : kEntryTypes) EXPECT_GT(counts[t], 0) << to_string(t);
  EXPECT_GE(counts[EntryType::qa], 10000);
  EXPECT_GE(counts[EntryType::policy], 50);
}

TEST(GenerateTest, EveryEntryIsFilledIn) {
  std::set<std::string> departments;
  for (const auto& d : definitions().departments) departments.insert(d.id);
  for (const auto& e : entries()) {
    SCOPED_TRACE(e.code);
    EXPECT_FALSE(e.content.title.empty());
    EXPECT_FALSE(e.content.body.empty());
    EXPECT_TRUE(departments.contains(e.content.department)) << e.content.department;
    EXPECT_FALSE(e.content.items.empty());
    for (const auto& i : e.content.items) EXPECT_NE(definitions().item(i), nullptr) << i;
    EXPECT_EQ(e.content.body.find('{'), std::string::npos) << "unfilled placeholder: " << e.content.body;
    EXPECT_EQ(e.content.title.find('{'), std::string::npos) << e.content.title;
    EXPECT_EQ(e.version, 1);
    EXPECT_FALSE(e.created_at.empty());
    EXPECT_EQ(e.published_at.empty(), e.status == EntryStatus::draft || e.status == EntryStatus::in_review);
  }
}

TEST(GenerateTest, EveryItemHasAGuideQuestionsWithVariantsReviewPointsAndCases) {
  auto m = by_code();
  std::map<std::string, std::map<EntryType, int>> per_item;
  for (const auto& e : entries())
    if (e.content.items.size() == 1) ++per_item[e.content.items.front()][e.content.type];
  for (const auto& item : definitions().items) {
    SCOPED_TRACE(item.code);
    ASSERT_TRUE(m.contains("guide:" + item.code));
    EXPECT_THAT(m["guide:" + item.code]->content.body, HasSubstr(item.guide.conditions));
    EXPECT_GE(per_item[item.code][EntryType::qa], 18);
    EXPECT_GE(per_item[item.code][EntryType::review_point], 2);
    EXPECT_GE(per_item[item.code][EntryType::case_study], 3);
  }
  for (const auto& e : entries()) {
    if (e.content.type != EntryType::qa) continue;
    SCOPED_TRACE(e.code);
    EXPECT_GE(e.content.variants.size(), 3u);
    EXPECT_LE(e.content.variants.size(), 8u);
    std::set<std::string> distinct(e.content.variants.begin(), e.content.variants.end());
    EXPECT_EQ(distinct.size(), e.content.variants.size());
  }
}

TEST(GenerateTest, MaterialsAnswerNamesTheItemsMaterials) {
  auto m = by_code();
  for (const auto& item : definitions().items) {
    const Entry* qa = m["qa:" + item.code + ":1"];
    ASSERT_NE(qa, nullptr) << item.code;
    EXPECT_THAT(qa->content.title, HasSubstr("材料"));
    for (const auto& mat : item.materials) EXPECT_THAT(qa->content.body, HasSubstr(mat.name)) << item.code;
  }
}

TEST(GenerateTest, AnswersComeFromTheGuide) {
  const auto* item = definitions().item("CL-001");
  ASSERT_NE(item, nullptr);
  bool time = false, fee = false, place = false, agent = false;
  for (const auto& e : entries()) {
    if (e.content.type != EntryType::qa || !links(e, "CL-001")) continue;
    const auto& t = e.content.title;
    const auto& b = e.content.body;
    if (t.find("多久") != std::string::npos) {
      time = true;
      EXPECT_THAT(b, HasSubstr(std::to_string(item->promised_days) + "个工作日"));
    }
    if (t.find("收费") != std::string::npos) {
      fee = true;
      EXPECT_THAT(b, HasSubstr("不收费"));
    }
    if (t.find("在哪里办") != std::string::npos || t.find("去哪里办理") != std::string::npos) {
      place = true;
      EXPECT_THAT(b, HasSubstr(item->guide.location));
    }
    if (t.find("代办") != std::string::npos) {
      agent = true;
      EXPECT_THAT(b, HasSubstr("授权委托书"));
    }
  }
  EXPECT_TRUE(time && fee && place && agent);
}

TEST(GenerateTest, ReviewPointsAreStaffOnlyAndCoverEachMaterial) {
  const auto* item = definitions().item("SCJG-011");
  ASSERT_NE(item, nullptr);
  std::vector<std::string> titles;
  for (const auto& e : entries()) {
    if (e.content.type != EntryType::review_point) continue;
    EXPECT_EQ(e.content.visibility, Visibility::staff) << e.code;
    if (links(e, item->code)) titles.push_back(e.content.title);
  }
  for (const auto& mat : item->materials) {
    EXPECT_TRUE(std::any_of(titles.begin(), titles.end(),
                            [&](const std::string& t) { return t.find(mat.name) != std::string::npos; }))
        << mat.name;
  }
}

TEST(GenerateTest, SomeCasesAreStaffOnly) {
  int staff = 0, open = 0;
  for (const auto& e : entries()) {
    if (e.content.type != EntryType::case_study) continue;
    (e.content.visibility == Visibility::staff ? staff : open)++;
  }
  EXPECT_GT(staff, 0);
  EXPECT_GT(open, staff);
}

TEST(GenerateTest, PoliciesHaveDocumentNumbersAndDatesAroundToday) {
  auto today = format_date(kToday);
  auto in_weeks = format_date(Date{std::chrono::sys_days{kToday} + std::chrono::days{42}});
  int upcoming = 0, expired = 0, in_force = 0;
  std::set<std::string> numbers;
  std::set<std::string> upcoming_numbers;
  for (const auto& e : entries()) {
    if (e.content.type != EntryType::policy) continue;
    SCOPED_TRACE(e.code);
    const auto& c = e.content;
    EXPECT_THAT(c.doc_number, ::testing::MatchesRegex(".+〔20[0-9][0-9]〕[0-9]+号"));
    EXPECT_TRUE(numbers.insert(c.doc_number).second) << "duplicate 文号 " << c.doc_number;
    ASSERT_TRUE(parse_date(c.effective_from).has_value());
    ASSERT_TRUE(parse_date(c.effective_to).has_value());
    EXPECT_LT(c.effective_from, c.effective_to);
    EXPECT_THAT(e.code, ::testing::MatchesRegex("policy:(BS|SH)-20[0-9][0-9]-[0-9]{3}"));
    if (c.effective_from > today) {
      ++upcoming;
      EXPECT_LE(c.effective_from, in_weeks);
      EXPECT_EQ(e.status, EntryStatus::published);
      upcoming_numbers.insert(c.doc_number);
    } else if (c.effective_to < today) {
      ++expired;
      EXPECT_EQ(e.status, EntryStatus::retired);
    } else {
      ++in_force;
    }
  }
  EXPECT_GE(upcoming, 3);
  EXPECT_GE(expired, 2);
  EXPECT_GT(in_force, upcoming + expired);
  // Policies taking effect soon have Q&As (same 文号), some of them not yet published.
  int pending = 0;
  for (const auto& e : entries()) {
    if (e.content.type == EntryType::qa && upcoming_numbers.contains(e.content.doc_number) &&
        e.status != EntryStatus::published)
      ++pending;
  }
  EXPECT_GT(pending, 0);
}

TEST(GenerateTest, MostEntriesArePublished) {
  std::map<EntryStatus, int> counts;
  for (const auto& e : entries()) ++counts[e.status];
  EXPECT_GT(counts[EntryStatus::published], static_cast<int>(entries().size()) * 95 / 100);
  EXPECT_GT(counts[EntryStatus::draft], 0);
  EXPECT_GT(counts[EntryStatus::in_review], 0);
  EXPECT_GT(counts[EntryStatus::retired], 0);
}

TEST(GenerateTest, RegulationsComeFromTheBasis) {
  auto m = by_code();
  bool found = false;
  for (const auto& e : entries()) {
    if (e.content.type != EntryType::regulation) continue;
    EXPECT_THAT(e.code, ::testing::StartsWith("law:"));
    if (e.content.title == "《中华人民共和国残疾人保障法》") {
      found = true;
      EXPECT_TRUE(links(e, "CL-001"));
    }
  }
  EXPECT_TRUE(found);
}

TEST(GenerateTest, DeterministicForASeedAndVariedAcrossSeeds) {
  const auto& items = definitions().items;
  std::span<const defs::Item> some(items.data(), 20);
  auto options = options_for(definitions(), kToday, 7);
  options.target = 0;
  auto a = generate_entries(some, options);
  auto b = generate_entries(some, options);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t k = 0; k < a.size(); ++k) {
    EXPECT_EQ(a[k].code, b[k].code);
    EXPECT_EQ(a[k].content.title, b[k].content.title);
    EXPECT_EQ(a[k].content.body, b[k].content.body);
    EXPECT_EQ(a[k].content.variants, b[k].content.variants);
    EXPECT_EQ(a[k].status, b[k].status);
    EXPECT_EQ(a[k].created_at, b[k].created_at);
  }
  options.seed = 8;
  auto c = generate_entries(some, options);
  int differ = 0;
  for (std::size_t k = 0; k < a.size() && k < c.size(); ++k) differ += a[k].content.variants != c[k].content.variants;
  EXPECT_GT(differ, static_cast<int>(a.size()) / 4);
}

TEST(GenerateTest, SmallTargetGivesTheCoreSetOnly) {
  std::span<const defs::Item> one(definitions().items.data(), 1);
  auto options = options_for(definitions(), kToday, 1);
  options.target = 0;
  auto es = generate_entries(one, options);
  int cases = 0;
  for (const auto& e : es) cases += e.content.type == EntryType::case_study;
  EXPECT_EQ(cases, 3);
  options.target = es.size() + 10;
  EXPECT_EQ(generate_entries(one, options).size(), es.size() + 10);
}

}  // namespace
}  // namespace haoban::knowledge
