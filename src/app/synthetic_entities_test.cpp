#include "app/synthetic_entities.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fstream>
#include <functional>
#include <iostream>
#include <regex>
#include <set>
#include <sstream>

#include "core/id_codes.h"
#include "defs/defs.h"
#include "testing/testing.h"

namespace haoban::app {
namespace {

namespace json = boost::json;

std::string population(int enterprises, int persons, std::uint64_t seed) {
  std::ostringstream out;
  write_synthetic_population(out, enterprises, persons, seed);
  return out.str();
}

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

const defs::Definitions& definitions() {
  static const defs::Definitions d =
      defs::load_dir(haoban::testing::source_dir() / "data" / "definitions").defs;
  return d;
}

const json::value* at_path(const json::object& o, std::string_view path) {
  auto dot = path.find('.');
  auto it = o.find(path.substr(0, dot));
  if (it == o.end()) return nullptr;
  if (dot == std::string_view::npos) return &it->value();
  return it->value().is_object() ? at_path(it->value().get_object(), path.substr(dot + 1)) : nullptr;
}

bool is_decimal_text(const json::value& v, int decimals) {
  static const std::regex any(R"(-?\d+(\.\d+)?)");
  if (!v.is_string()) return false;
  std::string s(v.get_string());
  if (decimals < 0) return std::regex_match(s, any);
  return std::regex_match(s, std::regex(R"(-?\d+\.\d{)" + std::to_string(decimals) + "}"));
}

// The type entities.yaml declares, as the policy CLI reads it; "" when it fits.
std::string type_error(const json::value& v, defs::AttributeType t) {
  using T = defs::AttributeType;
  switch (t) {
    case T::boolean:
      return v.is_bool() ? "" : "bool";
    case T::integer:
      return v.is_int64() ? "" : "int";
    case T::decimal:
      return is_decimal_text(v, -1) || v.is_number() ? "" : "decimal";
    case T::string:
      return v.is_string() && !v.get_string().empty() ? "" : "string";
    case T::date:
      return v.is_string() && parse_date(v.get_string()) ? "" : "date";
    case T::string_list:
      if (!v.is_array()) return "list<string>";
      for (const auto& x : v.get_array())
        if (!x.is_string()) return "list<string>";
      return "";
  }
  return "?";
}

// Every key below the entity, dotted ("credit.rating").
void paths_of(const json::object& o, const std::string& prefix, std::vector<std::string>& out) {
  for (const auto& kv : o) {
    std::string p = prefix + std::string(kv.key());
    if (kv.value().is_object())
      paths_of(kv.value().get_object(), p + ".", out);
    else
      out.push_back(p);
  }
}

double number(const json::object& o, std::string_view path) {
  const json::value* v = at_path(o, path);
  if (!v) return -1;
  if (v->is_int64()) return static_cast<double>(v->get_int64());
  return std::stod(std::string(v->get_string()));
}

bool has(const json::object& o, std::string_view list_path, std::string_view item) {
  const json::value* v = at_path(o, list_path);
  if (!v) return false;
  for (const auto& x : v->get_array())
    if (x.get_string() == item) return true;
  return false;
}

TEST(SyntheticPopulation, SameSeedSameBytes) {
  std::string a = population(300, 300, 42);
  EXPECT_EQ(a, population(300, 300, 42));
  EXPECT_NE(a, population(300, 300, 43));
  // The persons do not depend on how many enterprises come before them.
  auto lines = lines_of(a);
  auto fewer = lines_of(population(10, 300, 42));
  ASSERT_EQ(lines.size(), 600u);
  ASSERT_EQ(fewer.size(), 310u);
  EXPECT_TRUE(std::equal(fewer.begin() + 10, fewer.end(), lines.begin() + 300));
}

class SyntheticShares : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    for (const auto& line : lines_of(population(3000, 3000, 20261201))) {
      boost::system::error_code ec;
      json::value v = json::parse(line, ec);
      ASSERT_FALSE(ec) << line;
      ASSERT_TRUE(v.is_object()) << line;
      const json::object& o = v.get_object();
      (o.at("kind").as_string() == "enterprise" ? enterprises_ : persons_).push_back(o);
    }
  }
  static double share(const std::vector<json::object>& all,
                      const std::function<bool(const json::object&)>& f) {
    return static_cast<double>(std::count_if(all.begin(), all.end(), f)) / static_cast<double>(all.size());
  }
  static inline std::vector<json::object> enterprises_, persons_;
};

TEST_F(SyntheticShares, EveryLineIsAnEntityTypedAsEntitiesYamlSays) {
  const auto& model = definitions().entities;
  ASSERT_FALSE(model.enterprise.empty());
  ASSERT_FALSE(model.person.empty());
  ASSERT_EQ(enterprises_.size(), 3000u);
  ASSERT_EQ(persons_.size(), 3000u);
  const auto today = kSyntheticAsOf;
  std::set<std::string> ids;
  std::size_t incomplete = 0;
  for (const auto* all : {&enterprises_, &persons_}) {
    for (const auto& o : *all) {
      const bool enterprise = all == &enterprises_;
      const std::string id(o.at("id").as_string());
      EXPECT_TRUE(ids.insert(id).second) << "duplicate id " << id;
      EXPECT_TRUE(enterprise ? check_credit_code(id).ok : check_id_number(id, today).ok) << id;
      EXPECT_TRUE(o.at("name").is_string());
      const auto& attributes = model.of(enterprise ? defs::EntityKind::enterprise : defs::EntityKind::person);
      bool missing = false;
      for (const auto& a : attributes) {
        const json::value* v = at_path(o, a.path);
        if (!v) {
          missing = true;
          continue;
        }
        EXPECT_EQ(type_error(*v, a.type), "") << a.path << " = " << json::serialize(*v) << " in " << id;
      }
      incomplete += missing;
      EXPECT_EQ(*at_path(o, enterprise ? "credit_code" : "id_number"), o.at("id"));
      std::vector<std::string> paths;
      paths_of(o, "", paths);
      for (const auto& p : paths)
        if (p != "id" && p != "kind") {
          EXPECT_NE(model.find(enterprise ? defs::EntityKind::enterprise : defs::EntityKind::person, p),
                    nullptr)
              << p << " is no entities.yaml attribute";
        }
    }
  }
  // Some attributes are unknown, so policies have undecided outcomes, but most entities are complete.
  double incomplete_share = static_cast<double>(incomplete) / 6000.0;
  EXPECT_GT(incomplete_share, 0.01);
  EXPECT_LT(incomplete_share, 0.2);
}

TEST_F(SyntheticShares, EnterprisesLookLikeBaoshan) {
  auto in = [](const json::object& o, std::string_view path, std::string_view value) {
    const json::value* v = at_path(o, path);
    return v && v->is_string() && v->get_string() == value;
  };
  double baoshan = share(enterprises_, [&](const auto& o) { return in(o, "district_code", "310113"); });
  EXPECT_GE(baoshan, 0.80);
  EXPECT_LE(baoshan, 0.95);
  double common = share(enterprises_, [&](const auto& o) {
    return in(o, "industry", "商贸服务") || in(o, "industry", "民生服务") || in(o, "industry", "建设工程");
  });
  EXPECT_GT(common, 0.55);
  for (const auto& o : enterprises_)
    if (const json::value* v = at_path(o, "industry")) {
      EXPECT_NE(std::find(std::begin(kIndustries), std::end(kIndustries), std::string_view(v->get_string())),
                std::end(kIndustries));
    }
  double small =
      share(enterprises_, [&](const auto& o) { return in(o, "scale", "小型") || in(o, "scale", "微型"); });
  EXPECT_GT(small, 0.85);
  EXPECT_GT(share(enterprises_, [&](const auto& o) { return in(o, "scale", "中型"); }), 0.005);

  // R&D and patents are the technology industries' business; recognitions meet their thresholds.
  std::vector<json::object> tech, other;
  for (const auto& o : enterprises_)
    if (at_path(o, "industry") && at_path(o, "rd_expense"))
      (is_tech_industry(at_path(o, "industry")->get_string()) ? tech : other).push_back(o);
  EXPECT_GT(share(tech, [](const auto& o) { return number(o, "rd_expense") > 0; }), 0.4);
  EXPECT_LT(share(other, [](const auto& o) { return number(o, "rd_expense") > 0; }), 0.1);
  int high_tech = 0;
  for (const auto& o : enterprises_) {
    if (has(o, "qualifications", "高新技术企业") && at_path(o, "industry") && at_path(o, "revenue") &&
        at_path(o, "rd_expense") && at_path(o, "patents")) {
      ++high_tech;
      EXPECT_TRUE(is_tech_industry(at_path(o, "industry")->get_string()));
      EXPECT_GE(number(o, "rd_expense"), 0.03 * number(o, "revenue"));
      EXPECT_GE(number(o, "patents"), 1);
    }
    if (has(o, "qualifications", kAboveDesignatedSize) && at_path(o, "revenue")) {
      EXPECT_GE(number(o, "revenue"), 500);
    }
    if (at_path(o, "new_hires") && at_path(o, "graduates_hired")) {
      EXPECT_GE(number(o, "new_hires"), number(o, "graduates_hired"));
    }
  }
  EXPECT_GT(high_tech, 10);
  EXPECT_LT(high_tech, 300);
  double arrears =
      share(enterprises_, [](const auto& o) { return at_path(o, "credit.tax_arrears")->as_bool(); });
  EXPECT_GT(arrears, 0.005);
  EXPECT_LT(arrears, 0.04);
}

TEST_F(SyntheticShares, PersonsLookLikeBaoshan) {
  auto is = [](const json::object& o, std::string_view path) {
    const json::value* v = at_path(o, path);
    return v && v->is_bool() && v->get_bool();
  };
  double baoshan =
      share(persons_, [](const auto& o) { return o.at("household_district_code").as_string() == "310113"; });
  EXPECT_GE(baoshan, 0.80);
  EXPECT_LE(baoshan, 0.95);
  double subsistence = share(persons_, [&](const auto& o) { return is(o, "subsistence_allowance"); });
  EXPECT_GT(subsistence, 0.005);
  EXPECT_LT(subsistence, 0.03);
  double low = share(persons_, [&](const auto& o) { return is(o, "low_income"); });
  EXPECT_GT(low, 0.015);
  EXPECT_LT(low, 0.05);
  EXPECT_LT(share(persons_, [&](const auto& o) { return is(o, "extreme_poverty"); }), 0.01);
  double disabled = share(persons_, [](const auto& o) { return number(o, "disability_level") > 0; });
  EXPECT_GT(disabled, 0.01);
  EXPECT_LT(disabled, 0.05);
  double veterans = share(persons_, [&](const auto& o) { return is(o, "veteran"); });
  EXPECT_GT(veterans, 0.005);
  EXPECT_LT(veterans, 0.04);
  EXPECT_GT(share(persons_,
                  [](const auto& o) {
                    return !at_path(o, "talent_level") || o.at("talent_level").as_string() == "无";
                  }),
            0.9);
  EXPECT_GT(share(persons_, [](const auto& o) { return number(o, "children_under_3") == 0; }), 0.9);
  EXPECT_GT(share(persons_, [](const auto& o) { return number(o, "children_under_3") > 0; }), 0.01);
  for (const auto& o : persons_) {
    Date birth = *parse_date(o.at("birth_date").as_string());
    int age = static_cast<int>(kSyntheticAsOf.year()) - static_cast<int>(birth.year());
    const json::value* status = at_path(o, "employment_status");
    ASSERT_NE(status, nullptr);
    if (status->as_string() == "退休") {
      EXPECT_GE(age, 50) << o.at("id");
    }
    if (age < 45) {
      EXPECT_NE(status->as_string(), "退休") << o.at("id");
    }
    if (is(o, "extreme_poverty")) {
      EXPECT_EQ(number(o, "household_size"), 1);
    }
    if (const json::value* y = at_path(o, "graduation_year")) {
      EXPECT_LE(y->as_int64(), 2026);
    }
    double size = number(o, "household_size");
    if (size >= 0) {
      EXPECT_GE(size, 1);
      EXPECT_LE(size, 6);
    }
  }
}

// The record generators the seed uses give values that `SourceService::put` accepts: keys of the
// definition, typed as docs/sources.md "Values" says.
void expect_fits(const json::object& record, std::string_view source) {
  const defs::SourceDef* def = definitions().source(source);
  ASSERT_NE(def, nullptr) << source;
  for (const auto& kv : record) {
    const defs::SourceField* f = def->field(kv.key());
    ASSERT_NE(f, nullptr) << source << "." << kv.key();
    const json::value& v = kv.value();
    switch (f->def.type) {
      case defs::FieldType::money:
        EXPECT_TRUE(is_decimal_text(v, 2)) << source << "." << kv.key() << " = " << json::serialize(v);
        break;
      case defs::FieldType::number:
        if (f->def.decimals == 0) {
          EXPECT_TRUE(v.is_int64()) << source << "." << kv.key();
        } else
          EXPECT_TRUE(is_decimal_text(v, f->def.decimals))
              << source << "." << kv.key() << " = " << json::serialize(v);
        break;
      case defs::FieldType::boolean:
        EXPECT_TRUE(v.is_bool()) << source << "." << kv.key();
        break;
      default:
        EXPECT_TRUE(v.is_string()) << source << "." << kv.key();
    }
  }
}

TEST(SyntheticRecords, FitTheirSourceDefinitions) {
  Rng r(7);
  const std::vector<std::string> none;
  for (int i = 0; i < 300; ++i) {
    int employees = 1 + r.below(400);
    Date established = std::chrono::year{2000 + r.below(27)} / std::chrono::month{1} / std::chrono::day{15};
    expect_fits(enterprise_operations_record(r, {"", employees, established, none}), "enterprise_operations");
    PersonProfile p{std::chrono::year{1945 + r.below(60)} / std::chrono::month{3} / std::chrono::day{9},
                    r.chance(50), "已婚"};
    json::object employment = employment_record(r, p);
    expect_fits(employment, "employment");
    expect_fits(civil_affairs_record(r, p, employment), "civil_affairs");
  }
}

TEST(SyntheticRecords, OperationsHonourRecognitionsAndTheFoundingYear) {
  Rng r(11);
  const std::vector<std::string> high_tech{"高新技术企业", "专精特新"};
  for (int i = 0; i < 200; ++i) {
    json::object o = enterprise_operations_record(
        r, {"新材料", 20 + r.below(200),
            std::chrono::year{2015} / std::chrono::month{5} / std::chrono::day{1}, high_tech});
    double revenue = number(o, "revenue");
    EXPECT_GE(revenue, 1000);  // 专精特新
    EXPECT_GE(number(o, "rd_expense"), 0.03 * revenue);
    EXPECT_GE(number(o, "patents"), 1);
    EXPECT_EQ(o.at("industry").as_string(), "新材料");
  }
  const std::vector<std::string> none;
  json::object founded_this_year = enterprise_operations_record(
      r, {"商贸服务", 5, std::chrono::year{2026} / std::chrono::month{3} / std::chrono::day{1}, none});
  EXPECT_FALSE(founded_this_year.contains("revenue")) << "no 上年度 figures: unknown, not zero";
  EXPECT_TRUE(founded_this_year.contains("new_hires"));
  json::object founded_last_year = enterprise_operations_record(
      r, {"商贸服务", 5, std::chrono::year{2025} / std::chrono::month{3} / std::chrono::day{1}, none});
  EXPECT_TRUE(founded_last_year.contains("revenue"));
  EXPECT_FALSE(founded_last_year.contains("revenue_growth")) << "no base year";
}

TEST(SyntheticRecords, PensionsAndEmployersDecideTheEmploymentStatus) {
  Rng r(3);
  Date born = std::chrono::year{1958} / std::chrono::month{2} / std::chrono::day{1};
  EXPECT_EQ(employment_record(r, {born, true, "已婚", true, false}).at("employment_status").as_string(),
            "退休");
  EXPECT_EQ(employment_record(r, {born, true, "已婚", false, true}).at("employment_status").as_string(),
            "在职");
}

TEST(SyntheticRecords, NamesTellTheIndustry) {
  EXPECT_EQ(industry_of_name("上海宝晟智能科技有限公司"), "新一代信息技术");
  EXPECT_EQ(industry_of_name("上海罗泾智能制造有限公司"), "机器人及智能制造");
  EXPECT_EQ(industry_of_name("上海吴淞环保科技有限公司"), "绿色低碳");
  EXPECT_EQ(industry_of_name("上海月浦餐饮管理有限公司"), "民生服务");
  EXPECT_EQ(industry_of_name("上海杨行医疗器械有限公司"), "生物医药及合成生物");
  EXPECT_EQ(industry_of_name("上海顾村建筑工程有限公司"), "建设工程");
  EXPECT_EQ(industry_of_name("上海某某有限公司"), "商贸服务");
  EXPECT_EQ(district_name("310114"), "嘉定区");
  Rng r(5);
  EXPECT_TRUE(home_address_in(r, "310114").starts_with("上海市嘉定区"));
}

}  // namespace
}  // namespace haoban::app
