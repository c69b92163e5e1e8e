// /healthz, /readyz and /metrics as a load balancer and Prometheus see them.

import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'

import { bearer, parseMetrics, startServer, token } from './helpers.mjs'

let server
let base

before(async () => {
  server = await startServer()
  base = server.baseURL
})
after(async () => {
  await server?.stop()
})

async function metrics() {
  const res = await fetch(`${base}/metrics`)
  assert.equal(res.status, 200)
  assert.match(res.headers.get('content-type'), /^text\/plain; version=0\.0\.4/)
  const text = await res.text()
  return { text, values: parseMetrics(text) }
}

test('GET /healthz answers 200 "ok" as plain text', async () => {
  const res = await fetch(`${base}/healthz`)
  assert.equal(res.status, 200)
  assert.match(res.headers.get('content-type'), /^text\/plain/)
  assert.equal((await res.text()).trim(), 'ok')
})

test('GET /readyz answers 200 while the store is up', async () => {
  const res = await fetch(`${base}/readyz`)
  assert.equal(res.status, 200)
  assert.match(res.headers.get('content-type'), /^text\/plain/)
  assert.equal((await res.text()).trim(), 'ready')
})

test('/metrics is Prometheus text with typed request counter and latency histogram', async () => {
  const { text } = await metrics()
  assert.match(text, /^# TYPE haoban_http_requests_total counter$/m)
  assert.match(text, /^# TYPE haoban_http_request_duration_seconds histogram$/m)
  // Every sample line is `name{labels} number` or `name number`.
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue
    assert.match(line, /^[a-z_]+(\{[^}]*\})? [0-9.e+-]+$/, `bad sample line: ${line}`)
  }
})

test('requests to /api/v1/me are counted under route="/api/v1/me" by status, with a latency histogram', async () => {
  const key = (status) => `haoban_http_requests_total{route="/api/v1/me",method="GET",status="${status}"}`
  const before = (await metrics()).values
  const t = await token(base, 'person.demo')

  const anonymous = await fetch(`${base}/api/v1/me`)
  assert.equal(anonymous.status, 401)
  await anonymous.arrayBuffer()
  const signedIn = await fetch(`${base}/api/v1/me`, { headers: bearer(t) })
  assert.equal(signedIn.status, 200)
  await signedIn.arrayBuffer()

  const { values, text } = await metrics()
  assert.equal(values.get(key(200)), (before.get(key(200)) ?? 0) + 1, text)
  assert.equal(values.get(key(401)), (before.get(key(401)) ?? 0) + 1, text)

  const count = values.get('haoban_http_request_duration_seconds_count{route="/api/v1/me"}')
  const prevCount = before.get('haoban_http_request_duration_seconds_count{route="/api/v1/me"}') ?? 0
  assert.equal(count, prevCount + 2)
  assert.equal(values.get('haoban_http_request_duration_seconds_bucket{route="/api/v1/me",le="+Inf"}'), count)
  assert.ok(values.get('haoban_http_request_duration_seconds_sum{route="/api/v1/me"}') >= 0)
  // Buckets are cumulative: non-decreasing in le.
  const buckets = [...values]
    .filter(([k]) => k.startsWith('haoban_http_request_duration_seconds_bucket{route="/api/v1/me",'))
    .map(([k, v]) => [k.match(/le="([^"]+)"/)[1], v])
    .map(([le, v]) => [le === '+Inf' ? Infinity : Number(le), v])
    .sort((a, b) => a[0] - b[0])
  assert.ok(buckets.length >= 2)
  for (let i = 1; i < buckets.length; i++) assert.ok(buckets[i][1] >= buckets[i - 1][1], JSON.stringify(buckets))
})

test('route labels are patterns, not raw paths: unknown URLs do not create new series', async () => {
  const junk = `no-such-route-${Date.now()}`
  for (const p of [`/api/v1/${junk}`, `/${junk}`, `/assets/${junk}.js`]) {
    const res = await fetch(base + p)
    await res.arrayBuffer()
  }
  const { text } = await metrics()
  assert.ok(!text.includes(junk), 'a client-chosen path must not become a metrics label')
})
