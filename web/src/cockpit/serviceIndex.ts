// 政务服务指数 for the page, by pure functions: the ranking with the change against the previous
// period and a bar per dimension, a department's dimensions with their weights, its contributions
// by how much they moved, the sentence saying what moved it, and the monthly trend as an ECharts
// option. Scores are 0–100 (docs/metrics.md, "Service index"); a score the server leaves null
// means nothing was counted: 暂无数据, never 0.

import type { DepartmentIndex, IndexDimension, IndexTrend, IndicatorUnit, ServiceIndex } from '@/api/cockpit'

import { COLORS, type ChartResult, type CockpitChartOption } from './charts'
import { formatValue, NO_DATA } from './format'
import { monthLabel, monthTitle } from './period'

/** Changes smaller than this (in points) read as 持平: the scores are shown with one decimal. */
const FLAT = 0.05

/** 87.6, or 暂无数据. */
export const scoreText = (s: number | null): string => (s === null ? NO_DATA : s.toFixed(1))

/** +2.3, −1.0 (a real minus sign), 0.0. */
export function signedText(n: number): string {
  const r = Math.round(n * 10) / 10
  if (Math.abs(r) < FLAT) return '0.0'
  return r > 0 ? `+${r.toFixed(1)}` : `−${Math.abs(r).toFixed(1)}`
}

/** A share (0–1) as a percentage: 30%, 12.5%. */
export const weightText = (w: number): string => `${Math.round(w * 1000) / 10}%`

export type Direction = 'up' | 'down' | 'flat' | 'none'

export interface Change {
  /** score − previous; null when either is missing. */
  delta: number | null
  direction: Direction
  /** ↑ 2.3, ↓ 1.0, 持平, 上期无数据, or '' without a score. */
  text: string
}

/** The change of a score against the previous period's. */
export function changeOf(score: number | null, previous: number | null): Change {
  if (score === null) return { delta: null, direction: 'none', text: '' }
  if (previous === null) return { delta: null, direction: 'none', text: '上期无数据' }
  const delta = score - previous
  if (Math.abs(delta) < FLAT) return { delta, direction: 'flat', text: '持平' }
  return { delta, direction: delta > 0 ? 'up' : 'down', text: `${delta > 0 ? '↑' : '↓'} ${Math.abs(delta).toFixed(1)}` }
}

export interface DimensionScore {
  id: string
  name: string
  about: string
  /** The dimension's share of the index (0–1) as defined. */
  weight: number
  score: number | null
  scoreText: string
  /** The bar's length in percent (0 without a score). */
  width: number
}

/** The department's score in each dimension, in the definition's order. */
export function dimensionScores(item: Pick<DepartmentIndex, 'dimensions'>, dims: readonly IndexDimension[]): DimensionScore[] {
  return dims.map((d) => {
    const score = item.dimensions[d.id] ?? null
    return {
      id: d.id,
      name: d.name,
      about: d.about,
      weight: d.weight,
      score,
      scoreText: scoreText(score),
      width: score === null ? 0 : Math.max(0, Math.min(100, score)),
    }
  })
}

export interface RankingRow {
  department: string
  name: string
  /** 1 = best; 0 without a score. */
  rank: number
  score: number | null
  scoreText: string
  change: Change
  dimensions: DimensionScore[]
}

/** Ranked departments first (best first), then those with nothing to count, by name. */
export function rankingRows(index: Pick<ServiceIndex, 'items' | 'dimensions'>, nameOf: (department: string) => string): RankingRow[] {
  const rows = index.items.map((i) => ({
    department: i.department,
    name: nameOf(i.department) || i.department,
    rank: i.score === null ? 0 : i.rank,
    score: i.score,
    scoreText: scoreText(i.score),
    change: changeOf(i.score, i.previous),
    dimensions: dimensionScores(i, index.dimensions),
  }))
  const key = (r: RankingRow) => (r.rank > 0 ? r.rank : Number.MAX_SAFE_INTEGER)
  return rows.sort((a, b) => key(a) - key(b) || (b.score ?? -1) - (a.score ?? -1) || a.name.localeCompare(b.name, 'zh-CN'))
}

/** The unit of an index indicator's value, from its key (the index carries no units). */
export function indexIndicatorUnit(key: string): IndicatorUnit {
  if (key.endsWith('_minutes')) return 'minutes'
  if (key.endsWith('_seconds')) return 'seconds'
  return 'ratio'
}

export interface ContributionRow {
  key: string
  name: string
  dimension: string
  /** The indicator's value in its unit, or 暂无数据. */
  valueText: string
  /** Its score 0–100, or 暂无数据. */
  scoreText: string
  weight: number
  weightText: string
  points: number
  pointsText: string
  delta: number
  /** +1.8, or — when there is no previous period to compare with. */
  deltaText: string
  direction: Direction
}

/** The contributions, the largest change first (then the largest contribution). */
export function contributionRows(item: Pick<DepartmentIndex, 'contributions' | 'previous'>, dims: readonly IndexDimension[]): ContributionRow[] {
  const dimName = new Map(dims.map((d) => [d.id, d.name]))
  const comparable = item.previous !== null
  return [...item.contributions]
    .sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta) || b.points - a.points || a.key.localeCompare(b.key))
    .map((c) => {
      const flat = Math.abs(c.delta) < FLAT
      return {
        key: c.key,
        name: c.name || c.key,
        dimension: dimName.get(c.dimension) ?? c.dimension,
        valueText: formatValue(c.value, { key: c.key, unit: indexIndicatorUnit(c.key) }),
        scoreText: scoreText(c.score),
        weight: c.weight,
        weightText: weightText(c.weight),
        points: c.points,
        pointsText: c.points.toFixed(1),
        delta: c.delta,
        deltaText: comparable ? signedText(c.delta) : '—',
        direction: !comparable ? 'none' : flat ? 'flat' : c.delta > 0 ? 'up' : 'down',
      }
    })
}

/**
 * What moved the score, in a sentence: 较上期 +2.3 分，主要来自 按时办结率（+1.8 分）、网上办理率
 * （+0.6 分）. The drivers are the contributions that moved the same way as the score, largest first.
 */
export function movementText(item: Pick<DepartmentIndex, 'score' | 'previous' | 'contributions'>): string {
  if (item.score === null) return '本期没有可计算指数的数据'
  if (item.previous === null) return '上期没有可比较的数据'
  const delta = item.score - item.previous
  if (Math.abs(delta) < FLAT) return '与上期持平'
  const drivers = item.contributions
    .filter((c) => Math.abs(c.delta) >= FLAT && Math.sign(c.delta) === Math.sign(delta))
    .sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta))
    .slice(0, 2)
    .map((c) => `${c.name || c.key}（${signedText(c.delta)} 分）`)
  const head = `较上期 ${signedText(delta)} 分`
  return drivers.length ? `${head}，主要来自 ${drivers.join('、')}` : head
}

/** The department's index by month: gaps where nothing was counted, 0–100. */
export function indexTrendOption(trend: Pick<IndexTrend, 'points'>, { compact = false }: { compact?: boolean } = {}): ChartResult {
  const points = trend.points
  const values = points.flatMap((p) => (p.score === null ? [] : [p.score]))
  const min = values.length ? Math.min(...values) : 0
  const option: CockpitChartOption = {
    animationDuration: 400,
    grid: { left: 8, right: 24, top: 28, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      formatter: (params: unknown) => {
        const p = (Array.isArray(params) ? params[0] : params) as { dataIndex?: number } | undefined
        const point = points[p?.dataIndex ?? -1]
        if (!point) return ''
        return `<strong>${monthTitle(point.month)}</strong><br/>${point.score === null ? NO_DATA : `指数 ${scoreText(point.score)} 分`}`
      },
    },
    xAxis: {
      type: 'category',
      data: points.map((p, i) => monthLabel(p.month, i)),
      boundaryGap: false,
      axisLabel: { color: COLORS.axis, interval: compact ? 1 : 0, fontSize: 11, lineHeight: 14 },
      axisTick: { alignWithLabel: true },
    },
    yAxis: {
      type: 'value',
      // High scores would lie flat on an axis from 0: start below the lowest, in tens.
      min: min >= 50 ? Math.floor((min - 10) / 10) * 10 : 0,
      max: 100,
      name: '分',
      nameTextStyle: { color: COLORS.axis },
      axisLabel: { color: COLORS.axis },
      splitLine: { lineStyle: { color: COLORS.split } },
    },
    series: [
      {
        type: 'line',
        name: '政务服务指数',
        connectNulls: false,
        symbol: 'circle',
        symbolSize: 8,
        lineStyle: { width: 3, color: COLORS.none },
        itemStyle: { color: COLORS.none },
        data: points.map((p) => (p.score === null ? '-' : Math.round(p.score * 10) / 10)),
      },
    ],
  }
  return { empty: values.length === 0, option }
}
