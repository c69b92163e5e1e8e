// 办不成事 over HTTP against the seeded district: an applicant reports from an item page, the desk
// (区数据局) classifies and assigns, the department handles and replies, the applicant confirms,
// the desk files; a clerk records a walk-in's report; similar reports grouped into one plan that
// answers them all; and the same reports as valid Open311 GeoReport v2 JSON without the reporter.

import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'

import { apiClient, assertProblem, startServer, token } from './helpers.mjs'

let server
const tokens = {}

before(async () => {
  server = await startServer()
  for (const u of ['enterprise.demo', 'person.demo', 'clerk.scjg', 'approver.scjg', 'clerk.rsj', 'analyst.demo', 'admin'])
    tokens[u] = await token(server.baseURL, u)
})
after(async () => {
  await server?.stop()
})

const { call, get, ok } = apiClient(() => server, tokens)

test('the closed loop: received → assigned → handled → replied → verified → filed', async () => {
  const cats = await ok(await get('/api/v1/cant-do-reports/categories'))
  assert.ok(cats.items.some((c) => c.code === 'materials' && c.name === '材料要求'))
  const bad = await assertProblem(await call('enterprise.demo', 'POST', '/api/v1/cant-do-reports', { item: 'NOPE', text: ' ' }), 422, 'validation-failed')
  assert.deepEqual(bad.errors.map((e) => e.field).sort(), ['item', 'text'])
  let r = await ok(await call('enterprise.demo', 'POST', '/api/v1/cant-do-reports', { item: 'SCJG-011', text: '网上提交后一直显示待审核，电话13912345678也打不通' }), 201)
  assert.equal(r.status, 'received')
  assert.equal(r.department, 'scjg')
  assert.match(r.due_on, /^\d{4}-\d{2}-\d{2}$/)
  const base = `/api/v1/cant-do-reports/${r.id}`
  await assertProblem(await call('approver.scjg', 'POST', `${base}/assign`, { category: 'system', department: 'scjg' }), 403, 'forbidden')
  await assertProblem(await call('analyst.demo', 'POST', `${base}/assign`, { category: 'nope', department: 'scjg' }), 422, 'validation-failed')
  r = await ok(await call('analyst.demo', 'POST', `${base}/assign`, { category: 'system', department: 'scjg', note: '请核查' }))
  assert.equal(r.status, 'assigned')
  await assertProblem(await call('clerk.rsj', 'POST', `${base}/handle`, { handling: 'x' }), 404, 'not-found')
  await assertProblem(await call('approver.scjg', 'POST', `${base}/reply`, { reply: '先答复' }), 409, 'report-state')
  await ok(await call('approver.scjg', 'POST', `${base}/handle`, { handling: '状态同步延迟，已修复' }))
  await ok(await call('approver.scjg', 'POST', `${base}/reply`, { reply: '已恢复，请查看' }))
  const queue = await ok(await call('clerk.scjg', 'GET', '/api/v1/cant-do-reports?status=open'))
  assert.ok(queue.items.some((x) => x.id === r.id), 'the department sees its reports')
  assert.ok(!(await ok(await call('clerk.rsj', 'GET', '/api/v1/cant-do-reports'))).items.some((x) => x.id === r.id))
  await assertProblem(await call('person.demo', 'POST', `${base}/verify`, { resolved: true }), 404, 'not-found')
  r = await ok(await call('enterprise.demo', 'POST', `${base}/verify`, { resolved: true }))
  assert.equal(r.status, 'verified')
  r = await ok(await call('analyst.demo', 'POST', `${base}/file`, {}))
  assert.equal(r.status, 'filed')
  assert.deepEqual(r.steps.map((s) => s.action), ['received', 'assigned', 'handled', 'replied', 'verified', 'filed'])

  // Open311: a closed request, no reporter, numbers masked.
  const one = await ok(await get(`/open311/v2/requests/${r.id}.json`))
  assert.equal(one.length, 1)
  assert.equal(one[0].service_request_id, String(r.id))
  assert.equal(one[0].status, 'closed')
  assert.equal(one[0].service_code, 'system')
  assert.match(one[0].description, /电话\*\*\*\*也打不通/)
  assert.ok(!JSON.stringify(one).includes('13912345678'))
  assert.ok(!JSON.stringify(one).includes('上海宝晟'), 'no reporter')
})

test('a walk-in\'s report at the counter; an abandoned form says why', async () => {
  await assertProblem(await call('person.demo', 'POST', '/api/v1/cant-do-reports', { channel: 'counter', text: 'x' }), 403, 'forbidden')
  const w = await ok(await call('clerk.scjg', 'POST', '/api/v1/cant-do-reports', { channel: 'counter', text: '来了三次都没办成', reporter_name: '王芳', reporter_phone: '13800001111' }), 201)
  assert.equal(w.channel, 'counter')
  assert.equal(w.reporter_phone, '13800001111')
  const masked = await ok(await call('analyst.demo', 'GET', `/api/v1/cant-do-reports/${w.id}`))
  assert.equal(masked.reporter_phone, '13800001111', 'the desk calls back')
  await assertProblem(await call('enterprise.demo', 'POST', '/api/v1/cant-do-reports', { channel: 'abandon', item: 'SCJG-004' }), 422, 'validation-failed')
  const a = await ok(await call('enterprise.demo', 'POST', '/api/v1/cant-do-reports', { channel: 'abandon', item: 'SCJG-004', reason: '看不懂要求' }), 201)
  assert.match(a.text, /中途放弃办理：看不懂要求/)
})

test('similar reports become one plan whose result answers them all; Open311 lists them', async () => {
  const texts = ['食品经营许可材料反复补正，每次说法不一样', '食品经营许可的材料被要求反复补正']
  const ids = []
  for (const [i, text] of texts.entries())
    ids.push((await ok(await call(i ? 'person.demo' : 'enterprise.demo', 'POST', '/api/v1/cant-do-reports', { item: 'SCJG-011', text }), 201)).id)
  const groups = await ok(await call('analyst.demo', 'GET', '/api/v1/cant-do-reports/groups'))
  const g = groups.items.find((x) => ids.every((id) => x.reports.includes(id)))
  assert.ok(g, JSON.stringify(groups))
  await assertProblem(await call('analyst.demo', 'POST', '/api/v1/cant-do-plans', { title: '', department: 'scjg', measures: '', reports: [] }), 422, 'validation-failed')
  const p = await ok(await call('analyst.demo', 'POST', '/api/v1/cant-do-plans', { title: '补正一次性告知', department: 'scjg', measures: '制定清单', reports: g.reports }), 201)
  const done = await ok(await call('analyst.demo', 'POST', `/api/v1/cant-do-plans/${p.id}/complete`, { measures: '已发布一次性告知清单' }))
  assert.equal(done.status, 'done')
  for (const id of ids) {
    const r = await ok(await call('analyst.demo', 'GET', `/api/v1/cant-do-reports/${id}`))
    assert.equal(r.status, 'replied')
    assert.match(r.reply, /一次性告知清单/)
  }

  const services = await ok(await get('/open311/v2/services.json'))
  for (const s of services) {
    assert.equal(typeof s.service_code, 'string')
    assert.equal(typeof s.service_name, 'string')
    assert.equal(s.metadata, false)
    assert.ok(['realtime', 'batch', 'blackbox'].includes(s.type))
  }
  const open = await ok(await get('/open311/v2/requests.json?status=open'))
  assert.ok(ids.every((id) => open.some((r) => r.service_request_id === String(id))))
  for (const r of open) {
    assert.equal(r.status, 'open')
    assert.match(r.requested_datetime, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/)
    for (const k of ['service_request_id', 'status_notes', 'service_name', 'service_code', 'description', 'agency_responsible', 'updated_datetime'])
      assert.equal(typeof r[k], 'string', k)
  }
  const some = await ok(await get(`/open311/v2/requests.json?service_request_id=${ids.join(',')}`))
  assert.deepEqual(some.map((r) => r.service_request_id).sort(), ids.map(String).sort())
  const err = await get('/open311/v2/requests.json?status=pending')
  assert.equal(err.status, 400)
  const body = await err.json()
  assert.equal(body[0].code, 400, 'GeoReport errors are [{code, description}]')
  assert.equal((await get('/open311/v2/requests/999999.json')).status, 404)
  assert.equal((await get(`/open311/v2/requests/${ids[0]}.xml`)).status, 400)
})
