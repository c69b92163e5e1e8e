// Synthetic Baoshan district data for the sources the policy engine (免申即享) reads:
// 企业经营数据 (enterprise_operations), 就业和人才信息 (employment), 社会救助和家庭信息
// (civil_affairs), 户籍所在区划代码 and 欠缴税款 — record generators the demo seed uses, and a
// whole-population generator (JSON Lines of entities, data/definitions/entities.yaml) for
// benchmarks and the CLI.
//
// Everything here is deterministic: the same Rng state (or seed) gives the same values on every run.
// Records are typed as docs/sources.md "Values" says (money: "1234.50"; number: an integer, or a
// string with its decimals; text: string). Dates and ages are as of kSyntheticAsOf. The functions hold
// no state of their own; an Rng must not be shared between threads.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <iosfwd>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "app/rng.h"
#include "core/calendar.h"

namespace haoban::app {

// The day the synthetic data describes ("上年度" is the year before it), the same as the demo seed's.
inline constexpr Date kSyntheticAsOf = std::chrono::year{2026} / std::chrono::month{11} / std::chrono::day{1};

// The district's key industries (所属重点产业), as enterprise_operations.industry holds them.
inline constexpr std::string_view kIndustries[] = {"邮轮旅游",         "绿色低碳", "生物医药及合成生物",
                                                   "机器人及智能制造", "新材料",   "新一代信息技术",
                                                   "商贸服务",         "建设工程", "民生服务"};

// The qualification (资质认定) an enterprise above the statistics bureau's size threshold carries.
inline constexpr std::string_view kAboveDesignatedSize = "规上企业";

// Whether `industry` is one of the technology industries (R&D, patents, 高新技术企业 are common).
bool is_tech_industry(std::string_view industry);

// The industry an enterprise name's trade word implies ("上海宝晟智能科技有限公司" → 新一代信息技术,
// "…餐饮管理有限公司" → 民生服务); 商贸服务 when the name names no known trade.
std::string_view industry_of_name(std::string_view enterprise_name);

// A Shanghai district code for where an enterprise is registered or a person's 户籍 is: "310113"
// (宝山) for about 88%, otherwise a neighbouring or central district (310114 嘉定, 310107 普陀…).
std::string district_code(Rng& r);

// The district's name ("310114" → "嘉定区"); empty for a code that is not a Shanghai district.
std::string_view district_name(std::string_view code);

// A residential address in district `code` (a Shanghai district code; 宝山 for an unknown one):
// "上海市嘉定区城中路312弄5号402室".
std::string home_address_in(Rng& r, std::string_view code);

// What the caller already knows about an enterprise.
struct EnterpriseProfile {
  std::string_view industry;  // one of kIndustries; empty: drawn with the district's weights
  int employees = 1;          // 从业人数 (at least 1)
  Date established = kSyntheticAsOf;
  // Recognitions it already holds (高新技术企业, 科技型中小企业, 专精特新): the record meets their
  // thresholds (R&D share of revenue, patents, revenue bounds).
  std::span<const std::string> qualifications;
};

// An enterprise_operations record: industry, scale (by the 2011 中小企业划型标准 for its industry),
// revenue (万元, heavy-tailed), revenue_growth (%, may be negative), tax_paid, rd_expense (mostly
// "0.00" outside the technology industries), patents, new_hires ≥ graduates_hired +
// hard_to_employ_hired, rent_area (m²), export_value, fixed_investment. Fields about 上年度 (revenue,
// revenue_growth, tax_paid, rd_expense, export_value, fixed_investment) are absent for an enterprise
// established in kSyntheticAsOf's year, and revenue_growth for one established the year before (no
// base year): unknown, not zero.
boost::json::object enterprise_operations_record(Rng& r, const EnterpriseProfile& profile);

// Whether an operations record puts the enterprise above the statistics bureau's threshold (上年度营业收入
// 2000 万元, 500 万元 for 民生服务): it then carries kAboveDesignatedSize.
bool above_designated_size(const boost::json::object& operations);

// The recognitions (资质认定, as policies name them) an enterprise with these operations plausibly
// holds, drawn: 高新技术企业 and 科技型中小企业 only in the technology industries with R&D at their
// thresholds (and patents for 高新); 专精特新 for small and medium ones with revenue ≥ 1000 万元, R&D
// ≥ 3% and patents, and of those 小巨人 from 1 亿元 and 5 patents; 企业技术中心 with R&D ≥ 300 万元;
// 总部企业 from 5 亿元; kAboveDesignatedSize whenever above_designated_size.
std::vector<std::string> draw_qualifications(Rng& r, const boost::json::object& operations, int employees);

// credit.tax_arrears: true for about 2%.
bool tax_arrears(Rng& r);

// What the caller already knows about a person.
struct PersonProfile {
  Date birth;
  bool male = false;
  std::string_view marital_status;  // 未婚 | 已婚 | 离婚 | 丧偶 (from 人口库)
  // What 社保 already says: a pension (→ 退休) or an employer paying for them (→ 在职). Neither:
  // the status is drawn from age and gender.
  bool pensioner = false;
  bool insured_by_employer = false;
};

// An employment record: employment_status (在职/灵活就业/登记失业/退休/无业, by age), education
// (博士/硕士/本科/大专/高中及以下, by birth cohort), graduation_year (≤ kSyntheticAsOf's year),
// talent_level (A/B/C/D, by education; 无 for about 97%).
boost::json::object employment_record(Rng& r, const PersonProfile& person);

// A civil_affairs record consistent with the person and their employment record: subsistence_allowance
// (低保, ~1.5%), extreme_poverty (特困, ~0.3%, living alone and not working), low_income (~3%; the
// three are exclusive), disability_level (0, or 1–4 for ~2.5%), veteran (~2%, mostly men),
// household_size (1–6), monthly_income_per_capita (元; under 上海's 低保 line 1510 for 低保 and 特困,
// under twice it for 低收入), children_under_3 (mostly 0; about one in seven married people of 25–34).
boost::json::object civil_affairs_record(Rng& r, const PersonProfile& person,
                                         const boost::json::object& employment);

// Writes `enterprises` enterprises then `persons` persons as JSON Lines, one entity per line, in the
// shape the policy CLI reads: {"id": <credit code or id number>, "kind": "enterprise"|"person",
// "name": …, <every entities.yaml attribute>…}; dotted paths nested (credit.dishonest →
// {"credit": {"dishonest": …}}); int → JSON integer, decimal → string ("1234.50"), date →
// "YYYY-MM-DD", list<string> → array. Ids are valid and unique. About 12% are registered outside
// 宝山; a few % lack some attributes (the key is left out: unknown). Same arguments → same bytes.
// Writes about 100,000 enterprises a second. Throws nothing of its own; stream errors are the caller's.
void write_synthetic_population(std::ostream& out, int enterprises, int persons, std::uint64_t seed);

}  // namespace haoban::app
