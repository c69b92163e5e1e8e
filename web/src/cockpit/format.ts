// How the cockpit writes its numbers: values by unit (percent with one decimal, minutes, seconds,
// counts, amounts in 元 or 万元), targets with their comparison, met or missed, the numerator and denominator behind a
// value, and the words for an indicator's facts (dates, ids, statuses, in or out of the numerator).
// A value the server leaves null means nothing was counted: 暂无数据, never 0.

import type { Comparison, IndicatorSource, IndicatorUnit, IndicatorValue } from '@/api/cockpit'
import { STATUS_LABELS as APPLICATION_STATUS_LABELS } from '@/applications/status'
import { STAFF_STATUS_LABELS as REPORT_STATUS_LABELS } from '@/cantdo/display'
import { TASK_STATE_LABELS } from '@/feedback/display'
import { ENTRY_STATUS_LABELS } from '@/api/knowledge'
import { GRANT_STATE_LABELS_STAFF } from '@/policies/display'

export const NO_DATA = '暂无数据'

/** Units of count indicators (the others carry their unit in `unit`). */
const COUNT_SUFFIXES: Readonly<Record<string, string>> = {
  materials_exempted: '份',
  cant_do_reports: '件',
  kb_entries: '条',
  ratings_distribution: '条',
}

const UNIT_SUFFIXES: Readonly<Record<IndicatorUnit, string>> = { ratio: '%', minutes: '分钟', seconds: '秒', count: '', yuan: '元' }

type ValueMeta = Pick<IndicatorValue, 'key' | 'unit'>
type TargetMeta = Pick<IndicatorValue, 'key' | 'unit' | 'target' | 'comparison'>

/** A number with grouping and at most `digits` decimals (trailing zeros dropped). */
export function formatNumber(n: number, digits = 1): string {
  return n.toLocaleString('zh-CN', { maximumFractionDigits: digits, useGrouping: true })
}

/** The unit written after a value: %, 分钟, 秒, 份, 件 or nothing. */
export function unitSuffix(meta: ValueMeta): string {
  return meta.unit === 'count' ? (COUNT_SUFFIXES[meta.key] ?? '') : UNIT_SUFFIXES[meta.unit]
}

/**
 * The value in the unit a chart draws: ratios as percentages rounded to one decimal, amounts in
 * 万元 rounded to two, others rounded to one decimal.
 */
export function displayNumber(value: number, unit: IndicatorUnit): number {
  if (unit === 'yuan') return Math.round(value / 100) / 100
  const n = unit === 'ratio' ? value * 100 : value
  return Math.round(n * 10) / 10
}

/** An amount: 8,500 元 below ten thousand, 12.35 万元 from there on. */
export function yuanParts(value: number): { number: string; suffix: string } {
  if (Math.abs(value) >= 10_000) return { number: formatNumber(value / 10_000, 2), suffix: '万元' }
  return { number: formatNumber(value, 2), suffix: '元' }
}

/** The value's number and its unit apart (a card shows the unit smaller); 暂无数据 for null. */
export function valueParts(value: number | null, meta: ValueMeta): { number: string; suffix: string } {
  if (value === null) return { number: NO_DATA, suffix: '' }
  if (meta.unit === 'yuan') return yuanParts(value)
  const n = displayNumber(value, meta.unit)
  const number =
    meta.unit === 'count'
      ? formatNumber(n, 1)
      : n.toLocaleString('zh-CN', { minimumFractionDigits: 1, maximumFractionDigits: 1, useGrouping: true })
  return { number, suffix: unitSuffix(meta) }
}

/** 92.3%, 18.4 分钟, 45.0 秒, 1,204 份, 12.35 万元, or 暂无数据. */
export function formatValue(value: number | null, meta: ValueMeta): string {
  const { number, suffix } = valueParts(value, meta)
  if (!suffix) return number
  return meta.unit === 'ratio' ? `${number}${suffix}` : `${number} ${suffix}`
}

/** A target as written in the programme: 90%, 20 分钟, 60 秒. */
export function formatTarget(target: number, meta: ValueMeta): string {
  if (meta.unit === 'yuan') return formatValue(target, meta)
  const n = formatNumber(displayNumber(target, meta.unit), 1)
  const suffix = unitSuffix(meta)
  if (!suffix) return n
  return meta.unit === 'ratio' ? `${n}${suffix}` : `${n} ${suffix}`
}

const SYMBOLS: Readonly<Record<Exclude<Comparison, ''>, string>> = { '>': '>', '>=': '≥', '<': '<', '<=': '≤' }
const WORDS: Readonly<Record<Exclude<Comparison, ''>, string>> = { '>': '高于', '>=': '不低于', '<': '低于', '<=': '不高于' }

/** A ratio that must reach 100%: written 目标 100% rather than ≥ 100%. */
const isFullMark = (t: TargetMeta) => t.unit === 'ratio' && t.comparison === '>=' && t.target !== null && t.target >= 1

/** 目标 > 90%, 目标 ≤ 20 分钟, 目标 100%; '' without a target. */
export function targetText(t: TargetMeta): string {
  if (t.target === null || t.comparison === '') return ''
  const target = formatTarget(t.target, t)
  return isFullMark(t) ? `目标 ${target}` : `目标 ${SYMBOLS[t.comparison]} ${target}`
}

/** The same in words for screen readers: 目标：高于 90%. */
export function targetWords(t: TargetMeta): string {
  if (t.target === null || t.comparison === '') return '未设目标'
  const target = formatTarget(t.target, t)
  return isFullMark(t) ? `目标：达到 ${target}` : `目标：${WORDS[t.comparison]} ${target}`
}

/** Whether larger values are better (null: no target says). */
export function higherIsBetter(comparison: Comparison): boolean | null {
  if (comparison === '>' || comparison === '>=') return true
  if (comparison === '<' || comparison === '<=') return false
  return null
}

export type MetState = 'met' | 'missed' | 'none' | 'empty'

/** empty: nothing counted; none: no target to meet. */
export function metState(v: Pick<IndicatorValue, 'value' | 'target' | 'met'>): MetState {
  if (v.value === null) return 'empty'
  if (v.target === null || v.met === null) return 'none'
  return v.met ? 'met' : 'missed'
}

export const MET_LABELS: Readonly<Record<MetState, string>> = { met: '达标', missed: '未达标', none: '', empty: NO_DATA }

/** Why there is no value, when the server says (e.g. a feature not in use yet); '' otherwise. */
export const unavailableNote = (v: Pick<IndicatorValue, 'value' | 'note'>): string => (v.value === null ? v.note.trim() : '')

/** What stands where the value would: the server's note, or 暂无数据. */
export const emptyText = (v: Pick<IndicatorValue, 'value' | 'note'>): string => unavailableNote(v) || NO_DATA

const SOURCE_NOUNS: Readonly<Record<IndicatorSource, string>> = {
  applications: '件办件',
  help: '次会话',
  ratings: '条评价',
  reports: '件反映',
  knowledge: '条知识',
  policies: '件兑现',
  reviews: '次预审',
  '': '条',
}

/**
 * What the value is made of, for a hover: 分子 12 / 分母 13; 共 30 件办件，合计 540 分钟;
 * 合计 42 份（30 件办件）.
 */
export function numeratorText(v: Pick<IndicatorValue, 'key' | 'unit' | 'numerator' | 'denominator' | 'source'>): string {
  const num = formatNumber(v.numerator, 1)
  const den = formatNumber(v.denominator, 1)
  const noun = SOURCE_NOUNS[v.source]
  switch (v.unit) {
    case 'ratio':
      return `分子 ${num} / 分母 ${den}`
    case 'minutes':
      return `共 ${den} ${noun}，合计 ${num} 分钟`
    case 'seconds':
      return `共 ${den} ${noun}，合计 ${num} 秒`
    case 'count': {
      const suffix = unitSuffix(v) ? ` ${unitSuffix(v)}` : ''
      return v.numerator === v.denominator ? `合计 ${num}${suffix}` : `合计 ${num}${suffix}（${den} ${noun}）`
    }
    case 'yuan': {
      const sum = formatValue(v.numerator, v)
      return v.denominator > 0 && v.numerator !== v.denominator ? `合计 ${sum}（${den} ${noun}）` : `合计 ${sum}`
    }
  }
}

/** Sections of the overview, in order. */
export const SOURCE_SECTIONS: readonly { source: IndicatorSource; title: string }[] = [
  { source: 'applications', title: '办件服务' },
  { source: 'help', title: '帮办' },
  { source: 'ratings', title: '好差评' },
  { source: 'reports', title: '办不成事' },
  { source: 'knowledge', title: '知识库' },
  { source: 'policies', title: '政策兑现' },
  { source: 'reviews', title: '智能预审' },
]

export const SOURCE_LABELS: Readonly<Record<IndicatorSource, string>> = {
  applications: '办件',
  help: '帮办会话',
  ratings: '好差评评价',
  reports: '办不成事反映',
  knowledge: '知识库条目',
  policies: '政策兑现',
  reviews: '材料预审',
  '': '—',
}

/** The indicators of 帮办: only they may be filtered by the helper's street/town. */
export const isHelpIndicator = (key: string): boolean => key.startsWith('help_') || key.startsWith('first_response_')

/** Whether the server breaks the indicator down by street/town (by=unit): 办件, 免申即享 and 帮办. */
export const breaksDownByUnit = (v: Pick<IndicatorValue, 'key' | 'source'>): boolean =>
  v.source === 'applications' || v.source === 'policies' || v.source === 'help' || isHelpIndicator(v.key)

/**
 * The same by key alone, before the indicator's description has loaded: 好差评, 办不成事 and the
 * knowledge base are not counted per street/town.
 */
export const keyBreaksDownByUnit = (key: string): boolean => !/^(kb_|satisfaction_|ratings_|bad_rating_|cant_do_)/.test(key)

/** Whether the server breaks the indicator down by item (knowledge entries have none). */
export const keyBreaksDownByItem = (key: string): boolean => !key.startsWith('kb_')

/** Whether the indicator has a monthly trend (a stock, such as entries in force at the end, has none). */
export const keyHasTrend = (key: string): boolean => key !== 'kb_entries'

/** Which date of a fact the indicator counts. */
export function dateLabel(key: string, source: IndicatorSource): string {
  if (key === 'first_time_success' || key === 'on_time_rate') return '决定日期'
  if (key === 'policy_amount') return '拨付日期'
  switch (source) {
    case 'policies':
      return '确认日期'
    case 'knowledge':
      return '发布日期'
    case 'applications':
      return '提交日期'
    case 'help':
      return '发起日期'
    case 'ratings':
      return '评价日期'
    case 'reports':
      return '反映日期'
    default:
      return '日期'
  }
}

export const ROW_ID_LABELS: Readonly<Record<IndicatorSource, string>> = {
  applications: '办件编号',
  help: '会话编号',
  ratings: '评价编号',
  reports: '反映编号',
  knowledge: '条目编号',
  policies: '记录编号',
  reviews: '预审编号',
  '': '编号',
}

/**
 * Whether each row is in or out of the numerator. Only share-of-rows ratios: a sum or an average
 * counts every row, and 字段预填率 is a ratio of field sums (analytics/indicators.cpp).
 */
export const rowsSplitByNumerator = (v: Pick<IndicatorValue, 'key' | 'unit'>): boolean => v.unit === 'ratio' && v.key !== 'prefill_fields'

const NUMERATOR_WORDS: Readonly<Record<string, readonly [string, string]>> = {
  prefill_applications: ['使用了预填', '未使用预填'],
  first_time_success: ['一次办成', '未一次办成'],
  on_time_rate: ['按时办结', '超期办结'],
  online_rate: ['网上提交', '窗口提交'],
  help_resolution: ['已解决', '未解决'],
  first_response_within_1min: ['1 分钟内响应', '超过 1 分钟'],
  satisfaction_rate: ['满意或非常满意', '一般或不满意'],
  bad_rating_closure: ['整改已办结', '整改未办结'],
  cant_do_closure: ['已办结归档', '未办结'],
}

/** [in the numerator, not in it], in the indicator's own words. */
export function numeratorWords(key: string): readonly [string, string] {
  return NUMERATOR_WORDS[key] ?? ['计入分子', '未计入分子']
}

const HELP_STATE_LABELS: Readonly<Record<string, string>> = {
  queued: '排队中',
  active: '进行中',
  unstaffed: '无人值守',
  resolved: '已解决',
  closed: '已关闭',
}

/** A fact's status in Chinese: the application's status, the conversation's state, … */
export function rowStatusLabel(source: IndicatorSource, status: string): string {
  const labels: Readonly<Record<string, string>> =
    source === 'applications'
      ? APPLICATION_STATUS_LABELS
      : source === 'help'
        ? HELP_STATE_LABELS
        : source === 'ratings'
          ? TASK_STATE_LABELS
          : source === 'reports'
            ? REPORT_STATUS_LABELS
            : source === 'policies'
              ? GRANT_STATE_LABELS_STAFF
              : source === 'knowledge'
                ? ENTRY_STATUS_LABELS
                : {}
  if (status === '') return source === 'ratings' ? '无整改任务' : '—'
  return labels[status] ?? status
}
