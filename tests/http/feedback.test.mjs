// 好差评 over HTTP against the seeded district: the applicant rates a decided application once
// (not before it is decided, not someone else's); a bad rating opens a rectification task the
// department works through callback, verification and rectification, and the rater reviews; an
// appeal goes to the data bureau; a counter visit is rated anonymously on the pad with its token;
// a help conversation's rating lands here too. Who sees the rater's name; bad input as problems.

import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'

import { apiClient, assertProblem, startServer, token } from './helpers.mjs'

let server
const tokens = {}
const USERS = ['enterprise.demo', 'person.demo', 'clerk.scjg', 'approver.scjg', 'clerk.rsj', 'analyst.demo', 'helper.demo']

before(async () => {
  server = await startServer()
  for (const u of USERS) tokens[u] = await token(server.baseURL, u)
})
after(async () => {
  await server?.stop()
})

const { call, get, send, ok } = apiClient(() => server, tokens)

/** An application of enterprise.demo for SCJG-004, submitted and accepted; approved when `decide`. */
async function application(decide = true) {
  let a = await ok(await call('enterprise.demo', 'POST', '/api/v1/applications', { item: 'SCJG-004', answers: { by_agent: false }, fields: {} }), 201)
  a = await ok(await call('enterprise.demo', 'PATCH', `/api/v1/applications/${a.id}`, {
    fields: { business_address: '上海市宝山区友谊路100号', contact_name: '李娜', contact_phone: '13912345678', request_description: '申请办理企业简易注销登记', agree: true },
  }))
  a = await ok(await call('enterprise.demo', 'POST', `/api/v1/applications/${a.id}/submit`))
  a = await ok(await call('clerk.scjg', 'POST', `/api/v1/applications/${a.id}/actions`, { action: 'accept' }))
  if (decide) a = await ok(await call('approver.scjg', 'POST', `/api/v1/applications/${a.id}/actions`, { action: 'approve' }))
  return a
}

test('一事一评: once, by the applicant, after the decision; a good rating opens nothing', async () => {
  const open = await application(false)
  await assertProblem(await call('enterprise.demo', 'POST', '/api/v1/feedback/ratings', { event_kind: 'application', event_id: open.id, level: 5 }), 409, 'not-finished')
  const a = await application()
  await assertProblem(await call('person.demo', 'POST', '/api/v1/feedback/ratings', { event_kind: 'application', event_id: a.id, level: 5 }), 404, 'not-found')
  await assertProblem(await send('POST', '/api/v1/feedback/ratings', { event_kind: 'application', event_id: a.id, level: 5 }), 401, 'unauthenticated')
  const bad = await assertProblem(await call('enterprise.demo', 'POST', '/api/v1/feedback/ratings', { event_kind: 'application', event_id: a.id, level: 0, tags: ['很好'], phone: 'x' }), 422, 'validation-failed')
  assert.deepEqual(bad.errors.map((e) => e.field), ['level', 'phone'])
  const r = await ok(await call('enterprise.demo', 'POST', '/api/v1/feedback/ratings', { event_kind: 'application', event_id: a.id, level: 5, tags: ['办事快'], text: '一次办成' }), 201)
  assert.equal(r.level_label, '非常满意')
  assert.equal(r.department, 'scjg')
  assert.equal(r.staff_name.length > 0, true, 'tied to the approver')
  assert.equal(r.task, 0)
  await assertProblem(await call('enterprise.demo', 'POST', '/api/v1/feedback/ratings', { event_kind: 'application', event_id: a.id, level: 1 }), 409, 'already-rated')
})

test('差评 → callback, verification, rectification, the rater\'s review; the name only for the department', async () => {
  const a = await application()
  const r = await ok(await call('enterprise.demo', 'POST', '/api/v1/feedback/ratings', { event_kind: 'application', event_id: a.id, level: 1, text: '补正要求前后不一致', phone: '13912345678' }), 201)
  assert.ok(r.task > 0)
  const mine = await ok(await call('approver.scjg', 'GET', '/api/v1/feedback/ratings'))
  assert.equal(mine.items.find((x) => x.id === r.id).rater_phone, '13912345678')
  const analyst = await ok(await call('analyst.demo', 'GET', '/api/v1/feedback/ratings?department=scjg'))
  const seen = analyst.items.find((x) => x.id === r.id)
  assert.equal(seen.rater_phone, '')
  assert.match(seen.rater_name, /\*\*$/)
  await assertProblem(await call('clerk.rsj', 'GET', '/api/v1/feedback/ratings?department=scjg'), 403, 'forbidden')

  const base = `/api/v1/feedback/tasks/${r.task}`
  let t = await ok(await call('approver.scjg', 'GET', base))
  assert.equal(t.state, 'callback')
  assert.match(t.due_on, /^\d{4}-\d{2}-\d{2}$/)
  const open = await ok(await call('clerk.scjg', 'GET', '/api/v1/feedback/tasks?state=open'))
  assert.ok(open.items.some((x) => x.id === r.task))
  await assertProblem(await call('clerk.rsj', 'POST', `${base}/callback`, { reached: true, note: '已回访' }), 404, 'not-found')
  await assertProblem(await call('approver.scjg', 'POST', `${base}/verify`, { upheld: true, finding: '属实' }), 409, 'task-state')
  await assertProblem(await call('approver.scjg', 'POST', `${base}/callback`, { reached: 'yes', note: '已回访' }), 422, 'validation-failed')
  t = await ok(await call('approver.scjg', 'POST', `${base}/callback`, { reached: true, note: '已电话回访' }))
  assert.equal(t.state, 'verifying')
  t = await ok(await call('approver.scjg', 'POST', `${base}/verify`, { upheld: true, finding: '补正告知未一次性说明' }))
  t = await ok(await call('approver.scjg', 'POST', `${base}/rectify`, { measures: '修订一次性告知单' }))
  assert.equal(t.state, 'reviewing')
  await assertProblem(await call('person.demo', 'POST', `${base}/review`, { satisfied: true }), 404, 'not-found')
  t = await ok(await call('enterprise.demo', 'POST', `${base}/review`, { satisfied: true, note: '满意' }))
  assert.equal(t.state, 'closed')
  assert.deepEqual(t.steps.map((s) => s.action), ['opened', 'callback_reached', 'verified_upheld', 'rectified', 'review_satisfied'])
})

test('an appeal is decided by the data bureau; the rating is kept but excluded', async () => {
  const a = await application()
  const r = await ok(await call('enterprise.demo', 'POST', '/api/v1/feedback/ratings', { event_kind: 'application', event_id: a.id, level: 2 }), 201)
  const base = `/api/v1/feedback/tasks/${r.task}`
  await ok(await call('approver.scjg', 'POST', `${base}/callback`, { reached: false, note: '无人接听' }))
  await ok(await call('approver.scjg', 'POST', `${base}/verify`, { upheld: false, finding: '办件按时办结' }))
  const t = await ok(await call('approver.scjg', 'POST', `${base}/appeal`, { reason: '评价与事实不符' }))
  assert.equal(t.state, 'appealed')
  await assertProblem(await call('approver.scjg', 'POST', `${base}/appeal-decision`, { granted: true, decision: '成立' }), 403, 'forbidden')
  const d = await ok(await call('analyst.demo', 'POST', `${base}/appeal-decision`, { granted: true, decision: '经核实申诉成立' }))
  assert.equal(d.state, 'closed')
  const all = await ok(await call('analyst.demo', 'GET', '/api/v1/feedback/ratings?department=scjg'))
  assert.equal(all.items.find((x) => x.id === r.id).excluded, true)
})

test('一次一评 at the counter: the clerk records the visit, the pad rates it with the token, anonymously', async () => {
  await assertProblem(await call('clerk.scjg', 'POST', '/api/v1/feedback/visits', { item: 'NOPE' }), 422, 'validation-failed')
  const v = await ok(await call('clerk.scjg', 'POST', '/api/v1/feedback/visits', { item: 'SCJG-011' }), 201)
  assert.equal(v.item_name, '食品经营许可（新办）')
  assert.match(v.rate_url, new RegExp(`^/rate/${v.id}\\?token=`))
  await assertProblem(await get(`/api/v1/feedback/visits/${v.id}?token=wrong`), 404, 'not-found')
  const pad = await ok(await get(`/api/v1/feedback/visits/${v.id}?token=${v.token}`))
  assert.equal(pad.rated, false)
  const r = await ok(await send('POST', '/api/v1/feedback/ratings', { event_kind: 'counter', event_id: v.id, token: v.token, level: 2, anonymous: true, text: '排队太久' }), 201)
  assert.equal(r.real_name, false)
  const t = await ok(await call('clerk.scjg', 'GET', `/api/v1/feedback/tasks/${r.task}`))
  assert.equal(t.state, 'verifying', 'nobody to call back')
  await assertProblem(await send('POST', '/api/v1/feedback/ratings', { event_kind: 'counter', event_id: v.id, token: v.token, level: 5 }), 409, 'already-rated')
})

test('a help conversation\'s rating is its 一次一评', async () => {
  await ok(await call('helper.demo', 'PUT', '/api/v1/help/presence', { presence: 'online' }))
  const c = await ok(await call('person.demo', 'POST', '/api/v1/help/conversations', { item: 'RSJ-001', text: '失业登记要带什么？' }), 201)
  await ok(await call('helper.demo', 'POST', `/api/v1/help/conversations/${c.id}/messages`, { body: '身份证即可。', client_id: 'h1' }), 201)
  await ok(await call('helper.demo', 'POST', `/api/v1/help/conversations/${c.id}/resolve`, { category: '办理指引' }))
  await ok(await call('person.demo', 'POST', `/api/v1/help/conversations/${c.id}/rating`, { rating: 1 }))
  const ratings = await ok(await call('analyst.demo', 'GET', '/api/v1/feedback/ratings'))
  const r = ratings.items.find((x) => x.event_kind === 'help' && x.event_id === c.id)
  assert.ok(r, 'recorded in 好差评')
  assert.equal(r.level, 1)
  assert.ok(r.task > 0, 'a bad one opens a task')
  await assertProblem(await call('person.demo', 'POST', '/api/v1/feedback/ratings', { event_kind: 'help', event_id: c.id, level: 5 }), 409, 'rate-in-helpdesk')
})
