// 对方正在输入…: a party sends `chat.typing` at most every 2 s while typing (the server throttles
// too), and the other side shows the hint for 4 s after the last event.

export const TYPING_EVERY_MS = 2_000
export const TYPING_SHOWN_MS = 4_000
export const TYPING_TEXT = '对方正在输入…'

/** Whether to send a typing event now; remembers when it last said yes. */
export class TypingThrottle {
  private last = -Infinity
  constructor(private readonly every = TYPING_EVERY_MS) {}
  shouldSend(now: number): boolean {
    if (now - this.last < this.every) return false
    this.last = now
    return true
  }
  /** After a message is sent the next keystroke is news again. */
  reset(): void {
    this.last = -Infinity
  }
}

/** The hint shows for `shown` ms after the last typing event (0: none yet). */
export function typingVisible(lastEventAt: number, now: number, shown = TYPING_SHOWN_MS): boolean {
  return lastEventAt > 0 && now - lastEventAt < shown
}
