// Authoritative sources (数源) over HTTP: staff see the sources and their fields, a window clerk's
// 数据核验 at the counter is logged and the enterprise or resident sees who looked at their data (and
// nobody else's), the administrator's outage switch refuses and logs queries while a source is off,
// bad input is a problem+json naming the field, and a source pointed at a data-exchange endpoint
// sends who asks and why, and counts as unavailable when the endpoint is too slow.

import assert from 'node:assert/strict'
import http from 'node:http'
import { after, before, describe, test } from 'node:test'

import { startCustomServer } from './custom-server.mjs'
import { assertProblem, bearer, freePort, startServer, token } from './helpers.mjs'

// person.demo (李明)'s 居民身份证号码 in the demo seed (registered in 宝山, born 1990-06-15).
const LI_MING = '310113199006151231'

let server
let base
const tokens = {}
const me = {}
// Counter lookups serve a real case: an application the clerk's department handles, about the person
// or enterprise asked for (or its legal representative and agents).
const cases = {}

before(async () => {
  server = await startServer()
  base = server.baseURL
  for (const u of ['enterprise.demo', 'person.demo', 'clerk.scjg', 'clerk.rsj', 'approver.scjg', 'admin']) {
    tokens[u] = await token(base, u)
    me[u] = await (await call(u, 'GET', '/api/v1/me')).json()
  }
  const draft = async (user, item) =>
    String((await (await call(user, 'POST', '/api/v1/applications', { item })).json()).id)
  cases['clerk.scjg'] = await draft('enterprise.demo', 'SCJG-002')
  cases['clerk.rsj'] = await draft('person.demo', 'RSJ-002')
})
after(async () => {
  await server?.stop()
})

function call(user, method, path, body) {
  return fetch(`${base}${path}`, {
    method,
    headers: { ...bearer(tokens[user]), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  })
}
async function ok(res, status = 200) {
  assert.equal(res.status, status, await res.clone().text())
  return res.json()
}
const lookup = (user, source, body) =>
  call(user, 'POST', `/api/v1/sources/${source}/lookups`,
    body && cases[user] && !('application' in body) ? { ...body, application: cases[user] } : body)
const mine = async (user, query = '') => ok(await call(user, 'GET', `/api/v1/sources/queries/mine${query}`))
const fieldsOf = (problem) => problem.errors.map((e) => e.field)

test('staff see every source with its fields, owners, cadence and availability', async () => {
  const { items } = await ok(await call('approver.scjg', 'GET', '/api/v1/sources'))
  const ids = items.map((s) => s.id)
  for (const id of ['credit', 'e_licences', 'enterprise_registry', 'population', 'real_estate', 'social_security'])
    assert.ok(ids.includes(id), `${id} is listed`)
  const registry = items.find((s) => s.id === 'enterprise_registry')
  assert.equal(registry.name, '法人库')
  assert.deepEqual(registry.department, { id: 'scjg', name: '区市场监管局' })
  assert.equal(registry.subject, 'enterprise')
  assert.equal(registry.adapter, 'embedded')
  assert.equal(registry.available, true)
  const employees = registry.fields.find((f) => f.key === 'employees')
  assert.equal(employees.verified, false, '年报 figures are not verified')
  assert.equal(employees.cadence, 'monthly')
  const quals = registry.fields.find((f) => f.key === 'qualifications')
  assert.equal(quals.department.name, '区经委')
  const holders = registry.fields.find((f) => f.key === 'shareholders')
  assert.deepEqual(holders.columns.map((c) => c.key), ['name', 'kind', 'subscribed', 'ratio'])
  await assertProblem(await call('person.demo', 'GET', '/api/v1/sources'), 403, 'forbidden')
  await assertProblem(await fetch(`${base}/api/v1/sources`), 401, 'unauthenticated')
})

describe('who looked at my data', () => {
  test('a clerk verifies enterprise.demo at the counter; the enterprise sees who, when and why', async () => {
    const cc = me['enterprise.demo'].enterprise.credit_code
    const rec = await ok(await lookup('clerk.scjg', 'enterprise_registry',
      { subject: cc, purpose: '数据核验 企业变更登记' }))
    assert.equal(rec.found, true)
    assert.equal(rec.values.name, '上海宝晟智能科技有限公司')
    assert.equal(rec.values.credit_code, cc)
    assert.equal(rec.values.registered_capital, '1000.00', 'money as the forms keep it')
    const ratios = rec.values.shareholders.map((s) => Number(s.ratio))
    assert.equal(ratios.reduce((a, b) => a + b, 0), 100)
    assert.match(rec.values.established_on, /^\d{4}-\d\d-\d\d$/)
    assert.match(rec.fetched_at, /^\d{4}-\d\d-\d\dT/)

    const log = await mine('enterprise.demo')
    const q = log.items[0]
    assert.equal(q.source.name, '法人库')
    assert.equal(q.actor.kind, 'staff')
    assert.equal(q.actor.label, `${me['clerk.scjg'].display_name}（区市场监管局）`)
    assert.equal(q.purpose, '数据核验 企业变更登记')
    assert.equal(q.application, cases['clerk.scjg'])
    assert.equal(q.outcome, 'ok')
    assert.ok(!('subject' in q) && !('values' in q), 'the log shows who and why, never the data')

    // The resident's log is about the resident only.
    const before = await mine('person.demo')
    assert.ok(before.items.every((i) => i.application !== cases['clerk.scjg']))
    await ok(await lookup('clerk.rsj', 'social_security', { subject: LI_MING, purpose: '数据核验 失业登记' }))
    const after = await mine('person.demo', `?subject=${cc}`) // a subject parameter changes nothing
    assert.equal(after.items.length, before.items.length + 1)
    assert.equal(after.items[0].source.name, '社保')
    assert.equal(after.items[0].actor.label, `${me['clerk.rsj'].display_name}（区人社局）`)
    assert.ok(!(await mine('enterprise.demo')).items.some((i) => i.purpose === '数据核验 失业登记'))
  })

  test('a clerk reads someone\'s data only for a case of the department about that person', async () => {
    const cc = me['enterprise.demo'].enterprise.credit_code
    let p = await assertProblem(await lookup('clerk.scjg', 'population', { subject: LI_MING, purpose: '数据核验' }),
      422, 'validation-failed')
    assert.deepEqual(fieldsOf(p), ['subject'], 'LI_MING has nothing to do with this enterprise\'s case')
    p = await assertProblem(await lookup('clerk.rsj', 'enterprise_registry',
      { subject: cc, purpose: '数据核验', application: cases['clerk.scjg'] }), 422, 'validation-failed')
    assert.deepEqual(fieldsOf(p), ['application'], 'another department\'s case')
    p = await assertProblem(await lookup('clerk.scjg', 'enterprise_registry', { subject: cc, purpose: '数据核验', application: '' }),
      422, 'validation-failed')
    assert.deepEqual(fieldsOf(p), ['application'])
    p = await assertProblem(await lookup('clerk.scjg', 'enterprise_registry', { subject: cc, purpose: '数据核验', application: '999999' }),
      422, 'validation-failed')
    assert.deepEqual(fieldsOf(p), ['application'])
  })

  test('a person cannot see the log of another person, even the legal representative they act with', async () => {
    const cc = me['enterprise.demo'].enterprise.credit_code
    const reg = await ok(await lookup('clerk.scjg', 'enterprise_registry', { subject: cc, purpose: '数据核验 法定代表人' }))
    const rep = reg.values.legal_rep_id_number
    assert.notEqual(rep, LI_MING)
    await ok(await lookup('clerk.scjg', 'population', { subject: rep, purpose: '数据核验 法定代表人身份' }))
    const log = await mine('person.demo')
    assert.ok(!log.items.some((i) => i.purpose === '数据核验 法定代表人身份'))
    // The administrator's full log has it, with the subject and the clerk's username.
    const full = await ok(await call('admin', 'GET', `/api/v1/sources/queries?subject=${rep}&source=population`))
    assert.equal(full.items.length, 1)
    assert.equal(full.items[0].subject, rep)
    assert.equal(full.items[0].actor, 'clerk.scjg')
    await assertProblem(await call('clerk.scjg', 'GET', '/api/v1/sources/queries'), 403, 'forbidden')
    await assertProblem(await call('person.demo', 'GET', '/api/v1/sources/queries'), 403, 'forbidden')
    await assertProblem(await call('clerk.scjg', 'GET', '/api/v1/sources/queries/mine'), 403, 'forbidden')
  })

  test('prefill shows as 系统（预填） in the log', async (t) => {
    const res = await call('enterprise.demo', 'GET', '/api/v1/prefill?item=SCJG-002')
    if (res.status === 404 && !(await res.clone().text()).includes('SCJG-002')) {
      t.skip('the prefill API is not wired into this build')
      return
    }
    await ok(res)
    const q = (await mine('enterprise.demo')).items[0]
    assert.equal(q.actor.kind, 'system')
    assert.equal(q.actor.label, '系统（预填）')
    assert.match(q.purpose, /^预填/)
  })

  test('the log pages with a cursor, newest first', async () => {
    for (let i = 0; i < 3; i++)
      await ok(await lookup('admin', 'credit', { subject: LI_MING, purpose: `数据核验 第${i + 1}次` }))
    const first = await mine('person.demo', '?limit=2')
    assert.equal(first.items.length, 2)
    assert.equal(first.items[0].purpose, '数据核验 第3次')
    assert.equal(first.items[0].actor.label, '系统管理员（区数据局）')
    assert.ok(first.next_cursor)
    const next = await mine('person.demo', `?limit=2&cursor=${first.next_cursor}`)
    assert.equal(next.items[0].purpose, '数据核验 第1次')
    assert.ok(next.items[0].id < first.items[1].id)
  })
})

describe('the outage switch', () => {
  test('only administrators may switch a source', async () => {
    for (const u of ['clerk.scjg', 'enterprise.demo'])
      await assertProblem(await call(u, 'PUT', '/api/v1/sources/real_estate/availability',
        { available: false, note: '维护' }), 403, 'forbidden')
  })

  test('a switched-off source refuses queries (logged), then answers again', async () => {
    const cc = me['enterprise.demo'].enterprise.credit_code
    const off = await ok(await call('admin', 'PUT', '/api/v1/sources/real_estate/availability',
      { available: false, note: '不动产登记系统升级' }))
    assert.equal(off.available, false)
    assert.equal(off.note, '不动产登记系统升级')
    assert.equal(off.changed_by, 'admin')
    const listed = (await ok(await call('clerk.scjg', 'GET', '/api/v1/sources'))).items.find((s) => s.id === 'real_estate')
    assert.equal(listed.available, false)

    const p = await assertProblem(await lookup('clerk.scjg', 'real_estate', { subject: cc, purpose: '数据核验 经营场所' }),
      503, 'source-unavailable')
    assert.match(p.detail, /不动产登记系统升级/)
    const q = (await mine('enterprise.demo')).items[0]
    assert.equal(q.source.name, '不动产')
    assert.equal(q.outcome, 'unavailable')
    assert.equal(q.outcome_label, '数源不可用')

    const on = await ok(await call('admin', 'PUT', '/api/v1/sources/real_estate/availability', { available: true }))
    assert.equal(on.available, true)
    const rec = await ok(await lookup('clerk.scjg', 'real_estate', { subject: cc, purpose: '数据核验 经营场所' }))
    assert.equal(rec.found, true)
    assert.equal(rec.values.properties[0].usage, '办公')
  })
})

describe('bad input is a problem naming the field', () => {
  test('lookups', async () => {
    const cc = me['enterprise.demo'].enterprise.credit_code
    let p = await assertProblem(await lookup('clerk.scjg', 'enterprise_registry', { subject: LI_MING, purpose: '数据核验' }),
      422, 'validation-failed')
    assert.deepEqual(fieldsOf(p), ['subject'], 'an id number is not a credit code')
    p = await assertProblem(await lookup('clerk.scjg', 'enterprise_registry', { subject: '91310113ABCDEFGH12', purpose: '核' }),
      422, 'validation-failed')
    assert.deepEqual(fieldsOf(p).sort(), ['purpose', 'subject'])
    p = await assertProblem(await lookup('clerk.scjg', 'enterprise_registry', { subject: cc }), 422, 'validation-failed')
    assert.deepEqual(fieldsOf(p), ['purpose'])
    p = await assertProblem(await lookup('clerk.scjg', 'enterprise_registry', { subject: cc, purpose: '数据核验', values: {} }),
      422, 'validation-failed')
    assert.deepEqual(fieldsOf(p), ['values'])
    await assertProblem(await lookup('clerk.scjg', 'no_such_source', { subject: cc, purpose: '数据核验' }), 404, 'not-found')
    await assertProblem(await fetch(`${base}/api/v1/sources/credit/lookups`, {
      method: 'POST', headers: { ...bearer(tokens['clerk.scjg']), 'Content-Type': 'application/json' }, body: '{"subject":',
    }), 400, 'malformed-json')
    // A valid credit code nobody registered here is no error: the source holds no record of it.
    const none = await ok(await lookup('admin', 'enterprise_registry', { subject: '91350100M000100Y43', purpose: '数据核验' }))
    assert.deepEqual(none, { source: 'enterprise_registry', subject: '91350100M000100Y43', found: false })
  })

  test('the outage switch and the log', async () => {
    let p = await assertProblem(await call('admin', 'PUT', '/api/v1/sources/credit/availability', { available: 'no' }),
      422, 'validation-failed')
    assert.deepEqual(fieldsOf(p), ['available'])
    p = await assertProblem(await call('admin', 'PUT', '/api/v1/sources/credit/availability', { available: false }),
      422, 'validation-failed')
    assert.deepEqual(fieldsOf(p), ['note'], 'switching a source off needs a reason')
    await assertProblem(await call('admin', 'PUT', '/api/v1/sources/nope/availability', { available: true }), 404, 'not-found')
    await assertProblem(await fetch(`${base}/api/v1/sources/credit/availability`, {
      method: 'PUT', headers: bearer(tokens.admin), body: '{"available":true}',
    }), 415, 'unsupported-media-type')
    await assertProblem(await call('admin', 'GET', '/api/v1/sources/queries?limit=abc'), 422, 'validation-failed')
    await assertProblem(await call('admin', 'GET', '/api/v1/sources/queries?limit=1000'), 422, 'validation-failed')
    p = await assertProblem(await call('admin', 'GET', '/api/v1/sources/queries?source=nope'), 422, 'validation-failed')
    assert.deepEqual(fieldsOf(p), ['source'])
    assert.equal((await ok(await call('clerk.scjg', 'GET', '/api/v1/sources'))).items.find((s) => s.id === 'credit').available,
      true, 'refused changes changed nothing')
  })
})

describe('a source served by a data-exchange endpoint', () => {
  let exchange, remote, remoteBase
  const received = []

  before(async () => {
    const cc = me['enterprise.demo'].enterprise.credit_code
    exchange = http.createServer((req, res) => {
      let body = ''
      req.on('data', (c) => (body += c))
      req.on('end', () => {
        const q = JSON.parse(body)
        received.push({ path: req.url, body: q })
        const answer = (o) => {
          res.writeHead(200, { 'Content-Type': 'application/json' })
          res.end(JSON.stringify(o))
        }
        if (q.subject === LI_MING) setTimeout(() => answer({ found: false }), 2500) // slower than the 1 s timeout
        else if (q.subject === cc)
          answer({ found: true, updated_at: '2026-11-26T16:00:00Z',
            values: { dishonest: false, abnormal_operation: false, rating: 'A', penalties: 0 } })
        else answer({ found: false })
      })
    })
    const port = await freePort()
    await new Promise((r) => exchange.listen(port, '127.0.0.1', r))
    remote = await startCustomServer({
      env: { HAOBAN_SOURCES_ENDPOINTS: `credit=http://127.0.0.1:${port}/exchange/credit`, HAOBAN_SOURCES_TIMEOUT_SECONDS: '1' },
    })
    remoteBase = remote.baseURL
    const draft = async (user, item) =>
      String((await (await remoteCall(user, 'POST', '/api/v1/applications', { item })).json()).id)
    remoteCases.scjg = await draft('enterprise.demo', 'SCJG-002')
    remoteCases.rsj = await draft('person.demo', 'RSJ-002')
  })
  after(async () => {
    await remote?.stop()
    exchange?.close()
    exchange?.closeAllConnections?.()
  })

  const remoteCases = {}
  const remoteCall = async (user, method, path, body) => {
    const t = await token(remoteBase, user)
    return fetch(`${remoteBase}${path}`, {
      method,
      headers: { ...bearer(t), ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    })
  }

  test('the query carries the requester and the purpose; the answer is the record', async () => {
    const cc = me['enterprise.demo'].enterprise.credit_code
    const list = await ok(await remoteCall('clerk.scjg', 'GET', '/api/v1/sources'))
    assert.equal(list.items.find((s) => s.id === 'credit').adapter, 'http')
    assert.equal(list.items.find((s) => s.id === 'population').adapter, 'embedded')

    const rec = await ok(await remoteCall('clerk.scjg', 'POST', '/api/v1/sources/credit/lookups',
      { subject: cc, purpose: '数据核验 信用核查', application: remoteCases.scjg }))
    assert.equal(rec.found, true)
    assert.equal(rec.values.rating, 'A')
    assert.equal(rec.updated_at, '2026-11-26T16:00:00Z')
    const sent = received.at(-1)
    assert.equal(sent.path, '/exchange/credit')
    assert.equal(sent.body.source, 'credit')
    assert.equal(sent.body.subject, cc)
    assert.ok(sent.body.fields.includes('dishonest'))
    assert.deepEqual(sent.body.requester, { actor: 'clerk.scjg', application: remoteCases.scjg, purpose: '数据核验 信用核查' })

    const none = await ok(await remoteCall('admin', 'POST', '/api/v1/sources/credit/lookups',
      { subject: '91350100M000100Y43', purpose: '数据核验 信用核查' }))
    assert.equal(none.found, false)
  })

  test('an endpoint slower than the timeout makes the source unavailable, and the query is logged', async () => {
    await assertProblem(await remoteCall('clerk.rsj', 'POST', '/api/v1/sources/credit/lookups',
      { subject: LI_MING, purpose: '数据核验 信用核查', application: remoteCases.rsj }), 503, 'source-unavailable')
    const log = await ok(await remoteCall('person.demo', 'GET', '/api/v1/sources/queries/mine'))
    assert.equal(log.items[0].source.name, '信用')
    assert.equal(log.items[0].outcome, 'unavailable')
  })
})
