// 远程虚拟窗口's signalling frames over the event socket (src/helpdesk/signaling.h): what the
// client sends and the events it gets back, normalised. Anything malformed becomes null.

export type RtcRole = 'applicant' | 'helper'
export const RTC_ROLES: readonly RtcRole[] = ['applicant', 'helper']

/** The frames a client sends; each carries data.conversation_id. */
export type RtcFrameType = 'rtc.invite' | 'rtc.decline' | 'rtc.join' | 'rtc.signal' | 'rtc.leave'

/** `rtc.invite` / `rtc.declined`: the other party asks for (or refused) the window. */
export interface RtcInvite {
  conversation: number
  from: RtcRole
  fromName: string
}

/** `rtc.joined`: this connection is in the room; the other party may already be there. */
export interface RtcJoined {
  conversation: number
  role: RtcRole
  peerPresent: boolean
}

/** `rtc.peer`: the other party entered or left the room. */
export interface RtcPeer {
  conversation: number
  role: RtcRole
  event: 'joined' | 'left'
}

/** `rtc.signal`: an offer, answer or ICE candidate from the other party. */
export interface RtcSignal {
  conversation: number
  from: RtcRole
  signal: unknown
}

/** `rtc.ended`: this connection left the room (`replaced`: the same party joined from another tab). */
export interface RtcEnded {
  conversation: number
  reason: string
}

type Raw = Record<string, unknown>
const isObject = (v: unknown): v is Raw => v !== null && typeof v === 'object' && !Array.isArray(v)
const conversationOf = (r: Raw): number => {
  const n = r.conversation_id
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : 0
}
const roleOf = (v: unknown): RtcRole | null => (v === 'applicant' || v === 'helper' ? v : null)

export function otherRole(r: RtcRole): RtcRole {
  return r === 'applicant' ? 'helper' : 'applicant'
}

export function frameData(conversation: number, extra: Raw = {}): Raw {
  return { conversation_id: conversation, ...extra }
}

export function parseInvite(raw: unknown): RtcInvite | null {
  if (!isObject(raw)) return null
  const conversation = conversationOf(raw)
  const from = roleOf(raw.from)
  if (!conversation || !from) return null
  return { conversation, from, fromName: typeof raw.from_name === 'string' ? raw.from_name : '' }
}

export function parseJoined(raw: unknown): RtcJoined | null {
  if (!isObject(raw)) return null
  const conversation = conversationOf(raw)
  const role = roleOf(raw.role)
  if (!conversation || !role) return null
  return { conversation, role, peerPresent: raw.peer_present === true }
}

export function parsePeer(raw: unknown): RtcPeer | null {
  if (!isObject(raw)) return null
  const conversation = conversationOf(raw)
  const role = roleOf(raw.role)
  if (!conversation || !role || (raw.event !== 'joined' && raw.event !== 'left')) return null
  return { conversation, role, event: raw.event }
}

export function parseSignalEvent(raw: unknown): RtcSignal | null {
  if (!isObject(raw)) return null
  const conversation = conversationOf(raw)
  const from = roleOf(raw.from)
  if (!conversation || !from || !isObject(raw.signal)) return null
  return { conversation, from, signal: raw.signal }
}

export function parseEnded(raw: unknown): RtcEnded | null {
  if (!isObject(raw)) return null
  const conversation = conversationOf(raw)
  if (!conversation) return null
  return { conversation, reason: typeof raw.reason === 'string' ? raw.reason : '' }
}
