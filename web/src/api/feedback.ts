// 好差评: one rating per service event (一事一评 for an online application, 一次一评 for a counter
// visit), the rectification task a bad rating opens (callback → verifying → rectifying → reviewing
// → closed, with appeals to the data bureau), and counter visits with their rating pad link.
// Shapes as src/feedback/routes.cpp answers them, normalised into camelCase; docs/feedback.md.

import { request } from './http'
import { actionBody, bool, int, isObject, list, normalizeSteps, oneOf, queryString, str, type WorkflowStep } from './normalize'

/** 5 非常满意 … 1 非常不满意; 0 only for a value the server did not send. */
export type Level = 0 | 1 | 2 | 3 | 4 | 5
const level = (v: unknown): Level => {
  const n = int(v)
  return n >= 1 && n <= 5 ? (n as Level) : 0
}

export const CHANNELS = ['online', 'counter', 'help'] as const
export type Channel = (typeof CHANNELS)[number]

export interface Rating {
  id: number
  /** online | counter | help */
  channel: Channel
  /** application | counter | help */
  eventKind: string
  eventId: number
  department: string
  item: string
  itemName: string
  staff: number
  staffName: string
  level: Level
  levelLabel: string
  tags: string[]
  text: string
  realName: boolean
  /** The rater's name: in full for the rated department's staff, masked (李**) for others, '' when anonymous. */
  raterName: string
  /** Only for the rated department's staff (who call back). */
  raterPhone: string
  createdAt: string
  /** An appeal was granted: kept, but not counted in the department's figures. */
  excluded: boolean
  /** The rectification task a bad rating opened, 0 for none. */
  task: number
}

export function normalizeRating(raw: unknown): Rating {
  const r = isObject(raw) ? raw : {}
  return {
    id: int(r.id),
    channel: oneOf(CHANNELS, r.channel, 'online'),
    eventKind: str(r.event_kind),
    eventId: int(r.event_id),
    department: str(r.department),
    item: str(r.item),
    itemName: str(r.item_name),
    staff: int(r.staff),
    staffName: str(r.staff_name),
    level: level(r.level),
    levelLabel: str(r.level_label),
    tags: Array.isArray(r.tags) ? r.tags.map(str).filter(Boolean) : [],
    text: str(r.text),
    realName: bool(r.real_name),
    raterName: str(r.rater_name),
    raterPhone: str(r.rater_phone),
    createdAt: str(r.created_at),
    excluded: bool(r.excluded),
    task: int(r.task),
  }
}

export const TASK_STATES = ['callback', 'verifying', 'rectifying', 'appealed', 'reviewing', 'closed'] as const
export type TaskState = (typeof TASK_STATES)[number]

/** A step's action: opened, callback_reached, … (see STEP_LABELS in src/feedback/display.ts). */
export type TaskStep = WorkflowStep

export interface FeedbackTask {
  id: number
  rating: number
  department: string
  item: string
  state: TaskState
  /** YYYY-MM-DD: the current step's deadline ('' once closed without one). */
  dueOn: string
  overdue: boolean
  /** reached | unreachable | not_needed | '' */
  callbackResult: string
  finding: string
  appealReason: string
  appealDecision: string
  measures: string
  /** satisfied | unsatisfied | no_reply | not_needed | '' */
  review: string
  /** How often the rater sent it back to rectifying. */
  reopened: number
  createdAt: string
  closedAt: string
  /** Oldest first. */
  steps: TaskStep[]
}

export function normalizeTask(raw: unknown): FeedbackTask {
  const r = isObject(raw) ? raw : {}
  return {
    id: int(r.id),
    rating: int(r.rating),
    department: str(r.department),
    item: str(r.item),
    state: oneOf(TASK_STATES, r.state, 'callback'),
    dueOn: str(r.due_on),
    overdue: bool(r.overdue),
    callbackResult: str(r.callback_result),
    finding: str(r.finding),
    appealReason: str(r.appeal_reason),
    appealDecision: str(r.appeal_decision),
    measures: str(r.measures),
    review: str(r.review),
    reopened: int(r.reopened),
    createdAt: str(r.created_at),
    closedAt: str(r.closed_at),
    steps: normalizeSteps(r.steps),
  }
}

export interface CounterVisit {
  id: number
  department: string
  item: string
  itemName: string
  staffName: string
  createdAt: string
  rated: boolean
  token: string
  /** The pad's path as the server gives it: /rate/ID?token=… */
  rateUrl: string
}

export function normalizeVisit(raw: unknown): CounterVisit {
  const r = isObject(raw) ? raw : {}
  return {
    id: int(r.id),
    department: str(r.department),
    item: str(r.item),
    itemName: str(r.item_name),
    staffName: str(r.staff_name),
    createdAt: str(r.created_at),
    rated: bool(r.rated),
    token: str(r.token),
    rateUrl: str(r.rate_url),
  }
}

// ---- ratings ------------------------------------------------------------------------------------

export interface NewRating {
  eventKind: 'application' | 'counter'
  eventId: number
  /** Counter visits: the visit's token. */
  token?: string
  level: number
  tags?: readonly string[]
  text?: string
  /** For the call-back. */
  phone?: string
  /** Counter visits: rate without one's name. */
  anonymous?: boolean
}

/** The POST body: texts trimmed, empty optional fields left out. */
export function ratingBody(n: NewRating): Record<string, unknown> {
  const body: Record<string, unknown> = { event_kind: n.eventKind, event_id: n.eventId, level: n.level }
  if (n.eventKind === 'counter') {
    body.token = n.token ?? ''
    body.anonymous = n.anonymous ?? true
  }
  const tags = (n.tags ?? []).map((t) => t.trim()).filter(Boolean)
  if (tags.length) body.tags = [...new Set(tags)]
  const text = n.text?.trim()
  if (text) body.text = text
  const phone = n.phone?.trim()
  if (phone) body.phone = phone
  return body
}

/** 201 the rating (with `task` when a bad one opened one); 409 already-rated / not-finished. */
export async function rate(n: NewRating): Promise<Rating> {
  return normalizeRating(await request('POST', '/api/v1/feedback/ratings', { body: ratingBody(n) }))
}

export interface RatingQuery {
  department?: string
  /** YYYY-MM-DD */
  from?: string
  to?: string
}

export function ratingsPath(q: RatingQuery = {}): string {
  return `/api/v1/feedback/ratings${queryString({ department: q.department, from: q.from, to: q.to })}`
}

/** Newest first (the server's latest 200 of the period). */
export async function fetchRatings(q: RatingQuery = {}): Promise<Rating[]> {
  const r = await request<unknown>('GET', ratingsPath(q))
  return list(isObject(r) ? r.items : null)
    .map(normalizeRating)
    .filter((x) => x.id > 0)
}

// ---- counter visits -----------------------------------------------------------------------------

/** Window clerks: a visit of the item, with the pad's link and token. */
export async function recordVisit(item: string): Promise<CounterVisit> {
  return normalizeVisit(await request('POST', '/api/v1/feedback/visits', { body: { item } }))
}

/** The pad: the visit the token opens (404 for a wrong token). */
export async function fetchVisit(id: number, token: string): Promise<CounterVisit> {
  return normalizeVisit(
    await request('GET', `/api/v1/feedback/visits/${id}?token=${encodeURIComponent(token)}`, { skipAuthRedirect: true }),
  )
}

// ---- rectification tasks ------------------------------------------------------------------------

/** `open`: every state but closed. */
export type TaskFilterState = TaskState | 'open' | ''

export interface TaskQuery {
  state?: TaskFilterState
  department?: string
  overdue?: boolean
}

export function tasksPath(q: TaskQuery = {}): string {
  return `/api/v1/feedback/tasks${queryString({ state: q.state, department: q.department, overdue: q.overdue ? '1' : undefined })}`
}

export async function fetchTasks(q: TaskQuery = {}): Promise<FeedbackTask[]> {
  const r = await request<unknown>('GET', tasksPath(q))
  return list(isObject(r) ? r.items : null)
    .map(normalizeTask)
    .filter((t) => t.id > 0)
}

/** Department staff, the data bureau, analysts, admin — and the rater. */
export async function fetchTask(id: number): Promise<FeedbackTask> {
  return normalizeTask(await request('GET', `/api/v1/feedback/tasks/${id}`))
}

/** What each step of a task sends; every action answers the task as it is now (409 task-state out of order). */
export interface TaskActions {
  callback: { reached: boolean; note: string }
  verify: { upheld: boolean; finding: string }
  rectify: { measures: string }
  appeal: { reason: string }
  'appeal-decision': { granted: boolean; decision: string }
  review: { satisfied: boolean; note?: string }
}
export type TaskAction = keyof TaskActions

/** The body as sent: texts trimmed, an empty review note left out. */
export function taskActionBody<A extends TaskAction>(action: A, body: TaskActions[A]): Record<string, unknown> {
  return actionBody(body, () => action === 'review')
}

export async function actOnTask<A extends TaskAction>(id: number, action: A, body: TaskActions[A]): Promise<FeedbackTask> {
  return normalizeTask(
    await request('POST', `/api/v1/feedback/tasks/${id}/${action}`, { body: taskActionBody(action, body) }),
  )
}
