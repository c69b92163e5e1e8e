// The server's event stream (WebSocket /api/v1/events, authenticated by the session cookie):
// application status changes for the applicant and the handling department, 帮办's chat events,
// and the 远程虚拟窗口's signalling. One connection per tab, opened while someone listens,
// reconnecting with exponential backoff after a drop.
//
// Events can be missed while disconnected, so listeners also get `onReconnect` to reload what
// they show. The client may send frames too (`send`: {type, data}); a frame the server refuses
// comes back as an `error` event {code, title, detail, ref: the frame's type}.

export interface ServerEvent<T = unknown> {
  type: string
  data: T
}

/** `application.status`: sent for every status change of an application. */
export interface ApplicationStatusEvent {
  id: number
  parent_id: number | null
  code: string
  name: string
  status: string
  status_label: string
}

export interface BackoffOptions {
  /** First delay, ms. */
  base?: number
  /** Longest delay, ms. */
  max?: number
  /** 0..1: the delay is drawn from [d·(1−jitter), d]. */
  jitter?: number
}

/**
 * The delay before reconnect attempt `attempt` (0 = first retry): base·2^attempt capped at max,
 * with jitter so that many tabs do not reconnect in step after a server restart.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const base = options.base ?? 1000
  const max = options.max ?? 30_000
  const jitter = options.jitter ?? 0.5
  const exp = Math.min(max, base * 2 ** Math.max(0, Math.min(attempt, 30)))
  return Math.round(exp * (1 - jitter * random()))
}

export type ConnectionState = 'idle' | 'connecting' | 'open' | 'waiting'

/** The parts of the browser environment the stream uses, replaceable in tests. */
export interface EventStreamEnv {
  createSocket(url: string): WebSocketLike
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
  random(): number
}

export interface WebSocketLike {
  onopen: ((ev: unknown) => void) | null
  onmessage: ((ev: { data: unknown }) => void) | null
  onclose: ((ev: unknown) => void) | null
  onerror: ((ev: unknown) => void) | null
  close(code?: number, reason?: string): void
  send(data: string): void
}

/** `error`: the server refused a frame this tab sent. */
export interface SocketErrorEvent {
  code: string
  title: string
  detail: string
  /** The refused frame's type (e.g. `rtc.signal`). */
  ref: string
}

export interface Subscription {
  /** Called with every event of the type. */
  onEvent?: (data: unknown) => void
  /** Called when the connection came back after a drop (events may have been missed). */
  onReconnect?: () => void
  /** Called whenever the connection state changes. */
  onState?: (state: ConnectionState) => void
}

/** A message that stayed open this long counts as a working connection: backoff starts over. */
const STABLE_MS = 10_000

export class EventStream {
  private socket: WebSocketLike | null = null
  private timer: unknown = null
  private attempt = 0
  private openedAt: number | null = null
  private everOpened = false
  private state_: ConnectionState = 'idle'
  private readonly subs = new Map<string, Set<Subscription>>()

  constructor(
    private readonly url: string,
    private readonly env: EventStreamEnv,
    private readonly backoff: BackoffOptions = {},
    private readonly now: () => number = () => Date.now(),
  ) {}

  get state(): ConnectionState {
    return this.state_
  }

  /** Listens to events of `type`; connects when the first listener comes. Returns the unsubscribe. */
  subscribe(type: string, sub: Subscription): () => void {
    let set = this.subs.get(type)
    if (!set) this.subs.set(type, (set = new Set()))
    set.add(sub)
    if (this.state_ === 'idle') this.connect()
    else sub.onState?.(this.state_)
    return () => {
      set.delete(sub)
      if (set.size === 0) this.subs.delete(type)
      if (this.subs.size === 0) this.stop()
    }
  }

  /**
   * Sends a frame {type, data} now. False when the connection is not open (nothing is queued:
   * callers that must reach the server act again on the next `open` state).
   */
  send(type: string, data: unknown): boolean {
    if (this.state_ !== 'open' || !this.socket) return false
    try {
      this.socket.send(JSON.stringify({ type, data }))
      return true
    } catch {
      return false
    }
  }

  /** Closes the connection and forgets the listeners (logout). */
  reset(): void {
    this.subs.clear()
    this.stop()
  }

  private listeners(): Subscription[] {
    return [...this.subs.values()].flatMap((s) => [...s])
  }

  private setState(s: ConnectionState): void {
    if (this.state_ === s) return
    this.state_ = s
    for (const sub of this.listeners()) sub.onState?.(s)
  }

  private connect(): void {
    this.timer = null
    this.setState('connecting')
    let socket: WebSocketLike
    try {
      socket = this.env.createSocket(this.url)
    } catch {
      this.retry()
      return
    }
    this.socket = socket
    socket.onopen = () => {
      if (this.socket !== socket) return
      this.openedAt = this.now()
      const reconnected = this.everOpened
      this.everOpened = true
      this.setState('open')
      if (reconnected) for (const sub of this.listeners()) sub.onReconnect?.()
    }
    socket.onmessage = (ev) => {
      if (this.socket !== socket) return
      let msg: ServerEvent
      try {
        msg = JSON.parse(String(ev.data)) as ServerEvent
      } catch {
        return
      }
      if (!msg || typeof msg.type !== 'string') return
      for (const sub of this.subs.get(msg.type) ?? []) sub.onEvent?.(msg.data)
    }
    socket.onclose = () => {
      if (this.socket !== socket) return
      this.socket = null
      if (this.openedAt !== null && this.now() - this.openedAt >= STABLE_MS) this.attempt = 0
      this.openedAt = null
      this.retry()
    }
    socket.onerror = () => {
      // onclose follows and schedules the retry.
    }
  }

  private retry(): void {
    if (this.subs.size === 0) {
      this.setState('idle')
      return
    }
    this.setState('waiting')
    const delay = backoffDelay(this.attempt++, this.backoff, this.env.random)
    this.timer = this.env.setTimeout(() => this.connect(), delay)
  }

  private stop(): void {
    if (this.timer !== null) this.env.clearTimeout(this.timer)
    this.timer = null
    const s = this.socket
    this.socket = null
    s?.close(1000, 'done')
    this.attempt = 0
    this.openedAt = null
    this.everOpened = false
    this.setState('idle')
  }
}

function browserEnv(): EventStreamEnv {
  return {
    createSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
    setTimeout: (fn, ms) => window.setTimeout(fn, ms),
    clearTimeout: (h) => window.clearTimeout(h as number),
    random: Math.random,
  }
}

let shared: EventStream | null = null

/** The tab's event stream (same origin as the page). */
export function eventStream(): EventStream {
  if (!shared) {
    const proto = window.location.protocol === 'https:' ? 'wss:' : 'ws:'
    shared = new EventStream(`${proto}//${window.location.host}/api/v1/events`, browserEnv())
  }
  return shared
}

/** Drops the connection (after logout: the socket still carries the old session). */
export function resetEventStream(): void {
  shared?.reset()
}
