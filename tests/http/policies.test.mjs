// 免申即享 over HTTP against the seeded district: the policies, an enterprise's check-up with
// reasons, an officer's run and list, confirming it into grants recorded in the ledger, the
// beneficiary's one-click confirmation with consent or objection, payment, never twice; who may do
// what; bad input as problems.

import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'

import { apiClient, assertProblem, startServer, token } from './helpers.mjs'

let server, base
const tokens = {}

before(async () => {
  server = await startServer()
  base = server.baseURL
  for (const u of ['enterprise.demo', 'person.demo', 'policy.demo', 'clerk.scjg']) tokens[u] = await token(base, u)
})
after(async () => {
  await server?.stop()
})

const { get, send, ok } = apiClient(() => server, tokens)
const AS_OF = '2026-11-27'

test('the policies are public, each with its rules and dated parameters', async () => {
  const list = await ok(await get('/api/v1/policies'))
  assert.ok(list.items.length >= 60, `${list.items.length} policies`)
  const p = list.items.find((x) => x.id === 'BS-2026-ZJTX-AWARD')
  assert.equal(p.department_name, '区经委')
  const detail = await ok(await get('/api/v1/policies/BS-2026-ZJTX-AWARD'))
  assert.ok(detail.eligibility.some((c) => c.id === 'certified' && c.reason.includes('专精特新')))
  const award = detail.parameters.find((x) => x.name === 'award')
  assert.deepEqual(award.values.map((v) => v.value), ['200000', '300000'])
  await assertProblem(await get('/api/v1/policies/NO-SUCH'), 404, 'not-found')
  const model = await ok(await get('/api/v1/policies/attributes'))
  const employees = model.enterprise.find((a) => a.path === 'enterprise.employees')
  assert.equal(employees.label, '从业人数')
  assert.equal(employees.source_name, '法人库')
  assert.ok(model.person.some((a) => a.path === 'person.subsistence_allowance'))
})

test("check-up: the enterprise's own data, eligible first, near misses with the failed criterion", async () => {
  const c = await ok(await get(`/api/v1/policies/checkup?as_of=${AS_OF}`, 'enterprise.demo'))
  assert.equal(c.kind, 'enterprise')
  assert.equal(c.entity, '913101139UEUHDPU06')
  const outcomes = c.decisions.map((d) => d.outcome)
  assert.equal(outcomes[0], 'eligible')
  assert.ok(c.decisions.every((d) => d.criteria.length > 0 || d.outcome === 'not_in_force'))
  const near = c.decisions.find((d) => d.near_miss)
  assert.ok(near, 'a near miss')
  const failed = near.criteria.filter((x) => x.verdict === 'failed')
  assert.equal(failed.length, 1)
  assert.ok(failed[0].explanation.length > 0 && failed[0].reason.length > 0)
  const eligible = c.decisions.find((d) => d.outcome === 'eligible')
  assert.match(eligible.amount, /^\d+(\.\d+)?$/)
  assert.ok(Object.keys(eligible.inputs).some((k) => k.startsWith('enterprise.')))
  // Staff have no check-up; a bad date is a field problem.
  await assertProblem(await get('/api/v1/policies/checkup', 'clerk.scjg'), 403, 'forbidden')
  await assertProblem(await get('/api/v1/policies/checkup?as_of=2026-13-01', 'enterprise.demo'), 422, 'validation-failed')
})

test('run → list → confirm → grant (ledger) → confirm or pay, never twice', async () => {
  // A policy enterprise.demo qualifies for, found through its own check-up.
  const c = await ok(await get(`/api/v1/policies/checkup?as_of=${AS_OF}`, 'enterprise.demo'))
  const mine = c.decisions.find((d) => d.outcome === 'eligible')
  await assertProblem(await send('POST', '/api/v1/policy-runs', { policy: mine.policy }, 'enterprise.demo'), 403, 'forbidden')

  const run = await ok(await send('POST', '/api/v1/policy-runs', { policy: mine.policy, as_of: AS_OF }, 'policy.demo'), 201)
  assert.equal(run.status, 'pending_review')
  assert.equal(run.entities, 200)
  assert.ok(run.eligible >= 1)
  assert.equal(run.entities, run.eligible + run.ineligible + run.undecided + run.blocked + run.not_in_force + run.errors)
  const detail = await ok(await get(`/api/v1/policy-runs/${run.id}`, 'policy.demo'))
  const listed = detail.decisions.find((d) => d.entity === '913101139UEUHDPU06')
  assert.equal(listed.outcome, 'eligible')
  assert.equal(listed.amount, mine.amount)
  assert.equal(detail.decisions.filter((d) => d.outcome === 'eligible').length, run.eligible)

  const confirmed = await ok(await send('POST', `/api/v1/policy-runs/${run.id}/confirm`, { note: '名单已核' }, 'policy.demo'))
  assert.equal(confirmed.status, 'confirmed')
  assert.equal(confirmed.granted, run.eligible)
  await assertProblem(await send('POST', `/api/v1/policy-runs/${run.id}/confirm`, {}, 'policy.demo'), 409, 'run-confirmed')

  const grants = await ok(await get('/api/v1/policies/grants/mine', 'enterprise.demo'))
  const grant = grants.items.find((g) => g.policy === mine.policy)
  assert.ok(grant.ledger_index >= 0, 'the decision is in the ledger')
  assert.equal(grant.amount, mine.amount)
  // Someone else's grant is not found.
  await assertProblem(await send('POST', `/api/v1/policies/grants/${grant.id}/confirm`, { consent: true }, 'person.demo'), 404, 'not-found')

  if (grant.state === 'awaiting_confirmation') {
    await assertProblem(await send('POST', `/api/v1/policy-grants/${grant.id}/pay`, {}, 'policy.demo'), 409, 'grant-state')
    await assertProblem(await send('POST', `/api/v1/policies/grants/${grant.id}/confirm`, { consent: false }, 'enterprise.demo'), 422, 'validation-failed')
    const g = await ok(await send('POST', `/api/v1/policies/grants/${grant.id}/confirm`, { consent: true }, 'enterprise.demo'))
    assert.equal(g.state, 'pending')
  } else {
    assert.equal(grant.state, 'pending')
  }
  const paid = await ok(await send('POST', `/api/v1/policy-grants/${grant.id}/pay`, {}, 'policy.demo'))
  assert.equal(paid.state, 'paid')
  assert.ok(paid.payment_index > grant.ledger_index)
  await assertProblem(await send('POST', `/api/v1/policy-grants/${grant.id}/pay`, {}, 'policy.demo'), 409, 'grant-state')

  // A second run of the same policy lists the enterprise again but grants nothing new to it.
  const again = await ok(await send('POST', '/api/v1/policy-runs', { policy: mine.policy, as_of: AS_OF }, 'policy.demo'), 201)
  const second = await ok(await send('POST', `/api/v1/policy-runs/${again.id}/confirm`, {}, 'policy.demo'))
  assert.equal(second.granted, 0)
  const after = await ok(await get('/api/v1/policies/grants/mine', 'enterprise.demo'))
  assert.equal(after.items.filter((g) => g.policy === mine.policy).length, 1)

  const ledger = await ok(await get('/api/v1/ledger/entries', 'enterprise.demo'))
  const kinds = JSON.stringify(ledger)
  assert.ok(kinds.includes(`decision:${grant.id}`) && kinds.includes(`payment:${grant.id}`), kinds.slice(0, 400))
})

test('objection: a reason is required; the grant leaves the payment queue', async () => {
  const c = await ok(await get(`/api/v1/policies/checkup?as_of=${AS_OF}`, 'enterprise.demo'))
  const grants = await ok(await get('/api/v1/policies/grants/mine', 'enterprise.demo'))
  const granted = new Set(grants.items.map((g) => g.policy))
  const other = c.decisions.find((d) => d.outcome === 'eligible' && !granted.has(d.policy))
  const run = await ok(await send('POST', '/api/v1/policy-runs', { policy: other.policy, as_of: AS_OF }, 'policy.demo'), 201)
  await ok(await send('POST', `/api/v1/policy-runs/${run.id}/confirm`, {}, 'policy.demo'))
  const grant = (await ok(await get('/api/v1/policies/grants/mine', 'enterprise.demo'))).items.find((g) => g.policy === other.policy)
  await assertProblem(await send('POST', `/api/v1/policies/grants/${grant.id}/objection`, { reason: '  ' }, 'enterprise.demo'), 422, 'validation-failed')
  const objected = await ok(
    await send('POST', `/api/v1/policies/grants/${grant.id}/objection`, { reason: '金额与实际投入不符' }, 'enterprise.demo'),
  )
  assert.equal(objected.state, 'objected')
  assert.equal(objected.objection, '金额与实际投入不符')
  await assertProblem(await send('POST', `/api/v1/policy-grants/${grant.id}/pay`, {}, 'policy.demo'), 409, 'grant-state')
  const pending = await ok(await get(`/api/v1/policy-grants?policy=${other.policy}&state=pending`, 'policy.demo'))
  assert.ok(!pending.items.some((g) => g.id === grant.id))
})

test('bad input (422 with the field): unknown policy, unknown fields, bad dates', async () => {
  await assertProblem(await send('POST', '/api/v1/policy-runs', { policy: 'NO-SUCH' }, 'policy.demo'), 422, 'validation-failed')
  await assertProblem(await send('POST', '/api/v1/policy-runs', { policy: 'BS-2026-ZJTX-AWARD', as_of: 'tomorrow' }, 'policy.demo'), 422, 'validation-failed')
  await assertProblem(await send('POST', '/api/v1/policy-runs', { policy: 'BS-2026-ZJTX-AWARD', colour: 1 }, 'policy.demo'), 422, 'validation-failed')
  await assertProblem(await get('/api/v1/policy-runs/999999', 'policy.demo'), 404, 'not-found')
  await assertProblem(await get('/api/v1/policy-runs/abc', 'policy.demo'), 404, 'not-found')
})
