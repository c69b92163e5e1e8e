import { describe, expect, it } from 'vitest'

import type { DepartmentIndex, IndexDimension } from '@/api/cockpit'

import { changeOf, contributionRows, dimensionScores, indexTrendOption, movementText, rankingRows, signedText, weightText } from './serviceIndex'

type AnyOption = Record<string, any>

const dims: IndexDimension[] = [
  { id: 'results', name: '办理成效', about: '结果指标·后台', weight: 0.3, indicators: [{ key: 'first_time_success', weight: 0.5 }, { key: 'on_time_rate', weight: 0.5 }] },
  { id: 'process', name: '办理便利', about: '过程指标·前台', weight: 0.25, indicators: [{ key: 'avg_application_minutes', weight: 1 }] },
  { id: 'feedback', name: '群众评价', about: '外部评价', weight: 0.2, indicators: [{ key: 'satisfaction_rate', weight: 1 }] },
]

// The fixture of docs/metrics.md: scjg 93.61 this period, 100 the one before (办理便利 alone).
const scjg: DepartmentIndex = {
  department: 'scjg',
  score: 93.61,
  previous: 100,
  rank: 1,
  dimensions: { results: 87.04, process: 90, feedback: null },
  contributions: [
    { key: 'avg_application_minutes', name: '平均申报时长', dimension: 'process', value: 21, score: 95.24, weight: 0.075, points: 7.14, delta: -2.2 },
    { key: 'first_time_success', name: '一次办成率', dimension: 'results', value: 2 / 3, score: 74.07, weight: 0.15, points: 11.11, delta: 11.11 },
    { key: 'on_time_rate', name: '按时办结率', dimension: 'results', value: 1, score: 100, weight: 0.15, points: 15, delta: 15 },
    { key: 'satisfaction_rate', name: '好评率', dimension: 'feedback', value: null, score: null, weight: 0, points: 0, delta: -31.5 },
  ],
}
const rsj: DepartmentIndex = { department: 'rsj', score: 33.56, previous: null, rank: 2, dimensions: { results: 0 }, contributions: [] }
const none: DepartmentIndex = { department: 'mzj', score: null, previous: 50, rank: 0, dimensions: {}, contributions: [] }

const names: Record<string, string> = { scjg: '区市场监管局', rsj: '区人社局', mzj: '区民政局' }
const nameOf = (id: string) => names[id] ?? ''

describe('the ranking', () => {
  it('lists ranked departments best first and those without a score last', () => {
    const rows = rankingRows({ items: [none, rsj, scjg], dimensions: dims }, nameOf)
    expect(rows.map((r) => [r.rank, r.name, r.scoreText])).toEqual([
      [1, '区市场监管局', '93.6'],
      [2, '区人社局', '33.6'],
      [0, '区民政局', '暂无数据'],
    ])
    expect(rows[0]!.change).toMatchObject({ direction: 'down', text: '↓ 6.4' })
    expect(rows[1]!.change).toMatchObject({ direction: 'none', text: '上期无数据' })
    expect(rows[2]!.change.text).toBe('')
  })

  it('has a bar per dimension, none for a dimension with nothing counted', () => {
    const bars = dimensionScores(scjg, dims)
    expect(bars.map((b) => [b.name, b.scoreText, b.width])).toEqual([
      ['办理成效', '87.0', 87.04],
      ['办理便利', '90.0', 90],
      ['群众评价', '暂无数据', 0],
    ])
    expect(weightText(bars[0]!.weight)).toBe('30%')
  })

  it('says up, down and flat', () => {
    expect(changeOf(80, 77.7)).toEqual({ delta: expect.closeTo(2.3, 5), direction: 'up', text: '↑ 2.3' })
    expect(changeOf(80, 80.01).direction).toBe('flat')
    expect(changeOf(80, 80.01).text).toBe('持平')
    expect(signedText(-1)).toBe('−1.0')
    expect(signedText(0.04)).toBe('0.0')
  })
})

describe('what moved it', () => {
  it('sorts the contributions by the size of their change, with weights and values in their units', () => {
    const rows = contributionRows(scjg, dims)
    expect(rows.map((r) => r.key)).toEqual(['satisfaction_rate', 'on_time_rate', 'first_time_success', 'avg_application_minutes'])
    expect(rows[1]).toMatchObject({ dimension: '办理成效', valueText: '100.0%', scoreText: '100.0', weightText: '15%', pointsText: '15.0', deltaText: '+15.0', direction: 'up' })
    expect(rows[3]).toMatchObject({ valueText: '21.0 分钟', deltaText: '−2.2', direction: 'down' })
    expect(rows[0]).toMatchObject({ valueText: '暂无数据', scoreText: '暂无数据' })
  })

  it('leaves the change out without a previous period', () => {
    const rows = contributionRows({ ...scjg, previous: null }, dims)
    expect(rows.every((r) => r.deltaText === '—' && r.direction === 'none')).toBe(true)
  })

  it('names the contributions that moved the score the same way, largest first', () => {
    expect(movementText(scjg)).toBe('较上期 −6.4 分，主要来自 好评率（−31.5 分）、平均申报时长（−2.2 分）')
    const up = { ...scjg, score: 80, previous: 77.7 }
    expect(movementText(up)).toBe('较上期 +2.3 分，主要来自 按时办结率（+15.0 分）、一次办成率（+11.1 分）')
    expect(movementText({ ...scjg, score: 80, previous: 80 })).toBe('与上期持平')
    expect(movementText(rsj)).toBe('上期没有可比较的数据')
    expect(movementText(none)).toBe('本期没有可计算指数的数据')
    expect(movementText({ ...up, contributions: [] })).toBe('较上期 +2.3 分')
  })
})

describe('the trend', () => {
  it('draws months in order with gaps, on a 0–100 axis that starts below high scores', () => {
    const r = indexTrendOption({ points: [{ month: '2026-09', score: 88.24 }, { month: '2026-10', score: null }, { month: '2026-11', score: 93.61 }] })
    expect(r.empty).toBe(false)
    const o = r.option as AnyOption
    expect(o.xAxis.data).toEqual(['9月\n2026', '10月', '11月'])
    expect(o.series[0].data).toEqual([88.2, '-', 93.6])
    expect(o.yAxis).toMatchObject({ min: 70, max: 100 })
    expect(o.tooltip.formatter([{ dataIndex: 2 }])).toContain('2026年11月')
    expect(o.tooltip.formatter([{ dataIndex: 2 }])).toContain('指数 93.6 分')
    expect(o.tooltip.formatter([{ dataIndex: 1 }])).toContain('暂无数据')
    expect((indexTrendOption({ points: [{ month: '2026-11', score: 30 }] }).option as AnyOption).yAxis.min).toBe(0)
  })

  it('is empty when no month has a score', () => {
    expect(indexTrendOption({ points: [{ month: '2026-11', score: null }] }).empty).toBe(true)
    expect(indexTrendOption({ points: [] }).empty).toBe(true)
  })
})
