// Applications (办件): drafts, autosave, submit, staff actions, lists.
// Shapes follow src/applications/routes.cpp.

import type { Answers, FormValues } from '@/forms/model'

import { request } from './http'
import { normalizeRequiredList, type RequiredMaterial } from './materials'
import { normalizePrefill, type Prefill } from './prefill'

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
  /** 免申即办: the platform filed this draft after another application was completed. */
  origin?: FollowUpOrigin | null
}

/** Why the platform filed a draft (src/applications: to_json(FollowUpOrigin)). */
export interface FollowUpOrigin {
  kind: 'follow-up'
  /** The completed application that triggered it. */
  application: number
  trigger_code: string
  trigger_name: string
  /** The e-licence held, e.g. 食品经营许可证. */
  licence: string
  /** 营业执照变更 */
  reason: string
  /** 因营业执照变更，系统已为您生成食品经营许可变更申请，请确认后提交 */
  notice: string
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
  /** What the sources filled when the draft was created (single items), with provenance. */
  prefill: Prefill | null
  /** 再来一单: the application this one was copied from. */
  copied_from: number | null
  /** The item's materials for these answers, each exempt (免于提交) or missing; [] for bundles. */
  materials: RequiredMaterial[]
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

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)

/**
 * The detail as views use it: the server's fields as they are, with the prefill and materials
 * normalised and lists that are always lists.
 */
export function normalizeApplication(raw: unknown): ApplicationDetail {
  const r = (isObject(raw) ? raw : {}) as Partial<ApplicationDetail> & Record<string, unknown>
  const copied = typeof r.copied_from === 'number' ? r.copied_from : Number(r.copied_from)
  return {
    ...(r as ApplicationDetail),
    fields: isObject(r.fields) ? (r.fields as FormValues) : {},
    answers: isObject(r.answers) ? (r.answers as Answers) : {},
    history: Array.isArray(r.history) ? r.history : [],
    children: Array.isArray(r.children) ? r.children : [],
    allowed_actions: Array.isArray(r.allowed_actions) ? r.allowed_actions : [],
    prefill: normalizePrefill(r.prefill),
    copied_from: r.copied_from !== null && Number.isSafeInteger(copied) && copied > 0 ? copied : null,
    materials: normalizeRequiredList(r.materials),
    origin: isObject(r.origin) && r.origin.kind === 'follow-up' ? (r.origin as unknown as FollowUpOrigin) : null,
  }
}

export async function createApplication(body: CreateApplication): Promise<ApplicationDetail> {
  return normalizeApplication(await request<unknown>('POST', base, { body }))
}

export async function fetchApplication(id: number | string): Promise<ApplicationDetail> {
  return normalizeApplication(await request<unknown>('GET', `${base}/${id}`))
}

/**
 * Autosave: merges `fields` into a draft (or an application returned for correction). Locked
 * (authoritative) values are refused with 422 `locked-field` naming them.
 */
export async function saveFields(id: number, fields: FormValues): Promise<ApplicationDetail> {
  return normalizeApplication(await request<unknown>('PATCH', `${base}/${id}`, { body: { fields } }))
}

export async function submitApplication(id: number): Promise<ApplicationDetail> {
  return normalizeApplication(await request<unknown>('POST', `${base}/${id}/submit`))
}

export async function actOn(id: number, action: ActionName, reason?: string): Promise<ApplicationDetail> {
  return normalizeApplication(
    await request<unknown>('POST', `${base}/${id}/actions`, { body: reason ? { action, reason } : { action } }),
  )
}

/** Re-checks the application's materials against the library (after uploading what was missing). */
export async function recheckMaterials(id: number): Promise<ApplicationDetail> {
  return normalizeApplication(await request<unknown>('POST', `${base}/${id}/materials`))
}

/** An authoritative value that differs from the old application's (再来一单). */
export interface AgainChange {
  key: string
  label: string
  before: unknown
  after: unknown
  /** The source's name, 法人库… */
  source: string
}

export interface AgainResult {
  application: ApplicationDetail
  changes: AgainChange[]
}

export function normalizeAgain(raw: unknown): AgainResult {
  const r = isObject(raw) ? raw : {}
  const changes = Array.isArray(r.changes)
    ? r.changes.filter(isObject).map((c) => ({
        key: typeof c.key === 'string' ? c.key : '',
        label: typeof c.label === 'string' && c.label ? c.label : String(c.key ?? ''),
        before: c.before ?? null,
        after: c.after ?? null,
        source: typeof c.source === 'string' ? c.source : '',
      }))
    : []
  return { application: normalizeApplication(r.application), changes: changes.filter((c) => c.key) }
}

/**
 * 再来一单: a new draft of the same item with the answers and the applicant's own entries copied
 * and every authoritative value fetched afresh; `changes` lists those that differ from before.
 */
export async function fileAgain(id: number): Promise<AgainResult> {
  return normalizeAgain(await request<unknown>('POST', `${base}/${id}/again`))
}

/** Whether 再来一单 is offered: the applicant's own single-item application once it was submitted. */
export function canFileAgain(a: Pick<ApplicationDetail, 'is_bundle' | 'parent_id' | 'status'>): boolean {
  return !a.is_bundle && a.parent_id === null && a.status !== 'draft' && a.status !== 'returned'
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
