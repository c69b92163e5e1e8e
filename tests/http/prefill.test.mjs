// Prefill over HTTP against the seeded district: the three high-frequency forms at or above 80%,
// provenance and locks, drafts that start prefilled and refuse edits to authoritative values, the
// applicant's view of who read their data, a source outage degrading to manual entry, 再来一单.

import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'

import { apiClient, assertProblem, startServer, token } from './helpers.mjs'

let server, base
const tokens = {}

before(async () => {
  server = await startServer()
  base = server.baseURL
  for (const u of ['enterprise.demo', 'person.demo', 'clerk.scjg', 'admin']) tokens[u] = await token(base, u)
})
after(async () => {
  await server?.stop()
})

const { call, ok } = apiClient(() => server, tokens)
const field = (prefill, key) => prefill.fields.find((f) => f.key === key)

test('the high-frequency forms are at least 80% prefilled for enterprise.demo, with provenance', async () => {
  for (const item of ['SCJG-002', 'SCJG-003', 'SCJG-011']) {
    const p = await ok(await call('enterprise.demo', 'GET', `/api/v1/prefill?item=${item}`))
    assert.ok(p.ratio >= 0.8, `${item}: ${p.prefilled}/${p.shown}`)
    assert.deepEqual(p.notes, [])
    const name = field(p, 'company_name')
    assert.equal(name.locked, true)
    assert.equal(name.from[0].source_name, '法人库')
    assert.equal(name.from[0].verified, true)
    assert.match(name.from[0].fetched_at, /^\d{4}-\d\d-\d\dT/)
  }
  const p = await ok(await call('enterprise.demo', 'GET', '/api/v1/prefill?item=SCJG-011'))
  assert.equal(field(p, 'operator_type').locked, false, 'a suggestion stays editable')
  assert.equal(field(p, 'has_storage').prefilled, false)
})

test('a resident is prefilled from 人口库; bad requests are problems', async () => {
  const p = await ok(await call('person.demo', 'GET', '/api/v1/prefill?item=CL-001'))
  assert.equal(field(p, 'applicant_name').value, '李明')
  assert.equal(field(p, 'applicant_name').from[0].source_name, '人口库')
  await assertProblem(await call('person.demo', 'GET', '/api/v1/prefill'), 422, 'missing-parameter')
  await assertProblem(await call('person.demo', 'GET', '/api/v1/prefill?item=NOPE-9'), 404, 'not-found')
  await assertProblem(await call('clerk.scjg', 'GET', '/api/v1/prefill?item=SCJG-011'), 403, 'forbidden')
})

test('a draft starts prefilled; authoritative values cannot be edited; the owner sees who read the data', async () => {
  const draft = await ok(await call('enterprise.demo', 'POST', '/api/v1/applications', {
    item: 'SCJG-011', fields: { company_name: '别的公司', has_storage: false },
  }), 201)
  assert.equal(draft.fields.company_name, '上海宝晟智能科技有限公司', 'a client value never replaces a locked one')
  assert.equal(draft.fields.has_storage, false)
  assert.ok(draft.prefill.ratio >= 0.8)
  const locked = await call('enterprise.demo', 'PATCH', `/api/v1/applications/${draft.id}`, { fields: { company_name: '改名' } })
  const problem = await assertProblem(locked, 422, 'locked-field')
  assert.equal(problem.errors[0].field, 'company_name')
  await ok(await call('enterprise.demo', 'PATCH', `/api/v1/applications/${draft.id}`, { fields: { contact_phone: '13700001111' } }))

  const log = await ok(await call('enterprise.demo', 'GET', '/api/v1/sources/queries/mine'))
  const mine = log.items.filter((q) => q.application === String(draft.id))
  assert.ok(mine.length >= 3, JSON.stringify(log.items.slice(0, 3)))
  assert.ok(mine.every((q) => q.purpose.includes('食品经营许可')))
})

test('a source that is down degrades to manual entry with a note, and comes back', async () => {
  await ok(await call('admin', 'PUT', '/api/v1/sources/food_safety/availability', { available: false, note: '系统升级' }))
  try {
    const p = await ok(await call('enterprise.demo', 'GET', '/api/v1/prefill?item=SCJG-011'))
    assert.ok(p.notes.some((n) => n.includes('食品安全监管信息')), JSON.stringify(p.notes))
    assert.equal(field(p, 'food_safety_manager').prefilled, false)
    assert.equal(field(p, 'food_safety_manager').note, '数源暂不可用，请手工填写')
    assert.equal(field(p, 'company_name').prefilled, true)
  } finally {
    await ok(await call('admin', 'PUT', '/api/v1/sources/food_safety/availability', { available: true, note: '' }))
  }
  const p = await ok(await call('enterprise.demo', 'GET', '/api/v1/prefill?item=SCJG-011'))
  assert.equal(field(p, 'food_safety_manager').prefilled, true)
})

test('再来一单 copies the answers and own entries, refreshes the sources, and lists the differences', async () => {
  const first = await ok(await call('enterprise.demo', 'POST', '/api/v1/applications', {
    item: 'SCJG-011', fields: { has_storage: false, facilities: ['冷藏设施', '洗手设施'], facility_note: '上次填写', agree: true },
  }), 201)
  const again = await ok(await call('enterprise.demo', 'POST', `/api/v1/applications/${first.id}/again`), 201)
  assert.notEqual(again.application.id, first.id)
  assert.equal(again.application.copied_from, first.id)
  assert.equal(again.application.status, 'draft')
  assert.equal(again.application.fields.facility_note, '上次填写')
  assert.deepEqual(again.application.fields.facilities, ['冷藏设施', '洗手设施'])
  assert.equal(again.application.fields.company_name, first.fields.company_name)
  assert.deepEqual(again.changes, [], 'nothing changed in the sources since')
  await assertProblem(await call('person.demo', 'POST', `/api/v1/applications/${first.id}/again`), 404, 'not-found')
})
