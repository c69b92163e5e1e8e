// Reading the server's JSON defensively (a missing or mistyped field becomes '', 0, false or [])
// and writing action bodies, shared by the casework APIs (好差评 tasks, 办不成事 reports).

export type Raw = Record<string, unknown>

export const isObject = (v: unknown): v is Raw => v !== null && typeof v === 'object' && !Array.isArray(v)
export const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '')
/** A non-negative safe integer (numbers or digit strings), else 0. */
export const int = (v: unknown): number => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN
  return Number.isSafeInteger(n) && n >= 0 ? n : 0
}
export const bool = (v: unknown): boolean => v === true
/** The objects of an array; anything else is an empty list. */
export const list = (v: unknown): Raw[] => (Array.isArray(v) ? v.filter(isObject) : [])
export const oneOf = <T extends string>(values: readonly T[], v: unknown, fallback: T): T =>
  (values as readonly string[]).includes(str(v)) ? (str(v) as T) : fallback

/** `?a=1&b=2` of the parameters that have a value, '' when none has. */
export function queryString(params: Record<string, string | undefined>): string {
  const usp = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v) usp.set(k, v)
  const s = usp.toString()
  return s ? `?${s}` : ''
}

/** One step of a case's workflow, as the server records it. */
export interface WorkflowStep {
  at: string
  /** The account's username, or `system`. */
  actor: string
  action: string
  note: string
}

/** The steps of a case, oldest first as the server sends them. */
export function normalizeSteps(raw: unknown): WorkflowStep[] {
  return list(raw).map((s) => ({ at: str(s.at), actor: str(s.actor), action: str(s.action), note: str(s.note) }))
}

/**
 * An action's body as sent: texts trimmed, undefined fields left out, and an empty text left out
 * where `dropEmpty(key)` says it is optional.
 */
export function actionBody(body: object, dropEmpty: (key: string) => boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(body)) {
    if (typeof v === 'string') {
      const t = v.trim()
      if (!t && dropEmpty(k)) continue
      out[k] = t
    } else if (v !== undefined) {
      out[k] = v
    }
  }
  return out
}
