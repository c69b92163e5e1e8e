// Test-only: a small, valid definitions directory that tests copy and then break or extend.
#pragma once

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

namespace haoban::defs::testing {

// File path (relative to the definitions directory) → content.
using Files = std::map<std::string, std::string>;

// Two departments, three material categories, one event; a shop form with most field types, a
// sign form; items SHOP-1 (with question `hires`) and SIGN-1 (question `on_roof`); bundle `open`
// whose questions `kind` and `has_sign` decide whether SIGN-1 applies.
// Policies (免申即享) to add to minimal_files(): an entity model without sources and the issue's
// example policy, BS-2026-ZJTX-AWARD, with its two tests and one each for the other outcomes.
inline Files policy_files() {
  return {
      {"entities.yaml", R"(enterprise:
  - {path: district_code, type: string, label: 区划代码}
  - {path: qualifications, type: list<string>, label: 资质}
  - {path: employees, type: int, label: 从业人数}
  - {path: revenue, type: decimal, label: 营业收入（万元）}
  - {path: established_on, type: date, label: 成立日期}
  - {path: credit.dishonest, type: bool, label: 严重失信}
person:
  - {path: birth_date, type: date, label: 出生日期}
  - {path: subsistence_allowance, type: bool, label: 低保}
)"},
      {"policies/BS-2026-ZJTX-AWARD.yaml", R"(id: BS-2026-ZJTX-AWARD
title: 宝山区专精特新中小企业奖励
department: scjg
kind: fund
target: enterprise
mode: auto
effective: {from: 2026-01-01, to: 2026-12-31}
legal_basis: 宝府规〔2026〕1号 第三条
lifecycle: [growth, mature]
parameters:
  award: {2025-01-01: 200000, 2026-07-01: 300000}
eligibility:
  - id: in_district
    when: enterprise.district_code == "310113"
    reason: 注册地在宝山区
  - id: certified
    when: '"专精特新" in enterprise.qualifications'
    reason: 获评市级专精特新中小企业
  - id: size
    when: enterprise.employees >= 10 && enterprise.employees <= 1000
    reason: 从业人员10至1000人
benefit:
  amount: params.award
risk:
  - id: dishonest
    when: enterprise.credit.dishonest
    reason: 列入严重失信主体名单
tests:
  - name: eligible after the July raise
    as_of: 2026-08-01
    enterprise: {district_code: "310113", qualifications: ["专精特新"], employees: 50,
                 credit: {dishonest: false}}
    expect: {outcome: eligible, amount: "300000"}
  - name: employees unknown
    as_of: 2026-03-01
    enterprise: {district_code: "310113", qualifications: ["专精特新"], credit: {dishonest: false}}
    expect: {outcome: undecided, missing: [enterprise.employees]}
  - name: outside the district and too small
    as_of: 2026-03-01
    enterprise: {district_code: "310112", qualifications: ["专精特新"], employees: 5}
    expect: {outcome: ineligible, failed: [in_district, size]}
  - name: dishonest
    as_of: 2026-03-01
    enterprise: {district_code: "310113", qualifications: ["专精特新"], employees: 50, credit: {dishonest: true}}
    expect: {outcome: blocked, blocked_by: [dishonest]}
  - name: next year
    as_of: 2027-01-01
    enterprise: {district_code: "310113"}
    expect: {outcome: not_in_force}
)"},
  };
}

inline Files minimal_files() {
  return {
      {"departments.yaml",
       "departments:\n  - {id: scjg, name: 区市场监管局}\n  - {id: lhsrj, name: 区绿化市容局}\n"},
      {"material_categories.yaml",
       "categories:\n  - {id: application_form, name: 申请书（表）}\n  - {id: business_licence, name: "
       "营业执照}\n"
       "  - {id: design_drawing, name: 设计图纸}\n"},
      {"taxonomy.yaml", "events:\n  - {name: 开办餐饮店, audience: enterprise}\nindustries: [商贸服务]\n"},
      {"forms/shop.yaml", R"(id: shop
title: 门店申请表
sections:
  - id: basic
    title: 基本信息
    fields:
      - {key: company_name, label: 企业名称, type: text, required: true, validation: {max_length: 20}}
      - {key: credit_code, label: 统一社会信用代码, type: credit_code, required: true}
      - {key: area, label: 面积, type: number, decimals: 2, required: true, validation: {min: 1, max: 1000}}
      - {key: has_branch, label: 是否有分店, type: bool, required: true}
      - {key: branch_address, label: 分店地址, type: address, required: true, visible_when: form.has_branch}
      - {key: fee, label: 费用, type: money, compute: 'form.area * 2'}
      - {key: kind, label: 类型, type: select, required: true, options: [餐饮, 零售]}
      - {key: phone, label: 电话, type: phone}
  - id: staff
    title: 人员
    visible_when: answers.hires
    fields:
      - key: staff
        label: 人员
        type: table
        required: true
        columns:
          - {key: name, label: 姓名, type: text, required: true}
          - {key: id_number, label: 身份证号码, type: id_number, required: true}
        validation:
          min_items: 1
          rule: form.staff.all(s, len(s.name) >= 2)
          message: 姓名至少两个字
)"},
      {"forms/sign.yaml", R"(id: sign
title: 招牌申请表
sections:
  - id: sign
    title: 招牌
    fields:
      - {key: company_name, label: 单位名称, type: text, required: true}
      - {key: sign_text, label: 招牌文字, type: text, required: true}
)"},
      {"items/shop.yaml", R"(code: SHOP-1
name: 食品经营许可
aliases: [餐饮许可证]
department: scjg
kind: 行政许可
audience: enterprise
events: [开办餐饮店]
guide:
  conditions: 有固定场所
  basis: 《中华人民共和国食品安全法》第三十五条
  process: [申请, 受理, 决定]
  fee: 不收费
  location: 行政服务中心
  phone: '12345'
  online: true
time_limit: {statutory: 20, promised: 10}
questions:
  - {id: hires, text: 是否雇用员工？, type: bool}
materials:
  - {id: application, name: 申请书, category: application_form, type: original}
  - {id: licence, name: 营业执照, category: business_licence, type: copy, when: answers.hires, reason: 雇用员工的须提交}
form: shop
)"},
      {"items/sign.yaml", R"(code: SIGN-1
name: 户外招牌设置
department: lhsrj
kind: 其他行政权力
audience: enterprise
events: [开办餐饮店]
guide:
  conditions: 已取得营业执照
  basis: 《上海市户外招牌设置管理办法》
  process: [申请, 办结]
  fee: 不收费
  location: 行政服务中心
  phone: '12345'
time_limit: {statutory: 10, promised: 5}
questions:
  - {id: on_roof, text: 是否设置在屋顶？, type: bool}
materials:
  - {id: application, name: 申请书, category: application_form, type: original}
  - {id: design, name: 设计图, category: design_drawing, type: original, when: answers.on_roof}
form: sign
)"},
      {"bundles/open.yaml", R"(code: open
name: 开办餐饮店
audience: enterprise
industry: 商贸服务
events: [开办餐饮店]
description: 开店
items:
  - SHOP-1
  - item: SIGN-1
    when: answers.kind == "餐饮" && answers.has_sign
    reason: 设置招牌的须办理
questions:
  - {id: has_sign, text: 是否设置招牌？, type: bool}
  - {id: kind, text: 经营类型？, type: select, options: [餐饮, 零售]}
)"},
  };
}

// Writes `files` under `dir` (creating folders).
inline void write_files(const std::filesystem::path& dir, const Files& files) {
  for (const auto& [rel, content] : files) {
    auto p = dir / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
  }
}

}  // namespace haoban::defs::testing
