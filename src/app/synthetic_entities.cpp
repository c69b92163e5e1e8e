#include "app/synthetic_entities.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <boost/json/serialize.hpp>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <ostream>
#include <unordered_set>

#include "core/id_codes.h"

namespace haoban::app {

namespace {

namespace json = boost::json;
using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

// ---- draws ----------------------------------------------------------------------------------------
// Only IEEE arithmetic and std::exp on top of the splitmix sequence (std distributions differ between
// standard libraries). Draws are sequenced one per statement: argument evaluation order is unspecified.

double uniform(Rng& r) { return static_cast<double>(r.next() >> 11) * 0x1.0p-53; }  // [0, 1)
double uniform(Rng& r, double lo, double hi) { return lo + (hi - lo) * uniform(r); }

// Irwin–Hall: the sum of 12 uniforms less 6 is close to a standard normal (within ±6).
double normal(Rng& r) {
  double s = 0;
  for (int i = 0; i < 12; ++i) s += uniform(r);
  return s - 6;
}
double lognormal(Rng& r, double median, double sigma) { return median * std::exp(sigma * normal(r)); }
bool chance_per_mille(Rng& r, int per_mille) { return r.below(1000) < per_mille; }

// An index into `weights`, drawn in proportion to them.
template <std::size_t N>
std::size_t weighted(Rng& r, const std::array<int, N>& weights) {
  int total = 0;
  for (int w : weights) total += w;
  int x = r.below(total);
  for (std::size_t i = 0; i < N; ++i) {
    if (x < weights[i]) return i;
    x -= weights[i];
  }
  return N - 1;
}

// Rounds x to an integer, up with probability equal to its fraction (so small expected counts survive).
int stochastic_round(Rng& r, double x) {
  double f = std::floor(x);
  return static_cast<int>(f) + (uniform(r) < x - f ? 1 : 0);
}

// ---- values, typed as docs/sources.md "Values" says -----------------------------------------------

// "1234.50", "-3.20": x rounded to hundredths.
std::string decimal2(double x) {
  long long c = std::llround(x * 100);
  const char* sign = c < 0 ? "-" : "";
  c = std::llabs(c);
  return fmt::format("{}{}.{:02}", sign, c / 100, c % 100);
}

std::optional<double> number_of(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end()) return std::nullopt;
  if (it->value().is_int64()) return static_cast<double>(it->value().get_int64());
  if (it->value().is_double()) return it->value().get_double();
  if (it->value().is_string()) return std::strtod(it->value().get_string().c_str(), nullptr);
  return std::nullopt;
}
std::string_view text_of(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_string() ? std::string_view(it->value().get_string()) : "";
}

int age_on(Date birth, Date on) {
  int age = static_cast<int>(on.year()) - static_cast<int>(birth.year());
  if (std::pair(static_cast<unsigned>(on.month()), static_cast<unsigned>(on.day())) <
      std::pair(static_cast<unsigned>(birth.month()), static_cast<unsigned>(birth.day())))
    --age;
  return age;
}
int as_of_year() { return static_cast<int>(kSyntheticAsOf.year()); }
Date days_before(Date d, int n) { return Date{std::chrono::sys_days{d} - std::chrono::days{n}}; }

// ---- districts --------------------------------------------------------------------------------------

struct District {
  std::string_view code, name;
  std::array<std::string_view, 4> roads;
  int weight;  // per mille of enterprises registered, and persons' 户籍, there
};
constexpr District kDistricts[] = {
    {"310113", "宝山区", {"牡丹江路", "友谊路", "淞宝路", "沪太路"}, 878},
    {"310114", "嘉定区", {"城中路", "博乐路", "沪宜公路", "塔城路"}, 25},
    {"310107", "普陀区", {"真北路", "曹杨路", "武宁路", "铜川路"}, 20},
    {"310106", "静安区", {"共和新路", "延长中路", "万荣路", "平型关路"}, 20},
    {"310109", "虹口区", {"四平路", "大连西路", "曲阳路", "广粤路"}, 15},
    {"310110", "杨浦区", {"国权路", "控江路", "殷行路", "政立路"}, 15},
    {"310115", "浦东新区", {"张杨路", "东方路", "锦绣路", "博山路"}, 10},
    {"310112", "闵行区", {"七莘路", "都市路", "莘松路", "古美路"}, 5},
    {"310104", "徐汇区", {"漕溪北路", "田林路", "龙华西路", "钦州路"}, 3},
    {"310105", "长宁区", {"天山路", "仙霞路", "虹桥路", "古北路"}, 2},
    {"310101", "黄浦区", {"西藏南路", "制造局路", "陆家浜路", "瞿溪路"}, 2},
    {"310117", "松江区", {"人民北路", "荣乐中路", "中山东路", "谷阳北路"}, 1},
    {"310118", "青浦区", {"公园路", "城中北路", "华青路", "青松路"}, 1},
    {"310120", "奉贤区", {"解放中路", "南桥路", "环城西路", "江海路"}, 1},
    {"310116", "金山区", {"卫清西路", "龙航路", "石化大道", "蒙山路"}, 1},
    {"310151", "崇明区", {"八一路", "人民路", "东门路", "鳌山路"}, 1},
};
constexpr std::array<int, std::size(kDistricts)> district_weights() {
  std::array<int, std::size(kDistricts)> w{};
  for (std::size_t i = 0; i < w.size(); ++i) w[i] = kDistricts[i].weight;
  return w;
}
constexpr auto kDistrictWeights = district_weights();

const District& district_by_code(std::string_view code) {
  for (const auto& d : kDistricts)
    if (d.code == code) return d;
  return kDistricts[0];
}

// Where people are born, for the id numbers of those whose 户籍 moved to Shanghai.
constexpr std::string_view kBirthRegions[] = {"320582", "340104", "320102", "330106", "410105",
                                              "510107", "370102", "420106", "360102", "130102"};

// ---- industries -------------------------------------------------------------------------------------

// Indices into kIndustries.
constexpr std::size_t kGreen = 1, kBio = 2, kRobotics = 3, kMaterials = 4, kIt = 5, kTrade = 6,
                      kConstruction = 7, kLiving = 8;

constexpr std::array<int, 9> kIndustryWeights = {30, 50, 40, 70, 50, 80, 320, 140, 220};  // per mille

// What each industry's names say, in kIndustries' order (empty at the end).
constexpr std::array<std::string_view, 6> kTradeWords[] = {
    {"国际旅行社", "邮轮服务", "酒店管理", "旅游发展"},
    {"环保科技", "新能源科技", "节能科技", "环境工程"},
    {"生物科技", "医疗器械", "医药科技", "生物医药"},
    {"智能制造", "机器人", "自动化设备", "智能装备"},
    {"新材料", "材料科技", "复合材料", "金属材料"},
    {"信息技术", "软件", "网络科技", "数据科技", "智能科技", "科技"},
    {"贸易", "商务服务", "企业管理咨询", "文化传媒", "物流", "机械设备"},
    {"建筑工程", "建设工程", "装饰工程", "市政工程", "建筑装饰"},
    {"餐饮管理", "食品", "家政服务", "养老服务", "物业管理", "便利店"},
};

// 2011 中小企业划型标准 for the nearest statistical industry: micro below (employees, revenue 万元) of
// `small`; medium from both of `mid`, large from both of `large`; small otherwise.
struct ScaleRule {
  int small_emp;
  double small_rev;
  int mid_emp;
  double mid_rev;
  int large_emp;
  double large_rev;
};

struct IndustryTraits {
  double revenue_per_employee;  // 万元, median
  int exporters;                // per mille with exports
  int investors;                // per mille with fixed investment last year
  double office_m2;             // rented area per employee, median
  double designated_size;       // 规上 revenue threshold, 万元
  ScaleRule scale;
};
constexpr IndustryTraits kTraits[] = {
    {25, 30, 150, 14, 2000, {20, 200, 300, 3000, 1000, 30000}},   // 邮轮旅游: 交通运输业
    {45, 120, 400, 30, 2000, {20, 300, 300, 2000, 1000, 40000}},  // 绿色低碳: 工业
    {40, 250, 400, 35, 2000, {20, 300, 300, 2000, 1000, 40000}},  // 生物医药及合成生物: 工业
    {45, 300, 450, 45, 2000, {20, 300, 300, 2000, 1000, 40000}},  // 机器人及智能制造: 工业
    {50, 300, 500, 55, 2000, {20, 300, 300, 2000, 1000, 40000}},  // 新材料: 工业
    {30, 100, 120, 12, 2000, {10, 50, 100, 1000, 300, 10000}},  // 新一代信息技术: 软件和信息技术服务业
    {45, 150, 120, 12, 2000, {10, 100, 100, 2000, 300, 40000}},  // 商贸服务: 批发业与商务服务业之间
    {40, 10, 200, 8, 2000, {0, 300, 0, 6000, 0, 80000}},    // 建设工程: 建筑业（按营业收入）
    {15, 5, 120, 15, 500, {10, 100, 50, 500, 300, 20000}},  // 民生服务: 零售业、住宿和餐饮业
};

std::size_t industry_index(std::string_view industry) {
  for (std::size_t i = 0; i < std::size(kIndustries); ++i)
    if (kIndustries[i] == industry) return i;
  return kTrade;
}

std::string_view scale_of(const ScaleRule& t, int employees, double revenue) {
  if (employees < t.small_emp || revenue < t.small_rev) return "微型";
  if (employees >= t.large_emp && revenue >= t.large_rev) return "大型";
  if (employees >= t.mid_emp && revenue >= t.mid_rev) return "中型";
  return "小型";
}

// 高新技术企业认定管理办法: R&D at least 5%, 4% or 3% of revenue by revenue band (5000 万, 2 亿).
double high_tech_rd_share(double revenue) { return revenue < 5000 ? 0.05 : revenue < 20000 ? 0.04 : 0.03; }

bool holds(std::span<const std::string> quals, std::string_view q) {
  return std::find(quals.begin(), quals.end(), q) != quals.end();
}

// ---- persons ----------------------------------------------------------------------------------------

constexpr std::string_view kSurnames[] = {"张", "王", "李", "赵", "陈", "刘", "杨", "黄", "周", "吴",
                                          "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗",
                                          "沈", "顾", "陆", "蒋", "钱", "曹", "金", "施", "姚", "严"};
constexpr std::string_view kGivenMale[] = {"伟", "强", "磊", "军", "洋", "勇", "杰", "涛",
                                           "明", "超", "刚", "华", "文", "辉", "浩", "宇",
                                           "斌", "俊", "鹏", "峰", "建", "国", "东", "晨"};
constexpr std::string_view kGivenFemale[] = {"芳", "娜", "敏", "静", "丽", "艳", "娟", "秀",
                                             "霞", "平", "英", "佳", "欣", "婷", "雪", "琳",
                                             "颖", "慧", "玲", "燕", "洁", "倩", "璐", "晨"};
constexpr std::string_view kBrandChars[] = {
    "宝", "晟", "罗", "泾", "吴", "淞", "杨", "行", "月", "浦", "顾", "村", "庙", "南", "高",
    "境", "友", "谊", "蕰", "川", "美", "兰", "长", "江", "沪", "太", "新", "申", "泰", "和",
    "锦", "秋", "丰", "翔", "智", "汇", "启", "航", "海", "纳", "恒", "通", "华", "信", "瑞",
    "利", "鼎", "盛", "嘉", "禾", "源", "达", "铭", "润", "博", "创", "众", "联", "悦", "晖"};

constexpr std::string_view kEducation[] = {"博士", "硕士", "本科", "大专", "高中及以下"};
constexpr int kGraduationAge[] = {29, 25, 22, 21, 18};

// 上海城乡居民最低生活保障标准（元/人·月）; 低收入家庭: up to twice it.
constexpr double kSubsistenceLine = 1510;

}  // namespace

// ---- public -----------------------------------------------------------------------------------------

bool is_tech_industry(std::string_view industry) {
  std::size_t i = industry_index(industry);
  return i == kGreen || i == kBio || i == kRobotics || i == kMaterials || i == kIt;
}

std::string_view industry_of_name(std::string_view name) {
  std::size_t best = kTrade, best_len = 0;
  for (std::size_t i = 0; i < std::size(kTradeWords); ++i)
    for (std::string_view t : kTradeWords[i])
      if (!t.empty() && t.size() > best_len && name.find(t) != std::string_view::npos) {
        best = i;
        best_len = t.size();
      }
  return kIndustries[best];
}

std::string district_code(Rng& r) { return std::string(kDistricts[weighted(r, kDistrictWeights)].code); }

std::string_view district_name(std::string_view code) {
  for (const auto& d : kDistricts)
    if (d.code == code) return d.name;
  return {};
}

std::string home_address_in(Rng& r, std::string_view code) {
  const District& d = district_by_code(code);
  std::string_view road = r.pick(d.roads);
  int lane = 1 + r.below(1500);
  int building = 1 + r.below(40);
  int floor = 1 + r.below(18);
  int room = floor * 100 + 1 + r.below(4);
  return fmt::format("上海市{}{}{}弄{}号{}室", d.name, road, lane, building, room);
}

json::object enterprise_operations_record(Rng& r, const EnterpriseProfile& p) {
  const std::size_t ind = p.industry.empty() ? weighted(r, kIndustryWeights) : industry_index(p.industry);
  const IndustryTraits& t = kTraits[ind];
  const bool tech = is_tech_industry(kIndustries[ind]);
  const int employees = std::max(1, p.employees);
  const int founded = static_cast<int>(p.established.year());
  const int years = as_of_year() - founded;
  const bool high_tech = holds(p.qualifications, "高新技术企业");
  const bool tech_sme = holds(p.qualifications, "科技型中小企业");
  const bool specialised = holds(p.qualifications, "专精特新");

  // Revenue: employees × a heavy-tailed revenue per head, lower in the first years.
  double revenue = employees * lognormal(r, t.revenue_per_employee, 0.9);
  if (years <= 1) revenue *= 0.4;
  if (specialised && revenue < 1000) revenue = uniform(r, 1000, 3000);
  if (tech_sme && revenue > 20000) revenue = uniform(r, 5000, 20000);
  revenue = std::max(revenue, 0.5);
  const std::string_view scale = scale_of(t.scale, employees, revenue);

  double growth = years <= 2 ? lognormal(r, 1.25, 0.35) * 100 - 100 : (tech ? 8 : 3) + 18 * normal(r);
  growth = std::clamp(growth, -95.0, 400.0);

  // District tax: a share of VAT and income tax; small-scale taxpayers' exemptions leave many micro ones at
  // 0.
  double tax = revenue * std::min(0.1, lognormal(r, 0.012, 0.6));
  if (scale == "微型" && r.chance(35)) tax = 0;

  // R&D: a share of revenue, at the thresholds of what it is recognised as.
  double rd = 0;
  bool researches = high_tech || tech_sme || specialised || (tech ? r.chance(55) : r.chance(4));
  if (researches) {
    double share = tech ? std::clamp(lognormal(r, 0.04, 0.6), 0.005, 0.4)
                        : std::clamp(lognormal(r, 0.01, 0.5), 0.002, 0.05);
    if (high_tech) share = std::max(share, high_tech_rd_share(revenue) + uniform(r, 0.002, 0.08));
    if (tech_sme || specialised) share = std::max(share, uniform(r, 0.032, 0.08));
    rd = revenue * share;
  }
  int patents = 0;
  if (researches && (high_tech || specialised || (tech ? r.chance(55) : r.chance(10)))) {
    double size = 1 + std::log10(1 + revenue / 1000);
    patents = std::min(500, 1 + static_cast<int>(lognormal(r, 1.5, 0.9) * size));
  }

  // This year's hiring: turnover plus growth; all of them in an enterprise's first year.
  double rate =
      years == 0 ? uniform(r, 0.5, 1.0) : std::clamp(0.10 + growth / 300 + 0.08 * normal(r), 0.0, 0.8);
  int hires = stochastic_round(r, employees * rate);
  int graduates = std::min(hires, stochastic_round(r, hires * (tech ? 0.25 : 0.07) * uniform(r, 0.3, 1.7)));
  int hard = 0;
  bool inclusive = ind == kTrade || ind == kLiving || ind == kConstruction;
  if (hires > graduates && r.chance(inclusive ? 12 : 4))
    hard = std::min(hires - graduates, std::max(1, stochastic_round(r, (hires - graduates) * 0.05)));

  // Premises: about a quarter own theirs and rent nothing.
  double rent = r.chance(25) ? 0 : std::clamp(employees * lognormal(r, t.office_m2, 0.5), 20.0, 300000.0);
  rent = static_cast<double>(std::llround(rent * 2)) / 2;

  double exports = chance_per_mille(r, t.exporters) ? revenue * uniform(r, 0.05, 0.7) : 0;
  double investment = chance_per_mille(r, t.investors)
                          ? revenue * (tech && ind != kIt ? uniform(r, 0.02, 0.25) : uniform(r, 0.005, 0.05))
                          : 0;

  const bool last_year = founded < as_of_year();  // 上年度 figures exist
  json::object o;
  o["industry"] = kIndustries[ind];
  o["scale"] = scale;
  if (last_year) {
    o["revenue"] = decimal2(revenue);
    if (founded < as_of_year() - 1) o["revenue_growth"] = decimal2(growth);
    o["tax_paid"] = decimal2(tax);
    o["rd_expense"] = decimal2(rd);
  }
  o["patents"] = patents;
  o["new_hires"] = hires;
  o["graduates_hired"] = graduates;
  o["hard_to_employ_hired"] = hard;
  o["rent_area"] = decimal2(rent);
  if (last_year) {
    o["export_value"] = decimal2(exports);
    o["fixed_investment"] = decimal2(investment);
  }
  return o;
}

bool above_designated_size(const json::object& operations) {
  auto revenue = number_of(operations, "revenue");
  return revenue && *revenue >= kTraits[industry_index(text_of(operations, "industry"))].designated_size;
}

std::vector<std::string> draw_qualifications(Rng& r, const json::object& ops, int employees) {
  std::vector<std::string> out;
  const std::string_view industry = text_of(ops, "industry");
  const std::string_view scale = text_of(ops, "scale");
  const double revenue = number_of(ops, "revenue").value_or(0);
  const double rd = number_of(ops, "rd_expense").value_or(0);
  const double patents = number_of(ops, "patents").value_or(0);
  const double share = revenue > 0 ? rd / revenue : 0;
  const bool tech = is_tech_industry(industry);
  if (tech && revenue >= 200 && patents >= 1 && share >= high_tech_rd_share(revenue) && r.chance(60))
    out.emplace_back("高新技术企业");
  if (tech && rd > 0 && share >= 0.03 && employees <= 500 && revenue <= 20000 && r.chance(35))
    out.emplace_back("科技型中小企业");
  if ((scale == "小型" || scale == "中型") && revenue >= 1000 && share >= 0.03 && patents >= 1 &&
      r.chance(30)) {
    out.emplace_back("专精特新");
    if (revenue >= 10000 && patents >= 5 && r.chance(30)) out.emplace_back("小巨人");
  }
  if (rd >= 300 && revenue >= 3000 && r.chance(25)) out.emplace_back("企业技术中心");
  if (revenue >= 50000 && r.chance(30)) out.emplace_back("总部企业");
  if (above_designated_size(ops)) out.emplace_back(kAboveDesignatedSize);
  return out;
}

bool tax_arrears(Rng& r) { return r.chance(2); }

json::object employment_record(Rng& r, const PersonProfile& p) {
  const int age = age_on(p.birth, kSyntheticAsOf);
  const int born = static_cast<int>(p.birth.year());

  // Highest education by birth cohort, capped by what the person's age allows.
  static constexpr std::array<int, 5> kByCohort[] = {
      {20, 120, 380, 220, 260},  // born 1985 or later
      {10, 60, 250, 220, 460},   // 1970–1984
      {4, 20, 100, 150, 726},    // 1955–1969
      {2, 10, 60, 90, 838},      // before 1955
  };
  std::size_t cohort = born >= 1985 ? 0 : born >= 1970 ? 1 : born >= 1955 ? 2 : 3;
  std::size_t edu = weighted(r, kByCohort[cohort]);
  while (edu < 4 && born + kGraduationAge[edu] > as_of_year()) ++edu;
  int graduated = std::min(as_of_year(), born + kGraduationAge[edu] + r.below(3));

  std::string_view status;
  if (p.pensioner) {
    status = "退休";
  } else if (p.insured_by_employer) {
    status = "在职";
  } else {
    bool retired = p.male ? age >= 60 : age >= 55 || (age >= 50 && r.chance(50));
    if (retired) {
      int roll = r.below(100);
      status = roll < 95 ? "退休" : roll < 98 ? "灵活就业" : "在职";
    } else if (age < 22) {
      static constexpr std::string_view kYoung[] = {"无业", "在职", "灵活就业", "登记失业"};
      status = kYoung[weighted(r, std::array<int, 4>{55, 30, 10, 5})];
    } else {
      static constexpr std::string_view kWorking[] = {"在职", "灵活就业", "登记失业", "无业"};
      status = kWorking[weighted(r, std::array<int, 4>{76, 11, 4, 9})];
    }
  }

  // Talent recognition (人才认定): by education, rare below 硕士.
  static constexpr std::array<int, 5> kTalent[] = {
      {10, 50, 150, 250, 540},  // 博士: A, B, C, D, 无
      {0, 5, 40, 120, 835},     // 硕士
      {0, 0, 5, 30, 965},       // 本科
      {0, 0, 0, 5, 995},        // 大专
      {0, 0, 0, 0, 1},          // 高中及以下
  };
  static constexpr std::string_view kLevels[] = {"A", "B", "C", "D", "无"};
  std::string_view talent = kLevels[weighted(r, kTalent[edu])];

  return {{"employment_status", status},
          {"education", kEducation[edu]},
          {"graduation_year", graduated},
          {"talent_level", talent}};
}

json::object civil_affairs_record(Rng& r, const PersonProfile& p, const json::object& employment) {
  const int age = age_on(p.birth, kSyntheticAsOf);
  const std::string_view status = text_of(employment, "employment_status");
  const std::string_view education = text_of(employment, "education");
  const bool jobless = status == "登记失业" || status == "无业";

  // Social assistance, exclusive: 特困 (no work, no one to support them), 低保, 低收入.
  int roll = r.below(1000);
  int extreme = jobless ? 15 : status == "退休" ? 5 : 0;
  int subsistence = jobless ? 60 : 11;
  int low = jobless ? 60 : 26;
  bool is_extreme = roll < extreme;
  bool is_subsistence = !is_extreme && roll < extreme + subsistence;
  bool is_low = !is_extreme && !is_subsistence && roll < extreme + subsistence + low;

  int disability_per_mille = is_extreme ? 400 : is_subsistence ? 200 : age >= 60 ? 35 : 18;
  int disability = 0;
  if (chance_per_mille(r, disability_per_mille))
    disability = 1 + static_cast<int>(weighted(r, std::array<int, 4>{15, 25, 30, 30}));
  bool veteran = age >= 20 && chance_per_mille(r, p.male ? 35 : 3);

  const bool married = p.marital_status == "已婚";
  int children = 0;
  if (!is_extreme && age >= 22 && age <= 45) {
    int per_mille = !married                 ? (age <= 40 ? 3 : 0)
                    : age >= 25 && age <= 34 ? 140
                    : age >= 35 && age <= 40 ? 70
                                             : 20;
    if (chance_per_mille(r, per_mille)) children = r.chance(10) ? 2 : 1;
  }

  int size = 1;
  if (!is_extreme) {
    if (married) {
      size = 2 + children + static_cast<int>(weighted(r, std::array<int, 4>{40, 40, 15, 5}));
    } else if (p.marital_status == "未婚" && age < 35) {
      size = std::max(1 + children, 1 + static_cast<int>(weighted(r, std::array<int, 5>{30, 10, 45, 10, 5})));
    } else {
      size = 1 + children + static_cast<int>(weighted(r, std::array<int, 4>{55, 30, 10, 5}));
    }
  }
  size = std::min(size, 6);

  double income;
  if (is_extreme || is_subsistence) {
    income = uniform(r, 300, kSubsistenceLine);
  } else if (is_low) {
    income = uniform(r, kSubsistenceLine, 2 * kSubsistenceLine);
  } else {
    double median = status == "在职" ? 8600 : status == "灵活就业" ? 6200 : status == "退休" ? 6000 : 4800;
    median *= education == "博士"   ? 1.8
              : education == "硕士" ? 1.5
              : education == "本科" ? 1.2
              : education == "大专" ? 1.0
                                    : 0.8;
    median *= std::pow(2.5 / size, 0.35);
    income = std::max(1200.0, lognormal(r, median, 0.45));
  }

  return {{"subsistence_allowance", is_subsistence},
          {"extreme_poverty", is_extreme},
          {"low_income", is_low},
          {"disability_level", disability},
          {"veteran", veteran},
          {"household_size", size},
          {"monthly_income_per_capita", decimal2(income)},
          {"children_under_3", children}};
}

// ---- the whole population ---------------------------------------------------------------------------

namespace {

constexpr char kCodeChars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

// The 8-character organisation code of the i-th enterprise: a bijection of i onto the 31^8 codes
// (multiplying by a unit modulo 31^8), so no two enterprises share one.
std::string org_code(std::uint64_t i, std::uint64_t seed) {
  constexpr std::uint64_t kSpace = 852891037441ull;  // 31^8
  constexpr std::uint64_t kUnit = 527119811123ull;   // about 31^8 / golden ratio; not a multiple of 31
  Rng offset(seed);
  unsigned __int128 x = (i + offset.next()) % kSpace;
  x = x * kUnit % kSpace;
  std::string s(8, '0');
  for (int k = 7; k >= 0; --k) {
    s[static_cast<std::size_t>(k)] = kCodeChars[static_cast<std::size_t>(x % 31)];
    x /= 31;
  }
  return s;
}

// An adult's birth date, by Shanghai's adult age structure (per mille in each band of ages).
Date birth_date(Rng& r) {
  static constexpr std::array<int, 13> kBands = {80, 80, 110, 110, 90, 80, 90, 90, 90, 80, 55, 25, 25};
  static constexpr int kFrom[] = {18, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80};
  static constexpr int kTo[] = {24, 29, 34, 39, 44, 49, 54, 59, 64, 69, 74, 79, 86};
  std::size_t band = weighted(r, kBands);
  int age = kFrom[band] + r.below(kTo[band] - kFrom[band] + 1);
  // `age` on the as-of day: born 365 days or fewer before its birthday that year.
  return days_before(kSyntheticAsOf, age * 365 + age / 4 + 1 + r.below(364));
}

void drop_some(Rng& r, json::object& o, std::span<const std::string_view> keys) {
  int n = 1 + r.below(2);
  for (int k = 0; k < n; ++k) o.erase(keys[static_cast<std::size_t>(r.below(static_cast<int>(keys.size())))]);
}

class PopulationWriter {
 public:
  PopulationWriter(std::ostream& out, std::uint64_t seed)
      : out_(out), seed_(seed), enterprises_(seed), persons_(seed ^ 0x5EED5EED5EED5EEDull) {}

  void enterprise(int i) {
    Rng& r = enterprises_;
    const std::string district = district_code(r);
    const std::size_t ind = weighted(r, kIndustryWeights);
    static constexpr std::string_view kTypes[] = {"有限责任公司",           "有限责任公司（自然人独资）",
                                                  "股份有限公司（非上市）", "有限责任公司（外商投资）",
                                                  "个人独资企业",           "有限合伙企业"};
    const std::size_t type = weighted(r, std::array<int, 6>{78, 12, 3, 3, 2, 2});
    std::string name = enterprise_name(r, ind, type);
    const std::string code =
        make_credit_code('9', '1', district, org_code(static_cast<std::uint64_t>(i), seed_));

    const double established_u = std::pow(uniform(r), 1.15);
    const int span = static_cast<int>(
        (std::chrono::sys_days{kSyntheticAsOf} - std::chrono::sys_days{Date{year{1995} / month{1} / day{1}}})
            .count());
    const Date established = days_before(kSyntheticAsOf, static_cast<int>(established_u * span));
    // Heavy-tailed headcount: P(≥ n) ≈ (2.5 / n)^1.05.
    const int employees =
        std::min(30000, std::max(1, static_cast<int>(2.5 / std::pow(1 - uniform(r), 1 / 1.05))));
    int status_roll = r.below(1000);
    std::string_view status = status_roll < 965   ? "存续（在营、开业、在册）"
                              : status_roll < 970 ? "迁出"
                              : status_roll < 980 ? "吊销，未注销"
                                                  : "注销";
    const bool active = status_roll < 970;

    EnterpriseProfile profile{kIndustries[ind], employees, established, {}};
    json::object ops = enterprise_operations_record(r, profile);
    if (!active)
      for (std::string_view k : {"new_hires", "graduates_hired", "hard_to_employ_hired"}) ops[k] = 0;
    std::vector<std::string> quals = draw_qualifications(r, ops, employees);
    const std::string_view scale = text_of(ops, "scale");
    static constexpr int kMicroCapital[] = {10, 30, 50, 100, 100, 200, 500};
    static constexpr int kSmallCapital[] = {100, 200, 300, 500, 1000};
    static constexpr int kMidCapital[] = {500, 1000, 2000, 5000};
    static constexpr int kLargeCapital[] = {5000, 10000, 20000, 50000};
    int capital = scale == "微型"   ? r.pick(kMicroCapital)
                  : scale == "小型" ? r.pick(kSmallCapital)
                  : scale == "中型" ? r.pick(kMidCapital)
                                    : r.pick(kLargeCapital);

    json::object e;
    e["id"] = code;
    e["kind"] = "enterprise";
    e["name"] = std::move(name);
    e["credit_code"] = code;
    e["entity_type"] = kTypes[type];
    e["status"] = status;
    e["district_code"] = district;
    e["established_on"] = format_date(established);
    e["registered_capital"] = decimal2(capital);
    e["employees"] = employees;
    json::array q;
    for (auto& s : quals) q.emplace_back(s);
    e["qualifications"] = std::move(q);
    if (!(scale == "微型" && r.chance(3)))  // some micro ones have no 社保 account: unknown
      e["insured_employees"] = active ? std::max(0, employees - r.below(employees / 8 + 2)) : 0;
    for (auto& kv : ops) e[kv.key()] = kv.value();

    bool dishonest = chance_per_mille(r, 4);
    bool abnormal = !active || chance_per_mille(r, scale == "微型" ? 50 : 15);
    bool arrears = tax_arrears(r);
    int rating_roll = r.below(100);
    std::string_view rating = dishonest          ? "D"
                              : abnormal         ? "C"
                              : arrears          ? (rating_roll < 50 ? "B" : "C")
                              : rating_roll < 68 ? "A"
                              : rating_roll < 98 ? "B"
                                                 : "C";
    int penalty_roll = r.below(100);
    int penalties = penalty_roll < 88 ? 0 : penalty_roll < 97 ? 1 : penalty_roll < 99 ? 2 : 3 + r.below(4);
    if ((rating == "C" || rating == "D") && penalties == 0) penalties = 1;
    json::object credit{{"dishonest", dishonest},
                        {"abnormal_operation", abnormal},
                        {"tax_arrears", arrears},
                        {"rating", rating},
                        {"penalties", penalties}};

    if (r.chance(3)) {
      static constexpr std::string_view kDroppable[] = {
          "revenue",      "revenue_growth",   "tax_paid",  "rd_expense",     "patents",
          "new_hires",    "employees",        "industry",  "scale",          "insured_employees",
          "export_value", "fixed_investment", "rent_area", "graduates_hired"};
      drop_some(r, e, kDroppable);
      if (r.chance(30)) credit.erase("rating");
    }
    e["credit"] = std::move(credit);
    write(e);
  }

  void person() {
    Rng& r = persons_;
    const std::string household = district_code(r);
    const bool male = r.chance(50);
    const Date birth = birth_date(r);
    std::string region = household;
    if (int roll = r.below(100); roll >= 80)
      region = roll < 90 ? district_code(r) : std::string(r.pick(kBirthRegions));
    std::string id;
    do {
      int seq = r.below(500) * 2 + (male ? 1 : 0);  // odd: male
      id = make_id_number(region, birth, seq);
    } while (!ids_.insert(id).second);

    std::string name(r.pick(kSurnames));
    name += male ? r.pick(kGivenMale) : r.pick(kGivenFemale);
    if (r.below(3)) name += male ? r.pick(kGivenMale) : r.pick(kGivenFemale);

    const int age = age_on(birth, kSyntheticAsOf);
    std::string_view marital = "未婚";
    if (age >= 23) {
      static constexpr std::string_view kMarital[] = {"已婚", "未婚", "离婚", "丧偶"};
      std::array<int, 4> w = age < 30   ? std::array<int, 4>{35, 60, 5, 0}
                             : age < 40 ? std::array<int, 4>{75, 18, 7, 0}
                             : age < 60 ? std::array<int, 4>{85, 5, 8, 2}
                                        : std::array<int, 4>{75, 2, 5, 18};
      marital = kMarital[weighted(r, w)];
    }
    PersonProfile profile{birth, male, marital};
    json::object employment = employment_record(r, profile);
    json::object civil = civil_affairs_record(r, profile, employment);

    // 社保 as the employment status implies: months from the first job (at 22–24, not before 1993).
    const std::string_view status = text_of(employment, "employment_status");
    const int start_age = 22 + r.below(3);
    const int start_year = std::max(1993, static_cast<int>(birth.year()) + start_age);
    const int retire_age = male ? 60 : 55;
    const int end_year =
        status == "退休" ? std::min(as_of_year(), static_cast<int>(birth.year()) + retire_age) : as_of_year();
    int months = std::max(0, (end_year - start_year) * 12);
    std::string_view insured;
    if (status == "在职") {
      insured = "正常参保";
      months = static_cast<int>(months * uniform(r, 0.85, 1.0));
    } else if (status == "灵活就业") {
      insured = r.chance(85) ? "正常参保" : "暂停缴费";
      months = static_cast<int>(months * uniform(r, 0.4, 0.9));
    } else if (status == "登记失业") {
      insured = "暂停缴费";
      months = static_cast<int>(months * uniform(r, 0.3, 0.9));
    } else if (status == "退休") {
      insured = "退休（领取养老金）";
      months = std::max(180, static_cast<int>(months * uniform(r, 0.8, 1.0)));
    } else if (age < 25 || r.chance(50)) {
      insured = "未参保";
      months = 0;
    } else {
      insured = "暂停缴费";
      months = static_cast<int>(months * uniform(r, 0.1, 0.6));
    }

    json::object p;
    p["id"] = id;
    p["kind"] = "person";
    p["name"] = std::move(name);
    p["id_number"] = id;
    p["gender"] = male ? "男" : "女";
    p["birth_date"] = format_date(birth);
    p["household_district_code"] = household;
    p["marital_status"] = marital;
    p["insured_status"] = insured;
    p["contribution_months"] = months;
    p["employment_status"] = employment["employment_status"];
    p["education"] = employment["education"];
    p["graduation_year"] = employment["graduation_year"];
    if (!r.chance(1))  // no 社会救助和家庭信息 record: all of it unknown
      for (auto& kv : civil) p[kv.key()] = kv.value();
    p["talent_level"] = employment["talent_level"];
    if (r.chance(3)) {
      static constexpr std::string_view kDroppable[] = {
          "marital_status",  "insured_status", "contribution_months",       "education",
          "graduation_year", "household_size", "monthly_income_per_capita", "talent_level"};
      drop_some(r, p, kDroppable);
    }
    p["credit"] = json::object{{"dishonest", chance_per_mille(r, 3)}};
    write(p);
  }

 private:
  std::string enterprise_name(Rng& r, std::size_t industry, std::size_t type) {
    const auto& trades = kTradeWords[industry];
    std::size_t n = 0;
    while (n < trades.size() && !trades[n].empty()) ++n;
    for (int attempt = 0;; ++attempt) {
      std::string brand(r.pick(kBrandChars));
      brand += r.pick(kBrandChars);
      if (attempt > 8) brand += r.pick(kBrandChars);  // the two-character names of this trade are running out
      std::string_view trade = trades[static_cast<std::size_t>(r.below(static_cast<int>(n)))];
      std::string name = type == 2   ? fmt::format("上海{}{}股份有限公司", brand, trade)
                         : type == 4 ? fmt::format("上海{}{}中心", brand, trade)
                         : type == 5 ? fmt::format("上海{}{}合伙企业（有限合伙）", brand, trade)
                                     : fmt::format("上海{}{}有限公司", brand, trade);
      if (names_.insert(name).second) return name;
    }
  }

  void write(const json::object& o) {
    line_ = json::serialize(o);
    line_ += '\n';
    out_.write(line_.data(), static_cast<std::streamsize>(line_.size()));
  }

  std::ostream& out_;
  std::uint64_t seed_;
  Rng enterprises_, persons_;  // separate sequences: the persons do not depend on how many enterprises
  std::unordered_set<std::string> names_, ids_;
  std::string line_;
};

}  // namespace

void write_synthetic_population(std::ostream& out, int enterprises, int persons, std::uint64_t seed) {
  PopulationWriter w(out, seed);
  for (int i = 0; i < enterprises; ++i) w.enterprise(i);
  for (int i = 0; i < persons; ++i) w.person();
}

}  // namespace haoban::app
