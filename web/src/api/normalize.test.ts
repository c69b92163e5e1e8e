import { describe, expect, it } from 'vitest'

import { actionBody, int, list, normalizeSteps, oneOf, queryString, str } from './normalize'

describe('reading raw values', () => {
  it('turns missing or mistyped values into empty ones', () => {
    expect(str(7)).toBe('7')
    expect(str(null)).toBe('')
    expect(int('12')).toBe(12)
    expect(int(-3)).toBe(0)
    expect(int('1.5')).toBe(0)
    expect(list([{ a: 1 }, 2, null, [3]])).toEqual([{ a: 1 }])
    expect(oneOf(['a', 'b'] as const, 'c', 'a')).toBe('a')
    expect(oneOf(['a', 'b'] as const, 'b', 'a')).toBe('b')
  })

  it('reads workflow steps, oldest first as sent', () => {
    expect(normalizeSteps([{ at: '2026-11-27T02:00:00Z', actor: 'system', action: 'opened', note: 5 }, 'x', { action: 'closed' }])).toEqual([
      { at: '2026-11-27T02:00:00Z', actor: 'system', action: 'opened', note: '5' },
      { at: '', actor: '', action: 'closed', note: '' },
    ])
    expect(normalizeSteps(undefined)).toEqual([])
  })
})

describe('writing requests', () => {
  it('builds a query of the parameters that have a value', () => {
    expect(queryString({ state: 'open', department: '', overdue: undefined })).toBe('?state=open')
    expect(queryString({})).toBe('')
  })

  it('trims texts and leaves out empty optional ones and undefined fields', () => {
    const body = { note: '  ', reply: ' 已答复 ', resolved: false, extra: undefined }
    expect(actionBody(body, (k) => k === 'note')).toEqual({ reply: '已答复', resolved: false })
    expect(actionBody(body, () => false)).toEqual({ note: '', reply: '已答复', resolved: false })
  })
})
