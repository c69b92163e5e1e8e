// Pure rules of 帮办 supervision: the board's counters, live waiting times and SLA countdowns with
// their urgency, the helpers' load, the assessment chart's bars and 领导干部帮办's labels, checks and
// filters. The components only render what these compute.

import type { AssessmentRow, Helper, SlaTimer } from '@/api/help'
import type { Accompaniment, AccompanimentDraft, AccompanimentStatus, HelpBoard, QueuedConversation } from '@/api/helpSupervision'

// ---- time ---------------------------------------------------------------------------------------

/**
 * The server's clock now, estimated from the board's `generated_at` and when the answer arrived
 * (`fetchedAt`, client clock): countdowns against the server's due times stay right on a client
 * whose clock is off by minutes.
 */
export function serverNow(generatedAt: string, fetchedAt: number, now: number): number {
  const generated = Date.parse(generatedAt)
  return Number.isNaN(generated) ? now : now + (generated - fetchedAt)
}

/** "45 秒", "3 分 05 秒", "2 小时 10 分". */
export function durationText(seconds: number): string {
  const s = Math.max(0, Math.round(seconds))
  if (s < 60) return `${s} 秒`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m} 分 ${String(s % 60).padStart(2, '0')} 秒`
  const h = Math.floor(m / 60)
  return `${h} 小时 ${m % 60} 分`
}

const chinaParts = (ms: number) => {
  const parts = new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).formatToParts(new Date(ms))
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? ''
  return { date: `${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}:${get('second')}` }
}

/** "14:05:09" (China time) of an ISO timestamp, '' when it is not one. */
export function clockTime(iso: string): string {
  const t = Date.parse(iso)
  return Number.isNaN(t) ? '' : chinaParts(t).time
}

// ---- SLA timers ---------------------------------------------------------------------------------

export type SlaKind = 'first_response' | 'next_response' | 'resolution'

/** The targets (business time) of docs/helpdesk.md, in seconds. */
export const SLA_TARGET_SECONDS: Readonly<Record<SlaKind, number>> = {
  first_response: 60,
  next_response: 180,
  resolution: 240 * 60,
}

export const SLA_KIND_LABELS: Readonly<Record<string, string>> = {
  first_response: '首次响应',
  next_response: '后续回复',
  resolution: '解决',
}

export const slaKindLabel = (kind: string): string => SLA_KIND_LABELS[kind] ?? kind

/** ok: plenty of time; warn: half the target or less left; danger: a sixth or less; overdue: past due. */
export type Urgency = 'ok' | 'warn' | 'danger' | 'overdue'

export const URGENCY_TAGS: Readonly<Record<Urgency, 'success' | 'warning' | 'danger' | 'info'>> = {
  ok: 'success',
  warn: 'warning',
  danger: 'danger',
  overdue: 'danger',
}

const KIND_ORDER: Readonly<Record<string, number>> = { first_response: 0, next_response: 1, resolution: 2 }

/** Timers still running (not stopped; active, or missed and still waiting for the helper), most pressing kind first. */
export function runningTimers(sla: readonly SlaTimer[]): SlaTimer[] {
  return sla
    .filter((t) => !t.stoppedAt && (t.state === 'active' || t.state === 'missed'))
    .sort((a, b) => (KIND_ORDER[a.kind] ?? 9) - (KIND_ORDER[b.kind] ?? 9))
}

export interface TimerStatus {
  kind: string
  label: string
  /** Seconds to the due time (negative when overdue); NaN when the due time is unknown. */
  left: number
  urgency: Urgency
  /** "剩 45 秒", "超时 1 分 05 秒", or "截止 12-01 09:30:50" when due on a later day. */
  text: string
}

/** A running timer's countdown at `now` (server clock, ms). */
export function timerStatus(timer: SlaTimer, now: number): TimerStatus {
  const label = slaKindLabel(timer.kind)
  const due = Date.parse(timer.dueAt)
  if (Number.isNaN(due)) {
    const overdue = timer.state === 'missed'
    return { kind: timer.kind, label, left: NaN, urgency: overdue ? 'overdue' : 'ok', text: overdue ? '已超时' : '计时中' }
  }
  const left = (due - now) / 1000
  if (left < 0 || timer.state === 'missed') {
    return { kind: timer.kind, label, left, urgency: 'overdue', text: `超时 ${durationText(-left)}` }
  }
  const target = SLA_TARGET_SECONDS[timer.kind as SlaKind] ?? 0
  const urgency: Urgency = target > 0 && left <= target / 6 ? 'danger' : target > 0 && left <= target / 2 ? 'warn' : 'ok'
  // A timer started near closing time is due the next working day: its wall-clock remainder would
  // read as hours that do not count, so the due time is shown instead.
  const dueDay = chinaParts(due)
  const text = dueDay.date !== chinaParts(now).date ? `截止 ${dueDay.date} ${dueDay.time}` : `剩 ${durationText(left)}`
  return { kind: timer.kind, label, left, urgency, text }
}

const URGENCY_RANK: Readonly<Record<Urgency, number>> = { overdue: 0, danger: 1, warn: 2, ok: 3 }

/** The most urgent of several. */
export function worstUrgency(list: readonly Urgency[]): Urgency {
  return list.reduce<Urgency>((w, u) => (URGENCY_RANK[u] < URGENCY_RANK[w] ? u : w), 'ok')
}

/** Active conversations, the one closest to (or furthest past) a due time first. */
export function sortByPressure<T extends { id: number; sla: readonly SlaTimer[] }>(list: readonly T[], now: number): T[] {
  const key = (c: T) => {
    const lefts = runningTimers(c.sla).map((t) => timerStatus(t, now).left).filter((l) => !Number.isNaN(l))
    return lefts.length ? Math.min(...lefts) : Infinity
  }
  return [...list].sort((a, b) => key(a) - key(b) || a.id - b.id)
}

// ---- the queue ----------------------------------------------------------------------------------

/** How long a queued applicant has waited at `now` (client ms), from the board fetched at `fetchedAt`. */
export function waitedNow(q: Pick<QueuedConversation, 'waitedSeconds'>, fetchedAt: number, now: number): number {
  return q.waitedSeconds + Math.max(0, (now - fetchedAt) / 1000)
}

/** A queued applicant past the first-response target is late; past the next-response target, very late. */
export function waitUrgency(seconds: number): Urgency {
  if (seconds >= SLA_TARGET_SECONDS.next_response) return 'overdue'
  if (seconds >= SLA_TARGET_SECONDS.first_response) return 'danger'
  if (seconds >= SLA_TARGET_SECONDS.first_response / 2) return 'warn'
  return 'ok'
}

// ---- counters and load --------------------------------------------------------------------------

export interface BoardCounters {
  online: number
  helpers: number
  /** Free seats of online helpers: conversations that can be taken at once. */
  freeSeats: number
  queued: number
  active: number
  /** Active conversations with a timer past due. */
  overdueActive: number
  missedToday: number
}

export function boardCounters(board: HelpBoard, now: number): BoardCounters {
  const online = board.helpers.filter((h) => h.presence === 'online')
  return {
    online: online.length,
    helpers: board.helpers.length,
    freeSeats: online.reduce((n, h) => n + Math.max(0, h.seats - h.active), 0),
    queued: board.queued.length,
    active: board.active.length,
    overdueActive: board.active.filter((c) => runningTimers(c.sla).some((t) => timerStatus(t, now).urgency === 'overdue')).length,
    missedToday: board.missed.length,
  }
}

/** Today's misses per kind: "首次响应 2 · 后续回复 1", '' without any. */
export function missesByKind(missed: readonly { kind: string }[]): string {
  const counts = new Map<string, number>()
  for (const m of missed) counts.set(m.kind, (counts.get(m.kind) ?? 0) + 1)
  return [...counts.entries()]
    .sort((a, b) => (KIND_ORDER[a[0]] ?? 9) - (KIND_ORDER[b[0]] ?? 9))
    .map(([k, n]) => `${slaKindLabel(k)} ${n}`)
    .join(' · ')
}

export interface HelperLoad {
  helper: Helper
  /** active / seats, 0..1 (a helper over their seats shows full). */
  share: number
  full: boolean
}

const PRESENCE_ORDER: Readonly<Record<string, number>> = { online: 0, away: 1, offline: 2 }

/** Online first, then the busiest, then by name: who to look at when the queue grows. */
export function helperLoads(helpers: readonly Helper[]): HelperLoad[] {
  return helpers
    .map((helper) => {
      const share = helper.seats > 0 ? Math.min(1, helper.active / helper.seats) : helper.active > 0 ? 1 : 0
      return { helper, share, full: helper.seats > 0 && helper.active >= helper.seats }
    })
    .sort(
      (a, b) =>
        (PRESENCE_ORDER[a.helper.presence] ?? 3) - (PRESENCE_ORDER[b.helper.presence] ?? 3) ||
        b.share - a.share ||
        a.helper.name.localeCompare(b.helper.name, 'zh-CN'),
    )
}

// ---- the assessment chart -----------------------------------------------------------------------

export type ChartMetric = 'score' | 'p90'
export type BarTone = 'good' | 'fair' | 'poor'

export interface Bar {
  key: string
  name: string
  value: number
  /** Width in % of the chart. */
  width: number
  tone: BarTone
  label: string
}

export interface Chart {
  bars: Bar[]
  /** Where the target line is, % of the chart; null without one. */
  target: number | null
  targetLabel: string
}

/** The first-response target, seconds. */
export const FIRST_RESPONSE_TARGET = SLA_TARGET_SECONDS.first_response

/**
 * Bars of the assessment: scores on 0–100 (good from 85, fair from 60), highest first; or the
 * first-response p90 of the rows that answered something against the 60 s target, slowest first.
 */
export function assessmentChart(rows: readonly AssessmentRow[], metric: ChartMetric): Chart {
  if (metric === 'score') {
    const bars = rows
      .filter((r) => r.conversations > 0)
      .map((r) => {
        const value = Math.max(0, Math.min(100, r.score))
        const tone: BarTone = value >= 85 ? 'good' : value >= 60 ? 'fair' : 'poor'
        return { key: r.key, name: r.name, value, width: value, tone, label: `${Math.round(value * 10) / 10} 分` }
      })
      .sort((a, b) => b.value - a.value || a.name.localeCompare(b.name, 'zh-CN'))
    return { bars, target: null, targetLabel: '' }
  }
  const answered = rows.filter((r) => r.responded > 0)
  const scale = Math.max(FIRST_RESPONSE_TARGET * 2, ...answered.map((r) => r.firstResponseP90 * 1.1))
  const bars = answered
    .map((r) => {
      const value = Math.max(0, r.firstResponseP90)
      const tone: BarTone = value <= FIRST_RESPONSE_TARGET ? 'good' : value <= FIRST_RESPONSE_TARGET * 2 ? 'fair' : 'poor'
      return { key: r.key, name: r.name, value, width: (value / scale) * 100, tone, label: durationText(value) }
    })
    .sort((a, b) => b.value - a.value || a.name.localeCompare(b.name, 'zh-CN'))
  return { bars, target: (FIRST_RESPONSE_TARGET / scale) * 100, targetLabel: '目标 60 秒' }
}

// ---- 领导干部帮办 ----------------------------------------------------------------------------------

export const ACCOMPANIMENT_STATUS_LABELS: Readonly<Record<AccompanimentStatus, string>> = {
  open: '待整改',
  rectifying: '整改中',
  done: '已办结',
}

export const ACCOMPANIMENT_STATUS_TAGS: Readonly<Record<AccompanimentStatus, 'danger' | 'warning' | 'success'>> = {
  open: 'danger',
  rectifying: 'warning',
  done: 'success',
}

export const emptyDraft = (today: string): AccompanimentDraft => ({
  leaderName: '',
  leaderTitle: '',
  unit: '',
  date: today,
  item: '',
  process: '',
  problems: [''],
  followUp: '',
})

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

/** The server's limits (characters), src/helpdesk/accompaniment.cpp. */
export const ACCOMPANIMENT_LIMITS = {
  leaderName: 20,
  leaderTitle: 40,
  unit: 64,
  item: 32,
  process: 500,
  problem: 500,
  problems: 20,
  followUp: 2000,
} as const

const length = (s: string) => [...s.trim()].length

/** Field problems of a draft, keyed by the server's field names (so its 422s land on the same fields). */
export function draftProblems(d: AccompanimentDraft, today: string): Record<string, string> {
  const L = ACCOMPANIMENT_LIMITS
  const out: Record<string, string> = {}
  const need = (field: string, value: string, what: string, max: number) => {
    if (!value.trim()) out[field] = `请填写${what}`
    else if (length(value) > max) out[field] = `${what}不能超过 ${max} 个字`
  }
  need('leader_name', d.leaderName, '领导姓名', L.leaderName)
  need('leader_title', d.leaderTitle, '职务', L.leaderTitle)
  need('unit', d.unit, '所在单位', L.unit)
  need('process', d.process, '走流程的过程', L.process)
  if (length(d.item) > L.item) out.item = `事项编码不能超过 ${L.item} 个字`
  if (!d.date) out.date = '请选择日期'
  else if (!ISO_DATE.test(d.date)) out.date = '日期格式应为 YYYY-MM-DD'
  else if (today && d.date > today) out.date = '日期不能晚于今天'
  const problems = d.problems.map((p) => p.trim()).filter(Boolean)
  if (problems.length > L.problems) out.problems = `最多记录 ${L.problems} 个问题`
  else if (problems.some((p) => length(p) > L.problem)) out.problems = `每个问题不能超过 ${L.problem} 个字`
  if (length(d.followUp) > L.followUp) out.follow_up = `整改措施不能超过 ${L.followUp} 个字`
  return out
}

/** Closing a record that found problems needs what was done about them. */
export function followUpProblem(status: AccompanimentStatus, followUp: string, problems: number): string | null {
  if (status === 'done' && problems > 0 && !followUp.trim()) return '办结前请填写整改情况'
  if (length(followUp) > ACCOMPANIMENT_LIMITS.followUp) return `整改情况不能超过 ${ACCOMPANIMENT_LIMITS.followUp} 个字`
  return null
}

export interface AccompanimentFilter {
  status: AccompanimentStatus | ''
  /** Matched against the leader, unit, item, process and problems. */
  text: string
}

export function filterAccompaniments(list: readonly Accompaniment[], f: AccompanimentFilter): Accompaniment[] {
  const q = f.text.trim().toLowerCase()
  return list
    .filter((a) => !f.status || a.status === f.status)
    .filter(
      (a) =>
        !q ||
        [a.leaderName, a.leaderTitle, a.unit, a.item, a.process, a.followUp, ...a.problems].some((s) =>
          s.toLowerCase().includes(q),
        ),
    )
    .sort((a, b) => b.date.localeCompare(a.date) || b.id - a.id)
}

export function accompanimentCounts(list: readonly Accompaniment[]): Record<AccompanimentStatus | 'all' | 'problems', number> {
  const out = { all: list.length, open: 0, rectifying: 0, done: 0, problems: 0 }
  for (const a of list) {
    out[a.status]++
    out.problems += a.problems.length
  }
  return out
}

/** Replaces the record with the same id, or puts a new one first. */
export function upsertRecord(list: readonly Accompaniment[], a: Accompaniment): Accompaniment[] {
  const i = list.findIndex((x) => x.id === a.id)
  if (i < 0) return [a, ...list]
  const out = [...list]
  out[i] = a
  return out
}

/** Today's date in China as YYYY-MM-DD. */
export function chinaToday(now: number): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(now),
  )
  return parts
}

/**
 * The server's 422 `errors` ([{field, message}]) as field → message, first message per field;
 * a problem's item (`problems/2`, `problems[2]`) counts for the whole list.
 */
export function fieldErrors(problem: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  const errors = problem && typeof problem === 'object' ? (problem as { errors?: unknown }).errors : null
  if (!Array.isArray(errors)) return out
  for (const e of errors) {
    if (!e || typeof e !== 'object') continue
    const { field, message } = e as { field?: unknown; message?: unknown }
    if (typeof field !== 'string' || typeof message !== 'string') continue
    const key = field.replace(/^\//, '').split(/[/[.]/, 1)[0] ?? field
    if (key && !(key in out)) out[key] = message
  }
  return out
}
