import { computed, ref } from 'vue'

import { fetchDepartments, fetchItems, type DepartmentInfo } from '@/api/catalog'

export interface ItemName {
  code: string
  name: string
  department: string
}

const departments = ref<DepartmentInfo[]>([])
const items = ref<ItemName[]>([])
let departmentsRequested = false
let itemsRequested = false

/** The catalog has a few hundred items: read them all, a page of 100 at a time. */
async function loadItems(): Promise<ItemName[]> {
  const out: ItemName[] = []
  let cursor: string | undefined
  for (let page = 0; page < 50; page++) {
    const r = await fetchItems({ limit: 100, cursor })
    out.push(...r.items.map((i) => ({ code: i.code, name: i.name, department: i.department.id })))
    if (!r.nextCursor) break
    cursor = r.nextCursor
  }
  return out
}

/**
 * Names for the codes the cockpit's numbers carry: departments and streets/towns
 * (GET /api/v1/departments) and items (the catalog), loaded once per tab. Unknown codes show as
 * themselves.
 */
export function useCockpitNames() {
  if (!departmentsRequested) {
    departmentsRequested = true
    fetchDepartments()
      .then((ds) => (departments.value = ds))
      .catch(() => (departmentsRequested = false))
  }
  if (!itemsRequested) {
    itemsRequested = true
    loadItems()
      .then((is) => (items.value = is))
      .catch(() => (itemsRequested = false))
  }
  const departmentNames = computed(() => new Map(departments.value.map((d) => [d.id, d.name])))
  const itemsByCode = computed(() => new Map(items.value.map((i) => [i.code, i])))
  return {
    /** Departments (kind department), in the server's order. */
    departments: computed(() => departments.value.filter((d) => d.kind !== 'street')),
    /** Streets and towns: the units 帮办 helpers belong to. */
    streets: computed(() => departments.value.filter((d) => d.kind === 'street')),
    items,
    /** A department's or street/town's name. */
    departmentName: (id: string): string => departmentNames.value.get(id) ?? id,
    itemName: (code: string): string => itemsByCode.value.get(code)?.name ?? '',
    itemDepartment: (code: string): string => itemsByCode.value.get(code)?.department ?? '',
  }
}
