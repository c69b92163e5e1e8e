// 免申即享 over HTTP against the seeded district: the policies, an enterprise's check-up with
// reasons, an officer's run and list, confirming it into grants recorded in the ledger, the
// beneficiary's one-click confirmation (consent, signed with the beneficiary's own SM2 key) or
// objection and its review, approval, payment, failed transfers, claw-back, never twice; fund totals
// that add up; who may do what; bad input as problems.

import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { after, before, test } from 'node:test'

import { apiClient, assertProblem, openEvents, startServer, token, waitFor } from './helpers.mjs'

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

// The web app's SM2 library: the browser signs with it, so the test does too.
const { sm2 } = createRequire(new URL('../../web/package.json', import.meta.url))('sm-crypto')
const devices = {}
/** The user's registered device key (generated once per user, as the browser would). */
async function deviceKey(user) {
  if (!devices[user]) {
    const pair = sm2.generateKeyPairHex()
    const key = await ok(await send('POST', '/api/v1/me/signing-keys', { public_key: pair.publicKey, label: '测试设备' }, user), 201)
    devices[user] = { ...pair, id: key.id }
  }
  return devices[user]
}
/** The body confirming `grant`: consent and the signature of its statement. */
async function signedConfirmation(grant, user) {
  const key = await deviceKey(user)
  const signature = sm2.doSignature(grant.statement, key.privateKey, { hash: true, publicKey: key.publicKey })
  return { consent: true, key: key.id, signature }
}

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

  const events = await openEvents(base, tokens['enterprise.demo'])
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
  // The enterprise heard of it live, and nobody else's grant reached it.
  const notice = await waitFor('the policy.grant event', () =>
    events.seen.find((e) => e.type === 'policy.grant' && e.data.id === grant.id),
  )
  assert.equal(notice.data.state, grant.state)
  assert.equal(notice.data.policy, mine.policy)
  const granted = new Set((await ok(await get('/api/v1/policies/grants/mine', 'enterprise.demo'))).items.map((g) => g.id))
  assert.ok(events.seen.filter((e) => e.type === 'policy.grant').every((e) => granted.has(e.data.id)))
  events.close()
  assert.equal(grant.amount, mine.amount)
  // Someone else's grant is not found.
  await assertProblem(
    await send('POST', `/api/v1/policies/grants/${grant.id}/confirm`, await signedConfirmation(grant, 'person.demo'), 'person.demo'),
    404,
    'not-found',
  )

  if (grant.state === 'awaiting_confirmation') {
    await assertProblem(await send('POST', `/api/v1/policy-grants/${grant.id}/approve`, {}, 'policy.demo'), 409, 'grant-state')
    const body = await signedConfirmation(grant, 'enterprise.demo')
    await assertProblem(await send('POST', `/api/v1/policies/grants/${grant.id}/confirm`, { ...body, consent: false }, 'enterprise.demo'), 422, 'validation-failed')
    await assertProblem(await send('POST', `/api/v1/policies/grants/${grant.id}/confirm`, { consent: true }, 'enterprise.demo'), 422, 'validation-failed')
    const forged = sm2.doSignature(grant.statement.replace(grant.amount, `${grant.amount}0`), devices['enterprise.demo'].privateKey)
    await assertProblem(await send('POST', `/api/v1/policies/grants/${grant.id}/confirm`, { ...body, signature: forged }, 'enterprise.demo'), 422, 'bad-signature')
    const g = await ok(await send('POST', `/api/v1/policies/grants/${grant.id}/confirm`, body, 'enterprise.demo'))
    assert.equal(g.state, 'pending')
    assert.equal(g.signature, body.signature)
    assert.equal(g.signer_key, devices['enterprise.demo'].publicKey)
    assert.ok(g.confirmation_index > grant.ledger_index, 'the signed confirmation is in the ledger')
    assert.ok(sm2.doVerifySignature(g.statement, g.signature, g.signer_key), 'anyone can check the signature')
  } else {
    assert.equal(grant.state, 'pending')
  }
  await assertProblem(await send('POST', `/api/v1/policy-grants/${grant.id}/pay`, {}, 'policy.demo'), 409, 'grant-state')
  const approved = await ok(await send('POST', '/api/v1/policy-grants/approve', { ids: [grant.id, 99999999] }, 'policy.demo'))
  assert.deepEqual(approved.approved.map((g) => g.id), [grant.id])
  assert.equal(approved.skipped[0].id, 99999999)
  const paid = await ok(await send('POST', `/api/v1/policy-grants/${grant.id}/pay`, { reference: 'GK-2026-000123' }, 'policy.demo'))
  assert.equal(paid.state, 'paid')
  assert.equal(paid.payment_ref, 'GK-2026-000123')
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

  // The officer answers: a reply is required; amending sets the new amount and returns the grant
  // where it was.
  const review = `/api/v1/policy-grants/${grant.id}/objection-review`
  await assertProblem(await send('POST', review, { decision: 'dismiss', reply: '' }, 'policy.demo'), 422, 'validation-failed')
  await assertProblem(await send('POST', review, { decision: 'amend', reply: '调整' }, 'policy.demo'), 422, 'validation-failed')
  await assertProblem(await send('POST', review, { decision: 'ignore', reply: '好' }, 'policy.demo'), 422, 'validation-failed')
  await assertProblem(await send('POST', review, { decision: 'dismiss', reply: '好' }, 'enterprise.demo'), 403, 'forbidden')
  const amended = await ok(await send('POST', review, { decision: 'amend', reply: '按实际投入核定', amount: '12345.60' }, 'policy.demo'))
  assert.equal(amended.state, grant.state)
  assert.equal(amended.amount, '12345.6')
  assert.equal(amended.reply, '按实际投入核定')
  const mine = (await ok(await get('/api/v1/policies/grants/mine', 'enterprise.demo'))).items.find((g) => g.id === grant.id)
  assert.equal(mine.reply, '按实际投入核定', 'the beneficiary sees the answer')
  await assertProblem(await send('POST', review, { decision: 'dismiss', reply: '好' }, 'policy.demo'), 409, 'grant-state')
})

test('a failed transfer is retried; a paid grant is clawed back; funds add up per policy and department', async () => {
  // Two pending grants: confirm the lists of policies paid directly (直达) until there are.
  const policies = (await ok(await get('/api/v1/policies'))).items.filter((p) => p.mode === 'auto')
  let pending = []
  for (const p of policies) {
    pending = (await ok(await get('/api/v1/policy-grants?state=pending', 'policy.demo'))).items
    if (pending.length >= 2) break
    const run = await ok(await send('POST', '/api/v1/policy-runs', { policy: p.id, as_of: AS_OF }, 'policy.demo'), 201)
    await ok(await send('POST', `/api/v1/policy-runs/${run.id}/confirm`, {}, 'policy.demo'))
  }
  assert.ok(pending.length >= 2, 'two pending grants')
  const [a, b] = pending
  await ok(await send('POST', '/api/v1/policy-grants/approve', { ids: [a.id, b.id] }, 'policy.demo'))
  const failed = `/api/v1/policy-grants/${a.id}/payment-failed`
  await assertProblem(await send('POST', failed, {}, 'policy.demo'), 422, 'validation-failed')
  assert.equal((await ok(await send('POST', failed, { reason: '收款账户已销户' }, 'policy.demo'))).state, 'failed')
  await assertProblem(await send('POST', `/api/v1/policy-grants/${a.id}/pay`, {}, 'policy.demo'), 409, 'grant-state')
  assert.equal((await ok(await send('POST', `/api/v1/policy-grants/${a.id}/retry`, {}, 'policy.demo'))).state, 'approved')
  assert.equal((await ok(await send('POST', `/api/v1/policy-grants/${a.id}/pay`, {}, 'policy.demo'))).state, 'paid')
  await ok(await send('POST', `/api/v1/policy-grants/${b.id}/pay`, {}, 'policy.demo'))
  await assertProblem(await send('POST', `/api/v1/policy-grants/${b.id}/claw-back`, { reason: ' ' }, 'policy.demo'), 422, 'validation-failed')
  const back = await ok(await send('POST', `/api/v1/policy-grants/${b.id}/claw-back`, { reason: '核查发现不符合条件' }, 'policy.demo'))
  assert.equal(back.state, 'clawed_back')
  assert.ok(back.clawback_index > back.payment_index)

  const funds = await ok(await get('/api/v1/policy-funds', 'policy.demo'))
  await assertProblem(await get('/api/v1/policy-funds', 'enterprise.demo'), 403, 'forbidden')
  // Exact decimal sums (in millionths, the server's scale): each department is the sum of its
  // policies, the total of its departments.
  const cents = (v) => {
    const [whole, frac = ''] = String(v).split('.')
    const sign = whole.startsWith('-') ? -1n : 1n
    return BigInt(whole) * 1000000n + sign * BigInt(frac.padEnd(6, '0'))
  }
  for (const key of ['committed', 'paid', 'clawed_back', 'net', 'outstanding']) {
    for (const d of funds.departments) {
      const sum = funds.policies.filter((p) => p.department === d.department).reduce((s, p) => s + cents(p.totals[key]), 0n)
      assert.equal(sum, cents(d.totals[key]), `${d.department} ${key}`)
    }
    assert.equal(funds.departments.reduce((s, d) => s + cents(d.totals[key]), 0n), cents(funds.total[key]), key)
  }
  assert.equal(cents(funds.total.net), cents(funds.total.paid) - cents(funds.total.clawed_back))
  assert.ok(funds.total.states.clawed_back >= 1 && funds.total.states.paid >= 2)
  const line = funds.policies.find((p) => p.policy === b.policy)
  assert.ok(cents(line.totals.clawed_back) >= cents(b.amount))
})

test('signing keys: only valid SM2 points, one account never uses another\'s key, revoked keys sign nothing', async () => {
  await assertProblem(await send('POST', '/api/v1/me/signing-keys', { public_key: '04abcd' }, 'person.demo'), 422, 'validation-failed')
  const pair = sm2.generateKeyPairHex()
  const key = await ok(await send('POST', '/api/v1/me/signing-keys', { public_key: pair.publicKey, label: '我的手机' }, 'person.demo'), 201)
  assert.equal(key.fingerprint.length, 16)
  await assertProblem(await send('POST', '/api/v1/me/signing-keys', { public_key: pair.publicKey }, 'person.demo'), 409, 'key-registered')
  const list = await ok(await get('/api/v1/me/signing-keys', 'person.demo'))
  assert.ok(list.items.some((k) => k.id === key.id && k.active))
  assert.ok(!(await ok(await get('/api/v1/me/signing-keys', 'enterprise.demo'))).items.some((k) => k.id === key.id))
  await assertProblem(await send('DELETE', `/api/v1/me/signing-keys/${key.id}`, undefined, 'enterprise.demo'), 404, 'not-found')
  const res = await send('DELETE', `/api/v1/me/signing-keys/${key.id}`, undefined, 'person.demo')
  assert.equal(res.status, 204)
  const after = await ok(await get('/api/v1/me/signing-keys', 'person.demo'))
  assert.equal(after.items.find((k) => k.id === key.id).active, false)
})

test('数据纠错: the enterprise reports a wrong input of its check-up; the officer answers; bad reports change nothing', async () => {
  const c = await ok(await get(`/api/v1/policies/checkup?as_of=${AS_OF}`, 'enterprise.demo'))
  const held = c.decisions.map((d) => d.inputs['enterprise.employees']).find((v) => typeof v === 'number')
  assert.ok(Number.isInteger(held), 'the check-up read the employees')
  const url = '/api/v1/policies/corrections'
  const body = { attribute: 'enterprise.employees', claimed: String(held + 7), reason: '以社保缴纳人数为准', policy: c.decisions[0].policy }
  await assertProblem(await send('POST', url, { ...body, claimed: String(held) }, 'enterprise.demo'), 422, 'validation-failed')
  await assertProblem(await send('POST', url, { ...body, claimed: '很多' }, 'enterprise.demo'), 422, 'validation-failed')
  await assertProblem(await send('POST', url, { ...body, attribute: 'enterprise.colour' }, 'enterprise.demo'), 422, 'validation-failed')
  await assertProblem(await send('POST', url, body, 'policy.demo'), 403, 'forbidden')
  const made = await ok(await send('POST', url, body, 'enterprise.demo'), 201)
  assert.equal(made.state, 'submitted')
  assert.equal(made.current, String(held))
  assert.equal(made.label, '从业人数')
  assert.equal(made.source_name, '法人库')
  assert.ok(made.department_name.length > 0, 'who holds the value')
  await assertProblem(await send('POST', url, { ...body, claimed: String(held + 8) }, 'enterprise.demo'), 409, 'correction-open')
  const mine = await ok(await get(`${url}/mine`, 'enterprise.demo'))
  assert.equal(mine.items.length, 1)
  assert.equal((await ok(await get(`${url}/mine`, 'person.demo'))).items.length, 0)

  const queue = await ok(await get('/api/v1/policy-corrections?state=submitted', 'policy.demo'))
  assert.ok(queue.items.some((x) => x.id === made.id))
  await assertProblem(await get('/api/v1/policy-corrections', 'enterprise.demo'), 403, 'forbidden')
  const review = `/api/v1/policy-corrections/${made.id}/review`
  await assertProblem(await send('POST', review, { decision: 'maybe', reply: '好' }, 'policy.demo'), 422, 'validation-failed')
  const answered = await ok(await send('POST', review, { decision: 'reject', reply: '社保数据显示从业人数无误' }, 'policy.demo'))
  assert.equal(answered.state, 'rejected')
  await assertProblem(await send('POST', review, { decision: 'accept', reply: '好' }, 'policy.demo'), 409, 'correction-reviewed')
  assert.equal((await ok(await get(`${url}/mine`, 'enterprise.demo'))).items[0].reply, '社保数据显示从业人数无误')
})

test('bad input (422 with the field): unknown policy, unknown fields, bad dates', async () => {
  await assertProblem(await send('POST', '/api/v1/policy-runs', { policy: 'NO-SUCH' }, 'policy.demo'), 422, 'validation-failed')
  await assertProblem(await send('POST', '/api/v1/policy-runs', { policy: 'BS-2026-ZJTX-AWARD', as_of: 'tomorrow' }, 'policy.demo'), 422, 'validation-failed')
  await assertProblem(await send('POST', '/api/v1/policy-runs', { policy: 'BS-2026-ZJTX-AWARD', colour: 1 }, 'policy.demo'), 422, 'validation-failed')
  await assertProblem(await get('/api/v1/policy-runs/999999', 'policy.demo'), 404, 'not-found')
  await assertProblem(await get('/api/v1/policy-runs/abc', 'policy.demo'), 404, 'not-found')
})
