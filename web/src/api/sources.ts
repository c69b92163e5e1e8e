// Authoritative sources (数源): the log of who looked at the signed-in applicant's data, when, why
// and with what outcome (谁查看了我的数据). Values are never logged, nor shown. See docs/sources.md.

import { request } from './http'

type Raw = Record<string, unknown>
const isObject = (v: unknown): v is Raw => v !== null && typeof v === 'object' && !Array.isArray(v)
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '')

export type ActorKind = 'system' | 'self' | 'staff' | 'other'
export type QueryOutcome = 'ok' | 'not_found' | 'unavailable'

export interface SourceQuery {
  id: string
  /** RFC 3339 UTC. */
  at: string
  source: { id: string; name: string }
  actor: {
    kind: ActorKind
    /** 「系统（预填）」, 「本人」, 「系统」, 「王敏（区市场监管局）」. */
    label: string
  }
  /** Application number, ''. */
  application: string
  purpose: string
  outcome: QueryOutcome | string
  outcomeLabel: string
}

export interface QueryPage {
  items: SourceQuery[]
  nextCursor: string | null
}

const ACTOR_KINDS: readonly ActorKind[] = ['system', 'self', 'staff', 'other']

const OUTCOME_LABELS: Record<string, string> = { ok: '已查询', not_found: '未查到记录', unavailable: '数源不可用' }

export function outcomeTag(outcome: string): 'success' | 'info' | 'warning' {
  return outcome === 'ok' ? 'success' : outcome === 'unavailable' ? 'warning' : 'info'
}

export const ACTOR_KIND_LABELS: Record<ActorKind, string> = {
  system: '系统',
  self: '本人',
  staff: '工作人员',
  other: '其他',
}

/** Prefill queries (「预填「…」」) get their own tag: the most common and the least alarming. */
export function isPrefillQuery(q: Pick<SourceQuery, 'purpose'>): boolean {
  return q.purpose.startsWith('预填')
}

export function normalizeQuery(raw: unknown): SourceQuery {
  const r = isObject(raw) ? raw : {}
  const src = isObject(r.source) ? r.source : {}
  const actor = isObject(r.actor) ? r.actor : {}
  const kindRaw = str(actor.kind)
  const kind = (ACTOR_KINDS as readonly string[]).includes(kindRaw) ? (kindRaw as ActorKind) : 'other'
  const outcome = str(r.outcome)
  return {
    id: str(r.id),
    at: str(r.at),
    // A plain string is the source's id (the admin log's shape).
    source: { id: str(src.id) || str(r.source), name: str(src.name) || str(src.id) || str(r.source) },
    actor: { kind, label: str(actor.label) || ACTOR_KIND_LABELS[kind] },
    application: str(r.application),
    purpose: str(r.purpose),
    outcome,
    outcomeLabel: str(r.outcome_label) || OUTCOME_LABELS[outcome] || outcome,
  }
}

export function normalizeQueryPage(raw: unknown): QueryPage {
  const r = isObject(raw) ? raw : {}
  const items = Array.isArray(r.items) ? r.items.filter(isObject).map(normalizeQuery) : []
  return { items, nextCursor: str(r.next_cursor) || null }
}

export const QUERY_PAGE_SIZE = 20

/** Who looked at my data, newest first; `cursor` from the previous page. */
export async function fetchMyQueries(cursor?: string | null, limit = QUERY_PAGE_SIZE): Promise<QueryPage> {
  const usp = new URLSearchParams({ limit: String(limit) })
  if (cursor) usp.set('cursor', cursor)
  return normalizeQueryPage(await request<unknown>('GET', `/api/v1/sources/queries/mine?${usp}`))
}

/** Appends a page, skipping items already shown (a query logged between two pages shifts nothing). */
export function appendPage(shown: readonly SourceQuery[], page: readonly SourceQuery[]): SourceQuery[] {
  const seen = new Set(shown.map((q) => q.id))
  return [...shown, ...page.filter((q) => !seen.has(q.id))]
}
