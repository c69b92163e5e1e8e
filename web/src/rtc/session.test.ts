import { describe, expect, it } from 'vitest'

import type { ConnectionState, Subscription } from '@/api/events'

import { encodeMessage } from './annotations'
import type { MediaDevicesLike } from './media'
import type { RtcRole } from './protocol'
import { initialRtcState, RtcSession, type SessionDeps } from './session'

class FakeEvents {
  sent: { type: string; data: Record<string, unknown> }[] = []
  state: ConnectionState = 'open'
  private subs = new Map<string, Set<Subscription>>()
  send(type: string, data: unknown): boolean {
    if (this.state !== 'open') return false
    this.sent.push({ type, data: data as Record<string, unknown> })
    return true
  }
  subscribe(type: string, sub: Subscription): () => void {
    if (!this.subs.has(type)) this.subs.set(type, new Set())
    this.subs.get(type)!.add(sub)
    sub.onState?.(this.state)
    return () => this.subs.get(type)!.delete(sub)
  }
  emit(type: string, data: unknown) {
    for (const s of this.subs.get(type) ?? []) s.onEvent?.(data)
  }
  setState(s: ConnectionState) {
    this.state = s
    for (const set of this.subs.values()) for (const sub of set) sub.onState?.(s)
  }
  types() {
    return this.sent.map((f) => f.type)
  }
  listeners() {
    return [...this.subs.values()].reduce((n, s) => n + s.size, 0)
  }
}

class FakeChannel {
  readyState = 'connecting'
  sent: string[] = []
  onopen: (() => void) | null = null
  onclose: (() => void) | null = null
  onmessage: ((e: { data: unknown }) => void) | null = null
  send(s: string) {
    this.sent.push(s)
  }
  close() {
    this.readyState = 'closed'
  }
  open() {
    this.readyState = 'open'
    this.onopen?.()
  }
}

class FakePeer {
  closed = false
  transceivers: string[] = []
  channel: FakeChannel | null = null
  connectionState = 'new'
  onconnectionstatechange: (() => void) | null = null
  addTransceiver(kind: unknown) {
    this.transceivers.push(typeof kind === 'string' ? kind : (kind as { kind: string }).kind)
    return { sender: { replaceTrack: async () => undefined } }
  }
  createDataChannel() {
    this.channel = new FakeChannel()
    return this.channel
  }
  getTransceivers() {
    return []
  }
  close() {
    this.closed = true
  }
  connect(state: string) {
    this.connectionState = state
    this.onconnectionstatechange?.()
  }
}

const track = (kind: string) => ({ kind, enabled: true, stopped: false, stop() { this.stopped = true } })

function harness(role: RtcRole, devices?: MediaDevicesLike) {
  const events = new FakeEvents()
  const peers: FakePeer[] = []
  const tracks = [track('audio'), track('video')]
  const stream = {
    getTracks: () => tracks,
    getAudioTracks: () => tracks.filter((t) => t.kind === 'audio'),
    getVideoTracks: () => tracks.filter((t) => t.kind === 'video'),
  }
  const deps: SessionDeps = {
    events,
    devices: devices ?? { getUserMedia: async () => stream as unknown as MediaStream },
    createPeer: () => {
      const p = new FakePeer()
      peers.push(p)
      return p as unknown as RTCPeerConnection
    },
  }
  const state = initialRtcState(role)
  const session = new RtcSession(7, role, state, deps)
  return { events, peers, state, session, tracks }
}

const conv = { conversation_id: 7 }

describe('RtcSession', () => {
  it('joins once the camera is open, invites when alone, connects when the peer comes', async () => {
    const h = harness('applicant')
    await h.session.start(true)
    expect(h.events.sent).toEqual([{ type: 'rtc.join', data: conv }])
    expect(h.state.phase).toBe('joining')
    h.events.emit('rtc.joined', { ...conv, role: 'applicant', peer_present: false })
    expect(h.state.phase).toBe('waiting')
    expect(h.events.types()).toEqual(['rtc.join', 'rtc.invite'])

    h.events.emit('rtc.peer', { ...conv, role: 'helper', event: 'joined' })
    expect(h.state.phase).toBe('connecting')
    // The applicant sets up audio, video and the annotations channel.
    expect(h.peers[0]!.transceivers).toEqual(['audio', 'video'])
    h.peers[0]!.connect('connected')
    expect(h.state.phase).toBe('connected')

    // Annotations go out on the channel once open; the peer's clear clears here.
    h.peers[0]!.channel!.open()
    h.session.draw({ id: 's1', by: 'applicant', surface: 'helper', color: '#e53935', width: 5, points: [0, 0, 10, 10] })
    expect(h.peers[0]!.channel!.sent.map((x) => JSON.parse(x).t)).toEqual(['stroke'])
    h.peers[0]!.channel!.onmessage?.({ data: encodeMessage({ t: 'clear' }) })
    expect(h.state.strokes).toEqual([])
    h.peers[0]!.channel!.onmessage?.({ data: '{"t":"stroke","stroke":{"id":"x"}}' })
    expect(h.state.strokes).toEqual([])
  })

  it('says when the peer leaves, and starts over when they come back', async () => {
    const h = harness('helper')
    await h.session.start(false)
    h.events.emit('rtc.joined', { ...conv, role: 'helper', peer_present: true })
    expect(h.peers).toHaveLength(1)
    // The helper answers: no transceivers of its own.
    expect(h.peers[0]!.transceivers).toEqual([])
    h.events.emit('rtc.peer', { ...conv, role: 'applicant', event: 'left' })
    expect(h.state.phase).toBe('peer-left')
    expect(h.peers[0]!.closed).toBe(true)
    h.events.emit('rtc.peer', { ...conv, role: 'applicant', event: 'joined' })
    expect(h.state.phase).toBe('connecting')
    expect(h.peers).toHaveLength(2)
    // Events of other conversations are not ours.
    h.events.emit('rtc.peer', { conversation_id: 8, role: 'applicant', event: 'left' })
    expect(h.state.phase).toBe('connecting')
  })

  it('rejoins after the socket comes back', async () => {
    const h = harness('helper')
    await h.session.start(false)
    h.events.emit('rtc.joined', { ...conv, role: 'helper', peer_present: true })
    h.events.setState('waiting')
    expect(h.state.phase).toBe('joining')
    expect(h.peers[0]!.closed).toBe(true)
    h.events.setState('open')
    expect(h.events.types()).toEqual(['rtc.join', 'rtc.join'])
  })

  it('joins when the socket opens if it was down at the start', async () => {
    const h = harness('applicant')
    h.events.state = 'connecting'
    await h.session.start(false)
    expect(h.events.sent).toEqual([])
    h.events.setState('open')
    expect(h.events.types()).toEqual(['rtc.join'])
  })

  it('ends when another tab takes over, on a refusal by the server, and on hang-up', async () => {
    const replaced = harness('applicant')
    await replaced.session.start(false)
    replaced.events.emit('rtc.ended', { ...conv, reason: 'replaced' })
    expect(replaced.state.phase).toBe('replaced')
    expect(replaced.tracks.every((t) => t.stopped)).toBe(true)
    expect(replaced.events.listeners()).toBe(0)

    const refused = harness('applicant')
    await refused.session.start(false)
    refused.events.emit('error', { code: 'peer-absent', title: '对方尚未进入远程窗口', ref: 'rtc.signal' })
    expect(refused.state.phase).toBe('joining')
    refused.events.emit('error', { code: 'conversation-not-active', title: '会话未在进行中', ref: 'rtc.join' })
    expect(refused.state.phase).toBe('failed')
    expect(refused.state.error).toMatch(/会话已结束/)

    const hung = harness('helper')
    await hung.session.start(false)
    hung.session.hangup()
    expect(hung.events.types()).toEqual(['rtc.join', 'rtc.leave'])
    expect(hung.state.phase).toBe('ended')
    expect(hung.tracks.every((t) => t.stopped)).toBe(true)
  })

  it('goes on without a camera and says why', async () => {
    const denied = Object.assign(new Error('denied'), { name: 'NotAllowedError' })
    const h = harness('applicant', { getUserMedia: async () => Promise.reject(denied) })
    await h.session.start(false)
    expect(h.state.mediaNotice).toMatch(/未获得摄像头和麦克风权限/)
    expect(h.state.hasCamera).toBe(false)
    h.events.emit('rtc.joined', { ...conv, role: 'applicant', peer_present: true })
    // Still receives: the media lines are offered without tracks.
    expect(h.peers[0]!.transceivers).toEqual(['audio', 'video'])
  })
})
