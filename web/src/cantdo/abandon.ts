// When to ask an applicant who leaves a draft midway why they did not go on (办不成事, channel
// `abandon`): only for a draft they edited on this visit, when they leave the application altogether
// (not for its own detail page, where submit, 不需要办理 and 查看办件 lead), and once per draft —
// the answer (or 跳过) is remembered on this device. Their draft is saved either way.

/** The storage the "already asked" marks live in (localStorage; replaceable in tests). */
export interface MarkStorage {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
}

const key = (application: number) => `haoban.cant-do.asked.${application}`

function defaultStorage(): MarkStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    return null
  }
}

export function wasAsked(application: number, storage: MarkStorage | null = defaultStorage()): boolean {
  try {
    return storage?.getItem(key(application)) === '1'
  } catch {
    return false
  }
}

/** Remembers that the applicant answered or skipped (or reported the draft's problem themselves). */
export function markAsked(application: number, storage: MarkStorage | null = defaultStorage()): void {
  try {
    storage?.setItem(key(application), '1')
  } catch {
    // Private browsing without storage: they may be asked again, nothing worse.
  }
}

export interface LeaveContext {
  application: number
  /** The application's status as last loaded. */
  status: string
  /** Whether the applicant changed a field on this visit. */
  edited: boolean
  /** Already asked for this draft. */
  asked: boolean
  /** Signed in still (a 401 sends them to the login page: no question then). */
  signedIn: boolean
  /** The route being opened. */
  to: { name?: unknown; params?: Record<string, unknown> }
}

/** The application's own pages (its detail and its form) are not leaving it. */
function staysWithApplication(to: LeaveContext['to'], application: number): boolean {
  if (to.name !== 'portal-application' && to.name !== 'portal-application-form') return false
  const id = to.params?.id
  return Number(Array.isArray(id) ? id[0] : id) === application
}

export function shouldAskWhy(c: LeaveContext): boolean {
  return (
    c.signedIn &&
    c.edited &&
    !c.asked &&
    c.status === 'draft' &&
    c.application > 0 &&
    c.to.name !== 'login' &&
    !staysWithApplication(c.to, c.application)
  )
}
