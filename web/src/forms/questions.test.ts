import { describe, expect, it } from 'vitest'

import type { Question } from '@/api/catalog'

import { answerProblem, answerText, initialAnswer, progressPercent } from './questions'

const q = (over: Partial<Question>): Question => ({
  id: 'x',
  text: '问题',
  help: '',
  type: 'bool',
  options: [],
  decimals: 0,
  decides: [],
  ...over,
})

const select = q({ type: 'select', options: [{ value: 'a', label: '甲' }, { value: 'b', label: '乙' }] })
const multi = q({ type: 'multi_select', options: select.options })

describe('answers', () => {
  it('checks each question type', () => {
    expect(answerProblem(q({}), true)).toBeNull()
    expect(answerProblem(q({}), undefined)).toBe('请选择“是”或“否”')
    expect(answerProblem(select, 'a')).toBeNull()
    expect(answerProblem(select, 'c')).toBe('请选择一项')
    expect(answerProblem(multi, [])).toBeNull()
    expect(answerProblem(q({ type: 'number', min: 1, max: 500 }), 0)).toBe('不能小于 1')
    expect(answerProblem(q({ type: 'number' }), 2.5)).toBe('请输入整数')
    expect(answerProblem(q({ type: 'number', decimals: 1 }), 2.5)).toBeNull()
    expect(answerProblem(q({ type: 'number' }), 'abc')).toBe('请输入数字')
    expect(initialAnswer(multi)).toEqual([])
    expect(initialAnswer(select)).toBeUndefined()
  })

  it('reads answers back for the review step', () => {
    expect(answerText(q({}), false)).toBe('否')
    expect(answerText(select, 'b')).toBe('乙')
    expect(answerText(multi, ['a', 'b'])).toBe('甲、乙')
    expect(answerText(multi, [])).toBe('均不适用')
    expect(answerText(select, undefined)).toBe('未回答')
  })
})

describe('progressPercent', () => {
  it('grows as questions are answered and reaches 100 only when done', () => {
    expect(progressPercent(0, 1, 5, false)).toBe(0)
    expect(progressPercent(2, 1, 5, false)).toBe(40)
    expect(progressPercent(4, 1, 5, false)).toBe(80)
    // More asked than the bundle's own list (member items' questions join in).
    expect(progressPercent(5, 2, 5, false)).toBe(71)
    expect(progressPercent(9, 1, 5, false)).toBe(90)
    expect(progressPercent(5, 0, 5, true)).toBe(100)
    expect(progressPercent(0, 0, 0, false)).toBe(0)
  })
})
