// The drawer a case (a 办不成事 report, a rectification task) opens in: which case the page shows
// in it, and loading that case inside it — fetched when the drawer opens or another case is
// chosen, fetched again when the page's `reloadKey` changes (live events), kept on screen while a
// reload runs or fails.
import { ref, watch, type Ref } from 'vue'

import { describeError } from '@/api/errors'
import { ApiError } from '@/api/http'

export interface CaseLoaderOptions<T> {
  /** Whether the drawer is open. */
  open: Ref<boolean>
  /** The case to show; null for none. */
  id: () => number | null
  /** Bumped by the parent on live events. */
  reloadKey: () => number
  fetch: (id: number) => Promise<T>
  /** Said when the server answers 404 (missing, or not for this viewer). */
  notFound: string
  /** Another case was opened, or the drawer opened again: clear what was being written. */
  onSwitch: () => void
}

export function useCaseLoader<T extends { id: number }>(options: CaseLoaderOptions<T>) {
  const item = ref(null) as Ref<T | null>
  /** Only while nothing of this case is on screen yet. */
  const loading = ref(false)
  const loadError = ref('')
  /** Said after a 409: someone else moved the case on meanwhile. */
  const changedNotice = ref('')

  async function load() {
    const id = options.id()
    if (!id) return
    loading.value = item.value?.id !== id
    loadError.value = ''
    try {
      item.value = await options.fetch(id)
    } catch (e) {
      if (item.value?.id !== id) item.value = null
      loadError.value = e instanceof ApiError && e.status === 404 ? options.notFound : describeError(e)
    } finally {
      loading.value = false
    }
  }

  watch(
    () => [options.open.value, options.id()] as const,
    ([isOpen, id], old) => {
      if (!isOpen || !id) return
      if (old?.[1] !== id || !old?.[0]) {
        changedNotice.value = ''
        options.onSwitch()
      }
      void load()
    },
    { immediate: true },
  )
  watch(options.reloadKey, () => options.open.value && void load())

  return { item, loading, loadError, changedNotice, load }
}

/** The page's side: which case its drawer shows and whether the drawer is open. */
export function useDrawerSelection() {
  const open = ref(false)
  const id = ref<number | null>(null)
  function show(caseId: number) {
    id.value = caseId
    open.value = true
  }
  return { open, id, show }
}
