// Turns API failures into short Chinese messages for the user.

import { ApiError, NetworkError } from './http'

export const NETWORK_ERROR_MESSAGE = '无法连接服务器，请稍后重试'

/** Gateway statuses that mean "the server is not reachable" when no problem body came with them. */
const UNREACHABLE_STATUSES = new Set([502, 503, 504])

export function describeError(err: unknown): string {
  if (err instanceof NetworkError) return NETWORK_ERROR_MESSAGE
  if (err instanceof ApiError) {
    const title = err.problem?.title?.trim()
    if (title) return title
    if (UNREACHABLE_STATUSES.has(err.status)) return NETWORK_ERROR_MESSAGE
    return `请求失败（HTTP ${err.status}），请稍后重试`
  }
  return '发生未知错误，请刷新页面后重试'
}

/** The problem's type without the base URL (bad-signature, key-revoked…), or '' for other failures. */
export function problemCode(err: unknown): string {
  if (!(err instanceof ApiError)) return ''
  const type = err.problem?.type
  return typeof type === 'string' ? (type.split('/').pop() ?? '') : ''
}

/**
 * The server has no such route (yet): 404, or 405 where a path of another route matched (POST
 * /api/v1/policies/corrections against GET /api/v1/policies/{id}). For features built ahead of the server.
 */
export const isMissingRoute = (err: unknown): boolean => err instanceof ApiError && (err.status === 404 || err.status === 405)
