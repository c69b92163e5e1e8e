import { describe, expect, it } from 'vitest'

import { filterOf, isDate, monthLabel, monthsBetween, monthTitle, parseQuery, presetRange, shiftMonth, toQuery, trendRange } from './period'

describe('periods', () => {
  it('turns presets into dates ending today at the latest', () => {
    expect(presetRange('month', '2026-11-28')).toEqual({ from: '2026-11-01', to: '2026-11-28' })
    expect(presetRange('last-month', '2026-11-28')).toEqual({ from: '2026-10-01', to: '2026-10-31' })
    expect(presetRange('last-month', '2026-01-15')).toEqual({ from: '2025-12-01', to: '2025-12-31' })
    expect(presetRange('last-month', '2028-03-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' })
    expect(presetRange('quarter', '2026-11-28')).toEqual({ from: '2026-10-01', to: '2026-11-28' })
    expect(presetRange('quarter', '2026-03-31')).toEqual({ from: '2026-01-01', to: '2026-03-31' })
    expect(presetRange('year', '2026-11-28')).toEqual({ from: '2026-01-01', to: '2026-11-28' })
  })

  it('counts months for the trend', () => {
    expect(shiftMonth('2026-01', -1)).toBe('2025-12')
    expect(shiftMonth('2026-11', -11)).toBe('2025-12')
    expect(trendRange('2026-11-28')).toEqual({ from: '2025-12-01', to: '2026-11-28' })
    const months = monthsBetween('2025-12-01', '2026-11-28')
    expect(months).toHaveLength(12)
    expect(months[0]).toBe('2025-12')
    expect(months[11]).toBe('2026-11')
    expect(monthsBetween('2026-11-05', '2026-11-05')).toEqual(['2026-11'])
    expect(monthLabel('2025-12', 0)).toBe('12月\n2025')
    expect(monthLabel('2026-01', 1)).toBe('1月\n2026')
    expect(monthLabel('2026-02', 2)).toBe('2月')
    expect(monthTitle('2026-02')).toBe('2026年2月')
  })

  it('checks dates', () => {
    expect(isDate('2026-02-28')).toBe(true)
    expect(isDate('2026-02-30')).toBe(false)
    expect(isDate('2026-13-01')).toBe(false)
    expect(isDate('26-1-1')).toBe(false)
  })
})

describe('the URL', () => {
  const today = '2026-11-28'

  it('defaults to this month and all departments', () => {
    expect(parseQuery({}, today)).toEqual({ period: 'month', from: '2026-11-01', to: '2026-11-28', department: '', item: '', unit: '' })
    expect(toQuery(parseQuery({}, today))).toEqual({})
  })

  it('keeps presets, custom ranges and filters', () => {
    const q = parseQuery({ period: 'quarter', department: 'scjg', item: ['SCJG-004'], unit: '' }, today)
    expect(q).toMatchObject({ period: 'quarter', from: '2026-10-01', department: 'scjg', item: 'SCJG-004' })
    expect(toQuery(q)).toEqual({ period: 'quarter', department: 'scjg', item: 'SCJG-004' })
    const c = parseQuery({ period: 'custom', from: '2026-03-01', to: '2026-05-31', unit: '310113003' }, today)
    expect(c).toMatchObject({ period: 'custom', from: '2026-03-01', to: '2026-05-31', unit: '310113003' })
    expect(toQuery(c)).toEqual({ period: 'custom', from: '2026-03-01', to: '2026-05-31', unit: '310113003' })
    expect(filterOf(c)).toEqual({ from: '2026-03-01', to: '2026-05-31', department: '', item: '', unit: '310113003' })
  })

  it('falls back to this month for a broken or reversed range or an unknown period', () => {
    expect(parseQuery({ period: 'custom', from: '2026-05-31', to: '2026-03-01' }, today).period).toBe('month')
    expect(parseQuery({ period: 'custom', from: 'x', to: '2026-03-01' }, today).period).toBe('month')
    expect(parseQuery({ period: 'decade' }, today).period).toBe('month')
  })
})
