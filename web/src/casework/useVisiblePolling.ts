// Staff who hear nothing live (analysts outside the desk) see a page that looks again by itself:
// every interval while the browser tab is visible, from mount to unmount.
import { onBeforeUnmount, onMounted } from 'vue'

export const POLL_MS = 60_000

/** Calls `reload` every `ms` while `when()` holds and the document is visible. */
export function useVisiblePolling(when: () => boolean, reload: () => void, ms = POLL_MS) {
  let timer: number | undefined
  onMounted(() => {
    timer = window.setInterval(() => when() && document.visibilityState === 'visible' && reload(), ms)
  })
  onBeforeUnmount(() => window.clearInterval(timer))
}
