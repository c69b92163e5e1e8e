import { describe, expect, it } from 'vitest'

import { canRetry, inCall, nextPhase, PHASE_LABELS, type RtcInput, type RtcPhase } from './phase'

const run = (inputs: RtcInput[], from: RtcPhase = 'idle') => inputs.reduce(nextPhase, from)

describe('nextPhase', () => {
  it('joins, waits for the other party, connects', () => {
    expect(run([{ kind: 'join' }])).toBe('joining')
    expect(run([{ kind: 'join' }, { kind: 'joined', peerPresent: false }])).toBe('waiting')
    expect(run([{ kind: 'join' }, { kind: 'joined', peerPresent: false }, { kind: 'peer-joined' }])).toBe('connecting')
    expect(run([{ kind: 'join' }, { kind: 'joined', peerPresent: true }, { kind: 'connection', state: 'connected' }])).toBe(
      'connected',
    )
  })

  it('says when the peer leaves, comes back, or the connection fails', () => {
    expect(run([{ kind: 'peer-left' }], 'connected')).toBe('peer-left')
    expect(run([{ kind: 'peer-left' }, { kind: 'peer-joined' }], 'connected')).toBe('connecting')
    expect(run([{ kind: 'connection', state: 'disconnected' }], 'connected')).toBe('connecting')
    expect(run([{ kind: 'connection', state: 'failed' }], 'connecting')).toBe('failed')
    // A closing connection after the peer left does not hide 对方已离开.
    expect(run([{ kind: 'connection', state: 'failed' }], 'peer-left')).toBe('peer-left')
  })

  it('takes a refusal only before the other party joined', () => {
    expect(run([{ kind: 'declined' }], 'waiting')).toBe('declined')
    expect(run([{ kind: 'declined' }], 'connected')).toBe('connected')
  })

  it('ends for good on hang-up or when another tab takes over', () => {
    expect(run([{ kind: 'hangup' }, { kind: 'peer-joined' }], 'connected')).toBe('ended')
    expect(run([{ kind: 'replaced' }, { kind: 'joined', peerPresent: true }], 'connected')).toBe('replaced')
  })

  it('fails on refusals from the server, not on transient errors; rejoins after a socket drop', () => {
    expect(run([{ kind: 'error', code: 'conversation-not-active' }], 'joining')).toBe('failed')
    expect(run([{ kind: 'error', code: 'forbidden' }], 'joining')).toBe('failed')
    expect(run([{ kind: 'error', code: 'peer-absent' }], 'connecting')).toBe('connecting')
    expect(run([{ kind: 'socket-lost' }], 'connected')).toBe('joining')
    expect(run([{ kind: 'socket-lost' }], 'idle')).toBe('idle')
  })

  it('words every phase in Chinese', () => {
    expect(PHASE_LABELS.connecting).toBe('连接中')
    expect(PHASE_LABELS.connected).toBe('已连接')
    expect(PHASE_LABELS['peer-left']).toBe('对方已离开')
    expect(PHASE_LABELS.failed).toBe('连接失败')
    expect(canRetry('failed') && canRetry('declined') && !canRetry('connected')).toBe(true)
    expect(inCall('connected') && !inCall('waiting')).toBe(true)
  })
})
