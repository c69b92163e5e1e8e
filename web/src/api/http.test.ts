import { afterEach, describe, expect, it, vi } from 'vitest'

import { ApiError, NetworkError, request, requestText, setUnauthorizedHandler } from './http'

function stubFetch(impl: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>) {
  const fn = vi.fn(impl)
  vi.stubGlobal('fetch', fn)
  return fn
}

const problemJson = (status: number, body: object) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/problem+json' } })

/** The error a request failed with (fails the test if it succeeded). */
async function failure(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p
  } catch (e) {
    return e as ApiError
  }
  throw new Error('request unexpectedly succeeded')
}

afterEach(() => {
  vi.unstubAllGlobals()
  setUnauthorizedHandler(null)
})

describe('request', () => {
  it('sends JSON with the session cookie and parses the answer', async () => {
    const fetchFn = stubFetch(async () => Response.json({ ok: 1 }, { status: 201 }))
    await expect(request('POST', '/api/v1/sessions', { body: { username: 'a' } })).resolves.toEqual({ ok: 1 })
    const init = fetchFn.mock.calls[0]?.[1]
    expect(init?.method).toBe('POST')
    expect(init?.credentials).toBe('same-origin')
    expect(init?.body).toBe('{"username":"a"}')
    expect((init?.headers as Record<string, string>)['Content-Type']).toBe('application/json')
  })

  it('returns undefined for 204', async () => {
    stubFetch(async () => new Response(null, { status: 204 }))
    await expect(request('DELETE', '/api/v1/sessions/current')).resolves.toBeUndefined()
  })

  it('turns problem+json answers into ApiError', async () => {
    stubFetch(async () => problemJson(401, { title: '用户名或密码错误', status: 401 }))
    const err = await failure(request('POST', '/api/v1/sessions', { skipAuthRedirect: true }))
    expect(err).toBeInstanceOf(ApiError)
    expect(err.status).toBe(401)
    expect(err.problem?.title).toBe('用户名或密码错误')
  })

  it('keeps non-JSON error bodies out of the problem', async () => {
    stubFetch(async () => new Response('<html>Bad Gateway</html>', { status: 502, headers: { 'Content-Type': 'text/html' } }))
    const err = await failure(request('GET', '/api/v1/me'))
    expect(err).toBeInstanceOf(ApiError)
    expect(err.problem).toBeNull()
  })

  it('reports failed connections as NetworkError', async () => {
    stubFetch(async () => {
      throw new TypeError('Failed to fetch')
    })
    await expect(request('GET', '/api/v1/me')).rejects.toBeInstanceOf(NetworkError)
  })

  it('tells the unauthorized handler about 401s unless asked not to', async () => {
    stubFetch(async () => problemJson(401, { title: '请先登录' }))
    const handler = vi.fn()
    setUnauthorizedHandler(handler)
    await request('GET', '/api/v1/things').catch(() => {})
    expect(handler).toHaveBeenCalledWith('/api/v1/things')
    await request('GET', '/api/v1/me', { skipAuthRedirect: true }).catch(() => {})
    expect(handler).toHaveBeenCalledTimes(1)
  })
})

describe('requestText', () => {
  it('returns the body as text with the headers, sending the session cookie', async () => {
    const fetchFn = stubFetch(
      async () =>
        new Response('c2sp.org/tlog-proof@v1\n', {
          headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Disposition': 'attachment; filename="x"' },
        }),
    )
    const r = await requestText('/api/v1/ledger/receipts/3')
    expect(r.text).toBe('c2sp.org/tlog-proof@v1\n')
    expect(r.headers.get('content-disposition')).toBe('attachment; filename="x"')
    const init = fetchFn.mock.calls[0]?.[1]
    expect(init?.method).toBe('GET')
    expect(init?.credentials).toBe('same-origin')
    expect((init?.headers as Record<string, string>).Accept).toContain('text/plain')
  })

  it('turns problem+json answers into ApiError and reports 401s', async () => {
    const handler = vi.fn()
    setUnauthorizedHandler(handler)
    stubFetch(async () => problemJson(403, { title: '无权执行此操作', status: 403 }))
    const err = await failure(requestText('/api/v1/ledger/receipts/0'))
    expect(err).toBeInstanceOf(ApiError)
    expect(err.problem?.title).toBe('无权执行此操作')
    stubFetch(async () => problemJson(401, { title: '请先登录', status: 401 }))
    await failure(requestText('/api/v1/ledger/receipts/0'))
    expect(handler).toHaveBeenCalledWith('/api/v1/ledger/receipts/0')
  })

  it('reports failed connections as NetworkError', async () => {
    stubFetch(async () => {
      throw new TypeError('Failed to fetch')
    })
    await expect(requestText('/api/v1/ledger/checkpoint')).rejects.toBeInstanceOf(NetworkError)
  })
})
