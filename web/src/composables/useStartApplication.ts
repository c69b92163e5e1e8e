import { ElMessage } from 'element-plus'
import 'element-plus/es/components/message/style/css'
import { ref } from 'vue'
import { useRouter } from 'vue-router'

import { createApplication } from '@/api/applications'
import { describeError } from '@/api/errors'
import type { Answers } from '@/forms/model'

/** Creates a draft for an item or a bundle and opens its form. */
export function useStartApplication() {
  const router = useRouter()
  const starting = ref(false)

  async function start(target: { item: string } | { bundle: string }, answers: Answers = {}): Promise<boolean> {
    if (starting.value) return false
    starting.value = true
    try {
      const app = await createApplication({
        ...target,
        answers,
        channel: 'online',
        opened_at: new Date().toISOString(),
      })
      await router.push(`/portal/applications/${app.id}/form`)
      return true
    } catch (e) {
      ElMessage({ type: 'error', message: `无法开始办理：${describeError(e)}`, grouping: true })
      return false
    } finally {
      starting.value = false
    }
  }

  return { start, starting }
}
