// 办不成事 ("I couldn't get it done"): reports from the portal (an item's or an application's page:
// `online`; an applicant leaving a draft midway and saying why: `abandon`) and from the counter (a
// window clerk for a walk-in: `counter`). Each runs received → assigned → handled → replied →
// verified → filed with working-day deadlines; similar reports are grouped so that one plan fixes
// the whole problem class. Shapes as src/feedback/report_routes.cpp answers them, normalised into
// camelCase; docs/feedback.md (办不成事, Open311).

import { request } from './http'
import { actionBody, int, isObject, list, normalizeSteps, oneOf, queryString, str, type WorkflowStep } from './normalize'

/** The public Open311 GeoReport v2 list of reports (no reporters, long digit runs masked). */
export const OPEN311_REQUESTS = '/open311/v2/requests.json'
export const OPEN311_DISCOVERY = '/open311/v2/discovery.json'

export const REPORT_CHANNELS = ['online', 'abandon', 'counter'] as const
export type ReportChannel = (typeof REPORT_CHANNELS)[number]

export const REPORT_STATUSES = ['received', 'assigned', 'handled', 'replied', 'verified', 'filed'] as const
export type ReportStatus = (typeof REPORT_STATUSES)[number]

/** A step's action: received, assigned, handled, replied, verified, reopened, planned, filed, escalated, escalated_admin. */
export type ReportStep = WorkflowStep

export interface CantDoReport {
  id: number
  channel: ReportChannel
  /** In full for the desk, the assigned department and the reporter; masked (李**) for analysts. */
  reporterName: string
  /** Only for the desk and the assigned department. */
  reporterPhone: string
  item: string
  itemName: string
  /** 0 when none. */
  application: number
  text: string
  /** '' until the desk classifies it. */
  category: string
  /** The responsible department: the item's until the desk assigns it. */
  department: string
  status: ReportStatus
  /** YYYY-MM-DD: the current step's deadline ('' once filed). */
  dueOn: string
  overdue: boolean
  /** 0; 1 the department and the desk were told; 2 admin too. */
  escalation: number
  handling: string
  reply: string
  verification: string
  /** The problem-class plan it belongs to, 0 for none. */
  plan: number
  createdAt: string
  updatedAt: string
  filedAt: string
  /** Oldest first; lists leave them out (empty), a single report has them. */
  steps: ReportStep[]
}

export function normalizeReport(raw: unknown): CantDoReport {
  const r = isObject(raw) ? raw : {}
  return {
    id: int(r.id),
    channel: oneOf(REPORT_CHANNELS, r.channel, 'online'),
    reporterName: str(r.reporter_name),
    reporterPhone: str(r.reporter_phone),
    item: str(r.item),
    itemName: str(r.item_name),
    application: int(r.application),
    text: str(r.text),
    category: str(r.category),
    department: str(r.department),
    status: oneOf(REPORT_STATUSES, r.status, 'received'),
    dueOn: str(r.due_on),
    overdue: r.overdue === true,
    escalation: Math.min(2, int(r.escalation)),
    handling: str(r.handling),
    reply: str(r.reply),
    verification: str(r.verification),
    plan: int(r.plan),
    createdAt: str(r.created_at),
    updatedAt: str(r.updated_at),
    filedAt: str(r.filed_at),
    steps: normalizeSteps(r.steps),
  }
}

export interface ReportCategory {
  code: string
  name: string
  description: string
}

export interface CantDoPlan {
  id: number
  title: string
  /** The lead department. */
  department: string
  /** The planned measures; once done, the result. */
  measures: string
  dueOn: string
  status: 'open' | 'done'
  reports: number[]
  createdBy: string
  createdAt: string
  doneAt: string
}

export function normalizePlan(raw: unknown): CantDoPlan {
  const r = isObject(raw) ? raw : {}
  return {
    id: int(r.id),
    title: str(r.title),
    department: str(r.department),
    measures: str(r.measures),
    dueOn: str(r.due_on),
    status: r.status === 'done' ? 'done' : 'open',
    reports: Array.isArray(r.reports) ? r.reports.map(int).filter((n) => n > 0) : [],
    createdBy: str(r.created_by),
    createdAt: str(r.created_at),
    doneAt: str(r.done_at),
  }
}

// ---- reporting ------------------------------------------------------------------------------------

export type NewReport =
  | { channel: 'online'; text: string; item?: string; application?: number }
  | { channel: 'abandon'; reason: string; text?: string; item?: string; application?: number }
  | { channel: 'counter'; text: string; reporterName?: string; reporterPhone?: string; item?: string }

/** The POST body: texts trimmed, empty optional fields left out. */
export function reportBody(n: NewReport): Record<string, unknown> {
  const body: Record<string, unknown> = { channel: n.channel }
  const put = (key: string, v: string | undefined) => {
    const t = v?.trim()
    if (t) body[key] = t
  }
  put('item', n.item)
  if (n.channel !== 'counter' && n.application && n.application > 0) body.application = n.application
  if (n.channel === 'abandon') {
    body.reason = n.reason.trim()
    put('text', n.text)
  } else {
    body.text = n.text.trim()
  }
  if (n.channel === 'counter') {
    put('reporter_name', n.reporterName)
    put('reporter_phone', n.reporterPhone)
  }
  return body
}

/** 201: the report, `received`, with its deadline; 422 field errors (text, reason, reporter_phone, item). */
export async function submitReport(n: NewReport): Promise<CantDoReport> {
  return normalizeReport(await request('POST', '/api/v1/cant-do-reports', { body: reportBody(n) }))
}

// ---- reading --------------------------------------------------------------------------------------

/** `open`: every status but filed. */
export type ReportFilterStatus = ReportStatus | 'open' | ''

export interface ReportQuery {
  status?: ReportFilterStatus
  department?: string
  category?: string
  overdue?: boolean
  /** YYYY-MM-DD */
  from?: string
  to?: string
}

export function reportsPath(q: ReportQuery = {}): string {
  return `/api/v1/cant-do-reports${queryString({
    status: q.status,
    department: q.department,
    category: q.category,
    overdue: q.overdue ? '1' : undefined,
    from: q.from,
    to: q.to,
  })}`
}

/**
 * Newest first (the server's latest 500): an applicant's own, a department's staff their department's,
 * the desk and analysts all.
 */
export async function fetchReports(q: ReportQuery = {}): Promise<CantDoReport[]> {
  const r = await request<unknown>('GET', reportsPath(q))
  return list(isObject(r) ? r.items : null)
    .map(normalizeReport)
    .filter((x) => x.id > 0)
}

/** One report with its steps (404 for reports the viewer may not see). */
export async function fetchReport(id: number): Promise<CantDoReport> {
  return normalizeReport(await request('GET', `/api/v1/cant-do-reports/${id}`))
}

let categoriesPromise: Promise<ReportCategory[]> | null = null

/** The categories (cached for the tab: they are part of the server's build). */
export function fetchCategories(): Promise<ReportCategory[]> {
  categoriesPromise ??= request<unknown>('GET', '/api/v1/cant-do-reports/categories')
    .then((r) =>
      list(isObject(r) ? r.items : null)
        .map((c) => ({ code: str(c.code), name: str(c.name), description: str(c.description) }))
        .filter((c) => c.code),
    )
    .catch((e: unknown) => {
      categoriesPromise = null
      throw e
    })
  return categoriesPromise
}

// ---- the loop -------------------------------------------------------------------------------------

/** What each step sends; every step answers the report as it is now (409 report-state out of order). */
export interface ReportActions {
  /** The desk: classify and assign. */
  assign: { category: string; department: string; note?: string }
  /** The assigned department. */
  handle: { handling: string }
  reply: { reply: string }
  /** The reporter (or the desk for a walk-in's): not resolved needs a note. */
  verify: { resolved: boolean; note?: string }
  /** The desk. */
  file: { note?: string }
}
export type ReportAction = keyof ReportActions

/** The body as sent: texts trimmed, empty optional notes left out. */
export function reportActionBody<A extends ReportAction>(_action: A, body: ReportActions[A]): Record<string, unknown> {
  return actionBody(body, (key) => key === 'note')
}

export async function actOnReport<A extends ReportAction>(id: number, action: A, body: ReportActions[A]): Promise<CantDoReport> {
  return normalizeReport(
    await request('POST', `/api/v1/cant-do-reports/${id}/${action}`, { body: reportActionBody(action, body) }),
  )
}

// ---- problem classes ------------------------------------------------------------------------------

/** The desk: the last 90 days' unplanned reports clustered by similarity, each group's report ids. */
export async function fetchGroups(): Promise<number[][]> {
  const r = await request<unknown>('GET', '/api/v1/cant-do-reports/groups')
  return list(isObject(r) ? r.items : null)
    .map((g) => (Array.isArray(g.reports) ? g.reports.map(int).filter((n) => n > 0) : []))
    .filter((g) => g.length > 0)
}

/** Staff: the plans, newest first. */
export async function fetchPlans(): Promise<CantDoPlan[]> {
  const r = await request<unknown>('GET', '/api/v1/cant-do-plans')
  return list(isObject(r) ? r.items : null)
    .map(normalizePlan)
    .filter((p) => p.id > 0)
}

export interface NewPlan {
  title: string
  department: string
  measures: string
  reports: readonly number[]
}

export function planBody(p: NewPlan): Record<string, unknown> {
  return {
    title: p.title.trim(),
    department: p.department.trim(),
    measures: p.measures.trim(),
    reports: [...new Set(p.reports)].filter((n) => Number.isSafeInteger(n) && n > 0),
  }
}

/** The desk: 201 the plan; 409 report-unavailable when one of the reports was filed or planned meanwhile. */
export async function createPlan(p: NewPlan): Promise<CantDoPlan> {
  return normalizePlan(await request('POST', '/api/v1/cant-do-plans', { body: planBody(p) }))
}

/** The desk: done, answering every open report of the class with the result (409 plan-state). */
export async function completePlan(id: number, measures: string): Promise<CantDoPlan> {
  return normalizePlan(await request('POST', `/api/v1/cant-do-plans/${id}/complete`, { body: { measures: measures.trim() } }))
}
