import { describe, expect, it } from 'vitest'

import { describeError, NETWORK_ERROR_MESSAGE } from './errors'
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
