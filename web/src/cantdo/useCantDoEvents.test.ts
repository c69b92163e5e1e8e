import { describe, expect, it } from 'vitest'

import { parseCantDoEvent } from './useCantDoEvents'

describe('parseCantDoEvent', () => {
  it('reads the id and what came with it', () => {
    expect(parseCantDoEvent({ id: 4, status: 'assigned' })).toEqual({ id: 4, status: 'assigned', level: undefined, title: undefined })
    expect(parseCantDoEvent({ id: 4, level: 2 })).toMatchObject({ id: 4, level: 2 })
    expect(parseCantDoEvent({ id: 1, title: '社保卡补办证明精简' })).toMatchObject({ title: '社保卡补办证明精简' })
  })

  it('ignores events without a usable id', () => {
    expect(parseCantDoEvent(null)).toBeNull()
    expect(parseCantDoEvent({ id: '4' })).toBeNull()
    expect(parseCantDoEvent({ id: 0 })).toBeNull()
  })
})
