// 帮办 over HTTP against the seeded district: an applicant asks from an item page, the demo helper
// (online) gets it with the item's context, answers, resolves; the applicant rates once. Nobody
// online: an honest unstaffed answer with a callback. Messages resume after a sequence number and a
// resend is not a duplicate. Who may do what; bad input as problems.

import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'

import { apiClient, assertProblem, startServer, token } from './helpers.mjs'

let server
const tokens = {}

before(async () => {
  server = await startServer()
  for (const u of ['enterprise.demo', 'person.demo', 'helper.demo', 'clerk.scjg', 'analyst.demo']) tokens[u] = await token(server.baseURL, u)
})
after(async () => {
  await server?.stop()
})

const { get, send, ok } = apiClient(() => server, tokens)

test('nobody online: the applicant is told at once and may leave a number for a callback', async () => {
  await ok(await send('PUT', '/api/v1/help/presence', { presence: 'offline' }, 'helper.demo'))
  const c = await ok(await send('POST', '/api/v1/help/conversations', { item: 'RSJ-001', text: '失业登记怎么办？' }, 'person.demo'), 201)
  assert.equal(c.state, 'unstaffed')
  const msgs = await ok(await get(`/api/v1/help/conversations/${c.id}/messages`, 'person.demo'))
  assert.equal(msgs.items.at(-1).sender_kind, 'system')
  assert.match(msgs.items.at(-1).body, /没有帮办人员在线/)
  await assertProblem(await send('POST', `/api/v1/help/conversations/${c.id}/unstaffed`, { choice: 'callback', phone: 'x' }, 'person.demo'), 422, 'validation-failed')
  const chosen = await ok(await send('POST', `/api/v1/help/conversations/${c.id}/unstaffed`, { choice: 'callback', phone: '13812345678' }, 'person.demo'))
  assert.equal(chosen.unstaffed_choice, 'callback')
})

test('an item question goes to the online helper with the skill; answer, resolve, rate once', async () => {
  const online = await ok(await send('PUT', '/api/v1/help/presence', { presence: 'online' }, 'helper.demo'))
  assert.equal(online.presence, 'online')
  assert.ok(online.skills.includes('scjg'))
  await assertProblem(await send('POST', '/api/v1/help/conversations', { item: 'NO-SUCH', text: '你好' }, 'enterprise.demo'), 422, 'validation-failed')
  await assertProblem(await send('POST', '/api/v1/help/conversations', { item: 'SCJG-011', text: '  ' }, 'enterprise.demo'), 422, 'validation-failed')
  await assertProblem(await send('POST', '/api/v1/help/conversations', { text: '你好' }, 'clerk.scjg'), 403, 'forbidden')

  const c = await ok(await send('POST', '/api/v1/help/conversations', { item: 'SCJG-011', text: '食品经营许可要多久？' }, 'enterprise.demo'), 201)
  assert.equal(c.state, 'active')
  assert.equal(c.department, 'scjg')
  assert.ok(c.helper_name.length > 0)
  assert.ok(c.sla.some((t) => t.kind === 'first_response' && t.state === 'active'))
  const queue = await ok(await get('/api/v1/help/queue', 'helper.demo'))
  assert.ok(queue.items.some((x) => x.id === c.id && x.item === 'SCJG-011'))
  await assertProblem(await get(`/api/v1/help/conversations/${c.id}`, 'person.demo'), 404, 'not-found')

  const url = `/api/v1/help/conversations/${c.id}/messages`
  const answer = await ok(await send('POST', url, { body: '一般 10 个工作日内办结。', client_id: 'h-1' }, 'helper.demo'), 201)
  const resent = await ok(await send('POST', url, { body: '一般 10 个工作日内办结。', client_id: 'h-1' }, 'helper.demo'), 201)
  assert.equal(resent.id, answer.id)
  await ok(await send('POST', url, { body: '谢谢！', client_id: 'a-1' }, 'enterprise.demo'), 201)
  const since = await ok(await get(`${url}?after=${answer.seq}`, 'enterprise.demo'))
  assert.deepEqual(since.items.map((m) => m.body), ['谢谢！'])
  const now = await ok(await get(`/api/v1/help/conversations/${c.id}`, 'enterprise.demo'))
  assert.ok(now.first_response_at.length > 0)
  assert.equal(now.sla.find((t) => t.kind === 'first_response').state, 'met')

  await assertProblem(await send('POST', `/api/v1/help/conversations/${c.id}/rating`, { rating: 5 }, 'enterprise.demo'), 409, 'already-rated')
  const resolved = await ok(await send('POST', `/api/v1/help/conversations/${c.id}/resolve`, { category: '办理时限' }, 'helper.demo'))
  assert.equal(resolved.state, 'resolved')
  await assertProblem(await send('POST', `/api/v1/help/conversations/${c.id}/rating`, { rating: 6 }, 'enterprise.demo'), 422, 'validation-failed')
  const rated = await ok(await send('POST', `/api/v1/help/conversations/${c.id}/rating`, { rating: 5 }, 'enterprise.demo'))
  assert.equal(rated.rating, 5)
  await assertProblem(await send('POST', `/api/v1/help/conversations/${c.id}/rating`, { rating: 4 }, 'enterprise.demo'), 409, 'already-rated')
  const closed = await ok(await send('POST', `/api/v1/help/conversations/${c.id}/confirm`, {}, 'enterprise.demo'))
  assert.equal(closed.state, 'closed')
  await assertProblem(await send('POST', url, { body: '再问', client_id: 'a-2' }, 'enterprise.demo'), 409, 'conversation-closed')
})

test('assessment: the period numbers per helper as JSON and CSV; who may see it', async () => {
  const a = await ok(await get('/api/v1/help/assessment?by=helper', 'helper.demo'))
  const me = a.rows.find((r) => r.conversations >= 1 && r.rated >= 1)
  assert.ok(me, JSON.stringify(a))
  assert.equal(me.satisfaction, 5)
  assert.ok(me.score > 0 && me.score <= 100)
  const csv = await get(`/api/v1/help/assessment?by=unit&from=${a.from}&to=${a.to}&format=csv`, 'analyst.demo')
  assert.equal(csv.status, 200)
  assert.match(csv.headers.get('content-type'), /^text\/csv/)
  const bytes = Buffer.from(await csv.arrayBuffer())
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a BOM for spreadsheet programs')
  const text = bytes.subarray(3).toString('utf8')
  assert.ok(text.startsWith('对象编号,对象,会话数'), text.slice(0, 40))
  assert.ok(text.trim().split('\r\n').length >= 2)
  await assertProblem(await get('/api/v1/help/assessment?by=street', 'helper.demo'), 422, 'validation-failed')
  await assertProblem(await get('/api/v1/help/assessment?from=2026-11-30&to=2026-11-01', 'helper.demo'), 422, 'validation-failed')
  await assertProblem(await get('/api/v1/help/assessment', 'enterprise.demo'), 403, 'forbidden')
})
