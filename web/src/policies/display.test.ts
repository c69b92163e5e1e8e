import { describe, expect, it } from 'vitest'

import { normalizeDecision, normalizeEntityModel, type Decision } from '@/api/policies'

import {
  attributeLabel,
  attributeNames,
  attributeSource,
  canApproveGrant,
  canConfirmGrant,
  canObjectToGrant,
  canPayGrant,
  correctableAttributes,
  correctionProblems,
  fundGroups,
  GRANT_STATE_LABELS,
  GRANT_STATE_LABELS_STAFF,
  GRANT_STATE_TONES,
  grantActions,
  grantNextStep,
  isYuanAmount,
  objectionReviewProblems,
  paidShare,
  sortCorrections,
  checkupSections,
  checkupSummary,
  effectiveText,
  explanationLines,
  failedCriteria,
  formatAmount,
  formatYuan,
  grantFor,
  heldCriteria,
  heldRisks,
  isoDate,
  KIND_LABELS,
  maskEntity,
  outcomeLabel,
  outcomeTone,
  riskFix,
  runTabOf,
  seenValues,
  sortGrants,
  sourceLabel,
  sumAmounts,
  valueText,
} from './display'

const decision = (patch: Record<string, unknown>): Decision => normalizeDecision({ policy: 'P', title: 'T', outcome: 'eligible', ...patch })

// As GET /api/v1/policies/attributes answers (trimmed).
const NAMES = attributeNames(
  normalizeEntityModel({
    enterprise: [
      { path: 'enterprise.employees', label: '从业人数', type: 'int', source: 'enterprise_registry', source_name: '法人库' },
      { path: 'enterprise.qualifications', label: '资质认定', type: 'list<string>', source: 'enterprise_registry', source_name: '法人库' },
      { path: 'enterprise.rd_expense', label: '上年度研发投入（万元）', type: 'decimal', source: 'enterprise_operations', source_name: '企业经营数据' },
      { path: 'enterprise.credit.dishonest', label: '列入严重失信主体名单', type: 'bool', source: 'credit', source_name: '信用' },
    ],
    person: [{ path: 'person.children_under_3', label: '3周岁以下子女数', type: 'int', source: 'civil_affairs', source_name: '社会救助和家庭信息' }],
  }),
)

describe('labels', () => {
  it('outcomes, with near misses as 差一项', () => {
    expect(outcomeLabel(decision({ outcome: 'eligible' }))).toBe('符合')
    expect(outcomeLabel(decision({ outcome: 'ineligible', near_miss: true }))).toBe('差一项')
    expect(outcomeLabel(decision({ outcome: 'ineligible' }))).toBe('不符合')
    expect(outcomeLabel(decision({ outcome: 'undecided' }))).toBe('待补充信息')
    expect(outcomeLabel(decision({ outcome: 'blocked' }))).toBe('暂缓（风险核查）')
    expect(outcomeLabel(decision({ outcome: 'not_in_force' }))).toBe('不在有效期')
    expect(outcomeTone(decision({ outcome: 'eligible' }))).toBe('success')
    expect(outcomeTone(decision({ outcome: 'ineligible', near_miss: true }))).toBe('primary')
    expect(outcomeTone(decision({ outcome: 'blocked' }))).toBe('danger')
  })

  it('kinds', () => {
    expect(Object.values(KIND_LABELS)).toEqual(['资金扶持', '税收优惠', '费用减免', '救助补贴', '服务支持'])
  })

  it('missing attributes: the entity model’s label, else the criterion that needed it, else the path', () => {
    expect(attributeLabel('enterprise.employees', undefined, NAMES)).toBe('从业人数')
    expect(attributeLabel('person.children_under_3', undefined, NAMES)).toBe('3周岁以下子女数')
    expect(attributeSource('enterprise.rd_expense', NAMES)).toBe('企业经营数据')
    expect(attributeSource('enterprise.plant.area', NAMES)).toBe('')
    const d = decision({ criteria: [{ id: 'x', reason: '厂房面积达标', verdict: 'unknown', missing: ['enterprise.plant.area'] }] })
    expect(attributeLabel('enterprise.plant.area', d, NAMES)).toBe('与“厂房面积达标”有关的信息')
    expect(attributeLabel('enterprise.plant.area', undefined, NAMES)).toBe('plant.area')
  })

  it('without the entity model (not loaded yet, or failed), only the fallbacks', () => {
    const d = decision({ criteria: [{ id: 'size', reason: '从业人员10至1000人', verdict: 'unknown', missing: ['enterprise.employees'] }] })
    expect(attributeLabel('enterprise.employees', d)).toBe('与“从业人员10至1000人”有关的信息')
    expect(attributeLabel('enterprise.employees', undefined, null)).toBe('employees')
    expect(attributeSource('enterprise.employees')).toBe('')
    expect(sourceLabel('credit')).toBe('credit')
  })

  it('source names come from the entity model, by source id', () => {
    expect(sourceLabel('credit', NAMES)).toBe('信用')
    expect(sourceLabel('enterprise_registry', NAMES)).toBe('法人库')
    expect(sourceLabel('unknown_src', NAMES)).toBe('unknown_src')
  })

  it('values as a person reads them', () => {
    expect(valueText(['高新技术企业', '科技型中小企业'])).toBe('高新技术企业、科技型中小企业')
    expect(valueText([])).toBe('无')
    expect(valueText(true)).toBe('是')
    expect(valueText(null)).toBe('未知')
    expect(valueText(8)).toBe('8')
  })

  it('grant actions by state', () => {
    expect(canConfirmGrant({ state: 'awaiting_confirmation' })).toBe(true)
    expect(canConfirmGrant({ state: 'pending' })).toBe(false)
    expect(canObjectToGrant({ state: 'pending' })).toBe(true)
    expect(canObjectToGrant({ state: 'paid' })).toBe(false)
    expect(canPayGrant({ state: 'pending' })).toBe(false)
    expect(canPayGrant({ state: 'approved' })).toBe(true)
    expect(canApproveGrant({ state: 'pending' })).toBe(true)
    expect(canApproveGrant({ state: 'awaiting_confirmation' })).toBe(false)
  })

  it('officers’ actions follow the closed loop', () => {
    expect(grantActions({ state: 'awaiting_confirmation' })).toEqual([])
    expect(grantActions({ state: 'pending' })).toEqual(['approve'])
    expect(grantActions({ state: 'approved' })).toEqual(['pay', 'fail'])
    expect(grantActions({ state: 'failed' })).toEqual(['retry'])
    expect(grantActions({ state: 'paid' })).toEqual(['claw_back'])
    expect(grantActions({ state: 'objected' })).toEqual(['review'])
    expect(grantActions({ state: 'withdrawn' })).toEqual([])
    expect(grantActions({ state: 'clawed_back' })).toEqual([])
  })

  it('every grant state has a label, a tone and a next step', () => {
    expect(GRANT_STATE_LABELS.approved).toBe('审核通过待发放')
    expect(GRANT_STATE_LABELS.failed).toBe('发放失败')
    expect(GRANT_STATE_LABELS.clawed_back).toBe('已追回')
    expect(GRANT_STATE_LABELS.withdrawn).toBe('已撤销')
    expect(GRANT_STATE_LABELS_STAFF.objected).toBe('对象有异议')
    expect(GRANT_STATE_TONES.failed).toBe('danger')
    for (const state of Object.keys(GRANT_STATE_LABELS) as (keyof typeof GRANT_STATE_LABELS)[])
      expect(grantNextStep({ state, mode: 'confirm' })).not.toBe('')
  })

  it('an objection review needs a decision, a reply, and for 调整金额 a positive amount', () => {
    expect(objectionReviewProblems({ decision: '', reply: '', amount: '' })).toEqual({
      decision: '请选择处理结果',
      reply: '请填写答复意见，对象可以看到',
      amount: '',
    })
    expect(objectionReviewProblems({ decision: 'amend', reply: '已核实', amount: '' }).amount).toBe('请填写调整后的金额')
    expect(objectionReviewProblems({ decision: 'amend', reply: '已核实', amount: '12.345' }).amount).toContain('最多两位小数')
    expect(objectionReviewProblems({ decision: 'amend', reply: '已核实', amount: '8000.5' })).toEqual({ decision: '', reply: '', amount: '' })
    expect(objectionReviewProblems({ decision: 'dismiss', reply: '不成立', amount: 'x' }).amount).toBe('')
    expect([isYuanAmount('0'), isYuanAmount('0.00'), isYuanAmount('0.5'), isYuanAmount('-1'), isYuanAmount('1e3')]).toEqual([false, false, true, false, false])
  })

  it('risk fixes by id, with a fallback', () => {
    expect(riskFix('tax_arrears')).toContain('缴清欠缴税款')
    expect(riskFix('abnormal')).toContain('经营异常名录')
    expect(riskFix('other')).toContain('联系政策主管部门')
  })
})

describe('explanations', () => {
  const near = decision({
    outcome: 'ineligible',
    near_miss: true,
    failed: ['size'],
    criteria: [
      { id: 'in_district', reason: '注册地在宝山区', verdict: 'held' },
      {
        id: 'size',
        reason: '从业人员10至1000人',
        verdict: 'failed',
        explanation:
          '✗ enterprise.employees >= params.min_employees && enterprise.employees <= params.max_employees → false\n' +
          '  ✗ enterprise.employees >= params.min_employees → false\n' +
          '    = enterprise.employees → 8\n' +
          '    = params.min_employees → 10\n' +
          '  ✓ enterprise.employees <= params.max_employees → true  (not needed)\n' +
          '    = enterprise.employees → 8\n',
      },
    ],
    inputs: { 'enterprise.employees': 8 },
  })

  it('a near miss offers the attributes its failed criterion read for 数据纠错, with their values', () => {
    expect(correctableAttributes(near, NAMES)).toEqual([{ path: 'enterprise.employees', label: '从业人数', current: '8', source: '法人库' }])
    const undecided = decision({ outcome: 'undecided', missing: ['enterprise.rd_expense'] })
    expect(correctableAttributes(undecided, NAMES)).toEqual([
      { path: 'enterprise.rd_expense', label: '上年度研发投入（万元）', current: '未知', source: '企业经营数据' },
    ])
    expect(correctableAttributes(decision({ outcome: 'eligible' }), NAMES)).toEqual([])
    expect(correctionProblems({ attribute: '', claimed: ' ', reason: '' })).toEqual({
      attribute: '请选择需要更正的信息',
      claimed: '请填写正确的值',
      reason: '请说明理由或依据（如劳动合同、社保缴费记录）',
    })
    expect(sortCorrections([{ id: 1, state: 'accepted' }, { id: 2, state: 'submitted' }, { id: 3, state: 'rejected' }]).map((c) => c.id)).toEqual([2, 3, 1])
  })

  it('finds the failed criterion and the values it saw, parameters left out', () => {
    const [failed] = failedCriteria(near)
    expect(failed!.id).toBe('size')
    expect(seenValues(failed!, near, NAMES)).toEqual([{ path: 'enterprise.employees', label: '从业人数', value: '8' }])
    expect(seenValues(failed!, near)[0]!.label).toBe('employees')
    expect(heldCriteria(near).map((c) => c.reason)).toEqual(['注册地在宝山区'])
  })

  it('reads lists, bare attributes and unknowns without a decision', () => {
    expect(seenValues({ explanation: '✗ "专精特新" in enterprise.qualifications → false\n  = enterprise.qualifications → ["高新技术企业"]\n' }, undefined, NAMES)).toEqual([
      { path: 'enterprise.qualifications', label: '资质认定', value: '高新技术企业' },
    ])
    expect(seenValues({ explanation: '✓ enterprise.credit.tax_arrears → true\n' })[0]!.value).toBe('是')
    expect(seenValues({ explanation: '  ? enterprise.revenue_growth → unknown  [missing: enterprise.revenue_growth]\n' })[0]!.value).toBe('未知')
    expect(seenValues({ explanation: '  = enterprise.established_on → 2020-05-01\n' })[0]!.value).toBe('2020-05-01')
  })

  it('splits the explanation into lines', () => {
    expect(explanationLines('✗ a → false\n  = b → 1\n')).toEqual(['✗ a → false', '  = b → 1'])
  })

  it('risks that apply block', () => {
    const d = decision({
      outcome: 'blocked',
      blocked_by: ['tax_arrears'],
      risks: [
        { id: 'dishonest', reason: '列入严重失信主体名单', verdict: 'failed' },
        { id: 'tax_arrears', reason: '存在欠缴税款', verdict: 'held' },
      ],
    })
    expect(heldRisks(d).map((r) => r.reason)).toEqual(['存在欠缴税款'])
  })
})

describe('amounts', () => {
  it('thousands separators, exact fractions', () => {
    expect(formatAmount('300000')).toBe('300,000')
    expect(formatAmount('1234567.5')).toBe('1,234,567.50')
    expect(formatAmount('11400.00')).toBe('11,400')
    expect(formatAmount('0')).toBe('0')
    expect(formatAmount('0.125')).toBe('0.125')
    expect(formatAmount('-2500')).toBe('-2,500')
    expect(formatAmount('abc')).toBe('')
    expect(formatYuan('300000')).toBe('300,000 元')
    expect(formatYuan(null)).toBe('—')
  })

  it('sums exactly, without floating point', () => {
    expect(sumAmounts(['0.1', '0.2'])).toBe('0.3')
    expect(sumAmounts(['300000', '9000', null, '1900.50'])).toBe('310900.5')
    expect(sumAmounts(['99999999999999999', '1'])).toBe('100000000000000000')
    expect(sumAmounts([])).toBe('0')
    expect(sumAmounts(['5', '-7.25'])).toBe('-2.25')
  })
})

describe('the check-up', () => {
  const decisions = [
    decision({ policy: 'A', outcome: 'eligible', amount: '300000' }),
    decision({ policy: 'B', outcome: 'eligible', amount: '9000.5' }),
    decision({ policy: 'C', outcome: 'blocked', amount: '1000' }),
    decision({ policy: 'D', outcome: 'undecided' }),
    decision({ policy: 'E', outcome: 'ineligible', near_miss: true }),
    decision({ policy: 'F', outcome: 'ineligible' }),
    decision({ policy: 'G', outcome: 'not_in_force' }),
  ]

  it('groups decisions into the portal’s sections', () => {
    const s = checkupSections({ decisions })
    expect(s.eligible.map((d) => d.policy)).toEqual(['A', 'B'])
    expect(s.nearMisses.map((d) => d.policy)).toEqual(['E'])
    expect(s.undecided.map((d) => d.policy)).toEqual(['D'])
    expect(s.blocked.map((d) => d.policy)).toEqual(['C'])
    expect(s.others.map((d) => d.policy)).toEqual(['F', 'G'])
  })

  it('summarises counts and the eligible amount (blocked amounts not counted)', () => {
    expect(checkupSummary({ decisions })).toEqual({ eligible: 2, amount: '309000.5', nearMisses: 1, undecided: 1, blocked: 1, ineligible: 1, notInForce: 1 })
  })

  it('finds a policy’s newest grant; puts grants awaiting confirmation first', () => {
    const grants = [
      { id: 1, policy: 'A', state: 'paid' as const },
      { id: 4, policy: 'B', state: 'pending' as const },
      { id: 2, policy: 'A', state: 'awaiting_confirmation' as const },
    ]
    expect(grantFor(grants as never, 'A')?.id).toBe(2)
    expect(grantFor(grants as never, 'Z')).toBeUndefined()
    expect(sortGrants(grants).map((g) => g.id)).toEqual([2, 4, 1])
  })
})

describe('dates', () => {
  it('formats local dates and effective periods', () => {
    expect(isoDate(new Date(2026, 0, 5))).toBe('2026-01-05')
    expect(effectiveText('2026-01-01', '2026-12-31')).toBe('2026-01-01 至 2026-12-31')
    expect(effectiveText('2026-01-01', '')).toBe('2026-01-01 起')
    expect(effectiveText('', '')).toBe('')
  })
})

describe('officers', () => {
  it('masks a resident’s id number, not a credit code', () => {
    expect(maskEntity('310113199006151231')).toBe('310113********1231')
    expect(maskEntity('91310113MA1G0000X')).toBe('91310113MA1G0000X')
    expect(maskEntity('913101139UEUHDPU06')).toBe('913101139UEUHDPU06')
  })

  it('puts a run’s decisions in tabs', () => {
    expect(runTabOf({ outcome: 'eligible', nearMiss: false })).toBe('eligible')
    expect(runTabOf({ outcome: 'ineligible', nearMiss: true })).toBe('near')
    expect(runTabOf({ outcome: 'blocked', nearMiss: false })).toBe('blocked')
    expect(runTabOf({ outcome: 'not_in_force', nearMiss: false })).toBe('error')
  })
})

describe('funds', () => {
  const totals = (committed: string, net: string) => ({ grants: 1, committed, paid: net, clawedBack: '0', net, outstanding: '0', states: {} })
  it('groups policies under their department, the largest commitment first', () => {
    const groups = fundGroups({
      departments: [
        { policy: '', title: '', department: 'a', departmentName: '区经委', totals: totals('100', '0') },
        { policy: '', title: '', department: 'b', departmentName: '', totals: totals('2000', '500') },
      ],
      policies: [
        { policy: 'P1', title: 'T1', department: 'b', departmentName: '区人社局', totals: totals('500', '0') },
        { policy: 'P2', title: 'T2', department: 'a', departmentName: '区经委', totals: totals('100', '0') },
        { policy: 'P3', title: 'T3', department: 'b', departmentName: '区人社局', totals: totals('1500', '500') },
      ],
    })
    expect(groups.map((g) => [g.department, g.departmentName, g.policies.map((p) => p.policy)])).toEqual([
      ['b', 'b', ['P3', 'P1']],
      ['a', '区经委', ['P2']],
    ])
  })

  it('the paid bar: net against committed, within 0–100', () => {
    expect(paidShare({ committed: '2000', net: '500' })).toBe(25)
    expect(paidShare({ committed: '3', net: '1' })).toBe(33.3)
    expect(paidShare({ committed: '0', net: '0' })).toBe(0)
    expect(paidShare({ committed: '100', net: '-50' })).toBe(0)
  })
})
