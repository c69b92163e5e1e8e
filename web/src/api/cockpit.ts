// 驾驶舱: the indicators of the topic database (docs/metrics.md), one indicator broken down by
// department, item, street/town or month, and the facts behind a number. Shapes as
// src/analytics/routes.cpp answers them, normalised into camelCase.

import { request } from './http'

type Raw = Record<string, unknown>
const isObject = (v: unknown): v is Raw => v !== null && typeof v === 'object' && !Array.isArray(v)
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '')
const finite = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)
const list = (v: unknown): Raw[] => (Array.isArray(v) ? v.filter(isObject) : [])

export const INDICATOR_UNITS = ['ratio', 'minutes', 'seconds', 'count'] as const
export type IndicatorUnit = (typeof INDICATOR_UNITS)[number]

/** How the value must compare with the target; '' when the indicator has none. */
export const COMPARISONS = ['>', '>=', '<', '<='] as const
export type Comparison = (typeof COMPARISONS)[number] | ''

/** The fact table an indicator is drawn from. */
export type IndicatorSource = 'applications' | 'help' | 'ratings' | 'reports' | ''

export type GroupBy = 'department' | 'item' | 'unit' | 'month'

export interface IndicatorValue {
  key: string
  name: string
  unit: IndicatorUnit
  /** null: nothing to count in the period (暂无数据), never 0. */
  value: number | null
  numerator: number
  denominator: number
  target: number | null
  comparison: Comparison
  /** null without a value or without a target. */
  met: boolean | null
  definition: string
  source: IndicatorSource
  /** Why a value is not available, when the server says. */
  note: string
}

export interface CockpitFilter {
  /** Inclusive China dates (YYYY-MM-DD); the server defaults to this month so far. */
  from?: string
  to?: string
  department?: string
  item?: string
  /** 帮办 indicators only: the helper's street/town (or department). */
  unit?: string
}

export interface IndicatorSet {
  from: string
  to: string
  department: string
  item: string
  unit: string
  items: IndicatorValue[]
}

export interface BreakdownGroup extends IndicatorValue {
  /** A department id, item code, unit code or YYYY-MM. */
  group: string
}

export interface Breakdown {
  from: string
  to: string
  key: string
  by: GroupBy
  /** By month: in month order; otherwise largest denominator first. Empty groups are left out. */
  groups: BreakdownGroup[]
}

export interface DrillRow {
  /** The fact's id: an application, help conversation, rating or 办不成事 report. */
  id: number
  department: string
  item: string
  /** The date the indicator counts (submission, decision, creation). */
  date: string
  /** The application's status, the conversation's state, the rating's task state or the report's status. */
  status: string
  inNumerator: boolean
}

export interface DrillRows {
  from: string
  to: string
  key: string
  /** Newest first. */
  rows: DrillRow[]
}

/** The event the server sends analysts and admin when the facts changed. */
export const COCKPIT_UPDATED = 'cockpit.updated'

const oneOf = <T extends string>(values: readonly T[], v: unknown, fallback: T): T =>
  (values as readonly unknown[]).includes(v) ? (v as T) : fallback

const SOURCES: readonly IndicatorSource[] = ['applications', 'help', 'ratings', 'reports']

export function normalizeValue(raw: unknown): IndicatorValue {
  const r = isObject(raw) ? raw : {}
  const value = finite(r.value)
  const target = finite(r.target)
  return {
    key: str(r.key),
    name: str(r.name),
    unit: oneOf(INDICATOR_UNITS, r.unit, 'count'),
    value,
    numerator: finite(r.numerator) ?? 0,
    denominator: finite(r.denominator) ?? 0,
    target,
    comparison: target === null ? '' : oneOf<Comparison>(COMPARISONS, r.comparison, ''),
    met: value === null || target === null || typeof r.met !== 'boolean' ? null : r.met,
    definition: str(r.definition),
    source: oneOf(SOURCES, r.source, ''),
    note: str(r.note),
  }
}

export function normalizeIndicators(raw: unknown): IndicatorSet {
  const r = isObject(raw) ? raw : {}
  return {
    from: str(r.from),
    to: str(r.to),
    department: str(r.department),
    item: str(r.item),
    unit: str(r.unit),
    items: list(r.items).map(normalizeValue).filter((v) => v.key !== ''),
  }
}

export function normalizeBreakdown(raw: unknown, by: GroupBy): Breakdown {
  const r = isObject(raw) ? raw : {}
  return {
    from: str(r.from),
    to: str(r.to),
    key: str(r.key),
    by,
    groups: list(r.groups).map((g) => ({ ...normalizeValue(g), group: str(g.group) })),
  }
}

export function normalizeRows(raw: unknown): DrillRows {
  const r = isObject(raw) ? raw : {}
  return {
    from: str(r.from),
    to: str(r.to),
    key: str(r.key),
    rows: list(r.rows)
      .map((x) => ({
        id: typeof x.id === 'number' && Number.isSafeInteger(x.id) ? x.id : 0,
        department: str(x.department),
        item: str(x.item),
        date: str(x.date),
        status: str(x.status),
        inNumerator: x.in_numerator === true,
      }))
      .filter((x) => x.id > 0),
  }
}

function query(params: Record<string, string | undefined>): string {
  const usp = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v) usp.set(k, v)
  const s = usp.toString()
  return s ? `?${s}` : ''
}

const filterParams = (f: CockpitFilter) => ({ from: f.from, to: f.to, department: f.department, item: f.item, unit: f.unit })

export const indicatorsPath = (f: CockpitFilter = {}): string => `/api/v1/cockpit/indicators${query(filterParams(f))}`

export const breakdownPath = (key: string, by: GroupBy, f: CockpitFilter = {}): string =>
  `/api/v1/cockpit/indicators/${encodeURIComponent(key)}/breakdown${query({ by, ...filterParams(f) })}`

export const rowsPath = (key: string, f: CockpitFilter = {}): string =>
  `/api/v1/cockpit/indicators/${encodeURIComponent(key)}/rows${query(filterParams(f))}`

export async function fetchIndicators(f: CockpitFilter = {}): Promise<IndicatorSet> {
  return normalizeIndicators(await request<unknown>('GET', indicatorsPath(f)))
}

export async function fetchBreakdown(key: string, by: GroupBy, f: CockpitFilter = {}): Promise<Breakdown> {
  return normalizeBreakdown(await request<unknown>('GET', breakdownPath(key, by, f)), by)
}

export async function fetchRows(key: string, f: CockpitFilter = {}): Promise<DrillRows> {
  return normalizeRows(await request<unknown>('GET', rowsPath(key, f)))
}
