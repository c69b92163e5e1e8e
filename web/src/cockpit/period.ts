// The cockpit's period and filters: presets (本月, 上月, 本季度, 本年) or a custom range of China
// dates, the last twelve months for a trend, and the state kept in the page's URL so that a reload
// or a shared link shows the same numbers.

import type { CockpitFilter } from '@/api/cockpit'

export type PeriodPreset = 'month' | 'last-month' | 'quarter' | 'year' | 'custom'

export const PERIOD_PRESETS: readonly { key: PeriodPreset; label: string }[] = [
  { key: 'month', label: '本月' },
  { key: 'last-month', label: '上月' },
  { key: 'quarter', label: '本季度' },
  { key: 'year', label: '本年' },
  { key: 'custom', label: '自定义' },
]

export interface Period {
  from: string
  to: string
}

const pad = (n: number) => String(n).padStart(2, '0')

/** Whether `s` is a real calendar date written YYYY-MM-DD. */
export function isDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  if (!m) return false
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3])
}

/** Year and month (1–12) of a YYYY-MM-DD or YYYY-MM. */
function yearMonth(s: string): [number, number] {
  return [Number(s.slice(0, 4)), Number(s.slice(5, 7))]
}

/** The month `n` months after year/month (n may be negative) as YYYY-MM. */
export function shiftMonth(ym: string, n: number): string {
  const [y, m] = yearMonth(ym)
  const index = y * 12 + (m - 1) + n
  return `${Math.floor(index / 12)}-${pad((index % 12) + 1)}`
}

function lastDay(ym: string): string {
  const [y, m] = yearMonth(ym)
  return `${ym}-${pad(new Date(Date.UTC(y, m, 0)).getUTCDate())}`
}

/** The dates a preset covers on `today` (YYYY-MM-DD, China); periods end today at the latest. */
export function presetRange(preset: Exclude<PeriodPreset, 'custom'>, today: string): Period {
  const ym = today.slice(0, 7)
  const [y, m] = yearMonth(today)
  switch (preset) {
    case 'month':
      return { from: `${ym}-01`, to: today }
    case 'last-month': {
      const last = shiftMonth(ym, -1)
      return { from: `${last}-01`, to: lastDay(last) }
    }
    case 'quarter':
      return { from: `${y}-${pad(Math.floor((m - 1) / 3) * 3 + 1)}-01`, to: today }
    case 'year':
      return { from: `${y}-01-01`, to: today }
  }
}

/** The months from `from` to `to` (inclusive) as YYYY-MM. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = []
  const last = to.slice(0, 7)
  for (let ym = from.slice(0, 7); ym <= last && out.length < 240; ym = shiftMonth(ym, 1)) out.push(ym)
  return out
}

/** The trend's range: the `months` calendar months ending with the period's last month. */
export function trendRange(to: string, months = 12): Period {
  return { from: `${shiftMonth(to.slice(0, 7), -(months - 1))}-01`, to }
}

/** An axis label: 1月 … 12月, with the year below on the first month and on each January. */
export function monthLabel(ym: string, index: number): string {
  const [y, m] = yearMonth(ym)
  return index === 0 || m === 1 ? `${m}月\n${y}` : `${m}月`
}

/** 2026年1月. */
export function monthTitle(ym: string): string {
  const [y, m] = yearMonth(ym)
  return `${y}年${m}月`
}

/** 2026-11-01 至 2026-11-28, or the one day. */
export const periodText = (p: Period): string => (p.from === p.to ? p.from : `${p.from} 至 ${p.to}`)

// ---- the URL -----------------------------------------------------------------------------------

/** What the cockpit shows: the period and the filters ('' for all). */
export interface CockpitQuery extends Period {
  period: PeriodPreset
  department: string
  item: string
  unit: string
}

const first = (v: unknown): string => (Array.isArray(v) ? first(v[0]) : typeof v === 'string' ? v : '')

/**
 * The state a route's query describes on `today`: `period` (default 本月), `from` and `to` for a
 * custom range (an unreadable or reversed range falls back to 本月), `department`, `item`, `unit`.
 */
export function parseQuery(query: Record<string, unknown>, today: string): CockpitQuery {
  const filters = { department: first(query.department), item: first(query.item), unit: first(query.unit) }
  const preset = first(query.period) as PeriodPreset
  if (preset === 'custom') {
    const from = first(query.from)
    const to = first(query.to)
    if (isDate(from) && isDate(to) && from <= to) return { period: 'custom', from, to, ...filters }
  }
  const known = PERIOD_PRESETS.some((p) => p.key === preset) && preset !== 'custom'
  const period = known ? (preset as Exclude<PeriodPreset, 'custom'>) : 'month'
  return { period, ...presetRange(period, today), ...filters }
}

/** The route query for a state: defaults left out. */
export function toQuery(q: CockpitQuery): Record<string, string> {
  const out: Record<string, string> = {}
  if (q.period !== 'month') out.period = q.period
  if (q.period === 'custom') {
    out.from = q.from
    out.to = q.to
  }
  if (q.department) out.department = q.department
  if (q.item) out.item = q.item
  if (q.unit) out.unit = q.unit
  return out
}

/** The API's filter for a state. */
export function filterOf(q: CockpitQuery): CockpitFilter {
  return { from: q.from, to: q.to, department: q.department, item: q.item, unit: q.unit }
}
