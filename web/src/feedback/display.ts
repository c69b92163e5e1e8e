// Pure presentation rules for 好差评: the five levels and their colours, the tags suggested for a
// level, what a task's states and steps are called, what the department does next, deadlines in
// words, the task list's order (most urgent first), the level distribution, and the applicant's own
// rating kept on the device (the server has no GET for it).

import type { FeedbackTask, Level, Rating, TaskState } from '@/api/feedback'
import type { StepVocabulary } from '@/casework/timeline'
import { ascending, byDeadline, descending, sortUrgentFirst, thenBy } from '@/casework/urgency'

export type Tone = 'success' | 'primary' | 'info' | 'warning' | 'danger'

export interface LevelOption {
  level: Exclude<Level, 0>
  label: string
  /** A few words under the label on the big choice. */
  hint: string
  tone: Tone
  /** The colour of its bar segment and its choice. */
  color: string
}

/** Best first, as the choices are offered. */
export const LEVEL_OPTIONS: readonly LevelOption[] = [
  { level: 5, label: '非常满意', hint: '超出预期', tone: 'success', color: '#1f9d55' },
  { level: 4, label: '满意', hint: '顺利办成', tone: 'success', color: '#67c23a' },
  { level: 3, label: '基本满意', hint: '还可以更好', tone: 'primary', color: '#409eff' },
  { level: 2, label: '不满意', hint: '有明显问题', tone: 'warning', color: '#e6a23c' },
  { level: 1, label: '非常不满意', hint: '问题严重', tone: 'danger', color: '#f56c6c' },
]

const optionOf = (level: number): LevelOption | undefined => LEVEL_OPTIONS.find((o) => o.level === level)

export const levelLabel = (level: number): string => optionOf(level)?.label ?? ''
export const levelTone = (level: number): Tone => optionOf(level)?.tone ?? 'info'
export const levelColor = (level: number): string => optionOf(level)?.color ?? '#909399'

/** 不满意 and 非常不满意: a rectification task follows, and a real-name rater is called back. */
export const isBadLevel = (level: number): boolean => level >= 1 && level <= 2

const GOOD_TAGS = ['办事快', '态度好', '一次办成', '指引清楚', '材料精简', '不用跑腿']
const FAIR_TAGS = ['等待较久', '指引不够清楚', '材料较多', '态度一般', '系统不好用']
const BAD_TAGS = ['材料反复补正', '等待太久', '态度差', '指引不清', '多次跑腿', '超时未办结', '系统不好用']

/** Tags to pick from for a level (none before a level is chosen). */
export function suggestedTags(level: number): readonly string[] {
  if (level >= 4) return GOOD_TAGS
  if (level === 3) return FAIR_TAGS
  if (level >= 1) return BAD_TAGS
  return []
}

/** The picked tags still offered for the new level (a 差评's tags make no sense on a 好评). */
export function keepTagsFor(level: number, tags: readonly string[]): string[] {
  const offered = suggestedTags(level)
  return tags.filter((t) => offered.includes(t))
}

/** What the free text asks for, by level. */
export function textPrompt(level: number): string {
  if (isBadLevel(level)) return '请说说遇到了什么问题（如哪一步、哪份材料、等了多久），便于部门核实整改'
  if (level === 3) return '哪些地方还可以做得更好？'
  if (level >= 4) return '说说让您满意的地方（选填）'
  return '请先选择满意程度'
}

/** The same rule as the server's: 7–20 characters of digits, spaces, + and -. */
export function phoneProblem(phone: string): string | null {
  const p = phone.trim()
  if (!p) return null
  return p.length >= 7 && p.length <= 20 && /^[0-9+\- ]+$/.test(p) ? null : '请填写正确的联系电话'
}

export const TEXT_MAX = 1000
export const TAGS_MAX = 10

export const CHANNEL_LABELS: Record<string, string> = { online: '网上办事', counter: '窗口', help: '帮办' }
export const channelLabel = (channel: string): string => CHANNEL_LABELS[channel] ?? channel

// ---- tasks --------------------------------------------------------------------------------------

export const TASK_STATE_LABELS: Record<TaskState, string> = {
  callback: '待回访',
  verifying: '待核实',
  rectifying: '待整改',
  appealed: '申诉待裁定',
  reviewing: '待评价人确认',
  closed: '已办结',
}

export const TASK_STATE_TONES: Record<TaskState, Tone> = {
  callback: 'danger',
  verifying: 'warning',
  rectifying: 'warning',
  appealed: 'primary',
  reviewing: 'info',
  closed: 'success',
}

/** The filter's choices, `open` (未办结) first. */
export const TASK_FILTERS: readonly { value: '' | 'open' | TaskState; label: string }[] = [
  { value: 'open', label: '未办结' },
  { value: 'callback', label: '待回访' },
  { value: 'verifying', label: '待核实' },
  { value: 'rectifying', label: '待整改' },
  { value: 'appealed', label: '申诉待裁定' },
  { value: 'reviewing', label: '待评价人确认' },
  { value: 'closed', label: '已办结' },
  { value: '', label: '全部' },
]

export const STEP_LABELS: Record<string, string> = {
  opened: '收到差评',
  callback_reached: '已回访',
  callback_unreachable: '回访未接通',
  verified_upheld: '核实属实',
  verified_disputed: '核实不属实',
  appealed: '部门申诉',
  appeal_granted: '申诉成立',
  appeal_rejected: '申诉驳回',
  rectified: '已整改',
  review_satisfied: '评价人满意',
  review_unsatisfied: '评价人不满意',
  review_no_reply: '评价人逾期未回复',
  overdue: '已超期',
}

export const stepLabel = (action: string): string => STEP_LABELS[action] ?? action

const STEP_TONES: Record<string, Tone> = {
  opened: 'danger',
  callback_reached: 'success',
  callback_unreachable: 'warning',
  verified_upheld: 'warning',
  verified_disputed: 'info',
  appealed: 'primary',
  appeal_granted: 'success',
  appeal_rejected: 'danger',
  rectified: 'success',
  review_satisfied: 'success',
  review_unsatisfied: 'danger',
  review_no_reply: 'info',
  overdue: 'danger',
}

export const stepTone = (action: string): Tone => STEP_TONES[action] ?? 'info'

/** A task's steps on its timeline. */
export const TASK_STEPS: StepVocabulary = { label: stepLabel, tone: stepTone, empty: '暂无处理记录', testid: 'task' }

/** Who took a step, for people: the system's own steps say 系统. */
export const actorLabel = (actor: string): string => (actor === 'system' || actor === '' ? '系统' : actor)

export const CALLBACK_LABELS: Record<string, string> = {
  reached: '已接通',
  unreachable: '未接通',
  not_needed: '匿名评价，无需回访',
}

export const REVIEW_LABELS: Record<string, string> = {
  satisfied: '满意',
  unsatisfied: '不满意',
  no_reply: '逾期未回复',
  not_needed: '匿名评价，无需确认',
}

/** What the rated department can do with a task in this state (the server refuses the rest: 409). */
export type DepartmentAction = 'callback' | 'verify' | 'rectify' | 'appeal'

export function departmentActions(state: TaskState): DepartmentAction[] {
  switch (state) {
    case 'callback':
      return ['callback']
    case 'verifying':
      return ['verify', 'appeal']
    case 'rectifying':
      return ['rectify', 'appeal']
    default:
      return []
  }
}

/** The department's next step in a few words (the task list's 下一步 column). */
export function nextStepText(task: Pick<FeedbackTask, 'state' | 'reopened'>): string {
  switch (task.state) {
    case 'callback':
      return '电话回访评价人'
    case 'verifying':
      return '核实评价是否属实'
    case 'rectifying':
      return task.reopened > 0 ? '评价人不满意，重新整改' : '落实整改措施，或提出申诉'
    case 'appealed':
      return '等待区数据局裁定申诉'
    case 'reviewing':
      return '等待评价人确认整改结果'
    case 'closed':
      return '—'
  }
}

/** The applicant's view of their task's progress. */
export function raterStateText(task: Pick<FeedbackTask, 'state' | 'review' | 'appealDecision'>): string {
  switch (task.state) {
    case 'callback':
      return '办理部门已收到您的评价，将在 1 个工作日内电话回访您。'
    case 'verifying':
      return '办理部门正在核实您反映的问题。'
    case 'rectifying':
      return '办理部门正在整改，整改完成后会请您确认。'
    case 'appealed':
      return '办理部门对评价提出了申诉，正由区数据局裁定。'
    case 'reviewing':
      return '办理部门已完成整改，请您确认是否满意。'
    case 'closed':
      if (task.review === 'satisfied') return '整改已办结，感谢您的确认。'
      if (task.review === 'unsatisfied') return '整改已办结，您的不满意意见已记录在案。'
      if (task.review === 'no_reply') return '您未在期限内确认，已按整改完成办结。'
      if (task.appealDecision) return '区数据局裁定部门申诉成立，本次整改已办结。'
      return '整改已办结。'
  }
}

/** Today in China as YYYY-MM-DD (deadlines are dates there). */
export function chinaDate(now: number = Date.now()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(now),
  )
}

/** Whole calendar days from `today` to `due` (both YYYY-MM-DD); null when either is not a date. */
export function daysUntil(due: string, today: string): number | null {
  const a = Date.parse(`${today}T00:00:00Z`)
  const b = Date.parse(`${due}T00:00:00Z`)
  if (Number.isNaN(a) || Number.isNaN(b)) return null
  return Math.round((b - a) / 86_400_000)
}

/** 已超期 2 天 / 今天到期 / 明天到期 / 3 天后到期; '' for a closed task or no deadline. */
export function dueText(task: Pick<FeedbackTask, 'state' | 'dueOn' | 'overdue'>, today: string): string {
  if (task.state === 'closed' || !task.dueOn) return ''
  const days = daysUntil(task.dueOn, today)
  if (days === null) return ''
  if (days < 0 || task.overdue) return days < 0 ? `已超期 ${-days} 天` : '已超期'
  if (days === 0) return '今天到期'
  if (days === 1) return '明天到期'
  return `${days} 天后到期`
}

export type TaskUrgency = 'overdue' | 'due_soon' | 'none' | 'closed'

/** Overdue (red), due today or tomorrow (orange), later, closed. */
export function taskUrgency(task: Pick<FeedbackTask, 'state' | 'dueOn' | 'overdue'>, today: string): TaskUrgency {
  if (task.state === 'closed') return 'closed'
  const days = daysUntil(task.dueOn, today)
  if (task.overdue || (days !== null && days < 0)) return 'overdue'
  if (days !== null && days <= 1) return 'due_soon'
  return 'none'
}

const URGENCY_RANK: Record<TaskUrgency, number> = { overdue: 0, due_soon: 1, none: 2, closed: 3 }

/**
 * Most urgent first: overdue, then due soon, then the rest, each by deadline (earliest first) and
 * age; tasks waiting on someone else (the data bureau, the rater) after the department's own work of
 * the same urgency; closed last, the latest closed first.
 */
export function sortTasksByUrgency<T extends Pick<FeedbackTask, 'id' | 'state' | 'dueOn' | 'overdue' | 'closedAt'>>(
  tasks: readonly T[],
  today: string,
): T[] {
  const waiting = (t: T) => (t.state === 'appealed' || t.state === 'reviewing' ? 1 : 0)
  const closedOrder = thenBy<T>(
    descending((t) => t.closedAt),
    descending((t) => t.id),
  )
  const openOrder = thenBy<T>(
    ascending(waiting),
    byDeadline((t) => t.dueOn),
    ascending((t) => t.id),
  )
  return sortUrgentFirst(
    tasks,
    (t) => URGENCY_RANK[taskUrgency(t, today)],
    (a, b) => (a.state === 'closed' ? closedOrder(a, b) : openOrder(a, b)),
  )
}

/** Counts for the tab's badge: open tasks and how many of them are overdue. */
export function taskCounts(tasks: readonly FeedbackTask[], today: string): { open: number; overdue: number } {
  let open = 0
  let overdue = 0
  for (const t of tasks) {
    if (t.state === 'closed') continue
    open++
    if (taskUrgency(t, today) === 'overdue') overdue++
  }
  return { open, overdue }
}

// ---- ratings ------------------------------------------------------------------------------------

export interface LevelShare {
  level: Exclude<Level, 0>
  label: string
  color: string
  count: number
  /** 0..1 of the counted ratings. */
  share: number
}

export interface Distribution {
  /** Best first. */
  levels: LevelShare[]
  /** Ratings counted (excluded ones are not). */
  total: number
  /** Excluded by a granted appeal. */
  excluded: number
  /** 满意率: 非常满意 + 满意 + 基本满意 over the counted ones; null without any. */
  satisfaction: number | null
  /** 差评: 不满意 + 非常不满意. */
  bad: number
}

export function levelDistribution(ratings: readonly Pick<Rating, 'level' | 'excluded'>[]): Distribution {
  const counts = new Map<number, number>()
  let excluded = 0
  for (const r of ratings) {
    if (r.level < 1) continue
    if (r.excluded) {
      excluded++
      continue
    }
    counts.set(r.level, (counts.get(r.level) ?? 0) + 1)
  }
  const total = [...counts.values()].reduce((a, b) => a + b, 0)
  const levels = LEVEL_OPTIONS.map((o) => {
    const count = counts.get(o.level) ?? 0
    return { level: o.level, label: o.label, color: o.color, count, share: total ? count / total : 0 }
  })
  const bad = (counts.get(1) ?? 0) + (counts.get(2) ?? 0)
  return { levels, total, excluded, satisfaction: total ? (total - bad) / total : null, bad }
}

/** 0.9134 → "91.3%". */
export function formatShare(share: number | null): string {
  if (share === null || !Number.isFinite(share)) return '—'
  return `${(Math.round(share * 1000) / 10).toFixed(share === 1 || share === 0 ? 0 : 1)}%`
}

/** The rater as a list shows them: the name (full or masked), or 匿名. */
export function raterLabel(r: Pick<Rating, 'realName' | 'raterName'>): string {
  if (!r.realName) return '匿名'
  return r.raterName || '实名（已隐藏）'
}

// ---- the applicant's own rating, kept on this device ----------------------------------------------

/** What this device remembers of a rating it sent (the server has no GET for one's own rating). */
export interface KeptRating {
  id: number
  level: number
  levelLabel: string
  tags: string[]
  text: string
  createdAt: string
  task: number
}

export interface KeyValueStore {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
}

export const keptRatingKey = (account: number, application: number): string =>
  `haoban.feedback.rating.${account}.${application}`

export function keepRating(store: KeyValueStore | undefined, account: number, application: number, r: Rating): void {
  const kept: KeptRating = {
    id: r.id,
    level: r.level,
    levelLabel: r.levelLabel || levelLabel(r.level),
    tags: r.tags,
    text: r.text,
    createdAt: r.createdAt,
    task: r.task,
  }
  try {
    store?.setItem(keptRatingKey(account, application), JSON.stringify(kept))
  } catch {
    // Storage full or disabled: the rating is still on the server; a reload shows 已评价.
  }
}

export function keptRating(store: KeyValueStore | undefined, account: number, application: number): KeptRating | null {
  let raw: string | null = null
  try {
    raw = store?.getItem(keptRatingKey(account, application)) ?? null
  } catch {
    return null
  }
  if (!raw) return null
  try {
    const v = JSON.parse(raw) as Partial<KeptRating> | null
    if (!v || typeof v !== 'object' || typeof v.level !== 'number' || v.level < 1 || v.level > 5) return null
    return {
      id: typeof v.id === 'number' ? v.id : 0,
      level: v.level,
      levelLabel: typeof v.levelLabel === 'string' && v.levelLabel ? v.levelLabel : levelLabel(v.level),
      tags: Array.isArray(v.tags) ? v.tags.filter((t): t is string => typeof t === 'string') : [],
      text: typeof v.text === 'string' ? v.text : '',
      createdAt: typeof v.createdAt === 'string' ? v.createdAt : '',
      task: typeof v.task === 'number' && v.task > 0 ? v.task : 0,
    }
  } catch {
    return null
  }
}

/** An application the applicant may rate: a single item (a bundle's parts are rated one by one), decided. */
export function isRateable(app: { is_bundle: boolean; status: string }): boolean {
  return !app.is_bundle && ['approved', 'denied', 'completed'].includes(app.status)
}

/** The pad's link as a full address to copy or show (the server gives a path). */
export function absoluteUrl(path: string, origin: string): string {
  try {
    return new URL(path, origin).href
  } catch {
    return path
  }
}
