// One remote window: joins the conversation's room over the event socket, opens the camera and
// microphone, connects peer to peer (no STUN/TURN: iceServers is empty, enough for the same host
// or LAN), shares the screen by replacing the sent video track, and carries annotations on a
// data channel. The window's reactive `state` is owned by the caller and written here.
//
// Not thread-safe in any sense that matters in a browser; one session per window, `hangup()` once.

import { markRaw } from 'vue'

import type { EventStream, SocketErrorEvent } from '@/api/events'

import {
  addStroke,
  decodeMessage,
  encodeMessage,
  stageAfterShare,
  type AnnotationMessage,
  type Stroke,
} from './annotations'
import { openLocalMedia, openScreen, type MediaDevicesLike } from './media'
import { isInitiator, isPolite, Negotiator, type Signal } from './negotiation'
import { nextPhase, type RtcInput, type RtcPhase } from './phase'
import {
  frameData,
  otherRole,
  parseEnded,
  parseInvite,
  parseJoined,
  parsePeer,
  parseSignalEvent,
  type RtcRole,
} from './protocol'

export interface RtcState {
  phase: RtcPhase
  /** Waiting for the browser to open the camera and microphone (a permission prompt may be up). */
  opening: boolean
  /** The server's or the connection's last problem, in Chinese ('' when none). */
  error: string
  /** Why the camera or microphone is not sent ('' when both are). */
  mediaNotice: string
  /** Why screen sharing did not start ('' when it did or was cancelled). */
  screenNotice: string
  localStream: MediaStream | null
  remoteStream: MediaStream | null
  /** The other party sends no picture (camera off, denied or missing). */
  remoteVideoMuted: boolean
  hasAudio: boolean
  hasCamera: boolean
  muted: boolean
  cameraOff: boolean
  sharing: boolean
  remoteSharing: boolean
  /** Whose video is large and annotated. */
  stage: RtcRole
  strokes: Stroke[]
  channelOpen: boolean
}

export function initialRtcState(role: RtcRole): RtcState {
  return {
    phase: 'idle',
    opening: false,
    error: '',
    mediaNotice: '',
    screenNotice: '',
    localStream: null,
    remoteStream: null,
    remoteVideoMuted: true,
    hasAudio: false,
    hasCamera: false,
    muted: false,
    cameraOff: false,
    sharing: false,
    remoteSharing: false,
    stage: otherRole(role),
    strokes: [],
    channelOpen: false,
  }
}

export interface SessionDeps {
  events: Pick<EventStream, 'send' | 'subscribe'>
  devices: MediaDevicesLike | undefined
  createPeer: (config: RTCConfiguration) => RTCPeerConnection
}

export const browserDeps = (events: SessionDeps['events']): SessionDeps => ({
  events,
  devices: typeof navigator !== 'undefined' ? navigator.mediaDevices : undefined,
  createPeer: (config) => new RTCPeerConnection(config),
})

const ERROR_TEXT: Readonly<Record<string, string>> = {
  forbidden: '只有该会话的群众和接待的帮办员可以使用远程视频。',
  'conversation-not-active': '会话已结束，不能再开启远程视频。',
  'no-helper': '会话尚未分配帮办员，请稍候再试。',
}

export class RtcSession {
  private pc: RTCPeerConnection | null = null
  private channel: RTCDataChannel | null = null
  private audioSender: RTCRtpSender | null = null
  private videoSender: RTCRtpSender | null = null
  private camera: MediaStream | null = null
  private screen: MediaStreamTrack | null = null
  private remoteTracks: MediaStreamTrack[] = []
  private offs: (() => void)[] = []
  private wantJoin = false
  private socketOpen = false
  private invite = false
  private invited = false
  private done = false
  private negotiator: Negotiator | null = null

  constructor(
    readonly conversation: number,
    private role: RtcRole,
    readonly state: RtcState,
    private readonly deps: SessionDeps,
  ) {}

  private get peerRole(): RtcRole {
    return otherRole(this.role)
  }

  /** Opens the camera, joins the room; with `invite`, asks the other party to join once in. */
  async start(invite: boolean): Promise<void> {
    this.invite = invite
    this.apply({ kind: 'join' })
    this.state.opening = true
    const local = await openLocalMedia(this.deps.devices)
    this.state.opening = false
    if (this.done) {
      local.stream?.getTracks().forEach((t) => t.stop())
      return
    }
    this.camera = local.stream
    this.state.mediaNotice = local.notice
    this.state.hasAudio = !!local.stream?.getAudioTracks().length
    this.state.hasCamera = !!local.stream?.getVideoTracks().length
    this.state.localStream = local.stream ? markRaw(local.stream) : null
    this.subscribe()
    this.wantJoin = true
    this.join()
  }

  /** Leaves the room and releases the camera, microphone and screen. */
  hangup(): void {
    if (this.done) return
    this.done = true
    if (this.wantJoin) this.deps.events.send('rtc.leave', frameData(this.conversation))
    this.wantJoin = false
    this.release()
    this.apply({ kind: 'hangup' })
  }

  toggleMute(): void {
    this.state.muted = !this.state.muted
    this.camera?.getAudioTracks().forEach((t) => (t.enabled = !this.state.muted))
  }

  toggleCamera(): void {
    this.state.cameraOff = !this.state.cameraOff
    this.camera?.getVideoTracks().forEach((t) => (t.enabled = !this.state.cameraOff))
  }

  /** 共享屏幕: the screen replaces the camera in what is sent; the browser's own stop button ends it too. */
  async shareScreen(): Promise<void> {
    if (this.state.sharing || this.done) return
    this.state.screenNotice = ''
    const r = await openScreen(this.deps.devices)
    if ('error' in r) this.state.screenNotice = r.error
    if (!('track' in r)) return
    if (this.done) {
      r.track.stop()
      return
    }
    this.screen = r.track
    r.track.onended = () => void this.stopShare()
    await this.videoSender?.replaceTrack(r.track).catch(() => undefined)
    this.state.sharing = true
    this.state.localStream = markRaw(new MediaStream([r.track]))
    this.state.stage = stageAfterShare(this.role, this.sharingNow(), this.role)
    this.sendAnnotation({ t: 'share', on: true })
  }

  async stopShare(): Promise<void> {
    const track = this.screen
    if (!track) return
    this.screen = null
    track.onended = null
    track.stop()
    await this.videoSender?.replaceTrack(this.camera?.getVideoTracks()[0] ?? null).catch(() => undefined)
    this.state.sharing = false
    this.state.localStream = this.camera ? markRaw(this.camera) : null
    this.state.stage = stageAfterShare(this.role, this.sharingNow(), this.role)
    this.sendAnnotation({ t: 'share', on: false })
  }

  /** Puts the other video on the stage. */
  swapStage(): void {
    this.state.stage = otherRole(this.state.stage)
  }

  /** A stroke drawn here: kept and sent. */
  draw(stroke: Stroke): void {
    this.state.strokes = addStroke(this.state.strokes, stroke)
    this.sendAnnotation({ t: 'stroke', stroke })
  }

  /** 清除标注: on both sides. */
  clearAnnotations(): void {
    this.state.strokes = []
    this.sendAnnotation({ t: 'clear' })
  }

  // ---- signalling ------------------------------------------------------------------------------

  private apply(input: RtcInput): void {
    this.state.phase = nextPhase(this.state.phase, input)
  }

  /** Sent now, or when the socket opens (the subscription's onState). */
  private join(): void {
    if (this.wantJoin && !this.done) this.deps.events.send('rtc.join', frameData(this.conversation))
  }

  private subscribe(): void {
    const ev = this.deps.events
    const mine = (c: { conversation: number } | null): boolean => !!c && c.conversation === this.conversation
    this.offs.push(
      ev.subscribe('rtc.joined', {
        onEvent: (d) => {
          const j = parseJoined(d)
          if (!mine(j) || !this.wantJoin) return
          this.role = j!.role
          this.state.error = ''
          this.apply({ kind: 'joined', peerPresent: j!.peerPresent })
          if (j!.peerPresent) this.openPeer()
          else if (this.invite && !this.invited) {
            this.invited = true
            ev.send('rtc.invite', frameData(this.conversation))
          }
        },
        onState: (s) => {
          const wasOpen = this.socketOpen
          this.socketOpen = s === 'open'
          if (this.done) return
          if (s === 'open') {
            if (wasOpen) return
            // A new connection is a new room membership: the old peer connection is gone for the peer too.
            if (this.pc) this.closePeer()
            this.join()
          } else if (wasOpen) {
            this.closePeer()
            this.apply({ kind: 'socket-lost' })
          }
        },
      }),
      ev.subscribe('rtc.peer', {
        onEvent: (d) => {
          const p = parsePeer(d)
          if (!mine(p) || !this.wantJoin) return
          this.closePeer()
          if (p!.event === 'joined') {
            this.apply({ kind: 'peer-joined' })
            this.openPeer()
          } else this.apply({ kind: 'peer-left' })
        },
      }),
      ev.subscribe('rtc.signal', {
        onEvent: (d) => {
          const s = parseSignalEvent(d)
          if (!mine(s) || !this.wantJoin) return
          // The answering side may hear the offer before the peer's rtc.peer event.
          if (!this.pc && !isInitiator(this.role) && (s!.signal as { type?: unknown }).type === 'offer') this.openPeer()
          void this.negotiator?.receive(s!.signal)
        },
      }),
      ev.subscribe('rtc.ended', {
        onEvent: (d) => {
          const e = parseEnded(d)
          if (!mine(e)) return
          this.wantJoin = false
          this.release()
          this.apply({ kind: 'replaced' })
        },
      }),
      ev.subscribe('rtc.declined', {
        onEvent: (d) => {
          if (mine(parseInvite(d))) this.apply({ kind: 'declined' })
        },
      }),
      ev.subscribe('error', {
        onEvent: (d) => {
          const e = d as Partial<SocketErrorEvent>
          if (this.done || typeof e?.ref !== 'string' || !e.ref.startsWith('rtc.')) return
          const code = String(e.code ?? '')
          if (code === 'not-joined' && this.wantJoin) return this.join()
          if (code === 'peer-absent') return // the peer left while we were signalling: rtc.peer follows
          this.apply({ kind: 'error', code })
          if (this.state.phase === 'failed') {
            this.state.error = ERROR_TEXT[code] ?? String(e.title ?? '远程视频连接失败')
            this.closePeer()
          }
        },
      }),
    )
  }

  // ---- the peer connection ---------------------------------------------------------------------

  private sendSignal(signal: Signal): void {
    // Lost when the socket is down: the rejoin after it comes back starts a fresh connection.
    this.deps.events.send('rtc.signal', frameData(this.conversation, { signal }))
  }

  private openPeer(): void {
    this.closePeer()
    const pc = this.deps.createPeer({ iceServers: [] })
    this.pc = pc
    const neg = new Negotiator(
      pc,
      isPolite(this.role),
      (s) => this.sendSignal(s),
      () => this.attachToOffer(pc),
      () => undefined,
    )
    this.negotiator = neg
    pc.onnegotiationneeded = () => {
      if (this.pc === pc) void neg.negotiationNeeded()
    }
    pc.onicecandidate = (e) => {
      if (this.pc === pc) neg.localCandidate(e.candidate ? e.candidate.toJSON() : null)
    }
    pc.onconnectionstatechange = () => {
      if (this.pc !== pc) return
      this.apply({ kind: 'connection', state: pc.connectionState })
      if (pc.connectionState === 'failed') this.state.error = '网络无法直连，请检查网络后重新连接。'
    }
    pc.ontrack = (e) => {
      if (this.pc !== pc) return
      this.addRemoteTrack(e.track)
    }
    pc.ondatachannel = (e) => {
      if (this.pc === pc) this.bindChannel(e.channel)
    }
    if (isInitiator(this.role)) {
      const audio = this.camera?.getAudioTracks()[0]
      const video = this.screen ?? this.camera?.getVideoTracks()[0]
      this.audioSender = pc.addTransceiver(audio ?? 'audio', { direction: 'sendrecv' }).sender
      this.videoSender = pc.addTransceiver(video ?? 'video', { direction: 'sendrecv' }).sender
      this.bindChannel(pc.createDataChannel('annotations', { ordered: true }))
    }
  }

  /** The answering side sends its own audio and video on the transceivers the offer brought. */
  private attachToOffer(pc: RTCPeerConnection): void {
    for (const t of pc.getTransceivers()) {
      const kind = t.receiver.track.kind
      if (kind === 'audio' && !this.audioSender) this.audioSender = t.sender
      else if (kind === 'video' && !this.videoSender) this.videoSender = t.sender
      else continue
      t.direction = 'sendrecv'
      const track = kind === 'audio' ? this.camera?.getAudioTracks()[0] : (this.screen ?? this.camera?.getVideoTracks()[0])
      if (track) void t.sender.replaceTrack(track).catch(() => undefined)
    }
  }

  private addRemoteTrack(track: MediaStreamTrack): void {
    this.remoteTracks = [...this.remoteTracks.filter((t) => t.kind !== track.kind), track]
    this.state.remoteStream = markRaw(new MediaStream(this.remoteTracks))
    if (track.kind === 'video') {
      this.state.remoteVideoMuted = track.muted
      track.onmute = () => (this.state.remoteVideoMuted = true)
      track.onunmute = () => (this.state.remoteVideoMuted = false)
    }
  }

  private closePeer(): void {
    this.channel?.close()
    this.channel = null
    this.pc?.close()
    this.pc = null
    this.negotiator = null
    this.audioSender = null
    this.videoSender = null
    this.remoteTracks = []
    this.state.remoteStream = null
    this.state.remoteVideoMuted = true
    this.state.remoteSharing = false
    this.state.channelOpen = false
  }

  private release(): void {
    this.closePeer()
    this.offs.forEach((off) => off())
    this.offs = []
    this.screen?.stop()
    this.screen = null
    this.camera?.getTracks().forEach((t) => t.stop())
    this.camera = null
    this.state.localStream = null
    this.state.sharing = false
  }

  // ---- annotations -----------------------------------------------------------------------------

  private sharingNow(): Record<RtcRole, boolean> {
    const s = { applicant: false, helper: false }
    s[this.role] = this.state.sharing
    s[this.peerRole] = this.state.remoteSharing
    return s
  }

  private bindChannel(ch: RTCDataChannel): void {
    this.channel = ch
    ch.onopen = () => {
      if (this.channel !== ch) return
      this.state.channelOpen = true
      // The other party may have reloaded: give back what we drew and whether we share.
      for (const s of this.state.strokes) if (s.by === this.role) ch.send(encodeMessage({ t: 'stroke', stroke: s }))
      if (this.state.sharing) ch.send(encodeMessage({ t: 'share', on: true }))
    }
    ch.onclose = () => {
      if (this.channel === ch) this.state.channelOpen = false
    }
    ch.onmessage = (e) => {
      if (this.channel === ch) this.receiveAnnotation(decodeMessage(e.data))
    }
  }

  private sendAnnotation(m: AnnotationMessage): void {
    const ch = this.channel
    if (ch && ch.readyState === 'open') ch.send(encodeMessage(m))
  }

  private receiveAnnotation(m: AnnotationMessage | null): void {
    if (!m) return
    if (m.t === 'clear') this.state.strokes = []
    else if (m.t === 'share') {
      this.state.remoteSharing = m.on
      this.state.stage = stageAfterShare(this.role, this.sharingNow(), this.peerRole)
    } else {
      this.state.strokes = addStroke(this.state.strokes, m.stroke)
      // The other party is marking a picture we are not looking at: show it.
      if (m.stroke.surface !== this.state.stage) this.state.stage = m.stroke.surface
    }
  }
}
