// 政策编写 over HTTP against the seeded district: an officer loads a published policy's file, widens
// its headcount thresholds and sees who would gain eligibility (nothing is saved), breaks an
// expression and gets its line, fails one of the policy's tests; who may do it; bad bodies as problems.

import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'

import { apiClient, assertProblem, startServer, token } from './helpers.mjs'

let server, base
const tokens = {}

before(async () => {
  server = await startServer()
  base = server.baseURL
  for (const u of ['policy.demo', 'clerk.scjg', 'enterprise.demo']) tokens[u] = await token(base, u)
})
after(async () => {
  await server?.stop()
})

const { get, send, ok } = apiClient(() => server, tokens)
const AS_OF = '2026-11-27'
const POLICY = 'BS-2026-FEE-CJBZJ'
const check = (body, user = 'policy.demo') => send('POST', '/api/v1/policy-drafts/check', body, user)

/** `text` with `from` replaced by `to`, which must occur. */
function edited(text, from, to) {
  assert.ok(text.includes(from), `the policy file has ${from}`)
  return text.replace(from, to)
}

let source = ''

test("the published policy's own file checks clean: its tests pass, nothing changes", async () => {
  const s = await ok(await get(`/api/v1/policies/${POLICY}/source`, 'policy.demo'))
  assert.equal(s.id, POLICY)
  assert.match(s.yaml, new RegExp(`^id: ${POLICY}$`, 'm'))
  source = s.yaml
  const r = await ok(await check({ yaml: source, as_of: AS_OF }))
  assert.deepEqual(r.errors, [])
  assert.equal(r.compiles, true)
  assert.equal(r.policy.id, POLICY)
  assert.equal(r.policy.version, r.policy.published_version)
  assert.ok(r.tests.length >= 3 && r.tests.every((t) => t.passed), JSON.stringify(r.tests))
  assert.equal(r.tests_failed, 0)
  assert.equal(r.impact.is_new, false)
  assert.equal(r.impact.entities, 200)
  assert.equal(r.impact.gained, 0)
  assert.equal(r.impact.lost, 0)
  assert.equal(r.impact.eligible_before, r.impact.eligible_after)
  assert.equal(r.impact.amount_before, r.impact.amount_after)
  assert.equal(typeof r.impact.population.gathered_at, 'string')
})

test('wider headcount thresholds gain enterprises, each sample naming the criterion that changed', async () => {
  let yaml = edited(source, 'min_employees: {2026-01-01: 10}', 'min_employees: {2026-01-01: 1}')
  yaml = edited(yaml, 'max_employees: {2026-01-01: 30}', 'max_employees: {2026-01-01: 100000}')
  const r = await ok(await check({ yaml, as_of: AS_OF }))
  assert.deepEqual(r.errors, [])
  assert.notEqual(r.policy.version, r.policy.published_version)
  const i = r.impact
  assert.ok(i.gained > 0, `gained ${i.gained}`)
  assert.equal(i.lost, 0)
  assert.equal(i.eligible_after, i.eligible_before + i.gained)
  assert.equal(i.unchanged_eligible, i.eligible_before)
  assert.ok(Number(i.amount_after) > Number(i.amount_before))
  assert.equal(i.population.cached, true, 'the population gathered by the first check is reused')
  assert.ok(i.samples.length > 0 && i.samples.length <= 20)
  for (const s of i.samples) {
    assert.equal(s.change, 'gain')
    assert.equal(s.after, 'eligible')
    assert.ok(s.name.length > 0)
    assert.ok(s.changed.some((c) => !c.risk && c.before === 'failed' && c.after === 'held'), JSON.stringify(s))
  }
  // Nothing was published: the policy is unchanged.
  const published = await ok(await get(`/api/v1/policies/${POLICY}`))
  assert.equal(published.version, r.policy.published_version)
})

test('a broken expression is reported at its line and column; a failing test with what differed', async () => {
  const line = source.split('\n').findIndex((l) => l.includes('enterprise.employees >= params.min_employees')) + 1
  assert.ok(line > 0)
  const broken = edited(source, 'enterprise.employees >= params.min_employees', 'enterprise.employes >= params.min_employees')
  const r = await ok(await check({ yaml: broken, as_of: AS_OF }))
  assert.equal(r.compiles, false)
  assert.equal(r.impact, null)
  assert.deepEqual(r.tests, [])
  const e = r.errors.find((x) => x.message.includes('employes'))
  assert.ok(e, JSON.stringify(r.errors))
  assert.equal(e.line, line)
  assert.ok(e.column > 1)
  assert.equal(e.text, `policies/${POLICY}.yaml:${line}:${e.column}: ${e.message}`)

  const syntax = await ok(await check({ yaml: 'id: BS-X\ntitle: [oops\n' }))
  assert.match(syntax.errors[0].message, /YAML syntax error/)

  // A test expecting another amount fails with what differed; the rest pass.
  const expect = source.match(/expect: \{outcome: eligible, amount: "([\d.]+)"/)
  assert.ok(expect, 'the policy has a test expecting an amount')
  const failing = await ok(await check({ yaml: source.replace(expect[0], 'expect: {outcome: eligible, amount: "1"'), as_of: AS_OF }))
  assert.deepEqual(failing.errors, [])
  assert.equal(failing.tests_failed, 1)
  const t = failing.tests.find((x) => !x.passed)
  assert.equal(t.message, `expected amount 1, got ${expect[1]}`)
  // Expecting an amount of an ineligible outcome is a definition error, at its line.
  const expectLine = source.slice(0, source.indexOf(expect[0])).split('\n').length
  const bad = await ok(await check({ yaml: source.replace(expect[0], `expect: {outcome: ineligible, amount: "${expect[1]}"`) }))
  assert.ok(bad.errors.some((e) => e.line === expectLine && /only an eligible outcome has an amount/.test(e.message)), JSON.stringify(bad.errors))
})

test('a new policy id counts who would be eligible', async () => {
  const yaml = source.replaceAll(POLICY, 'BS-2026-FEE-CJBZJ-NEW')
  const r = await ok(await check({ yaml, as_of: AS_OF }))
  assert.deepEqual(r.errors, [])
  assert.equal(r.policy.published_version, '')
  assert.equal(r.impact.is_new, true)
  assert.equal(r.impact.eligible_before, 0)
  assert.equal(r.impact.gained, r.impact.eligible_after)
})

test('policy officers only; bad bodies are problems', async () => {
  await assertProblem(await check({ yaml: source }, 'clerk.scjg'), 403, 'forbidden')
  await assertProblem(await check({ yaml: source }, 'enterprise.demo'), 403, 'forbidden')
  await assertProblem(await check({ yaml: source }, ''), 401, 'unauthenticated')
  await assertProblem(await get(`/api/v1/policies/${POLICY}/source`, 'clerk.scjg'), 403, 'forbidden')
  await assertProblem(await get('/api/v1/policies/NO-SUCH/source', 'policy.demo'), 404, 'not-found')

  let p = await assertProblem(await check({}), 422, 'validation-failed')
  assert.ok(p.errors.some((e) => e.field === 'yaml'), JSON.stringify(p))
  p = await assertProblem(await check({ yaml: 42 }), 422, 'validation-failed')
  p = await assertProblem(await check({ yaml: '  \n' }), 422, 'validation-failed')
  p = await assertProblem(await check({ yaml: source, as_of: '2026-13-01' }), 422, 'validation-failed')
  assert.ok(p.errors.some((e) => e.field === 'as_of'))
  p = await assertProblem(await check({ yaml: source, refresh: 'yes' }), 422, 'validation-failed')
  p = await assertProblem(await check({ yaml: source, extra: 1 }), 422, 'validation-failed')
  p = await assertProblem(await check({ yaml: `${source}\n# ${'长'.repeat(30_000)}\n` }), 422, 'validation-failed')
  assert.ok(p.errors.some((e) => e.field === 'yaml' && /65536/.test(e.message)), JSON.stringify(p))
})
