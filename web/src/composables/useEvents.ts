import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue'

import { eventStream, type ApplicationStatusEvent, type ConnectionState } from '@/api/events'

/**
 * Listens to `application.status` events while the component is mounted. `onReconnect` runs
 * after the connection came back (events may have been missed: reload what is shown).
 */
export function useApplicationEvents(handlers: {
  onStatus: (e: ApplicationStatusEvent) => void
  onReconnect?: () => void
}): { state: Ref<ConnectionState> } {
  const state = ref<ConnectionState>('idle')
  let off: (() => void) | null = null
  onMounted(() => {
    off = eventStream().subscribe('application.status', {
      onEvent: (data) => handlers.onStatus(data as ApplicationStatusEvent),
      onReconnect: handlers.onReconnect,
      onState: (s) => (state.value = s),
    })
  })
  onBeforeUnmount(() => off?.())
  return { state }
}
