import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue'

import { eventStream, type ConnectionState } from '@/api/events'

/** `feedback.task` (opened, reopened), `feedback.overdue`, `feedback.appeal`, `feedback.review`: the task's id at least. */
export interface FeedbackTaskEvent {
  id: number
  state?: string
  department?: string
  rating?: number
  level?: number
}

export const FEEDBACK_EVENT_TYPES = ['feedback.task', 'feedback.overdue', 'feedback.appeal', 'feedback.review'] as const
export type FeedbackEventType = (typeof FEEDBACK_EVENT_TYPES)[number]

export function parseFeedbackEvent(data: unknown): FeedbackTaskEvent | null {
  if (!data || typeof data !== 'object') return null
  const d = data as Record<string, unknown>
  const id = typeof d.id === 'number' && Number.isSafeInteger(d.id) && d.id > 0 ? d.id : 0
  if (!id) return null
  return {
    id,
    state: typeof d.state === 'string' ? d.state : undefined,
    department: typeof d.department === 'string' ? d.department : undefined,
    rating: typeof d.rating === 'number' ? d.rating : undefined,
    level: typeof d.level === 'number' ? d.level : undefined,
  }
}

/**
 * 好差评's live events while the component is mounted: the department hears of new and reopened
 * tasks and overdue steps, the data bureau of appeals, the rater that the department rectified.
 * `onReconnect` runs after the connection came back (events may have been missed: reload).
 */
export function useFeedbackEvents(
  types: readonly FeedbackEventType[],
  handlers: { onEvent: (type: FeedbackEventType, e: FeedbackTaskEvent) => void; onReconnect?: () => void },
): { state: Ref<ConnectionState> } {
  const state = ref<ConnectionState>('idle')
  const offs: (() => void)[] = []
  onMounted(() => {
    const stream = eventStream()
    types.forEach((type, i) =>
      offs.push(
        stream.subscribe(type, {
          onEvent: (data) => {
            const e = parseFeedbackEvent(data)
            if (e) handlers.onEvent(type, e)
          },
          // One subscription reports the connection for all of them.
          ...(i === 0 ? { onReconnect: handlers.onReconnect, onState: (s: ConnectionState) => (state.value = s) } : {}),
        }),
      ),
    )
  })
  onBeforeUnmount(() => offs.forEach((off) => off()))
  return { state }
}
