import { afterEach, describe, expect, it, vi } from 'vitest'

import { ApiError } from './http'
import {
  confirmGrant,
  confirmRun,
  fetchCheckup,
  fetchEntityModel,
  fetchGrants,
  fetchMyGrants,
  fetchPolicies,
  fetchPolicy,
  fetchRun,
  fetchRuns,
  normalizeCheckup,
  normalizeEntityModel,
  normalizeGrant,
  normalizePolicies,
  normalizePolicyDetail,
  normalizeRunDetail,
  objectToGrant,
  payGrant,
  startRun,
} from './policies'

afterEach(() => vi.unstubAllGlobals())

// As GET /api/v1/policies/checkup answers for enterprise.demo (trimmed to three decisions).
const CHECKUP = {
  entity: '913101139UEUHDPU06',
  kind: 'enterprise',
  as_of: '2026-11-27',
  unavailable_sources: ['credit'],
  decisions: [
    {
      entity: '913101139UEUHDPU06',
      policy: 'BS-2026-JY-NEWHIRE',
      outcome: 'eligible',
      amount: '9000',
      title: '宝山区企业新招用人员社保补贴',
      version: 'ab12',
      as_of: '2026-11-27',
      near_miss: false,
      criteria: [{ id: 'in_district', reason: '注册地在宝山区', verdict: 'held' }],
      risks: [{ id: 'dishonest', reason: '列入严重失信主体名单', verdict: 'failed', explanation: '✗ enterprise.credit.dishonest → false\n' }],
      inputs: { 'enterprise.district_code': '310113', 'enterprise.new_hires': 9, 'params.per_head': '1000' },
    },
    {
      entity: '913101139UEUHDPU06',
      policy: 'BS-2026-ZJTX-AWARD',
      outcome: 'ineligible',
      failed: ['certified'],
      title: '宝山区专精特新中小企业奖励',
      version: '90cc',
      as_of: '2026-11-27',
      near_miss: true,
      criteria: [
        { id: 'in_district', reason: '注册地在宝山区', verdict: 'held' },
        {
          id: 'certified',
          reason: '获评市级专精特新中小企业',
          verdict: 'failed',
          explanation: '✗ "专精特新" in enterprise.qualifications → false\n  = enterprise.qualifications → ["高新技术企业", "科技型中小企业"]\n',
        },
      ],
      risks: [],
      inputs: { 'enterprise.qualifications': ['高新技术企业', '科技型中小企业'] },
    },
    {
      entity: '913101139UEUHDPU06',
      policy: 'BS-2026-FEE-SBHJ',
      outcome: 'undecided',
      missing: ['enterprise.revenue_growth'],
      title: '困难企业社会保险费缓缴',
      near_miss: false,
      criteria: [{ id: 'hardship', reason: '营业收入同比下降30%以上', verdict: 'unknown', missing: ['enterprise.revenue_growth'] }],
      risks: [],
      inputs: { 'enterprise.revenue_growth': null },
    },
    { policy: '', outcome: 'eligible' },
  ],
}

// As GET /api/v1/policies/attributes answers (trimmed to three attributes).
const ATTRIBUTES = {
  enterprise: [
    { path: 'enterprise.employees', label: '从业人数', type: 'int', source: 'enterprise_registry', source_name: '法人库' },
    { path: 'enterprise.credit.dishonest', label: '列入严重失信主体名单', type: 'bool', source: 'credit', source_name: '信用' },
    { label: 'no path' },
  ],
  person: [{ path: 'person.children_under_3', label: '3周岁以下子女数', type: 'int', source: 'civil_affairs', source_name: '社会救助和家庭信息' }],
}

const GRANT = {
  id: 3,
  run: 2,
  policy: 'BS-2026-JY-NEWHIRE',
  title: '宝山区企业新招用人员社保补贴',
  entity: '913101139UEUHDPU06',
  entity_kind: 'enterprise',
  name: '上海宝晟智能科技有限公司',
  amount: '9000',
  mode: 'confirm',
  state: 'awaiting_confirmation',
  created_at: '2026-11-27T05:00:00Z',
  confirmed_at: '',
  confirmed_by: '',
  paid_at: '',
  paid_by: '',
  objection: '',
  note: '',
  ledger_index: 41,
  payment_index: -1,
}

const RUN = {
  id: 2,
  policy: 'BS-2026-JY-NEWHIRE',
  title: '宝山区企业新招用人员社保补贴',
  version: 'ab12',
  as_of: '2026-11-27',
  status: 'pending_review',
  entities: 200,
  eligible: 31,
  ineligible: 150,
  undecided: 12,
  blocked: 7,
  not_in_force: 0,
  errors: 0,
  near_misses: 22,
  amount: '412000',
  granted: 0,
  created_by: 'policy.demo',
  created_at: '2026-11-27T05:00:00Z',
  confirmed_by: '',
  confirmed_at: '',
  note: '',
}

/** Stubs fetch with one JSON answer; returns the mock to inspect the calls. */
function answer(body: unknown, status = 200) {
  const fetchFn = vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) => Response.json(body, { status }))
  vi.stubGlobal('fetch', fetchFn)
  return fetchFn
}

const call = (fetchFn: ReturnType<typeof answer>, n = 0) => {
  const [url, init] = fetchFn.mock.calls[n]!
  return { url: String(url), method: init?.method, body: init?.body === undefined ? undefined : JSON.parse(String(init.body)) }
}

describe('shapes', () => {
  it('policies, with effective dates and the department’s name', () => {
    const items = normalizePolicies({
      items: [
        {
          id: 'BS-2026-ZJTX-AWARD', title: '宝山区专精特新中小企业奖励', department: 'jw', department_name: '区经委', kind: 'fund', target: 'enterprise',
          mode: 'auto', effective: { from: '2026-01-01', to: '2026-12-31' }, legal_basis: '宝府规〔2026〕1号 第三条', benefit_description: '一次性奖励', version: '90cc',
        },
        { id: 'BS-2026-MZ-GLJT', kind: 'aid', target: 'person', mode: 'confirm', effective: { from: '2026-01-01' } },
        { title: 'no id' },
      ],
    })
    expect(items).toHaveLength(2)
    expect(items[0]).toMatchObject({ departmentName: '区经委', effectiveFrom: '2026-01-01', effectiveTo: '2026-12-31', legalBasis: '宝府规〔2026〕1号 第三条', benefitDescription: '一次性奖励' })
    expect(items[1]).toMatchObject({ kind: 'aid', target: 'person', mode: 'confirm', effectiveTo: '' })
  })

  it('a policy’s rules and dated parameters', () => {
    const p = normalizePolicyDetail({
      id: 'BS-2026-ZJTX-AWARD',
      eligibility: [{ id: 'size', reason: '从业人员10至1000人', when: 'enterprise.employees >= params.min_employees' }],
      risk: [{ id: 'dishonest', reason: '列入严重失信主体名单', when: 'enterprise.credit.dishonest' }],
      parameters: [{ name: 'award', values: [{ from: '2025-01-01', to: '2026-06-30', value: '200000' }, { from: '2026-07-01', value: '300000' }] }],
    })
    expect(p.eligibility[0]).toEqual({ id: 'size', reason: '从业人员10至1000人', when: 'enterprise.employees >= params.min_employees' })
    expect(p.risk.map((r) => r.id)).toEqual(['dishonest'])
    expect(p.parameters[0]!.values[1]).toEqual({ from: '2026-07-01', to: '', value: '300000' })
  })

  it('the check-up keeps every decision explained', () => {
    const c = normalizeCheckup(CHECKUP)
    expect(c).toMatchObject({ entity: '913101139UEUHDPU06', kind: 'enterprise', asOf: '2026-11-27', unavailableSources: ['credit'] })
    expect(c.decisions.map((d) => d.outcome)).toEqual(['eligible', 'ineligible', 'undecided'])
    const [eligible, near, undecided] = c.decisions
    expect(eligible).toMatchObject({ amount: '9000', failed: [], nearMiss: false })
    expect(eligible!.risks[0]).toMatchObject({ verdict: 'failed', missing: [] })
    expect(eligible!.inputs['enterprise.new_hires']).toBe(9)
    expect(near).toMatchObject({ amount: null, failed: ['certified'], nearMiss: true })
    expect(near!.criteria[1]!.explanation).toContain('enterprise.qualifications')
    expect(undecided!.missing).toEqual(['enterprise.revenue_growth'])
    expect(undecided!.criteria[0]).toMatchObject({ verdict: 'unknown', missing: ['enterprise.revenue_growth'], explanation: '' })
  })

  it('the entity model: each attribute’s label and source, by entity kind', () => {
    const m = normalizeEntityModel(ATTRIBUTES)
    expect(m.enterprise).toEqual([
      { path: 'enterprise.employees', label: '从业人数', type: 'int', source: 'enterprise_registry', sourceName: '法人库' },
      { path: 'enterprise.credit.dishonest', label: '列入严重失信主体名单', type: 'bool', source: 'credit', sourceName: '信用' },
    ])
    expect(m.person.map((a) => a.sourceName)).toEqual(['社会救助和家庭信息'])
    expect(normalizeEntityModel({ enterprise: 'x' })).toEqual({ enterprise: [], person: [] })
  })

  it('a grant: no payment yet is null, unknown states fall back', () => {
    const g = normalizeGrant(GRANT)
    expect(g).toMatchObject({ id: 3, run: 2, entityKind: 'enterprise', mode: 'confirm', state: 'awaiting_confirmation', amount: '9000', ledgerIndex: 41, paymentIndex: null })
    expect(normalizeGrant({ ...GRANT, state: 'weird', amount: 'abc' })).toMatchObject({ state: 'pending', amount: null })
  })

  it('a run’s list', () => {
    const d = normalizeRunDetail({
      run: RUN,
      decisions: [
        { entity: '91310113A', name: '上海甲有限公司', outcome: 'eligible', amount: '9000', failed: [], missing: [], blocked_by: [], near_miss: false },
        { entity: '91310113B', name: '上海乙有限公司', outcome: 'ineligible', failed: ['size'], near_miss: true },
        { entity: '91310113C', name: '上海丙有限公司', outcome: 'blocked', amount: '9000', blocked_by: ['tax_arrears'] },
      ],
    })
    expect(d.run).toMatchObject({ id: 2, status: 'pending_review', eligible: 31, nearMisses: 22, notInForce: 0, amount: '412000', createdBy: 'policy.demo' })
    expect(d.decisions.map((x) => [x.outcome, x.nearMiss])).toEqual([['eligible', false], ['ineligible', true], ['blocked', false]])
    expect(d.decisions[2]!.blockedBy).toEqual(['tax_arrears'])
  })
})

describe('requests', () => {
  it('reads policies, one policy, the check-up and the entity model', async () => {
    let f = answer({ items: [{ id: 'BS-2026-ZJTX-AWARD' }] })
    expect((await fetchPolicies())[0]!.id).toBe('BS-2026-ZJTX-AWARD')
    expect(call(f)).toMatchObject({ url: '/api/v1/policies', method: 'GET' })

    f = answer({ id: 'BS-2026-ZJTX-AWARD', eligibility: [] })
    await fetchPolicy('BS-2026-ZJTX-AWARD')
    expect(call(f).url).toBe('/api/v1/policies/BS-2026-ZJTX-AWARD')

    f = answer(CHECKUP)
    expect((await fetchCheckup()).decisions).toHaveLength(3)
    expect(call(f).url).toBe('/api/v1/policies/checkup')
    await fetchCheckup('2026-08-01')
    expect(call(f, 1).url).toBe('/api/v1/policies/checkup?as_of=2026-08-01')

    f = answer(ATTRIBUTES)
    expect((await fetchEntityModel()).enterprise[0]!.label).toBe('从业人数')
    expect(call(f)).toMatchObject({ url: '/api/v1/policies/attributes', method: 'GET' })
  })

  it('the beneficiary confirms with consent, or objects with a reason', async () => {
    let f = answer({ items: [GRANT] })
    expect((await fetchMyGrants())[0]!.state).toBe('awaiting_confirmation')
    expect(call(f).url).toBe('/api/v1/policies/grants/mine')

    f = answer({ ...GRANT, state: 'pending' })
    expect((await confirmGrant(3)).state).toBe('pending')
    expect(call(f)).toEqual({ url: '/api/v1/policies/grants/3/confirm', method: 'POST', body: { consent: true } })

    f = answer({ ...GRANT, state: 'objected', objection: '人数有误' })
    expect((await objectToGrant(3, ' 人数有误 ')).objection).toBe('人数有误')
    expect(call(f)).toEqual({ url: '/api/v1/policies/grants/3/objection', method: 'POST', body: { reason: '人数有误' } })
  })

  it('officers run, list, confirm and pay', async () => {
    let f = answer(RUN, 201)
    expect((await startRun('BS-2026-JY-NEWHIRE', '2026-11-27')).id).toBe(2)
    expect(call(f)).toEqual({ url: '/api/v1/policy-runs', method: 'POST', body: { policy: 'BS-2026-JY-NEWHIRE', as_of: '2026-11-27' } })
    await startRun('BS-2026-JY-NEWHIRE')
    expect(call(f, 1).body).toEqual({ policy: 'BS-2026-JY-NEWHIRE' })

    f = answer({ items: [RUN] })
    await fetchRuns()
    await fetchRuns('BS-2026-JY-NEWHIRE')
    expect([call(f).url, call(f, 1).url]).toEqual(['/api/v1/policy-runs', '/api/v1/policy-runs?policy=BS-2026-JY-NEWHIRE'])

    f = answer({ run: RUN, decisions: [] })
    expect((await fetchRun(2)).run.id).toBe(2)
    expect(call(f).url).toBe('/api/v1/policy-runs/2')

    f = answer({ ...RUN, status: 'confirmed', granted: 31, note: '已复核' })
    expect((await confirmRun(2, ' 已复核 ')).granted).toBe(31)
    expect(call(f)).toEqual({ url: '/api/v1/policy-runs/2/confirm', method: 'POST', body: { note: '已复核' } })
    await confirmRun(2)
    expect(call(f, 1).body).toEqual({})

    f = answer({ items: [{ ...GRANT, state: 'pending' }] })
    await fetchGrants({ policy: 'BS-2026-JY-NEWHIRE', state: 'pending' })
    await fetchGrants({ state: '' })
    expect([call(f).url, call(f, 1).url]).toEqual(['/api/v1/policy-grants?policy=BS-2026-JY-NEWHIRE&state=pending', '/api/v1/policy-grants'])

    f = answer({ ...GRANT, state: 'paid', payment_index: 57 })
    expect((await payGrant(3)).paymentIndex).toBe(57)
    expect(call(f)).toEqual({ url: '/api/v1/policy-grants/3/pay', method: 'POST', body: undefined })
  })

  it('passes the server’s problem on (a grant already confirmed)', async () => {
    const problem = { title: '该笔兑现已确认，无需重复确认', status: 409 }
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify(problem), { status: 409, headers: { 'Content-Type': 'application/problem+json' } })))
    const err = await confirmGrant(3).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).problem?.title).toBe('该笔兑现已确认，无需重复确认')
  })
})
