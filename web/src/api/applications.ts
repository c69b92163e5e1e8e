// Applications (办件): drafts, autosave, submit, staff actions, lists.
// Shapes follow src/applications/routes.cpp.

import type { Answers, FormValues } from '@/forms/model'

import { request } from './http'

export type ApplicationStatus =
  | 'draft'
  | 'submitted'
  | 'accepted'
  | 'not_accepted'
  | 'returned'
  | 'approved'
  | 'denied'
  | 'completed'
  | 'withdrawn'

export type ActionName =
  | 'submit'
  | 'accept'
  | 'not_accept'
  | 'return'
  | 'resubmit'
  | 'approve'
  | 'deny'
  | 'complete'
  | 'withdraw'

export type Urgency = 'none' | 'due_soon' | 'overdue'

export interface ApplicationSummary {
  id: number
  is_bundle: boolean
  code: string
  name: string
  status: ApplicationStatus
  status_label: string
  department_id: string
  applicant_name: string
  channel: 'online' | 'counter'
  created_at: string
  submitted_at: string
  due_on: string | null
  days_left?: number
  urgency: Urgency
  parent_id: number | null
  /** Bundles, when the server includes it in lists (always in the detail once submitted). */
  combined_status_label?: string
}

export interface HistoryEntry {
  at: string
  actor: string
  action: string
  from: string
  to: string
  to_label: string
  reason: string
}

export interface AllowedAction {
  action: ActionName
  label: string
}

export interface ApplicationDetail extends ApplicationSummary {
  version: string
  enterprise_code: string
  fields: FormValues
  answers: Answers
  promised_days: number
  corrections: number
  opened_at: string
  decided_at: string
  completed_at: string
  accepted_on: string | null
  on_time: boolean | null
  first_time_success: boolean
  history: HistoryEntry[]
  children: ApplicationSummary[]
  allowed_actions: AllowedAction[]
}

export interface ApplicationPage {
  items: ApplicationSummary[]
  next_cursor: string | null
}

export interface CreateApplication {
  item?: string
  bundle?: string
  answers?: Answers
  fields?: FormValues
  channel?: 'online' | 'counter'
  opened_at?: string
}

const base = '/api/v1/applications'

export function createApplication(body: CreateApplication): Promise<ApplicationDetail> {
  return request<ApplicationDetail>('POST', base, { body })
}

export function fetchApplication(id: number | string): Promise<ApplicationDetail> {
  return request<ApplicationDetail>('GET', `${base}/${id}`)
}

/** Autosave: merges `fields` into a draft (or an application returned for correction). */
export function saveFields(id: number, fields: FormValues): Promise<ApplicationDetail> {
  return request<ApplicationDetail>('PATCH', `${base}/${id}`, { body: { fields } })
}

export function submitApplication(id: number): Promise<ApplicationDetail> {
  return request<ApplicationDetail>('POST', `${base}/${id}/submit`)
}

export function actOn(id: number, action: ActionName, reason?: string): Promise<ApplicationDetail> {
  return request<ApplicationDetail>('POST', `${base}/${id}/actions`, {
    body: reason ? { action, reason } : { action },
  })
}

export interface ListQuery {
  mine?: boolean
  status?: string
  overdue?: boolean
  due_soon?: boolean
  cursor?: string
  limit?: number
}

export function listApplications(q: ListQuery = {}): Promise<ApplicationPage> {
  const usp = new URLSearchParams()
  if (q.mine) usp.set('mine', '1')
  if (q.status) usp.set('status', q.status)
  if (q.overdue) usp.set('overdue', '1')
  if (q.due_soon) usp.set('due_soon', '1')
  if (q.cursor) usp.set('cursor', q.cursor)
  if (q.limit) usp.set('limit', String(q.limit))
  const s = usp.toString()
  return request<ApplicationPage>('GET', `${base}${s ? `?${s}` : ''}`)
}

/**
 * Every page of a list (the server pages by id; the UI sorts by due date, so it needs them all).
 * Stops after `maxPages` pages to stay bounded; `truncated` tells whether more exist.
 */
export async function listAll(
  q: Omit<ListQuery, 'cursor'>,
  maxPages = 10,
): Promise<{ items: ApplicationSummary[]; truncated: boolean }> {
  const items: ApplicationSummary[] = []
  let cursor: string | undefined
  for (let page = 0; page < maxPages; page++) {
    const r = await listApplications({ ...q, cursor, limit: q.limit ?? 200 })
    items.push(...r.items)
    if (!r.next_cursor) return { items, truncated: false }
    cursor = r.next_cursor
  }
  return { items, truncated: true }
}
