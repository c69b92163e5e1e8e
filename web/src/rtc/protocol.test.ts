import { describe, expect, it } from 'vitest'

import { frameData, otherRole, parseEnded, parseInvite, parseJoined, parsePeer, parseSignalEvent } from './protocol'

describe('rtc events', () => {
  it('are read from the server’s frames', () => {
    expect(parseInvite({ conversation_id: 7, from: 'helper', from_name: '王帮办' })).toEqual({
      conversation: 7,
      from: 'helper',
      fromName: '王帮办',
    })
    expect(parseJoined({ conversation_id: 7, role: 'applicant', peer_present: true })).toEqual({
      conversation: 7,
      role: 'applicant',
      peerPresent: true,
    })
    expect(parsePeer({ conversation_id: 7, role: 'helper', event: 'left' })).toEqual({ conversation: 7, role: 'helper', event: 'left' })
    expect(parseSignalEvent({ conversation_id: 7, from: 'helper', signal: { candidate: null } })?.signal).toEqual({ candidate: null })
    expect(parseEnded({ conversation_id: 7, reason: 'replaced' })).toEqual({ conversation: 7, reason: 'replaced' })
  })

  it('are null when malformed', () => {
    expect(parseInvite({ conversation_id: '7', from: 'helper' })).toBeNull()
    expect(parseInvite({ conversation_id: 7, from: 'admin' })).toBeNull()
    expect(parseJoined(null)).toBeNull()
    expect(parsePeer({ conversation_id: 7, role: 'helper', event: 'gone' })).toBeNull()
    expect(parseSignalEvent({ conversation_id: 7, from: 'helper', signal: 'x' })).toBeNull()
    expect(parseEnded({ conversation_id: -1 })).toBeNull()
  })

  it('frames carry the conversation id', () => {
    expect(frameData(3, { signal: { candidate: null } })).toEqual({ conversation_id: 3, signal: { candidate: null } })
    expect(otherRole('helper')).toBe('applicant')
  })
})
