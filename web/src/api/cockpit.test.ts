import { describe, expect, it } from 'vitest'

import {
  breakdownPath,
  indexTrendPath,
  indicatorsPath,
  normalizeBreakdown,
  normalizeIndexTrend,
  normalizeIndicators,
  normalizeRows,
  normalizeServiceIndex,
  normalizeValue,
  rowsPath,
  serviceIndexPath,
} from './cockpit'

describe('the cockpit API', () => {
  it('reads indicators, keeping null values as null', () => {
    const set = normalizeIndicators({
      from: '2026-11-01',
      to: '2026-11-28',
      department: '',
      item: '',
      unit: '',
      items: [
        { key: 'first_time_success', name: '一次办成率', unit: 'ratio', value: 0.5, numerator: 1, denominator: 2, target: 0.9, comparison: '>', met: false, definition: '期内…', source: 'applications', note: '' },
        { key: 'help_resolution', name: '帮办解决率', unit: 'ratio', value: null, numerator: 0, denominator: 0, target: 0.9, comparison: '>', met: null, definition: '', source: 'help' },
        { name: 'no key' },
      ],
    })
    expect(set.from).toBe('2026-11-01')
    expect(set.items.map((v) => v.key)).toEqual(['first_time_success', 'help_resolution'])
    expect(set.items[0]).toMatchObject({ value: 0.5, target: 0.9, comparison: '>', met: false, source: 'applications' })
    expect(set.items[1]).toMatchObject({ value: null, met: null, note: '' })
  })

  it('survives odd answers', () => {
    expect(normalizeValue({ unit: 'parsecs', value: 'x', target: 1, comparison: '~', met: true, source: 'elsewhere' })).toMatchObject({
      unit: 'count',
      value: null,
      comparison: '',
      met: null,
      source: '',
    })
    expect(normalizeValue({ value: 3, target: null, comparison: '>', met: true })).toMatchObject({ comparison: '', met: null })
    expect(normalizeIndicators(null).items).toEqual([])
  })

  it('reads breakdowns and rows', () => {
    const b = normalizeBreakdown({ key: 'online_rate', groups: [{ group: '2026-10', key: 'online_rate', unit: 'ratio', value: 1, numerator: 1, denominator: 1 }] }, 'month')
    expect(b).toMatchObject({ key: 'online_rate', by: 'month' })
    expect(b.groups[0]).toMatchObject({ group: '2026-10', value: 1 })
    const r = normalizeRows({ rows: [{ id: 12, department: 'scjg', item: 'SCJG-004', date: '2026-11-20', status: 'approved', in_numerator: true }, { id: 'x' }] })
    expect(r.rows).toEqual([{ id: 12, department: 'scjg', item: 'SCJG-004', date: '2026-11-20', status: 'approved', inNumerator: true }])
  })

  it('builds paths with only the filters that are set', () => {
    expect(indicatorsPath()).toBe('/api/v1/cockpit/indicators')
    expect(indicatorsPath({ from: '2026-11-01', to: '2026-11-28', department: '', unit: '310113003' })).toBe(
      '/api/v1/cockpit/indicators?from=2026-11-01&to=2026-11-28&unit=310113003',
    )
    expect(breakdownPath('first_time_success', 'month', { department: 'scjg' })).toBe(
      '/api/v1/cockpit/indicators/first_time_success/breakdown?by=month&department=scjg',
    )
    expect(rowsPath('a/b', { item: 'SCJG-004' })).toBe('/api/v1/cockpit/indicators/a%2Fb/rows?item=SCJG-004')
    expect(rowsPath('online_rate', { item: 'SCJG-004' }, 'csv')).toBe('/api/v1/cockpit/indicators/online_rate/rows?item=SCJG-004&format=csv')
  })
})

describe('new indicator fields', () => {
  it('reads a distribution and amounts, and new sources', () => {
    const v = normalizeValue({
      key: 'ratings_distribution',
      unit: 'count',
      value: 3,
      source: 'ratings',
      parts: [{ key: '5', label: '非常满意', value: 2 }, { key: '1', label: '非常不满意', value: 1 }, { label: 'no key', value: 9 }, 'x'],
    })
    expect(v.parts).toEqual([{ key: '5', label: '非常满意', value: 2 }, { key: '1', label: '非常不满意', value: 1 }])
    expect(normalizeValue({ key: 'policy_amount', unit: 'yuan', source: 'policies' })).toMatchObject({ unit: 'yuan', source: 'policies', parts: [] })
    expect(normalizeValue({ source: 'knowledge' }).source).toBe('knowledge')
    expect(normalizeValue({ source: 'reviews', value: null, note: '暂未接入' })).toMatchObject({ source: 'reviews', value: null, note: '暂未接入' })
  })
})

describe('政务服务指数', () => {
  it('reads the ranking, keeping missing scores as null', () => {
    const index = normalizeServiceIndex({
      name: '宝山区政务服务指数',
      version: '2026.1',
      from: '2026-11-01',
      to: '2026-11-28',
      dimensions: [{ id: 'results', name: '办理成效', about: '结果', weight: 0.3, indicators: [{ key: 'on_time_rate', weight: 0.5 }, { weight: 1 }] }, { name: 'no id' }],
      items: [
        {
          department: 'scjg',
          score: 93.61,
          previous: null,
          rank: 1,
          dimensions: { results: 87.04, help: null },
          contributions: [{ key: 'on_time_rate', name: '按时办结率', dimension: 'results', value: 1, score: 100, weight: 0.15, points: 15, delta: 15 }],
        },
        { department: 'rsj', score: null, rank: 'x' },
        { score: 3 },
      ],
    })
    expect(index).toMatchObject({ name: '宝山区政务服务指数', version: '2026.1', from: '2026-11-01' })
    expect(index.dimensions).toEqual([{ id: 'results', name: '办理成效', about: '结果', weight: 0.3, indicators: [{ key: 'on_time_rate', weight: 0.5 }] }])
    expect(index.items.map((i) => i.department)).toEqual(['scjg', 'rsj'])
    expect(index.items[0]).toMatchObject({ score: 93.61, previous: null, rank: 1, dimensions: { results: 87.04, help: null } })
    expect(index.items[0]!.contributions[0]).toMatchObject({ key: 'on_time_rate', points: 15, delta: 15 })
    expect(index.items[1]).toMatchObject({ score: null, rank: 0, dimensions: {}, contributions: [] })
    expect(normalizeServiceIndex(undefined).items).toEqual([])
  })

  it('reads a trend and builds the paths', () => {
    expect(normalizeIndexTrend({ department: 'scjg', points: [{ month: '2026-10', score: null }, { month: '2026-11', score: 93.61 }, { month: 'x' }] }).points).toEqual([
      { month: '2026-10', score: null },
      { month: '2026-11', score: 93.61 },
    ])
    expect(serviceIndexPath()).toBe('/api/v1/cockpit/service-index')
    expect(serviceIndexPath({ from: '2026-11-01', to: '2026-11-28' })).toBe('/api/v1/cockpit/service-index?from=2026-11-01&to=2026-11-28')
    expect(indexTrendPath('a/b', '2026-11-28')).toBe('/api/v1/cockpit/service-index/a%2Fb/trend?to=2026-11-28&months=12')
  })
})
