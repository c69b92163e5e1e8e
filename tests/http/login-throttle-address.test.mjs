// The per-address login throttle: 20 failed logins from one remote address within 15 minutes
// lock that address out, whichever usernames were tried. Own server, since it exhausts the limit
// for 127.0.0.1. Another loopback address (127.0.0.2) stands in for a different client.

import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'

import { PASSWORD, RawConnection, assertProblem, checkProblemBody, login, startServer } from './helpers.mjs'

let server
let base

before(async () => {
  server = await startServer()
  base = server.baseURL
})
after(async () => {
  await server?.stop()
})

test('20 failures from one address (different usernames) → 429 for that address, right password included', async () => {
  // Distinct unknown usernames, so the per-username limit (5) never applies. Batches of 4 keep
  // the password hashing on the server's worker pool busy without queueing everything at once.
  for (let batch = 0; batch < 5; batch++) {
    const results = await Promise.all(
      [0, 1, 2, 3].map((i) => login(base, `nobody.${batch}.${i}`, 'Wrong@2026')),
    )
    for (const { res, body } of results) assert.equal(res.status, 401, JSON.stringify(body))
  }

  const res = await fetch(`${base}/api/v1/sessions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'person.demo', password: PASSWORD }),
  })
  assert.equal(res.headers.get('set-cookie'), null)
  assert.match(res.headers.get('retry-after') ?? '', /^\d+$/)
  await assertProblem(res, 429, 'too-many-login-attempts')
})

test('another client address is not affected', async (t) => {
  const port = Number(new URL(base).port)
  let c
  try {
    c = await RawConnection.open(port, { localAddress: '127.0.0.2' })
  } catch (e) {
    t.skip(`cannot bind 127.0.0.2 here (${e.code})`)
    return
  }
  try {
    const body = JSON.stringify({ username: 'person.demo', password: PASSWORD })
    await c.write(
      `POST /api/v1/sessions HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    )
    const res = await c.response()
    assert.equal(res.status, 201, res.text)
    assert.equal(JSON.parse(res.text).user.username, 'person.demo')
  } finally {
    c.destroy()
  }

  // ...while 127.0.0.1 is still refused.
  const again = await login(base, 'person.demo')
  assert.equal(again.res.status, 429)
  checkProblemBody(JSON.stringify(again.body), 429, 'too-many-login-attempts')
})
