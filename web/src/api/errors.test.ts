import { describe, expect, it } from 'vitest'

import { describeError, isMissingRoute, NETWORK_ERROR_MESSAGE, problemCode } from './errors'
import { ApiError, NetworkError } from './http'

describe('describeError', () => {
  it('shows the problem title the server sent', () => {
    const err = new ApiError(401, {
      type: 'https://haoban.gov.cn/problems/invalid-credentials',
      title: '用户名或密码错误',
      status: 401,
    })
    expect(describeError(err)).toBe('用户名或密码错误')
    expect(describeError(new ApiError(429, { title: '登录尝试过于频繁，请稍后再试' }))).toBe(
      '登录尝试过于频繁，请稍后再试',
    )
  })

  it('reports unreachable servers plainly', () => {
    expect(describeError(new NetworkError(new TypeError('Failed to fetch')))).toBe(NETWORK_ERROR_MESSAGE)
    expect(describeError(new ApiError(502, null))).toBe(NETWORK_ERROR_MESSAGE)
    expect(describeError(new ApiError(504, { title: '  ' }))).toBe(NETWORK_ERROR_MESSAGE)
  })

  it('falls back to the status for bodies without a title', () => {
    expect(describeError(new ApiError(500, null))).toBe('请求失败（HTTP 500），请稍后重试')
    expect(describeError(new Error('boom'))).toBe('发生未知错误，请刷新页面后重试')
  })
})

describe('problemCode and isMissingRoute', () => {
  it('reads the problem type’s last segment; 404 and 405 mean no such route', () => {
    const E = ApiError
    expect(problemCode(new E(400, { type: 'https://haoban.gov.cn/problems/bad-signature', title: '签名验证未通过' }))).toBe('bad-signature')
    expect(problemCode(new E(500, null))).toBe('')
    expect(problemCode(new Error('x'))).toBe('')
    expect([isMissingRoute(new E(404, null)), isMissingRoute(new E(405, null)), isMissingRoute(new E(409, null)), isMissingRoute(new Error())]).toEqual([true, true, false, false])
  })
})
