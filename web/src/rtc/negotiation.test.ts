import { describe, expect, it } from 'vitest'

import { isInitiator, isPolite, Negotiator, parseSignal, type Description, type NegotiatingPeer, type Signal } from './negotiation'

/** Just enough of RTCPeerConnection's signalling state machine (JSEP) to negotiate. */
class FakePeer implements NegotiatingPeer {
  signalingState = 'stable'
  localDescription: { type: string; sdp: string } | null = null
  remote: Description | null = null
  candidates: unknown[] = []
  constructor(private readonly name: string) {}
  async setLocalDescription(): Promise<void> {
    await Promise.resolve()
    if (this.signalingState === 'stable') {
      this.signalingState = 'have-local-offer'
      this.localDescription = { type: 'offer', sdp: `offer:${this.name}` }
    } else if (this.signalingState === 'have-remote-offer') {
      this.signalingState = 'stable'
      this.localDescription = { type: 'answer', sdp: `answer:${this.name}` }
    } else throw new Error(`setLocalDescription in ${this.signalingState}`)
  }
  async setRemoteDescription(d: Description): Promise<void> {
    await Promise.resolve()
    if (d.type === 'offer') {
      // have-local-offer: an implicit rollback, as browsers do
      this.signalingState = 'have-remote-offer'
    } else if (d.type === 'answer') {
      if (this.signalingState !== 'have-local-offer') throw new Error('answer without an offer')
      this.signalingState = 'stable'
    }
    this.remote = d
  }
  async addIceCandidate(c: unknown): Promise<void> {
    if (!this.remote) throw new Error('no remote description')
    this.candidates.push(c)
  }
}

function pair() {
  const a = new FakePeer('applicant')
  const h = new FakePeer('helper')
  const toHelper: Signal[] = []
  const toApplicant: Signal[] = []
  let answeredHooks = 0
  const applicant = new Negotiator(a, isPolite('applicant'), (s) => toHelper.push(s))
  const helper = new Negotiator(h, isPolite('helper'), (s) => toApplicant.push(s), () => answeredHooks++)
  return { a, h, applicant, helper, toHelper, toApplicant, hooks: () => answeredHooks }
}

describe('roles', () => {
  it('makes the helper polite and the applicant the one who sets up the call', () => {
    expect(isPolite('helper')).toBe(true)
    expect(isPolite('applicant')).toBe(false)
    expect(isInitiator('applicant')).toBe(true)
    expect(isInitiator('helper')).toBe(false)
  })
})

describe('Negotiator', () => {
  it('offers, answers and applies candidates', async () => {
    const p = pair()
    await p.applicant.negotiationNeeded()
    expect(p.toHelper).toEqual([{ type: 'offer', sdp: 'offer:applicant' }])
    expect(await p.helper.receive(p.toHelper.shift())).toBe('answered')
    expect(p.hooks()).toBe(1)
    expect(p.toApplicant).toEqual([{ type: 'answer', sdp: 'answer:helper' }])
    expect(await p.applicant.receive(p.toApplicant.shift())).toBe('applied')
    expect([p.a.signalingState, p.h.signalingState]).toEqual(['stable', 'stable'])
    p.helper.localCandidate({ candidate: 'candidate:1', sdpMid: '0', sdpMLineIndex: 0 })
    expect(await p.applicant.receive(p.toApplicant.shift())).toBe('applied')
    expect(p.a.candidates).toEqual([{ candidate: 'candidate:1', sdpMid: '0', sdpMLineIndex: 0 }])
  })

  it('settles colliding offers: the applicant ignores the helper’s, the helper rolls back and answers', async () => {
    const p = pair()
    await Promise.all([p.applicant.negotiationNeeded(), p.helper.negotiationNeeded()])
    const fromApplicant = p.toHelper.shift()
    const fromHelper = p.toApplicant.shift()
    expect(await p.applicant.receive(fromHelper)).toBe('ignored')
    expect(p.a.signalingState).toBe('have-local-offer')
    // A candidate of the ignored offer cannot apply: not an error.
    expect(await p.applicant.receive({ candidate: { candidate: 'candidate:h' } })).toBe('ignored')
    expect(await p.helper.receive(fromApplicant)).toBe('answered')
    expect(await p.applicant.receive(p.toApplicant.shift())).toBe('applied')
    expect([p.a.signalingState, p.h.signalingState]).toEqual(['stable', 'stable'])
  })

  it('reports steps that fail and rejects malformed signals', async () => {
    const errors: unknown[] = []
    const pc = new FakePeer('x')
    const n = new Negotiator(pc, true, () => undefined, undefined, (e) => errors.push(e))
    expect(await n.receive({ type: 'answer', sdp: 'v=0' })).toBe('failed')
    expect(await n.receive({ candidate: { candidate: 'c' } })).toBe('failed')
    expect(errors).toHaveLength(2)
    expect(await n.receive({ type: 'offer' })).toBe('invalid')
    expect(await n.receive('offer')).toBe('invalid')
  })
})

describe('parseSignal', () => {
  it('accepts descriptions and candidates, nothing else', () => {
    expect(parseSignal({ type: 'offer', sdp: 'v=0' })).toEqual({ type: 'offer', sdp: 'v=0' })
    expect(parseSignal({ candidate: null })).toEqual({ candidate: null })
    expect(parseSignal({ candidate: { candidate: 'c', sdpMid: '0', sdpMLineIndex: 0, extra: 1 } })).toEqual({
      candidate: { candidate: 'c', sdpMid: '0', sdpMLineIndex: 0 },
    })
    expect(parseSignal({ type: 'rollback', sdp: '' })).toBeNull()
    expect(parseSignal({ type: 'offer', sdp: 'x'.repeat(20_000) })).toBeNull()
    expect(parseSignal({ candidate: 'c' })).toBeNull()
    expect(parseSignal({ candidate: [] })).toBeNull()
    expect(parseSignal([])).toBeNull()
    expect(parseSignal(null)).toBeNull()
  })
})
