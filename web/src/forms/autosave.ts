// Autosave of a draft: changed fields are saved a moment after typing stops (the server merges
// them into the draft). One save at a time; changes made meanwhile go in the next one; a failed
// save keeps its fields (unless changed again since) and is retried.

export type AutosaveState = 'idle' | 'pending' | 'saving' | 'saved' | 'error'

export interface AutosaveOptions {
  /** Quiet time after the last change before saving, ms. */
  delayMs?: number
  /** Wait before retrying a failed save, ms. */
  retryMs?: number
  setTimeout?: (fn: () => void, ms: number) => unknown
  clearTimeout?: (handle: unknown) => void
  /** Told about every state change. */
  onState?: (state: AutosaveState, error?: unknown) => void
}

export class Autosaver {
  private dirty: Record<string, unknown> = {}
  private timer: unknown = null
  private inflight: Promise<boolean> | null = null
  private state_: AutosaveState = 'idle'
  private readonly delayMs: number
  private readonly retryMs: number
  private readonly set: (fn: () => void, ms: number) => unknown
  private readonly clear: (handle: unknown) => void

  constructor(
    private readonly save: (patch: Record<string, unknown>) => Promise<void>,
    private readonly options: AutosaveOptions = {},
  ) {
    this.delayMs = options.delayMs ?? 800
    this.retryMs = options.retryMs ?? 5000
    this.set = options.setTimeout ?? ((fn, ms) => setTimeout(fn, ms))
    this.clear = options.clearTimeout ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>))
  }

  get state(): AutosaveState {
    return this.state_
  }

  hasChanges(): boolean {
    return Object.keys(this.dirty).length > 0
  }

  /** Records a changed field; it is saved once no change came for `delayMs`. */
  mark(key: string, value: unknown): void {
    this.dirty = { ...this.dirty, [key]: value }
    if (this.state_ !== 'saving') this.setState('pending')
    this.schedule(this.delayMs)
  }

  /** Saves everything now (before submit or leaving). Resolves false if saving failed. */
  async flush(): Promise<boolean> {
    this.cancelTimer()
    while (this.inflight) await this.inflight
    while (this.hasChanges()) {
      this.inflight = this.run().finally(() => (this.inflight = null))
      if (!(await this.inflight)) return false
    }
    return true
  }

  /** Stops the timers; whatever is unsaved goes out now (fire and forget). */
  dispose(): void {
    this.cancelTimer()
    if (this.hasChanges() && !this.inflight) void this.run(false)
  }

  private setState(s: AutosaveState, error?: unknown): void {
    this.state_ = s
    this.options.onState?.(s, error)
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.clear(this.timer)
    this.timer = null
  }

  private schedule(ms: number): void {
    this.cancelTimer()
    this.timer = this.set(() => {
      this.timer = null
      void this.flush()
    }, ms)
  }

  private async run(retry = true): Promise<boolean> {
    const patch = this.dirty
    this.dirty = {}
    this.setState('saving')
    try {
      await this.save(patch)
      this.setState(this.hasChanges() ? 'pending' : 'saved')
      return true
    } catch (e) {
      this.dirty = { ...patch, ...this.dirty }
      this.setState('error', e)
      if (retry) this.schedule(this.retryMs)
      return false
    }
  }
}
