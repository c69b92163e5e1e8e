// Session endpoints: log in, who am I, log out.

import { ApiError, request } from './http'
import type { SessionCreated, User } from './types'

export function createSession(username: string, password: string): Promise<SessionCreated> {
  return request<SessionCreated>('POST', '/api/v1/sessions', {
    body: { username, password },
    skipAuthRedirect: true,
  })
}

/** The logged-in user, or null when there is no valid session. */
export async function fetchCurrentUser(): Promise<User | null> {
  try {
    return await request<User>('GET', '/api/v1/me', { skipAuthRedirect: true })
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null
    throw err
  }
}

export async function deleteSession(): Promise<void> {
  try {
    await request<void>('DELETE', '/api/v1/sessions/current', { skipAuthRedirect: true })
  } catch (err) {
    // Already logged out (expired or deleted elsewhere): nothing left to end.
    if (err instanceof ApiError && err.status === 401) return
    throw err
  }
}
