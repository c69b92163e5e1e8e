// The read timeout (HAOBAN_SERVER_READ_TIMEOUT_SECONDS=1 here): a client that never finishes its
// request does not hold a connection forever. Assertions are about behaviour (the server closes),
// with generous waits, not about exact timing.

import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'

import { startCustomServer } from './custom-server.mjs'
import { RawConnection, delay } from './helpers.mjs'

let server
let port

before(async () => {
  server = await startCustomServer({ env: { HAOBAN_SERVER_READ_TIMEOUT_SECONDS: '1' }, template: true })
  port = server.port
})
after(async () => {
  await server?.stop()
})

test('a complete request is still answered promptly', async () => {
  const c = await RawConnection.open(port)
  try {
    await c.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`)
    const r = await c.response()
    assert.equal(r.status, 200)
  } finally {
    c.destroy()
  }
})

test('half a request: the server closes the connection and serves nothing', async () => {
  const c = await RawConnection.open(port)
  try {
    await c.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`) // no blank line
    assert.ok(await c.closesWithin(5_000), 'closed by the server within 5 s')
    assert.ok(!c.buf.toString('latin1').startsWith('HTTP/1.1 200'), 'the incomplete request was not served')
  } finally {
    c.destroy()
  }
})

test('headers complete but the body short of Content-Length: closed', async () => {
  const c = await RawConnection.open(port)
  try {
    await c.write(
      `POST /api/v1/sessions HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\n` +
        'Content-Length: 100\r\n\r\n{"username":',
    )
    assert.ok(await c.closesWithin(5_000), 'closed by the server within 5 s')
    assert.ok(!/^HTTP\/1\.1 2\d\d/.test(c.buf.toString('latin1')))
  } finally {
    c.destroy()
  }
})

test('trickling a request byte by byte (slowloris) does not keep the connection open', async () => {
  const c = await RawConnection.open(port)
  const request = `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Padding: ${'a'.repeat(40)}\r\n\r\n`
  let sent = 0
  const trickle = (async () => {
    for (; sent < request.length && !c.isClosed; sent++) {
      try {
        await c.write(request[sent])
      } catch {
        break
      }
      await delay(100)
    }
  })()
  try {
    // Sending the whole request would take ~8 s; a per-request deadline closes it well before.
    assert.ok(await c.closesWithin(5_000), `closed by the server within 5 s (${sent} bytes sent)`)
    assert.ok(sent < request.length, 'closed before the request was complete')
  } finally {
    c.destroy()
    await trickle
  }
})

test('an idle keep-alive connection is closed after the timeout', async () => {
  const c = await RawConnection.open(port)
  try {
    await c.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`)
    assert.equal((await c.response()).status, 200)
    assert.ok(await c.closesWithin(5_000), 'closed by the server within 5 s')
  } finally {
    c.destroy()
  }
})

test('the server still serves new connections afterwards', async () => {
  const res = await fetch(`${server.baseURL}/healthz`)
  assert.equal(res.status, 200)
  await res.arrayBuffer()
})
