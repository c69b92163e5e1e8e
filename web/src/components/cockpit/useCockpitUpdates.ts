import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue'

import { COCKPIT_UPDATED } from '@/api/cockpit'
import { eventStream, type ConnectionState } from '@/api/events'
import { useDebouncedFn } from '@/composables/useDebounced'

/** The server syncs every 5 s; a burst of changes becomes one reload. */
const DEBOUNCE_MS = 1500

/**
 * Calls `reload` (debounced) when the server announces `cockpit.updated` (the topic database
 * changed) and after the event connection came back (updates may have been missed), while the
 * component is mounted. `state` is the connection's, for the 实时 indicator.
 */
export function useCockpitUpdates(reload: () => void): { state: Ref<ConnectionState> } {
  const state = ref<ConnectionState>('idle')
  const debounced = useDebouncedFn(reload, DEBOUNCE_MS)
  let off: (() => void) | null = null
  onMounted(() => {
    off = eventStream().subscribe(COCKPIT_UPDATED, {
      onEvent: () => debounced.call(),
      onReconnect: () => debounced.call(),
      onState: (s) => (state.value = s),
    })
  })
  onBeforeUnmount(() => off?.())
  return { state }
}
