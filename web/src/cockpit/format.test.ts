import { describe, expect, it } from 'vitest'

import type { IndicatorValue } from '@/api/cockpit'

import {
  dateLabel,
  formatTarget,
  formatValue,
  higherIsBetter,
  isHelpIndicator,
  metState,
  numeratorText,
  numeratorWords,
  rowsSplitByNumerator,
  rowStatusLabel,
  targetText,
  targetWords,
  valueParts,
} from './format'

const v = (over: Partial<IndicatorValue>): IndicatorValue => ({
  key: 'first_time_success',
  name: '一次办成率',
  unit: 'ratio',
  value: 0.875,
  numerator: 7,
  denominator: 8,
  target: 0.9,
  comparison: '>',
  met: false,
  definition: '',
  source: 'applications',
  note: '',
  ...over,
})

describe('values', () => {
  it('writes each unit its own way', () => {
    expect(formatValue(0.8752146, v({}))).toBe('87.5%')
    expect(formatValue(1, v({}))).toBe('100.0%')
    expect(formatValue(0, v({}))).toBe('0.0%')
    expect(formatValue(18.3833, v({ key: 'avg_application_minutes', unit: 'minutes' }))).toBe('18.4 分钟')
    expect(formatValue(45, v({ key: 'first_response_seconds', unit: 'seconds' }))).toBe('45.0 秒')
    expect(formatValue(1204, v({ key: 'materials_exempted', unit: 'count' }))).toBe('1,204 份')
    expect(formatValue(3, v({ key: 'cant_do_reports', unit: 'count' }))).toBe('3 件')
    expect(formatValue(3, v({ key: 'other', unit: 'count' }))).toBe('3')
  })

  it('says 暂无数据 for nothing counted, never 0%', () => {
    expect(formatValue(null, v({}))).toBe('暂无数据')
    expect(valueParts(null, v({}))).toEqual({ number: '暂无数据', suffix: '' })
    expect(valueParts(0.5, v({}))).toEqual({ number: '50.0', suffix: '%' })
  })
})

describe('targets', () => {
  it('writes the comparison as the programme does', () => {
    expect(targetText(v({}))).toBe('目标 > 90%')
    expect(targetText(v({ key: 'prefill_applications', target: 0.7 }))).toBe('目标 > 70%')
    expect(targetText(v({ key: 'online_rate', comparison: '>=' }))).toBe('目标 ≥ 90%')
    expect(targetText(v({ key: 'on_time_rate', target: 1, comparison: '>=' }))).toBe('目标 100%')
    expect(targetText(v({ key: 'first_response_seconds', unit: 'seconds', target: 60, comparison: '<' }))).toBe('目标 < 60 秒')
    expect(targetText(v({ key: 'avg_application_minutes', unit: 'minutes', target: 20, comparison: '<=' }))).toBe('目标 ≤ 20 分钟')
    expect(targetText(v({ target: null, comparison: '' }))).toBe('')
  })

  it('says it in words for screen readers', () => {
    expect(targetWords(v({}))).toBe('目标：高于 90%')
    expect(targetWords(v({ unit: 'minutes', target: 20, comparison: '<=' }))).toBe('目标：不高于 20 分钟')
    expect(targetWords(v({ target: 1, comparison: '>=' }))).toBe('目标：达到 100%')
    expect(targetWords(v({ target: null, comparison: '' }))).toBe('未设目标')
  })

  it('rounds targets without float noise', () => {
    expect(formatTarget(0.7, v({}))).toBe('70%')
    expect(formatTarget(0.333, v({}))).toBe('33.3%')
  })

  it('knows which way is better and whether the target is met', () => {
    expect(higherIsBetter('>')).toBe(true)
    expect(higherIsBetter('<=')).toBe(false)
    expect(higherIsBetter('')).toBeNull()
    expect(metState(v({}))).toBe('missed')
    expect(metState(v({ met: true }))).toBe('met')
    expect(metState(v({ value: null, met: null }))).toBe('empty')
    expect(metState(v({ target: null, met: null }))).toBe('none')
  })
})

describe('what a number is made of', () => {
  it('names the numerator and denominator', () => {
    expect(numeratorText(v({}))).toBe('分子 7 / 分母 8')
    expect(numeratorText(v({ unit: 'minutes', numerator: 58404, denominator: 3177 }))).toBe('共 3,177 件办件，合计 58,404 分钟')
    expect(numeratorText(v({ unit: 'seconds', source: 'help', numerator: 300, denominator: 5 }))).toBe('共 5 次会话，合计 300 秒')
    expect(numeratorText(v({ key: 'materials_exempted', unit: 'count', numerator: 42, denominator: 30 }))).toBe('合计 42 份（30 件办件）')
    expect(numeratorText(v({ key: 'cant_do_reports', unit: 'count', source: 'reports', numerator: 2, denominator: 2 }))).toBe('合计 2 件')
  })

  it('splits rows by the numerator only for shares of rows', () => {
    expect(rowsSplitByNumerator(v({}))).toBe(true)
    expect(rowsSplitByNumerator(v({ key: 'prefill_fields' }))).toBe(false)
    expect(rowsSplitByNumerator(v({ key: 'avg_application_minutes', unit: 'minutes' }))).toBe(false)
    expect(numeratorWords('first_time_success')).toEqual(['一次办成', '未一次办成'])
    expect(numeratorWords('unknown')).toEqual(['计入分子', '未计入分子'])
  })

  it('names dates, statuses and 帮办 indicators', () => {
    expect(dateLabel('first_time_success', 'applications')).toBe('决定日期')
    expect(dateLabel('online_rate', 'applications')).toBe('提交日期')
    expect(dateLabel('help_resolution', 'help')).toBe('发起日期')
    expect(rowStatusLabel('applications', 'approved')).toBe('准予许可')
    expect(rowStatusLabel('help', 'resolved')).toBe('已解决')
    expect(rowStatusLabel('ratings', '')).toBe('无整改任务')
    expect(rowStatusLabel('ratings', 'closed')).toBe('已办结')
    expect(rowStatusLabel('reports', 'filed')).toBe('已归档')
    expect(rowStatusLabel('applications', 'strange')).toBe('strange')
    expect(isHelpIndicator('help_resolution')).toBe(true)
    expect(isHelpIndicator('first_response_within_1min')).toBe(true)
    expect(isHelpIndicator('online_rate')).toBe(false)
  })
})
