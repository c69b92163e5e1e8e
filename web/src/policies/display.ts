// Pure display rules of 免申即享: outcome, kind, grant and run labels; readable names for the
// attributes a decision read or missed; exact yuan amounts with thousands separators; the check-up
// grouped into the portal's sections; what a near miss's explanation saw; how to lift a risk block.

import type {
  Checkup,
  CriterionResult,
  Decision,
  EntityModel,
  Grant,
  GrantState,
  Outcome,
  PolicyKind,
  PolicyMode,
  PolicyTarget,
  RunStatus,
} from '@/api/policies'

export type Tone = 'success' | 'warning' | 'info' | 'danger' | 'primary'

// ---- labels -------------------------------------------------------------------------------------

export const OUTCOME_LABELS: Readonly<Record<Outcome, string>> = {
  eligible: '符合',
  undecided: '待补充信息',
  blocked: '暂缓（风险核查）',
  ineligible: '不符合',
  not_in_force: '不在有效期',
  error: '判定出错',
}

export const NEAR_MISS_LABEL = '差一项'

/** The decision's label: a near miss is 差一项 rather than 不符合. */
export function outcomeLabel(d: Pick<Decision, 'outcome' | 'nearMiss'>): string {
  return d.outcome === 'ineligible' && d.nearMiss ? NEAR_MISS_LABEL : OUTCOME_LABELS[d.outcome]
}

export function outcomeTone(d: Pick<Decision, 'outcome' | 'nearMiss'>): Tone {
  switch (d.outcome) {
    case 'eligible':
      return 'success'
    case 'blocked':
      return 'danger'
    case 'undecided':
      return 'warning'
    case 'ineligible':
      return d.nearMiss ? 'primary' : 'info'
    case 'not_in_force':
      return 'info'
    case 'error':
      return 'danger'
  }
}

export const KIND_LABELS: Readonly<Record<PolicyKind, string>> = {
  fund: '资金扶持',
  tax: '税收优惠',
  fee: '费用减免',
  aid: '救助补贴',
  service: '服务支持',
}

export const TARGET_LABELS: Readonly<Record<PolicyTarget, string>> = {
  enterprise: '企业',
  person: '个人',
}

export const MODE_LABELS: Readonly<Record<PolicyMode, string>> = {
  auto: '免申直达',
  confirm: '一键确认',
}

export const GRANT_STATE_LABELS: Readonly<Record<GrantState, string>> = {
  awaiting_confirmation: '待您确认',
  pending: '待发放',
  paid: '已发放',
  failed: '发放失败',
  objected: '已提出异议',
  clawed_back: '已追回',
}

/** Officers see the same states named from their side. */
export const GRANT_STATE_LABELS_STAFF: Readonly<Record<GrantState, string>> = {
  ...GRANT_STATE_LABELS,
  awaiting_confirmation: '待对象确认',
  objected: '对象有异议',
}

export const GRANT_STATE_TONES: Readonly<Record<GrantState, Tone>> = {
  awaiting_confirmation: 'warning',
  pending: 'primary',
  paid: 'success',
  failed: 'danger',
  objected: 'danger',
  clawed_back: 'info',
}

export const RUN_STATUS_LABELS: Readonly<Record<RunStatus, string>> = {
  pending_review: '待确认名单',
  confirmed: '名单已确认',
}

export const canConfirmGrant = (g: Pick<Grant, 'state'>): boolean => g.state === 'awaiting_confirmation'
export const canObjectToGrant = (g: Pick<Grant, 'state'>): boolean => g.state === 'awaiting_confirmation' || g.state === 'pending'
export const canPayGrant = (g: Pick<Grant, 'state'>): boolean => g.state === 'pending'

/** What happens next to a grant, for its beneficiary. */
export function grantNextStep(g: Pick<Grant, 'state' | 'mode'>): string {
  switch (g.state) {
    case 'awaiting_confirmation':
      return '请确认享受并同意共享相关数据，确认后由主管部门发放'
    case 'pending':
      return '主管部门将按名单发放，无需您再提交材料'
    case 'paid':
      return '已发放至您在政府部门登记的账户'
    case 'failed':
      return '发放未成功，主管部门将与您联系'
    case 'objected':
      return '您的异议已提交，主管部门核实后答复'
    case 'clawed_back':
      return '该笔资金已被追回'
  }
}

// ---- attributes ---------------------------------------------------------------------------------

/**
 * The entity model (GET /api/v1/policies/attributes) as the labels need it: each attribute's label
 * and source name by path, and each source's name by id.
 */
export interface AttributeNames {
  attributes: ReadonlyMap<string, { label: string; source: string }>
  sources: ReadonlyMap<string, string>
}

export function attributeNames(model: EntityModel): AttributeNames {
  const all = [...model.enterprise, ...model.person]
  return {
    attributes: new Map(all.map((a) => [a.path, { label: a.label, source: a.sourceName }])),
    sources: new Map(all.filter((a) => a.sourceName).map((a) => [a.source, a.sourceName])),
  }
}

/** A source's name for unavailable_sources (信用 for credit); its id when the model lacks it. */
export const sourceLabel = (id: string, names?: AttributeNames | null): string => names?.sources.get(id) ?? id

/**
 * A readable name for an attribute path: the entity model's label; else, from the decision, the
 * reason of the criterion that needed it (「与“从业人员10至1000人”有关的信息」); else the path
 * without its entity prefix. Without the model (not loaded yet, or failed) only the fallbacks apply.
 */
export function attributeLabel(
  path: string,
  decision?: Pick<Decision, 'criteria' | 'risks'>,
  names?: AttributeNames | null,
): string {
  const known = names?.attributes.get(path)
  if (known?.label) return known.label
  const rule = decision && [...decision.criteria, ...decision.risks].find((c) => c.missing.includes(path) && c.reason)
  if (rule) return `与“${rule.reason}”有关的信息`
  return path.replace(/^(enterprise|person)\./, '')
}

/** The name of the source an attribute is read from ('' when unknown). */
export const attributeSource = (path: string, names?: AttributeNames | null): string => names?.attributes.get(path)?.source ?? ''

/** An input's value as a person would read it: lists joined with 、, booleans 是/否, unknown 未知. */
export function valueText(value: unknown): string {
  if (value === null || value === undefined) return '未知'
  if (typeof value === 'boolean') return value ? '是' : '否'
  if (Array.isArray(value)) return value.length ? value.map(valueText).join('、') : '无'
  if (typeof value === 'object') return JSON.stringify(value)
  const s = String(value)
  return s === '' ? '空' : s
}

// ---- explanations -------------------------------------------------------------------------------

export interface SeenValue {
  path: string
  label: string
  value: string
}

// `= enterprise.employees → 8`, or a clause that is the attribute itself (`✗ enterprise.x → false`).
const SEEN_LINE = /^\s*[=✓✗?]\s*((?:enterprise|person)\.[\w.]+)\s*→\s*(.*)$/

/**
 * The attributes a criterion's explanation saw, with their values — what would have to change
 * for a near miss. Reads the explanation's `= enterprise.x → value` lines, preferring the value
 * among the decision's inputs; parameters are left out. Each attribute once, in order.
 */
export function seenValues(
  c: Pick<CriterionResult, 'explanation'>,
  decision?: Pick<Decision, 'criteria' | 'risks' | 'inputs'>,
  names?: AttributeNames | null,
): SeenValue[] {
  const out: SeenValue[] = []
  for (const line of c.explanation.split('\n')) {
    const m = SEEN_LINE.exec(line)
    if (!m || out.some((s) => s.path === m[1])) continue
    const path = m[1]!
    const raw = m[2]!.replace(/\s+\((?:not needed)\)\s*$/, '').replace(/\s+\[missing:.*\]$/, '').trim()
    let value: unknown = raw
    if (decision && path in decision.inputs) value = decision.inputs[path]
    else if (raw === 'unknown') value = null
    else {
      try {
        value = JSON.parse(raw)
      } catch {
        // Not JSON (a date, a bare word): shown as it is.
      }
    }
    out.push({ path, label: attributeLabel(path, decision, names), value: valueText(value) })
  }
  return out
}

/** The explanation's lines without the trailing blank one, for a collapsed 判定明细. */
export function explanationLines(explanation: string): string[] {
  return explanation.replace(/\s+$/, '').split('\n').filter((l) => l.trim() !== '')
}

/** The criteria of a near miss that failed (exactly one, by definition). */
export const failedCriteria = (d: Pick<Decision, 'criteria' | 'failed'>): CriterionResult[] =>
  d.criteria.filter((c) => c.verdict === 'failed' || d.failed.includes(c.id))

/** The criteria that held: the reasons an eligible decision gives. */
export const heldCriteria = (d: Pick<Decision, 'criteria'>): CriterionResult[] => d.criteria.filter((c) => c.verdict === 'held')

/** The risks that apply: a risk check's verdict `held` means the risk is there. */
export const heldRisks = (d: Pick<Decision, 'risks' | 'blockedBy'>): CriterionResult[] =>
  d.risks.filter((r) => r.verdict === 'held' || d.blockedBy.includes(r.id))

/** The criteria or risks still without a verdict, with what they miss. */
export const unknownChecks = (d: Pick<Decision, 'criteria' | 'risks'>): CriterionResult[] =>
  [...d.criteria, ...d.risks].filter((c) => c.verdict === 'unknown')

const RISK_FIXES: Readonly<Record<string, string>> = {
  dishonest: '履行相关法定义务、完成信用修复并移出严重失信名单后，系统将重新核查，无需重新申请。',
  abnormal: '补报年度报告或更正登记信息，并向市场监管部门申请移出经营异常名录；移出后系统将重新核查。',
  tax_arrears: '缴清欠缴税款（可通过电子税务局查询和缴纳）；税务数据更新后系统将重新核查。',
}

/** How a beneficiary lifts a risk block, by the risk's id (dishonest, abnormal, tax_arrears…). */
export function riskFix(riskId: string): string {
  return RISK_FIXES[riskId] ?? '请联系政策主管部门了解核查情况和处理办法；情况消除后系统将重新核查。'
}

// ---- amounts ------------------------------------------------------------------------------------

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/

/** "300000" → "300,000"; "11400.5" → "11,400.50"; fractions kept exact (at least two digits). */
export function formatAmount(amount: string | null | undefined): string {
  const m = DECIMAL.exec((amount ?? '').trim())
  if (!m) return ''
  const [, sign, whole, frac = ''] = m
  const int = whole!.replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  const trimmed = frac.replace(/0+$/, '')
  const fraction = trimmed === '' ? '' : `.${trimmed.padEnd(2, '0')}`
  return `${sign}${int}${fraction}`
}

/** "300,000 元", or '—' when there is no amount. */
export function formatYuan(amount: string | null | undefined): string {
  const f = formatAmount(amount)
  return f ? `${f} 元` : '—'
}

/** The exact sum of decimal amounts (nulls and malformed ones ignored), as a decimal string. */
export function sumAmounts(amounts: readonly (string | null | undefined)[]): string {
  const parsed = amounts.map((a) => DECIMAL.exec((a ?? '').trim())).filter((m): m is RegExpExecArray => m !== null)
  const scale = Math.max(0, ...parsed.map((m) => (m[3] ?? '').length))
  let total = 0n
  for (const m of parsed) {
    const digits = BigInt(`${m[2]}${(m[3] ?? '').padEnd(scale, '0')}`)
    total += m[1] === '-' ? -digits : digits
  }
  const negative = total < 0n
  const s = (negative ? -total : total).toString().padStart(scale + 1, '0')
  const whole = scale ? s.slice(0, -scale) : s
  const frac = scale ? s.slice(-scale).replace(/0+$/, '') : ''
  return `${negative ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`
}

// ---- the check-up -------------------------------------------------------------------------------

export interface CheckupSections {
  eligible: Decision[]
  nearMisses: Decision[]
  undecided: Decision[]
  blocked: Decision[]
  /** Ineligible on more than one criterion, out of force, or failed to evaluate. */
  others: Decision[]
}

export function checkupSections(c: Pick<Checkup, 'decisions'>): CheckupSections {
  const s: CheckupSections = { eligible: [], nearMisses: [], undecided: [], blocked: [], others: [] }
  for (const d of c.decisions) {
    if (d.outcome === 'eligible') s.eligible.push(d)
    else if (d.outcome === 'blocked') s.blocked.push(d)
    else if (d.outcome === 'undecided') s.undecided.push(d)
    else if (d.outcome === 'ineligible' && d.nearMiss) s.nearMisses.push(d)
    else s.others.push(d)
  }
  return s
}

export interface CheckupSummary {
  eligible: number
  /** Exact sum of the eligible decisions' amounts. */
  amount: string
  nearMisses: number
  undecided: number
  blocked: number
  ineligible: number
  notInForce: number
}

export function checkupSummary(c: Pick<Checkup, 'decisions'>): CheckupSummary {
  const s = checkupSections(c)
  return {
    eligible: s.eligible.length,
    amount: sumAmounts(s.eligible.map((d) => d.amount)),
    nearMisses: s.nearMisses.length,
    undecided: s.undecided.length,
    blocked: s.blocked.length,
    ineligible: s.others.filter((d) => d.outcome === 'ineligible').length,
    notInForce: s.others.filter((d) => d.outcome === 'not_in_force').length,
  }
}

/** The grant of a policy, the newest when there are several. */
export function grantFor(grants: readonly Grant[], policy: string): Grant | undefined {
  return grants.filter((g) => g.policy === policy).sort((a, b) => b.id - a.id)[0]
}

/** Grants needing the beneficiary first (awaiting confirmation), then the rest, newest first. */
export function sortGrants<T extends Pick<Grant, 'id' | 'state'>>(grants: readonly T[]): T[] {
  const rank = (g: T) => (g.state === 'awaiting_confirmation' ? 0 : 1)
  return [...grants].sort((a, b) => rank(a) - rank(b) || b.id - a.id)
}

/** Replaces the grant with the same id (after an action), keeping the order. */
export function replaceGrant<T extends { id: number }>(grants: readonly T[], grant: T): T[] {
  return grants.map((g) => (g.id === grant.id ? grant : g))
}

// ---- dates --------------------------------------------------------------------------------------

/** YYYY-MM-DD of a day in the local calendar. */
export function isoDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

/** "2026-01-01 至 2026-12-31", "2026-01-01 起", or ''. */
export function effectiveText(from: string, to: string): string {
  if (from && to) return `${from} 至 ${to}`
  if (from) return `${from} 起`
  if (to) return `至 ${to}`
  return ''
}

// ---- officers -----------------------------------------------------------------------------------

/** A resident's 身份证号 with its middle hidden (310113********1231); credit codes shown whole. */
export function maskEntity(id: string): string {
  return /^\d{17}[\dXx]$/.test(id) ? `${id.slice(0, 6)}********${id.slice(-4)}` : id
}

export type RunTab = 'eligible' | 'blocked' | 'undecided' | 'near' | 'error'

export const RUN_TAB_LABELS: Readonly<Record<RunTab, string>> = {
  eligible: '符合',
  blocked: '暂缓（风险核查）',
  undecided: '待补充信息',
  near: '差一项',
  error: '其他',
}

/** The tab of a run's listed decision (plain ineligible ones are not listed by the server). */
export function runTabOf(d: Pick<Decision, 'outcome' | 'nearMiss'>): RunTab {
  if (d.outcome === 'eligible' || d.outcome === 'blocked' || d.outcome === 'undecided') return d.outcome
  if (d.outcome === 'ineligible' && d.nearMiss) return 'near'
  return 'error'
}
