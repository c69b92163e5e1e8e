import { describe, expect, it } from 'vitest'

import { ascending, byDeadline, descending, sortUrgentFirst, thenBy, urgencyOrder } from './urgency'

interface Item {
  id: number
  rank: number
  due: string | null
}
const item = (id: number, rank: number, due: string | null = null): Item => ({ id, rank, due })
const ids = (items: readonly Item[]) => items.map((i) => i.id)

describe('orders', () => {
  it('compares numbers and ISO text ascending or descending', () => {
    expect(ascending((n: number) => n)(1, 2)).toBeLessThan(0)
    expect(ascending((s: string) => s)('2026-03-10', '2026-03-09')).toBeGreaterThan(0)
    expect(ascending((s: string) => s)('a', 'a')).toBe(0)
    expect(descending((s: string) => s)('2026-03-10T08:00:00Z', '2026-03-10T09:00:00Z')).toBeGreaterThan(0)
  })

  it('puts the earliest deadline first and work without one last', () => {
    const order = byDeadline((i: Item) => i.due)
    const sorted = [item(1, 0), item(2, 0, '2026-03-10'), item(3, 0, ''), item(4, 0, '2026-03-01')].sort(order)
    expect(ids(sorted)).toEqual([4, 2, 1, 3])
    expect(order(item(1, 0), item(2, 0, ''))).toBe(0)
  })

  it('lets the first order that tells two items apart decide', () => {
    const order = thenBy(
      ascending((i: Item) => i.rank),
      descending((i: Item) => i.id),
    )
    expect(order(item(1, 0), item(2, 1))).toBeLessThan(0)
    expect(order(item(1, 1), item(2, 1))).toBeGreaterThan(0)
    expect(thenBy<Item>()(item(1, 0), item(2, 0))).toBe(0)
  })
})

describe('sortUrgentFirst', () => {
  it('sorts by urgency bucket, then within a bucket, without changing the input', () => {
    const items = [item(1, 2, '2026-03-01'), item(2, 0, '2026-03-09'), item(3, 1), item(4, 0, '2026-03-02'), item(5, 1, '2026-03-05'), item(6, 0, '2026-03-02')]
    const sorted = sortUrgentFirst(items, (i) => i.rank, byDeadline((i) => i.due), ascending((i) => i.id))
    expect(ids(sorted)).toEqual([4, 6, 2, 5, 3, 1])
    expect(ids(items)).toEqual([1, 2, 3, 4, 5, 6])
  })

  it('orders finished work its own way when asked', () => {
    const finished = (i: Item) => i.rank === 9
    const within = (a: Item, b: Item) => (finished(a) ? descending((i: Item) => i.id)(a, b) : ascending((i: Item) => i.id)(a, b))
    expect(ids([item(1, 9), item(2, 0), item(3, 9), item(4, 0)].sort(urgencyOrder((i) => i.rank, within)))).toEqual([2, 4, 3, 1])
  })
})
