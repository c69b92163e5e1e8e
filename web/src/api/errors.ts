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
