import { onBeforeUnmount } from 'vue'

/** `fn` delayed until `ms` passed without another call; `flush` runs a pending call now. */
export function useDebouncedFn<A extends unknown[]>(fn: (...args: A) => void, ms: number) {
  let timer: ReturnType<typeof setTimeout> | null = null
  let pending: A | null = null
  const call = (...args: A) => {
    pending = args
    if (timer) clearTimeout(timer)
    timer = setTimeout(flush, ms)
  }
  function flush() {
    if (timer) clearTimeout(timer)
    timer = null
    const args = pending
    pending = null
    if (args) fn(...args)
  }
  const cancel = () => {
    if (timer) clearTimeout(timer)
    timer = null
    pending = null
  }
  onBeforeUnmount(cancel)
  return { call, flush, cancel, isPending: () => pending !== null }
}
