// 免申即享 (policies without applying): the district's policies, a signed-in enterprise's or
// resident's check-up (政策体检) with every decision explained, their grants (一键确认 with consent,
// 异议), and the officers' side — runs over the whole population, the list to confirm, the grants to
// pay. Shapes as the server's policy routes answer (src/policy/routes.cpp, json.cpp); docs/policies.md.

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

export const GRANT_STATES = ['awaiting_confirmation', 'pending', 'paid', 'failed', 'objected', 'clawed_back'] as const
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
  paidAt: string
  paidBy: string
  /** The beneficiary's objection, '' when none. */
  objection: string
  note: string
  /** The decision's ledger entry, and the payment's. */
  ledgerIndex: number | null
  paymentIndex: number | null
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
    paidAt: str(r.paid_at),
    paidBy: str(r.paid_by),
    objection: str(r.objection),
    note: str(r.note),
    ledgerIndex: index(r.ledger_index),
    paymentIndex: index(r.payment_index),
  }
}

export function normalizeGrants(raw: unknown): Grant[] {
  const r = isObject(raw) ? raw : {}
  return Array.isArray(r.items) ? r.items.filter(isObject).map(normalizeGrant).filter((g) => g.id > 0) : []
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

/** 一键确认: confirms an awaiting_confirmation grant with consent to share the data it read. */
export async function confirmGrant(id: number): Promise<Grant> {
  return normalizeGrant(await request<unknown>('POST', `${base}/grants/${id}/confirm`, { body: { consent: true } }))
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

/** 发放: pending → paid. */
export async function payGrant(id: number): Promise<Grant> {
  return normalizeGrant(await request<unknown>('POST', `/api/v1/policy-grants/${id}/pay`))
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
