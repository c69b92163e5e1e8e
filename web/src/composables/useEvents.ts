import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue'

import type { FollowUpOrigin } from '@/api/applications'
import { eventStream, type ApplicationStatusEvent, type ConnectionState } from '@/api/events'

/** `application.follow_up`: the platform filed a draft for the applicant (免申即办). */
export interface FollowUpEvent extends ApplicationStatusEvent {
  origin?: FollowUpOrigin
}

/**
 * Listens to `application.status` events (and, with `onFollowUp`, `application.follow_up`) while
 * the component is mounted. `onReconnect` runs after the connection came back (events may have
 * been missed: reload what is shown).
 */
export function useApplicationEvents(handlers: {
  onStatus: (e: ApplicationStatusEvent) => void
  onFollowUp?: (e: FollowUpEvent) => void
  onReconnect?: () => void
}): { state: Ref<ConnectionState> } {
  const state = ref<ConnectionState>('idle')
  const offs: (() => void)[] = []
  onMounted(() => {
    offs.push(
      eventStream().subscribe('application.status', {
        onEvent: (data) => handlers.onStatus(data as ApplicationStatusEvent),
        onReconnect: handlers.onReconnect,
        onState: (s) => (state.value = s),
      }),
    )
    const onFollowUp = handlers.onFollowUp
    if (onFollowUp)
      offs.push(eventStream().subscribe('application.follow_up', { onEvent: (data) => onFollowUp(data as FollowUpEvent) }))
  })
  onBeforeUnmount(() => offs.forEach((off) => off()))
  return { state }
}
