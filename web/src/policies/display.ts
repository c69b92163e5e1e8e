// Pure display rules of 免申即享: outcome, kind, grant and run labels; readable names for the
// attributes a decision read or missed; exact yuan amounts with thousands separators; the check-up
// grouped into the portal's sections; what a near miss's explanation saw; how to lift a risk block.

import type {
  Checkup,
  Correction,
  CorrectionState,
  CriterionResult,
  Decision,
  EntityModel,
  FundLine,
  FundsReport,
  FundTotals,
  Grant,
  GrantState,
  ObjectionDecision,
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
  pending: '待审核',
  approved: '审核通过待发放',
  paid: '已发放',
  failed: '发放失败',
  objected: '已提出异议',
  withdrawn: '已撤销',
  clawed_back: '已追回',
}

/** Officers see the same states named from their side. */
export const GRANT_STATE_LABELS_STAFF: Readonly<Record<GrantState, string>> = {
  ...GRANT_STATE_LABELS,
  awaiting_confirmation: '待对象确认',
  approved: '已审核待发放',
  objected: '对象有异议',
}

export const GRANT_STATE_TONES: Readonly<Record<GrantState, Tone>> = {
  awaiting_confirmation: 'warning',
  pending: 'primary',
  approved: 'primary',
  paid: 'success',
  failed: 'danger',
  objected: 'danger',
  withdrawn: 'info',
  clawed_back: 'info',
}

export const RUN_STATUS_LABELS: Readonly<Record<RunStatus, string>> = {
  pending_review: '待确认名单',
  confirmed: '名单已确认',
}

export const canConfirmGrant = (g: Pick<Grant, 'state'>): boolean => g.state === 'awaiting_confirmation'
export const canObjectToGrant = (g: Pick<Grant, 'state'>): boolean => g.state === 'awaiting_confirmation' || g.state === 'pending'
export const canApproveGrant = (g: Pick<Grant, 'state'>): boolean => g.state === 'pending'
export const canPayGrant = (g: Pick<Grant, 'state'>): boolean => g.state === 'approved'

/** What an officer may do to a grant, in the order the buttons show. */
export type GrantAction = 'approve' | 'pay' | 'fail' | 'retry' | 'claw_back' | 'review'

export const GRANT_ACTION_LABELS: Readonly<Record<GrantAction, string>> = {
  approve: '审核通过',
  pay: '登记发放',
  fail: '发放失败',
  retry: '重新发放',
  claw_back: '追回',
  review: '处理异议',
}

export function grantActions(g: Pick<Grant, 'state'>): GrantAction[] {
  switch (g.state) {
    case 'pending':
      return ['approve']
    case 'approved':
      return ['pay', 'fail']
    case 'failed':
      return ['retry']
    case 'paid':
      return ['claw_back']
    case 'objected':
      return ['review']
    case 'awaiting_confirmation':
    case 'withdrawn':
    case 'clawed_back':
      return []
  }
}

/** What happens next to a grant, for its beneficiary. */
export function grantNextStep(g: Pick<Grant, 'state' | 'mode'>): string {
  switch (g.state) {
    case 'awaiting_confirmation':
      return '请确认享受并同意共享相关数据，确认后由主管部门审核发放'
    case 'pending':
      return '主管部门审核后按名单发放，无需您再提交材料'
    case 'approved':
      return '主管部门已审核通过，资金将发放至您在政府部门登记的账户'
    case 'paid':
      return '已发放至您在政府部门登记的账户'
    case 'failed':
      return '转账未成功，主管部门核对账户后将重新发放；如账户有变更，请联系主管部门'
    case 'objected':
      return '您的异议已提交，主管部门核实后答复，期间暂停发放'
    case 'withdrawn':
      return '该笔兑现已撤销，不再发放'
    case 'clawed_back':
      return '该笔资金已被追回，如有疑问请联系主管部门'
  }
}

export const OBJECTION_DECISION_LABELS: Readonly<Record<ObjectionDecision, string>> = {
  dismiss: '维持',
  amend: '调整金额',
  withdraw: '撤销',
}

export const OBJECTION_DECISION_HINTS: Readonly<Record<ObjectionDecision, string>> = {
  dismiss: '异议不成立，兑现恢复到提出异议前的状态',
  amend: '按核实后的金额兑现，恢复到提出异议前的状态',
  withdraw: '撤销该笔兑现，不再发放，以后的匹配也不再生成',
}

/** A positive yuan amount with at most two decimals ("1200", "1200.5"). */
export const isYuanAmount = (s: string): boolean => /^\d+(\.\d{1,2})?$/.test(s.trim()) && /[1-9]/.test(s.trim())

/** The problems of an objection review, by field ('' when none). */
export function objectionReviewProblems(r: { decision: ObjectionDecision | ''; reply: string; amount: string }): {
  decision: string
  reply: string
  amount: string
} {
  return {
    decision: r.decision ? '' : '请选择处理结果',
    reply: r.reply.trim() ? '' : '请填写答复意见，对象可以看到',
    amount: r.decision !== 'amend' ? '' : !r.amount.trim() ? '请填写调整后的金额' : isYuanAmount(r.amount) ? '' : '金额应为大于 0 的数字，最多两位小数',
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

// ---- funds --------------------------------------------------------------------------------------

/** A department's line of 资金汇总 with its policies' lines, the largest commitment first. */
export interface FundGroup {
  department: string
  departmentName: string
  totals: FundTotals
  policies: FundLine[]
}

const decimalValue = (s: string): number => {
  const n = Number(s)
  return Number.isFinite(n) ? n : 0
}

export function fundGroups(report: Pick<FundsReport, 'departments' | 'policies'>): FundGroup[] {
  const byCommitted = (a: { totals: FundTotals }, b: { totals: FundTotals }) =>
    decimalValue(b.totals.committed) - decimalValue(a.totals.committed)
  return [...report.departments].sort(byCommitted).map((d) => ({
    department: d.department,
    departmentName: d.departmentName || d.department,
    totals: d.totals,
    policies: report.policies.filter((p) => p.department === d.department).sort(byCommitted),
  }))
}

/** Paid (net of claw-backs) as a share of committed, 0–100, rounded to one decimal; 0 when nothing is committed. */
export function paidShare(t: Pick<FundTotals, 'net' | 'committed'>): number {
  const committed = decimalValue(t.committed)
  if (committed <= 0) return 0
  const share = (decimalValue(t.net) / committed) * 100
  return Math.round(Math.min(100, Math.max(0, share)) * 10) / 10
}

// ---- data corrections ---------------------------------------------------------------------------

export const CORRECTION_STATE_LABELS: Readonly<Record<CorrectionState, string>> = {
  submitted: '核实中',
  accepted: '已更正',
  rejected: '未采纳',
}

export const CORRECTION_STATE_TONES: Readonly<Record<CorrectionState, Tone>> = {
  submitted: 'warning',
  accepted: 'success',
  rejected: 'info',
}

/** An attribute a beneficiary may say is wrong, with what the platform has now. */
export interface CorrectableAttribute {
  path: string
  label: string
  /** 未知 when the source has no value. */
  current: string
  source: string
}

/**
 * The attributes worth correcting from a decision: a near miss's failed criterion's inputs (what it
 * saw), an undecided one's missing information. Each once; none for other outcomes.
 */
export function correctableAttributes(
  d: Pick<Decision, 'outcome' | 'nearMiss' | 'criteria' | 'risks' | 'failed' | 'missing' | 'inputs'>,
  names?: AttributeNames | null,
): CorrectableAttribute[] {
  const out: CorrectableAttribute[] = []
  const add = (path: string, current: string) => {
    if (out.some((a) => a.path === path)) return
    out.push({ path, label: attributeLabel(path, d, names), current, source: attributeSource(path, names) })
  }
  if (d.outcome === 'ineligible' && d.nearMiss) {
    for (const c of failedCriteria(d)) for (const v of seenValues(c, d, names)) add(v.path, v.value)
  } else if (d.outcome === 'undecided') {
    for (const path of d.missing) add(path, '未知')
  }
  return out
}

/** The problems of a correction request, by field ('' when none). */
export function correctionProblems(c: { attribute: string; claimed: string; reason: string }): {
  attribute: string
  claimed: string
  reason: string
} {
  return {
    attribute: c.attribute ? '' : '请选择需要更正的信息',
    claimed: c.claimed.trim() ? '' : '请填写正确的值',
    reason: c.reason.trim() ? '' : '请说明理由或依据（如劳动合同、社保缴费记录）',
  }
}

/** Corrections still being checked first, then the rest, newest first. */
export function sortCorrections<T extends Pick<Correction, 'id' | 'state'>>(items: readonly T[]): T[] {
  const rank = (c: T) => (c.state === 'submitted' ? 0 : 1)
  return [...items].sort((a, b) => rank(a) - rank(b) || b.id - a.id)
}
