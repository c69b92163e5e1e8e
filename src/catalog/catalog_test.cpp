// The catalog: pinyin search, situation questionnaires (ordering, decisions, reasons), server-side
// form validation, and stored definition versions.
#include "catalog/catalog.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "catalog/internal.h"
#include "core/error.h"
#include "core/id_codes.h"
#include "defs/defs_testing.h"
#include "testing/testing.h"

namespace haoban::catalog {
namespace {

namespace json = boost::json;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

json::object obj(std::string_view s) { return json::parse(s).as_object(); }

const WorkingCalendar& calendar() {
  static const WorkingCalendar cal =
      WorkingCalendar::load_dir(haoban::testing::source_dir() / "data" / "calendar");
  return cal;
}

// A catalog over the minimal definitions (or the repository's), on a fresh SQLite store, on
// 2026-03-02 in Shanghai.
class CatalogTest : public ::testing::Test {
 protected:
  explicit CatalogTest(bool repository = false) {
    auto path = dir_.path() / "defs";
    if (repository) {
      path = haoban::testing::source_dir() / "data" / "definitions";
    } else {
      defs::testing::write_files(path, defs::testing::minimal_files());
    }
    db_ = db::Database::open("sqlite:" + (dir_.path() / "t.db").string(), clock_);
    db_->migrate(db::db_migrations());
    db_->migrate(Catalog::migrations());
    catalog_ = std::make_unique<Catalog>(*db_, defs::load_dir_or_throw(path), clock_, calendar());
  }

  // The field errors of an Error(invalid) thrown by f, as "field: message".
  template <class F>
  static std::vector<std::string> invalid_fields(F&& f) {
    try {
      f();
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::invalid);
      std::vector<std::string> out;
      for (const auto& fe : e.fields()) out.push_back(fe.field + ": " + fe.message);
      return out;
    }
    ADD_FAILURE() << "expected Error(invalid)";
    return {};
  }

  static std::vector<std::string> question_ids(const Resolution& r) {
    std::vector<std::string> ids;
    for (const auto& q : r.questions) ids.push_back(q.question->id);
    return ids;
  }
  static std::vector<std::string> codes(const std::vector<ItemDecision>& ds) {
    std::vector<std::string> out;
    for (const auto& d : ds) out.push_back(d.item->code);
    return out;
  }
  static std::vector<std::string> errors(const FormCheck& c) {
    std::vector<std::string> out;
    for (const auto& e : c.errors) out.push_back(e.field + ": " + e.message);
    return out;
  }

  haoban::testing::TempDir dir_;
  ManualClock clock_{std::chrono::sys_days(year{2026} / month{3} / day{2}) + std::chrono::hours(2)};
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<Catalog> catalog_;
};

class RepositoryCatalogTest : public CatalogTest {
 protected:
  RepositoryCatalogTest() : CatalogTest(true) {}
};

// ---- pinyin and search --------------------------------------------------------------------------

TEST(Search, QueriesAreFoldedLoweredAndTrimmed) {
  EXPECT_EQ(detail::normalize_query("  ＳＰＪＹ\u3000许可 "), "spjy 许可");
}

TEST_F(RepositoryCatalogTest, SearchMatchesNamesAliasesAndPinyinInitials) {
  auto names = [&](ItemQuery q) {
    std::vector<std::string> out;
    for (const auto* it : catalog_->search(q).items) out.push_back(it->name);
    return out;
  };
  auto first = [&](std::string q) {
    auto r = names({.q = std::move(q)});
    return r.empty() ? std::string() : r.front();
  };
  EXPECT_EQ(first("spjy"), "食品经营许可（新办）");
  EXPECT_EQ(first("SPJYXK"), "食品经营许可（新办）");
  EXPECT_EQ(first("shipinjingying"), "食品经营许可（新办）");
  EXPECT_EQ(first("餐饮许可证"), "食品经营许可（新办）") << "an alias";
  EXPECT_EQ(first("企业变更登记"), "企业变更登记") << "an exact name first";
  EXPECT_EQ(first("排水许可"), "城镇污水排入排水管网许可");
  EXPECT_EQ(first("hwzp"), "户外招牌设置") << "initials of an alias (户外招牌)";
  EXPECT_THAT(names({.q = "食品 注销"}), ElementsAre("食品经营许可（注销）")) << "words are AND-ed";
  EXPECT_THAT(names({.q = "zzzzqqq"}), IsEmpty());

  // Filters combine with the query.
  for (const auto* it : catalog_->search({.department = "wjw", .limit = 100}).items)
    EXPECT_EQ(it->department.id, "wjw");
  for (const auto* it : catalog_->search({.audience = defs::Audience::person, .limit = 100}).items)
    EXPECT_NE(it->audience, defs::Audience::enterprise);
  auto food = catalog_->search({.event = "开办餐饮店", .limit = 100});
  EXPECT_GE(food.total, 8u);
  EXPECT_EQ(catalog_->search({.q = "许可", .department = "scjg", .kind = "行政许可"}).items.front()->kind,
            "行政许可");
}

TEST_F(RepositoryCatalogTest, PagesAreStableAndComplete) {
  auto all = catalog_->search({.q = "许可", .limit = 100});
  ASSERT_GT(all.total, 30u);
  ASSERT_LE(all.total, 100u);
  std::vector<const defs::Item*> paged;
  ItemQuery q{.q = "许可", .limit = 7};
  for (int pages = 0; pages < 100; ++pages) {
    auto page = catalog_->search(q);
    EXPECT_EQ(page.total, all.total);
    paged.insert(paged.end(), page.items.begin(), page.items.end());
    if (!page.next_cursor) break;
    q.cursor = *page.next_cursor;
  }
  EXPECT_EQ(paged, all.items);
  EXPECT_FALSE(all.next_cursor) << "the last page has no cursor";
}

TEST_F(RepositoryCatalogTest, BadSearchParametersNameTheParameter) {
  EXPECT_THAT(invalid_fields([&] { catalog_->search({.limit = 0}); }),
              ElementsAre("limit: 应为1到100之间的整数"));
  EXPECT_THAT(invalid_fields([&] { catalog_->search({.department = "nope", .cursor = "x"}); }),
              ElementsAre("department: 没有这个部门", "cursor: 无效的翻页标记"));
  EXPECT_THAT(invalid_fields([&] { catalog_->search({.kind = "许可"}); }),
              ElementsAre("kind: 没有这个事项类型"));
}

// ---- situations ---------------------------------------------------------------------------------

TEST_F(CatalogTest, AsksGuardsFirstAndOnlyWhatStillDecidesSomething) {
  // SIGN-1 applies when kind == "餐饮" && has_sign: kind is asked first, has_sign only if it matters.
  // SHOP-1 always applies; its licence depends on `hires`.
  Resolution r = catalog_->resolve_bundle("open", {});
  EXPECT_FALSE(r.done);
  EXPECT_THAT(question_ids(r), ElementsAre("kind", "hires"));
  EXPECT_THAT(r.questions[0].decides, ElementsAre("户外招牌设置"));
  EXPECT_THAT(r.questions[1].decides, ElementsAre("营业执照（食品经营许可）"));
  EXPECT_THAT(codes(r.items), ElementsAre("SHOP-1"));

  // 零售: SIGN-1 cannot apply, so has_sign and on_roof are never asked.
  r = catalog_->resolve_bundle("open", obj(R"({"kind": "零售", "hires": false})"));
  EXPECT_TRUE(r.done);
  EXPECT_THAT(codes(r.items), ElementsAre("SHOP-1"));
  ASSERT_THAT(codes(r.excluded), ElementsAre("SIGN-1"));
  EXPECT_EQ(r.excluded[0].reason, "不符合办理情形（依据：「经营类型？」：零售）");
  ASSERT_EQ(r.materials.size(), 1u);
  EXPECT_EQ(r.materials[0].material->id, "application");
  EXPECT_EQ(r.materials[0].reason, "《食品经营许可》的必交材料");

  // 餐饮: now has_sign decides SIGN-1; once it applies, its own question follows.
  r = catalog_->resolve_bundle("open", obj(R"({"kind": "餐饮", "hires": true})"));
  EXPECT_THAT(question_ids(r), ElementsAre("has_sign"));
  r = catalog_->resolve_bundle("open", obj(R"({"kind": "餐饮", "hires": true, "has_sign": true})"));
  EXPECT_THAT(question_ids(r), ElementsAre("on_roof"));
  EXPECT_THAT(r.questions[0].decides, ElementsAre("设计图（户外招牌设置）"));

  r = catalog_->resolve_bundle("open",
                               obj(R"({"kind": "餐饮", "hires": true, "has_sign": true, "on_roof": false})"));
  ASSERT_TRUE(r.done);
  EXPECT_THAT(codes(r.items), ElementsAre("SHOP-1", "SIGN-1"));
  EXPECT_EQ(r.items[0].reason, "本一件事的必办事项");
  EXPECT_EQ(r.items[1].reason, "设置招牌的须办理（依据：「经营类型？」：餐饮；「是否设置招牌？」：是）");
  ASSERT_EQ(r.items[1].basis.size(), 2u);
  EXPECT_EQ(r.items[1].basis[1].question_id, "has_sign");
  // The application form is asked by both items: one material, listed for both.
  ASSERT_EQ(r.materials.size(), 2u);
  EXPECT_EQ(r.materials[0].material->id, "application");
  EXPECT_EQ(r.materials[0].items.size(), 2u);
  EXPECT_EQ(r.materials[0].reason, "《食品经营许可》、《户外招牌设置》共同需要的材料，提交一份即可");
  EXPECT_EQ(r.materials[1].material->id, "licence");
  EXPECT_EQ(r.materials[1].reason, "雇用员工的须提交（依据：「是否雇用员工？」：是）");
  // The review step: every answer, in asking order.
  ASSERT_EQ(r.answers.size(), 4u);
  EXPECT_EQ(r.answers[0].question_id, "kind");
  EXPECT_EQ(r.answers[1].answer, "是");
}

TEST_F(CatalogTest, MergedFormAsksASharedFieldOnce) {
  auto r = catalog_->resolve_bundle(
      "open", obj(R"({"kind": "餐饮", "hires": false, "has_sign": true, "on_roof": false})"));
  ASSERT_TRUE(r.done);
  json::object f = r.form.to_json();
  EXPECT_EQ(f["id"], "bundle:open");
  std::vector<std::string> keys;
  for (const auto& s : f["sections"].as_array())
    for (const auto& fld : s.at("fields").as_array()) keys.push_back(std::string(fld.at("key").as_string()));
  // company_name is in both forms: asked in the first only.
  EXPECT_EQ(std::count(keys.begin(), keys.end(), "company_name"), 1);
  EXPECT_EQ(keys.back(), "sign_text");
  EXPECT_EQ(f["sections"].as_array().back().at("id"), "SIGN-1/sign");

  // Without the sign, its section is not part of the form.
  r = catalog_->resolve_bundle("open", obj(R"({"kind": "零售", "hires": false})"));
  json::object without = r.form.to_json();
  for (const auto& s : without["sections"].as_array()) EXPECT_NE(s.at("id"), "SIGN-1/sign");
}

TEST_F(CatalogTest, WrongAnswersNameTheQuestion) {
  EXPECT_THAT(invalid_fields([&] {
                catalog_->resolve_bundle("open", obj(R"({"kind": "饭店", "hires": "yes", "x": 1})"));
              }),
              ElementsAre("answers/kind: 应为以下选项之一：餐饮、零售",
                          "answers/hires: 应为是或否（true/false）", "answers/x: 没有这个问题"));
  try {
    catalog_->resolve_bundle("nope", {});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::not_found);
  }
}

TEST_F(CatalogTest, DecidingNeedsEveryOpenQuestionAnswered) {
  EXPECT_THAT(invalid_fields([&] { catalog_->decide_bundle("open", obj(R"({"kind": "餐饮"})")); }),
              ElementsAre("answers/has_sign: 请先回答此问题", "answers/hires: 请先回答此问题"));
  EXPECT_TRUE(catalog_->decide_bundle("open", obj(R"({"kind": "零售", "hires": false})")).done);
}

TEST_F(CatalogTest, AnItemsOwnQuestionnaire) {
  auto r = catalog_->resolve_item("SHOP-1", {});
  EXPECT_THAT(question_ids(r), ElementsAre("hires"));
  r = catalog_->resolve_item("SHOP-1", obj(R"({"hires": false})"));
  ASSERT_TRUE(r.done);
  EXPECT_EQ(r.materials.size(), 1u);
  EXPECT_EQ(r.form.title, "门店申请表");
}

TEST_F(RepositoryCatalogTest, OpeningARestaurant) {
  auto r = catalog_->resolve_bundle("kbcyd", {});
  EXPECT_EQ(question_ids(r).front(), "business_mode");
  EXPECT_THAT(question_ids(r), ::testing::Not(::testing::Contains("cooking"))) << "guarded by business_mode";
  r = catalog_->resolve_bundle("kbcyd",
                               obj(R"({"business_mode": "仅销售预包装食品", "area": 80, "has_sign": false,
      "public_place": false, "sells_alcohol": false, "by_agent": false})"));
  ASSERT_TRUE(r.done) << question_ids(r).size();
  std::vector<std::string> names;
  for (const auto& d : r.items) names.push_back(d.item->name);
  EXPECT_THAT(names, ElementsAre("仅销售预包装食品备案"));
  r = catalog_->resolve_bundle("kbcyd", obj(R"({"business_mode": "餐饮服务", "cooking": true, "area": 400,
      "has_sign": true, "public_place": true, "sells_alcohol": true})"));
  EXPECT_FALSE(r.done);
  names.clear();
  for (const auto& d : r.items) names.push_back(d.item->name);
  EXPECT_THAT(names, UnorderedElementsAre("食品经营许可（新办）", "公共场所卫生许可（新办）",
                                          "城镇污水排入排水管网许可", "户外招牌设置",
                                          "公众聚集场所投入使用、营业前消防安全检查", "酒类商品零售许可",
                                          "餐厨废弃油脂收运服务申请"));
}

// ---- forms --------------------------------------------------------------------------------------

class FormCheckTest : public CatalogTest {
 protected:
  FormCheck check(std::string_view fields, std::string_view answers = R"({"hires": true})") {
    return catalog_->check_item_form("SHOP-1", obj(fields), obj(answers));
  }
  const std::string cc_ = make_credit_code('9', '1', "310113", "MA1FL8TQ");
  const std::string idn_ = make_id_number("310113", year{1990} / month{6} / day{15}, 123);
};

TEST_F(FormCheckTest, AValidFormComesBackNormalisedWithComputedValues) {
  auto c = check(R"({"company_name": "上海宝晟餐饮有限公司", "credit_code": ")" + cc_ +
                 R"(", "area": 12.5, "has_branch": false, "kind": "餐饮", "fee": 999,
                    "staff": [{"name": "李明", "id_number": ")" +
                 idn_ + R"("}]})");
  EXPECT_THAT(errors(c), IsEmpty());
  EXPECT_EQ(c.values["area"], "12.50");
  EXPECT_EQ(c.values["fee"], "25.00") << "recomputed: the client's 999 is ignored";
  EXPECT_THAT(c.hidden, ElementsAre("branch_address"));
  EXPECT_FALSE(c.values.contains("branch_address"));
}

TEST_F(FormCheckTest, RequiredFieldsTypesAndCodes) {
  auto c = check(
      R"({"company_name": "上海宝晟餐饮管理服务有限公司名字太长了超过二十个字", "credit_code": "91310113MA1FL8TQ0X",
                    "area": "abc", "has_branch": true, "kind": "饭店", "phone": "12345", "unknown": 1})");
  EXPECT_THAT(errors(c),
              ElementsAre("unknown: 表单中没有此字段", "company_name: 不能超过20个字",
                          ::testing::StartsWith("credit_code: 统一社会信用代码有误："), "area: 应为数字",
                          "kind: 请从列表中选择", "phone: 请填写11位手机号码或带区号的固定电话",
                          "branch_address: 必填", "staff: 必填"));
}

TEST_F(FormCheckTest, HiddenSectionsAreNotRequired) {
  auto c = check(R"({"company_name": "甲", "credit_code": ")" + cc_ +
                     R"(", "area": 2, "has_branch": false, "kind": "零售"})",
                 R"({"hires": false})");
  EXPECT_THAT(errors(c), IsEmpty());
  EXPECT_THAT(c.hidden, ElementsAre("branch_address", "staff"));
}

TEST_F(FormCheckTest, TablesReportCellsAndRules) {
  auto c =
      check(R"({"company_name": "甲", "credit_code": ")" + cc_ + R"(", "area": 1000.001, "has_branch": false,
                    "kind": "零售", "staff": [{"name": "李", "id_number": "110105194912310021"}, {"age": 3}]})");
  EXPECT_THAT(
      errors(c),
      ElementsAre("area: 最多保留2位小数", "staff/0/id_number: 身份证号码有误：第18位校验码应为X，实际为1",
                  "staff/1/age: 表格中没有此列", "staff/1/name: 必填", "staff/1/id_number: 必填"));
  c = check(R"({"company_name": "甲", "credit_code": ")" + cc_ + R"(", "area": 1001, "has_branch": false,
                "kind": "零售", "staff": [{"name": "李", "id_number": ")" +
            idn_ + R"("}]})");
  EXPECT_THAT(errors(c), ElementsAre("area: 不能大于1000", "staff: 姓名至少两个字"));
}

TEST_F(FormCheckTest, AnswersMustBeCompleteFirst) {
  EXPECT_THAT(invalid_fields([&] { check("{}", "{}"); }), ElementsAre("answers/hires: 请先回答此问题"));
}

// ---- versions -----------------------------------------------------------------------------------

TEST_F(CatalogTest, PublishesEachVersionOnceAndKeepsOldOnes) {
  EXPECT_EQ(catalog_->publish("system"), 5);  // 2 forms, 2 items, 1 bundle
  EXPECT_EQ(catalog_->publish("system"), 0);
  const defs::Item* shop = catalog_->item("SHOP-1");
  auto stored = catalog_->item_version("SHOP-1", shop->version);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->body.at("name"), "食品经营许可");
  EXPECT_EQ(stored->body.at("form").at("id"), "shop");
  EXPECT_EQ(stored->first_loaded_at, "2026-03-02T02:00:00Z");
  EXPECT_FALSE(catalog_->item_version("SHOP-1", "0000"));
  EXPECT_EQ(db_->recent_audit(10, "definition").size(), 5u);

  // A changed definition is a new version; the old one stays readable.
  auto files = defs::testing::minimal_files();
  const std::string name = "name: 食品经营许可";
  files["items/shop.yaml"].replace(files["items/shop.yaml"].find(name), name.size(), "name: 食品经营许可证");
  defs::testing::write_files(dir_.path() / "defs2", files);
  Catalog next(*db_, defs::load_dir_or_throw(dir_.path() / "defs2"), clock_, calendar());
  EXPECT_EQ(next.publish("system"), 2) << "the item and the bundle that lists its version";
  EXPECT_NE(next.item("SHOP-1")->version, shop->version);
  EXPECT_EQ(next.item_version("SHOP-1", shop->version)->body.at("name"), "食品经营许可");
}

// 免申即办: the repository's food and drug retail licences follow the business licence.
TEST_F(RepositoryCatalogTest, FollowUpsOfABusinessLicenceChangeDependOnWhatChanged) {
  auto codes = [&](std::string_view trigger, const json::object& answers) {
    std::vector<std::string> out;
    for (const auto& f : catalog_->follow_ups(trigger, answers)) out.push_back(f.item->code);
    return out;
  };
  json::object moved{{"change_items", json::array{"住所"}}, {"capital_reduction", false}, {"by_agent", false}};
  EXPECT_THAT(codes("SCJG-002", moved), ::testing::ElementsAre("SCJG-012", "SCJG-028"));
  auto f = catalog_->follow_ups("SCJG-002", moved).front();
  EXPECT_EQ(f.licence, "食品经营许可证");
  EXPECT_EQ(f.reason, "营业执照变更");
  EXPECT_EQ(f.basis.front().answer, "住所");
  EXPECT_EQ(f.answers, (json::object{{"by_agent", false}})) << "the situations both items ask";
  // Only the capital changed: the licences do not show it.
  EXPECT_THAT(codes("SCJG-002", {{"change_items", json::array{"注册资本"}}}), ::testing::IsEmpty());
  EXPECT_THAT(codes("SCJG-002", {}), ::testing::IsEmpty()) << "unanswered: not decided, so nothing follows";
  // A bundle part carries the bundle's answers too.
  EXPECT_THAT(codes("SCJG-002", {{"change_items", json::array{"名称"}}, {"has_food_licence", true}}),
              ::testing::ElementsAre("SCJG-012", "SCJG-028"));
  EXPECT_THAT(codes("SCJG-003", {}), ::testing::ElementsAre("SCJG-014", "SCJG-030"));
  EXPECT_THAT(codes("SCJG-004", {}), ::testing::ElementsAre("SCJG-014", "SCJG-030"));
  EXPECT_THAT(codes("SCJG-012", moved), ::testing::IsEmpty());
  EXPECT_THAT(codes("NOPE", {}), ::testing::IsEmpty());
}

}  // namespace
}  // namespace haoban::catalog
