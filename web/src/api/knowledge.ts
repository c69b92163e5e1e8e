// The knowledge base (知识库): search with highlighted titles and snippets, entries with their
// editorial workflow (draft → in_review → published → retired) and version history, the
// maintenance tasks (维护任务) on working-day deadlines, and the usage report (知识使用率).
// Shapes as the server's knowledge routes answer (src/knowledge/json.cpp, routes.cpp).

import { request } from './http'

type Raw = Record<string, unknown>
const isObject = (v: unknown): v is Raw => v !== null && typeof v === 'object' && !Array.isArray(v)
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '')
const num = (v: unknown): number => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN
  return Number.isFinite(n) ? n : 0
}
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(str).filter(Boolean) : [])

// ---- entries --------------------------------------------------------------------------------

export type EntryType = 'policy' | 'regulation' | 'review_point' | 'qa' | 'case' | 'guide'
export type EntryStatus = 'draft' | 'in_review' | 'published' | 'retired'
export type Visibility = 'public' | 'staff'
export type EntryAction = 'submit' | 'approve' | 'reject' | 'retire' | 'restore'

export const ENTRY_TYPE_LABELS: Readonly<Record<EntryType, string>> = {
  qa: '问答',
  guide: '办事指南',
  policy: '政策文件',
  regulation: '法规',
  case: '历史案例',
  review_point: '审查要点',
}

export const ENTRY_STATUS_LABELS: Readonly<Record<EntryStatus, string>> = {
  draft: '草稿',
  in_review: '审核中',
  published: '已发布',
  retired: '已下线',
}

export const VISIBILITY_LABELS: Readonly<Record<Visibility, string>> = {
  public: '公开',
  staff: '仅工作人员',
}

export const isEntryType = (v: string): v is EntryType => v in ENTRY_TYPE_LABELS
export const isEntryStatus = (v: string): v is EntryStatus => v in ENTRY_STATUS_LABELS

/** What an editor writes: everything of an entry that has versions. */
export interface EntryContent {
  type: EntryType
  /** A Q&A's title is its question. */
  title: string
  body: string
  /** Q&A: other ways of asking (口语化问法). */
  variants: string[]
  /** Department id. */
  department: string
  /** Linked item codes. */
  items: string[]
  source: string
  /** 文号, e.g. 宝府规〔2026〕1号 */
  docNumber: string
  /** YYYY-MM-DD or '' */
  effectiveFrom: string
  effectiveTo: string
  visibility: Visibility
}

export interface Entry extends EntryContent {
  id: number
  /** Stable external key: qa:SCJG-001:3 */
  code: string
  typeLabel: string
  status: EntryStatus
  statusLabel: string
  version: number
  createdAt: string
  updatedAt: string
  publishedAt: string
  updatedBy: string
}

/** A search result: an entry without its body, with the server's highlighted HTML. */
export interface SearchHit extends Entry {
  score: number
  /** Server-escaped HTML whose only tags are <mark>: safe for v-html. */
  titleHtml: string
  snippetHtml: string
}

function contentOf(r: Raw): EntryContent {
  const type = str(r.type)
  return {
    type: isEntryType(type) ? type : 'qa',
    title: str(r.title),
    body: str(r.body),
    variants: strings(r.variants),
    department: str(r.department),
    items: strings(r.items),
    source: str(r.source),
    docNumber: str(r.doc_number),
    effectiveFrom: str(r.effective_from),
    effectiveTo: str(r.effective_to),
    visibility: str(r.visibility) === 'staff' ? 'staff' : 'public',
  }
}

export function normalizeEntry(raw: unknown): Entry {
  const r = isObject(raw) ? raw : {}
  const content = contentOf(r)
  const status = str(r.status)
  const s: EntryStatus = isEntryStatus(status) ? status : 'draft'
  return {
    ...content,
    id: num(r.id),
    code: str(r.code),
    typeLabel: str(r.type_label) || ENTRY_TYPE_LABELS[content.type],
    status: s,
    statusLabel: str(r.status_label) || ENTRY_STATUS_LABELS[s],
    version: num(r.version),
    createdAt: str(r.created_at),
    updatedAt: str(r.updated_at),
    publishedAt: str(r.published_at),
    updatedBy: str(r.updated_by),
  }
}

export function normalizeHit(raw: unknown): SearchHit {
  const r = isObject(raw) ? raw : {}
  return {
    ...normalizeEntry(r),
    score: num(r.score),
    titleHtml: str(r.title_html),
    snippetHtml: str(r.snippet_html),
  }
}

/** The request body of a create or update (snake_case, as the server reads it). */
export function contentBody(c: EntryContent): Record<string, unknown> {
  return {
    type: c.type,
    title: c.title.trim(),
    body: c.body,
    variants: c.variants.map((v) => v.trim()).filter(Boolean),
    department: c.department,
    items: c.items.map((v) => v.trim()).filter(Boolean),
    source: c.source.trim(),
    doc_number: c.docNumber.trim(),
    effective_from: c.effectiveFrom,
    effective_to: c.effectiveTo,
    visibility: c.visibility,
  }
}

// ---- search ---------------------------------------------------------------------------------

export interface SearchQuery {
  q: string
  types?: readonly EntryType[]
  department?: string
  item?: string
  /** Editors only: other users always get published entries. */
  status?: EntryStatus | ''
  limit?: number
  offset?: number
}

export interface SearchPage {
  total: number
  /** The words the query was segmented into. */
  words: string[]
  /** Synonyms the search added (执照 → 营业执照). */
  expansions: string[]
  items: SearchHit[]
}

/** The query string of GET /api/v1/kb/search (empty parameters left out). */
export function searchParams(query: SearchQuery): string {
  const p = new URLSearchParams()
  p.set('q', query.q.trim())
  if (query.types?.length) p.set('type', query.types.join(','))
  if (query.department) p.set('department', query.department)
  if (query.item) p.set('item', query.item)
  if (query.status) p.set('status', query.status)
  if (query.limit !== undefined) p.set('limit', String(query.limit))
  if (query.offset) p.set('offset', String(query.offset))
  return p.toString()
}

export function normalizeSearch(raw: unknown): SearchPage {
  const r = isObject(raw) ? raw : {}
  return {
    total: Math.max(0, num(r.total)),
    words: strings(r.words),
    expansions: strings(r.expansions),
    items: Array.isArray(r.items) ? r.items.filter(isObject).map(normalizeHit).filter((h) => h.id > 0) : [],
  }
}

// ---- versions -------------------------------------------------------------------------------

export interface EntryVersion {
  version: number
  /** create, update, submit, approve, reject, retire, restore, import… */
  action: string
  status: EntryStatus
  statusLabel: string
  note: string
  changedBy: string
  changedAt: string
  /** Content fields this version changed (title, body, variants…). */
  changedFields: string[]
  content: EntryContent
}

export function normalizeVersions(raw: unknown): EntryVersion[] {
  const r = isObject(raw) ? raw : {}
  if (!Array.isArray(r.items)) return []
  return r.items.filter(isObject).map((v) => {
    const status = str(v.status)
    const s: EntryStatus = isEntryStatus(status) ? status : 'draft'
    return {
      version: num(v.version),
      action: str(v.action),
      status: s,
      statusLabel: str(v.status_label) || ENTRY_STATUS_LABELS[s],
      note: str(v.note),
      changedBy: str(v.changed_by),
      changedAt: str(v.changed_at),
      changedFields: strings(v.changed_fields),
      content: contentOf(isObject(v.content) ? v.content : {}),
    }
  })
}

// ---- maintenance tasks ----------------------------------------------------------------------

export type TaskKind = 'policy_qa' | 'unanswered' | 'candidate'
export type TaskState = 'open' | 'done' | 'dismissed'

export const TASK_KIND_LABELS: Readonly<Record<TaskKind, string>> = {
  policy_qa: '政策问答发布',
  unanswered: '未解答问题',
  candidate: '帮办答案入库',
}

export const TASK_STATE_LABELS: Readonly<Record<TaskState, string>> = {
  open: '待处理',
  done: '已完成',
  dismissed: '已关闭',
}

const isTaskKind = (v: string): v is TaskKind => v in TASK_KIND_LABELS
const isTaskState = (v: string): v is TaskState => v in TASK_STATE_LABELS

export interface KbTask {
  id: number
  kind: TaskKind
  kindLabel: string
  title: string
  /** unanswered: the question as asked. */
  question: string
  detail: string
  department: string
  /** Account login, or '' when nobody has taken it. */
  owner: string
  /** YYYY-MM-DD */
  dueOn: string
  /** Working days from today; negative when overdue. */
  daysLeft: number
  overdue: boolean
  state: TaskState
  createdAt: string
  closedAt: string
  closedBy: string
  note: string
  /** The entry the task is about (the policy, the candidate Q&A). */
  entry: number | null
  /** The entry that answered it. */
  result: number | null
}

export function normalizeTask(raw: unknown): KbTask {
  const r = isObject(raw) ? raw : {}
  const kind = str(r.kind)
  const state = str(r.state)
  const k: TaskKind = isTaskKind(kind) ? kind : 'unanswered'
  const optId = (v: unknown) => (typeof v === 'number' && v > 0 ? v : null)
  return {
    id: num(r.id),
    kind: k,
    kindLabel: str(r.kind_label) || TASK_KIND_LABELS[k],
    title: str(r.title),
    question: str(r.question),
    detail: str(r.detail),
    department: str(r.department),
    owner: str(r.owner),
    dueOn: str(r.due_on),
    daysLeft: Math.round(num(r.days_left)),
    overdue: r.overdue === true,
    state: isTaskState(state) ? state : 'open',
    createdAt: str(r.created_at),
    closedAt: str(r.closed_at),
    closedBy: str(r.closed_by),
    note: str(r.note),
    entry: optId(r.entry),
    result: optId(r.result),
  }
}

export interface TaskFilter {
  state?: TaskState | 'all'
  kind?: TaskKind | ''
  overdue?: boolean
  department?: string
  owner?: string
  limit?: number
  cursor?: string
}

export function taskParams(f: TaskFilter): string {
  const p = new URLSearchParams()
  if (f.state) p.set('state', f.state)
  if (f.kind) p.set('kind', f.kind)
  if (f.overdue) p.set('overdue', '1')
  if (f.department) p.set('department', f.department)
  if (f.owner) p.set('owner', f.owner)
  if (f.limit !== undefined) p.set('limit', String(f.limit))
  if (f.cursor) p.set('cursor', f.cursor)
  return p.toString()
}

export interface TaskPage {
  items: KbTask[]
  nextCursor: string | null
}

export function normalizeTasks(raw: unknown): TaskPage {
  const r = isObject(raw) ? raw : {}
  return {
    items: Array.isArray(r.items) ? r.items.filter(isObject).map(normalizeTask).filter((t) => t.id > 0) : [],
    nextCursor: str(r.next_cursor) || null,
  }
}

// ---- usage ----------------------------------------------------------------------------------

export interface UsageRow {
  id: number
  code: string
  title: string
  department: string
  type: EntryType
  retrievals: number
  clicks: number
  answers: number
}

export interface UsageReport {
  from: string
  to: string
  /** Entries published at some moment of the period. */
  published: number
  /** Of those, opened or cited in an answer at least once. */
  used: number
  /** used / published, 0..1 */
  rate: number
  retrievals: number
  clicks: number
  answers: number
  top: UsageRow[]
  /** The first of the never-used published entries (the server lists at most 50). */
  neverUsed: UsageRow[]
  departments: { id: string; published: number; used: number; rate: number }[]
}

function usageRow(r: Raw): UsageRow {
  const type = str(r.type)
  return {
    id: num(r.id),
    code: str(r.code),
    title: str(r.title),
    department: str(r.department),
    type: isEntryType(type) ? type : 'qa',
    retrievals: num(r.retrievals),
    clicks: num(r.clicks),
    answers: num(r.answers),
  }
}

export function normalizeUsage(raw: unknown): UsageReport {
  const r = isObject(raw) ? raw : {}
  const rows = (v: unknown) => (Array.isArray(v) ? v.filter(isObject).map(usageRow) : [])
  return {
    from: str(r.from),
    to: str(r.to),
    published: num(r.published),
    used: num(r.used),
    rate: Math.min(1, Math.max(0, num(r.rate))),
    retrievals: num(r.retrievals),
    clicks: num(r.clicks),
    answers: num(r.answers),
    top: rows(r.top),
    neverUsed: rows(r.never_used),
    departments: Array.isArray(r.departments)
      ? r.departments.filter(isObject).map((d) => ({ id: str(d.id), published: num(d.published), used: num(d.used), rate: num(d.rate) }))
      : [],
  }
}

// ---- requests -------------------------------------------------------------------------------

const base = '/api/v1/kb'

export async function searchKnowledge(query: SearchQuery): Promise<SearchPage> {
  return normalizeSearch(await request<unknown>('GET', `${base}/search?${searchParams(query)}`))
}

/** Opening an entry counts as a click unless `track` is false (an editor's reading is work). */
export async function fetchEntry(id: number, { track = true } = {}): Promise<Entry> {
  return normalizeEntry(await request<unknown>('GET', `${base}/entries/${id}${track ? '' : '?track=0'}`))
}

export async function fetchVersions(id: number): Promise<EntryVersion[]> {
  return normalizeVersions(await request<unknown>('GET', `${base}/entries/${id}/versions`))
}

export async function createEntry(content: EntryContent, code = ''): Promise<Entry> {
  const body = { ...contentBody(content), ...(code.trim() ? { code: code.trim() } : {}) }
  return normalizeEntry(await request<unknown>('POST', `${base}/entries`, { body }))
}

/** Saves over `version` (the one the editor started from); 409 version-mismatch when it moved on. */
export async function updateEntry(id: number, content: EntryContent, version: number): Promise<Entry> {
  return normalizeEntry(await request<unknown>('PUT', `${base}/entries/${id}`, { body: { ...contentBody(content), version } }))
}

export async function entryAction(id: number, action: EntryAction, note = ''): Promise<Entry> {
  const body = note.trim() ? { action, note: note.trim() } : { action }
  return normalizeEntry(await request<unknown>('POST', `${base}/entries/${id}/actions`, { body }))
}

export async function fetchTasks(filter: TaskFilter = {}): Promise<TaskPage> {
  return normalizeTasks(await request<unknown>('GET', `${base}/tasks?${taskParams(filter)}`))
}

export async function assignTask(id: number, owner: string): Promise<KbTask> {
  return normalizeTask(await request<unknown>('POST', `${base}/tasks/${id}/assign`, { body: { owner } }))
}

/** Done with the published entry that answers it, or dismissed (no entry) with a note. */
export async function completeTask(id: number, { entry, note }: { entry?: number | null; note?: string }): Promise<KbTask> {
  const body: Record<string, unknown> = {}
  if (entry) body.entry = entry
  if (note?.trim()) body.note = note.trim()
  return normalizeTask(await request<unknown>('POST', `${base}/tasks/${id}/complete`, { body }))
}

export async function fetchUsage(from: string, to: string, department = '', top = 10): Promise<UsageReport> {
  const p = new URLSearchParams({ from, to, top: String(top) })
  if (department) p.set('department', department)
  return normalizeUsage(await request<unknown>('GET', `${base}/usage?${p.toString()}`))
}
