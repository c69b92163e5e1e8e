import { describe, expect, it } from 'vitest'

import { breakdownPath, indicatorsPath, normalizeBreakdown, normalizeIndicators, normalizeRows, normalizeValue, rowsPath } from './cockpit'

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
  })
})
