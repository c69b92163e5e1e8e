import { computed, type WritableComputedRef } from 'vue'
import { useRoute, useRouter } from 'vue-router'

/** The first value of a route query parameter, '' when it is absent. */
export const queryValue = (v: unknown): string =>
  Array.isArray(v) ? queryValue(v[0]) : typeof v === 'string' ? v : ''

/**
 * The page's tab kept in the URL (`?tab=`), so a reload or a shared link opens the same tab. The
 * first of `tabs` is the default and is left out of the URL; an unknown value opens it too.
 */
export function useQueryTab<T extends string>(tabs: readonly [T, ...T[]]): WritableComputedRef<T> {
  const route = useRoute()
  const router = useRouter()
  return computed<T>({
    get: () => {
      const t = queryValue(route.query.tab)
      return (tabs as readonly string[]).includes(t) ? (t as T) : tabs[0]
    },
    set: (t) => void router.replace({ query: { ...route.query, tab: t === tabs[0] ? undefined : t } }),
  })
}
