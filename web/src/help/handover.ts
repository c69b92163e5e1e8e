// 小宝's 转人工帮办: asks the portal's one help panel to open, with 小宝's conversation as context
// (the panel reads it from sessionStorage when it starts a conversation).
import { ref } from 'vue'

/** Incremented on each request; the help panel opens when it changes. */
export const helpRequests = ref(0)

export function requestHelp(): void {
  helpRequests.value++
}
