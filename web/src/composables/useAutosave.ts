import { onBeforeUnmount, ref } from 'vue'

import { Autosaver, type AutosaveState } from '@/forms/autosave'
import type { FormValues } from '@/forms/model'

export type { AutosaveState }

/** An Autosaver for this component: reactive state, saved-at time and last error; disposed on unmount. */
export function useAutosave(save: (patch: FormValues) => Promise<void>, delayMs = 800) {
  const state = ref<AutosaveState>('idle')
  const savedAt = ref<Date | null>(null)
  const lastError = ref('')
  const saver = new Autosaver(save, {
    delayMs,
    onState: (s, error) => {
      state.value = s
      if (s === 'saved') savedAt.value = new Date()
      if (s === 'saved' || s === 'pending') lastError.value = ''
      if (s === 'error') lastError.value = error instanceof Error ? error.message : String(error)
    },
  })
  onBeforeUnmount(() => saver.dispose())
  return {
    state,
    savedAt,
    lastError,
    mark: (key: string, value: unknown) => saver.mark(key, value),
    flush: () => saver.flush(),
    hasChanges: () => saver.hasChanges(),
  }
}
