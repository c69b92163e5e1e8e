import { ref } from 'vue'

import { fetchDepartments } from '@/api/catalog'

const names = ref<Record<string, string>>({})
let requested = false

/** Department names by id (loaded once per tab); unknown ids show as themselves. */
export function useDepartmentNames() {
  if (!requested) {
    requested = true
    fetchDepartments()
      .then((ds) => (names.value = Object.fromEntries(ds.map((d) => [d.id, d.name]))))
      .catch(() => (requested = false))
  }
  return (id: string | null | undefined) => (id ? (names.value[id] ?? id) : '')
}
