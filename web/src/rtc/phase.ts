// The remote window's connection phase as a pure state machine: what the signalling and the peer
// connection report moves it, and each phase has the Chinese wording the window shows.

export type RtcPhase =
  | 'idle' // not started
  | 'joining' // entering the room (or waiting for the event socket to come back)
  | 'waiting' // in the room, the other party is not
  | 'connecting' // both in the room, the peer connection is being set up
  | 'connected'
  | 'peer-left'
  | 'declined' // the other party refused the invitation before joining
  | 'failed'
  | 'replaced' // this party opened the window in another tab
  | 'ended' // hung up here

export type RtcInput =
  | { kind: 'join' }
  | { kind: 'joined'; peerPresent: boolean }
  | { kind: 'peer-joined' }
  | { kind: 'peer-left' }
  /** RTCPeerConnection.connectionState */
  | { kind: 'connection'; state: string }
  | { kind: 'declined' }
  | { kind: 'replaced' }
  /** The server refused a frame (`code` as in the error event). */
  | { kind: 'error'; code: string }
  | { kind: 'socket-lost' }
  | { kind: 'hangup' }

const FINAL: ReadonlySet<RtcPhase> = new Set(['ended', 'replaced'])

/** Errors that end the attempt; others (peer-absent while the peer reconnects, …) are transient. */
const FATAL_ERRORS: ReadonlySet<string> = new Set(['forbidden', 'not-found', 'not_found', 'conversation-not-active', 'no-helper'])

export function nextPhase(phase: RtcPhase, input: RtcInput): RtcPhase {
  if (input.kind === 'hangup') return 'ended'
  if (FINAL.has(phase)) return phase
  switch (input.kind) {
    case 'join':
      return 'joining'
    case 'socket-lost':
      return phase === 'idle' ? phase : 'joining'
    case 'joined':
      return input.peerPresent ? 'connecting' : 'waiting'
    case 'peer-joined':
      return phase === 'idle' ? phase : 'connecting'
    case 'peer-left':
      return phase === 'idle' ? phase : 'peer-left'
    case 'connection':
      if (phase !== 'connecting' && phase !== 'connected') return phase
      if (input.state === 'connected') return 'connected'
      if (input.state === 'failed') return 'failed'
      if (input.state === 'disconnected' || input.state === 'connecting' || input.state === 'new') return 'connecting'
      return phase
    case 'declined':
      return phase === 'waiting' || phase === 'joining' ? 'declined' : phase
    case 'replaced':
      return 'replaced'
    case 'error':
      return FATAL_ERRORS.has(input.code) ? 'failed' : phase
  }
}

export const PHASE_LABELS: Readonly<Record<RtcPhase, string>> = {
  idle: '未开始',
  joining: '连接中',
  waiting: '等待对方加入…',
  connecting: '连接中',
  connected: '已连接',
  'peer-left': '对方已离开',
  declined: '对方已拒绝',
  failed: '连接失败',
  replaced: '已在其他窗口打开',
  ended: '已挂断',
}

export const PHASE_TONES: Readonly<Record<RtcPhase, 'primary' | 'success' | 'warning' | 'info' | 'danger'>> = {
  idle: 'info',
  joining: 'primary',
  waiting: 'warning',
  connecting: 'primary',
  connected: 'success',
  'peer-left': 'warning',
  declined: 'warning',
  failed: 'danger',
  replaced: 'info',
  ended: 'info',
}

/** The phases in which the window may (re)join: after a failure, the peer leaving or a refusal. */
export function canRetry(phase: RtcPhase): boolean {
  return phase === 'failed' || phase === 'declined' || phase === 'replaced'
}

/** The window has a live call whose streams should show. */
export function inCall(phase: RtcPhase): boolean {
  return phase === 'connecting' || phase === 'connected'
}
