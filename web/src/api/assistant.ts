// 小宝, the digital assistant: ask a question in a conversation (follow-ups keep the item in
// context), get an answer citing knowledge entries, the related items with an action, the
// confidence and whether a human helper is offered. Shapes as src/assistant/json.cpp answers.

import { request } from './http'

type Raw = Record<string, unknown>
const isObject = (v: unknown): v is Raw => v !== null && typeof v === 'object' && !Array.isArray(v)
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '')
const num = (v: unknown): number => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN
  return Number.isFinite(n) ? n : 0
}

export interface Citation {
  /** Knowledge entry id (/portal/knowledge/:id). */
  entry: number
  code: string
  title: string
  type: string
}

export interface RelatedItem {
  code: string
  name: string
  /** The department's name. */
  department: string
  /** Can be applied for online. */
  online: boolean
  /** A helper can assist online (帮办). */
  onlineHelp: boolean
  /** 立即办理 / 查看办事指南 */
  actionLabel: string
}

export interface Handover {
  reason: string
}

export interface AssistantAnswer {
  conversation: string
  text: string
  citations: Citation[]
  relatedItems: RelatedItem[]
  /** 0..1 */
  confidence: number
  lowConfidence: boolean
  /** consult, start_application, check_status, complain, human… */
  intent: string
  intentLabel: string
  /** The item the conversation is about (kept across follow-ups), or null. */
  contextItem: string | null
  /** A human helper is offered, and why; null when not. */
  handover: Handover | null
}

export interface ConversationMessage {
  role: 'user' | 'assistant'
  text: string
  at: string
  citations: Citation[]
}

function citations(v: unknown): Citation[] {
  return Array.isArray(v)
    ? v
        .filter(isObject)
        .map((c) => ({ entry: num(c.entry), code: str(c.code), title: str(c.title), type: str(c.type) }))
        .filter((c) => c.entry > 0 && c.title)
    : []
}

export function normalizeAnswer(raw: unknown): AssistantAnswer {
  const r = isObject(raw) ? raw : {}
  const related: RelatedItem[] = Array.isArray(r.related_items)
    ? r.related_items.filter(isObject).map((i) => {
        const online = i.online === true
        const action = isObject(i.action) ? i.action : {}
        return {
          code: str(i.code),
          name: str(i.name) || str(i.code),
          department: str(i.department),
          online,
          onlineHelp: i.online_help === true,
          actionLabel: str(action.label) || (online ? '立即办理' : '查看办事指南'),
        }
      })
    : []
  const handover = isObject(r.handover) && r.handover.offered !== false ? { reason: str(r.handover.reason) } : null
  return {
    conversation: str(r.conversation),
    text: str(r.text),
    citations: citations(r.citations),
    relatedItems: related.filter((i) => i.code),
    confidence: Math.min(1, Math.max(0, num(r.confidence))),
    lowConfidence: r.low_confidence === true,
    intent: str(r.intent),
    intentLabel: str(r.intent_label),
    contextItem: str(r.context_item) || null,
    handover,
  }
}

export function normalizeConversation(raw: unknown): ConversationMessage[] {
  const r = isObject(raw) ? raw : {}
  return Array.isArray(r.messages)
    ? r.messages.filter(isObject).map((m) => ({
        role: str(m.role) === 'user' ? ('user' as const) : ('assistant' as const),
        text: str(m.text),
        at: str(m.at),
        citations: citations(m.citations),
      }))
    : []
}

/** Asks 小宝; without a conversation id the server starts a new conversation. */
export async function askAssistant(text: string, conversation?: string | null): Promise<AssistantAnswer> {
  const body: Record<string, string> = { text }
  if (conversation) body.conversation = conversation
  // The assistant may take longer than ordinary calls when an LLM rewrites its answer.
  return normalizeAnswer(await request<unknown>('POST', '/api/v1/assistant/messages', { body, timeoutMs: 60_000 }))
}

export async function fetchConversation(id: string): Promise<ConversationMessage[]> {
  return normalizeConversation(await request<unknown>('GET', `/api/v1/assistant/conversations/${encodeURIComponent(id)}`))
}
