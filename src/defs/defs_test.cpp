// Loading definitions: every kind of mistake is reported at its exact file, line and column; valid
// files load into structs with content versions; the repository's data/definitions is clean.
#include "defs/defs.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "core/error.h"
#include "defs/compile.h"
#include "defs/defs_testing.h"
#include "testing/testing.h"

namespace haoban::defs {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class DefsTest : public ::testing::Test {
 protected:
  // Loads the minimal files with `changes` applied (an empty content deletes the file); returns the
  // problems as "FILE:LINE:COL: message" with FILE relative to the directory.
  std::vector<std::string> problems(const testing::Files& changes = {}) {
    auto files = testing::minimal_files();
    for (const auto& [k, v] : changes) {
      if (v.empty())
        files.erase(k);
      else
        files[k] = v;
    }
    haoban::testing::TempDir dir;
    testing::write_files(dir.path(), files);
    last_ = load_dir(dir.path());
    std::vector<std::string> out;
    const std::string prefix = dir.path().string() + "/";
    for (const auto& p : last_.problems) {
      std::string s = p.to_string();
      if (s.rfind(prefix, 0) == 0) s = s.substr(prefix.size());
      out.push_back(s);
    }
    return out;
  }

  // The minimal file `name` with `from` replaced by `to` (which must occur).
  static testing::Files patch(const std::string& name, const std::string& from, const std::string& to) {
    std::string s = testing::minimal_files().at(name);
    auto at = s.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) s.replace(at, from.size(), to);
    return {{name, s}};
  }

  LoadResult last_;
};

TEST_F(DefsTest, MinimalDirectoryLoads) {
  EXPECT_THAT(problems(), IsEmpty());
  const Definitions& d = last_.defs;
  ASSERT_EQ(d.items.size(), 2u);
  ASSERT_EQ(d.forms.size(), 2u);
  ASSERT_EQ(d.bundles.size(), 1u);
  const Item* shop = d.item("SHOP-1");
  ASSERT_NE(shop, nullptr);
  EXPECT_EQ(shop->name, "食品经营许可");
  EXPECT_EQ(shop->department.id, "scjg");
  EXPECT_EQ(shop->statutory_days, 20);
  EXPECT_EQ(shop->promised_days, 10);
  EXPECT_EQ(shop->audience, Audience::enterprise);
  EXPECT_THAT(shop->guide.process, ElementsAre("申请", "受理", "决定"));
  ASSERT_EQ(shop->materials.size(), 2u);
  EXPECT_EQ(shop->materials[1].type, MaterialType::copy);
  EXPECT_EQ(shop->materials[1].when->source, "answers.hires");
  const Form* form = d.form("shop");
  ASSERT_NE(form, nullptr);
  EXPECT_EQ(form->sections[0].fields[2].type, FieldType::number);
  EXPECT_EQ(form->sections[0].fields[2].decimals, 2);
  EXPECT_EQ(form->sections[1].fields[0].columns.size(), 2u);
  const Bundle* b = d.bundle("open");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->items.size(), 2u);
  EXPECT_FALSE(b->items[0].when);
  EXPECT_EQ(b->items[1].reason, "设置招牌的须办理");
  for (const auto* v : {&shop->version, &form->version, &b->version})
    EXPECT_TRUE(std::regex_match(*v, std::regex("[0-9a-f]{64}"))) << *v;
}

TEST_F(DefsTest, VersionsFollowContent) {
  problems();
  const std::string item = last_.defs.item("SHOP-1")->version;
  const std::string bundle = last_.defs.bundle("open")->version;
  const std::string sign = last_.defs.item("SIGN-1")->version;
  problems();
  EXPECT_EQ(last_.defs.item("SHOP-1")->version, item) << "same content, same version";

  // Formatting and comments are not content.
  problems(patch("items/shop.yaml", "name: 食品经营许可\n", "# 事项名称\nname:    食品经营许可\n"));
  EXPECT_EQ(last_.defs.item("SHOP-1")->version, item);

  // A change to the item's form is a new item version, and the bundle's too; other items keep theirs.
  problems(patch("forms/shop.yaml", "label: 企业名称", "label: 经营者名称"));
  EXPECT_NE(last_.defs.item("SHOP-1")->version, item);
  EXPECT_NE(last_.defs.bundle("open")->version, bundle);
  EXPECT_EQ(last_.defs.item("SIGN-1")->version, sign);
}

TEST_F(DefsTest, YamlSyntaxErrorsHaveThePosition) {
  EXPECT_THAT(problems({{"items/shop.yaml", "code: SHOP-1\nname: [食品经营许可\nkind: x\n"}}),
              ElementsAre("bundles/open.yaml:8:5: unknown item 'SHOP-1'",
                          // the shop form, now used by no item, reads an answer nobody declares
                          "forms/shop.yaml:17:19: 'visible_when': unknown path 'answers.hires'",
                          "items/shop.yaml:3:5: YAML syntax error: end of sequence flow not found"));
}

TEST_F(DefsTest, UnknownMissingAndRepeatedKeys) {
  auto p =
      problems(patch("items/shop.yaml", "aliases: [餐饮许可证]\n", "aliasses: [餐饮许可证]\nname: 又一个\n"));
  EXPECT_THAT(
      p,
      ElementsAre("items/shop.yaml:3:1: unknown key 'aliasses' in an item file (known: code, name, aliases, "
                  "department, kind, audience, events, guide, time_limit, questions, materials, form, "
                  "online_help, follows)",
                  "items/shop.yaml:4:1: key 'name' is repeated"));
  EXPECT_THAT(problems(patch("items/shop.yaml", "  fee: 不收费\n", "")),
              ElementsAre("items/shop.yaml:9:3: missing required key 'fee'"));
}

TEST_F(DefsTest, WrongTypes) {
  EXPECT_THAT(problems(patch("items/shop.yaml", "type: copy,", "type: copy, count: 很多,")),
              ElementsAre("items/shop.yaml:21:78: 'count' must be an integer from 1 to 99, got '很多'"));
  EXPECT_THAT(problems(patch("items/shop.yaml", "  online: true", "  online: 是")),
              ElementsAre("items/shop.yaml:15:11: 'online' must be true or false, got '是'"));
  EXPECT_THAT(problems(patch("items/shop.yaml", "aliases: [餐饮许可证]", "aliases: 餐饮许可证")),
              ElementsAre("items/shop.yaml:3:10: 'aliases' must be a list, got '餐饮许可证'"));
  EXPECT_THAT(problems(patch("forms/sign.yaml", "type: text, required: true}\n      - {key: sign_text",
                             "type: txt, required: true}\n      - {key: sign_text")),
              ElementsAre("forms/sign.yaml:7:48: unknown field type 'txt'"));
}

TEST_F(DefsTest, DuplicateCodesNameTheFirstDefinition) {
  auto copy = testing::minimal_files().at("items/sign.yaml");
  copy.replace(copy.find("SIGN-1"), 6, "SHOP-1");
  EXPECT_THAT(problems({{"items/zz-copy.yaml", copy}}),
              ElementsAre(::testing::MatchesRegex(
                  R"(items/zz-copy.yaml:1:1: item 'SHOP-1' is already defined at .*items/shop.yaml:1)")));
}

TEST_F(DefsTest, DanglingReferences) {
  EXPECT_THAT(problems(patch("items/shop.yaml", "department: scjg", "department: sjcg")),
              ElementsAre("items/shop.yaml:4:13: unknown department 'sjcg'"));
  EXPECT_THAT(problems(patch("items/shop.yaml", "form: shop", "form: shopp")),
              ElementsAre("forms/shop.yaml:17:19: 'visible_when': unknown path 'answers.hires'",
                          "items/shop.yaml:22:7: unknown form 'shopp'"));
  EXPECT_THAT(problems(patch("items/shop.yaml", "category: business_licence", "category: licence")),
              ElementsAre("items/shop.yaml:21:41: unknown material category 'licence'"));
  EXPECT_THAT(problems(patch("items/shop.yaml", "events: [开办餐饮店]", "events: [开饭店]")),
              ElementsAre("items/shop.yaml:7:10: unknown event '开饭店' (add it to taxonomy.yaml)"));
  EXPECT_THAT(problems(patch("bundles/open.yaml", "  - SHOP-1", "  - SHOP-2")),
              ElementsAre("bundles/open.yaml:8:5: unknown item 'SHOP-2'"));
  EXPECT_THAT(problems({{"departments.yaml", ""}}),
              ElementsAre(::testing::EndsWith("departments.yaml:1:1: cannot read the file"),
                          "items/shop.yaml:4:13: unknown department 'scjg'",
                          "items/sign.yaml:3:13: unknown department 'lhsrj'"));
}

TEST_F(DefsTest, PromisedTimeLimitMayNotExceedStatutory) {
  EXPECT_THAT(
      problems(patch("items/shop.yaml", "promised: 10", "promised: 25")),
      ElementsAre("items/shop.yaml:16:39: the promised time limit (25 working days) exceeds the statutory "
                  "one (20)"));
}

TEST_F(DefsTest, ExpressionErrorsPointIntoTheExpression) {
  // Plain scalar after CJK text on the same line: columns count characters.
  EXPECT_THAT(
      problems(patch("items/shop.yaml", "when: answers.hires,", "when: answers.hire,")),
      ElementsAre(::testing::StartsWith(
          "items/shop.yaml:21:77: 'when': unknown path 'answers.hire' (did you mean 'answers.hires'?)")));
  // Quoted scalar: the opening quote is not part of the expression.
  EXPECT_THAT(
      problems(patch("forms/shop.yaml", "compute: 'form.area * 2'", "compute: 'form.area * \"2\"'")),
      ElementsAre("forms/shop.yaml:12:64: 'compute': operator '*' needs numbers, got decimal and string"));
  // Block scalar, second line.
  EXPECT_THAT(
      problems(patch("bundles/open.yaml", "    when: answers.kind == \"餐饮\" && answers.has_sign\n",
                     "    when: |\n      answers.kind == \"餐饮\" &&\n        answers.has_sing\n")),
      ElementsAre(::testing::StartsWith("bundles/open.yaml:12:9: 'when': unknown path 'answers.has_sing'")));
  // A condition must be a bool.
  EXPECT_THAT(problems(patch("items/shop.yaml", "when: answers.hires,", "when: len(\"x\"),")),
              ElementsAre("items/shop.yaml:21:77: 'when': expected a bool result, got int"));
}

TEST_F(DefsTest, BundleConflictsAndComputedCycles) {
  // SIGN-1 declares `on_roof` as bool; the bundle declares it as a select.
  EXPECT_THAT(
      problems(patch("bundles/open.yaml", "questions:\n",
                     "questions:\n  - {id: on_roof, text: 屋顶？, type: select, options: [是, 否]}\n")),
      ElementsAre(
          ::testing::MatchesRegex(
              R"(bundles/open.yaml:9:11: question 'on_roof' of item 'SIGN-1' differs from the one already )"
              R"(declared at .*bundles/open.yaml:13 \(type and options must match to be asked once\))"),
          // and SIGN-1's material condition no longer type-checks in the bundle
          "items/sign.yaml:19:77: 'when': expected a bool result, got string"));
  // company_name is text in both forms; make it a number in one.
  EXPECT_THAT(
      problems(patch("forms/sign.yaml", "{key: company_name, label: 单位名称, type: text,",
                     "{key: company_name, label: 单位名称, type: number,")),
      ElementsAre("bundles/open.yaml:9:11: field 'company_name' of form 'sign' is int but another member "
                  "form has it as string"));
  EXPECT_THAT(
      problems(patch("forms/shop.yaml", "{key: area, label: 面积, type: number, decimals: 2, required: true,",
                     "{key: area, label: 面积, type: number, decimals: 2, compute: 'form.fee / 2',")),
      ElementsAre(::testing::HasSubstr("computed fields depend on each other in a cycle")));
}

TEST_F(DefsTest, DuplicateYamlKeysInFlowMappings) {
  EXPECT_THAT(problems(patch("forms/sign.yaml", "{key: sign_text, label: 招牌文字,",
                             "{key: sign_text, label: 招牌文字, label: 文字,")),
              ElementsAre("forms/sign.yaml:8:39: key 'label' is repeated"));
}

// 免申即办: SHOP-1's change follows SIGN-1's completion; the condition reads SIGN-1's answers.
TEST_F(DefsTest, FollowsNamesItemsAndAConditionOverTheirAnswers) {
  auto follows = [&](const std::string& yaml) { return problems(patch("items/shop.yaml", "form: shop\n", "form: shop\n" + yaml)); };
  EXPECT_THAT(follows("follows:\n  items: [SIGN-1]\n  when: answers.on_roof\n  licence: 食品经营许可证\n  reason: 营业执照变更\n"),
              IsEmpty());
  const Item* shop = last_.defs.item("SHOP-1");
  ASSERT_TRUE(shop && shop->follows);
  EXPECT_EQ(shop->follows->items.at(0).id, "SIGN-1");
  EXPECT_EQ(shop->follows->licence, "食品经营许可证");
  EXPECT_EQ(shop->follows->reason, "营业执照变更");
  EXPECT_EQ(shop->follows->when->source, "answers.on_roof");
  EXPECT_TRUE(defs::body_json(*shop, last_.defs).contains("follows"));
  EXPECT_FALSE(defs::body_json(*last_.defs.item("SIGN-1"), last_.defs).contains("follows"))
      << "items without follows keep their versions";

  EXPECT_THAT(follows("follows:\n  items: [SIGN-9, SHOP-1, SIGN-1, SIGN-1]\n  licence: 食品经营许可证\n  reason: 变更\n"),
              ElementsAre("items/shop.yaml:24:11: unknown item 'SIGN-9'", "items/shop.yaml:24:19: item 'SHOP-1' cannot follow itself",
                          "items/shop.yaml:24:35: item 'SIGN-1' is listed twice"));
  // The condition is checked against the followed item's questions (SIGN-1 has no `hires`).
  EXPECT_THAT(follows("follows:\n  items: [SIGN-1]\n  when: answers.hires\n  licence: 食品经营许可证\n  reason: 变更\n"),
              ElementsAre(::testing::MatchesRegex(R"(items/shop.yaml:25:9: 'follows.when': .*answers.hires.*)")));
  EXPECT_THAT(follows("follows:\n  items: [SIGN-1]\n  when: answers.on_roof &&\n  licence: 食品经营许可证\n  reason: 变更\n"),
              ElementsAre(::testing::StartsWith("items/shop.yaml:25:")));
  EXPECT_THAT(follows("follows:\n  items: []\n  licence: 证\n  reason: 变更\n  then: x\n"),
              ElementsAre("items/shop.yaml:24:10: 'follows' needs at least one item",
                          ::testing::StartsWith("items/shop.yaml:27:3: unknown key 'then' in 'follows'")));
  EXPECT_THAT(follows("follows:\n  items: [SIGN-1]\n"),
              ElementsAre("items/shop.yaml:24:3: missing required key 'licence'", "items/shop.yaml:24:3: missing required key 'reason'"));
}

TEST_F(DefsTest, LoadOrThrowSummarisesProblems) {
  haoban::testing::TempDir dir;
  auto files = testing::minimal_files();
  files["items/shop.yaml"] = "code: SHOP-1\n";
  testing::write_files(dir.path(), files);
  try {
    load_dir_or_throw(dir.path());
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.type(), "definitions-invalid");
    EXPECT_THAT(e.detail(), ::testing::HasSubstr("items/shop.yaml:1:1: missing required key 'name'"));
  }
}

TEST_F(DefsTest, ScopesOrderQuestionsByDependency) {
  problems();
  std::vector<Problem> ps;
  Scope s = compile_bundle(last_.defs, *last_.defs.bundle("open"), ps);
  EXPECT_THAT(ps, IsEmpty());
  std::vector<std::string> ids;
  for (const auto* q : s.questions) ids.push_back(q->id);
  // The bundle declares has_sign before kind, but its rule reads kind first: kind guards has_sign.
  EXPECT_THAT(ids, ElementsAre("kind", "has_sign", "hires", "on_roof"));
}

// The repository's own definitions: clean, and as large as the demo district needs.
// A source and forms that prefill from it: each mistake at its place, the expressions' reads known.
TEST_F(DefsTest, SourcesAndPrefillExpressions) {
  const std::string registry = R"(id: registry
name: 法人库
department: scjg
subject: enterprise
fields:
  - {key: name, label: 企业名称, type: text}
  - {key: phone, label: 电话, type: text, verified: false}
  - {key: capital, label: 注册资本, type: money}
)";
  auto shop_with = [&](const std::string& from, const std::string& to) {
    auto files = patch("forms/shop.yaml", from, to);
    files["sources/registry.yaml"] = registry;
    return files;
  };
  EXPECT_THAT(problems(shop_with("type: text, required: true, validation: {max_length: 20}}",
                                 "type: text, required: true, validation: {max_length: 20}, prefill: registry.name}")),
              IsEmpty());
  const Form* shop = last_.defs.form("shop");
  ASSERT_NE(shop, nullptr);
  std::vector<Problem> none;
  auto scope = compile_prefill(last_.defs, *shop, none);
  ASSERT_EQ(scope.fields.size(), 1u);
  EXPECT_TRUE(scope.fields[0].locked);
  EXPECT_EQ(scope.fields[0].reads[0].field->def.key, "name");

  EXPECT_THAT(problems(shop_with("{key: phone, label: 电话, type: phone}", "{key: phone, label: 电话, type: phone, prefill: registry.phone}")),
              IsEmpty());
  scope = compile_prefill(last_.defs, *last_.defs.form("shop"), none);
  EXPECT_FALSE(scope.fields[0].locked) << "an unverified source field never locks";

  EXPECT_THAT(problems(shop_with("{key: phone, label: 电话, type: phone}", "{key: phone, label: 电话, type: phone, prefill: registry.capital}")),
              ElementsAre("forms/shop.yaml:14:55: 'prefill': expected a string result, got decimal"));
  EXPECT_THAT(problems(shop_with("{key: phone, label: 电话, type: phone}", "{key: phone, label: 电话, type: phone, prefill: registry.nope}")),
              ElementsAre("forms/shop.yaml:14:55: 'prefill': unknown path 'registry.nope' (did you mean 'registry.name'?)"));
  EXPECT_THAT(problems(shop_with("{key: phone, label: 电话, type: phone}", "{key: phone, label: 电话, type: phone, prefill_editable: true}")),
              ElementsAre(::testing::HasSubstr("'prefill_editable' needs a 'prefill'")));
  EXPECT_THAT(problems({{"sources/registry.yaml", R"(id: registry
name: 法人库
department: nowhere
subject: company
cadence: hourly
fields:
  - {key: name, label: 企业名称, type: file}
)"}}),
              ElementsAre("sources/registry.yaml:3:13: unknown department 'nowhere'",
                          "sources/registry.yaml:4:10: unknown subject 'company' (enterprise, person or any)",
                          "sources/registry.yaml:5:10: unknown cadence 'hourly' (realtime, daily, weekly, monthly)",
                          "sources/registry.yaml:7:36: a source field cannot be of type 'file'"));
}

TEST(RepositoryDefinitions, AreCleanAndComplete) {
  auto res = load_dir(haoban::testing::source_dir() / "data" / "definitions");
  std::string all;
  for (const auto& p : res.problems) all += p.to_string() + "\n";
  EXPECT_TRUE(res.problems.empty()) << all;
  const Definitions& d = res.defs;
  EXPECT_GE(d.items.size(), 300u);
  EXPECT_GE(d.bundles.size(), 20u);
  EXPECT_EQ(d.categories.size(), 57u);
  std::set<std::string> industries;
  for (const auto& b : d.bundles) industries.insert(b.industry);
  for (auto i :
       {"邮轮旅游", "绿色低碳", "生物医药及合成生物", "机器人及智能制造", "新材料", "新一代信息技术"})
    EXPECT_TRUE(industries.count(i)) << i;
  for (auto f : {"qybgdj", "qyzxdj", "spjyxk"}) EXPECT_NE(d.form(f), nullptr) << f;
  for (auto s : {"enterprise_registry", "population", "e_licences", "social_security", "real_estate", "credit"})
    EXPECT_NE(d.source(s), nullptr) << s;
  for (auto b : {"kbcyd", "jsgckg", "ghzgfw", "lnrjktj"}) EXPECT_NE(d.bundle(b), nullptr) << b;
  std::set<std::string> departments;
  for (const auto& it : d.items) departments.insert(it.department.id);
  EXPECT_EQ(departments.size(), d.departments.size()) << "every department runs items";
}

}  // namespace
}  // namespace haoban::defs
