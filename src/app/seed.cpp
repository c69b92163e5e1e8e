#include "app/seed.h"

#include "helpdesk/helpdesk.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <set>

#include "app/rng.h"
#include "app/seed_sources.h"
#include "core/error.h"
#include "core/id_codes.h"

namespace haoban::app {

void seed_materials(App& app);  // seed_materials.cpp: the demo applicants' e-material library

namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

constexpr std::string_view kDistrictCode = "310113";
constexpr std::string_view kActor = "seed";

constexpr std::string_view kSurnames[] = {"张", "王", "李", "赵", "陈", "刘", "杨", "黄", "周", "吴",
                                          "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗",
                                          "沈", "顾", "陆", "蒋", "钱", "曹", "金", "施", "姚", "严"};
constexpr std::string_view kGiven[] = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳",
                                       "杰", "娟", "涛", "明", "超", "秀", "霞", "平", "刚", "桂", "英", "华",
                                       "文", "辉", "佳", "欣", "晨", "宇", "浩", "婷", "雪", "琳", "颖", "斌"};
constexpr std::string_view kBrands[] = {"宝晟", "罗泾", "吴淞", "杨行", "月浦", "顾村", "庙行", "淞南", "高境",
                                        "友谊", "蕰川", "美兰", "长江", "沪太", "宝钢", "新顾", "申宝", "泰和",
                                        "锦秋", "丰翔", "智汇", "启航", "海纳", "恒通", "华信", "瑞丰", "通利"};
constexpr std::string_view kTrades[] = {"科技",     "贸易",     "餐饮管理", "建筑工程", "物流",
                                        "文化传媒", "医疗器械", "新材料",   "智能制造", "企业管理咨询",
                                        "机械设备", "环保科技", "信息技术", "食品",     "商务服务"};
constexpr std::string_view kRoads[] = {"牡丹江路", "友谊路", "同济路", "宝杨路",   "共和新路", "沪太路", "蕰川路",
                                       "富锦路",   "长江西路", "水产路", "淞宝路", "殷高西路", "锦秋路", "丰翔路",
                                       "美兰湖路", "月罗路", "潘泾路", "真大路",   "南大路",   "联杨路"};
constexpr char kCodeChars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

std::string person_name(Rng& r) {
  std::string n(r.pick(kSurnames));
  n += r.pick(kGiven);
  if (r.below(3)) n += r.pick(kGiven);
  return n;
}

// The district's streets and towns as the gazetteer lists them (data/gazetteer/streets.csv order).
std::vector<identity::Department> district_streets(const address::Gazetteer& gazetteer) {
  std::vector<identity::Department> out;
  auto district = gazetteer.by_code(kDistrictCode);
  if (!district) throw invalid("missing-gazetteer", "缺少行政区划数据", std::string(kDistrictCode) + " is not in the gazetteer");
  for (std::size_t i = 0; i < gazetteer.size(); ++i) {
    const auto& d = gazetteer.division(static_cast<int>(i));
    if (d.kind == address::Kind::town && d.parent == *district) out.push_back({d.code, d.name, "street", d.code});
  }
  return out;
}

}  // namespace

const std::vector<DemoAccount>& demo_accounts() {
  static const std::vector<DemoAccount> accounts = {
      {"person.demo", "个人用户 李明（办事大厅）"},
      {"enterprise.demo", "企业用户 上海宝晟智能科技有限公司（办事大厅）"},
      {"clerk.scjg", "区市场监管局 窗口受理（工作台）"},
      {"approver.scjg", "区市场监管局 审批（工作台）"},
      {"clerk.rsj", "区人社局 窗口受理（工作台）"},
      {"helper.demo", "帮办（工作台）"},
      {"editor.demo", "知识库编辑（工作台）"},
      {"policy.demo", "政策管理（工作台）"},
      {"analyst.demo", "数据分析（驾驶舱）"},
      {"admin", "系统管理员（工作台、驾驶舱）"},
  };
  return accounts;
}

SeedReport seed(App& app, std::string_view profile) {
  if (profile != "demo") throw invalid("unknown-profile", "未知的数据档案", "profile must be 'demo', got '" +
                                                                                 std::string(profile) + "'");
  long long existing = app.db().read([](soci::session& sql) {
    long long n = 0;
    sql << "SELECT COUNT(*) FROM accounts", soci::into(n);
    return n;
  });
  if (existing > 0)
    throw conflict("store-not-empty", "数据库已有数据，不能重复初始化",
                   "the store already has " + std::to_string(existing) + " accounts; seed fills only an empty store");

  auto& ids = app.identity();
  SeedReport rep;
  Rng rng(20261127);
  const std::string hash = identity::hash_password(kDemoPassword);

  // District departments (区级部门): the ones the definitions' items belong to (departments.yaml).
  const auto& departments = app.catalog().definitions().departments;
  for (const auto& d : departments) {
    ids.put_department({d.id, d.name, "department", ""}, kActor);
    ++rep.departments;
  }
  auto streets = district_streets(*app.address_resources().gazetteer);
  for (const auto& s : streets) {
    ids.put_department(s, kActor);
    ++rep.departments;
  }

  auto staff = [&](std::string username, std::string dept, std::vector<Role> roles, std::string name = {}) {
    identity::NewAccount a;
    a.username = std::move(username);
    a.kind = AccountKind::staff;
    a.display_name = name.empty() ? person_name(rng) : std::move(name);
    a.password_hash = hash;
    a.department_id = std::move(dept);
    a.roles = std::move(roles);
    ids.create_account(a, kActor);
    ++rep.staff;
  };
  for (const auto& d : departments) {
    staff(fmt::format("clerk.{}", d.id), d.id, {Role::window_clerk});
    staff(fmt::format("approver.{}", d.id), d.id, {Role::approver});
  }
  for (const auto& s : streets) staff("helper." + s.id, s.id, {Role::helper});
  staff("helper.demo", streets.empty() ? "sjj" : streets.front().id, {Role::helper}, "陈晓帮");
  staff("editor.demo", "sjj", {Role::kb_editor}, "周知识");
  staff("policy.demo", "jw", {Role::policy_admin}, "吴政策");
  staff("analyst.demo", "sjj", {Role::analyst}, "郑数据");
  staff("admin", "sjj", {Role::admin}, "系统管理员");
  // 帮办 profiles: each street's helper answers anything (the general pool); the demo helper also
  // takes market-regulation and human-resources questions first. Supervised by the administrator.
  {
    long long supervisor = ids.principal("admin")->account_id;
    auto helper = [&](const std::string& username, std::vector<std::string> skills, int seats) {
      auto p = ids.principal(username);
      app.helpdesk().put_helper({p->account_id, username, p->display_name, p->department_id.value_or(""),
                                 std::move(skills), seats, helpdesk::Presence::offline, "", supervisor},
                                kActor);
    };
    for (const auto& s : streets) helper("helper." + s.id, {"*"}, 3);
    helper("helper.demo", {"scjg", "rsj", "*"}, 5);
  }

  // Residents: valid ID numbers registered in Baoshan, born 1950–2005.
  std::vector<std::pair<std::string, std::string>> persons;  // id number, name
  std::set<std::string> seen;
  auto add_person = [&](std::string username, std::string name, std::string idn, bool can_login) {
    identity::NewAccount a;
    a.username = std::move(username);
    a.kind = AccountKind::person;
    a.display_name = name;
    a.id_number = idn;
    if (can_login) a.password_hash = hash;
    ids.create_account(a, kActor);
    persons.emplace_back(idn, name);
    ++rep.persons;
  };
  add_person("person.demo", "李明", make_id_number(kDistrictCode, year{1990} / month{6} / day{15}, 123), true);
  while (rep.persons < 300) {
    auto birth = year{1950 + rng.below(56)} / month{static_cast<unsigned>(1 + rng.below(12))} /
                 day{static_cast<unsigned>(1 + rng.below(28))};
    std::string idn = make_id_number(kDistrictCode, birth, rng.below(1000));
    if (!seen.insert(idn).second) continue;
    add_person(fmt::format("person.{:04}", rep.persons), person_name(rng), idn, false);
  }

  // Enterprises registered in Baoshan, each with a legal representative and usually an agent.
  std::vector<identity::Enterprise> enterprises;
  auto street_of = [&](int i) { return streets.empty() ? std::string("310113003") : streets[i % streets.size()].id; };
  auto add_enterprise = [&](std::string username, std::string name, int i, bool can_login) {
    std::string org;
    for (int k = 0; k < 8; ++k) org += kCodeChars[rng.below(31)];
    identity::Enterprise e;
    e.credit_code = make_credit_code('9', '1', kDistrictCode, org);
    e.name = name;
    e.district_code = std::string(kDistrictCode);
    e.street_code = street_of(i);
    e.address = fmt::format("上海市宝山区{}{}号", rng.pick(kRoads), 1 + rng.below(2000));
    e.established = fmt::format("{}-{:02}-{:02}", 2000 + rng.below(26), 1 + rng.below(12), 1 + rng.below(28));
    const auto& rep_person = persons[(i * 7 + 1) % persons.size()];
    e.members.push_back({rep_person.first, rep_person.second, "legal_representative"});
    if (can_login || rng.below(3)) {
      const auto& agent = persons[(i * 13 + 5) % persons.size()];
      if (agent.first != rep_person.first) e.members.push_back({agent.first, agent.second, "agent"});
    }
    ids.create_enterprise(e, kActor);
    enterprises.push_back(e);
    identity::NewAccount a;
    a.username = std::move(username);
    a.kind = AccountKind::enterprise;
    a.display_name = name;
    a.credit_code = e.credit_code;
    if (can_login) a.password_hash = hash;
    ids.create_account(a, kActor);
    ++rep.enterprises;
  };
  add_enterprise("enterprise.demo", "上海宝晟智能科技有限公司", 0, true);
  std::set<std::string> names{"上海宝晟智能科技有限公司"};
  while (rep.enterprises < 200) {
    std::string name = fmt::format("上海{}{}有限公司", rng.pick(kBrands), rng.pick(kTrades));
    if (!names.insert(name).second) continue;
    add_enterprise(fmt::format("enterprise.{:04}", rep.enterprises), name, rep.enterprises, false);
  }

  // Authoritative records (数源) for every person and enterprise above, with a few deliberate gaps.
  seed_sources(app, persons, enterprises);
  seed_materials(app);
  seed_addresses(app, enterprises);
  seed_knowledge(app);

  spdlog::info("seeded profile {}: {} departments, {} staff, {} persons, {} enterprises", profile,
               rep.departments, rep.staff, rep.persons, rep.enterprises);
  return rep;
}

void seed_bench_accounts(App& app, int applicants, int helpers) {
  if (applicants < 0 || applicants > 10000 || helpers < 0 || helpers > 500)
    throw invalid("validation-failed", "压测账号数量超出范围",
                  fmt::format("--bench-accounts wants 0..10000 applicants and 0..500 helpers, got {},{}", applicants,
                              helpers));
  auto& ids = app.identity();
  if (ids.principal("load.applicant.0001") || ids.principal("load.helper.01"))
    throw conflict("bench-accounts-exist", "压测账号已存在", "this store already has load.* accounts");
  auto supervisor = ids.principal("admin");
  const std::string hash = identity::hash_password(kDemoPassword);
  Rng rng(20261128);
  std::set<std::string> seen = app.db().read([](soci::session& sql) {
    std::set<std::string> out;
    soci::rowset<std::string> rows = sql.prepare << "SELECT id_number FROM accounts WHERE id_number IS NOT NULL";
    for (const auto& r : rows) out.insert(r);
    return out;
  });
  for (int n = 1; n <= applicants;) {
    auto birth = year{1950 + rng.below(56)} / month{static_cast<unsigned>(1 + rng.below(12))} /
                 day{static_cast<unsigned>(1 + rng.below(28))};
    std::string idn = make_id_number(kDistrictCode, birth, rng.below(1000));
    if (!seen.insert(idn).second) continue;
    identity::NewAccount a;
    a.username = fmt::format("load.applicant.{:04}", n);
    a.kind = AccountKind::person;
    a.display_name = person_name(rng);
    a.id_number = idn;
    a.password_hash = hash;
    ids.create_account(a, kActor);
    ++n;
  }
  auto streets = district_streets(*app.address_resources().gazetteer);
  for (int n = 1; n <= helpers; ++n) {
    identity::NewAccount a;
    a.username = fmt::format("load.helper.{:02}", n);
    a.kind = AccountKind::staff;
    a.display_name = person_name(rng);
    a.password_hash = hash;
    a.department_id = streets.empty() ? "sjj" : streets[(n - 1) % streets.size()].id;
    a.roles = {Role::helper};
    ids.create_account(a, kActor);
    auto p = ids.principal(a.username);
    app.helpdesk().put_helper({p->account_id, a.username, a.display_name, a.department_id, {"*"}, 3,
                               helpdesk::Presence::offline, "", supervisor ? supervisor->account_id : 0},
                              kActor);
  }
}

}  // namespace haoban::app
