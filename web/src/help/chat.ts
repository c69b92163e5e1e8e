// Pure rules of 帮办 shared by the applicant's panel and the helpers' console: messages merged by
// sequence number (live events, catch-up pages and our own posts may overlap), labels, the queue
// place, SLA countdowns, the console's order and the conversation id kept in sessionStorage.

import type { ConversationState, HelpConversation, HelpMessage, Presence, SlaTimer } from '@/api/help'

/** Merges `incoming` into `current`: one message per seq, ordered by seq. Returns `current` when nothing is new. */
export function mergeMessages(current: readonly HelpMessage[], incoming: readonly HelpMessage[]): HelpMessage[] {
  const bySeq = new Map<number, HelpMessage>()
  for (const m of current) bySeq.set(m.seq, m)
  let changed = false
  for (const m of incoming) {
    if (m.seq <= 0 || bySeq.has(m.seq)) continue
    bySeq.set(m.seq, m)
    changed = true
  }
  if (!changed) return current as HelpMessage[]
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq)
}

/** The highest seq seen (for `?after=` after a reconnect). */
export function lastSeq(messages: readonly HelpMessage[]): number {
  return messages.reduce((max, m) => Math.max(max, m.seq), 0)
}

export const STATE_LABELS: Readonly<Record<ConversationState, string>> = {
  queued: '排队中',
  active: '帮办中',
  unstaffed: '暂无帮办员在线',
  resolved: '已解决待确认',
  closed: '已结束',
}

export const STATE_TONES: Readonly<Record<ConversationState, 'primary' | 'success' | 'warning' | 'info' | 'danger'>> = {
  queued: 'warning',
  active: 'primary',
  unstaffed: 'danger',
  resolved: 'success',
  closed: 'info',
}

export const PRESENCE_LABELS: Readonly<Record<Presence, string>> = {
  online: '在线',
  away: '离开',
  offline: '离线',
}

export const RESOLVE_CATEGORIES = ['政策咨询', '办理指引', '材料问题', '系统问题', '其他'] as const

/** "您前面还有 N 位" while queued (position 1 = next in line: nobody ahead). */
export function queueText(position: number): string {
  if (position <= 1) return '您是下一位，帮办员空闲后将立即为您服务'
  return `您前面还有 ${position - 1} 位`
}

const SLA_LABELS: Readonly<Record<string, string>> = {
  first_response: '首次响应',
  next_response: '回复',
  resolution: '解决',
}

/** The running timer the helper should watch: first or next response, else resolution. */
export function pressingTimer(sla: readonly SlaTimer[]): SlaTimer | null {
  const active = sla.filter((t) => !t.stoppedAt && (t.state === 'active' || t.state === 'missed'))
  return (
    active.find((t) => t.kind === 'first_response') ??
    active.find((t) => t.kind === 'next_response') ??
    active.find((t) => t.kind === 'resolution') ??
    null
  )
}

export interface Countdown {
  text: string
  overdue: boolean
}

function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds))
  if (s < 60) return `${s} 秒`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m} 分 ${String(s % 60).padStart(2, '0')} 秒`
  const h = Math.floor(m / 60)
  return `${h} 小时 ${m % 60} 分`
}

/** "首次响应 剩 45 秒" / "首次响应 超时 1 分 05 秒"; null when no timer runs or its due time is unknown. */
export function slaCountdown(timer: SlaTimer | null, now: number): Countdown | null {
  if (!timer) return null
  const due = Date.parse(timer.dueAt)
  if (Number.isNaN(due)) return null
  const label = SLA_LABELS[timer.kind] ?? timer.kind
  const left = (due - now) / 1000
  if (left >= 0 && timer.state !== 'missed') return { text: `${label} 剩 ${duration(left)}`, overdue: false }
  return { text: `${label} 超时 ${duration(-left)}`, overdue: true }
}

/** The first response is overdue: the conversation's badge turns red. */
export function firstResponseOverdue(c: Pick<HelpConversation, 'sla'>, now: number): boolean {
  const t = c.sla.find((x) => x.kind === 'first_response')
  if (!t || t.stoppedAt) return false
  if (t.state === 'missed') return true
  if (t.state !== 'active') return false
  const due = Date.parse(t.dueAt)
  return !Number.isNaN(due) && due < now
}

const ORDER: Readonly<Record<ConversationState, number>> = { active: 0, queued: 1, unstaffed: 2, resolved: 3, closed: 4 }

/** The console's list: active first, then by opening time (oldest first). */
export function sortQueue(list: readonly HelpConversation[]): HelpConversation[] {
  return [...list].sort((a, b) => ORDER[a.state] - ORDER[b.state] || a.createdAt.localeCompare(b.createdAt) || a.id - b.id)
}

/** Unread count: messages from the applicant after the last seq the helper saw. */
export function unreadCount(messages: readonly HelpMessage[], seenSeq: number, mine: 'applicant' | 'helper'): number {
  return messages.filter((m) => m.seq > seenSeq && m.senderKind !== mine && m.senderKind !== 'system').length
}

/** What the applicant may do now. */
export function applicantActions(c: Pick<HelpConversation, 'state' | 'rating' | 'unstaffedChoice'>): {
  canSend: boolean
  chooseUnstaffed: boolean
  confirm: boolean
  rate: boolean
} {
  return {
    canSend: c.state === 'active' || c.state === 'queued',
    chooseUnstaffed: c.state === 'unstaffed' && !c.unstaffedChoice,
    confirm: c.state === 'resolved',
    rate: (c.state === 'resolved' || c.state === 'closed') && c.rating === 0,
  }
}

/** A mainland mobile number (callback). */
export function phoneProblem(phone: string): string | null {
  const p = phone.trim()
  if (!p) return '请填写回电号码'
  if (!/^1[3-9]\d{9}$/.test(p) && !/^0\d{2,3}-?\d{7,8}$/.test(p)) return '请填写正确的手机号或固定电话'
  return null
}

/** A fresh client id for a message (kept for its retries). */
export function newClientId(random: () => string = defaultUuid): string {
  return random()
}

function defaultUuid(): string {
  const c = globalThis.crypto as Crypto | undefined
  if (c && typeof c.randomUUID === 'function') return c.randomUUID()
  return `m-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`
}

export const HELP_CONVERSATION_KEY = 'haoban.help.conversation'

export function loadHelpConversation(storage: Pick<Storage, 'getItem'> | null): number | null {
  try {
    const v = Number(storage?.getItem(HELP_CONVERSATION_KEY) ?? '')
    return Number.isSafeInteger(v) && v > 0 ? v : null
  } catch {
    return null
  }
}

export function saveHelpConversation(storage: Pick<Storage, 'setItem' | 'removeItem'> | null, id: number | null): void {
  try {
    if (id) storage?.setItem(HELP_CONVERSATION_KEY, String(id))
    else storage?.removeItem(HELP_CONVERSATION_KEY)
  } catch {
    // not kept across reloads then
  }
}

/** Seconds as "45 秒" / "1 分 30 秒" (assessment medians). */
export function secondsText(seconds: number): string {
  return duration(seconds)
}

/** 0.875 → "87.5%". */
export function percent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`
}

// ---- read receipts ------------------------------------------------------------------------------

/**
 * 已读 / 未读 under one's own message: read once the other party's read seq reached it; '' for
 * messages that are not one's own.
 */
export function receiptText(
  m: Pick<HelpMessage, 'seq' | 'senderKind'>,
  mine: 'applicant' | 'helper',
  c: Pick<HelpConversation, 'applicantReadSeq' | 'helperReadSeq'>,
): '' | '已读' | '未读' {
  if (m.senderKind !== mine) return ''
  const theirs = mine === 'applicant' ? c.helperReadSeq : c.applicantReadSeq
  return theirs >= m.seq ? '已读' : '未读'
}

/** The conversation with a party's read seq raised (a `chat.read` event; never lowered). */
export function withRead<T extends Pick<HelpConversation, 'applicantReadSeq' | 'helperReadSeq'>>(
  c: T,
  reader: 'applicant' | 'helper' | '',
  seq: number,
): T {
  if (reader === 'applicant' && seq > c.applicantReadSeq) return { ...c, applicantReadSeq: seq }
  if (reader === 'helper' && seq > c.helperReadSeq) return { ...c, helperReadSeq: seq }
  return c
}

/**
 * Posts read receipts without repeating itself: `next(seq)` says whether `seq` is news (higher than
 * anything posted or being posted); `failed()` takes back the last one so it is tried again; a
 * server without the route (`unsupported()`) is not asked again.
 */
export class ReadTracker {
  private posted = 0
  private previous = 0
  private off = false
  next(seq: number): boolean {
    if (this.off || seq <= this.posted) return false
    this.previous = this.posted
    this.posted = seq
    return true
  }
  failed(): void {
    this.posted = this.previous
  }
  unsupported(): void {
    this.off = true
  }
  reset(): void {
    this.posted = 0
    this.previous = 0
  }
}
