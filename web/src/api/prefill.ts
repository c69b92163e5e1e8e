// Prefill (智能预填) from authoritative sources (数源): which fields of a form the sources filled,
// with each value's provenance (source, field, owning department, when it last changed, whether
// the owner verifies it) and whether it is locked. Shapes follow docs/prefill.md.

import { request } from './http'

type Raw = Record<string, unknown>
const isObject = (v: unknown): v is Raw => v !== null && typeof v === 'object' && !Array.isArray(v)
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '')
const count = (v: unknown): number => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : 0
}

export interface Provenance {
  /** Source id, e.g. enterprise_registry. */
  source: string
  /** 法人库, 人口库, 电子证照库… */
  sourceName: string
  /** The source field read, e.g. name. */
  field: string
  /** Its label in the source, e.g. 企业名称. */
  label: string
  /** The owning department's id. */
  department: string
  /** When the source last changed the record (RFC 3339), ''. */
  updatedAt: string
  /** When it was fetched for this form (RFC 3339), ''. */
  fetchedAt: string
  /** Whether the owner verifies the field (annual-report data is declared, not verified). */
  verified: boolean
}

export interface PrefillField {
  key: string
  label: string
  value: unknown
  prefilled: boolean
  /** From verified fields only: read-only in the form, refused by the server if changed. */
  locked: boolean
  /** Why it could not be filled (a source that is down…), ''. */
  note: string
  from: Provenance[]
}

export interface Prefill {
  item: string
  form: string
  /** Data fields the applicant sees whatever the answers. */
  shown: number
  /** Of those, how many the sources filled. */
  prefilled: number
  /** prefilled / shown, 0..1. */
  ratio: number
  /** Notes for the whole form (「「社保」暂时无法访问，相关内容请手工填写」). */
  notes: string[]
  fields: PrefillField[]
}

export function normalizeProvenance(raw: unknown): Provenance {
  const r = isObject(raw) ? raw : {}
  return {
    source: str(r.source),
    sourceName: str(r.source_name) || str(r.source),
    field: str(r.field),
    label: str(r.label) || str(r.field),
    department: str(r.department),
    updatedAt: str(r.updated_at),
    fetchedAt: str(r.fetched_at),
    verified: r.verified === true,
  }
}

export function normalizePrefillField(raw: unknown): PrefillField {
  const r = isObject(raw) ? raw : {}
  const from = Array.isArray(r.from) ? r.from.filter(isObject).map(normalizeProvenance) : []
  const prefilled = r.prefilled === true
  return {
    key: str(r.key),
    label: str(r.label),
    value: r.value ?? null,
    prefilled,
    // A value that is not there cannot be locked.
    locked: prefilled && r.locked === true,
    note: str(r.note),
    from,
  }
}

/** The prefill object of an application or of GET /api/v1/prefill; null when there is none. */
export function normalizePrefill(raw: unknown): Prefill | null {
  if (!isObject(raw)) return null
  const fields = Array.isArray(raw.fields) ? raw.fields.filter(isObject).map(normalizePrefillField).filter((f) => f.key) : []
  const shown = count(raw.shown)
  const prefilled = Math.min(count(raw.prefilled), shown || Infinity)
  const given = typeof raw.ratio === 'number' && Number.isFinite(raw.ratio) ? raw.ratio : NaN
  const ratio = Number.isNaN(given) ? (shown ? prefilled / shown : 0) : Math.min(1, Math.max(0, given))
  return {
    item: str(raw.item),
    form: str(raw.form),
    shown,
    prefilled,
    ratio,
    notes: Array.isArray(raw.notes) ? raw.notes.map(str).filter(Boolean) : [],
    fields,
  }
}

/** The prefill of each field by key (what FormView shows next to each field). */
export function prefillByKey(p: Prefill | null | undefined): Record<string, PrefillField> {
  const out: Record<string, PrefillField> = {}
  for (const f of p?.fields ?? []) out[f.key] = f
  return out
}

/** Keys of the locked fields. */
export function lockedKeys(p: Prefill | null | undefined): Set<string> {
  return new Set((p?.fields ?? []).filter((f) => f.locked).map((f) => f.key))
}

/** "81%": the ratio as a whole percentage, rounded down so 79.9% never shows as 80%. */
export function ratioPercent(ratio: number): string {
  return `${Math.floor(Math.max(0, Math.min(1, ratio)) * 100 + 1e-9)}%`
}

/** 「已为您从权威数源预填 13/16 项（81%）」. */
export function prefillSummary(p: Pick<Prefill, 'shown' | 'prefilled' | 'ratio'>): string {
  if (p.shown === 0) return ''
  if (p.prefilled === 0) return '暂未能从权威数源预填，请手工填写'
  return `已为您从权威数源预填 ${p.prefilled}/${p.shown} 项（${ratioPercent(p.ratio)}）`
}

/** The sources a field's value came from, each once: 「法人库」, 「法人库、不动产」. */
export function sourceNames(f: Pick<PrefillField, 'from'>): string {
  return [...new Set(f.from.map((p) => p.sourceName).filter(Boolean))].join('、')
}

/** What the applicant can see for the form of an item now, without creating anything. */
export async function fetchPrefill(item: string): Promise<Prefill | null> {
  return normalizePrefill(await request<unknown>('GET', `/api/v1/prefill?item=${encodeURIComponent(item)}`))
}
