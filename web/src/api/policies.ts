// 免申即享 (policies without applying): the district's policies, a signed-in enterprise's or
// resident's check-up (政策体检) with every decision explained, their grants (一键确认 signed with
// their own key, 异议), data corrections (数据纠错), and the officers' side — runs over the whole
// population, the list to confirm, the grants to approve, pay, retry or claw back, objections to
// answer, and the funds per policy and department. Shapes as the server's policy routes answer
// (src/policy/routes.cpp, json.cpp); docs/policies.md.

import { request } from './http'

type Raw = Record<string, unknown>
const isObject = (v: unknown): v is Raw => v !== null && typeof v === 'object' && !Array.isArray(v)
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '')
const count = (v: unknown): number => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN
  return Number.isSafeInteger(n) && n >= 0 ? n : 0
}
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(str).filter(Boolean) : [])
/** An exact decimal amount as the server writes it ("300000", "11400.50"), or null. */
const amountOf = (v: unknown): string | null => {
  const s = str(v).trim()
  return /^-?\d+(\.\d+)?$/.test(s) ? s : null
}
/** A ledger index: -1 (or absent) means none. */
const index = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : null)
const oneOf = <T extends string>(values: readonly T[], v: unknown, fallback: T): T =>
  (values as readonly string[]).includes(str(v)) ? (str(v) as T) : fallback

// ---- policies -----------------------------------------------------------------------------------

export const POLICY_KINDS = ['fund', 'tax', 'fee', 'aid', 'service'] as const
export type PolicyKind = (typeof POLICY_KINDS)[number]
export const POLICY_TARGETS = ['enterprise', 'person'] as const
export type PolicyTarget = (typeof POLICY_TARGETS)[number]
export type PolicyMode = 'auto' | 'confirm'

export interface Policy {
  /** BS-2026-ZJTX-AWARD */
  id: string
  title: string
  summary: string
  /** Department id, and its name as the server gives it. */
  department: string
  departmentName: string
  kind: PolicyKind
  target: PolicyTarget
  /** auto: paid once the list is confirmed (直达); confirm: the beneficiary confirms first. */
  mode: PolicyMode
  /** YYYY-MM-DD; `effectiveTo` '' when open-ended. */
  effectiveFrom: string
  effectiveTo: string
  legalBasis: string
  benefitDescription: string
  /** SHA-256 of the policy's canonical body. */
  version: string
}

/** A criterion or risk check as the policy states it. */
export interface PolicyRule {
  id: string
  reason: string
  /** The expression, e.g. enterprise.employees >= params.min_employees */
  when: string
}

export interface PolicyParameter {
  name: string
  values: { from: string; to: string; value: string }[]
}

export interface PolicyDetail extends Policy {
  eligibility: PolicyRule[]
  risk: PolicyRule[]
  parameters: PolicyParameter[]
}

export function normalizePolicy(raw: unknown): Policy {
  const r = isObject(raw) ? raw : {}
  const effective = isObject(r.effective) ? r.effective : {}
  return {
    id: str(r.id),
    title: str(r.title),
    summary: str(r.summary),
    department: str(r.department),
    departmentName: str(r.department_name),
    kind: oneOf(POLICY_KINDS, r.kind, 'fund'),
    target: oneOf(POLICY_TARGETS, r.target, 'enterprise'),
    mode: str(r.mode) === 'confirm' ? 'confirm' : 'auto',
    effectiveFrom: str(effective.from),
    effectiveTo: str(effective.to),
    legalBasis: str(r.legal_basis),
    benefitDescription: str(r.benefit_description),
    version: str(r.version),
  }
}

const rules = (v: unknown): PolicyRule[] =>
  Array.isArray(v) ? v.filter(isObject).map((x) => ({ id: str(x.id), reason: str(x.reason), when: str(x.when) })) : []

export function normalizePolicyDetail(raw: unknown): PolicyDetail {
  const r = isObject(raw) ? raw : {}
  return {
    ...normalizePolicy(r),
    eligibility: rules(r.eligibility),
    risk: rules(r.risk),
    parameters: Array.isArray(r.parameters)
      ? r.parameters.filter(isObject).map((p) => ({
          name: str(p.name),
          values: Array.isArray(p.values)
            ? p.values.filter(isObject).map((v) => ({ from: str(v.from), to: str(v.to), value: str(v.value) }))
            : [],
        }))
      : [],
  }
}

export function normalizePolicies(raw: unknown): Policy[] {
  const r = isObject(raw) ? raw : {}
  return Array.isArray(r.items) ? r.items.filter(isObject).map(normalizePolicy).filter((p) => p.id !== '') : []
}

// ---- the entity model ---------------------------------------------------------------------------

/** One attribute of the entity model (data/definitions/entities.yaml) and the source that holds it. */
export interface EntityAttribute {
  /** enterprise.employees */
  path: string
  /** 从业人数 */
  label: string
  /** bool, int, decimal, string, date or list<string>, as the definitions type it. */
  type: string
  /** The source's id (enterprise_registry) and name (法人库); the name is '' when unknown. */
  source: string
  sourceName: string
}

export type EntityModel = Record<PolicyTarget, EntityAttribute[]>

const attributes = (v: unknown): EntityAttribute[] =>
  Array.isArray(v)
    ? v
        .filter(isObject)
        .map((a) => ({ path: str(a.path), label: str(a.label), type: str(a.type), source: str(a.source), sourceName: str(a.source_name) }))
        .filter((a) => a.path !== '')
    : []

export function normalizeEntityModel(raw: unknown): EntityModel {
  const r = isObject(raw) ? raw : {}
  return { enterprise: attributes(r.enterprise), person: attributes(r.person) }
}

// ---- the check-up (政策体检) ------------------------------------------------------------------------

export const OUTCOMES = ['eligible', 'ineligible', 'undecided', 'blocked', 'not_in_force', 'error'] as const
export type Outcome = (typeof OUTCOMES)[number]
export type Verdict = 'held' | 'failed' | 'unknown' | 'not_evaluated'

/** One criterion's or risk check's verdict. A risk that `held` is one that applies (and blocks). */
export interface CriterionResult {
  id: string
  reason: string
  verdict: Verdict
  /** The unknown inputs that kept it from a verdict (attribute paths). */
  missing: string[]
  /** The clause and the values it saw, one line each (`✗ … → false`, `= enterprise.x → 8`). */
  explanation: string
}

export interface Decision {
  policy: string
  title: string
  entity: string
  asOf: string
  version: string
  outcome: Outcome
  /** Exact yuan; eligible (and blocked: what it would pay). */
  amount: string | null
  /** Failed criteria ids. */
  failed: string[]
  /** Attribute paths such as enterprise.employees. */
  missing: string[]
  /** Risk ids that hold. */
  blockedBy: string[]
  error: string
  /** Ineligible on exactly one criterion with every input known. */
  nearMiss: boolean
  criteria: CriterionResult[]
  risks: CriterionResult[]
  /** Every input read, by path (attributes and params.*), null when unknown. */
  inputs: Record<string, unknown>
}

export interface Checkup {
  entity: string
  kind: PolicyTarget
  asOf: string
  /** Sources that could not be read: their attributes count as unknown. */
  unavailableSources: string[]
  decisions: Decision[]
}

const VERDICTS: readonly Verdict[] = ['held', 'failed', 'unknown', 'not_evaluated']

const results = (v: unknown): CriterionResult[] =>
  Array.isArray(v)
    ? v.filter(isObject).map((c) => ({
        id: str(c.id),
        reason: str(c.reason),
        verdict: oneOf(VERDICTS, c.verdict, 'not_evaluated'),
        missing: strings(c.missing),
        explanation: str(c.explanation),
      }))
    : []

export function normalizeDecision(raw: unknown): Decision {
  const r = isObject(raw) ? raw : {}
  return {
    policy: str(r.policy),
    title: str(r.title),
    entity: str(r.entity),
    asOf: str(r.as_of),
    version: str(r.version),
    outcome: oneOf(OUTCOMES, r.outcome, 'error'),
    amount: amountOf(r.amount),
    failed: strings(r.failed),
    missing: strings(r.missing),
    blockedBy: strings(r.blocked_by),
    error: str(r.error),
    nearMiss: r.near_miss === true,
    criteria: results(r.criteria),
    risks: results(r.risks),
    inputs: isObject(r.inputs) ? { ...r.inputs } : {},
  }
}

export function normalizeCheckup(raw: unknown): Checkup {
  const r = isObject(raw) ? raw : {}
  return {
    entity: str(r.entity),
    kind: str(r.kind) === 'person' ? 'person' : 'enterprise',
    asOf: str(r.as_of),
    unavailableSources: strings(r.unavailable_sources),
    decisions: Array.isArray(r.decisions) ? r.decisions.filter(isObject).map(normalizeDecision).filter((d) => d.policy !== '') : [],
  }
}

// ---- grants (兑现) --------------------------------------------------------------------------------

export const GRANT_STATES = [
  'awaiting_confirmation',
  'pending',
  'approved',
  'paid',
  'failed',
  'objected',
  'withdrawn',
  'clawed_back',
] as const
export type GrantState = (typeof GRANT_STATES)[number]

export interface Grant {
  id: number
  run: number
  policy: string
  title: string
  entity: string
  entityKind: PolicyTarget
  /** The beneficiary's name. */
  name: string
  amount: string | null
  mode: PolicyMode
  state: GrantState
  createdAt: string
  confirmedAt: string
  confirmedBy: string
  approvedAt: string
  approvedBy: string
  paidAt: string
  paidBy: string
  /** The treasury's reference of the transfer ('' when none was given). */
  paymentRef: string
  /** The bank's reason a transfer failed. */
  failure: string
  /** The beneficiary's objection, '' when none. */
  objection: string
  /** The state the objection interrupted (where dismiss / amend return to); null when none. */
  objectedFrom: GrantState | null
  /** The officer's reply to the objection, by whom and when. */
  reply: string
  reviewedBy: string
  reviewedAt: string
  clawbackReason: string
  clawedBackAt: string
  clawedBackBy: string
  note: string
  /** The beneficiary's SM2 signature (r||s hex) of `statement`, and the signer's public point. */
  signature: string
  signerKey: string
  /** The exact UTF-8 text the beneficiary signs to confirm. */
  statement: string
  /** Ledger entries: the decision's, the payment's, the claw-back's, the signed confirmation's. */
  ledgerIndex: number | null
  paymentIndex: number | null
  clawbackIndex: number | null
  confirmationIndex: number | null
}

export function normalizeGrant(raw: unknown): Grant {
  const r = isObject(raw) ? raw : {}
  return {
    id: count(r.id),
    run: count(r.run),
    policy: str(r.policy),
    title: str(r.title),
    entity: str(r.entity),
    entityKind: str(r.entity_kind) === 'person' ? 'person' : 'enterprise',
    name: str(r.name),
    amount: amountOf(r.amount),
    mode: str(r.mode) === 'confirm' ? 'confirm' : 'auto',
    state: oneOf(GRANT_STATES, r.state, 'pending'),
    createdAt: str(r.created_at),
    confirmedAt: str(r.confirmed_at),
    confirmedBy: str(r.confirmed_by),
    approvedAt: str(r.approved_at),
    approvedBy: str(r.approved_by),
    paidAt: str(r.paid_at),
    paidBy: str(r.paid_by),
    paymentRef: str(r.payment_ref),
    failure: str(r.failure),
    objection: str(r.objection),
    objectedFrom: (GRANT_STATES as readonly string[]).includes(str(r.objected_from)) ? (str(r.objected_from) as GrantState) : null,
    reply: str(r.reply),
    reviewedBy: str(r.reviewed_by),
    reviewedAt: str(r.reviewed_at),
    clawbackReason: str(r.clawback_reason),
    clawedBackAt: str(r.clawed_back_at),
    clawedBackBy: str(r.clawed_back_by),
    note: str(r.note),
    signature: str(r.signature),
    signerKey: str(r.signer_key),
    statement: str(r.statement),
    ledgerIndex: index(r.ledger_index),
    paymentIndex: index(r.payment_index),
    clawbackIndex: index(r.clawback_index),
    confirmationIndex: index(r.confirmation_index),
  }
}

export function normalizeGrants(raw: unknown): Grant[] {
  const r = isObject(raw) ? raw : {}
  return Array.isArray(r.items) ? r.items.filter(isObject).map(normalizeGrant).filter((g) => g.id > 0) : []
}

/** A batch approval: the grants approved, and those skipped with the server's reason. */
export interface BatchApproval {
  approved: Grant[]
  skipped: { id: number; reason: string }[]
}

export function normalizeBatchApproval(raw: unknown): BatchApproval {
  const r = isObject(raw) ? raw : {}
  return {
    approved: Array.isArray(r.approved) ? r.approved.filter(isObject).map(normalizeGrant).filter((g) => g.id > 0) : [],
    skipped: Array.isArray(r.skipped) ? r.skipped.filter(isObject).map((x) => ({ id: count(x.id), reason: str(x.reason) })) : [],
  }
}

// ---- funds (资金汇总) -------------------------------------------------------------------------------

/** Sums over grants, exact decimal yuan; `states` counts grants per state. */
export interface FundTotals {
  grants: number
  /** Every grant not withdrawn. */
  committed: string
  paid: string
  clawedBack: string
  /** paid − clawed back */
  net: string
  /** committed, not paid */
  outstanding: string
  states: Partial<Record<GrantState, number>>
}

export interface FundLine {
  /** '' on a department's line. */
  policy: string
  title: string
  department: string
  departmentName: string
  totals: FundTotals
}

export interface FundsReport {
  policies: FundLine[]
  departments: FundLine[]
  total: FundTotals
}

export function normalizeFundTotals(raw: unknown): FundTotals {
  const r = isObject(raw) ? raw : {}
  const states: Partial<Record<GrantState, number>> = {}
  if (isObject(r.states)) for (const s of GRANT_STATES) if (r.states[s] !== undefined) states[s] = count(r.states[s])
  return {
    grants: count(r.grants),
    committed: amountOf(r.committed) ?? '0',
    paid: amountOf(r.paid) ?? '0',
    clawedBack: amountOf(r.clawed_back) ?? '0',
    net: amountOf(r.net) ?? '0',
    outstanding: amountOf(r.outstanding) ?? '0',
    states,
  }
}

const fundLines = (v: unknown): FundLine[] =>
  Array.isArray(v)
    ? v.filter(isObject).map((l) => ({
        policy: str(l.policy),
        title: str(l.title),
        department: str(l.department),
        departmentName: str(l.department_name),
        totals: normalizeFundTotals(l.totals),
      }))
    : []

export function normalizeFunds(raw: unknown): FundsReport {
  const r = isObject(raw) ? raw : {}
  return { policies: fundLines(r.policies), departments: fundLines(r.departments), total: normalizeFundTotals(r.total) }
}

// ---- data corrections (数据纠错) --------------------------------------------------------------------

export const CORRECTION_STATES = ['submitted', 'accepted', 'rejected'] as const
export type CorrectionState = (typeof CORRECTION_STATES)[number]

/** A beneficiary's claim that a source holds a wrong value, and the source department's answer. */
export interface Correction {
  id: number
  entity: string
  /** enterprise.employees, its label (从业人数), and the source holding it. */
  attribute: string
  label: string
  source: string
  sourceName: string
  department: string
  departmentName: string
  /** The value the source holds now ('' when unknown), and the one claimed. */
  current: string
  claimed: string
  reason: string
  /** The policy whose check-up it came from ('' when none). */
  policy: string
  state: CorrectionState
  reply: string
  createdAt: string
  reviewedAt: string
  reviewedBy: string
}

const valueString = (v: unknown): string =>
  v === null || v === undefined ? '' : typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v)

export function normalizeCorrection(raw: unknown): Correction {
  const r = isObject(raw) ? raw : {}
  return {
    id: count(r.id),
    entity: str(r.entity),
    attribute: str(r.attribute),
    label: str(r.label),
    source: str(r.source),
    sourceName: str(r.source_name),
    department: str(r.department),
    departmentName: str(r.department_name),
    current: valueString(r.current),
    claimed: valueString(r.claimed),
    reason: str(r.reason),
    policy: str(r.policy),
    state: oneOf(CORRECTION_STATES, r.state, 'submitted'),
    reply: str(r.reply),
    createdAt: str(r.created_at),
    reviewedAt: str(r.reviewed_at),
    reviewedBy: str(r.reviewed_by),
  }
}

export function normalizeCorrections(raw: unknown): Correction[] {
  const r = isObject(raw) ? raw : {}
  return Array.isArray(r.items) ? r.items.filter(isObject).map(normalizeCorrection).filter((c) => c.id > 0) : []
}

// ---- runs (officers) ----------------------------------------------------------------------------

export type RunStatus = 'pending_review' | 'confirmed'

export interface Run {
  id: number
  policy: string
  title: string
  version: string
  asOf: string
  status: RunStatus
  entities: number
  eligible: number
  ineligible: number
  undecided: number
  blocked: number
  notInForce: number
  errors: number
  nearMisses: number
  /** Sum over the eligible, exact yuan. */
  amount: string | null
  /** Grants the confirmation created. */
  granted: number
  createdBy: string
  createdAt: string
  confirmedBy: string
  confirmedAt: string
  note: string
}

/** A decision kept with its run: every outcome but plain ineligible (near misses are kept). */
export interface RunDecision {
  entity: string
  name: string
  outcome: Outcome
  amount: string | null
  failed: string[]
  missing: string[]
  blockedBy: string[]
  nearMiss: boolean
}

export interface RunDetail {
  run: Run
  decisions: RunDecision[]
}

export function normalizeRun(raw: unknown): Run {
  const r = isObject(raw) ? raw : {}
  return {
    id: count(r.id),
    policy: str(r.policy),
    title: str(r.title),
    version: str(r.version),
    asOf: str(r.as_of),
    status: str(r.status) === 'confirmed' ? 'confirmed' : 'pending_review',
    entities: count(r.entities),
    eligible: count(r.eligible),
    ineligible: count(r.ineligible),
    undecided: count(r.undecided),
    blocked: count(r.blocked),
    notInForce: count(r.not_in_force),
    errors: count(r.errors),
    nearMisses: count(r.near_misses),
    amount: amountOf(r.amount),
    granted: count(r.granted),
    createdBy: str(r.created_by),
    createdAt: str(r.created_at),
    confirmedBy: str(r.confirmed_by),
    confirmedAt: str(r.confirmed_at),
    note: str(r.note),
  }
}

export function normalizeRuns(raw: unknown): Run[] {
  const r = isObject(raw) ? raw : {}
  return Array.isArray(r.items) ? r.items.filter(isObject).map(normalizeRun).filter((x) => x.id > 0) : []
}

export function normalizeRunDetail(raw: unknown): RunDetail {
  const r = isObject(raw) ? raw : {}
  return {
    run: normalizeRun(r.run),
    decisions: Array.isArray(r.decisions)
      ? r.decisions.filter(isObject).map((d) => ({
          entity: str(d.entity),
          name: str(d.name),
          outcome: oneOf(OUTCOMES, d.outcome, 'error'),
          amount: amountOf(d.amount),
          failed: strings(d.failed),
          missing: strings(d.missing),
          blockedBy: strings(d.blocked_by),
          nearMiss: d.near_miss === true,
        }))
      : [],
  }
}

// ---- requests -----------------------------------------------------------------------------------

const base = '/api/v1/policies'

const query = (params: Record<string, string | undefined>): string => {
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v) p.set(k, v)
  const s = p.toString()
  return s ? `?${s}` : ''
}

export async function fetchPolicies(): Promise<Policy[]> {
  return normalizePolicies(await request<unknown>('GET', base))
}

export async function fetchPolicy(id: string): Promise<PolicyDetail> {
  return normalizePolicyDetail(await request<unknown>('GET', `${base}/${encodeURIComponent(id)}`))
}

/** The entity model: every attribute's label and source, so missing information reads as the definitions name it. */
export async function fetchEntityModel(): Promise<EntityModel> {
  return normalizeEntityModel(await request<unknown>('GET', `${base}/attributes`))
}

/** The signed-in enterprise's or resident's check-up, as of a date (the server's today without one). */
export async function fetchCheckup(asOf = ''): Promise<Checkup> {
  // Reading every source for every policy takes a moment.
  return normalizeCheckup(await request<unknown>('GET', `${base}/checkup${query({ as_of: asOf })}`, { timeoutMs: 60_000 }))
}

export async function fetchMyGrants(): Promise<Grant[]> {
  return normalizeGrants(await request<unknown>('GET', `${base}/grants/mine`))
}

/**
 * 一键确认: confirms an awaiting_confirmation grant with consent to share the data it read, signed
 * with the beneficiary's registered key (`key`: its id) over the grant's `statement` (128 hex r||s).
 */
export async function confirmGrant(id: number, key: number, signature: string): Promise<Grant> {
  return normalizeGrant(
    await request<unknown>('POST', `${base}/grants/${id}/confirm`, { body: { consent: true, key, signature } }),
  )
}

/** 异议: disputes a grant awaiting confirmation or payment; the reason is required. */
export async function objectToGrant(id: number, reason: string): Promise<Grant> {
  return normalizeGrant(await request<unknown>('POST', `${base}/grants/${id}/objection`, { body: { reason: reason.trim() } }))
}

/** Runs a policy over every registered enterprise or resident (synchronous: may take a while). */
export async function startRun(policy: string, asOf = ''): Promise<Run> {
  const body = asOf ? { policy, as_of: asOf } : { policy }
  return normalizeRun(await request<unknown>('POST', '/api/v1/policy-runs', { body, timeoutMs: 180_000 }))
}

export async function fetchRuns(policy = ''): Promise<Run[]> {
  return normalizeRuns(await request<unknown>('GET', `/api/v1/policy-runs${query({ policy })}`))
}

export async function fetchRun(id: number): Promise<RunDetail> {
  return normalizeRunDetail(await request<unknown>('GET', `/api/v1/policy-runs/${id}`))
}

/** 确认名单: grants each eligible entity its benefit (once per policy and entity). */
export async function confirmRun(id: number, note = ''): Promise<Run> {
  const body = note.trim() ? { note: note.trim() } : {}
  return normalizeRun(await request<unknown>('POST', `/api/v1/policy-runs/${id}/confirm`, { body, timeoutMs: 60_000 }))
}

export interface GrantFilter {
  policy?: string
  state?: GrantState | ''
}

export async function fetchGrants(filter: GrantFilter = {}): Promise<Grant[]> {
  return normalizeGrants(await request<unknown>('GET', `/api/v1/policy-grants${query({ policy: filter.policy, state: filter.state })}`))
}

const grantPath = (id: number, action: string) => `/api/v1/policy-grants/${id}/${action}`

/** 审核通过: pending → approved. */
export async function approveGrant(id: number): Promise<Grant> {
  return normalizeGrant(await request<unknown>('POST', grantPath(id, 'approve')))
}

/** 批量审核通过: each grant approved, or skipped with the reason (not pending, not found). */
export async function approveGrants(ids: readonly number[]): Promise<BatchApproval> {
  return normalizeBatchApproval(
    await request<unknown>('POST', '/api/v1/policy-grants/approve', { body: { ids: [...ids] }, timeoutMs: 60_000 }),
  )
}

/** 登记发放: approved → paid, with the treasury's reference when there is one. */
export async function payGrant(id: number, reference = ''): Promise<Grant> {
  const body = reference.trim() ? { reference: reference.trim() } : {}
  return normalizeGrant(await request<unknown>('POST', grantPath(id, 'pay'), { body }))
}

/** 发放失败: approved → failed, with the bank's reason. */
export async function failGrant(id: number, reason: string): Promise<Grant> {
  return normalizeGrant(await request<unknown>('POST', grantPath(id, 'payment-failed'), { body: { reason: reason.trim() } }))
}

/** 重新发放: failed → approved, once the account is corrected. */
export async function retryGrant(id: number): Promise<Grant> {
  return normalizeGrant(await request<unknown>('POST', grantPath(id, 'retry')))
}

/** 追回: paid → clawed_back, with the reason. */
export async function clawBackGrant(id: number, reason: string): Promise<Grant> {
  return normalizeGrant(await request<unknown>('POST', grantPath(id, 'claw-back'), { body: { reason: reason.trim() } }))
}

export type ObjectionDecision = 'dismiss' | 'amend' | 'withdraw'

/** 处理异议: 维持 (dismiss), 调整金额 (amend, with the new amount) or 撤销 (withdraw), with a reply. */
export async function reviewObjection(id: number, decision: ObjectionDecision, reply: string, amount = ''): Promise<Grant> {
  const body: Record<string, string> = { decision, reply: reply.trim() }
  if (decision === 'amend') body.amount = amount.trim()
  return normalizeGrant(await request<unknown>('POST', grantPath(id, 'objection-review'), { body }))
}

/** 资金汇总: committed, paid, clawed back, net and outstanding per policy, department and in total. */
export async function fetchFunds(): Promise<FundsReport> {
  return normalizeFunds(await request<unknown>('GET', '/api/v1/policy-funds'))
}

// ---- data corrections ----

export interface CorrectionRequest {
  attribute: string
  claimed: string
  reason: string
  policy?: string
}

/** 数据纠错: the beneficiary claims a source's value is wrong; the source's department reviews it. */
export async function submitCorrection(c: CorrectionRequest): Promise<Correction> {
  const body: Record<string, string> = { attribute: c.attribute, claimed: c.claimed.trim(), reason: c.reason.trim() }
  if (c.policy) body.policy = c.policy
  return normalizeCorrection(await request<unknown>('POST', `${base}/corrections`, { body }))
}

export async function fetchMyCorrections(): Promise<Correction[]> {
  return normalizeCorrections(await request<unknown>('GET', `${base}/corrections/mine`))
}

export async function fetchCorrections(state: CorrectionState | '' = ''): Promise<Correction[]> {
  return normalizeCorrections(await request<unknown>('GET', `/api/v1/policy-corrections${query({ state })}`))
}

export async function reviewCorrection(id: number, decision: 'accept' | 'reject', reply: string): Promise<Correction> {
  return normalizeCorrection(
    await request<unknown>('POST', `/api/v1/policy-corrections/${id}/review`, { body: { decision, reply: reply.trim() } }),
  )
}

// ---- authoring (政策编写) --------------------------------------------------------------------------

/** A published policy's file as the server loaded it: where writing a new version starts. */
export async function fetchPolicySource(id: string): Promise<string> {
  const r = await request<unknown>('GET', `${base}/${encodeURIComponent(id)}/source`)
  return isObject(r) ? str(r.yaml) : ''
}

/** A definition error at its line and column of the submitted text, worded as `haoban defs check`. */
export interface DraftError {
  line: number
  column: number
  message: string
  /** "policies/ID.yaml:LINE:COL: message" */
  text: string
}

export interface DraftTestResult {
  name: string
  line: number
  passed: boolean
  message: string
}

/** A criterion or risk check whose verdict changed for an entity ('' where a version lacks it). */
export interface VerdictChange {
  id: string
  reason: string
  risk: boolean
  before: Verdict | ''
  after: Verdict | ''
}

export interface ImpactSample {
  entity: string
  name: string
  change: 'gain' | 'lose'
  /** Outcomes; before is '' for a new policy. */
  before: Outcome | ''
  after: Outcome | ''
  amountBefore: string | null
  amountAfter: string | null
  changed: VerdictChange[]
}

export interface DraftImpact {
  /** No published policy of this id (for this kind of entity): everyone eligible counts as gained. */
  isNew: boolean
  entities: number
  eligibleBefore: number
  eligibleAfter: number
  gained: number
  lost: number
  unchangedEligible: number
  amountBefore: string | null
  amountAfter: string | null
  samples: ImpactSample[]
  /** When the population's data was read from the sources, and whether this check reused it. */
  gatheredAt: string
  cached: boolean
  gatherSeconds: number
  impactSeconds: number
}

export interface DraftCheck {
  asOf: string
  compiles: boolean
  policy: { id: string; title: string; target: PolicyTarget; version: string; publishedVersion: string } | null
  errors: DraftError[]
  tests: DraftTestResult[]
  testsPassed: number
  testsFailed: number
  impact: DraftImpact | null
}

const verdictOrNone = (v: unknown): Verdict | '' => (VERDICTS as readonly unknown[]).includes(v) ? (v as Verdict) : ''
const outcomeOrNone = (v: unknown): Outcome | '' => (OUTCOMES as readonly unknown[]).includes(v) ? (v as Outcome) : ''
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0)

export function normalizeDraftCheck(raw: unknown): DraftCheck {
  const r = isObject(raw) ? raw : {}
  const p = isObject(r.policy) ? r.policy : null
  const i = isObject(r.impact) ? r.impact : null
  const population = i && isObject(i.population) ? i.population : {}
  return {
    asOf: str(r.as_of),
    compiles: r.compiles === true,
    policy: p
      ? {
          id: str(p.id),
          title: str(p.title),
          target: str(p.target) === 'person' ? 'person' : 'enterprise',
          version: str(p.version),
          publishedVersion: str(p.published_version),
        }
      : null,
    errors: Array.isArray(r.errors)
      ? r.errors.filter(isObject).map((e) => ({ line: count(e.line), column: count(e.column), message: str(e.message), text: str(e.text) }))
      : [],
    tests: Array.isArray(r.tests)
      ? r.tests.filter(isObject).map((t) => ({ name: str(t.name), line: count(t.line), passed: t.passed === true, message: str(t.message) }))
      : [],
    testsPassed: count(r.tests_passed),
    testsFailed: count(r.tests_failed),
    impact: i
      ? {
          isNew: i.is_new === true,
          entities: count(i.entities),
          eligibleBefore: count(i.eligible_before),
          eligibleAfter: count(i.eligible_after),
          gained: count(i.gained),
          lost: count(i.lost),
          unchangedEligible: count(i.unchanged_eligible),
          amountBefore: amountOf(i.amount_before),
          amountAfter: amountOf(i.amount_after),
          samples: Array.isArray(i.samples)
            ? i.samples.filter(isObject).map((s) => ({
                entity: str(s.entity),
                name: str(s.name),
                change: str(s.change) === 'lose' ? 'lose' : 'gain',
                before: outcomeOrNone(s.before),
                after: outcomeOrNone(s.after),
                amountBefore: amountOf(s.amount_before),
                amountAfter: amountOf(s.amount_after),
                changed: Array.isArray(s.changed)
                  ? s.changed.filter(isObject).map((c) => ({
                      id: str(c.id),
                      reason: str(c.reason),
                      risk: c.risk === true,
                      before: verdictOrNone(c.before),
                      after: verdictOrNone(c.after),
                    }))
                  : [],
              }))
            : [],
          gatheredAt: str(population.gathered_at),
          cached: population.cached === true,
          gatherSeconds: num(population.gather_seconds),
          impactSeconds: num(population.impact_seconds),
        }
      : null,
  }
}

/**
 * 检查: one policy file's text — its errors, its tests and its change impact against the published
 * version — without saving anything. The first check reads every registered entity's data and may
 * take a while; later ones reuse it for up to ten minutes.
 */
export async function checkPolicyDraft(yaml: string, asOf = '', refresh = false): Promise<DraftCheck> {
  const body: Record<string, unknown> = { yaml }
  if (asOf) body.as_of = asOf
  if (refresh) body.refresh = true
  return normalizeDraftCheck(await request<unknown>('POST', '/api/v1/policy-drafts/check', { body, timeoutMs: 180_000 }))
}
