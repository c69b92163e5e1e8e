// Pure presentation rules for applications: tag colours, deadline wording, the queue's order and
// filters, and what the history's actions are called.

import type { ApplicationStatus, ApplicationSummary, HistoryEntry, Urgency } from '@/api/applications'
import { ascending, byDeadline, urgencyOrder, type Compare } from '@/casework/urgency'

export type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger'

export const STATUS_LABELS: Record<ApplicationStatus, string> = {
  draft: '草稿',
  submitted: '已提交',
  accepted: '已受理',
  not_accepted: '不予受理',
  returned: '待补正',
  approved: '准予许可',
  denied: '不予许可',
  completed: '已办结',
  withdrawn: '已撤回',
}

const STATUS_TAGS: Record<ApplicationStatus, TagType> = {
  draft: 'info',
  submitted: 'primary',
  accepted: 'primary',
  not_accepted: 'danger',
  returned: 'warning',
  approved: 'success',
  denied: 'danger',
  completed: 'success',
  withdrawn: 'info',
}

export function statusTag(status: string): TagType {
  return STATUS_TAGS[status as ApplicationStatus] ?? 'info'
}

/** A bundle's combined label (办理中, 待补正, 已办结, 已提交) gets the colour of what it means. */
export function labelTag(label: string, status: string): TagType {
  switch (label) {
    case '办理中':
      return 'primary'
    case '待补正':
      return 'warning'
    case '已办结':
      return 'success'
    default:
      return statusTag(status)
  }
}

/** Statuses in which nothing more happens. */
export const FINAL_STATUSES: readonly ApplicationStatus[] = ['not_accepted', 'completed', 'withdrawn']

export function isFinal(status: string): boolean {
  return (FINAL_STATUSES as readonly string[]).includes(status)
}

const ACTION_LABELS: Record<string, string> = {
  create: '创建草稿',
  submit: '提交申请',
  accept: '受理',
  not_accept: '不予受理',
  return: '退回补正',
  resubmit: '补正后重新提交',
  approve: '准予许可',
  deny: '不予许可',
  complete: '办结',
  withdraw: '撤回',
}

export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action
}

/** Refusals and returns must say why (the server answers 422 naming `reason` otherwise). */
export function needsReason(action: string): boolean {
  return action === 'not_accept' || action === 'return' || action === 'deny'
}

/** Actions that end or undo something: shown as danger buttons and confirmed. */
export function isNegative(action: string): boolean {
  return action === 'not_accept' || action === 'deny' || action === 'withdraw' || action === 'return'
}

/** The reason given with the latest `action` (e.g. the last 退回补正), or ''. */
export function lastReason(history: readonly HistoryEntry[], action: string): string {
  for (let i = history.length - 1; i >= 0; i--) if (history[i]!.action === action) return history[i]!.reason
  return ''
}

export function urgencyLabel(urgency: Urgency): string {
  return urgency === 'overdue' ? '已超期' : urgency === 'due_soon' ? '即将到期' : ''
}

/** "剩 3 个工作日", "今天到期", "超期 2 个工作日", "补正中，暂停计时", or '' without a deadline. */
export function deadlineText(a: Pick<ApplicationSummary, 'due_on' | 'days_left' | 'status'>): string {
  if (a.due_on && a.status === 'returned') return '补正中，暂停计时'
  if (!a.due_on || a.status !== 'accepted' || a.days_left === undefined) return ''
  if (a.days_left > 0) return `剩 ${a.days_left} 个工作日`
  if (a.days_left === 0) return '今天到期'
  return `超期 ${-a.days_left} 个工作日`
}

/**
 * The department's queue order: open applications before finished ones; among open ones the
 * earliest due date first (overdue ones therefore on top), then those not yet accepted (no due
 * date) oldest submission first; ties by id.
 */
export const compareQueue: Compare<ApplicationSummary> = urgencyOrder(
  (a) => (isFinal(a.status) ? 1 : 0),
  byDeadline((a) => a.due_on),
  ascending((a) => a.submitted_at || a.created_at),
  ascending((a) => a.id),
)

export function sortQueue<T extends ApplicationSummary>(items: readonly T[]): T[] {
  return [...items].sort(compareQueue)
}

export type QueueFilter = 'open' | 'submitted' | 'accepted' | 'returned' | 'decided' | 'overdue' | 'due_soon' | 'closed'

export const QUEUE_FILTERS: readonly { key: QueueFilter; label: string }[] = [
  { key: 'open', label: '全部在办' },
  { key: 'submitted', label: '待受理' },
  { key: 'accepted', label: '审查中' },
  { key: 'returned', label: '待补正' },
  { key: 'decided', label: '待办结' },
  { key: 'overdue', label: '已超期' },
  { key: 'due_soon', label: '即将到期' },
  { key: 'closed', label: '已办结' },
]

export function matchesFilter(a: ApplicationSummary, filter: QueueFilter): boolean {
  switch (filter) {
    case 'open':
      return !isFinal(a.status)
    case 'submitted':
    case 'accepted':
    case 'returned':
      return a.status === filter
    case 'decided':
      return a.status === 'approved' || a.status === 'denied'
    case 'overdue':
    case 'due_soon':
      return a.urgency === filter
    case 'closed':
      return isFinal(a.status)
  }
}

export function queueCounts(items: readonly ApplicationSummary[]): Record<QueueFilter, number> {
  const counts = Object.fromEntries(QUEUE_FILTERS.map((f) => [f.key, 0])) as Record<QueueFilter, number>
  for (const a of items) for (const f of QUEUE_FILTERS) if (matchesFilter(a, f.key)) counts[f.key]++
  return counts
}

/** Replaces the item with the same id (or adds it), keeping the others. */
export function upsert<T extends { id: number }>(items: readonly T[], item: T): T[] {
  const i = items.findIndex((x) => x.id === item.id)
  if (i < 0) return [...items, item]
  const out = [...items]
  out[i] = item
  return out
}

/** "2026-03-02 14:05" in China time from an ISO 8601 UTC timestamp. */
export function formatTime(iso: string): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const parts = new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).formatToParts(d)
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? ''
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`
}
