// 免申即办 over HTTP: enterprise.demo (which holds a 食品经营许可证 in the e-licence library) files a
// business licence change (SCJG-002, new address); the market regulator accepts, approves and
// completes it; the platform then files a prefilled 食品经营许可（变更） draft (SCJG-012) marked with
// its origin, announced over the WebSocket and shown in the enterprise's list, which the enterprise
// confirms through the normal submit — or dismisses with a reason.

import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'

import { apiClient, assertProblem, openEvents, startServer, token, waitFor } from './helpers.mjs'

let server
let base
const tokens = {}

before(async () => {
  server = await startServer()
  base = server.baseURL
  for (const u of ['enterprise.demo', 'clerk.scjg', 'approver.scjg']) tokens[u] = await token(base, u)
})
after(async () => {
  await server?.stop()
})

const { call, ok } = apiClient(() => server, tokens)
const daysAgo = (n) => new Date(Date.now() - n * 86400000).toISOString().slice(0, 10)

// The enterprise's events, collected from now on.
const events = (user) => openEvents(base, tokens[user])

async function completedChange(changeItems, fields) {
  let a = await ok(
    await call('enterprise.demo', 'POST', '/api/v1/applications', {
      item: 'SCJG-002',
      answers: { change_items: changeItems, capital_reduction: false, by_agent: false },
    }),
    201,
  )
  await ok(await call('enterprise.demo', 'PATCH', `/api/v1/applications/${a.id}`, { fields: { resolution_date: daysAgo(3), agree: true, ...fields } }))
  await ok(await call('enterprise.demo', 'POST', `/api/v1/applications/${a.id}/submit`))
  await ok(await call('clerk.scjg', 'POST', `/api/v1/applications/${a.id}/actions`, { action: 'accept' }))
  await ok(await call('approver.scjg', 'POST', `/api/v1/applications/${a.id}/actions`, { action: 'approve' }))
  a = await ok(await call('clerk.scjg', 'POST', `/api/v1/applications/${a.id}/actions`, { action: 'complete' }))
  assert.equal(a.status, 'completed')
  return a
}

const followUpsOf = async (trigger) =>
  (await ok(await call('enterprise.demo', 'GET', '/api/v1/applications?mine=1&limit=200'))).items.filter(
    (x) => x.origin?.application === trigger,
  )

test('a completed address change files a prefilled 食品经营许可变更 that the enterprise confirms', async () => {
  const ws = await events('enterprise.demo')
  const change = await completedChange(['住所'], { new_address: '上海市宝山区友谊路100号', property_type: '自有产权' })

  const [listed] = await waitFor('the follow-up draft', async () => {
    const f = await followUpsOf(change.id)
    return f.length ? f : null
  })
  assert.equal(listed.code, 'SCJG-012')
  assert.equal(listed.status, 'draft')
  assert.equal(listed.origin.kind, 'follow-up')
  assert.equal(listed.origin.notice, '因营业执照变更，系统已为您生成食品经营许可变更申请，请确认后提交')
  assert.equal(listed.origin.licence, '食品经营许可证')
  assert.equal((await followUpsOf(change.id)).length, 1, 'one draft, no drug licence change (none held)')

  const announced = await waitFor('the WebSocket event', () => ws.seen.find((e) => e.type === 'application.follow_up'))
  assert.equal(announced.data.id, listed.id)
  assert.equal(announced.data.origin.application, change.id)
  ws.close()

  // Prefilled from the sources, with provenance; the history says the platform filed it.
  let draft = await ok(await call('enterprise.demo', 'GET', `/api/v1/applications/${listed.id}`))
  assert.equal(draft.prefill.fields.find((f) => f.key === 'company_name').locked, true)
  assert.ok(draft.fields.company_name)
  assert.ok(draft.prefill.prefilled >= 3, JSON.stringify(draft.prefill))
  assert.match(draft.fields.request_description, /企业变更登记（办件编号 \d+）已办结/)
  assert.deepEqual(draft.history.map((h) => [h.actor, h.action]), [['system', 'follow_up']])
  assert.ok(draft.materials.length > 0, 'materials checked as for any draft')

  // 确认提交 goes through the normal submit: the declaration is still the enterprise's to give.
  await assertProblem(await call('enterprise.demo', 'POST', `/api/v1/applications/${listed.id}/submit`), 422, 'validation-failed')
  await ok(await call('enterprise.demo', 'PATCH', `/api/v1/applications/${listed.id}`, { fields: { agree: true } }))
  draft = await ok(await call('enterprise.demo', 'POST', `/api/v1/applications/${listed.id}/submit`))
  assert.equal(draft.status, 'submitted')
  const queue = await ok(await call('clerk.scjg', 'GET', '/api/v1/applications'))
  assert.ok(queue.items.some((x) => x.id === listed.id), 'in the market regulator’s queue')
})

test('a change the licence does not show files nothing; a dismissed follow-up needs a reason', async () => {
  const capital = await completedChange(['注册资本'], { capital_before: '1000.00', capital_after: '2000.00' })
  const rename = await completedChange(['名称'], { new_name: '上海宝晟智慧科技有限公司' })
  const [draft] = await waitFor('the follow-up draft', async () => {
    const f = await followUpsOf(rename.id)
    return f.length ? f : null
  })
  assert.deepEqual(await followUpsOf(capital.id), [], 'the capital is not on the licence')

  await assertProblem(
    await call('enterprise.demo', 'POST', `/api/v1/applications/${draft.id}/actions`, { action: 'withdraw' }),
    422,
    'validation-failed',
  )
  const gone = await ok(
    await call('enterprise.demo', 'POST', `/api/v1/applications/${draft.id}/actions`, { action: 'withdraw', reason: '食品经营许可证已另行办理变更' }),
  )
  assert.equal(gone.status, 'withdrawn')
  assert.equal(gone.history.at(-1).reason, '食品经营许可证已另行办理变更')
})
