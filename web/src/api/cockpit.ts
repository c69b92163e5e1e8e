// 驾驶舱: the indicators of the topic database (docs/metrics.md), one indicator broken down by
// department, item, street/town or month, the facts behind a number, and 政务服务指数 (the service
// index: departments scored and ranked, with what moved each score). Shapes as
// src/analytics/routes.cpp answers them, normalised into camelCase.

import { request } from './http'

type Raw = Record<string, unknown>
const isObject = (v: unknown): v is Raw => v !== null && typeof v === 'object' && !Array.isArray(v)
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '')
const finite = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)
const list = (v: unknown): Raw[] => (Array.isArray(v) ? v.filter(isObject) : [])

export const INDICATOR_UNITS = ['ratio', 'minutes', 'seconds', 'count', 'yuan'] as const
export type IndicatorUnit = (typeof INDICATOR_UNITS)[number]

/** How the value must compare with the target; '' when the indicator has none. */
export const COMPARISONS = ['>', '>=', '<', '<='] as const
export type Comparison = (typeof COMPARISONS)[number] | ''

/** The fact table an indicator is drawn from. */
export type IndicatorSource = 'applications' | 'help' | 'ratings' | 'reports' | 'knowledge' | 'policies' | 'reviews' | ''

export type GroupBy = 'department' | 'item' | 'unit' | 'month'

/** One share of a distribution, e.g. the ratings of one level: {key: '5', label: '非常满意', value: 12}. */
export interface IndicatorPart {
  key: string
  label: string
  value: number
}

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
  /** The value's distribution (好差评 by level); empty for most indicators. */
  parts: IndicatorPart[]
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

const SOURCES: readonly IndicatorSource[] = ['applications', 'help', 'ratings', 'reports', 'knowledge', 'policies', 'reviews']

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
    parts: list(r.parts)
      .map((p) => ({ key: str(p.key), label: str(p.label), value: finite(p.value) ?? 0 }))
      .filter((p) => p.key !== ''),
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

export const rowsPath = (key: string, f: CockpitFilter = {}, format?: 'csv'): string =>
  `/api/v1/cockpit/indicators/${encodeURIComponent(key)}/rows${query({ ...filterParams(f), format })}`

export async function fetchIndicators(f: CockpitFilter = {}): Promise<IndicatorSet> {
  return normalizeIndicators(await request<unknown>('GET', indicatorsPath(f)))
}

export async function fetchBreakdown(key: string, by: GroupBy, f: CockpitFilter = {}): Promise<Breakdown> {
  return normalizeBreakdown(await request<unknown>('GET', breakdownPath(key, by, f)), by)
}

export async function fetchRows(key: string, f: CockpitFilter = {}): Promise<DrillRows> {
  return normalizeRows(await request<unknown>('GET', rowsPath(key, f)))
}

// ---- 政务服务指数 ------------------------------------------------------------------------------

export interface IndexDimension {
  id: string
  name: string
  /** What the dimension covers, e.g. 结果指标·后台. */
  about: string
  /** Share of the index (0–1). */
  weight: number
  indicators: { key: string; weight: number }[]
}

export interface IndexContribution {
  key: string
  name: string
  /** The dimension's id. */
  dimension: string
  /** The indicator's value in its unit; null when nothing was counted. */
  value: number | null
  /** 0–100 against the target; null when nothing was counted. */
  score: number | null
  /** Effective weight in the index (0–1) after leaving out what had no data. */
  weight: number
  /** weight × score: the contributions add up to the index. */
  points: number
  /** points − the previous period's points. */
  delta: number
}

export interface DepartmentIndex {
  department: string
  /** 0–100; null: nothing to count for the department in the period. */
  score: number | null
  /** The previous period's (same length) score. */
  previous: number | null
  /** 1 = best; 0 without a score. */
  rank: number
  /** Dimension id → 0–100 (null: left out, nothing to count). */
  dimensions: Record<string, number | null>
  /** Biggest |delta| first. */
  contributions: IndexContribution[]
}

export interface ServiceIndex {
  name: string
  version: string
  from: string
  to: string
  dimensions: IndexDimension[]
  /** Best first; departments without a score last. */
  items: DepartmentIndex[]
}

export interface IndexTrend {
  department: string
  /** Month order, YYYY-MM. */
  points: { month: string; score: number | null }[]
}

export function normalizeServiceIndex(raw: unknown): ServiceIndex {
  const r = isObject(raw) ? raw : {}
  return {
    name: str(r.name),
    version: str(r.version),
    from: str(r.from),
    to: str(r.to),
    dimensions: list(r.dimensions)
      .map((d) => ({
        id: str(d.id),
        name: str(d.name),
        about: str(d.about),
        weight: finite(d.weight) ?? 0,
        indicators: list(d.indicators).map((i) => ({ key: str(i.key), weight: finite(i.weight) ?? 0 })).filter((i) => i.key !== ''),
      }))
      .filter((d) => d.id !== ''),
    items: list(r.items)
      .map((i) => {
        const dims = isObject(i.dimensions) ? i.dimensions : {}
        return {
          department: str(i.department),
          score: finite(i.score),
          previous: finite(i.previous),
          rank: typeof i.rank === 'number' && Number.isSafeInteger(i.rank) && i.rank > 0 ? i.rank : 0,
          dimensions: Object.fromEntries(Object.entries(dims).map(([k, v]) => [k, finite(v)])),
          contributions: list(i.contributions)
            .map((c) => ({
              key: str(c.key),
              name: str(c.name),
              dimension: str(c.dimension),
              value: finite(c.value),
              score: finite(c.score),
              weight: finite(c.weight) ?? 0,
              points: finite(c.points) ?? 0,
              delta: finite(c.delta) ?? 0,
            }))
            .filter((c) => c.key !== ''),
        }
      })
      .filter((i) => i.department !== ''),
  }
}

export function normalizeIndexTrend(raw: unknown): IndexTrend {
  const r = isObject(raw) ? raw : {}
  return {
    department: str(r.department),
    points: list(r.points)
      .map((p) => ({ month: str(p.month), score: finite(p.score) }))
      .filter((p) => /^\d{4}-\d{2}$/.test(p.month)),
  }
}

export const serviceIndexPath = (f: Pick<CockpitFilter, 'from' | 'to'> = {}): string =>
  `/api/v1/cockpit/service-index${query({ from: f.from, to: f.to })}`

export const indexTrendPath = (department: string, to?: string, months = 12): string =>
  `/api/v1/cockpit/service-index/${encodeURIComponent(department)}/trend${query({ to, months: String(months) })}`

export async function fetchServiceIndex(f: Pick<CockpitFilter, 'from' | 'to'> = {}): Promise<ServiceIndex> {
  return normalizeServiceIndex(await request<unknown>('GET', serviceIndexPath(f)))
}

export async function fetchIndexTrend(department: string, to?: string, months = 12): Promise<IndexTrend> {
  return normalizeIndexTrend(await request<unknown>('GET', indexTrendPath(department, to, months)))
}
