// Signed-in users for the browser tests of one suite (see browser.mjs suiteFixture): API calls from
// Node as a user (a bearer token per user), browser contexts of their own signed in as a user, and
// failures that carry the server's recent log.

import assert from 'node:assert/strict'

import { DESKTOP, PASSWORD, submitLogin } from './browser.mjs'

/** The body of an API answer, asserting its status first. */
export async function ok(promise, status = 200) {
  const r = await promise
  assert.equal(r.status, status, r.text)
  return r.body
}

/** The suite's helpers: {call, open, withFailureContext}. */
export function sessions(suite) {
  const tokens = {}

  /** An API call from Node as `username`: {status, body, text}. */
  async function call(username, method, path, body) {
    const base = suite.server.baseURL
    if (!tokens[username]) {
      const res = await fetch(`${base}/api/v1/sessions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username, password: PASSWORD }),
      })
      assert.equal(res.status, 201, `login as ${username}`)
      tokens[username] = (await res.json()).token
    }
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { Authorization: `Bearer ${tokens[username]}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    })
    const text = await res.text()
    return { status: res.status, body: text ? JSON.parse(text) : null, text }
  }

  /**
   * A browser context of its own (cookies, WebSocket), signed in as `username` unless null:
   * {context, page, close}. Uncaught page errors fail `close`.
   */
  async function open(username, options = DESKTOP) {
    const context = await suite.browser.newContext({ baseURL: suite.server.baseURL, locale: 'zh-CN', ...options })
    context.setDefaultTimeout(10_000)
    const page = await context.newPage()
    const errors = []
    page.on('pageerror', (err) => errors.push(`${username ?? 'anonymous'}: ${err}`))
    if (username) {
      await page.goto('/login')
      await submitLogin(page, username)
      await page.waitForURL((url) => url.pathname !== '/login')
    }
    return {
      context,
      page,
      close: async () => {
        await context.close()
        assert.deepEqual(errors, [], 'uncaught errors in the page')
      },
    }
  }

  /** Runs fn; a failure's message gets the server's recent log. */
  async function withFailureContext(fn) {
    try {
      await fn()
    } catch (err) {
      err.message += `\n${suite.server.logs().slice(-4000)}`
      throw err
    }
  }

  return { call, open, withFailureContext }
}
