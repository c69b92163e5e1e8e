// The order of a staff queue (待办件, 整改任务, 办不成事): the most urgent work first — by the
// queue's own urgency buckets, then within a bucket by the queue's own keys (most often the
// earliest deadline first, undated work after dated work, then the oldest).

/** Negative when `a` goes first, positive when `b` does, 0 when the order does not tell them apart. */
export type Compare<T> = (a: T, b: T) => number

/** Smaller first: numbers by value, text code unit by code unit (ISO dates and times sort as they read). */
export function ascending<T>(key: (item: T) => number | string): Compare<T> {
  return (a, b) => {
    const x = key(a)
    const y = key(b)
    return x < y ? -1 : x > y ? 1 : 0
  }
}

/** Larger first (the latest, the newest). */
export function descending<T>(key: (item: T) => number | string): Compare<T> {
  const asc = ascending(key)
  return (a, b) => asc(b, a)
}

/** The earliest deadline (YYYY-MM-DD) first; none ('', null, undefined) after every dated one. */
export function byDeadline<T>(due: (item: T) => string | null | undefined): Compare<T> {
  return (a, b) => {
    const x = due(a) || ''
    const y = due(b) || ''
    if (x === y) return 0
    if (!x) return 1
    if (!y) return -1
    return x < y ? -1 : 1
  }
}

/** The first of `orders` that tells two items apart decides. */
export function thenBy<T>(...orders: Compare<T>[]): Compare<T> {
  return (a, b) => {
    for (const order of orders) {
      const d = order(a, b)
      if (d !== 0) return d
    }
    return 0
  }
}

/** The queue's order: by `rank` (its urgency bucket, most urgent lowest), then by `within`. */
export function urgencyOrder<T>(rank: (item: T) => number, ...within: Compare<T>[]): Compare<T> {
  return thenBy(ascending(rank), ...within)
}

/** A sorted copy of `items` in `urgencyOrder(rank, ...within)`; `items` is left as it is. */
export function sortUrgentFirst<T>(items: readonly T[], rank: (item: T) => number, ...within: Compare<T>[]): T[] {
  return [...items].sort(urgencyOrder(rank, ...within))
}
