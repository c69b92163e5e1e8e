// 无忧快注 over HTTP against the seeded district: parsing with normalisation, ranked matching with
// reasons, autocomplete, the park directory, the premises check for the signed-in applicant, and
// the proof of premises exempt in a new application's material list; bad input as problems.

import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'

import { assertProblem, bearer, startServer, token } from './helpers.mjs'

let server, base
const tokens = {}

before(async () => {
  server = await startServer()
  base = server.baseURL
  for (const u of ['enterprise.demo', 'person.demo']) tokens[u] = await token(base, u)
})
after(async () => {
  await server?.stop()
})

const get = (path, user) => fetch(`${base}${path}`, { headers: user ? bearer(tokens[user]) : {} })
const ok = async (res, status = 200) => {
  assert.equal(res.status, status, await res.clone().text())
  return res.json()
}
const q = (s) => encodeURIComponent(s)

test('parse: one key per level, the gazetteer fills what is implied, traditional and numerals normalised', async () => {
  const p = await ok(await get(`/api/v1/addresses/parse?q=${q('上海市宝山区友谊路街道牡丹江路1325号3楼')}`))
  assert.deepEqual(
    Object.fromEntries(Object.entries(p.levels).filter(([k]) => k !== 'inferred')),
    { province: '上海市', city: '上海市', district: '宝山区', town: '友谊路街道', road: '牡丹江路', road_number: '1325号', floor: '3楼' },
  )
  assert.equal(p.components.find((c) => c.level === 'town').code, '310113003')
  const t = await ok(await get(`/api/v1/addresses/parse?q=${q('寶山牡丹江路一百二十三號')}`))
  assert.equal(t.levels.district, '宝山区')
  assert.equal(t.levels.road_number, '123号')
  assert.ok(t.levels.inferred.includes('province'), JSON.stringify(t.levels))
  assert.ok(t.changes.includes('繁体→简体'), JSON.stringify(t.changes))
})

test('parse: what cannot be recognised is said, never a crash', async () => {
  for (const bad of ['😀😀', 'hello world', '\u0007\u0008', '牡丹江路\u0000 1号']) {
    const p = await ok(await get(`/api/v1/addresses/parse?q=${q(bad)}`))
    assert.ok(p.unrecognised.length > 0 || bad.includes('牡丹江路'), `${JSON.stringify(bad)} → ${JSON.stringify(p)}`)
  }
  await assertProblem(await get('/api/v1/addresses/parse'), 422, 'missing-parameter')
  await assertProblem(await get(`/api/v1/addresses/parse?q=${q('路'.repeat(400))}`), 422, 'address-too-long')
})

test('match: the standard address first, with its score and why; a typo still finds it', async () => {
  const m = await ok(await get(`/api/v1/addresses/match?q=${q('宝山区牡丹江路1325号')}`))
  assert.equal(m.candidates[0].text, '上海市宝山区牡丹江路1325号')
  assert.equal(m.candidates[0].exact, true)
  assert.equal(m.candidates[0].score, 1)
  assert.match(m.candidates[0].reason, /道路.*门牌号.*一致/)
  const typo = await ok(await get(`/api/v1/addresses/match?q=${q('宝山区牡丹汪路1325号')}`))
  assert.equal(typo.candidates[0].text, '上海市宝山区牡丹江路1325号')
  assert.equal(typo.candidates[0].exact, false)
  assert.ok(typo.candidates[0].score < 1 && typo.candidates[0].score > 0.7)
  const other = await ok(await get(`/api/v1/addresses/match?q=${q('北京市海淀区中关村大街1号')}`))
  assert.deepEqual(other.candidates, [])
  await assertProblem(await get(`/api/v1/addresses/match?q=x&limit=0`), 422, 'bad-limit')
})

test('suggest continues what is typed; addresses and parks are public', async () => {
  const s = await ok(await get(`/api/v1/addresses/suggest?q=${q('牡丹江路13')}&limit=5`))
  assert.equal(s.items.length, 5)
  assert.equal(s.items[0].text, '上海市宝山区牡丹江路13号')
  for (const a of s.items) assert.match(a.text, /^上海市宝山区牡丹江路13/)
  const one = await ok(await get(`/api/v1/addresses/${s.items[0].id}`))
  assert.equal(one.road, '牡丹江路')
  await assertProblem(await get('/api/v1/addresses/BS-000-999999'), 404, 'not-found')
  const parks = await ok(await get('/api/v1/parks'))
  assert.equal(parks.items.length, 12)
  const robots = parks.items.find((p) => p.name === '上海机器人产业园')
  assert.ok(robots.industries.includes('机器人'))
  assert.equal(robots.centralised.length, 1)
  assert.equal(robots.centralised[0].centralised, true)
  assert.ok(robots.centralised[0].registered <= robots.centralised[0].capacity)
  assert.ok(robots.addresses > 60)
  await assertProblem(await get('/api/v1/parks/P99'), 404, 'not-found')
})

test('premises: exempt for the owner of a standard address, explained when not; applicants only', async () => {
  const prefill = await ok(await get('/api/v1/prefill?item=SCJG-011', 'enterprise.demo'))
  const address = prefill.fields.find((f) => f.key === 'business_address').value
  const own = await ok(await get(`/api/v1/addresses/premises?address=${q(address)}`, 'enterprise.demo'))
  assert.equal(own.standard, true)
  assert.equal(own.exempt, true)
  assert.match(own.reason, /标准地址库.*不动产权证/)
  const room = await ok(await get(`/api/v1/addresses/premises?address=${q(address + '3楼301室')}`, 'enterprise.demo'))
  assert.equal(room.exempt, true, 'a room of the building the enterprise owns')
  assert.equal(room.address_id, own.address_id)
  const hub = await ok(await get(`/api/v1/addresses/premises?address=${q('上海市宝山区富联路8号')}`, 'enterprise.demo'))
  assert.equal(hub.exempt, true)
  assert.match(hub.reason, /上海机器人产业园集中登记地（尚余\d+户）/)
  const elsewhere = await ok(await get(`/api/v1/addresses/premises?address=${q('上海市宝山区密山路5号')}`, 'enterprise.demo'))
  assert.equal(elsewhere.standard, true)
  assert.equal(elsewhere.exempt, false)
  assert.match(elsewhere.reason, /未查到.*不动产权或租赁备案/)
  const unknown = await ok(await get(`/api/v1/addresses/premises?address=${q('宝山区无名路1号')}`, 'enterprise.demo'))
  assert.equal(unknown.standard, false)
  await assertProblem(await get(`/api/v1/addresses/premises?address=${q(address)}`), 401, 'unauthenticated')
})

test('a new application does not ask enterprise.demo for a proof of premises at its own standard address', async () => {
  const res = await fetch(`${base}/api/v1/applications`, {
    method: 'POST',
    headers: { ...bearer(tokens['enterprise.demo']), 'Content-Type': 'application/json' },
    body: JSON.stringify({ item: 'SCJG-011', answers: {}, fields: {} }),
  })
  const app = await ok(res, 201)
  const premises = app.materials.find((m) => m.category === 'premises_proof')
  assert.equal(premises.exempt, true)
  assert.equal(premises.kind, 'standard_address')
  assert.match(premises.reason, /^标准地址库：上海市宝山区/)
})

test('changing the premises address on a draft recomputes the proof of premises', async () => {
  const send = (method, path, body) =>
    fetch(`${base}${path}`, {
      method,
      headers: { ...bearer(tokens['enterprise.demo']), 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    })
  const draft = await ok(
    await send('POST', '/api/v1/applications', {
      item: 'SCJG-002',
      answers: { change_items: ['住所'], capital_reduction: false, by_agent: false },
      fields: {},
    }),
    201,
  )
  const premises = (app) => app.materials.find((m) => m.id === 'new_premises')
  assert.notEqual(premises(draft).kind, 'standard_address', 'no new address yet')
  const prefill = await ok(await get('/api/v1/prefill?item=SCJG-011', 'enterprise.demo'))
  const own = prefill.fields.find((f) => f.key === 'business_address').value
  const moved = await ok(await send('PATCH', `/api/v1/applications/${draft.id}`, { fields: { new_address: own } }))
  assert.equal(premises(moved).kind, 'standard_address')
  assert.equal(premises(moved).exempt, true)
  const elsewhere = await ok(
    await send('PATCH', `/api/v1/applications/${draft.id}`, { fields: { new_address: '上海市宝山区密山路5号' } }),
  )
  assert.notEqual(premises(elsewhere).kind, 'standard_address')
  assert.ok(premises(elsewhere).not_counted.some((n) => /未查到.*不动产权或租赁备案/.test(n)), JSON.stringify(premises(elsewhere)))
})
