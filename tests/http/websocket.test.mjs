// The event stream at /api/v1/events, spoken by hand over a TCP socket (RFC 6455).

import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'

import {
  RawConnection,
  checkProblemBody,
  clientFrame,
  closePayload,
  newWsKey,
  startServer,
  token,
  upgradeRequest,
  wsAccept,
} from './helpers.mjs'

let server
let port
let clerkToken

before(async () => {
  server = await startServer()
  port = Number(new URL(server.baseURL).port)
  clerkToken = await token(server.baseURL, 'clerk.scjg')
})
after(async () => {
  await server?.stop()
})

const OP_TEXT = 0x1
const OP_CLOSE = 0x8
const OP_PING = 0x9
const OP_PONG = 0xa

/** Opens a connection and sends the upgrade; returns {c, res, key}. */
async function handshake(opts = {}) {
  const key = newWsKey()
  const c = await RawConnection.open(port)
  await c.write(upgradeRequest(port, { key, ...opts }))
  const res = await c.response()
  return { c, res, key }
}

function assertUpgraded(res, key) {
  assert.equal(res.status, 101, `expected 101, got ${res.status}: ${res.text}`)
  assert.equal(res.headers.upgrade?.toLowerCase(), 'websocket')
  assert.ok(
    (res.headers.connection ?? '')
      .toLowerCase()
      .split(',')
      .map((s) => s.trim())
      .includes('upgrade'),
    `Connection: ${res.headers.connection}`,
  )
  assert.equal(res.headers['sec-websocket-accept'], wsAccept(key))
}

async function assertHello(c, username) {
  const f = await c.frame()
  assert.equal(f.fin, true)
  assert.equal(f.opcode, OP_TEXT, 'a text frame')
  assert.equal(f.masked, false, 'server frames are not masked')
  const msg = JSON.parse(f.payload.toString('utf8'))
  assert.equal(msg.type, 'hello')
  assert.equal(msg.data.username, username)
  assert.ok(Number.isInteger(msg.data.connection) && msg.data.connection > 0, 'the connection id, for replies')
}

describe('handshake', () => {
  test('with the session cookie: 101, a correct Sec-WebSocket-Accept, then the hello message', async () => {
    const { c, res, key } = await handshake({ headers: { Cookie: `haoban_session=${clerkToken}` } })
    try {
      assertUpgraded(res, key)
      await assertHello(c, 'clerk.scjg')
    } finally {
      c.destroy()
    }
  })

  test('with a bearer token and a same-origin Origin', async () => {
    const t = await token(server.baseURL, 'person.demo')
    const { c, res, key } = await handshake({
      headers: { Authorization: `Bearer ${t}`, Origin: `http://127.0.0.1:${port}` },
    })
    try {
      assertUpgraded(res, key)
      await assertHello(c, 'person.demo')
    } finally {
      c.destroy()
    }
  })

  test('without a session: 401 problem, no upgrade', async () => {
    const { c, res } = await handshake()
    try {
      assert.equal(res.status, 401)
      assert.equal(res.headers['sec-websocket-accept'], undefined)
      assert.match(res.headers['content-type'], /^application\/problem\+json/)
      checkProblemBody(res.text, 401, 'unauthenticated')
      assert.ok(await c.closesWithin(5_000))
    } finally {
      c.destroy()
    }
  })

  test('with a forged token: 401 problem', async () => {
    const { c, res } = await handshake({ headers: { Authorization: 'Bearer forged-token-forged-token-forged' } })
    try {
      assert.equal(res.status, 401)
      checkProblemBody(res.text, 401, 'unauthenticated')
    } finally {
      c.destroy()
    }
  })

  test('from a foreign Origin, even with a valid session cookie: 403 problem', async () => {
    for (const origin of ['https://evil.example', `http://127.0.0.1:${port}.evil.example`, 'null']) {
      const { c, res } = await handshake({
        headers: { Cookie: `haoban_session=${clerkToken}`, Origin: origin },
      })
      try {
        assert.equal(res.status, 403, `Origin: ${origin}`)
        assert.equal(res.headers['sec-websocket-accept'], undefined)
        assert.match(res.headers['content-type'], /^application\/problem\+json/)
        checkProblemBody(res.text, 403, 'bad-origin')
      } finally {
        c.destroy()
      }
    }
  })

  test('an upgrade on another path is a 404 problem', async () => {
    const { c, res } = await handshake({
      path: '/api/v1/nope',
      headers: { Cookie: `haoban_session=${clerkToken}` },
    })
    try {
      assert.equal(res.status, 404)
      checkProblemBody(res.text, 404, 'not-found')
    } finally {
      c.destroy()
    }
  })
})

describe('an open event stream', () => {
  test('answers a ping with a pong carrying the same payload', async () => {
    const { c, res, key } = await handshake({ headers: { Cookie: `haoban_session=${clerkToken}` } })
    try {
      assertUpgraded(res, key)
      await assertHello(c, 'clerk.scjg')
      await c.write(clientFrame(OP_PING, Buffer.from('are you there')))
      const pong = await c.frame()
      assert.equal(pong.opcode, OP_PONG)
      assert.equal(pong.payload.toString(), 'are you there')
    } finally {
      c.destroy()
    }
  })

  test('a client close (1000) is echoed and the server closes the TCP connection', async () => {
    const { c, res, key } = await handshake({ headers: { Cookie: `haoban_session=${clerkToken}` } })
    try {
      assertUpgraded(res, key)
      await assertHello(c, 'clerk.scjg')
      await c.write(clientFrame(OP_CLOSE, closePayload(1000, 'bye')))
      const f = await c.frame()
      assert.equal(f.opcode, OP_CLOSE)
      assert.equal(f.payload.readUInt16BE(0), 1000)
      assert.ok(await c.closesWithin(5_000))
    } finally {
      c.destroy()
    }
  })
})
