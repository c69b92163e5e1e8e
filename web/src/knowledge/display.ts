// Pure display and editing rules of the knowledge base: days left on a maintenance task, the
// workflow buttons an entry's status allows, the editor form's checks and list fields, version
// history wording, usage percentages, and the reporting period.

import type { EntryAction, EntryContent, EntryStatus, EntryType, KbTask } from '@/api/knowledge'

// ---- maintenance tasks ----------------------------------------------------------------------

export type Tone = 'danger' | 'warning' | 'info' | 'success'

/** "剩 3 个工作日", "今天到期", "超期 2 个工作日"; closed tasks say how they ended. */
export function daysLeftText(task: Pick<KbTask, 'daysLeft' | 'overdue' | 'state'>): string {
  if (task.state === 'done') return '已完成'
  if (task.state === 'dismissed') return '已关闭'
  if (task.overdue || task.daysLeft < 0) return `超期 ${Math.max(1, -task.daysLeft)} 个工作日`
  if (task.daysLeft === 0) return '今天到期'
  return `剩 ${task.daysLeft} 个工作日`
}

/** Red when overdue, orange within a working day, grey otherwise. */
export function daysLeftTone(task: Pick<KbTask, 'daysLeft' | 'overdue' | 'state'>): Tone {
  if (task.state !== 'open') return 'success'
  if (task.overdue || task.daysLeft < 0) return 'danger'
  if (task.daysLeft <= 1) return 'warning'
  return 'info'
}

/** Open tasks, overdue first, then by due date; closed ones after, latest first. */
export function sortTasks<T extends Pick<KbTask, 'id' | 'state' | 'dueOn' | 'closedAt'>>(tasks: readonly T[]): T[] {
  return [...tasks].sort((a, b) => {
    const ao = a.state === 'open' ? 0 : 1
    const bo = b.state === 'open' ? 0 : 1
    if (ao !== bo) return ao - bo
    if (ao === 0) return a.dueOn.localeCompare(b.dueOn) || a.id - b.id
    return b.closedAt.localeCompare(a.closedAt) || b.id - a.id
  })
}

/** Replaces the task with the same id (after an action), keeping the order. */
export function replaceTask<T extends { id: number }>(tasks: readonly T[], task: T): T[] {
  return tasks.map((t) => (t.id === task.id ? task : t))
}

/**
 * What a completion needs: an entry id (done) or a note (dismissed). Returns the problem in
 * Chinese, or null. `entry` is what the editor typed.
 */
export function completionProblem(entry: string, note: string): string | null {
  const e = entry.trim()
  if (e && !/^\d+$/.test(e)) return '条目编号应为数字'
  if (!e && !note.trim()) return '请填写答复条目编号，或说明关闭原因'
  if (note.trim().length > 500) return '说明不能超过 500 个字'
  return null
}

// ---- workflow -------------------------------------------------------------------------------

export interface WorkflowButton {
  action: EntryAction
  label: string
  /** Element Plus button type. */
  type: 'primary' | 'success' | 'warning' | 'danger' | 'default'
  /** A reason must be written (退回). */
  needsNote: boolean
}

const BUTTONS: Readonly<Record<EntryAction, WorkflowButton>> = {
  submit: { action: 'submit', label: '提交审核', type: 'primary', needsNote: false },
  approve: { action: 'approve', label: '审核通过', type: 'success', needsNote: false },
  reject: { action: 'reject', label: '退回', type: 'warning', needsNote: true },
  retire: { action: 'retire', label: '下线', type: 'danger', needsNote: false },
  restore: { action: 'restore', label: '恢复', type: 'default', needsNote: false },
}

/** The workflow steps an entry in `status` can take (docs/knowledge.md). */
export function workflowButtons(status: EntryStatus): WorkflowButton[] {
  switch (status) {
    case 'draft':
      return [BUTTONS.submit]
    case 'in_review':
      return [BUTTONS.approve, BUTTONS.reject]
    case 'published':
      return [BUTTONS.retire]
    case 'retired':
      return [BUTTONS.restore]
  }
}

export const STATUS_TONES: Readonly<Record<EntryStatus, Tone | 'primary'>> = {
  draft: 'info',
  in_review: 'warning',
  published: 'success',
  retired: 'danger',
}

const ACTION_LABELS: Readonly<Record<string, string>> = {
  create: '新建',
  edit: '修改',
  import: '导入',
  submit: '提交审核',
  approve: '审核通过',
  reject: '退回',
  retire: '下线',
  restore: '恢复',
}

export const actionLabel = (action: string): string => ACTION_LABELS[action] ?? action

export const FIELD_LABELS: Readonly<Record<string, string>> = {
  type: '类型',
  title: '标题',
  body: '正文',
  variants: '其他问法',
  department: '部门',
  items: '关联事项',
  source: '来源',
  doc_number: '文号',
  effective_from: '生效日期',
  effective_to: '失效日期',
  visibility: '可见范围',
}

/** "标题、正文" for a version's changed fields. */
export function changedFieldsText(fields: readonly string[]): string {
  return fields.map((f) => FIELD_LABELS[f] ?? f).join('、')
}

// ---- the editor form ------------------------------------------------------------------------

export function emptyContent(type: EntryType = 'qa'): EntryContent {
  return {
    type,
    title: '',
    body: '',
    variants: [],
    department: '',
    items: [],
    source: '',
    docNumber: '',
    effectiveFrom: '',
    effectiveTo: '',
    visibility: 'public',
  }
}

/** One value a line (variants); blank lines and surrounding spaces dropped, duplicates once. */
export function splitLines(text: string): string[] {
  return [...new Set(text.split(/\r?\n/).map((s) => s.trim()).filter(Boolean))]
}

/** Item codes separated by commas, spaces or 、; upper-cased (scjg-001 → SCJG-001). */
export function splitCodes(text: string): string[] {
  return [...new Set(text.split(/[\s,，、;；]+/).map((s) => s.trim().toUpperCase()).filter(Boolean))]
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

/** Field problems before saving, keyed as the server's `errors` fields are. */
export function contentProblems(c: EntryContent): Record<string, string> {
  const out: Record<string, string> = {}
  if (!c.title.trim()) out.title = '请填写标题'
  else if (c.title.trim().length > 200) out.title = '标题不能超过 200 个字'
  if (!c.body.trim()) out.body = '请填写正文'
  if (c.effectiveFrom && !ISO_DATE.test(c.effectiveFrom)) out.effective_from = '日期格式应为 YYYY-MM-DD'
  if (c.effectiveTo && !ISO_DATE.test(c.effectiveTo)) out.effective_to = '日期格式应为 YYYY-MM-DD'
  if (!out.effective_from && !out.effective_to && c.effectiveFrom && c.effectiveTo && c.effectiveTo < c.effectiveFrom)
    out.effective_to = '失效日期不能早于生效日期'
  return out
}

/** The server's 422 `errors` ([{field, message}]) as a field → message map (first message wins). */
export function serverFieldErrors(problem: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  const errors = problem && typeof problem === 'object' ? (problem as { errors?: unknown }).errors : null
  if (!Array.isArray(errors)) return out
  for (const e of errors) {
    if (!e || typeof e !== 'object') continue
    const { field, message } = e as { field?: unknown; message?: unknown }
    if (typeof field === 'string' && typeof message === 'string' && !(field in out)) out[field] = message
  }
  return out
}

// ---- usage ----------------------------------------------------------------------------------

/** 0.9134 → "91.3%" (rounded down: 89.99% is not the 90% target); a little above nothing → "<0.1%". */
export function formatRate(rate: number): string {
  if (!Number.isFinite(rate) || rate <= 0) return '0%'
  if (rate >= 1) return '100%'
  if (rate < 0.001) return '<0.1%'
  return `${(Math.floor(rate * 1000) / 10).toFixed(1)}%`
}

/** The last `days` days up to and including `today`, as YYYY-MM-DD (local calendar). */
export function lastDays(today: Date, days: number): { from: string; to: string } {
  const iso = (d: Date) =>
    `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
  const from = new Date(today.getFullYear(), today.getMonth(), today.getDate() - (days - 1))
  return { from: iso(from), to: iso(today) }
}

// ---- the portal's search page ---------------------------------------------------------------

/** Types a resident can filter by on the portal (staff-only review points left out). */
export const PORTAL_TYPES: readonly EntryType[] = ['qa', 'guide', 'policy', 'regulation', 'case']

/** The type filter from the URL's `type=qa,guide`, unknown names dropped. */
export function parseTypes(value: string, allowed: readonly EntryType[] = PORTAL_TYPES): EntryType[] {
  const wanted = new Set(value.split(',').map((s) => s.trim()))
  return allowed.filter((t) => wanted.has(t))
}

/** Flips a type in the filter, keeping the order of `allowed`. */
export function toggleType(selected: readonly EntryType[], type: EntryType, allowed: readonly EntryType[] = PORTAL_TYPES): EntryType[] {
  const next = new Set(selected)
  if (next.has(type)) next.delete(type)
  else next.add(type)
  return allowed.filter((t) => next.has(t))
}

/** Paragraphs of an entry's plain-text body (blank lines separate them). */
export function paragraphs(body: string): string[] {
  return body
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
}

/** "2026-12-04 起施行", "2026-01-01 至 2026-12-31", or '' when neither date is set. */
export function effectiveText(from: string, to: string): string {
  if (from && to) return `${from} 至 ${to}`
  if (from) return `${from} 起施行`
  if (to) return `有效期至 ${to}`
  return ''
}
