import { describe, expect, it, vi } from 'vitest'

import { backoffDelay, EventStream, type EventStreamEnv, type WebSocketLike } from './events'

describe('backoffDelay', () => {
  it('doubles from the base up to the cap', () => {
    const noJitter = { base: 1000, max: 30_000, jitter: 0 }
    expect([0, 1, 2, 3, 4, 5, 6, 50].map((a) => backoffDelay(a, noJitter))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ])
  })

  it('spreads retries with jitter below the exponential delay', () => {
    expect(backoffDelay(2, { base: 1000, jitter: 0.5 }, () => 0)).toBe(4000)
    expect(backoffDelay(2, { base: 1000, jitter: 0.5 }, () => 1)).toBe(2000)
    expect(backoffDelay(2, { base: 1000, jitter: 0.5 }, () => 0.5)).toBe(3000)
  })
})

class FakeSocket implements WebSocketLike {
  onopen: ((ev: unknown) => void) | null = null
  onmessage: ((ev: { data: unknown }) => void) | null = null
  onclose: ((ev: unknown) => void) | null = null
  onerror: ((ev: unknown) => void) | null = null
  closed = false
  sent: string[] = []
  close() {
    this.closed = true
  }
  send(data: string) {
    this.sent.push(data)
  }
  open() {
    this.onopen?.({})
  }
  receive(msg: object) {
    this.onmessage?.({ data: JSON.stringify(msg) })
  }
  drop() {
    this.onerror?.({})
    this.onclose?.({})
  }
}

function harness() {
  const sockets: FakeSocket[] = []
  const timers: { fn: () => void; ms: number; cleared: boolean }[] = []
  let now = 0
  const env: EventStreamEnv = {
    createSocket: () => {
      const s = new FakeSocket()
      sockets.push(s)
      return s
    },
    setTimeout: (fn, ms) => {
      const t = { fn, ms, cleared: false }
      timers.push(t)
      return t
    },
    clearTimeout: (h) => {
      ;(h as { cleared: boolean }).cleared = true
    },
    random: () => 0,
  }
  const stream = new EventStream('ws://x/api/v1/events', env, { base: 100, max: 1000, jitter: 0.5 }, () => now)
  const fire = () => {
    const t = timers.filter((x) => !x.cleared).at(-1)!
    t.cleared = true
    t.fn()
    return t.ms
  }
  return { stream, sockets, timers, fire, advance: (ms: number) => (now += ms) }
}

describe('EventStream', () => {
  it('connects on the first subscription and delivers events by type', () => {
    const h = harness()
    const onEvent = vi.fn()
    const other = vi.fn()
    h.stream.subscribe('application.status', { onEvent })
    h.stream.subscribe('chat.message', { onEvent: other })
    expect(h.sockets).toHaveLength(1)
    h.sockets[0]!.open()
    expect(h.stream.state).toBe('open')
    h.sockets[0]!.receive({ type: 'hello', data: { username: 'x' } })
    h.sockets[0]!.receive({ type: 'application.status', data: { id: 7, status: 'accepted' } })
    h.sockets[0]!.onmessage?.({ data: 'not json' })
    expect(onEvent).toHaveBeenCalledExactlyOnceWith({ id: 7, status: 'accepted' })
    expect(other).not.toHaveBeenCalled()
  })

  it('sends frames only while open', () => {
    const h = harness()
    const onError = vi.fn()
    h.stream.subscribe('error', { onEvent: onError })
    expect(h.stream.send('rtc.join', { conversation_id: 1 })).toBe(false)
    h.sockets[0]!.open()
    expect(h.stream.send('rtc.join', { conversation_id: 1 })).toBe(true)
    expect(h.sockets[0]!.sent.map((x) => JSON.parse(x))).toEqual([{ type: 'rtc.join', data: { conversation_id: 1 } }])
    h.sockets[0]!.receive({ type: 'error', data: { code: 'not-joined', ref: 'rtc.signal' } })
    expect(onError).toHaveBeenCalledExactlyOnceWith({ code: 'not-joined', ref: 'rtc.signal' })
    h.sockets[0]!.drop()
    expect(h.stream.send('rtc.leave', { conversation_id: 1 })).toBe(false)
  })

  it('reconnects with growing delays and tells listeners after a reconnect', () => {
    const h = harness()
    const onReconnect = vi.fn()
    const states: string[] = []
    h.stream.subscribe('application.status', { onReconnect, onState: (s) => states.push(s) })
    h.sockets[0]!.open()
    h.sockets[0]!.drop()
    expect(h.stream.state).toBe('waiting')
    expect(h.fire()).toBe(100)
    h.sockets[1]!.drop() // refused (e.g. server restarting)
    expect(h.fire()).toBe(200)
    h.sockets[2]!.drop()
    expect(h.fire()).toBe(400)
    expect(onReconnect).not.toHaveBeenCalled()
    h.sockets[3]!.open()
    expect(onReconnect).toHaveBeenCalledTimes(1)
    expect(states).toEqual(['connecting', 'open', 'waiting', 'connecting', 'waiting', 'connecting', 'waiting', 'connecting', 'open'])
  })

  it('starts the backoff over after a connection that stayed up', () => {
    const h = harness()
    h.stream.subscribe('application.status', {})
    h.sockets[0]!.drop()
    expect(h.fire()).toBe(100)
    h.sockets[1]!.drop()
    expect(h.fire()).toBe(200)
    h.sockets[2]!.open()
    h.advance(60_000)
    h.sockets[2]!.drop()
    expect(h.fire()).toBe(100)
  })

  it('closes when the last listener leaves and on reset', () => {
    const h = harness()
    const off1 = h.stream.subscribe('application.status', {})
    const off2 = h.stream.subscribe('application.status', {})
    h.sockets[0]!.open()
    off1()
    expect(h.sockets[0]!.closed).toBe(false)
    off2()
    expect(h.sockets[0]!.closed).toBe(true)
    expect(h.stream.state).toBe('idle')

    h.stream.subscribe('application.status', {})
    h.sockets[1]!.drop()
    h.stream.reset()
    expect(h.timers.at(-1)!.cleared).toBe(true)
    expect(h.stream.state).toBe('idle')
    // A late close of the old socket does not schedule anything.
    h.sockets[1]!.onclose?.({})
    expect(h.timers.filter((t) => !t.cleared)).toHaveLength(0)
  })
})
