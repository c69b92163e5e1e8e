import { afterEach, describe, expect, it, vi } from 'vitest'

import { ApiError } from './http'
import {
  approveGrant,
  approveGrants,
  clawBackGrant,
  confirmGrant,
  confirmRun,
  failGrant,
  fetchCorrections,
  fetchFunds,
  fetchMyCorrections,
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
  normalizeCorrection,
  normalizeFunds,
  objectToGrant,
  payGrant,
  retryGrant,
  reviewCorrection,
  reviewObjection,
  startRun,
  submitCorrection,
} from './policies'
import { fetchSigningKeys, normalizeSigningKey, registerSigningKey, revokeSigningKey } from './signingKeys'

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

    f = answer({ ...GRANT, state: 'pending', signature: 'ab'.repeat(64), confirmation_index: 44 })
    const confirmed = await confirmGrant(3, 7, 'ab'.repeat(64))
    expect(confirmed).toMatchObject({ state: 'pending', confirmationIndex: 44 })
    expect(call(f)).toEqual({
      url: '/api/v1/policies/grants/3/confirm',
      method: 'POST',
      body: { consent: true, key: 7, signature: 'ab'.repeat(64) },
    })

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

    f = answer({ ...GRANT, state: 'paid', payment_index: 57, payment_ref: 'GK-1' })
    expect(await payGrant(3, ' GK-1 ')).toMatchObject({ paymentIndex: 57, paymentRef: 'GK-1' })
    expect(call(f)).toEqual({ url: '/api/v1/policy-grants/3/pay', method: 'POST', body: { reference: 'GK-1' } })
    await payGrant(3)
    expect(call(f, 1).body).toEqual({})
  })

  it('officers approve (one or many), record failures, retry, claw back and answer objections', async () => {
    let f = answer({ ...GRANT, state: 'approved', approved_by: 'policy.demo' })
    expect((await approveGrant(3)).approvedBy).toBe('policy.demo')
    expect(call(f)).toEqual({ url: '/api/v1/policy-grants/3/approve', method: 'POST', body: undefined })

    f = answer({ approved: [{ ...GRANT, state: 'approved' }], skipped: [{ id: 4, reason: '该笔兑现当前状态不能审核' }] })
    const batch = await approveGrants([3, 4])
    expect(batch.approved.map((g) => g.state)).toEqual(['approved'])
    expect(batch.skipped).toEqual([{ id: 4, reason: '该笔兑现当前状态不能审核' }])
    expect(call(f)).toEqual({ url: '/api/v1/policy-grants/approve', method: 'POST', body: { ids: [3, 4] } })

    f = answer({ ...GRANT, state: 'failed', failure: '账户已销户' })
    expect((await failGrant(3, ' 账户已销户 ')).failure).toBe('账户已销户')
    expect(call(f)).toEqual({ url: '/api/v1/policy-grants/3/payment-failed', method: 'POST', body: { reason: '账户已销户' } })

    f = answer({ ...GRANT, state: 'approved' })
    await retryGrant(3)
    expect(call(f)).toMatchObject({ url: '/api/v1/policy-grants/3/retry', method: 'POST' })

    f = answer({ ...GRANT, state: 'clawed_back', clawback_reason: '重复享受', clawback_index: 60 })
    expect(await clawBackGrant(3, '重复享受')).toMatchObject({ state: 'clawed_back', clawbackReason: '重复享受', clawbackIndex: 60 })
    expect(call(f)).toEqual({ url: '/api/v1/policy-grants/3/claw-back', method: 'POST', body: { reason: '重复享受' } })

    f = answer({ ...GRANT, state: 'pending', reply: '已核实', objected_from: 'pending', amount: '8000' })
    expect(await reviewObjection(3, 'amend', ' 已核实 ', ' 8000 ')).toMatchObject({ reply: '已核实', objectedFrom: 'pending', amount: '8000' })
    expect(call(f).body).toEqual({ decision: 'amend', reply: '已核实', amount: '8000' })
    await reviewObjection(3, 'dismiss', '不成立', '8000')
    expect(call(f, 1).body).toEqual({ decision: 'dismiss', reply: '不成立' })
  })

  it('reads the funds', async () => {
    const totals = { grants: 2, committed: '18000', paid: '9000', clawed_back: '0', net: '9000', outstanding: '9000', states: { paid: 1, pending: 1, weird: 3 } }
    const f = answer({
      policies: [{ policy: 'P', title: 'T', department: 'rsj', department_name: '区人社局', totals }],
      departments: [{ department: 'rsj', department_name: '区人社局', totals }],
      total: totals,
    })
    const r = await fetchFunds()
    expect(call(f).url).toBe('/api/v1/policy-funds')
    expect(r.total).toEqual({ grants: 2, committed: '18000', paid: '9000', clawedBack: '0', net: '9000', outstanding: '9000', states: { paid: 1, pending: 1 } })
    expect(r.policies[0]).toMatchObject({ policy: 'P', departmentName: '区人社局' })
    expect(r.departments[0]!.policy).toBe('')
    expect(normalizeFunds(null).total.committed).toBe('0')
  })

  it('data corrections: submit, mine, the officers’ list and review', async () => {
    const C = {
      id: 5,
      entity: '913101139UEUHDPU06',
      attribute: 'enterprise.employees',
      label: '从业人数',
      source: 'social_security',
      source_name: '社保',
      current: 8,
      claimed: '60',
      reason: '新招',
      policy: 'P',
      state: 'submitted',
    }
    let f = answer(C, 201)
    expect(await submitCorrection({ attribute: 'enterprise.employees', claimed: ' 60 ', reason: ' 新招 ', policy: 'P' })).toMatchObject({ id: 5, current: '8', sourceName: '社保' })
    expect(call(f)).toEqual({
      url: '/api/v1/policies/corrections',
      method: 'POST',
      body: { attribute: 'enterprise.employees', claimed: '60', reason: '新招', policy: 'P' },
    })
    f = answer({ items: [C] })
    await fetchMyCorrections()
    await fetchCorrections('submitted')
    expect([call(f).url, call(f, 1).url]).toEqual(['/api/v1/policies/corrections/mine', '/api/v1/policy-corrections?state=submitted'])
    f = answer({ ...C, state: 'accepted', reply: '已更正' })
    expect((await reviewCorrection(5, 'accept', ' 已更正 ')).state).toBe('accepted')
    expect(call(f)).toEqual({ url: '/api/v1/policy-corrections/5/review', method: 'POST', body: { decision: 'accept', reply: '已更正' } })
    expect(normalizeCorrection({ ...C, state: 'odd', current: null })).toMatchObject({ state: 'submitted', current: '' })
  })

  it('signing keys: list, register, revoke', async () => {
    const K = { id: 7, public_key: '04AB', fingerprint: '0123456789abcdef', label: 'Linux · Chrome 浏览器', created_at: 't', revoked_at: '', last_used_at: '', active: true }
    let f = answer({ items: [K, { ...K, id: 8, revoked_at: 'u', active: false }] })
    const keys = await fetchSigningKeys()
    expect(keys.map((k) => [k.id, k.active, k.publicKey])).toEqual([[7, true, '04ab'], [8, false, '04ab']])
    expect(call(f)).toMatchObject({ url: '/api/v1/me/signing-keys', method: 'GET' })
    f = answer(K, 201)
    await registerSigningKey('04ab', ' 我的电脑 ')
    await registerSigningKey('04ab')
    expect([call(f).body, call(f, 1).body]).toEqual([{ public_key: '04ab', label: '我的电脑' }, { public_key: '04ab' }])
    const del = vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) => new Response(null, { status: 204 }))
    vi.stubGlobal('fetch', del)
    await revokeSigningKey(7)
    expect(call(del)).toMatchObject({ url: '/api/v1/me/signing-keys/7', method: 'DELETE' })
    expect(normalizeSigningKey({ id: 1, revoked_at: 'x' }).active).toBe(false)
  })

  it('passes the server’s problem on (a grant already confirmed)', async () => {
    const problem = { title: '该笔兑现已确认，无需重复确认', status: 409 }
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify(problem), { status: 409, headers: { 'Content-Type': 'application/problem+json' } })))
    const err = await confirmGrant(3, 7, 'ab'.repeat(64)).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).problem?.title).toBe('该笔兑现已确认，无需重复确认')
  })
})
