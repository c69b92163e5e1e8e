import { describe, expect, it } from 'vitest'

import { TypingThrottle, typingVisible } from './typing'

describe('typing', () => {
  it('sends at most every 2 s, again at once after a message', () => {
    const t = new TypingThrottle()
    expect([0, 500, 1999, 2000, 3000, 4100].map((ms) => t.shouldSend(ms))).toEqual([true, false, false, true, false, true])
    t.reset()
    expect(t.shouldSend(4200)).toBe(true)
  })

  it('shows the hint for 4 s after the last event', () => {
    expect(typingVisible(0, 100)).toBe(false)
    expect(typingVisible(1000, 4999)).toBe(true)
    expect(typingVisible(1000, 5000)).toBe(false)
  })
})
