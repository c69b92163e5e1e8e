// 帮办 over HTTP against the seeded district: an applicant asks from an item page, the demo helper
// (online) gets it with the item's context, answers, resolves; the applicant rates once. Nobody
// online: an honest unstaffed answer with a callback. Messages resume after a sequence number and a
// resend is not a duplicate. Who may do what; bad input as problems.

import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'

import { apiClient, assertProblem, openEvents, startServer, token, waitFor } from './helpers.mjs'

let server
const tokens = {}

before(async () => {
  server = await startServer()
  for (const u of ['enterprise.demo', 'person.demo', 'helper.demo', 'clerk.scjg', 'analyst.demo', 'admin', 'editor.demo']) tokens[u] = await token(server.baseURL, u)
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
  // Online help is item data: CL-001 does not offer it, and says whom to call instead.
  const noHelp = await assertProblem(await send('POST', '/api/v1/help/conversations', { item: 'CL-001', text: '你好' }, 'enterprise.demo'), 422, 'no-online-help')
  assert.match(noHelp.detail, /咨询电话|直接咨询/)
  await assertProblem(await send('POST', '/api/v1/help/conversations', { text: '你好' }, 'clerk.scjg'), 403, 'forbidden')

  const c = await ok(await send('POST', '/api/v1/help/conversations', { item: 'SCJG-011', text: '食品经营许可要多久？', client_id: 'open-http-1' }, 'enterprise.demo'), 201)
  assert.equal(c.state, 'active')
  const retried = await ok(await send('POST', '/api/v1/help/conversations', { item: 'SCJG-011', text: '食品经营许可要多久？', client_id: 'open-http-1' }, 'enterprise.demo'), 201)
  assert.equal(retried.id, c.id, 'a retried open is the same conversation')
  const mine = await ok(await get('/api/v1/help/conversations', 'enterprise.demo'))
  assert.equal(mine.items[0].id, c.id)
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

/** An active conversation between enterprise.demo and helper.demo about SCJG-011. */
async function activeConversation(text) {
  await ok(await send('PUT', '/api/v1/help/presence', { presence: 'online' }, 'helper.demo'))
  const c = await ok(await send('POST', '/api/v1/help/conversations', { item: 'SCJG-011', text }, 'enterprise.demo'), 201)
  assert.equal(c.state, 'active')
  return c
}

test('远程虚拟窗口 signalling: only the two parties join; offers and candidates reach the other one; typing and bad frames', async () => {
  const c = await activeConversation('能远程帮我看一下页面吗？')
  const applicant = await openEvents(server.baseURL, tokens['enterprise.demo'])
  const helper = await openEvents(server.baseURL, tokens['helper.demo'])
  const stranger = await openEvents(server.baseURL, tokens['person.demo'])
  try {
    for (const ws of [applicant, helper, stranger]) await ws.next('hello')
    assert.ok((await applicant.next('hello')).data.connection > 0)

    helper.send('rtc.invite', { conversation_id: c.id })
    const invite = await applicant.next('rtc.invite')
    assert.equal(invite.data.conversation_id, c.id)
    assert.equal(invite.data.from, 'helper')

    stranger.send('rtc.join', { conversation_id: c.id })
    assert.equal((await stranger.next('error')).data.code, 'not-found')
    applicant.send('rtc.signal', { conversation_id: c.id, signal: { type: 'offer', sdp: 'v=0' } })
    assert.equal((await applicant.next('error', (d) => d.ref === 'rtc.signal')).data.code, 'not-joined')

    helper.send('rtc.join', { conversation_id: c.id })
    assert.equal((await helper.next('rtc.joined')).data.peer_present, false)
    applicant.send('rtc.join', { conversation_id: c.id })
    assert.equal((await applicant.next('rtc.joined')).data.peer_present, true)
    assert.equal((await helper.next('rtc.peer')).data.event, 'joined')

    const sdp = 'v=0\r\n' + 'a=candidate:x\r\n'.repeat(300) // a realistic few-KiB offer
    applicant.send('rtc.signal', { conversation_id: c.id, signal: { type: 'offer', sdp } })
    const offer = await helper.next('rtc.signal')
    assert.equal(offer.data.from, 'applicant')
    assert.equal(offer.data.signal.sdp, sdp)
    helper.send('rtc.signal', { conversation_id: c.id, signal: { type: 'answer', sdp: 'v=0' } })
    assert.equal((await applicant.next('rtc.signal')).data.signal.type, 'answer')
    assert.ok(!stranger.seen.some((e) => e.type.startsWith('rtc.') && e.type !== 'rtc.error'), 'the stranger hears nothing')

    applicant.send('chat.typing', { conversation_id: c.id })
    assert.equal((await helper.next('chat.typing')).data.from, 'applicant')

    applicant.send('rtc.nonsense', { conversation_id: c.id })
    assert.equal((await applicant.next('error', (d) => d.ref === 'rtc.nonsense')).data.code, 'unknown-type')
    applicant.send('rtc.join', {})
    assert.equal((await applicant.next('error', (d) => d.ref === 'rtc.join')).data.code, 'validation-failed')

    applicant.close() // leaving by closing the socket tells the helper
    assert.ok(await waitFor('the helper told', () => helper.seen.find((e) => e.type === 'rtc.peer' && e.data.event === 'left')))
  } finally {
    for (const ws of [applicant, helper, stranger]) ws.close()
  }
})

test('read receipts, files and images, an effective answer into the knowledge base', async () => {
  const c = await activeConversation('营业执照照片这样可以吗？')
  const helperWs = await openEvents(server.baseURL, tokens['helper.demo'])
  try {
    await helperWs.next('hello')
    const base = `/api/v1/help/conversations/${c.id}`
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)])
    const upload = (body, name, user = 'enterprise.demo', clientId = 'f-1') =>
      fetch(`${server.baseURL}${base}/files`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${tokens[user]}`, 'Content-Type': 'image/png', 'X-Filename': encodeURIComponent(name), 'X-Client-Id': clientId },
        body,
      })
    const m = await ok(await upload(png, '执照 照片.png'), 201)
    assert.equal(m.attachment.mime, 'image/png')
    assert.equal(m.attachment.size, png.length)
    assert.equal(m.body, '执照 照片.png')
    const live = await helperWs.next('chat.message', (d) => d.id === m.id)
    assert.equal(live.data.attachment.url, m.attachment.url)
    const file = await get(m.attachment.url, 'helper.demo')
    assert.equal(file.status, 200)
    assert.equal(file.headers.get('content-type'), 'image/png')
    assert.match(file.headers.get('content-disposition'), /^inline; .*filename\*=UTF-8''%E6%89%A7%E7%85%A7%20/)
    assert.deepEqual(Buffer.from(await file.arrayBuffer()), png)
    await assertProblem(await get(m.attachment.url, 'person.demo'), 404, 'not-found')
    await assertProblem(await upload(Buffer.from('just text'), 'fake.png', 'enterprise.demo', 'f-2'), 422, 'unsupported-file-type')
    await assertProblem(await upload(png, '', 'enterprise.demo', 'f-3'), 422, 'validation-failed')
    await assertProblem(await upload(Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(5 * 1024 * 1024)]), 'big.pdf', 'enterprise.demo', 'f-4'), 413, 'file-too-large')

    // Read receipts go to the other party.
    const answer = await ok(await send('POST', `${base}/messages`, { body: '照片清晰，可以使用。', client_id: 'h-r' }, 'helper.demo'), 201)
    const appWs = await openEvents(server.baseURL, tokens['enterprise.demo'])
    try {
      await appWs.next('hello')
      assert.equal((await send('POST', `${base}/read`, { seq: answer.seq }, 'enterprise.demo')).status, 204)
      const read = await helperWs.next('chat.read')
      assert.deepEqual(read.data, { conversation_id: c.id, reader: 'applicant', seq: answer.seq })
      assert.equal((await ok(await get(base, 'enterprise.demo'))).applicant_read_seq, answer.seq)
      await assertProblem(await send('POST', `${base}/read`, { seq: 9999 }, 'enterprise.demo'), 422, 'validation-failed')
    } finally {
      appWs.close()
    }

    // The helper marks the answer effective: a candidate entry in the editors' queue, once.
    const eff = await ok(await send('POST', `${base}/messages/${answer.seq}/effective`, {}, 'helper.demo'), 201)
    assert.ok(eff.task > 0)
    assert.equal(eff.message.kb_task, eff.task)
    await assertProblem(await send('POST', `${base}/messages/${answer.seq}/effective`, {}, 'helper.demo'), 409, 'already-effective')
    await assertProblem(await send('POST', `${base}/messages/1/effective`, {}, 'helper.demo'), 409, 'not-an-answer')
    const tasks = await ok(await get('/api/v1/kb/tasks?kind=candidate', 'editor.demo'))
    const task = tasks.items.find((t) => t.id === eff.task)
    assert.ok(task, JSON.stringify(tasks).slice(0, 400))
    assert.match(task.question, /营业执照照片这样可以吗/)
  } finally {
    helperWs.close()
  }
})

test('the supervisors\' board and 领导干部帮办', async () => {
  const board = await ok(await get('/api/v1/help/board', 'admin'))
  assert.ok(board.helpers.some((h) => h.username === 'helper.demo' && h.presence === 'online'))
  assert.ok(board.active.some((c) => c.item === 'SCJG-011' && c.sla.length > 0))
  assert.ok(Array.isArray(board.missed))
  await ok(await get('/api/v1/help/board', 'analyst.demo'))
  await assertProblem(await get('/api/v1/help/board', 'helper.demo'), 403, 'forbidden')

  const record = { leader_name: '张伟', leader_title: '副区长', unit: '友谊路街道', date: '2026-11-02', item: 'SCJG-011', process: '以企业身份在线申请食品经营许可', problems: ['材料上传不提示格式'] }
  const bad = await send('POST', '/api/v1/help/accompaniments', { ...record, leader_name: ' ', date: '2099-01-01' }, 'helper.demo')
  const problem = await assertProblem(bad, 422, 'validation-failed')
  assert.deepEqual(problem.errors.map((e) => e.field).sort(), ['date', 'leader_name'])
  const a = await ok(await send('POST', '/api/v1/help/accompaniments', record, 'helper.demo'), 201)
  assert.equal(a.status, 'open')
  await assertProblem(await send('PATCH', `/api/v1/help/accompaniments/${a.id}`, { status: 'done' }, 'helper.demo'), 422, 'validation-failed')
  const done = await ok(await send('PATCH', `/api/v1/help/accompaniments/${a.id}`, { status: 'done', follow_up: '已增加格式提示' }, 'helper.demo'))
  assert.equal(done.status, 'done')
  const list = await ok(await get('/api/v1/help/accompaniments?from=2026-11-01&to=2026-11-30', 'analyst.demo'))
  assert.ok(list.items.some((x) => x.id === a.id && x.follow_up === '已增加格式提示'))
  await assertProblem(await send('POST', '/api/v1/help/accompaniments', record, 'analyst.demo'), 403, 'forbidden')
})
