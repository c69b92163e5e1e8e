import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue'

import { eventStream, type ConnectionState } from '@/api/events'
import {
  normalizeConversationEvent,
  normalizeMessage,
  normalizeReadEvent,
  normalizeSlaMissed,
  normalizeTypingEvent,
  type ConversationEvent,
  type HelpMessage,
  type ReadEvent,
  type SlaMissedEvent,
  type TypingEvent,
} from '@/api/help'
import { parseInvite, type RtcInvite } from '@/rtc/protocol'

/**
 * 帮办's live events while the component is mounted: `chat.message`, `helpdesk.conversation`,
 * `helpdesk.sla_missed`, and when handled `chat.typing`, `chat.read` and `rtc.invite` (the other
 * party asks to open the remote window). `onReconnect` runs after the connection came back:
 * catch up with `?after=` the last seq seen. `send` sends a frame on the tab's socket (false when
 * it is not connected).
 */
export function useHelpEvents(handlers: {
  onMessage: (m: HelpMessage) => void
  onConversation?: (e: ConversationEvent) => void
  onSlaMissed?: (e: SlaMissedEvent) => void
  onTyping?: (e: TypingEvent) => void
  onRead?: (e: ReadEvent) => void
  onInvite?: (e: RtcInvite) => void
  onReconnect?: () => void
}): { state: Ref<ConnectionState>; send: (type: string, data: unknown) => boolean } {
  const state = ref<ConnectionState>('idle')
  const offs: (() => void)[] = []
  onMounted(() => {
    const stream = eventStream()
    offs.push(
      stream.subscribe('chat.message', {
        onEvent: (data) => handlers.onMessage(normalizeMessage(data)),
        onReconnect: handlers.onReconnect,
        onState: (s) => (state.value = s),
      }),
      stream.subscribe('helpdesk.conversation', {
        onEvent: (data) => handlers.onConversation?.(normalizeConversationEvent(data)),
      }),
      stream.subscribe('helpdesk.sla_missed', {
        onEvent: (data) => handlers.onSlaMissed?.(normalizeSlaMissed(data)),
      }),
    )
    const { onTyping, onRead, onInvite } = handlers
    if (onTyping) offs.push(stream.subscribe('chat.typing', { onEvent: (data) => onTyping(normalizeTypingEvent(data)) }))
    if (onRead) offs.push(stream.subscribe('chat.read', { onEvent: (data) => onRead(normalizeReadEvent(data)) }))
    if (onInvite)
      offs.push(
        stream.subscribe('rtc.invite', {
          onEvent: (data) => {
            const invite = parseInvite(data)
            if (invite) onInvite(invite)
          },
        }),
      )
  })
  onBeforeUnmount(() => offs.forEach((off) => off()))
  return { state, send: (type, data) => eventStream().send(type, data) }
}
