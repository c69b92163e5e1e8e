import { describe, expect, it } from 'vitest'

import type { BreakdownGroup, IndicatorValue } from '@/api/cockpit'

import {
  axisMax,
  barsOption,
  COLORS,
  distributionOption,
  gaugeBands,
  gaugeMax,
  gaugeOption,
  itemRows,
  niceCeil,
  partSegments,
  sortWorstFirst,
  targetIndicators,
  trendMin,
  trendOption,
} from './charts'

const value = (over: Partial<IndicatorValue>): IndicatorValue => ({
  key: 'first_time_success',
  name: '一次办成率',
  unit: 'ratio',
  value: 0.9,
  numerator: 9,
  denominator: 10,
  target: 0.9,
  comparison: '>',
  met: false,
  definition: '期内作出决定的办件中，未经补正即准予许可的办件所占比例',
  source: 'applications',
  note: '',
  parts: [],
  ...over,
})

const group = (g: string, v: number | null, over: Partial<IndicatorValue> = {}): BreakdownGroup => ({
  ...value({ value: v, met: v === null ? null : v > 0.9, ...over }),
  group: g,
})

type AnyOption = Record<string, any>
const series0 = (o: unknown) => (o as AnyOption).series[0] as AnyOption

describe('the trend', () => {
  const meta = value({})
  const months = ['2026-09', '2026-10', '2026-11']

  it('draws months in order with gaps where nothing was counted and the target as a line', () => {
    const r = trendOption(meta, [group('2026-11', 0.95), group('2026-09', 0.8)], months)
    expect(r.empty).toBe(false)
    const o = r.option as AnyOption
    expect(o.xAxis.data).toEqual(['9月\n2026', '10月', '11月'])
    expect(o.yAxis.max).toBe(100)
    expect(o.yAxis.min).toBe(70)
    expect(o.xAxis.axisLabel.interval).toBe(0)
    expect((trendOption(meta, [], months, { compact: true }).option as AnyOption).xAxis.axisLabel.interval).toBe(1)
    expect(o.yAxis.axisLabel.formatter).toBe('{value}%')
    const s = series0(r.option)
    expect(s.data[0]).toEqual({ value: 80, itemStyle: { color: COLORS.missed } })
    expect(s.data[1]).toBe('-')
    expect(s.data[2]).toEqual({ value: 95, itemStyle: { color: COLORS.met } })
    expect(s.markLine.data).toEqual([{ yAxis: 90 }])
    expect(s.markLine.label.formatter).toBe('目标 > 90%')
  })

  it('explains a month in the tooltip, and an empty one as 暂无数据', () => {
    const o = trendOption(meta, [group('2026-11', 0.95)], months).option as AnyOption
    const tip = o.tooltip.formatter([{ dataIndex: 2 }])
    expect(tip).toContain('2026年11月')
    expect(tip).toContain('95.0%')
    expect(tip).toContain('达标')
    expect(tip).toContain('分子 9 / 分母 10')
    expect(o.tooltip.formatter([{ dataIndex: 1 }])).toContain('暂无数据')
  })

  it('starts percentages at 0 unless they all lie high', () => {
    expect(trendMin(meta, [95, 88])).toBe(70)
    expect(trendMin(meta, [35])).toBe(0)
    expect(trendMin(meta, [55])).toBe(40)
    expect(trendMin(meta, [5])).toBe(0)
    expect(trendMin(meta, [])).toBe(0)
    expect(trendMin(value({ unit: 'minutes', target: 20 }), [18])).toBe(0)
  })

  it('is empty when no month has a value, and has no target line without a target', () => {
    const r = trendOption(value({ target: null, comparison: '' }), [group('2026-10', null)], months)
    expect(r.empty).toBe(true)
    expect(series0(r.option).markLine).toBeUndefined()
    expect(series0(r.option).data).toEqual(['-', '-', '-'])
  })

  it('leaves room for the target above minutes and seconds', () => {
    const seconds = value({ key: 'first_response_seconds', unit: 'seconds', target: 60, comparison: '<', source: 'help' })
    const o = trendOption(seconds, [group('2026-11', 30, { unit: 'seconds' })], months).option as AnyOption
    expect(o.yAxis.max).toBeGreaterThanOrEqual(60)
    expect(o.yAxis.name).toBe('秒')
    expect(series0(o).markLine.data).toEqual([{ yAxis: 60 }])
  })
})

describe('bars', () => {
  it('sorts the worst first against the target (higher or lower better) and by size otherwise', () => {
    const gs = [group('a', 0.95), group('b', 0.7), group('c', null), group('d', 0.7, { denominator: 50 })]
    expect(sortWorstFirst(gs).map((g) => g.group)).toEqual(['d', 'b', 'a'])
    const lower = [group('a', 10, { comparison: '<=' }), group('b', 30, { comparison: '<=' })]
    expect(sortWorstFirst(lower).map((g) => g.group)).toEqual(['b', 'a'])
    const counts = [group('a', 1, { comparison: '', target: null }), group('b', 5, { comparison: '', target: null })]
    expect(sortWorstFirst(counts).map((g) => g.group)).toEqual(['b', 'a'])
  })

  it('colours bars by the target, names departments and maps bars back to groups', () => {
    const names: Record<string, string> = { scjg: '区市场监管局', rsj: '区人社局' }
    const r = barsOption(value({}), [group('scjg', 0.95), group('rsj', 0.5), group('x', null)], (id) => names[id] ?? '')
    expect(r.keys).toEqual(['rsj', 'scjg'])
    expect(r.missed).toBe(1)
    expect(r.empty).toBe(false)
    const o = r.option as AnyOption
    expect(o.yAxis.data).toEqual(['区人社局', '区市场监管局'])
    expect(o.yAxis.inverse).toBe(true)
    const s = series0(o)
    expect(s.data.map((d: AnyOption) => d.itemStyle.color)).toEqual([COLORS.missed, COLORS.met])
    expect(s.data.map((d: AnyOption) => d.value)).toEqual([50, 95])
    expect(s.markLine.data).toEqual([{ xAxis: 90 }])
    expect(s.label.formatter({ dataIndex: 0 })).toBe('50.0%')
    expect(o.tooltip.formatter({ dataIndex: 1 })).toContain('区市场监管局')
    expect(r.height).toBeGreaterThanOrEqual(160)
  })

  it('is empty without groups and grows with them', () => {
    expect(barsOption(value({}), [], () => '').empty).toBe(true)
    const many = Array.from({ length: 20 }, (_, i) => group(`d${i}`, i / 20))
    expect(barsOption(value({}), many, (id) => id).height).toBe(20 * 30 + 48)
  })

  it('writes the table of items worst first with names and departments', () => {
    const rows = itemRows(value({}), [group('SCJG-004', 1), group('RSJ-002', 0.5)], (c) => (c === 'SCJG-004' ? '企业简易注销登记' : ''), () => 'scjg')
    expect(rows.map((r) => r.code)).toEqual(['RSJ-002', 'SCJG-004'])
    expect(rows[0]).toMatchObject({ name: 'RSJ-002', valueText: '50.0%', sortValue: 50, state: 'missed', parts: '分子 9 / 分母 10' })
    expect(rows[1]).toMatchObject({ name: '企业简易注销登记', state: 'met' })
  })
})

describe('gauges', () => {
  it('scales ratios to 100% and other units to twice the target', () => {
    expect(gaugeMax(value({}))).toBe(100)
    expect(gaugeMax(value({ unit: 'seconds', target: 60, value: 30 }))).toBe(200)
    expect(gaugeMax(value({ unit: 'minutes', target: 20, value: 95 }))).toBe(200)
    expect(niceCeil(0)).toBe(1)
    expect(niceCeil(46)).toBe(50)
    expect(axisMax(value({ unit: 'minutes', target: 20 }), [18])).toBe(25)
  })

  it('paints red below and green above a higher-is-better target, the reverse for time', () => {
    expect(gaugeBands(value({}))).toEqual([[0.9, COLORS.missed], [1, COLORS.met]])
    expect(gaugeBands(value({ unit: 'seconds', target: 60, comparison: '<', value: 30 }))).toEqual([[0.3, COLORS.met], [1, COLORS.missed]])
    expect(gaugeBands(value({ target: 1, comparison: '>=' }))[0]![0]).toBeLessThan(1)
    expect(gaugeBands(value({ value: null }))).toEqual([[1, COLORS.empty]])
  })

  it('shows the value or 暂无数据 without a needle', () => {
    const s = series0(gaugeOption(value({ value: 0.875, met: false })))
    expect(s.data[0].value).toBe(87.5)
    expect(s.detail.formatter()).toBe('87.5%')
    expect(s.detail.color).toBe(COLORS.missed)
    expect(s.pointer.show).toBe(true)
    const empty = series0(gaugeOption(value({ value: null, met: null })))
    expect(empty.detail.formatter()).toBe('暂无数据')
    expect(empty.pointer.show).toBe(false)
    expect(empty.data[0].value).toBe(0)
  })

  it('takes the indicators with a target', () => {
    expect(targetIndicators([value({}), value({ key: 'x', target: null, comparison: '' })]).map((v) => v.key)).toEqual(['first_time_success'])
  })
})

describe('a distribution', () => {
  const parts = [
    { key: '5', label: '非常满意', value: 6 },
    { key: '4', label: '满意', value: 2 },
    { key: '3', label: '一般', value: 0 },
    { key: '2', label: '不满意', value: 1 },
    { key: '1', label: '非常不满意', value: 1 },
  ]

  it('gives each level its share and colour, green for 非常满意 and red for 非常不满意', () => {
    const { total, segments } = partSegments(parts)
    expect(total).toBe(10)
    expect(segments.map((s) => s.shareText)).toEqual(['60.0%', '20.0%', '0.0%', '10.0%', '10.0%'])
    expect(segments[0]!.color).toBe(COLORS.met)
    expect(segments[4]!.color).toBe(COLORS.missed)
    expect(partSegments([{ key: 'x', label: 'X', value: 0 }]).segments[0]).toMatchObject({ share: 0, shareText: '0.0%' })
  })

  it('draws one bar per level, labelled with count and share, and is empty without ratings', () => {
    const r = distributionOption(parts, '条')
    expect(r.empty).toBe(false)
    const o = r.option as AnyOption
    expect(o.yAxis.data).toEqual(['非常满意', '满意', '一般', '不满意', '非常不满意'])
    expect(series0(o).data.map((d: AnyOption) => d.value)).toEqual([6, 2, 0, 1, 1])
    expect(series0(o).label.formatter({ dataIndex: 0 })).toBe('6 条 · 60.0%')
    expect(o.tooltip.formatter({ dataIndex: 3 })).toContain('不满意')
    expect(distributionOption(parts.map((p) => ({ ...p, value: 0 }))).empty).toBe(true)
  })

  it('draws amounts in 万元', () => {
    const amount = value({ key: 'policy_amount', unit: 'yuan', target: null, comparison: '', source: 'policies' })
    const o = trendOption(amount, [group('2026-11', 1_234_500, { unit: 'yuan' })], ['2026-10', '2026-11']).option as AnyOption
    expect(o.yAxis.name).toBe('万元')
    expect(series0(o).data[1].value).toBe(123.45)
  })
})
