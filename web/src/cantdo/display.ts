// Pure display rules of 办不成事: status and step labels (the reporter's wording and the staff's),
// urgency of a report against today (escalated, overdue, due today) and the queue's order, who may
// do what next, step notes with names instead of codes, and the similar-report groups of 类案分析.

import type { CantDoReport, ReportChannel, ReportStatus, ReportStep } from '@/api/cantDo'
import type { User } from '@/api/types'
import type { StepVocabulary } from '@/casework/timeline'
import { ascending, byDeadline, descending, sortUrgentFirst, thenBy } from '@/casework/urgency'

type Tone = 'primary' | 'success' | 'warning' | 'danger' | 'info'

/** The reporter's wording of where their report is. */
export const STATUS_LABELS: Readonly<Record<ReportStatus, string>> = {
  received: '已受理',
  assigned: '已交办',
  handled: '已办理',
  replied: '已答复',
  verified: '已确认解决',
  filed: '已办结',
}

/** The staff's wording: what the report waits for. */
export const STAFF_STATUS_LABELS: Readonly<Record<ReportStatus, string>> = {
  received: '待分类交办',
  assigned: '待部门办理',
  handled: '待部门答复',
  replied: '待反映人确认',
  verified: '待归档',
  filed: '已归档',
}

export const STATUS_TONES: Readonly<Record<ReportStatus, Tone>> = {
  received: 'warning',
  assigned: 'primary',
  handled: 'primary',
  replied: 'success',
  verified: 'success',
  filed: 'info',
}

export const STEP_LABELS: Readonly<Record<string, string>> = {
  received: '已受理',
  assigned: '已交办',
  handled: '已办理',
  replied: '已答复',
  verified: '已确认解决',
  reopened: '仍未解决·退回部门',
  planned: '纳入整改方案',
  filed: '已办结归档',
  escalated: '超期提醒',
  escalated_admin: '超期上报',
}

export const stepLabel = (action: string): string => STEP_LABELS[action] ?? action

export function stepTone(action: string): Tone {
  switch (action) {
    case 'verified':
    case 'filed':
      return 'success'
    case 'reopened':
    case 'escalated':
      return 'warning'
    case 'escalated_admin':
      return 'danger'
    case 'replied':
    case 'planned':
      return 'primary'
    default:
      return 'info'
  }
}

/** A report's steps on its timeline. */
export const REPORT_STEPS: StepVocabulary = { label: stepLabel, tone: stepTone, empty: '暂无办理记录', testid: 'cant-do' }

export const CHANNEL_LABELS: Readonly<Record<ReportChannel, string>> = {
  online: '网上反映',
  abandon: '中途放弃',
  counter: '窗口登记',
}

/** Why an applicant left a draft midway: the choices of the question asked when they leave. */
export const ABANDON_REASONS = ['材料太多', '看不懂要求', '系统出错', '需要的证明开不出来', '其他'] as const

export const ESCALATION_LABELS: Readonly<Record<number, string>> = {
  1: '超期提醒',
  2: '超期上报',
}

export const ESCALATION_TEXTS: Readonly<Record<number, string>> = {
  1: '已超期，已提醒责任部门和区数据局',
  2: '超期 2 个工作日以上，已上报区政务服务管理部门',
}

// ---- dates --------------------------------------------------------------------------------------

/** Today in China (YYYY-MM-DD): deadlines are China dates. */
export function chinaDate(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now)
}

/** Calendar days from `from` to `to` (both YYYY-MM-DD); NaN for anything else. */
export function daysBetween(from: string, to: string): number {
  const a = Date.parse(`${from}T00:00:00Z`)
  const b = Date.parse(`${to}T00:00:00Z`)
  return Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.round((b - a) / 86_400_000)
}

// ---- urgency ------------------------------------------------------------------------------------

/** Most urgent first. */
export const URGENCIES = ['escalated_admin', 'escalated', 'overdue', 'due_today', 'normal', 'done'] as const
export type ReportUrgency = (typeof URGENCIES)[number]

type Timed = Pick<CantDoReport, 'status' | 'dueOn' | 'overdue' | 'escalation'>

export function reportUrgency(r: Timed, today: string): ReportUrgency {
  if (r.status === 'filed') return 'done'
  if (r.escalation >= 2) return 'escalated_admin'
  if (r.escalation === 1) return 'escalated'
  if (r.overdue || (r.dueOn !== '' && r.dueOn < today)) return 'overdue'
  if (r.dueOn === today) return 'due_today'
  return 'normal'
}

export const isLate = (u: ReportUrgency): boolean => u === 'escalated_admin' || u === 'escalated' || u === 'overdue'

/** "已超期 2 天", "今天到期", "剩 3 天", '' once filed or without a deadline. */
export function dueText(r: Timed, today: string): string {
  if (r.status === 'filed' || !r.dueOn) return ''
  const d = daysBetween(today, r.dueOn)
  if (Number.isNaN(d)) return ''
  if (d < 0) return `已超期 ${-d} 天`
  if (d === 0) return r.overdue ? '已超期' : '今天到期'
  return r.overdue ? '已超期' : `剩 ${d} 天`
}

/**
 * The queue's order: escalated to admin, escalated, overdue, due today, the rest; within each the
 * earliest deadline first (then the oldest report); filed ones last, newest first.
 */
export function sortByUrgency<T extends Timed & { id: number }>(reports: readonly T[], today: string): T[] {
  const filedOrder = descending((r: T) => r.id)
  const openOrder = thenBy<T>(
    byDeadline((r) => r.dueOn),
    ascending((r) => r.id),
  )
  return sortUrgentFirst(
    reports,
    (r) => URGENCIES.indexOf(reportUrgency(r, today)),
    (a, b) => (a.status === 'filed' ? filedOrder(a, b) : openOrder(a, b)),
  )
}

export type QueueFilter = 'received' | 'open' | 'overdue' | 'all'

export const QUEUE_FILTER_LABELS: Readonly<Record<QueueFilter, string>> = {
  received: '待受理',
  open: '办理中',
  overdue: '已超期',
  all: '全部',
}

export function matchesFilter(r: Timed, filter: QueueFilter, today: string): boolean {
  switch (filter) {
    case 'received':
      return r.status === 'received'
    case 'open':
      return r.status !== 'filed'
    case 'overdue':
      return isLate(reportUrgency(r, today))
    default:
      return true
  }
}

export function queueCounts(reports: readonly Timed[], today: string): Record<QueueFilter, number> {
  const out: Record<QueueFilter, number> = { received: 0, open: 0, overdue: 0, all: reports.length }
  for (const r of reports) {
    if (matchesFilter(r, 'received', today)) out.received++
    if (matchesFilter(r, 'open', today)) out.open++
    if (matchesFilter(r, 'overdue', today)) out.overdue++
  }
  return out
}

// ---- who does what next -------------------------------------------------------------------------

/** The district data bureau: its analysts staff the 办不成事受理专窗 (with admin). */
export const BUREAU = 'sjj'

type Viewer = Pick<User, 'roles' | 'department'>

/** The desk: admin, or an analyst of the data bureau. */
export function isDesk(u: Viewer | null | undefined): boolean {
  if (!u) return false
  return u.roles.includes('admin') || (u.roles.includes('analyst') && u.department?.id === BUREAU)
}

/** Handles and replies to a department's reports: its window clerks and approvers, and admin. */
export function canHandleFor(u: Viewer | null | undefined, department: string): boolean {
  if (!u || !department) return false
  if (u.roles.includes('admin')) return true
  return (u.roles.includes('window_clerk') || u.roles.includes('approver')) && u.department?.id === department
}

export type DeskAction = 'assign' | 'verify' | 'file'
export type DepartmentAction = 'handle' | 'reply'

/** The desk's actions: classify and assign; verify a walk-in's (nobody signed in to confirm it); file. */
export function deskActions(r: Pick<CantDoReport, 'status' | 'channel'>): DeskAction[] {
  if (r.status === 'received') return ['assign']
  if (r.status === 'replied' && r.channel === 'counter') return ['verify']
  if (r.status === 'verified') return ['file']
  return []
}

export function departmentActions(status: ReportStatus): DepartmentAction[] {
  if (status === 'assigned') return ['handle']
  if (status === 'handled') return ['reply']
  return []
}

/** What the reporter is told happens next. */
export function nextStepText(r: Pick<CantDoReport, 'status' | 'dueOn'>): string {
  const by = r.dueOn ? `，预计 ${r.dueOn} 前` : ''
  switch (r.status) {
    case 'received':
      return `区数据局“办不成事”受理专窗将分类并交办责任部门${by}`
    case 'assigned':
      return `责任部门正在办理${by}答复您`
    case 'handled':
      return `责任部门已办理，即将答复您`
    case 'replied':
      return `请告诉我们问题是否已解决${r.dueOn ? `（${r.dueOn} 前未确认的视为已解决）` : ''}`
    case 'verified':
      return '您已确认问题解决，感谢您的反映'
    case 'filed':
      return '已办结归档，感谢您的反映'
  }
}

// ---- steps --------------------------------------------------------------------------------------

/**
 * A step's note with names instead of codes: the desk's "分类：system；交办：scjg；…" reads
 * "分类：系统问题；交办：区市场监管局；…".
 */
export function stepNote(
  note: string,
  categoryName: (code: string) => string,
  departmentName: (id: string) => string,
): string {
  return note
    .replace(/分类：([a-z_]+)/, (_m, code: string) => `分类：${categoryName(code) || code}`)
    .replace(/交办：([A-Za-z0-9_-]+)/, (_m, id: string) => `交办：${departmentName(id) || id}`)
}

/** Who took a step, as staff read it: the account, 系统 for the server's own steps. */
export const actorLabel = (actor: string): string => (actor === 'system' ? '系统' : actor)

/** Who took a step, as the reporter reads it: themselves, the system, or the staff in general. */
export function reporterActorLabel(step: Pick<ReportStep, 'actor' | 'action'>, me: string): string {
  if (step.actor === 'system') return '系统'
  if (step.actor === me) return '我'
  return step.action === 'assigned' || step.action === 'planned' || step.action === 'filed' ? '区数据局' : '责任部门'
}

// ---- 类案分析 -------------------------------------------------------------------------------------

export interface ReportGroup<T> {
  /** The group's report ids as the server sent them. */
  ids: number[]
  /** The reports found among those loaded (a report filed or out of reach is left out). */
  reports: T[]
  /** The department most of them concern, '' when none. */
  department: string
  /** A title to start the plan from: the item they share, else the start of the first text. */
  suggestedTitle: string
}

type Groupable = Pick<CantDoReport, 'id' | 'text' | 'department' | 'itemName'>

/** The server's groups with their reports; the biggest first. */
export function resolveGroups<T extends Groupable>(groups: readonly (readonly number[])[], byId: ReadonlyMap<number, T>): ReportGroup<T>[] {
  return groups
    .map((ids) => {
      const reports = ids.map((id) => byId.get(id)).filter((r): r is T => r !== undefined)
      return { ids: [...ids], reports, department: commonest(reports.map((r) => r.department)), suggestedTitle: planTitle(reports) }
    })
    .sort((a, b) => b.ids.length - a.ids.length || (a.ids[0] ?? 0) - (b.ids[0] ?? 0))
}

function commonest(values: readonly string[]): string {
  const counts = new Map<string, number>()
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1)
  let best = ''
  let n = 0
  for (const [v, c] of counts) if (c > n) [best, n] = [v, c]
  return best
}

/** At most 60 characters, as the server takes it. */
export function planTitle(reports: readonly Pick<CantDoReport, 'text' | 'itemName'>[]): string {
  const item = commonest(reports.map((r) => r.itemName))
  if (item && reports.every((r) => r.itemName === item)) return `${item}办不成事整改`.slice(0, 60)
  const first = (reports[0]?.text ?? '').replace(/^中途放弃办理：/, '').replace(/\s+/g, ' ').trim()
  const cut = first.split(/[，。；！？,.;!?]/)[0] ?? first
  if (!cut) return ''
  return `${cut.length > 24 ? `${cut.slice(0, 24)}…` : cut}问题整改`
}
