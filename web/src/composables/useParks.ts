import { computed, ref } from 'vue'

import { fetchParks, type Park } from '@/api/addresses'
import { describeError } from '@/api/errors'

const parks = ref<Park[] | null>(null)
const error = ref('')
const loading = ref(false)
let pending: Promise<void> | null = null

function load(): Promise<void> {
  pending ??= (async () => {
    loading.value = true
    error.value = ''
    try {
      parks.value = await fetchParks()
    } catch (e) {
      error.value = describeError(e)
    } finally {
      loading.value = false
      pending = null
    }
  })()
  return pending
}

/** The park directory (园区), loaded once per tab and shared; `reload` after a failure. */
export function useParks() {
  if (parks.value === null && !error.value) void load()
  const byId = computed(() => new Map((parks.value ?? []).map((p) => [p.id, p])))
  return { parks, error, loading, byId, reload: load }
}
