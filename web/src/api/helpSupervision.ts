// 帮办 supervision: the supervisor's live board (helpers and their load, the queue, active
// conversations with their SLA timers, today's misses) and 领导干部帮办 — leaders walking a service
// process themselves, the problems they found and their rectification. Shapes as
// src/helpdesk/routes.cpp answers them; docs/helpdesk.md.

import { normalizeHelper, type Helper, type SlaTimer } from './help'
import { request } from './http'

type Raw = Record<string, unknown>
const isObject = (v: unknown): v is Raw => v !== null && typeof v === 'object' && !Array.isArray(v)
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '')
const int = (v: unknown): number => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN
  return Number.isSafeInteger(n) && n >= 0 ? n : 0
}
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0)
const list = (v: unknown): Raw[] => (Array.isArray(v) ? v.filter(isObject) : [])

// ---- the board ----------------------------------------------------------------------------------

export interface QueuedConversation {
  id: number
  applicantName: string
  item: string
  department: string
  createdAt: string
  /** 1-based. */
  queuePosition: number
  /** Seconds waited when the board was generated. */
  waitedSeconds: number
}

export interface ActiveConversation {
  id: number
  applicantName: string
  item: string
  department: string
  helper: number
  helperName: string
  createdAt: string
  /** '' while the helper has not answered yet. */
  firstResponseAt: string
  sla: SlaTimer[]
}

/** A timer that passed its due time today. */
export interface SlaMiss {
  conversation: number
  /** first_response | next_response | resolution */
  kind: string
  helper: number
  helperName: string
  dueAt: string
  /** When the miss was recorded. */
  at: string
  /** Business minutes from the timer's start to `at`. */
  businessMinutes: number
  item: string
}

export interface HelpBoard {
  generatedAt: string
  helpers: Helper[]
  queued: QueuedConversation[]
  active: ActiveConversation[]
  /** Newest first. */
  missed: SlaMiss[]
}

function normalizeTimer(t: Raw): SlaTimer {
  return {
    kind: str(t.kind),
    state: str(t.state),
    startedAt: str(t.started_at),
    dueAt: str(t.due_at),
    stoppedAt: str(t.stopped_at),
  }
}

/** Seconds from `from` to `to` (ISO timestamps), 0 when either is missing. */
const secondsBetween = (from: string, to: string): number => {
  const a = Date.parse(from)
  const b = Date.parse(to)
  return Number.isNaN(a) || Number.isNaN(b) ? 0 : Math.max(0, (b - a) / 1000)
}

export function normalizeBoard(raw: unknown): HelpBoard {
  const r = isObject(raw) ? raw : {}
  const generatedAt = str(r.generated_at)
  return {
    generatedAt,
    helpers: list(r.helpers).map(normalizeHelper).filter((h) => h.account > 0),
    queued: list(r.queued)
      .map((q) => ({
        id: int(q.id),
        applicantName: str(q.applicant_name),
        item: str(q.item),
        department: str(q.department),
        createdAt: str(q.created_at),
        queuePosition: int(q.queue_position),
        // A server without waited_seconds: since the conversation was opened.
        waitedSeconds: typeof q.waited_seconds === 'number' ? num(q.waited_seconds) : secondsBetween(str(q.created_at), generatedAt),
      }))
      .filter((q) => q.id > 0)
      .sort((a, b) => (a.queuePosition || Infinity) - (b.queuePosition || Infinity) || a.id - b.id),
    active: list(r.active)
      .map((a) => ({
        id: int(a.id),
        applicantName: str(a.applicant_name),
        item: str(a.item),
        department: str(a.department),
        helper: int(a.helper),
        helperName: str(a.helper_name),
        createdAt: str(a.created_at),
        firstResponseAt: str(a.first_response_at),
        sla: list(a.sla).map(normalizeTimer),
      }))
      .filter((a) => a.id > 0),
    missed: list(r.missed)
      .map((m) => ({
        conversation: int(m.conversation_id),
        kind: str(m.kind),
        helper: int(m.helper),
        helperName: str(m.helper_name),
        dueAt: str(m.due_at),
        at: str(m.at),
        businessMinutes: num(m.business_minutes),
        item: str(m.item),
      }))
      .filter((m) => m.conversation > 0),
  }
}

export async function fetchBoard(): Promise<HelpBoard> {
  return normalizeBoard(await request('GET', '/api/v1/help/board'))
}

// ---- 领导干部帮办 ----------------------------------------------------------------------------------

export const ACCOMPANIMENT_STATUSES = ['open', 'rectifying', 'done'] as const
export type AccompanimentStatus = (typeof ACCOMPANIMENT_STATUSES)[number]

export interface Accompaniment {
  id: number
  leaderName: string
  leaderTitle: string
  /** The leader's unit (department, street or town). */
  unit: string
  /** YYYY-MM-DD: the day the leader walked the process. */
  date: string
  /** Item code, '' when the walk was not about one item. */
  item: string
  /** The process walked, in the recorder's words. */
  process: string
  problems: string[]
  /** What is being done about the problems, '' until decided. */
  followUp: string
  status: AccompanimentStatus
  recordedBy: string
  createdAt: string
  updatedAt: string
}

export function normalizeAccompaniment(raw: unknown): Accompaniment {
  const r = isObject(raw) ? raw : {}
  const status = str(r.status)
  return {
    id: int(r.id),
    leaderName: str(r.leader_name),
    leaderTitle: str(r.leader_title),
    unit: str(r.unit),
    date: str(r.date),
    item: str(r.item),
    process: str(r.process),
    problems: Array.isArray(r.problems) ? r.problems.map(str).filter((p) => p.trim() !== '') : [],
    followUp: str(r.follow_up),
    status: (ACCOMPANIMENT_STATUSES as readonly string[]).includes(status) ? (status as AccompanimentStatus) : 'open',
    recordedBy: str(r.recorded_by),
    createdAt: str(r.created_at),
    updatedAt: str(r.updated_at),
  }
}

export function normalizeAccompaniments(raw: unknown): Accompaniment[] {
  const r = isObject(raw) ? raw : {}
  return list(r.items)
    .map(normalizeAccompaniment)
    .filter((a) => a.id > 0)
}

/** What the recording form holds (the problems one per entry, blanks allowed while editing). */
export interface AccompanimentDraft {
  leaderName: string
  leaderTitle: string
  unit: string
  date: string
  item: string
  process: string
  problems: string[]
  followUp: string
}

/** The POST body: trimmed, blank problems dropped, optional fields left out when empty. */
export function accompanimentBody(d: AccompanimentDraft): Raw {
  const body: Raw = {
    leader_name: d.leaderName.trim(),
    leader_title: d.leaderTitle.trim(),
    unit: d.unit.trim(),
    date: d.date,
    process: d.process.trim(),
    problems: d.problems.map((p) => p.trim()).filter(Boolean),
  }
  if (d.item.trim()) body.item = d.item.trim()
  if (d.followUp.trim()) body.follow_up = d.followUp.trim()
  return body
}

export function accompanimentsPath(q: { from?: string; to?: string }): string {
  const p = new URLSearchParams()
  if (q.from) p.set('from', q.from)
  if (q.to) p.set('to', q.to)
  const s = p.toString()
  return `/api/v1/help/accompaniments${s ? `?${s}` : ''}`
}

export async function fetchAccompaniments(q: { from?: string; to?: string } = {}): Promise<Accompaniment[]> {
  return normalizeAccompaniments(await request('GET', accompanimentsPath(q)))
}

export async function createAccompaniment(d: AccompanimentDraft): Promise<Accompaniment> {
  return normalizeAccompaniment(await request('POST', '/api/v1/help/accompaniments', { body: accompanimentBody(d) }))
}

export async function updateAccompaniment(
  id: number,
  change: { followUp?: string; status?: AccompanimentStatus },
): Promise<Accompaniment> {
  const body: Raw = {}
  if (change.followUp !== undefined) body.follow_up = change.followUp.trim()
  if (change.status !== undefined) body.status = change.status
  return normalizeAccompaniment(await request('PATCH', `/api/v1/help/accompaniments/${id}`, { body }))
}
