import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue'

import { eventStream, type ConnectionState } from '@/api/events'
import {
  normalizeConversationEvent,
  normalizeMessage,
  normalizeSlaMissed,
  type ConversationEvent,
  type HelpMessage,
  type SlaMissedEvent,
} from '@/api/help'

/**
 * 帮办's live events while the component is mounted: `chat.message`, `helpdesk.conversation` and
 * `helpdesk.sla_missed`. `onReconnect` runs after the connection came back: catch up with
 * `?after=` the last seq seen.
 */
export function useHelpEvents(handlers: {
  onMessage: (m: HelpMessage) => void
  onConversation?: (e: ConversationEvent) => void
  onSlaMissed?: (e: SlaMissedEvent) => void
  onReconnect?: () => void
}): { state: Ref<ConnectionState> } {
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
  })
  onBeforeUnmount(() => offs.forEach((off) => off()))
  return { state }
}
