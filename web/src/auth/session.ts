// The logged-in user, shared by the router guard and the layouts.
// The browser holds only the HttpOnly session cookie; the user is fetched from /api/v1/me.

import { reactive, readonly } from 'vue'

import { resetEventStream } from '@/api/events'
import { createSession, deleteSession, fetchCurrentUser } from '@/api/session'
import type { User } from '@/api/types'

interface SessionState {
  user: User | null
  /** True once the server has told us whether a session exists. */
  known: boolean
}

const state = reactive<SessionState>({ user: null, known: false })
let pending: Promise<User | null> | null = null

export const session = readonly(state)

/**
 * Resolves the current user, asking the server at most once until the session changes.
 * A server that cannot be reached counts as "not logged in" for this navigation but is
 * asked again next time.
 */
export function loadSession(): Promise<User | null> {
  if (state.known) return Promise.resolve(state.user as User | null)
  pending ??= fetchCurrentUser()
    .then((user) => {
      state.user = user
      state.known = true
      return user
    })
    .catch(() => null)
    .finally(() => {
      pending = null
    })
  return pending
}

export async function login(username: string, password: string): Promise<User> {
  const { user } = await createSession(username, password)
  state.user = user
  state.known = true
  return user
}

export async function logout(): Promise<void> {
  await deleteSession()
  forgetSession()
}

/** Drops the local copy of the session (after logout or when the server answered 401). */
export function forgetSession(): void {
  // The event socket was authenticated with the old session: close it.
  resetEventStream()
  state.user = null
  state.known = true
}
