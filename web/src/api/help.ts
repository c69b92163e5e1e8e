// 帮办 (online human help): an applicant's conversation with a helper — opened with the item,
// application and 小宝's conversation as context, messages numbered per conversation (text, or a
// file or image), read receipts, the unstaffed choice (callback or ticket), confirm / reopen / one
// rating —, and the helpers' side: presence (the console's heartbeat), their queue, the helper
// board, resolve, escalate, effective answers for the knowledge base and the assessment. Shapes
// as src/helpdesk/routes.cpp answers them; docs/helpdesk.md.

import { ApiError, NetworkError, request } from './http'
import type { Problem } from './types'

type Raw = Record<string, unknown>
const isObject = (v: unknown): v is Raw => v !== null && typeof v === 'object' && !Array.isArray(v)
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '')
const int = (v: unknown): number => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN
  return Number.isSafeInteger(n) && n >= 0 ? n : 0
}
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0)
const oneOf = <T extends string>(values: readonly T[], v: unknown, fallback: T): T =>
  (values as readonly string[]).includes(str(v)) ? (str(v) as T) : fallback

export const CONVERSATION_STATES = ['queued', 'active', 'unstaffed', 'resolved', 'closed'] as const
export type ConversationState = (typeof CONVERSATION_STATES)[number]
export const SENDER_KINDS = ['applicant', 'helper', 'system'] as const
export type SenderKind = (typeof SENDER_KINDS)[number]
export const PRESENCES = ['online', 'away', 'offline'] as const
export type Presence = (typeof PRESENCES)[number]

export interface SlaTimer {
  /** first_response | next_response | resolution */
  kind: string
  /** active | met | missed | cancelled */
  state: string
  startedAt: string
  dueAt: string
  stoppedAt: string
}

export interface HelpConversation {
  id: number
  applicantName: string
  /** Item code, '' without one. */
  item: string
  department: string
  /** Application id, 0 without one. */
  application: number
  /** What 小宝 said before the hand-over, '' without. */
  assistantTranscript: string
  state: ConversationState
  helper: number
  helperName: string
  createdAt: string
  assignedAt: string
  firstResponseAt: string
  resolvedAt: string
  closedAt: string
  category: string
  escalatedTo: string
  escalationOutcome: string
  /** callback | ticket | '' */
  unstaffedChoice: string
  callbackPhone: string
  /** 1–5, 0 when not rated. */
  rating: number
  reopens: number
  lastSeq: number
  /** 1-based while queued, else 0. */
  queuePosition: number
  sla: SlaTimer[]
  /** The highest seq each party has seen (read receipts). */
  applicantReadSeq: number
  helperReadSeq: number
}

/** A file or image sent in a conversation. */
export interface HelpAttachment {
  id: number
  name: string
  mime: string
  size: number
  /** Same-origin URL that serves it. */
  url: string
}

export interface HelpMessage {
  id: number
  conversation: number
  seq: number
  senderKind: SenderKind
  senderName: string
  body: string
  clientId: string
  createdAt: string
  attachment: HelpAttachment | null
  /** The knowledge-base task made from this answer ("有效答案"), 0 when none. */
  kbTask: number
}

export interface Helper {
  account: number
  username: string
  name: string
  department: string
  skills: string[]
  seats: number
  presence: Presence
  presenceAt: string
  active: number
}

export function normalizeConversation(raw: unknown): HelpConversation {
  const r = isObject(raw) ? raw : {}
  return {
    id: int(r.id),
    applicantName: str(r.applicant_name),
    item: str(r.item),
    department: str(r.department),
    application: int(r.application),
    assistantTranscript: str(r.assistant_transcript),
    state: oneOf(CONVERSATION_STATES, r.state, 'queued'),
    helper: int(r.helper),
    helperName: str(r.helper_name),
    createdAt: str(r.created_at),
    assignedAt: str(r.assigned_at),
    firstResponseAt: str(r.first_response_at),
    resolvedAt: str(r.resolved_at),
    closedAt: str(r.closed_at),
    category: str(r.category),
    escalatedTo: str(r.escalated_to),
    escalationOutcome: str(r.escalation_outcome),
    unstaffedChoice: str(r.unstaffed_choice),
    callbackPhone: str(r.callback_phone),
    rating: Math.min(5, int(r.rating)),
    reopens: int(r.reopens),
    lastSeq: int(r.last_seq),
    queuePosition: int(r.queue_position),
    sla: Array.isArray(r.sla)
      ? r.sla.filter(isObject).map((t) => ({
          kind: str(t.kind),
          state: str(t.state),
          startedAt: str(t.started_at),
          dueAt: str(t.due_at),
          stoppedAt: str(t.stopped_at),
        }))
      : [],
    applicantReadSeq: int(r.applicant_read_seq),
    helperReadSeq: int(r.helper_read_seq),
  }
}

export function normalizeAttachment(raw: unknown): HelpAttachment | null {
  if (!isObject(raw)) return null
  const url = str(raw.url)
  // Only a same-origin path is shown as a link or an image.
  if (!url.startsWith('/') || url.startsWith('//')) return null
  return { id: int(raw.id), name: str(raw.name) || '附件', mime: str(raw.mime), size: int(raw.size), url }
}

export function normalizeMessage(raw: unknown): HelpMessage {
  const r = isObject(raw) ? raw : {}
  return {
    id: int(r.id),
    conversation: int(r.conversation),
    seq: int(r.seq),
    senderKind: oneOf(SENDER_KINDS, r.sender_kind, 'system'),
    senderName: str(r.sender_name),
    body: str(r.body),
    clientId: str(r.client_id),
    createdAt: str(r.created_at),
    attachment: normalizeAttachment(r.attachment),
    kbTask: int(r.kb_task),
  }
}

export function normalizeMessages(raw: unknown): HelpMessage[] {
  const r = isObject(raw) ? raw : {}
  return Array.isArray(r.items) ? r.items.filter(isObject).map(normalizeMessage).filter((m) => m.seq > 0) : []
}

export function normalizeHelper(raw: unknown): Helper {
  const r = isObject(raw) ? raw : {}
  return {
    account: int(r.account),
    username: str(r.username),
    name: str(r.name),
    department: str(r.department),
    skills: Array.isArray(r.skills) ? r.skills.map(str).filter(Boolean) : [],
    seats: int(r.seats),
    presence: oneOf(PRESENCES, r.presence, 'offline'),
    presenceAt: str(r.presence_at),
    active: int(r.active),
  }
}

const items = <T>(raw: unknown, f: (x: unknown) => T): T[] => {
  const r = isObject(raw) ? raw : {}
  return Array.isArray(r.items) ? r.items.filter(isObject).map(f) : []
}

// ---- live events --------------------------------------------------------------------------------

/** `helpdesk.conversation`: a conversation's state or helper changed. */
export interface ConversationEvent {
  id: number
  state: ConversationState
  helper: number
  helperName: string
}

export function normalizeConversationEvent(raw: unknown): ConversationEvent {
  const r = isObject(raw) ? raw : {}
  return {
    id: int(r.id),
    state: oneOf(CONVERSATION_STATES, r.state, 'queued'),
    helper: int(r.helper),
    helperName: str(r.helper_name),
  }
}

/** `helpdesk.sla_missed`: a timer passed its due time. */
export interface SlaMissedEvent {
  conversation: number
  kind: string
  helper: number
}

export function normalizeSlaMissed(raw: unknown): SlaMissedEvent {
  const r = isObject(raw) ? raw : {}
  return { conversation: int(r.conversation), kind: str(r.kind), helper: int(r.helper) }
}

/** `chat.typing`: the other party is typing in a conversation. */
export interface TypingEvent {
  conversation: number
  from: 'applicant' | 'helper' | ''
}

export function normalizeTypingEvent(raw: unknown): TypingEvent {
  const r = isObject(raw) ? raw : {}
  return { conversation: int(r.conversation_id), from: oneOf(['applicant', 'helper', ''] as const, r.from, '') }
}

/** `chat.read`: the other party has seen the conversation up to `seq`. */
export interface ReadEvent {
  conversation: number
  reader: 'applicant' | 'helper' | ''
  seq: number
}

export function normalizeReadEvent(raw: unknown): ReadEvent {
  const r = isObject(raw) ? raw : {}
  return { conversation: int(r.conversation_id), reader: oneOf(['applicant', 'helper', ''] as const, r.reader, ''), seq: int(r.seq) }
}

// ---- assessment ---------------------------------------------------------------------------------

export const ASSESSMENT_GROUPS = ['helper', 'unit', 'department'] as const
export type AssessmentGroup = (typeof ASSESSMENT_GROUPS)[number]

export interface AssessmentRow {
  key: string
  name: string
  conversations: number
  responded: number
  /** Seconds. */
  firstResponseMedian: number
  firstResponseP90: number
  withinTarget: number
  withinTargetShare: number
  resolved: number
  resolutionRate: number
  reopened: number
  reopenRate: number
  rated: number
  satisfaction: number
  escalations: number
  score: number
}

export interface Assessment {
  from: string
  to: string
  by: AssessmentGroup
  rows: AssessmentRow[]
}

export function normalizeAssessment(raw: unknown): Assessment {
  const r = isObject(raw) ? raw : {}
  return {
    from: str(r.from),
    to: str(r.to),
    by: oneOf(ASSESSMENT_GROUPS, r.by, 'helper'),
    rows: Array.isArray(r.rows)
      ? r.rows.filter(isObject).map((x) => ({
          key: str(x.key),
          name: str(x.name),
          conversations: int(x.conversations),
          responded: int(x.responded),
          firstResponseMedian: num(x.first_response_median),
          firstResponseP90: num(x.first_response_p90),
          withinTarget: int(x.within_target),
          withinTargetShare: num(x.within_target_share),
          resolved: int(x.resolved),
          resolutionRate: num(x.resolution_rate),
          reopened: int(x.reopened),
          reopenRate: num(x.reopen_rate),
          rated: int(x.rated),
          satisfaction: num(x.satisfaction),
          escalations: int(x.escalations),
          score: num(x.score),
        }))
      : [],
  }
}

/** The query string of an assessment request (also the CSV link). */
export function assessmentPath(q: { from?: string; to?: string; by: AssessmentGroup; format?: 'json' | 'csv' }): string {
  const p = new URLSearchParams()
  if (q.from) p.set('from', q.from)
  if (q.to) p.set('to', q.to)
  p.set('by', q.by)
  if (q.format === 'csv') p.set('format', 'csv')
  return `/api/v1/help/assessment?${p.toString()}`
}

// ---- calls --------------------------------------------------------------------------------------

const base = (id: number) => `/api/v1/help/conversations/${id}`

export async function openConversation(body: {
  text: string
  item?: string
  application?: number
  assistantConversation?: string
}): Promise<HelpConversation> {
  const payload: Raw = { text: body.text }
  if (body.item) payload.item = body.item
  if (body.application) payload.application = body.application
  if (body.assistantConversation) payload.assistant_conversation = body.assistantConversation
  return normalizeConversation(await request('POST', '/api/v1/help/conversations', { body: payload }))
}

export async function fetchConversation(id: number): Promise<HelpConversation> {
  return normalizeConversation(await request('GET', base(id)))
}

export async function fetchMessages(id: number, after = 0): Promise<HelpMessage[]> {
  return normalizeMessages(await request('GET', `${base(id)}/messages${after > 0 ? `?after=${after}` : ''}`))
}

/** Idempotent per clientId: resend the same id on retry. */
export async function postMessage(id: number, body: string, clientId: string): Promise<HelpMessage> {
  return normalizeMessage(await request('POST', `${base(id)}/messages`, { body: { body, client_id: clientId } }))
}

export async function chooseUnstaffed(id: number, choice: 'callback' | 'ticket', phone?: string): Promise<HelpConversation> {
  const body: Raw = { choice }
  if (choice === 'callback') body.phone = phone ?? ''
  return normalizeConversation(await request('POST', `${base(id)}/unstaffed`, { body }))
}

export async function confirmResolved(id: number): Promise<HelpConversation> {
  return normalizeConversation(await request('POST', `${base(id)}/confirm`))
}

export async function reopenConversation(id: number, reason: string): Promise<HelpConversation> {
  return normalizeConversation(await request('POST', `${base(id)}/reopen`, { body: { reason } }))
}

export async function rateConversation(id: number, rating: number): Promise<HelpConversation> {
  return normalizeConversation(await request('POST', `${base(id)}/rating`, { body: { rating } }))
}

export async function setPresence(presence: Presence): Promise<Helper> {
  return normalizeHelper(await request('PUT', '/api/v1/help/presence', { body: { presence } }))
}

export async function fetchQueue(): Promise<HelpConversation[]> {
  return items(await request('GET', '/api/v1/help/queue'), normalizeConversation)
}

export async function fetchHelpers(): Promise<Helper[]> {
  return items(await request('GET', '/api/v1/help/helpers'), normalizeHelper)
}

export async function resolveConversation(id: number, category: string): Promise<HelpConversation> {
  return normalizeConversation(await request('POST', `${base(id)}/resolve`, { body: { category } }))
}

export async function escalateConversation(id: number, department: string, outcome: string): Promise<HelpConversation> {
  return normalizeConversation(await request('POST', `${base(id)}/escalate`, { body: { department, outcome } }))
}

export async function fetchAssessment(q: { from?: string; to?: string; by: AssessmentGroup }): Promise<Assessment> {
  return normalizeAssessment(await request('GET', assessmentPath(q)))
}

/** Read receipts: this party has seen the conversation up to `seq` (204). */
export async function markRead(id: number, seq: number): Promise<void> {
  await request('POST', `${base(id)}/read`, { body: { seq } })
}

/** "有效答案": a helper's message becomes a knowledge-base candidate task. */
export async function markEffective(id: number, seq: number): Promise<{ task: number; message: HelpMessage }> {
  const r: unknown = await request('POST', `${base(id)}/messages/${seq}/effective`)
  const o = isObject(r) ? r : {}
  return { task: int(o.task), message: normalizeMessage(o.message) }
}

/** The XMLHttpRequest parts an upload uses (a fake in tests). */
export interface UploadRequest {
  open(method: string, url: string): void
  setRequestHeader(name: string, value: string): void
  send(body: Blob): void
  abort(): void
  status: number
  responseText: string
  timeout: number
  withCredentials: boolean
  upload: { onprogress: ((e: { loaded: number; total: number; lengthComputable: boolean }) => void) | null }
  onload: (() => void) | null
  onerror: (() => void) | null
  ontimeout: (() => void) | null
  onabort: (() => void) | null
  getResponseHeader(name: string): string | null
}

/**
 * Sends a file or image (the raw body; 201 a message with its `attachment`). `onProgress` gets
 * 0..1 as the body goes out (fetch cannot report that, hence XMLHttpRequest). Errors as for
 * request(): ApiError with the problem (413 too large, 415/422 wrong type), NetworkError.
 */
export function uploadFile(
  id: number,
  file: Blob & { name: string },
  options: { clientId?: string; mime?: string; onProgress?: (share: number) => void; signal?: AbortSignal } = {},
  create: () => UploadRequest = () => new XMLHttpRequest() as unknown as UploadRequest,
): Promise<HelpMessage> {
  return new Promise((resolve, reject) => {
    const xhr = create()
    xhr.open('POST', `${base(id)}/files`)
    xhr.withCredentials = true
    xhr.timeout = 120_000
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json')
    xhr.setRequestHeader('Content-Type', options.mime || file.type || 'application/octet-stream')
    xhr.setRequestHeader('X-Filename', encodeURIComponent(file.name))
    if (options.clientId) xhr.setRequestHeader('X-Client-Id', options.clientId)
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) options.onProgress?.(Math.min(1, e.loaded / e.total))
    }
    xhr.onload = () => {
      let body: unknown = null
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null
      } catch {
        body = null
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        options.onProgress?.(1)
        resolve(normalizeMessage(body))
      } else reject(new ApiError(xhr.status, isObject(body) ? (body as Problem) : null))
    }
    xhr.onerror = () => reject(new NetworkError())
    xhr.ontimeout = () => reject(new NetworkError())
    xhr.onabort = () => reject(new NetworkError(new DOMException('aborted', 'AbortError')))
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true })
    xhr.send(file)
  })
}
