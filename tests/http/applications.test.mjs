// Applications over HTTP: filing, the department's review, and every refusal the issue names — an
// unknown item, answers of the wrong type, a form that fails validation, submitting twice, acting on
// another department's application, acting out of order, a refusal without a reason — each a 4xx
// problem naming the field or rule, with the application unchanged.

import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'

import { apiClient, assertProblem, startServer, token } from './helpers.mjs'

let server
let base
const tokens = {}

before(async () => {
  server = await startServer()
  base = server.baseURL
  for (const u of ['enterprise.demo', 'person.demo', 'clerk.scjg', 'approver.scjg', 'clerk.rsj', 'helper.demo'])
    tokens[u] = await token(base, u)
})
after(async () => {
  await server?.stop()
})

const { call, ok } = apiClient(() => server, tokens)

const ITEM = 'SCJG-004' // 企业简易注销登记, 区市场监管局, the general enterprise form
// What the applicant fills in: the name, credit code and legal representative come prefilled and
// locked from 法人库 (prefill.test.mjs).
const validFields = () => ({
  business_address: '上海市宝山区友谊路100号',
  contact_name: '李娜',
  contact_phone: '13912345678',
  request_description: '申请办理企业简易注销登记',
  agree: true,
})

async function draft(fields) {
  return ok(await call('enterprise.demo', 'POST', '/api/v1/applications', { item: ITEM, answers: { by_agent: false }, fields }), 201)
}

describe('filing and review', () => {
  test('filed, accepted by the clerk, approved by the approver, with history and deadline', async () => {
    let a = await draft({})
    assert.equal(a.status, 'draft')
    a = await ok(await call('enterprise.demo', 'PATCH', `/api/v1/applications/${a.id}`, { fields: validFields() }))
    a = await ok(await call('enterprise.demo', 'POST', `/api/v1/applications/${a.id}/submit`))
    assert.equal(a.status, 'submitted')
    const queue = await ok(await call('clerk.scjg', 'GET', '/api/v1/applications'))
    assert.ok(queue.items.some((x) => x.id === a.id), 'in the department queue')
    a = await ok(await call('clerk.scjg', 'POST', `/api/v1/applications/${a.id}/actions`, { action: 'accept' }))
    assert.equal(a.status, 'accepted')
    assert.match(a.due_on, /^\d{4}-\d{2}-\d{2}$/)
    assert.deepEqual(a.allowed_actions.map((x) => x.action), ['return'], 'the clerk may return it but not decide')
    a = await ok(await call('approver.scjg', 'POST', `/api/v1/applications/${a.id}/actions`, { action: 'approve' }))
    assert.equal(a.status, 'approved')
    assert.equal(a.first_time_success, true)
    assert.deepEqual(a.history.map((h) => h.action), ['create', 'submit', 'accept', 'approve'])
    assert.deepEqual(a.history.map((h) => h.actor).slice(2), ['clerk.scjg', 'approver.scjg'])
  })
})

describe('refusals change nothing', () => {
  test('an unknown item is 404', async () => {
    const res = await call('enterprise.demo', 'POST', '/api/v1/applications', { item: 'NO-SUCH-ITEM' })
    await assertProblem(res, 404, 'not-found')
  })

  test('answers of the wrong type are 422 naming the question', async () => {
    const res = await call('enterprise.demo', 'POST', '/api/v1/applications', { bundle: 'kbcyd', answers: { area: 'big' } })
    const p = await assertProblem(res, 422, 'validation-failed')
    assert.ok(p.errors.some((e) => e.field === 'answers/area'), JSON.stringify(p.errors))
  })

  test('a form that fails validation is 422 naming the fields, and stays a draft', async () => {
    const a = await draft({ company_name: '上海宝晟智能科技有限公司', contact_phone: '12345' })
    const res = await call('enterprise.demo', 'POST', `/api/v1/applications/${a.id}/submit`)
    const p = await assertProblem(res, 422, 'validation-failed')
    const fields = p.errors.map((e) => e.field)
    assert.ok(fields.includes('contact_phone'), fields.join())
    assert.ok(fields.includes('request_description'), fields.join())
    assert.ok(!fields.includes('credit_code'), 'the credit code came prefilled')
    const now = await ok(await call('enterprise.demo', 'GET', `/api/v1/applications/${a.id}`))
    assert.equal(now.status, 'draft')
    assert.equal(now.history.length, 1)
  })

  test('submitting twice is 409', async () => {
    const a = await draft(validFields())
    await ok(await call('enterprise.demo', 'POST', `/api/v1/applications/${a.id}/submit`))
    await assertProblem(await call('enterprise.demo', 'POST', `/api/v1/applications/${a.id}/submit`), 409, 'illegal-transition')
  })

  test('another department cannot see or act on it; out-of-order and reasonless actions are refused', async () => {
    const a = await draft(validFields())
    await ok(await call('enterprise.demo', 'POST', `/api/v1/applications/${a.id}/submit`))
    await assertProblem(await call('clerk.rsj', 'GET', `/api/v1/applications/${a.id}`), 404, 'not-found')
    await assertProblem(await call('clerk.rsj', 'POST', `/api/v1/applications/${a.id}/actions`, { action: 'accept' }), 404, 'not-found')
    await assertProblem(await call('person.demo', 'GET', `/api/v1/applications/${a.id}`), 404, 'not-found')
    await assertProblem(await call('approver.scjg', 'POST', `/api/v1/applications/${a.id}/actions`, { action: 'approve' }), 409, 'illegal-transition')
    const p = await assertProblem(await call('clerk.scjg', 'POST', `/api/v1/applications/${a.id}/actions`, { action: 'return' }), 422, 'validation-failed')
    assert.deepEqual(p.errors.map((e) => e.field), ['reason'])
    await assertProblem(await call('clerk.scjg', 'POST', `/api/v1/applications/${a.id}/actions`, { action: 'fly' }), 422, 'validation-failed')
    await ok(await call('clerk.scjg', 'POST', `/api/v1/applications/${a.id}/actions`, { action: 'accept' }))
    await assertProblem(await call('clerk.scjg', 'POST', `/api/v1/applications/${a.id}/actions`, { action: 'approve' }), 403, 'forbidden')
    const now = await ok(await call('enterprise.demo', 'GET', `/api/v1/applications/${a.id}`))
    assert.equal(now.status, 'accepted')
    assert.deepEqual(now.history.map((h) => h.action), ['create', 'submit', 'accept'])
  })

  test('staff without a handling role have no queue', async () => {
    await assertProblem(await call('helper.demo', 'GET', '/api/v1/applications'), 403, 'forbidden')
  })
})
