#include "app/seed_sources.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/json/array.hpp>
#include <map>

#include "app/rng.h"
#include "app/synthetic_entities.h"
#include "core/calendar.h"
#include "core/error.h"

namespace haoban::app {

namespace {

namespace json = boost::json;
using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

constexpr std::string_view kActor = "seed";
constexpr std::string_view kRegistrar = "上海市宝山区市场监督管理局";
constexpr std::string_view kPolice = "上海市公安局宝山分局";
constexpr std::string_view kCivilAffairs = "上海市宝山区民政局";
constexpr std::string_view kLandRegistry = "上海市宝山区规划和自然资源局";
constexpr std::string_view kActive = "存续（在营、开业、在册）";
// When each source last refreshed its records (fixed, so the seed is the same every time).
constexpr std::string_view kRealtimeAt = "2026-11-26T09:30:00Z";
constexpr std::string_view kDailyAt = "2026-11-26T16:00:00Z";
constexpr std::string_view kMonthlyAt = "2026-10-31T16:00:00Z";
constexpr Date kAsOf = year{2026} / month{11} / day{1};

// Deliberate gaps (docs/sources.md): by index in the seed's enterprise list (0 is enterprise.demo).
constexpr std::size_t kNoSocialSecurity = 3;  // enterprise.0003: no 社保 record at all
constexpr std::size_t kExpiredLicence = 5;  // enterprise.0005: its 营业执照 e-licence expired 2025-06-30
constexpr std::size_t kAbnormal = 7;  // enterprise.0007: listed for abnormal operation (经营异常名录)
constexpr std::size_t kNoOperations = 9;  // enterprise.0009: no 企业经营数据 record (policies: undecided)
// Persons (0 is person.demo): every fourth one from index 2 owns no property (no 不动产 record).
constexpr bool rents(std::size_t i) { return i % 4 == 2; }
// person.0034 (neither a representative nor an agent) receives 低保: a family of three on one low wage.
constexpr std::size_t kSubsistence = 34;

constexpr std::string_view kRoads[] = {"牡丹江路", "友谊路",   "同济路", "宝杨路",   "共和新路",
                                       "沪太路",   "蕰川路",   "富锦路", "长江西路", "水产路",
                                       "淞宝路",   "殷高西路", "锦秋路", "丰翔路",   "美兰湖路",
                                       "月罗路",   "潘泾路",   "真大路", "南大路",   "联杨路"};
constexpr std::string_view kMinorities[] = {"回族", "满族", "蒙古族", "壮族", "土家族"};

// What an enterprise's trade (from its name) implies: scope, premises use, food licence, qualifications.
struct Trade {
  std::string_view keyword;
  std::string_view scope;
  std::string_view usage;  // of its premises
  bool food = false;
  bool tech = false;
};
constexpr Trade kTrades[] = {
    {"智能科技",
     "一般项目：技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广；人工智能应用软件开发；智能机器人"
     "的研发；工业自动控制系统装置销售。",
     "办公", false, true},
    {"餐饮管理", "许可项目：餐饮服务；食品销售。一般项目：餐饮管理；食品销售（仅销售预包装食品）。", "商业",
     true, false},
    {"建筑工程", "许可项目：建设工程施工。一般项目：建筑材料销售；园林绿化工程施工；土石方工程施工。", "办公",
     false, false},
    {"文化传媒", "一般项目：组织文化艺术交流活动；广告设计、代理；广告制作；会议及展览服务。", "办公", false,
     false},
    {"医疗器械", "许可项目：第三类医疗器械经营。一般项目：第一类医疗器械销售；第二类医疗器械销售。", "办公",
     false, true},
    {"新材料", "一般项目：新材料技术研发；新型膜材料销售；高性能纤维及复合材料制造。", "工业", false, true},
    {"智能制造", "一般项目：智能基础制造装备制造；工业机器人制造；通用设备制造（不含特种设备制造）。", "工业",
     false, true},
    {"企业管理咨询", "一般项目：企业管理咨询；信息咨询服务（不含许可类信息咨询服务）；市场营销策划。", "办公",
     false, false},
    {"机械设备", "一般项目：机械设备销售；机械设备租赁；通用设备修理；五金产品批发。", "工业", false, false},
    {"环保科技", "一般项目：环保咨询服务；大气污染治理；水污染治理；固体废物治理。", "办公", false, true},
    {"信息技术", "一般项目：软件开发；信息系统集成服务；信息技术咨询服务；数据处理服务。", "办公", false,
     true},
    {"食品", "许可项目：食品销售；食品生产。一般项目：食品销售（仅销售预包装食品）；农副产品销售。", "商业",
     true, false},
    {"商务服务", "一般项目：商务信息咨询；会议及展览服务；礼仪服务；企业形象策划。", "办公", false, false},
    {"科技",
     "一般项目：技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广；计算机软硬件及辅助设备零售。",
     "办公", false, true},
    {"贸易", "一般项目：货物进出口；技术进出口；日用百货销售；五金产品批发；电子产品销售。", "商业", false,
     false},
    {"物流", "许可项目：道路货物运输（不含危险货物）。一般项目：国内货物运输代理；普通货物仓储服务。", "工业",
     false, false},
};

const Trade& trade_of(std::string_view name) {
  for (const auto& t : kTrades)
    if (name.find(t.keyword) != std::string_view::npos) return t;
  return kTrades[std::size(kTrades) - 3];  // 商务服务
}

Date parse(std::string_view s) {
  auto d = parse_date(s);
  if (!d) throw invalid("seed-bad-date", "演示数据日期无效", std::string(s));
  return *d;
}

Date add_years(Date d, int n) {
  Date r = d + std::chrono::years(n);
  return r.ok() ? r : Date{r.year() / r.month() / std::chrono::last};
}
Date add_months(Date d, int n) {
  Date r = d + std::chrono::months(n);
  return r.ok() ? r : Date{r.year() / r.month() / std::chrono::last};
}
Date day_before(Date d) { return Date{std::chrono::sys_days{d} - std::chrono::days{1}}; }
int months_between(Date from, Date to) {
  return (static_cast<int>(to.year()) - static_cast<int>(from.year())) * 12 +
         static_cast<int>(static_cast<unsigned>(to.month())) -
         static_cast<int>(static_cast<unsigned>(from.month()));
}
// Draws are sequenced one per statement: the order of evaluation of function arguments is unspecified.
Date random_date(Rng& r, int from_year, int to_year) {
  int y = from_year + r.below(to_year - from_year + 1);
  unsigned m = static_cast<unsigned>(1 + r.below(12));
  unsigned d = static_cast<unsigned>(1 + r.below(28));
  return year{y} / month{m} / day{d};
}

// Amounts in hundredths ("cents" of the unit) → "1234.50".
std::string hundredths(long long v) { return fmt::format("{}.{:02}", v / 100, v % 100); }

json::object licence(std::string_view category, std::string_view name, std::string number,
                     std::string_view issuer, Date issued, std::string expires) {
  return {{"category", category},
          {"name", name},
          {"number", std::move(number)},
          {"issuer", issuer},
          {"issued_on", format_date(issued)},
          {"expires_on", std::move(expires)}};
}

std::string home_address(Rng& r) {
  std::string_view road = r.pick(kRoads);
  int lane = 1 + r.below(2000);
  int building = 1 + r.below(60);
  int floor = 1 + r.below(18);
  int room = floor * 100 + 1 + r.below(4);
  return fmt::format("上海市宝山区{}{}弄{}号{}室", road, lane, building, room);
}

std::string mobile(Rng& r) {
  int second = 3 + r.below(7);
  int rest = r.below(1000000000);
  return fmt::format("1{}{:09}", second, rest);
}

std::string landline(Rng& r) {
  int first = 5 + r.below(2);
  int rest = r.below(10000000);
  return fmt::format("021-{}{:07}", first, rest);
}

std::string property_number(Rng& r, Date registered) {
  return fmt::format("沪（{}）宝字不动产权第{:06}号", static_cast<int>(registered.year()), r.below(1000000));
}

struct PersonFacts {
  std::string id_number, name;
  Date birth;
  bool male = false;
  int age = 0;
  std::string phone;
  std::string employer;  // the enterprise they represent or act for, if any
};

constexpr std::string_view kFoodPosts[] = {"厨师", "面点师", "服务员", "营业员"};

class Seeder {
 public:
  Seeder(std::vector<sources::PutRecord>& out, const std::vector<PersonFacts>& people,
         const std::map<std::string, std::size_t>& person_index)
      : out_(out), people_(people), person_index_(person_index) {}

  void put(std::string_view source, const std::string& subject, json::object values, std::string_view at) {
    out_.push_back({std::string(source), subject, std::move(values), std::string(at)});
  }

  // Every enterprise gets what the high-frequency forms (企业变更, 企业注销, 食品经营许可) read, so each
  // can be prefilled: registration and annual report, the 清算组备案 and creditors' notice, the
  // premises' area, the food safety filings. Values are ones those forms accept (their option lists).
  void enterprise(std::size_t i, const identity::Enterprise& e, std::span<const identity::Enterprise> all) {
    const bool demo = i == 0;
    const Trade& trade = trade_of(e.name);
    const Date established = parse(e.established);
    const identity::EnterpriseMember* rep = nullptr;
    const identity::EnterpriseMember* agent = nullptr;
    for (const auto& m : e.members) (m.relation == "legal_representative" ? rep : agent) = &m;
    if (!rep) throw invalid("seed-no-representative", "演示企业缺少法定代表人", e.credit_code);
    const PersonFacts& rep_person = person(rep->id_number);
    const PersonFacts& contact = agent ? person(agent->id_number) : rep_person;

    // 法人库: registration, shareholders (capital split in basis points), annual report.
    static constexpr int kCapitals[] = {10, 50, 100, 200, 300, 500, 1000, 2000, 5000};
    const long long capital = demo ? 1000 : rng_.pick(kCapitals);
    struct Holder {
      std::string name, kind;
    };
    std::vector<Holder> holders{{rep->name, "自然人股东"}};
    if (agent && (demo || rng_.chance(50))) holders.push_back({agent->name, "自然人股东"});
    if (!demo && rng_.chance(20)) holders.push_back({all[(i + 17) % all.size()].name, "企业法人"});
    int rest = 10000;
    json::array shareholders;
    long long subscribed_left = capital * 100;
    for (std::size_t h = 0; h < holders.size(); ++h) {
      int bp = rest;
      if (h + 1 < holders.size())
        bp = demo     ? 6000
             : h == 0 ? 5100 + 100 * rng_.below(40)
                      : std::max(100, rest / 2 - 100 * rng_.below(10));
      rest -= bp;
      long long subscribed = h + 1 < holders.size() ? capital * 100 * bp / 10000 : subscribed_left;
      subscribed_left -= subscribed;
      shareholders.push_back(json::object{{"name", holders[h].name},
                                          {"kind", holders[h].kind},
                                          {"subscribed", hundredths(subscribed)},
                                          {"ratio", hundredths(bp)}});
    }
    const bool expired = i == kExpiredLicence;
    const std::string term_end = expired ? "2025-06-30" : "不约定期限";
    const int employees = demo ? 48 : 3 + rng_.below(trade.usage == "工业" ? 300 : 80);
    json::array qualifications;
    if (demo) {
      qualifications = {"高新技术企业", "科技型中小企业"};
    } else if (trade.tech && rng_.chance(40)) {
      qualifications.push_back("高新技术企业");
      if (rng_.chance(30)) qualifications.push_back("专精特新");  // as policies name it
    }
    json::object operations = operations_record(demo, e, employees, established, qualifications);
    if (above_designated_size(operations)) qualifications.emplace_back(kAboveDesignatedSize);
    // 清算组备案 and the creditors' notice (more than 45 days before the demo's today).
    Date dissolved = year{2026} / month{7} / day{static_cast<unsigned>(1 + rng_.below(28))};
    Date filed = Date{std::chrono::sys_days{dissolved} + std::chrono::days{3 + rng_.below(10)}};
    Date notice = Date{std::chrono::sys_days{filed} + std::chrono::days{2 + rng_.below(8)}};
    json::array liquidation{json::object{{"name", rep_person.name},
                                         {"id_number", rep_person.id_number},
                                         {"role", "清算组负责人"},
                                         {"phone", rep_person.phone}}};
    if (&contact != &rep_person)
      liquidation.push_back(json::object{{"name", contact.name},
                                         {"id_number", contact.id_number},
                                         {"role", "清算组成员"},
                                         {"phone", contact.phone}});
    put("enterprise_registry", e.credit_code,
        {{"name", e.name},
         {"credit_code", e.credit_code},
         {"entity_type", "有限责任公司"},
         {"legal_representative", rep->name},
         {"legal_rep_id_number", rep->id_number},
         {"registered_capital", hundredths(capital * 100)},
         {"established_on", e.established},
         {"business_term", e.established + " 至 " + term_end},
         {"address", e.address},
         {"district_code", e.district_code},
         {"business_scope", trade.scope},
         {"registration_authority", kRegistrar},
         {"status", kActive},
         {"shareholders", std::move(shareholders)},
         {"employees", employees},
         {"contact_name", contact.name},
         {"contact_phone", demo ? std::string("021-56781234") : landline(rng_)},
         {"liquidation_filed_on", format_date(filed)},
         {"dissolution_reason", "股东会（股东）决议解散"},
         {"dissolution_date", format_date(dissolved)},
         {"liquidation_group", std::move(liquidation)},
         {"creditor_notice_date", format_date(notice)},
         {"qualifications", std::move(qualifications)}},
        kRealtimeAt);

    // 社保: the employer's account (one enterprise deliberately has none).
    if (i != kNoSocialSecurity) {
      Date since = std::max(add_months(established, 1 + rng_.below(3)), Date{year{2000} / month{1} / day{1}});
      put("social_security", e.credit_code,
          {{"insured_employees", demo ? 46 : std::max(1, employees - rng_.below(4))},
           {"status", "正常参保"},
           {"insured_since", format_date(since)},
           {"contribution_months", std::max(0, months_between(since, kAsOf))},
           {"employer", e.name}},
          kMonthlyAt);
    }

    // 信用.
    json::object credit{{"dishonest", false},
                        {"abnormal_operation", i == kAbnormal},
                        {"rating", demo              ? "A"
                                   : i == kAbnormal  ? "C"
                                   : rng_.chance(70) ? "A"
                                                     : "B"},
                        {"penalties", demo || i == kAbnormal ? 0
                                      : rng_.chance(10)      ? 1
                                                             : 0}};
    credit["tax_arrears"] = i == kAbnormal || (!demo && tax_arrears(extra_));
    put("credit", e.credit_code, std::move(credit), kDailyAt);

    // 不动产: the premises' registered area for every enterprise; property rights for those that own
    // their premises (enterprise.demo and about a third of the others).
    long long area = trade.usage == "工业" ? 80000 + rng_.below(420000) : 8000 + rng_.below(52000);
    if (demo) area = 128650;
    json::object estate{{"premises_area", hundredths(area)}};
    json::array licences;
    licences.push_back(licence("business_licence", "营业执照", e.credit_code, kRegistrar, established,
                               expired ? term_end : "长期"));
    const bool owns_premises = demo || rng_.chance(33);
    operations["rent_area"] = owns_premises ? "0.00" : hundredths(area);
    if (i != kNoOperations) put("enterprise_operations", e.credit_code, std::move(operations), kMonthlyAt);
    if (owns_premises) {
      Date registered = std::max(established, random_date(rng_, 2005, 2024));
      std::string number = property_number(rng_, registered);
      estate["properties"] = json::array{json::object{{"certificate_no", number},
                                                      {"address", e.address},
                                                      {"area", hundredths(area)},
                                                      {"usage", trade.usage},
                                                      {"registered_on", format_date(registered)}}};
      licences.push_back(
          licence("property_certificate", "不动产权证书", number, kLandRegistry, registered, "长期"));
    }
    put("real_estate", e.credit_code, std::move(estate), kDailyAt);

    // 食品安全监管信息: filed by food businesses for their premises and by the others for their staff
    // canteens (单位食堂).
    food_safety(i, e, contact, trade);

    // 电子证照库: the business licence; food businesses' 食品经营许可证 (valid five years).
    if (trade.food) {
      Date issued = std::max(established, random_date(rng_, 2022, 2026));
      if (issued > kAsOf) issued = kAsOf;
      licences.push_back(licence("licence_certificate", "食品经营许可证",
                                 fmt::format("JY1310113{:07}", rng_.below(10000000)), kRegistrar, issued,
                                 format_date(day_before(add_years(issued, 5)))));
    } else if (demo) {
      // enterprise.demo runs a staff canteen (单位食堂), which needs one too (免申即办's demo). Fixed,
      // drawing nothing from rng_, so that every other record stays as it was.
      Date issued = std::max(established, Date{year{2024} / month{3} / day{18}});
      licences.push_back(licence("licence_certificate", "食品经营许可证", "JY13101130428176", kRegistrar, issued,
                                 format_date(day_before(add_years(issued, 5)))));
    }
    put("e_licences", e.credit_code, {{"licences", std::move(licences)}}, kRealtimeAt);
  }

  // The food safety manager and the staff's health certificates (valid one year; all still valid on
  // the demo's today).
  void food_safety(std::size_t i, const identity::Enterprise& e, const PersonFacts& manager,
                   const Trade& trade) {
    json::array staff;
    auto add = [&](const PersonFacts& p, std::string_view post) {
      Date expiry = year{2027} / month{static_cast<unsigned>(1 + rng_.below(10))} /
                    day{static_cast<unsigned>(1 + rng_.below(28))};
      int number = rng_.below(100000000);
      staff.push_back(json::object{{"name", p.name},
                                   {"id_number", p.id_number},
                                   {"post", post},
                                   {"health_certificate_no", fmt::format("JK310113{:08}", number)},
                                   {"health_certificate_expiry", format_date(expiry)}});
    };
    add(manager, "食品安全管理员");
    int others = i == 0 ? 3 : 1 + rng_.below(trade.food ? 6 : 3);
    for (int k = 0; k < others; ++k) {
      const PersonFacts& p = people_[(i * 11 + static_cast<std::size_t>(k) * 37 + 2) % people_.size()];
      if (p.id_number == manager.id_number) continue;
      add(p, trade.food ? rng_.pick(kFoodPosts)
             : k == 0   ? std::string_view("厨师")
                        : std::string_view("服务员"));
    }
    put("food_safety", e.credit_code,
        {{"manager", manager.name}, {"manager_phone", manager.phone}, {"employees", std::move(staff)}},
        kDailyAt);
  }

  void person(std::size_t i, const PersonFacts& p) {
    const bool demo = i == 0;
    // 人口库.
    // home: their Baoshan address; household (户籍): the same, or elsewhere in Shanghai (人户分离).
    std::string home = demo ? "上海市宝山区牡丹江路1688弄12号602室" : home_address(rng_);
    std::string residence = demo || rng_.chance(70) ? home : home_address(rng_);
    std::string household_code = demo ? "310113" : district_code(extra_);
    std::string household = household_code == "310113" ? home : home_address_in(extra_, household_code);
    std::string_view marital = "未婚";
    if (demo)
      marital = "已婚";
    else if (p.age >= 23) {
      int roll = rng_.below(100);
      marital = roll < 70 ? "已婚" : roll < 88 ? "未婚" : roll < 95 || p.age < 60 ? "离婚" : "丧偶";
    }
    put("population", p.id_number,
        {{"name", p.name},
         {"id_number", p.id_number},
         {"gender", p.male ? "男" : "女"},
         {"birth_date", format_date(p.birth)},
         {"ethnicity", demo || rng_.chance(94) ? std::string_view("汉族") : rng_.pick(kMinorities)},
         {"household_address", household},
         {"residence_address", residence},
         {"marital_status", marital},
         {"phone", p.phone},
         {"household_district_code", household_code}},
        kDailyAt);

    // 社保: working people pay through an employer; from 60 they draw a pension.
    Date since = std::max(add_years(p.birth, 22 + rng_.below(3)), Date{year{1993} / month{1} / day{1}});
    bool retired = p.age >= 60;
    Date until = retired ? add_years(p.birth, 60) : kAsOf;
    json::object ss{{"status", retired ? "退休（领取养老金）" : "正常参保"},
                    {"insured_since", format_date(since)},
                    {"contribution_months", std::max(0, months_between(since, until))}};
    if (!retired) ss["employer"] = p.employer;
    put("social_security", p.id_number, std::move(ss), kMonthlyAt);

    put("credit", p.id_number, {{"dishonest", false}, {"penalties", 0}, {"tax_arrears", false}}, kDailyAt);
    employment_and_family(i, p, marital, retired);

    // 电子证照库: 居民身份证 (valid 10 or 20 years, or for good from 46), 户口簿, 结婚证/离婚证,
    // 不动产权证书.
    json::array licences;
    int birth_year = static_cast<int>(p.birth.year());
    Date issued = std::max(random_date(rng_, 2017, 2025), add_years(p.birth, 16));
    if (demo) issued = year{2019} / month{7} / day{3};
    int age_at_issue = static_cast<int>(issued.year()) - birth_year;
    std::string id_expires =
        age_at_issue >= 46 ? "长期" : format_date(add_years(issued, age_at_issue >= 26 ? 20 : 10));
    licences.push_back(licence("id_card", "居民身份证", p.id_number, kPolice, issued, id_expires));
    licences.push_back(licence("household_register", "居民户口簿",
                               fmt::format("{}{:06}", household_code, rng_.below(1000000)), kPolice,
                               std::max(random_date(rng_, 2010, 2024), p.birth), "长期"));
    if (marital != "未婚") {
      Date married = std::max(add_years(p.birth, 23 + rng_.below(8)), Date{year{1980} / month{1} / day{1}});
      if (married > kAsOf) married = kAsOf;
      bool divorced = marital == "离婚";
      licences.push_back(licence("marriage_certificate", divorced ? "离婚证" : "结婚证",
                                 fmt::format("{}310113-{}-{:06}", divorced ? "L" : "J",
                                             static_cast<int>(married.year()), rng_.below(1000000)),
                                 kCivilAffairs, married, "长期"));
    }
    if (!rents(i)) {
      Date registered = std::max(random_date(rng_, 2000, 2025), add_years(p.birth, 22));
      if (registered > kAsOf) registered = kAsOf;
      std::string number = property_number(rng_, registered);
      long long area = demo ? 8950 : 4000 + rng_.below(12000);
      put("real_estate", p.id_number,
          {{"properties", json::array{json::object{{"certificate_no", number},
                                                   {"address", home},
                                                   {"area", hundredths(area)},
                                                   {"usage", "住宅"},
                                                   {"registered_on", format_date(registered)}}}}},
          kDailyAt);
      licences.push_back(
          licence("property_certificate", "不动产权证书", number, kLandRegistry, registered, "长期"));
    }
    put("e_licences", p.id_number, {{"licences", std::move(licences)}}, kRealtimeAt);
  }

 private:
  const PersonFacts& person(const std::string& id_number) const {
    auto it = person_index_.find(id_number);
    if (it == person_index_.end())
      throw invalid("seed-unknown-person", "演示企业成员不在人口数据中", id_number);
    return people_[it->second];
  }

  // 企业经营数据 (app/synthetic_entities.h), consistent with the enterprise's trade, headcount and
  // recognitions. enterprise.demo's is fixed: a growing 新一代信息技术 firm with R&D, patents and hires.
  json::object operations_record(bool demo, const identity::Enterprise& e, int employees, Date established,
                                 const json::array& qualifications) {
    if (demo)
      return {{"industry", "新一代信息技术"},
              {"scale", "小型"},
              {"revenue", "3860.00"},
              {"revenue_growth", "18.60"},
              {"tax_paid", "126.40"},
              {"rd_expense", "425.00"},
              {"patents", 6},
              {"new_hires", 9},
              {"graduates_hired", 4},
              {"hard_to_employ_hired", 1},
              {"rent_area", "0.00"},
              {"export_value", "0.00"},
              {"fixed_investment", "85.00"}};
    std::vector<std::string> held;
    for (const auto& q : qualifications) held.emplace_back(q.as_string());
    return enterprise_operations_record(extra_, {industry_of_name(e.name), employees, established, held});
  }

  // 就业和人才信息 and 社会救助和家庭信息, consistent with 社保 (an employer pays, or a pension).
  // person.demo: employed, 本科 (2012), married with one child under 3; person.0034 receives 低保.
  void employment_and_family(std::size_t i, const PersonFacts& p, std::string_view marital, bool retired) {
    PersonProfile profile{p.birth, p.male, marital, retired, !retired};
    json::object employment = employment_record(extra_, profile);
    json::object family = civil_affairs_record(extra_, profile, employment);
    if (i == kSubsistence) {
      family["subsistence_allowance"] = true;
      family["extreme_poverty"] = false;
      family["low_income"] = false;
      family["household_size"] = 3;
      family["monthly_income_per_capita"] = "1120.00";
    }
    if (i == 0) {
      employment = {{"employment_status", "在职"},
                    {"education", "本科"},
                    {"graduation_year", 2012},
                    {"talent_level", "无"}};
      family = {{"subsistence_allowance", false},
                {"extreme_poverty", false},
                {"low_income", false},
                {"disability_level", 0},
                {"veteran", false},
                {"household_size", 3},
                {"monthly_income_per_capita", "9260.00"},
                {"children_under_3", 1}};
    }
    put("employment", p.id_number, std::move(employment), kMonthlyAt);
    put("civil_affairs", p.id_number, std::move(family), kMonthlyAt);
  }

  std::vector<sources::PutRecord>& out_;
  const std::vector<PersonFacts>& people_;
  const std::map<std::string, std::size_t>& person_index_;
  Rng rng_{20261128};    // its own sequence: the accounts' seed stays what it was
  Rng extra_{20261130};  // the later sources' own sequence: the records above stay what they were
};

}  // namespace

int seed_sources(App& app, std::span<const std::pair<std::string, std::string>> persons,
                 std::span<const identity::Enterprise> enterprises) {
  // Who works where: legal representatives and agents for their enterprise, the rest spread over all.
  std::map<std::string, std::size_t> person_index;
  std::vector<PersonFacts> people;
  for (std::size_t i = 0; i < persons.size(); ++i) {
    const auto& [idn, name] = persons[i];
    PersonFacts p{idn, name, parse(idn.substr(6, 4) + "-" + idn.substr(10, 2) + "-" + idn.substr(12, 2))};
    p.male = (idn[16] - '0') % 2 == 1;
    p.age = static_cast<int>(kAsOf.year()) - static_cast<int>(p.birth.year()) -
            (Date{kAsOf.year() / p.birth.month() / p.birth.day()} > kAsOf ? 1 : 0);
    person_index[idn] = i;
    people.push_back(std::move(p));
  }
  Rng phones(20261129);
  for (std::size_t i = 0; i < people.size(); ++i)
    people[i].phone = i == 0 ? std::string("13816881234") : mobile(phones);
  for (std::size_t i = 0; i < people.size() && !enterprises.empty(); ++i)
    people[i].employer = enterprises[(i * 7 + 3) % enterprises.size()].name;
  if (!people.empty() && !enterprises.empty())
    people[0].employer = enterprises[0].name;  // 李明 works at 宝晟
  for (const auto& e : enterprises)
    for (const auto& m : e.members)
      if (auto it = person_index.find(m.id_number); it != person_index.end())
        people[it->second].employer = e.name;

  std::vector<sources::PutRecord> records;
  Seeder s(records, people, person_index);
  for (std::size_t i = 0; i < enterprises.size(); ++i) s.enterprise(i, enterprises[i], enterprises);
  for (std::size_t i = 0; i < people.size(); ++i) s.person(i, people[i]);
  app.sources().put_all(records, kActor);
  spdlog::info("seeded {} authoritative source records", records.size());
  return static_cast<int>(records.size());
}

}  // namespace haoban::app
