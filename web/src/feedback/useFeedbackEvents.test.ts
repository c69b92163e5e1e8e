import { describe, expect, it } from 'vitest'

import { parseFeedbackEvent } from './useFeedbackEvents'

describe('parseFeedbackEvent', () => {
  it('reads the task id and what came with it', () => {
    expect(parseFeedbackEvent({ id: 3, rating: 7, state: 'opened', level: 1 })).toEqual({ id: 3, rating: 7, state: 'opened', level: 1, department: undefined })
    expect(parseFeedbackEvent({ id: 4, department: 'scjg' })).toMatchObject({ id: 4, department: 'scjg' })
  })

  it('ignores events without a task', () => {
    expect(parseFeedbackEvent(null)).toBeNull()
    expect(parseFeedbackEvent({ id: 0 })).toBeNull()
    expect(parseFeedbackEvent({ id: '3' })).toBeNull()
  })
})
