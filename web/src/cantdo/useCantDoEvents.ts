import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue'

import { eventStream, type ConnectionState } from '@/api/events'

/**
 * 办不成事's events: `cant_do.report` (a new report to the desk; assigned or reopened to the
 * department), `cant_do.overdue` (a late step, to the department and the desk; level 2 to admin),
 * `cant_do.reply` (the department or a plan answered, to the reporter), `cant_do.plan` (a plan for
 * the lead department). Each carries the report's (or plan's) id at least.
 */
export const CANT_DO_EVENT_TYPES = ['cant_do.report', 'cant_do.overdue', 'cant_do.reply', 'cant_do.plan'] as const
export type CantDoEventType = (typeof CANT_DO_EVENT_TYPES)[number]

export interface CantDoEvent {
  id: number
  status?: string
  level?: number
  title?: string
}

export function parseCantDoEvent(data: unknown): CantDoEvent | null {
  if (!data || typeof data !== 'object') return null
  const d = data as Record<string, unknown>
  if (typeof d.id !== 'number' || !Number.isSafeInteger(d.id) || d.id <= 0) return null
  return {
    id: d.id,
    status: typeof d.status === 'string' ? d.status : undefined,
    level: typeof d.level === 'number' ? d.level : undefined,
    title: typeof d.title === 'string' ? d.title : undefined,
  }
}

/**
 * Listens to 办不成事's events while the component is mounted. `onReconnect` runs after the
 * connection came back (events may have been missed: reload).
 */
export function useCantDoEvents(
  types: readonly CantDoEventType[],
  handlers: { onEvent: (type: CantDoEventType, e: CantDoEvent) => void; onReconnect?: () => void },
): { state: Ref<ConnectionState> } {
  const state = ref<ConnectionState>('idle')
  const offs: (() => void)[] = []
  onMounted(() => {
    const stream = eventStream()
    types.forEach((type, i) =>
      offs.push(
        stream.subscribe(type, {
          onEvent: (data) => {
            const e = parseCantDoEvent(data)
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
