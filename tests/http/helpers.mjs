// Shared helpers for the HTTP integration tests (not a test file itself: node --test only runs
// *.test.mjs here). The server itself comes from the browser tests' harness, web/e2e/server.mjs.

import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import net from 'node:net'

export { startServer, serverBinary, freePort, DIST_DIR, REPO_DIR } from '../../web/e2e/server.mjs'

export const PASSWORD = 'Haoban@2026'
export const PROBLEM_BASE = 'https://haoban.gov.cn/problems/'
export const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11'

const HAN = /\p{Script=Han}/u

/** POST /api/v1/sessions. Returns the response and its parsed JSON body. */
export async function login(baseURL, username, password = PASSWORD) {
  const res = await fetch(`${baseURL}/api/v1/sessions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
  const body = await res.json()
  return { res, body }
}

/** Logs in and asserts success; returns the token. */
export async function token(baseURL, username) {
  const { res, body } = await login(baseURL, username)
  assert.equal(res.status, 201, `login as ${username}: ${JSON.stringify(body)}`)
  return body.token
}

export const bearer = (t) => ({ Authorization: `Bearer ${t}` })

/**
 * JSON calls as a signed-in user: `tokens` maps usernames to tokens (filled in later is fine);
 * `user` undefined calls anonymously. `ok` asserts the status and returns the parsed body.
 */
export function apiClient(server, tokens) {
  const headers = (user) => (user ? bearer(tokens[user]) : {})
  const send = (method, path, body, user) =>
    fetch(`${server().baseURL}${path}`, {
      method,
      headers: { ...headers(user), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    })
  return {
    get: (path, user) => fetch(`${server().baseURL}${path}`, { headers: headers(user) }),
    send,
    /** `send` with the user first, as the application tests read best. */
    call: (user, method, path, body) => send(method, path, body, user),
    ok: async (res, status = 200) => {
      assert.equal(res.status, status, await res.clone().text())
      return res.json()
    },
  }
}
export const cookie = (t) => ({ Cookie: `haoban_session=${t}` })

/**
 * Asserts an RFC 9457 problem response (from fetch) and returns the parsed problem.
 * `slug` is the last part of the problem type URI.
 */
export async function assertProblem(res, status, slug, { title, instance } = {}) {
  const text = await res.text()
  assert.equal(res.status, status, `expected ${status} ${slug}, got ${res.status}: ${text}`)
  assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json\b/)
  return checkProblemBody(text, status, slug, { title, instance })
}

/** The same checks on a problem body already read (e.g. from a raw socket). */
export function checkProblemBody(text, status, slug, { title, instance } = {}) {
  let p
  assert.doesNotThrow(() => (p = JSON.parse(text)), `problem body is not JSON: ${text}`)
  assert.equal(p.type, PROBLEM_BASE + slug, `problem type: ${text}`)
  assert.equal(p.status, status)
  assert.equal(typeof p.title, 'string')
  assert.match(p.title, HAN, 'the problem title is written in Chinese')
  if (title !== undefined) assert.equal(p.title, title)
  if (instance !== undefined) assert.equal(p.instance, instance)
  return p
}

const delay = (ms) => new Promise((r) => setTimeout(r, ms))
export { delay }

/**
 * A raw TCP connection to the server, for what fetch hides: pipelining, half-sent requests,
 * connection closes, WebSocket frames. Received bytes accumulate in `buf`; the parse helpers
 * consume from its front.
 */
export class RawConnection {
  static open(port, { host = '127.0.0.1', localAddress } = {}) {
    return new Promise((resolve, reject) => {
      const sock = net.connect({ port, host, localAddress })
      sock.once('error', reject)
      sock.once('connect', () => {
        sock.off('error', reject)
        resolve(new RawConnection(sock))
      })
    })
  }

  constructor(sock) {
    this.sock = sock
    this.buf = Buffer.alloc(0)
    this.error = null
    this.isClosed = false
    this.listeners = new Set()
    sock.on('data', (d) => {
      this.buf = Buffer.concat([this.buf, d])
      this.notify()
    })
    sock.on('error', (e) => {
      this.error = e
    })
    this.closed = new Promise((resolve) => {
      sock.on('close', () => {
        this.isClosed = true
        this.notify()
        resolve({ error: this.error })
      })
    })
  }

  notify() {
    for (const l of this.listeners) l()
  }

  write(data) {
    return new Promise((resolve, reject) => this.sock.write(data, (e) => (e ? reject(e) : resolve())))
  }

  /**
   * Waits until `parse(buf)` returns {value, used}; consumes `used` bytes and returns value.
   * Rejects after timeoutMs, or if the connection closes first.
   */
  until(parse, what, timeoutMs = 5_000) {
    return new Promise((resolve, reject) => {
      const check = () => {
        let r
        try {
          r = parse(this.buf)
        } catch (e) {
          done()
          reject(e)
          return
        }
        if (r) {
          this.buf = this.buf.subarray(r.used)
          done()
          resolve(r.value)
        } else if (this.isClosed) {
          done()
          reject(
            new Error(
              `connection closed while waiting for ${what}` +
                (this.error ? ` (${this.error.code})` : '') +
                `; received: ${JSON.stringify(this.buf.toString('latin1').slice(0, 500))}`,
            ),
          )
        }
      }
      const timer = setTimeout(() => {
        done()
        reject(new Error(`timed out waiting for ${what}; received: ${JSON.stringify(this.buf.toString('latin1').slice(0, 500))}`))
      }, timeoutMs)
      const done = () => {
        clearTimeout(timer)
        this.listeners.delete(check)
      }
      this.listeners.add(check)
      check()
    })
  }

  /** The next complete HTTP response. */
  response(opts = {}) {
    return this.until((b) => parseResponse(b, opts), 'an HTTP response', opts.timeoutMs)
  }

  async responses(n, opts = {}) {
    const out = []
    for (let i = 0; i < n; i++) out.push(await this.response(opts))
    return out
  }

  /** The next complete WebSocket frame. */
  frame(timeoutMs) {
    return this.until(parseFrame, 'a WebSocket frame', timeoutMs)
  }

  /** Resolves true if the server closes the connection within timeoutMs, false otherwise. */
  async closesWithin(timeoutMs) {
    let timer
    const timeout = new Promise((r) => (timer = setTimeout(() => r(false), timeoutMs)))
    const result = await Promise.race([this.closed.then(() => true), timeout])
    clearTimeout(timer)
    return result
  }

  destroy() {
    this.sock.destroy()
  }
}

/**
 * Parses one HTTP/1.1 response from the front of buf: {value: {status, reason, headers, body}, used}
 * or null when incomplete. Header names are lower-cased; repeated headers are joined with ", ".
 * The body is delimited by Content-Length (absent for 101, 204, 304 or `head: true`).
 */
export function parseResponse(buf, { head = false } = {}) {
  const end = buf.indexOf('\r\n\r\n')
  if (end < 0) return null
  const lines = buf.subarray(0, end).toString('latin1').split('\r\n')
  const m = /^HTTP\/1\.[01] (\d{3}) ?(.*)$/.exec(lines[0])
  if (!m) throw new Error(`not an HTTP response: ${JSON.stringify(lines[0])}`)
  const status = Number(m[1])
  const headers = {}
  for (const line of lines.slice(1)) {
    const i = line.indexOf(':')
    const name = line.slice(0, i).trim().toLowerCase()
    const value = line.slice(i + 1).trim()
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value
  }
  if (headers['transfer-encoding']) throw new Error('chunked responses are not expected from this server')
  const noBody = head || status === 101 || status === 204 || status === 304 || status < 200
  const length = noBody ? 0 : Number(headers['content-length'] ?? 0)
  const start = end + 4
  if (buf.length < start + length) return null
  const body = Buffer.from(buf.subarray(start, start + length))
  return { value: { status, reason: m[2], headers, body, text: body.toString('utf8') }, used: start + length }
}

/** Parses one WebSocket frame (RFC 6455 §5.2): {value: {fin, opcode, masked, payload}, used} or null. */
export function parseFrame(buf) {
  if (buf.length < 2) return null
  const fin = (buf[0] & 0x80) !== 0
  const opcode = buf[0] & 0x0f
  const masked = (buf[1] & 0x80) !== 0
  let len = buf[1] & 0x7f
  let off = 2
  if (len === 126) {
    if (buf.length < 4) return null
    len = buf.readUInt16BE(2)
    off = 4
  } else if (len === 127) {
    if (buf.length < 10) return null
    len = Number(buf.readBigUInt64BE(2))
    off = 10
  }
  let mask = null
  if (masked) {
    if (buf.length < off + 4) return null
    mask = buf.subarray(off, off + 4)
    off += 4
  }
  if (buf.length < off + len) return null
  const payload = Buffer.from(buf.subarray(off, off + len))
  if (mask) for (let i = 0; i < payload.length; i++) payload[i] ^= mask[i % 4]
  return { value: { fin, opcode, masked, payload }, used: off + len }
}

/** A client frame: always masked, as RFC 6455 requires of clients. */
export function clientFrame(opcode, payload = Buffer.alloc(0)) {
  payload = Buffer.from(payload)
  assert.ok(payload.length < 65536, 'frames up to 64 KiB')
  const mask = randomBytes(4)
  const masked = Buffer.from(payload)
  for (let i = 0; i < masked.length; i++) masked[i] ^= mask[i % 4]
  const head =
    payload.length < 126
      ? Buffer.from([0x80 | opcode, 0x80 | payload.length])
      : Buffer.from([0x80 | opcode, 0x80 | 126, payload.length >> 8, payload.length & 0xff])
  return Buffer.concat([head, mask, masked])
}

export function closePayload(code, reason = '') {
  const b = Buffer.alloc(2)
  b.writeUInt16BE(code)
  return Buffer.concat([b, Buffer.from(reason)])
}

export const wsAccept = (key) => createHash('sha1').update(key + WS_GUID).digest('base64')

/** The bytes of a WebSocket upgrade request for /api/v1/events (or `path`). */
export function upgradeRequest(port, { key, path = '/api/v1/events', headers = {} } = {}) {
  const lines = [
    `GET ${path} HTTP/1.1`,
    `Host: 127.0.0.1:${port}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Key: ${key}`,
    'Sec-WebSocket-Version: 13',
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ]
  return lines.join('\r\n') + '\r\n\r\n'
}

export const newWsKey = () => randomBytes(16).toString('base64')

/**
 * A user's server events over /api/v1/events (WebSocket, spoken by hand as websocket.test.mjs does),
 * collected from now on into `seen`; `close()` ends it.
 */
export async function openEvents(baseURL, sessionToken) {
  const port = Number(new URL(baseURL).port)
  const c = await RawConnection.open(port)
  await c.write(upgradeRequest(port, { key: newWsKey(), headers: { Cookie: `haoban_session=${sessionToken}` } }))
  const res = await c.response()
  assert.equal(res.status, 101)
  const seen = []
  let open = true
  void (async () => {
    while (open) {
      try {
        seen.push(JSON.parse((await c.frame(60000)).payload.toString('utf8')))
      } catch {
        return
      }
    }
  })()
  return {
    seen,
    /** Sends a client frame {type, data} as JSON text. */
    send: (type, data) => c.write(clientFrame(0x1, JSON.stringify({ type, data }))),
    /** The first event of `type` (matching `pred`) seen so far or within `ms`. */
    next: (type, pred = () => true, ms = 10000) =>
      waitFor(`a ${type} event`, () => seen.find((e) => e.type === type && pred(e.data)), ms),
    close: () => {
      open = false
      c.destroy()
    },
  }
}

/** Polls `f` every 100 ms until it returns something truthy (which it returns), failing after `ms`. */
export async function waitFor(what, f, ms = 15000) {
  const until = Date.now() + ms
  for (;;) {
    const v = await f()
    if (v) return v
    if (Date.now() > until) assert.fail(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** Prometheus text → Map of `name{labels}` → number (labels exactly as rendered). */
export function parseMetrics(text) {
  const out = new Map()
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue
    const i = line.lastIndexOf(' ')
    out.set(line.slice(0, i), Number(line.slice(i + 1)))
  }
  return out
}

/** GB 32100 统一社会信用代码: charset, length and check character. */
export function isValidCreditCode(code) {
  const charset = '0123456789ABCDEFGHJKLMNPQRTUWXY'
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
  if (typeof code !== 'string' || !/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return false
  if (!/^\d{6}$/.test(code.slice(2, 8))) return false
  let sum = 0
  for (let i = 0; i < 17; i++) sum += charset.indexOf(code[i]) * weights[i]
  return code[17] === charset[(31 - (sum % 31)) % 31]
}
