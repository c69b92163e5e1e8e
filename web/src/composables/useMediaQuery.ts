import { onBeforeUnmount, ref, type Ref } from 'vue'

/** Reactive `window.matchMedia(query).matches`. */
export function useMediaQuery(query: string): Ref<boolean> {
  const list = window.matchMedia(query)
  const matches = ref(list.matches)
  const update = (e: MediaQueryListEvent) => {
    matches.value = e.matches
  }
  list.addEventListener('change', update)
  onBeforeUnmount(() => list.removeEventListener('change', update))
  return matches
}

/** Phones and narrow windows: the side navigation moves into a drawer. */
export function useIsMobile(): Ref<boolean> {
  return useMediaQuery('(max-width: 767px)')
}
