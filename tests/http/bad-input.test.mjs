// Requests a careless or hostile client sends: each gets the right problem, and none of them
// changes server state. No failed logins are made in this file (the throttle is observed instead).

import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'

import {
  PASSWORD,
  RawConnection,
  assertProblem,
  bearer,
  checkProblemBody,
  login,
  startServer,
  token,
} from './helpers.mjs'

const MiB = 1024 * 1024

let server
let base
let port
let sessionToken // a session opened before any bad input, which must survive it
let departmentsBefore

before(async () => {
  server = await startServer()
  base = server.baseURL
  port = Number(new URL(base).port)
  sessionToken = await token(base, 'clerk.rsj')
  departmentsBefore = await (await fetch(`${base}/api/v1/departments`)).json()
})
after(async () => {
  await server?.stop()
})

const postSessions = (body, contentType = 'application/json') =>
  fetch(`${base}/api/v1/sessions`, {
    method: 'POST',
    headers: contentType ? { 'Content-Type': contentType } : {},
    body,
  })

/** Sends raw request bytes on a fresh connection and returns the first response. */
async function rawRequest(bytes) {
  const c = await RawConnection.open(port)
  try {
    await c.write(bytes)
    return await c.response()
  } finally {
    c.destroy()
  }
}

function fieldsOf(problem) {
  assert.ok(Array.isArray(problem.errors), `errors[] in ${JSON.stringify(problem)}`)
  for (const e of problem.errors) {
    assert.equal(typeof e.field, 'string')
    assert.equal(typeof e.message, 'string')
    assert.ok(e.message.length > 0)
  }
  return problem.errors.map((e) => e.field).sort()
}

describe('JSON bodies', () => {
  test('malformed JSON is 400 malformed-json', async () => {
    for (const body of ['{"username":', '{username: "a"}', "{'username':'a'}", '', '{"a":1}}']) {
      await assertProblem(await postSessions(body), 400, 'malformed-json', { instance: '/api/v1/sessions' })
    }
  })

  test('JSON that is not an object is 400 malformed-json', async () => {
    for (const body of ['[]', '"person.demo"', '42', 'null']) {
      await assertProblem(await postSessions(body), 400, 'malformed-json')
    }
  })

  test('missing fields are 422 validation-failed naming each field', async () => {
    const p = await assertProblem(await postSessions('{}'), 422, 'validation-failed')
    assert.deepEqual(fieldsOf(p), ['password', 'username'])
    const q = await assertProblem(await postSessions('{"username":"person.demo"}'), 422, 'validation-failed')
    assert.deepEqual(fieldsOf(q), ['password'])
  })

  test('wrong types are 422 validation-failed naming each field', async () => {
    const p = await assertProblem(
      await postSessions('{"username":42,"password":["Haoban@2026"]}'),
      422,
      'validation-failed',
    )
    assert.deepEqual(fieldsOf(p), ['password', 'username'])
    const q = await assertProblem(
      await postSessions('{"username":{"$ne":""},"password":true}'),
      422,
      'validation-failed',
    )
    assert.deepEqual(fieldsOf(q), ['password', 'username'])
  })

  test('unknown fields are 422 validation-failed naming each unknown field', async () => {
    const body = JSON.stringify({ username: 'person.demo', password: PASSWORD, role: 'admin', remember: true })
    const res = await postSessions(body)
    assert.equal(res.headers.get('set-cookie'), null, 'the right credentials with extra fields open no session')
    const p = await assertProblem(res, 422, 'validation-failed')
    assert.deepEqual(fieldsOf(p), ['remember', 'role'])
  })

  test('over-long fields are 422 naming the field', async () => {
    const p = await assertProblem(
      await postSessions(JSON.stringify({ username: 'u'.repeat(65), password: 'x' })),
      422,
      'validation-failed',
    )
    assert.deepEqual(fieldsOf(p), ['username'])
  })

  test('a wrong or missing Content-Type is 415, even with the right credentials', async () => {
    const body = JSON.stringify({ username: 'person.demo', password: PASSWORD })
    for (const ct of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await postSessions(body, ct)
      assert.equal(res.headers.get('set-cookie'), null)
      const p = await assertProblem(res, 415, 'unsupported-media-type')
      assert.ok(!('token' in p))
    }
    // fetch sends no Content-Type for a byte body.
    await assertProblem(await postSessions(Buffer.from(body), null), 415, 'unsupported-media-type')
  })

  test('application/json with a charset parameter is accepted', async () => {
    const body = JSON.stringify({ username: 'person.demo', password: PASSWORD })
    const res = await postSessions(body, 'application/json; charset=utf-8')
    assert.equal(res.status, 201)
    await res.arrayBuffer()
  })

  test('invalid UTF-8 in a JSON body is 400 invalid-utf8', async () => {
    const bodies = [
      Buffer.concat([Buffer.from('{"username":"'), Buffer.from([0xff, 0xfe]), Buffer.from('","password":"x"}')]),
      Buffer.concat([Buffer.from('{"username":"person.demo","password":"'), Buffer.from([0xc3]), Buffer.from('"}')]),
      // An overlong encoding of "/" and a UTF-16 surrogate encoded in UTF-8 are not UTF-8 either.
      Buffer.concat([Buffer.from('{"username":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('","password":"x"}')]),
      Buffer.concat([Buffer.from('{"username":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('","password":"x"}')]),
    ]
    for (const body of bodies) {
      await assertProblem(await postSessions(body), 400, 'invalid-utf8')
    }
  })
})

describe('URLs and headers', () => {
  test('invalid UTF-8 in the query is 400 invalid-utf8', async () => {
    const res = await rawRequest('GET /api/v1/departments?q=%ff HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n')
    assert.equal(res.status, 400)
    checkProblemBody(res.text, 400, 'invalid-utf8')
  })

  test('invalid UTF-8 in the path is 400 invalid-utf8, and the problem itself is valid UTF-8 JSON', async () => {
    // Known server bug at the time of writing: the problem's "instance" echoes the decoded path,
    // so the raw 0xFF byte ends up in the application/problem+json body (RFC 8259 §8.1 requires
    // UTF-8); strict decoders reject the error response itself.
    for (const target of ['/api/v1/%ff', '/portal/%c3%28']) {
      const res = await rawRequest(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`)
      assert.equal(res.status, 400, target)
      assert.match(res.headers['content-type'], /^application\/problem\+json/)
      let text
      assert.doesNotThrow(
        () => (text = new TextDecoder('utf-8', { fatal: true }).decode(res.body)),
        `${target}: the problem body is not valid UTF-8: ${res.body.toString('hex')}`,
      )
      checkProblemBody(text, 400, 'invalid-utf8')
    }
  })

  test('request headers over 16 KiB are 431 headers-too-large', async () => {
    const res = await rawRequest(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`)
    assert.equal(res.status, 431)
    checkProblemBody(res.text, 431, 'headers-too-large')
  })
})

describe('body size', () => {
  test('a declared body over 10 MiB is refused with 413 body-too-large before it is sent', async () => {
    const c = await RawConnection.open(port)
    try {
      await c.write(
        'POST /api/v1/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
          `Content-Length: ${10 * MiB + 1}\r\n\r\n{"username":`,
      )
      const res = await c.response()
      assert.equal(res.status, 413)
      assert.match(res.headers['content-type'], /^application\/problem\+json/)
      checkProblemBody(res.text, 413, 'body-too-large')
      assert.ok(await c.closesWithin(5_000), 'the server closes the connection after a 413')
    } finally {
      c.destroy()
    }
  })

  test('a body of exactly 10 MiB is read (and then judged on its content)', async () => {
    const prefix = '{"username":"person.demo","password":"'
    const body = prefix + 'a'.repeat(10 * MiB - prefix.length - 2) + '"}'
    assert.equal(Buffer.byteLength(body), 10 * MiB)
    const p = await assertProblem(await postSessions(body), 422, 'validation-failed')
    assert.deepEqual(fieldsOf(p), ['password'])
  })

  test('a client that sends an 11 MiB body (as a browser upload does) receives the 413 problem', async () => {
    // Known server bug at the time of writing: the server answers 413 and closes the socket with
    // the unread body still queued, so the kernel sends RST and the client usually gets EPIPE or
    // ECONNRESET instead of the response (no lingering close, RFC 9112 §9.6).
    let res
    try {
      res = await postSessions('x'.repeat(11 * MiB))
    } catch (e) {
      assert.fail(`the client saw a network error instead of 413: ${e.cause?.code ?? e.message}`)
    }
    await assertProblem(res, 413, 'body-too-large')
  })
})

describe('routing', () => {
  test('an unknown /api route is a 404 problem', async () => {
    for (const p of ['/api/v1/nope', '/api/v2/me', '/api/v1/me/extra', '/api/']) {
      await assertProblem(await fetch(base + p), 404, 'not-found', { instance: p })
    }
  })

  test('a wrong method on an API route is 405 with Allow', async () => {
    const cases = [
      ['POST', '/api/v1/me', 'GET'],
      ['GET', '/api/v1/sessions', 'POST'],
      ['PUT', '/api/v1/departments', 'GET'],
      ['PATCH', '/api/v1/sessions/current', 'DELETE'],
    ]
    for (const [method, p, allowed] of cases) {
      const res = await fetch(base + p, { method })
      const allow = (res.headers.get('allow') ?? '').split(',').map((s) => s.trim())
      await assertProblem(res, 405, 'method-not-allowed')
      assert.ok(allow.includes(allowed), `${method} ${p}: Allow: ${allow}`)
      assert.ok(!allow.includes(method), `${method} ${p}: Allow: ${allow}`)
    }
  })

  test('a wrong method on a static path is 405 with Allow: GET, HEAD', async () => {
    for (const [method, p] of [
      ['POST', '/'],
      ['DELETE', '/index.html'],
      ['PUT', '/portal/apply'],
    ]) {
      const res = await fetch(base + p, { method })
      assert.equal(res.headers.get('allow'), 'GET, HEAD')
      await assertProblem(res, 405, 'method-not-allowed')
    }
  })
})

describe('path traversal (raw requests, nothing normalised by a client)', () => {
  const targets = [
    '/../../etc/passwd',
    '/assets/..%2F..%2Fetc%2Fpasswd',
    '/assets/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
    '/..%5c..%5cetc%5cpasswd',
    '/assets/../../../../etc/passwd',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/api/../../etc/passwd',
    '/assets/..%252F..%252Fetc%252Fpasswd',
  ]
  for (const target of targets) {
    test(`GET ${target} is a 4xx problem and never a file`, async () => {
      const res = await rawRequest(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`)
      assert.ok(res.status >= 400 && res.status < 500, `status ${res.status}: ${res.text}`)
      assert.match(res.headers['content-type'], /^application\/problem\+json/)
      const p = JSON.parse(res.text)
      assert.equal(p.status, res.status)
      assert.ok(p.type.startsWith('https://haoban.gov.cn/problems/'))
      assert.ok(!res.text.includes('root:'), 'no /etc/passwd contents')
    })
  }

  test('the plain ../ form is refused as 400 bad-path', async () => {
    const res = await rawRequest('GET /../../etc/passwd HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n')
    assert.equal(res.status, 400)
    checkProblemBody(res.text, 400, 'bad-path')
  })

  test('a NUL byte in the path is refused', async () => {
    const res = await rawRequest('GET /index.html%00.js HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n')
    assert.ok(res.status >= 400 && res.status < 500, `status ${res.status}`)
    assert.match(res.headers['content-type'], /^application\/problem\+json/)
    assert.ok(!res.text.includes('<html'), 'not index.html')
  })

  test('a request that is not HTTP at all is a 400 problem', async () => {
    const res = await rawRequest('HELLO WORLD\r\n\r\n')
    assert.equal(res.status, 400)
    assert.match(res.headers['content-type'], /^application\/problem\+json/)
  })
})

describe('none of the bad requests changed anything', () => {
  test('invalid login requests naming an account do not count as failed logins', async () => {
    // Six invalid requests with a wrong password for person.demo: had any been processed as a
    // login attempt, the 5-failure throttle would now refuse the right password with 429.
    const u = 'person.demo'
    const bad = [
      postSessions(JSON.stringify({ username: u, password: 'Wrong@1', extra: 1 })),
      postSessions(JSON.stringify({ username: u, password: 'Wrong@2' }), 'text/plain'),
      postSessions(JSON.stringify({ username: [u], password: 'Wrong@3' })),
      postSessions(`{"username":"${u}","password":"Wrong@4"`),
      postSessions(Buffer.concat([Buffer.from(`{"username":"${u}","password":"Wrong@5`), Buffer.from([0xff, 0x22, 0x7d])])),
      postSessions(JSON.stringify({ username: u, password: 'W'.repeat(300) })),
    ]
    for (const res of await Promise.all(bad)) {
      assert.ok([400, 415, 422].includes(res.status), `status ${res.status}`)
      assert.equal(res.headers.get('set-cookie'), null)
      await res.arrayBuffer()
    }
    const { res, body } = await login(base, u)
    assert.equal(res.status, 201, JSON.stringify(body))
  })

  test('the session opened before the bad input still works, and the directory is unchanged', async () => {
    const res = await fetch(`${base}/api/v1/me`, { headers: bearer(sessionToken) })
    assert.equal(res.status, 200)
    assert.equal((await res.json()).username, 'clerk.rsj')
    const departments = await (await fetch(`${base}/api/v1/departments`)).json()
    assert.deepEqual(departments, departmentsBefore)
    const health = await fetch(`${base}/healthz`)
    assert.equal(health.status, 200)
    await health.arrayBuffer()
  })

  test('no request without credentials is treated as signed in', async () => {
    await assertProblem(await fetch(`${base}/api/v1/me`), 401, 'unauthenticated')
  })
})
