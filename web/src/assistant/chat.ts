// The 小宝 panel's message list as pure transitions: a question goes in as pending, the answer (or
// a failure) replaces the pending state; a reloaded conversation comes back from the server's
// history. Also the question checks, the suggested questions and where the conversation id is kept.

import type { AssistantAnswer, Citation, ConversationMessage, Handover, RelatedItem } from '@/api/assistant'

export interface ChatMessage {
  /** Local key for v-for. */
  key: string
  role: 'user' | 'assistant'
  text: string
  citations: Citation[]
  relatedItems: RelatedItem[]
  lowConfidence: boolean
  handover: Handover | null
  /** A user question: still waiting for the answer, or it failed (with the reason). */
  state: 'sent' | 'pending' | 'failed'
  error: string
}

export const SUGGESTED_QUESTIONS: readonly string[] = [
  '开饭店要办什么证',
  '营业执照丢了怎么补办',
  '新生儿落户需要哪些材料',
  '办理食品经营许可要多久',
]

/** Longest question accepted (the server takes more, but nobody types that much into a chat). */
export const MAX_QUESTION_CHARS = 500

/** sessionStorage key of the conversation id: a reload keeps the conversation, a new tab starts afresh. */
export const CONVERSATION_KEY = 'haoban.assistant.conversation'

/** Why a question cannot be sent, or null. */
export function questionProblem(text: string): string | null {
  const t = text.trim()
  if (!t) return '请输入您的问题'
  if ([...t].length > MAX_QUESTION_CHARS) return `问题请不要超过 ${MAX_QUESTION_CHARS} 个字`
  return null
}

let counter = 0
const nextKey = (prefix: string) => `${prefix}-${++counter}`

function message(role: ChatMessage['role'], text: string, extra: Partial<ChatMessage> = {}): ChatMessage {
  return {
    key: nextKey(role),
    role,
    text,
    citations: [],
    relatedItems: [],
    lowConfidence: false,
    handover: null,
    state: 'sent',
    error: '',
    ...extra,
  }
}

/** The conversation as the server kept it (related items and hand-over offers are not kept). */
export function fromHistory(messages: readonly ConversationMessage[]): ChatMessage[] {
  return messages.filter((m) => m.text).map((m) => message(m.role, m.text, { citations: m.citations }))
}

/** Adds the user's question, waiting for its answer. */
export function ask(list: readonly ChatMessage[], text: string): ChatMessage[] {
  return [...list, message('user', text.trim(), { state: 'pending' })]
}

/** The answer to the pending question `key` arrived. */
export function answered(list: readonly ChatMessage[], key: string, answer: AssistantAnswer): ChatMessage[] {
  const i = list.findIndex((m) => m.key === key)
  if (i < 0) return [...list]
  const out = list.map((m) => (m.key === key ? { ...m, state: 'sent' as const, error: '' } : m))
  out.splice(
    i + 1,
    0,
    message('assistant', answer.text, {
      citations: answer.citations,
      relatedItems: answer.relatedItems,
      lowConfidence: answer.lowConfidence,
      handover: answer.handover,
    }),
  )
  return out
}

/** The question `key` could not be answered (network, server): kept, marked, retry offered. */
export function failed(list: readonly ChatMessage[], key: string, error: string): ChatMessage[] {
  return list.map((m) => (m.key === key ? { ...m, state: 'failed' as const, error } : m))
}

/** Drops a failed question (before asking it again). */
export function remove(list: readonly ChatMessage[], key: string): ChatMessage[] {
  return list.filter((m) => m.key !== key)
}

export const isWaiting = (list: readonly ChatMessage[]): boolean => list.some((m) => m.state === 'pending')

/** The portal page of an item 小宝 suggests (its guide, with 在线办理). */
export const itemPath = (code: string): string => `/portal/guide/items/${encodeURIComponent(code)}`

/** The portal page of a cited knowledge entry. */
export const entryPath = (id: number): string => `/portal/knowledge/${id}`

/** Reads the kept conversation id (null when storage is unavailable or empty). */
export function loadConversationId(storage: Pick<Storage, 'getItem'> | null): string | null {
  try {
    const id = storage?.getItem(CONVERSATION_KEY) ?? ''
    return /^[0-9a-zA-Z_-]{1,64}$/.test(id) ? id : null
  } catch {
    return null
  }
}

export function saveConversationId(storage: Pick<Storage, 'setItem' | 'removeItem'> | null, id: string | null): void {
  try {
    if (id) storage?.setItem(CONVERSATION_KEY, id)
    else storage?.removeItem(CONVERSATION_KEY)
  } catch {
    // private mode or quota: the conversation simply does not survive a reload
  }
}
