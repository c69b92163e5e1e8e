// The knowledge base and 小宝 over HTTP against the seeded district: search with highlighting and
// synonyms, who sees what, the editorial workflow with its version check, maintenance tasks,
// usage, 小宝's answers with citations and context; bad input as problems.

import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'

import { apiClient, assertProblem, startServer, token } from './helpers.mjs'

let server, base
const tokens = {}

before(async () => {
  server = await startServer()
  base = server.baseURL
  for (const u of ['person.demo', 'editor.demo', 'helper.demo', 'clerk.scjg']) tokens[u] = await token(base, u)
})
after(async () => {
  await server?.stop()
})

const { get, send, ok } = apiClient(() => server, tokens)
const q = (s) => encodeURIComponent(s)

test('search: 执照补办 finds 营业执照遗失补领 with the words, synonyms and escaped highlights', async () => {
  const r = await ok(await get(`/api/v1/kb/search?q=${q('执照补办')}`))
  assert.ok(r.words.includes('执照') && r.words.includes('补办'), JSON.stringify(r.words))
  assert.ok(r.expansions.includes('营业执照'), JSON.stringify(r.expansions))
  assert.ok(r.items.length > 0)
  assert.ok(r.items[0].items.includes('SCJG-010'), JSON.stringify(r.items[0]))
  assert.match(r.items[0].title_html, /<mark>/)
  // Residents see published public entries only.
  for (const e of r.items) assert.equal(e.status, 'published')
  const staffOnly = await ok(await get(`/api/v1/kb/search?q=${q('审查要点')}&type=review_point`))
  assert.equal(staffOnly.items.length, 0)
  const forClerk = await ok(await get(`/api/v1/kb/search?q=${q('审查要点')}&type=review_point`, 'clerk.scjg'))
  assert.ok(forClerk.items.length > 0)
})

test('search: bad parameters are problems, odd text is just text', async () => {
  await assertProblem(await get(`/api/v1/kb/search?q=x&type=faq`), 422, 'validation-failed')
  await assertProblem(await get(`/api/v1/kb/search?q=x&limit=0`), 422, 'validation-failed')
  await assertProblem(await get(`/api/v1/kb/search?q=${q('办'.repeat(400))}`), 422, 'query-too-long')
  for (const odd of ['？？？', '<script>alert(1)</script>', "' OR 1=1 --", 'title:营业执照 AND NOT 食品']) {
    const r = await ok(await get(`/api/v1/kb/search?q=${q(odd)}`))
    for (const e of r.items) assert.ok(!e.title_html.includes('<script>'), e.title_html)
  }
})

test('an editor writes, reviews and publishes; a stale edit is refused; residents see it only when published', async () => {
  const created = await ok(
    await send('POST', '/api/v1/kb/entries', {
      type: 'qa', title: '宝山区测试问答：无人机飞行报备去哪办？', body: '在公安分局治安支队办理报备。', department: 'gaj', items: ['GAJ-008'],
      variants: ['无人机怎么报备'],
    }, 'editor.demo'),
    201,
  )
  assert.equal(created.status, 'draft')
  await assertProblem(await get(`/api/v1/kb/entries/${created.id}`), 404, 'not-found')
  await assertProblem(
    await send('POST', '/api/v1/kb/entries', { type: 'qa', title: '', body: 'x' }, 'editor.demo'), 422, 'validation-failed')
  await assertProblem(
    await send('POST', '/api/v1/kb/entries', { type: 'qa', title: 'x', body: 'x' }, 'helper.demo'), 403, 'forbidden')
  const edited = await ok(await send('PUT', `/api/v1/kb/entries/${created.id}`, {
    version: 1, type: 'qa', title: created.title, body: '在公安分局治安支队或“一网通办”办理报备。', department: 'gaj', items: ['GAJ-008'],
    variants: ['无人机怎么报备'],
  }, 'editor.demo'))
  assert.equal(edited.version, 2)
  await assertProblem(await send('PUT', `/api/v1/kb/entries/${created.id}`, {
    version: 1, type: 'qa', title: created.title, body: '旧版本', department: 'gaj',
  }, 'editor.demo'), 409, 'version-mismatch')
  await assertProblem(await send('POST', `/api/v1/kb/entries/${created.id}/actions`, { action: 'reject', note: '还是草稿' }, 'editor.demo'), 409, 'bad-transition')
  await ok(await send('POST', `/api/v1/kb/entries/${created.id}/actions`, { action: 'submit' }, 'editor.demo'))
  const published = await ok(await send('POST', `/api/v1/kb/entries/${created.id}/actions`, { action: 'approve' }, 'editor.demo'))
  assert.equal(published.status, 'published')
  const found = await ok(await get(`/api/v1/kb/search?q=${q('无人机报备')}`))
  assert.equal(found.items[0].id, created.id)
  const entry = await ok(await get(`/api/v1/kb/entries/${created.id}`, 'person.demo'))
  assert.match(entry.body, /一网通办/)
  const versions = await ok(await get(`/api/v1/kb/entries/${created.id}/versions`, 'clerk.scjg'))
  assert.deepEqual(versions.items.map((v) => v.action), ['create', 'edit', 'submit', 'approve'])
  assert.deepEqual(versions.items[1].changed_fields, ['body'])
})

test('maintenance: a helper proposes an answer; the editor sees it in the queue with its working-day deadline', async () => {
  const task = await ok(await send('POST', '/api/v1/kb/candidates', {
    question: '个体户营业执照能在手机上补办吗？', answer: '可以，在“一网通办”App 提交补领申请。', items: ['SCJG-010'],
  }, 'helper.demo'), 201)
  assert.equal(task.kind, 'candidate')
  assert.match(task.due_on, /^\d{4}-\d{2}-\d{2}$/)
  const queue = await ok(await get('/api/v1/kb/tasks?kind=candidate', 'editor.demo'))
  assert.ok(queue.items.some((t) => t.id === task.id))
  await assertProblem(await get('/api/v1/kb/tasks', 'person.demo'), 403, 'forbidden')
  const policies = await ok(await get('/api/v1/kb/tasks?kind=policy_qa&state=all', 'editor.demo'))
  assert.ok(policies.items.length > 0, 'the seed has policies taking effect soon')
  for (const t of policies.items) assert.ok(!t.title.includes('《《'), t.title)
  await ok(await send('POST', `/api/v1/kb/entries/${task.entry}/actions`, { action: 'approve' }, 'editor.demo'))
  const done = await ok(await get(`/api/v1/kb/tasks/${task.id}`, 'editor.demo'))
  assert.equal(done.state, 'done')
})

test('小宝: an answer cites entries, a follow-up keeps the item, a conversation is its owner\'s', async () => {
  const first = await ok(await send('POST', '/api/v1/assistant/messages', { text: '营业执照丢了怎么补办' }, 'person.demo'))
  assert.ok(first.citations.length > 0)
  assert.equal(first.context_item, 'SCJG-010')
  assert.equal(first.related_items[0].code, 'SCJG-010')
  const next = await ok(await send('POST', '/api/v1/assistant/messages', { conversation: first.conversation, text: '那要多久？' }, 'person.demo'))
  assert.equal(next.context_item, 'SCJG-010')
  assert.ok(next.citations.some((c) => c.code.startsWith('qa:SCJG-010')), JSON.stringify(next.citations))
  const history = await ok(await get(`/api/v1/assistant/conversations/${first.conversation}`, 'person.demo'))
  assert.equal(history.messages.length, 4)
  await assertProblem(await get(`/api/v1/assistant/conversations/${first.conversation}`), 404, 'not-found')
  const human = await ok(await send('POST', '/api/v1/assistant/messages', { text: '转人工' }))
  assert.equal(human.intent, 'human')
  assert.ok(human.handover?.offered)
  await assertProblem(await send('POST', '/api/v1/assistant/messages', { text: '' }), 422, 'empty-question')
  await assertProblem(await send('POST', '/api/v1/assistant/messages', { text: '问'.repeat(10000) }), 422, 'question-too-long')
  // Knowledge usage: the answers above were counted.
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
  const usage = await ok(await get(`/api/v1/kb/usage?from=${today}&to=${today}`, 'editor.demo'))
  assert.ok(usage.answers >= 2, JSON.stringify(usage))
  assert.ok(usage.used >= 1 && usage.published > 20000 - 1000, JSON.stringify({ used: usage.used, published: usage.published }))
  await assertProblem(await get(`/api/v1/kb/usage?from=2026-02-01&to=2026-01-01`, 'editor.demo'), 422, 'validation-failed')
})
