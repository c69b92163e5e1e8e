// ECharts options for the cockpit, built from the API's numbers by pure functions: the monthly
// trend with its target line, groups (departments, streets/towns) as sorted bars with the target,
// a gauge per programme target, the table of items, and a distribution (好差评 by level). Missing months stay gaps and groups with
// nothing counted are left out: the charts never draw a 0 that was not measured.

import type { BarSeriesOption, GaugeSeriesOption, LineSeriesOption } from 'echarts/charts'
import type { GridComponentOption, MarkLineComponentOption, TooltipComponentOption } from 'echarts/components'
import type { ComposeOption } from 'echarts/core'

import type { BreakdownGroup, IndicatorPart, IndicatorValue } from '@/api/cockpit'

import {
  displayNumber,
  formatNumber,
  formatValue,
  higherIsBetter,
  MET_LABELS,
  metState,
  NO_DATA,
  numeratorText,
  targetText,
  unitSuffix,
  type MetState,
} from './format'
import { monthLabel, monthTitle } from './period'

export type CockpitChartOption = ComposeOption<
  LineSeriesOption | BarSeriesOption | GaugeSeriesOption | GridComponentOption | TooltipComponentOption | MarkLineComponentOption
>

/** Colours: met green, missed red, no target blue, the target line amber. */
export const COLORS = {
  met: '#1f9d55',
  missed: '#d9363e',
  none: '#2f6fde',
  empty: '#dcdfe6',
  target: '#e6a23c',
  axis: '#8f959e',
  split: '#ebeef5',
} as const

export const stateColor = (s: MetState): string => COLORS[s]

/** What a chart needs to know about its indicator. */
export type IndicatorMeta = Pick<IndicatorValue, 'key' | 'name' | 'unit' | 'target' | 'comparison' | 'source'>

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c)

/** 1, 2 or 5 times a power of ten, at least `n` (for axis maxima). */
export function niceCeil(n: number): number {
  if (!(n > 0)) return 1
  const p = 10 ** Math.floor(Math.log10(n))
  for (const f of [1, 2, 2.5, 5, 10]) if (f * p >= n - 1e-9) return f * p
  return 10 * p
}

/** The value axis's top: 100 for percentages; otherwise room above the largest value and the target. */
export function axisMax(meta: IndicatorMeta, values: readonly number[]): number {
  if (meta.unit === 'ratio') return 100
  const target = meta.target === null ? 0 : displayNumber(meta.target, meta.unit)
  return niceCeil(Math.max(...values, target) * 1.15)
}

/**
 * The trend's lowest value: 0, except for percentages that all lie high (80–95%), where starting
 * the axis at 0 would flatten the line; then 10 to 20 points below the lowest value or target.
 */
export function trendMin(meta: IndicatorMeta, values: readonly number[]): number {
  if (meta.unit !== 'ratio' || values.length === 0) return 0
  const target = meta.target === null ? 100 : displayNumber(meta.target, meta.unit)
  const min = Math.floor((Math.min(...values, target) - 10) / 10) * 10
  return min < 40 ? 0 : min
}

/** Axis labels: 90%, 20, 60. */
const axisLabel = (meta: IndicatorMeta) => (meta.unit === 'ratio' ? '{value}%' : '{value}')

/** The unit named on a value axis. */
const axisName = (meta: IndicatorMeta): string => (meta.unit === 'ratio' ? '' : meta.unit === 'yuan' ? '万元' : unitSuffix(meta))

/** The dashed target line: horizontal (`yAxis`) on a trend, vertical (`xAxis`) on bars. */
function targetLine(meta: IndicatorMeta, axis: 'xAxis' | 'yAxis'): MarkLineComponentOption | undefined {
  if (meta.target === null || meta.comparison === '') return undefined
  return {
    silent: true,
    symbol: 'none',
    lineStyle: { type: 'dashed', color: COLORS.target, width: 2 },
    // Bars run top-down (an inverted category axis): the vertical line's start is at the top.
    label: { formatter: targetText(meta), color: '#b46d00', position: axis === 'yAxis' ? 'insideEndTop' : 'start', fontSize: 12 },
    data: [axis === 'yAxis' ? { yAxis: displayNumber(meta.target, meta.unit) } : { xAxis: displayNumber(meta.target, meta.unit) }],
  }
}

/** The tooltip of one group or month: its value, what it is made of and whether it is met. */
export function groupTooltip(title: string, g: IndicatorValue): string {
  const state = metState(g)
  const verdict = state === 'met' || state === 'missed' ? ` · <span style="color:${stateColor(state)}">${MET_LABELS[state]}</span>` : ''
  const lines = [`<strong>${escapeHtml(title)}</strong>`, `${escapeHtml(g.name)}：${escapeHtml(formatValue(g.value, g))}${verdict}`]
  if (g.value !== null) lines.push(escapeHtml(numeratorText(g)))
  return lines.join('<br/>')
}

// ---- the trend ---------------------------------------------------------------------------------

export interface ChartResult {
  /** Nothing was counted: show an empty state instead of an empty chart. */
  empty: boolean
  option: CockpitChartOption
}

/**
 * The monthly trend over `months` (YYYY-MM, in order): months without a group are gaps, points
 * green or red against the target, the target as a dashed line. `compact` (a phone) labels every
 * other month.
 */
export function trendOption(
  meta: IndicatorMeta,
  groups: readonly BreakdownGroup[],
  months: readonly string[],
  { compact = false }: { compact?: boolean } = {},
): ChartResult {
  const byMonth = new Map(groups.filter((g) => g.value !== null).map((g) => [g.group, g]))
  const points = months.map((m) => byMonth.get(m) ?? null)
  const values = points.flatMap((g) => (g && g.value !== null ? [displayNumber(g.value, meta.unit)] : []))
  const labels = months.map(monthLabel)
  const titles = months.map(monthTitle)
  const option: CockpitChartOption = {
    animationDuration: 400,
    grid: { left: 8, right: 28, top: 36, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      formatter: (params: unknown) => {
        const p = (Array.isArray(params) ? params[0] : params) as { dataIndex?: number } | undefined
        const i = p?.dataIndex ?? -1
        const g = points[i]
        return g ? groupTooltip(titles[i] ?? '', g) : `<strong>${escapeHtml(titles[i] ?? '')}</strong><br/>${NO_DATA}`
      },
    },
    xAxis: {
      type: 'category',
      data: labels,
      boundaryGap: false,
      axisLabel: { color: COLORS.axis, interval: compact ? 1 : 0, fontSize: 11, lineHeight: 14 },
      axisTick: { alignWithLabel: true },
    },
    yAxis: {
      type: 'value',
      min: trendMin(meta, values),
      max: axisMax(meta, values),
      name: axisName(meta),
      nameTextStyle: { color: COLORS.axis },
      axisLabel: { formatter: axisLabel(meta), color: COLORS.axis },
      splitLine: { lineStyle: { color: COLORS.split } },
    },
    series: [
      {
        type: 'line',
        name: meta.name,
        connectNulls: false,
        symbol: 'circle',
        symbolSize: 8,
        lineStyle: { width: 3, color: COLORS.none },
        itemStyle: { color: COLORS.none },
        data: points.map((g) =>
          g && g.value !== null
            ? { value: displayNumber(g.value, meta.unit), itemStyle: { color: stateColor(metState(g)) } }
            : '-',
        ),
        markLine: targetLine(meta, 'yAxis'),
      },
    ],
  }
  return { empty: values.length === 0, option }
}

// ---- groups as bars ----------------------------------------------------------------------------

/**
 * Worst first: against a target, the furthest below it (or above it, when smaller is better);
 * without one, the largest first. Ties: the larger denominator first. Groups without a value are left out.
 */
export function sortWorstFirst<T extends Pick<IndicatorValue, 'value' | 'denominator' | 'comparison'> & { group?: string }>(
  groups: readonly T[],
): T[] {
  const higher = higherIsBetter(groups[0]?.comparison ?? '')
  const withValue = groups.filter((g) => g.value !== null)
  return withValue.sort((a, b) => {
    const d = higher === true ? a.value! - b.value! : b.value! - a.value!
    if (d !== 0) return d
    if (a.denominator !== b.denominator) return b.denominator - a.denominator
    return (a.group ?? '').localeCompare(b.group ?? '')
  })
}

export interface BarsResult extends ChartResult {
  /** The groups in the order of the bars (top first), to map a click back to its group. */
  keys: string[]
  /** Groups that miss the target. */
  missed: number
  /** Pixels the chart needs for its bars. */
  height: number
}

/** Groups (departments, streets/towns) as horizontal bars, worst at the top, with the target line. */
export function barsOption(meta: IndicatorMeta, groups: readonly BreakdownGroup[], nameOf: (group: string) => string): BarsResult {
  const sorted = sortWorstFirst(groups.map((g) => ({ ...g, comparison: meta.comparison })))
  const names = sorted.map((g) => nameOf(g.group) || '（未填写）')
  const values = sorted.map((g) => displayNumber(g.value!, meta.unit))
  const option: CockpitChartOption = {
    animationDuration: 400,
    grid: { left: 8, right: 56, top: meta.target === null ? 8 : 28, bottom: 4, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const i = (p as { dataIndex?: number }).dataIndex ?? -1
        const g = sorted[i]
        return g ? groupTooltip(names[i] ?? '', g) : ''
      },
    },
    xAxis: {
      type: 'value',
      min: 0,
      max: axisMax(meta, values),
      axisLabel: { formatter: axisLabel(meta), color: COLORS.axis },
      splitLine: { lineStyle: { color: COLORS.split } },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: names,
      axisTick: { show: false },
      axisLabel: { color: '#1f2329', width: 112, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        name: meta.name,
        barMaxWidth: 18,
        data: sorted.map((g, i) => ({ value: values[i]!, itemStyle: { color: stateColor(metState(g)), borderRadius: [0, 3, 3, 0] } })),
        label: {
          show: true,
          position: 'right',
          color: '#1f2329',
          formatter: (p: unknown) => {
            const g = sorted[(p as { dataIndex?: number }).dataIndex ?? -1]
            return g ? formatValue(g.value, meta) : ''
          },
        },
        markLine: targetLine(meta, 'xAxis'),
      },
    ],
  }
  return {
    empty: sorted.length === 0,
    option,
    keys: sorted.map((g) => g.group),
    missed: sorted.filter((g) => metState(g) === 'missed').length,
    height: Math.max(160, sorted.length * 30 + 48),
  }
}

// ---- the programme's targets as gauges ---------------------------------------------------------

/** The gauge's top: 100% for ratios; twice the target (or room above the value) otherwise. */
export function gaugeMax(v: Pick<IndicatorValue, 'unit' | 'target' | 'value'>): number {
  if (v.unit === 'ratio') return 100
  const target = v.target === null ? 0 : displayNumber(v.target, v.unit)
  const value = v.value === null ? 0 : displayNumber(v.value, v.unit)
  return niceCeil(Math.max(target * 2, value * 1.1, 1))
}

/** The arc's colours: red where the target is missed, green where it is met (grey without a value). */
export function gaugeBands(v: Pick<IndicatorValue, 'unit' | 'target' | 'value' | 'comparison'>): [number, string][] {
  const higher = higherIsBetter(v.comparison)
  if (v.value === null || v.target === null || higher === null) return [[1, COLORS.empty]]
  const at = Math.min(1, Math.max(0, displayNumber(v.target, v.unit) / gaugeMax(v)))
  // A ratio that must reach 100% is met only at the very end of the arc: keep a sliver of green.
  const edge = at >= 1 ? 0.985 : at
  return higher ? [[edge, COLORS.missed], [1, COLORS.met]] : [[edge, COLORS.met], [1, COLORS.missed]]
}

/** One indicator against its target: the arc coloured by the target, the needle at the value. */
export function gaugeOption(v: IndicatorValue): CockpitChartOption {
  const max = gaugeMax(v)
  const state = metState(v)
  const shown = v.value === null ? 0 : Math.min(max, displayNumber(v.value, v.unit))
  return {
    animationDuration: 400,
    series: [
      {
        type: 'gauge',
        name: v.name,
        min: 0,
        max,
        startAngle: 210,
        endAngle: -30,
        radius: '92%',
        center: ['50%', '58%'],
        splitNumber: 4,
        axisLine: { lineStyle: { width: 12, color: gaugeBands(v) } },
        axisTick: { show: false },
        splitLine: { distance: -12, length: 12, lineStyle: { color: '#ffffff', width: 2 } },
        axisLabel: { show: false },
        pointer: { show: v.value !== null, length: '62%', width: 5, itemStyle: { color: '#3c4350' } },
        anchor: { show: v.value !== null, size: 8, itemStyle: { color: '#3c4350' } },
        title: { show: false },
        detail: {
          valueAnimation: false,
          offsetCenter: [0, '52%'],
          fontSize: v.value === null ? 13 : 17,
          fontWeight: 600,
          color: v.value === null ? COLORS.axis : stateColor(state),
          formatter: () => formatValue(v.value, v),
        },
        data: [{ value: shown, name: v.name }],
      },
    ],
  }
}

/** The indicators that carry a programme target, in the cockpit's order. */
export const targetIndicators = (items: readonly IndicatorValue[]): IndicatorValue[] => items.filter((v) => v.target !== null)

// ---- the table of items ------------------------------------------------------------------------

export interface ItemRow {
  code: string
  name: string
  department: string
  /** The value formatted, or 暂无数据. */
  valueText: string
  /** The value in display units, for sorting (null sorts last). */
  sortValue: number | null
  parts: string
  denominator: number
  state: MetState
}

/** One row per item, worst first (see sortWorstFirst). */
export function itemRows(
  meta: IndicatorMeta,
  groups: readonly BreakdownGroup[],
  itemName: (code: string) => string,
  itemDepartment: (code: string) => string,
): ItemRow[] {
  return sortWorstFirst(groups.map((g) => ({ ...g, comparison: meta.comparison }))).map((g) => ({
    code: g.group,
    name: itemName(g.group) || g.group,
    department: itemDepartment(g.group),
    valueText: formatValue(g.value, meta),
    sortValue: g.value === null ? null : displayNumber(g.value, meta.unit),
    parts: numeratorText(g),
    denominator: g.denominator,
    state: metState(g),
  }))
}

/** The target as the legend under a chart writes it: 虚线为目标 > 90%. */
export const targetLegend = (meta: IndicatorMeta): string => (meta.target === null ? '' : `虚线为${targetText(meta)}`)

// ---- a distribution (好差评 by level) ----------------------------------------------------------

/** 非常满意 green through 非常不满意 red; other parts take the palette in order. */
export const PART_COLORS: Readonly<Record<string, string>> = {
  '5': '#1f9d55',
  '4': '#84c9a0',
  '3': '#b8bcc4',
  '2': '#f0979c',
  '1': '#d9363e',
}
const PALETTE = ['#2f6fde', '#e6a23c', '#7b61c9', '#35a7b0', '#c45c9a']

export interface PartSegment extends IndicatorPart {
  /** Share of the total (0–1); 0 when the total is. */
  share: number
  /** 40.0%. */
  shareText: string
  color: string
}

/** The parts with their shares and colours, in the server's order (非常满意 first). */
export function partSegments(parts: readonly IndicatorPart[]): { total: number; segments: PartSegment[] } {
  const total = parts.reduce((sum, p) => sum + Math.max(0, p.value), 0)
  let other = 0
  const segments = parts.map((p) => {
    const share = total > 0 ? Math.max(0, p.value) / total : 0
    return {
      ...p,
      share,
      shareText: `${(Math.round(share * 1000) / 10).toFixed(1)}%`,
      color: PART_COLORS[p.key] ?? PALETTE[other++ % PALETTE.length]!,
    }
  })
  return { total, segments }
}

/** The parts as horizontal bars (one per level, top first) labelled with count and share. */
export function distributionOption(parts: readonly IndicatorPart[], unit = ''): ChartResult & { height: number } {
  const { total, segments } = partSegments(parts)
  const count = (n: number) => `${formatNumber(n, 1)}${unit ? ` ${unit}` : ''}`
  const option: CockpitChartOption = {
    animationDuration: 400,
    grid: { left: 8, right: 92, top: 8, bottom: 4, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const seg = segments[(p as { dataIndex?: number }).dataIndex ?? -1]
        return seg ? `<strong>${escapeHtml(seg.label)}</strong><br/>${count(seg.value)} · ${seg.shareText}` : ''
      },
    },
    xAxis: { type: 'value', min: 0, minInterval: 1, axisLabel: { color: COLORS.axis }, splitLine: { lineStyle: { color: COLORS.split } } },
    yAxis: { type: 'category', inverse: true, data: segments.map((s) => s.label), axisTick: { show: false }, axisLabel: { color: '#1f2329' } },
    series: [
      {
        type: 'bar',
        name: '分布',
        barMaxWidth: 18,
        data: segments.map((s) => ({ value: s.value, itemStyle: { color: s.color, borderRadius: [0, 3, 3, 0] } })),
        label: {
          show: true,
          position: 'right',
          color: '#1f2329',
          formatter: (p: unknown) => {
            const seg = segments[(p as { dataIndex?: number }).dataIndex ?? -1]
            return seg ? `${count(seg.value)} · ${seg.shareText}` : ''
          },
        },
      },
    ],
  }
  return { empty: total === 0, option, height: Math.max(140, segments.length * 32 + 24) }
}
