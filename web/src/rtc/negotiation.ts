// Perfect negotiation (W3C WebRTC §10.7 / MDN) between the two parties of a conversation over the
// server's rtc.signal relay. Roles are fixed by side so both ends agree without talking: the
// helper is polite (on an offer collision it rolls back its own offer and takes the other's), the
// applicant impolite (ignores a colliding offer). The applicant also sets up the media lines and
// the data channel, so the first negotiation never collides; later renegotiations may, and the
// roles settle them.

import type { RtcRole } from './protocol'

export const isPolite = (role: RtcRole): boolean => role === 'helper'
/** The side that creates the transceivers and the annotations data channel (and so offers first). */
export const isInitiator = (role: RtcRole): boolean => role === 'applicant'

export interface Description {
  type: 'offer' | 'answer' | 'rollback' | 'pranswer'
  sdp?: string
}

/** What travels in rtc.signal: a session description, or an ICE candidate (null: end of candidates). */
export type Signal = { type: 'offer' | 'answer'; sdp: string } | { candidate: CandidateInit | null }

export interface CandidateInit {
  candidate?: string
  sdpMid?: string | null
  sdpMLineIndex?: number | null
  usernameFragment?: string | null
}

const MAX_SDP = 15 * 1024 // the server relays at most 16 KiB per signal

/** A signal received from the other party, checked; null when it is neither a description nor a candidate. */
export function parseSignal(raw: unknown): Signal | null {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return null
  const r = raw as Record<string, unknown>
  if (r.type === 'offer' || r.type === 'answer') {
    if (typeof r.sdp !== 'string' || r.sdp.length === 0 || r.sdp.length > MAX_SDP) return null
    return { type: r.type, sdp: r.sdp }
  }
  if ('candidate' in r) {
    const c = r.candidate
    if (c === null) return { candidate: null }
    if (typeof c !== 'object' || Array.isArray(c)) return null
    const o = c as Record<string, unknown>
    if (typeof o.candidate !== 'string') return null
    const out: CandidateInit = { candidate: o.candidate }
    if (typeof o.sdpMid === 'string' || o.sdpMid === null) out.sdpMid = o.sdpMid
    if (typeof o.sdpMLineIndex === 'number' || o.sdpMLineIndex === null) out.sdpMLineIndex = o.sdpMLineIndex
    if (typeof o.usernameFragment === 'string' || o.usernameFragment === null) out.usernameFragment = o.usernameFragment
    return { candidate: out }
  }
  return null
}

/** The parts of RTCPeerConnection negotiation uses (a fake in tests). */
export interface NegotiatingPeer {
  readonly signalingState: string
  readonly localDescription: { type: string; sdp: string } | null
  setLocalDescription(d?: Description): Promise<void>
  setRemoteDescription(d: Description): Promise<void>
  addIceCandidate(c: CandidateInit | null): Promise<void>
}

export type ReceiveOutcome = 'applied' | 'answered' | 'ignored' | 'invalid' | 'failed'

export class Negotiator {
  private makingOffer = false
  private ignoreOffer = false
  private settingRemoteAnswer = false

  /**
   * @param beforeAnswer runs after a remote offer is applied and before the answer is made: the
   *   answering side attaches its tracks to the offered transceivers there.
   * @param onError a negotiation step failed (the window shows 连接失败 if the connection does).
   */
  constructor(
    private readonly pc: NegotiatingPeer,
    readonly polite: boolean,
    private readonly send: (s: Signal) => void,
    private readonly beforeAnswer: () => void = () => undefined,
    private readonly onError: (e: unknown) => void = () => undefined,
  ) {}

  /** RTCPeerConnection `negotiationneeded`. */
  async negotiationNeeded(): Promise<void> {
    try {
      this.makingOffer = true
      await this.pc.setLocalDescription()
      this.sendDescription()
    } catch (e) {
      this.onError(e)
    } finally {
      this.makingOffer = false
    }
  }

  /** RTCPeerConnection `icecandidate`. */
  localCandidate(c: CandidateInit | null): void {
    this.send({ candidate: c })
  }

  /** An rtc.signal from the other party. */
  async receive(raw: unknown): Promise<ReceiveOutcome> {
    const signal = parseSignal(raw)
    if (!signal) return 'invalid'
    if ('candidate' in signal) {
      try {
        await this.pc.addIceCandidate(signal.candidate)
        return 'applied'
      } catch (e) {
        // Candidates of an offer we ignored fail to apply: expected.
        if (this.ignoreOffer) return 'ignored'
        this.onError(e)
        return 'failed'
      }
    }
    const readyForOffer = !this.makingOffer && (this.pc.signalingState === 'stable' || this.settingRemoteAnswer)
    const collision = signal.type === 'offer' && !readyForOffer
    this.ignoreOffer = !this.polite && collision
    if (this.ignoreOffer) return 'ignored'
    try {
      this.settingRemoteAnswer = signal.type === 'answer'
      await this.pc.setRemoteDescription(signal) // a polite peer's own offer rolls back implicitly
      this.settingRemoteAnswer = false
      if (signal.type !== 'offer') return 'applied'
      this.beforeAnswer()
      await this.pc.setLocalDescription()
      this.sendDescription()
      return 'answered'
    } catch (e) {
      this.settingRemoteAnswer = false
      this.onError(e)
      return 'failed'
    }
  }

  private sendDescription(): void {
    const d = this.pc.localDescription
    if (d && (d.type === 'offer' || d.type === 'answer')) this.send({ type: d.type, sdp: d.sdp })
  }
}
