import { describe, expect, it } from 'vitest'

import type { IndicatorValue } from '@/api/cockpit'

import {
  breaksDownByUnit,
  keyBreaksDownByItem,
  keyBreaksDownByUnit,
  keyHasTrend,
  dateLabel,
  emptyText,
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
  unavailableNote,
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
  parts: [],
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

describe('the indicators of knowledge, policies and reviews', () => {
  it('writes amounts in 元 below ten thousand and in 万元 from there on', () => {
    const amount = v({ key: 'policy_amount', unit: 'yuan', source: 'policies', target: null, comparison: '' })
    expect(formatValue(8500, amount)).toBe('8,500 元')
    expect(formatValue(123456.7, amount)).toBe('12.35 万元')
    expect(formatValue(0, amount)).toBe('0 元')
    expect(valueParts(2_500_000, amount)).toEqual({ number: '250', suffix: '万元' })
    expect(formatTarget(50_000, amount)).toBe('5 万元')
    expect(numeratorText({ ...amount, numerator: 123456.7, denominator: 3 })).toBe('合计 12.35 万元（3 件兑现）')
  })

  it('counts knowledge entries and ratings with their nouns', () => {
    expect(formatValue(20000, v({ key: 'kb_entries', unit: 'count', source: 'knowledge' }))).toBe('20,000 条')
    expect(formatValue(12, v({ key: 'ratings_distribution', unit: 'count', source: 'ratings' }))).toBe('12 条')
  })

  it('shows why a value is not available instead of 暂无数据', () => {
    const prereview = v({ key: 'prereview_usage', value: null, met: null, source: 'reviews', note: '智能预审尚未上线，暂不统计' })
    expect(unavailableNote(prereview)).toBe('智能预审尚未上线，暂不统计')
    expect(emptyText(prereview)).toBe('智能预审尚未上线，暂不统计')
    expect(emptyText(v({ value: null, note: '' }))).toBe('暂无数据')
    expect(unavailableNote(v({ value: 0.5, note: '口径说明' }))).toBe('')
  })

  it('breaks 办件, 免申即享 and 帮办 down by street/town, nothing else', () => {
    expect(breaksDownByUnit(v({ source: 'applications' }))).toBe(true)
    expect(breaksDownByUnit(v({ key: 'policy_amount', source: 'policies' }))).toBe(true)
    // The same answer from the key alone, before the indicator has loaded.
    for (const [key, by] of [['online_rate', true], ['policy_coverage', true], ['help_resolution', true],
      ['satisfaction_rate', false], ['ratings_distribution', false], ['cant_do_closure', false], ['kb_usage_rate', false]] as const)
      expect(keyBreaksDownByUnit(key), key).toBe(by)
    expect(keyBreaksDownByItem('kb_usage_rate')).toBe(false)
    expect(keyBreaksDownByItem('policy_amount')).toBe(true)
    expect(keyHasTrend('kb_entries')).toBe(false)
    expect(keyHasTrend('kb_usage_rate')).toBe(true)
    expect(breaksDownByUnit(v({ key: 'help_resolution', source: 'help' }))).toBe(true)
    expect(breaksDownByUnit(v({ key: 'satisfaction_rate', source: 'ratings' }))).toBe(false)
    expect(breaksDownByUnit(v({ key: 'kb_usage_rate', source: 'knowledge' }))).toBe(false)
    expect(dateLabel('kb_entries', 'knowledge')).toBe('发布日期')
    expect(dateLabel('policy_amount', 'policies')).toBe('拨付日期')
    expect(dateLabel('policy_coverage', 'policies')).toBe('确认日期')
    expect(rowStatusLabel('policies', 'paid')).toBe('已发放')
    expect(rowStatusLabel('knowledge', 'retired')).toBe('已下线')
    expect(rowStatusLabel('policies', 'something-new')).toBe('something-new')
  })
})
