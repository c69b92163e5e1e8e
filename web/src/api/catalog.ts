// The service catalog: items (事项) with their guides, forms, bundles (一件事) and their situation
// questionnaires (情形), departments. Answers are normalised here so views can rely on the shapes.

import { isObject, normalizeForm, normalizeOptions, type Answers, type FormDef, type Option } from '@/forms/model'

import { request } from './http'

type Raw = Record<string, unknown>
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '')
const int = (v: unknown): number | null => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN
  return Number.isFinite(n) ? n : null
}
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.map((x) => (isObject(x) ? str(x.name) || str(x.id) : str(x))).filter(Boolean) : []

export type Audience = 'person' | 'enterprise' | 'both'

export interface DepartmentRef {
  id: string
  name: string
}

export interface DepartmentInfo extends DepartmentRef {
  kind: string
}

export interface ItemSummary {
  code: string
  name: string
  aliases: string[]
  department: DepartmentRef
  kind: string
  audience: Audience
  events: string[]
  online: boolean
  statutoryDays: number | null
  promisedDays: number | null
}

export type MaterialType = 'original' | 'copy' | 'electronic'

export const MATERIAL_TYPE_LABELS: Record<string, string> = { original: '原件', copy: '复印件', electronic: '电子件' }

export interface Material {
  id: string
  name: string
  category: string
  categoryName: string
  type: string
  count: number
  note: string
  /** Condition over the situation answers; absent: always required. */
  when?: string
  reason: string
}

export interface Question {
  id: string
  text: string
  help: string
  type: 'bool' | 'select' | 'multi_select' | 'number'
  options: Option[]
  decimals: number
  min?: number
  max?: number
  /** What the answer still decides (items or materials), from the situations endpoint. */
  decides: string[]
}

export interface Guide {
  conditions: string
  basis: string
  process: string[]
  fee: string
  location: string
  hours: string
  phone: string
  online: boolean
  offline: boolean
}

export interface ItemDetail extends ItemSummary {
  guide: Guide
  questions: Question[]
  materials: Material[]
  /** The form's id, and the form itself when the API embeds it. */
  formId: string
  form: FormDef | null
  onlineHelp: boolean
  version: string
}

export interface ItemPage {
  items: ItemSummary[]
  nextCursor: string | null
  total: number | null
}

export interface BundleSummary {
  code: string
  name: string
  audience: Audience
  industry: string
  events: string[]
  description: string
  items: { code: string; name: string; department: DepartmentRef }[]
  promisedDays: number | null
}

export interface BundleDetail extends BundleSummary {
  questions: Question[]
}

export interface PlannedItem {
  code: string
  name: string
  reason: string
  department: DepartmentRef
}

export interface PlannedMaterial {
  id: string
  name: string
  category: string
  reason: string
  note: string
  /** Required whatever the answers (no situation decided it). */
  always: boolean
  type: string
  count: number
  /** The items that need it. */
  items: string[]
}

export type SituationResult =
  | { done: false; questions: Question[]; items: PlannedItem[]; excluded: PlannedItem[] }
  | {
      done: true
      items: PlannedItem[]
      excluded: PlannedItem[]
      materials: PlannedMaterial[]
      form: FormDef | null
      formId: string
    }

// ---- departments --------------------------------------------------------------------------------

let departmentsPromise: Promise<DepartmentInfo[]> | null = null

/** Departments (cached for the tab; they change with a deployment, not while someone works). */
export function fetchDepartments(): Promise<DepartmentInfo[]> {
  departmentsPromise ??= request<{ items: Raw[] }>('GET', '/api/v1/departments')
    .then((r) => (r.items ?? []).map((d) => ({ id: str(d.id), name: str(d.name), kind: str(d.kind) })))
    .catch((e: unknown) => {
      departmentsPromise = null
      throw e
    })
  return departmentsPromise
}

function department(raw: Raw): DepartmentRef {
  const d = raw.department
  if (isObject(d)) return { id: str(d.id), name: str(d.name) || str(raw.department_name) }
  return { id: str(d) || str(raw.department_id), name: str(raw.department_name) }
}

// ---- items --------------------------------------------------------------------------------------

function audience(v: unknown): Audience {
  return v === 'person' || v === 'enterprise' ? v : 'both'
}

export function normalizeQuestion(raw: unknown): Question {
  const r = isObject(raw) ? raw : {}
  const t = str(r.type)
  const type: Question['type'] =
    t === 'select' || t === 'multi_select' || t === 'number' ? t : 'bool'
  return {
    id: str(r.id),
    text: str(r.text) || str(r.label) || str(r.id),
    help: str(r.help),
    type,
    options: normalizeOptions(r.options),
    decimals: int(r.decimals) ?? 0,
    min: int(r.min) ?? undefined,
    max: int(r.max) ?? undefined,
    decides: strings(r.decides),
  }
}

function normalizeItemSummary(raw: Raw): ItemSummary {
  const limit = isObject(raw.time_limit) ? raw.time_limit : raw
  const guide = isObject(raw.guide) ? raw.guide : {}
  return {
    code: str(raw.code),
    name: str(raw.name),
    aliases: strings(raw.aliases),
    department: department(raw),
    kind: str(raw.kind),
    audience: audience(raw.audience),
    events: strings(raw.events),
    online: raw.online === true || guide.online === true,
    statutoryDays: int(limit.statutory ?? limit.statutory_days),
    promisedDays: int(limit.promised ?? limit.promised_days),
  }
}

function normalizeMaterial(raw: unknown): Material {
  const r = isObject(raw) ? raw : {}
  const cat = r.category
  return {
    id: str(r.id),
    name: str(r.name),
    category: isObject(cat) ? str(cat.id) : str(cat),
    categoryName: isObject(cat) ? str(cat.name) : str(r.category_name),
    type: str(r.type) || 'original',
    count: int(r.count) ?? 1,
    note: str(r.note),
    when: str(r.when) || (isObject(r.when) ? str(r.when.source) : '') || undefined,
    reason: str(r.reason),
  }
}

function formOf(raw: Raw): { formId: string; form: FormDef | null } {
  const f = raw.form
  if (isObject(f)) {
    const form = normalizeForm(f)
    return { formId: form.id, form: form.sections.length ? form : null }
  }
  return { formId: str(f) || str(raw.form_id), form: null }
}

export function normalizeItemDetail(raw: Raw): ItemDetail {
  const g = isObject(raw.guide) ? raw.guide : {}
  const process = Array.isArray(g.process) ? g.process.map(str) : str(g.process) ? [str(g.process)] : []
  return {
    ...normalizeItemSummary(raw),
    guide: {
      conditions: str(g.conditions),
      basis: str(g.basis),
      process,
      fee: str(g.fee),
      location: str(g.location),
      hours: str(g.hours),
      phone: str(g.phone),
      online: g.online === true,
      offline: g.offline !== false,
    },
    questions: Array.isArray(raw.questions) ? raw.questions.map(normalizeQuestion) : [],
    materials: Array.isArray(raw.materials) ? raw.materials.map(normalizeMaterial) : [],
    ...formOf(raw),
    onlineHelp: raw.online_help === true,
    version: str(raw.version),
  }
}

export interface ItemQuery {
  q?: string
  department?: string
  kind?: string
  event?: string
  audience?: string
  cursor?: string
  limit?: number
}

function queryString(params: Record<string, string | number | undefined>): string {
  const usp = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') usp.set(k, String(v))
  const s = usp.toString()
  return s ? `?${s}` : ''
}

export async function fetchItems(query: ItemQuery): Promise<ItemPage> {
  const r = await request<Raw>('GET', `/api/v1/items${queryString({ ...query })}`)
  const items = Array.isArray(r.items) ? r.items.filter(isObject).map(normalizeItemSummary) : []
  const next = r.next_cursor
  return {
    items,
    nextCursor: next === null || next === undefined || next === '' ? null : str(next),
    total: int(r.total),
  }
}

export async function fetchItem(code: string): Promise<ItemDetail> {
  return normalizeItemDetail(await request<Raw>('GET', `/api/v1/items/${encodeURIComponent(code)}`))
}

export async function fetchForm(id: string): Promise<FormDef> {
  return normalizeForm(await request<Raw>('GET', `/api/v1/forms/${encodeURIComponent(id)}`))
}

/** The item's form, from the item when embedded, otherwise from /forms/{id}. */
export async function formOfItem(item: ItemDetail): Promise<FormDef> {
  return item.form ?? fetchForm(item.formId)
}

// ---- bundles ------------------------------------------------------------------------------------

function normalizeBundle(raw: Raw): BundleDetail {
  const items = Array.isArray(raw.items)
    ? raw.items.map((i) => {
        const r: Raw = isObject(i) ? i : { code: i }
        const inner = isObject(r.item) ? r.item : r
        return { code: str(inner.code) || str(r.item), name: str(inner.name) || str(r.name), department: department(inner) }
      })
    : []
  return {
    code: str(raw.code),
    name: str(raw.name),
    audience: audience(raw.audience),
    industry: str(raw.industry),
    events: strings(raw.events),
    description: str(raw.description),
    items,
    promisedDays: int(raw.promised_days) || null,
    questions: Array.isArray(raw.questions) ? raw.questions.map(normalizeQuestion) : [],
  }
}

export async function fetchBundles(params: { audience?: string; q?: string } = {}): Promise<BundleSummary[]> {
  const r = await request<Raw>('GET', `/api/v1/bundles${queryString(params)}`)
  return Array.isArray(r.items) ? r.items.filter(isObject).map(normalizeBundle) : []
}

export async function fetchBundle(code: string): Promise<BundleDetail> {
  return normalizeBundle(await request<Raw>('GET', `/api/v1/bundles/${encodeURIComponent(code)}`))
}

function normalizePlannedMaterial(raw: unknown): PlannedMaterial {
  const r = isObject(raw) ? raw : {}
  const cat = r.category
  return {
    id: str(r.id),
    name: str(r.name),
    category: isObject(cat) ? str(cat.name) || str(cat.id) : str(r.category_name) || str(cat),
    reason: str(r.reason),
    note: str(r.note),
    always: !(Array.isArray(r.basis) && r.basis.length > 0),
    type: str(r.type),
    count: int(r.count) ?? 1,
    items: strings(r.items ?? (r.item ? [r.item] : [])),
  }
}

function plannedItems(v: unknown): PlannedItem[] {
  return Array.isArray(v)
    ? v.filter(isObject).map((i) => ({
        code: str(i.code),
        name: str(i.name),
        reason: str(i.reason),
        department: department(i),
      }))
    : []
}

/** Sends the answers so far: the next questions, or the personalised list once decided. */
async function situations(path: string, answers: Answers): Promise<SituationResult> {
  const r = await request<Raw>('POST', path, { body: { answers } })
  const items = plannedItems(r.items)
  const excluded = plannedItems(r.excluded)
  if (r.done !== true) {
    return {
      done: false,
      questions: Array.isArray(r.questions) ? r.questions.map(normalizeQuestion) : [],
      items,
      excluded,
    }
  }
  return {
    done: true,
    items,
    excluded,
    materials: Array.isArray(r.materials) ? r.materials.map(normalizePlannedMaterial) : [],
    ...formOf(r),
  }
}

export function postSituations(code: string, answers: Answers): Promise<SituationResult> {
  return situations(`/api/v1/bundles/${encodeURIComponent(code)}/situations`, answers)
}

/** An item's own situation questions (情形) and the materials that apply to the answers. */
export function postItemSituations(code: string, answers: Answers): Promise<SituationResult> {
  return situations(`/api/v1/items/${encodeURIComponent(code)}/situations`, answers)
}
