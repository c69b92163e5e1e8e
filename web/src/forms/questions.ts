// Situation questions (情形): whether an answer is complete, and how far along the questionnaire is.

import type { Question } from '@/api/catalog'

/** The problem with an answer, or null when it answers the question. */
export function answerProblem(q: Question, v: unknown): string | null {
  switch (q.type) {
    case 'bool':
      return typeof v === 'boolean' ? null : '请选择“是”或“否”'
    case 'select':
      return typeof v === 'string' && q.options.some((o) => o.value === v) ? null : '请选择一项'
    case 'multi_select':
      // No box ticked is an answer too ("none of these").
      return Array.isArray(v) ? null : '请选择适用的选项（都不适用可直接下一步）'
    case 'number': {
      if (typeof v !== 'number' || !Number.isFinite(v)) return '请输入数字'
      if (q.decimals === 0 && !Number.isInteger(v)) return '请输入整数'
      if (q.min !== undefined && v < q.min) return `不能小于 ${q.min}`
      if (q.max !== undefined && v > q.max) return `不能大于 ${q.max}`
      return null
    }
  }
}

/** Multi-select questions start answered with "none" so that "next" works without ticking. */
export function initialAnswer(q: Question): unknown {
  return q.type === 'multi_select' ? [] : undefined
}

/**
 * Progress through a questionnaire whose length is not known up front (questions depend on
 * earlier answers): answered / (answered + now asked + at most the rest of the bundle's questions).
 * 100 once the server says it is done.
 */
export function progressPercent(answered: number, asking: number, totalKnown: number, done: boolean): number {
  if (done) return 100
  const remaining = Math.max(asking, totalKnown - answered)
  const total = answered + remaining
  if (total <= 0) return 0
  return Math.min(95, Math.round((answered / total) * 100))
}

/** An answer as people read it (review step). */
export function answerText(q: Question, v: unknown): string {
  if (v === undefined || v === null) return '未回答'
  switch (q.type) {
    case 'bool':
      return v === true ? '是' : v === false ? '否' : String(v)
    case 'select':
      return q.options.find((o) => o.value === v)?.label ?? String(v)
    case 'multi_select':
      return Array.isArray(v) && v.length
        ? v.map((x) => q.options.find((o) => o.value === x)?.label ?? String(x)).join('、')
        : '均不适用'
    case 'number':
      return String(v)
  }
}
