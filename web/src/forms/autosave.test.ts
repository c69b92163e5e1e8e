import { describe, expect, it, vi } from 'vitest'

import { Autosaver, type AutosaveState } from './autosave'

function harness(save: (patch: Record<string, unknown>) => Promise<void>) {
  const timers: { fn: () => void; ms: number; cleared: boolean }[] = []
  const states: AutosaveState[] = []
  const saver = new Autosaver(save, {
    delayMs: 800,
    retryMs: 5000,
    setTimeout: (fn, ms) => {
      const t = { fn, ms, cleared: false }
      timers.push(t)
      return t
    },
    clearTimeout: (h) => {
      ;(h as { cleared: boolean }).cleared = true
    },
    onState: (s) => states.push(s),
  })
  const pending = () => timers.filter((t) => !t.cleared)
  const fire = async () => {
    const t = pending().at(-1)!
    t.cleared = true
    t.fn()
    await new Promise((r) => setTimeout(r, 0))
    return t.ms
  }
  return { saver, timers, states, pending, fire }
}

describe('Autosaver', () => {
  it('saves the changed fields once typing pauses', async () => {
    const save = vi.fn(async () => {})
    const h = harness(save)
    h.saver.mark('company_name', '上')
    h.saver.mark('company_name', '上海')
    h.saver.mark('phone', '138')
    expect(h.pending()).toHaveLength(1)
    expect(await h.fire()).toBe(800)
    expect(save).toHaveBeenCalledExactlyOnceWith({ company_name: '上海', phone: '138' })
    expect(h.saver.state).toBe('saved')
    expect(h.states).toEqual(['pending', 'pending', 'pending', 'saving', 'saved'])
  })

  it('sends changes made during a save in the next one; flush waits for both', async () => {
    const releases: (() => void)[] = []
    const save = vi.fn(() => new Promise<void>((r) => releases.push(r)))
    const h = harness(save)
    const tick = () => new Promise((r) => setTimeout(r, 0))
    h.saver.mark('a', 1)
    const flushed = h.saver.flush()
    await tick()
    h.saver.mark('b', 2) // while the first save is in flight
    expect(h.saver.state).toBe('saving')
    releases[0]!()
    await tick()
    expect(save).toHaveBeenCalledTimes(2)
    releases[1]!()
    expect(await flushed).toBe(true)
    expect(save.mock.calls).toEqual([[{ a: 1 }], [{ b: 2 }]])
    expect(h.saver.hasChanges()).toBe(false)
    expect(h.saver.state).toBe('saved')
  })

  it('keeps failed fields and retries, without overwriting newer values', async () => {
    const save = vi.fn().mockRejectedValueOnce(new Error('offline')).mockResolvedValue(undefined)
    const h = harness(save)
    h.saver.mark('a', 1)
    h.saver.mark('b', 1)
    await h.fire()
    expect(h.saver.state).toBe('error')
    expect(h.saver.hasChanges()).toBe(true)
    h.saver.mark('b', 2)
    expect(await h.fire()).toBe(800)
    expect(save.mock.calls[1]).toEqual([{ a: 1, b: 2 }])
    expect(h.saver.state).toBe('saved')
  })

  it('retries a failed save after a pause and reports flush failures', async () => {
    const save = vi.fn().mockRejectedValue(new Error('offline'))
    const h = harness(save)
    h.saver.mark('a', 1)
    expect(await h.saver.flush()).toBe(false)
    expect(h.pending().at(-1)!.ms).toBe(5000)
  })

  it('sends what is unsaved when disposed', async () => {
    const save = vi.fn(async () => {})
    const h = harness(save)
    h.saver.mark('a', 1)
    h.saver.dispose()
    expect(h.pending()).toHaveLength(0)
    await Promise.resolve()
    expect(save).toHaveBeenCalledWith({ a: 1 })
  })
})
