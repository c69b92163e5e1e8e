// The cockpit (驾驶舱) over HTTP against the seeded district: an application filed and decided, a
// help conversation answered, a rating and a 办不成事 report reach the topic database within
// seconds (the server syncs the audit log every 5 s and announces cockpit.updated); each indicator
// carries its definition and target; a breakdown and the rows behind a number; a department's staff
// see their own department only; bad parameters as problems.

import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'

import { apiClient, assertProblem, openEvents, startServer, token, waitFor } from './helpers.mjs'

let server
const tokens = {}

before(async () => {
  server = await startServer()
  for (const u of ['enterprise.demo', 'person.demo', 'clerk.scjg', 'approver.scjg', 'clerk.rsj', 'analyst.demo', 'admin', 'helper.demo'])
    tokens[u] = await token(server.baseURL, u)
})
after(async () => {
  await server?.stop()
})

const { call, ok } = apiClient(() => server, tokens)

test('events reach the indicators, with definitions, targets, breakdowns and rows', async () => {
  const events = await openEvents(server.baseURL, tokens['analyst.demo'])
  try {
    let a = await ok(await call('enterprise.demo', 'POST', '/api/v1/applications', { item: 'SCJG-004', answers: { by_agent: false }, fields: {} }), 201)
    a = await ok(await call('enterprise.demo', 'PATCH', `/api/v1/applications/${a.id}`, {
      fields: { business_address: '上海市宝山区友谊路100号', contact_name: '李娜', contact_phone: '13912345678', request_description: '申请办理企业简易注销登记', agree: true },
    }))
    await ok(await call('enterprise.demo', 'POST', `/api/v1/applications/${a.id}/submit`))
    await ok(await call('clerk.scjg', 'POST', `/api/v1/applications/${a.id}/actions`, { action: 'accept' }))
    await ok(await call('approver.scjg', 'POST', `/api/v1/applications/${a.id}/actions`, { action: 'approve' }))
    await ok(await call('enterprise.demo', 'POST', '/api/v1/cant-do-reports', { item: 'SCJG-011', text: '网上提交后一直显示待审核' }), 201)

    await waitFor('cockpit.updated', () => events.seen.find((e) => e.type === 'cockpit.updated'), 20000)
    const rows = await waitFor('the application in the facts', async () => {
      const r = await ok(await call('analyst.demo', 'GET', '/api/v1/cockpit/indicators/first_time_success/rows'))
      return r.rows.find((x) => x.id === a.id) ? r : null
    }, 20000)
    const row = rows.rows.find((x) => x.id === a.id)
    assert.equal(row.department, 'scjg')
    assert.equal(row.in_numerator, true, 'approved without correction')
    const csv = await call('analyst.demo', 'GET', '/api/v1/cockpit/indicators/first_time_success/rows?format=csv')
    assert.equal(csv.status, 200)
    assert.match(csv.headers.get('content-type'), /^text\/csv/)
    assert.match(csv.headers.get('content-disposition'), /attachment; filename="first_time_success-/)
    const text = await csv.text()
    assert.ok(text.split('\r\n').some((l) => l.startsWith(`${a.id},scjg,区市场监管局,SCJG-004,`) && l.endsWith(',是')), text.slice(0, 300))
    await assertProblem(await call('analyst.demo', 'GET', '/api/v1/cockpit/indicators/first_time_success/rows?format=xlsx'), 422, 'validation-failed')

    const all = await ok(await call('analyst.demo', 'GET', '/api/v1/cockpit/indicators'))
    assert.match(all.from, /^\d{4}-\d{2}-01$/)
    const byKey = Object.fromEntries(all.items.map((v) => [v.key, v]))
    for (const key of ['prefill_applications', 'first_time_success', 'avg_application_minutes', 'on_time_rate', 'online_rate', 'help_resolution', 'first_response_seconds', 'satisfaction_rate', 'cant_do_reports']) {
      assert.ok(byKey[key], key)
      assert.ok(byKey[key].definition.length > 10, `${key} has its definition`)
    }
    assert.equal(byKey.first_time_success.target, 0.9)
    assert.ok(byKey.first_time_success.denominator >= 1)
    assert.equal(byKey.online_rate.comparison, '>=')
    assert.ok(byKey.cant_do_reports.value >= 1)

    const br = await ok(await call('analyst.demo', 'GET', '/api/v1/cockpit/indicators/first_time_success/breakdown?by=department'))
    assert.ok(br.groups.some((g) => g.group === 'scjg' && g.denominator >= 1))
    const months = await ok(await call('analyst.demo', 'GET', '/api/v1/cockpit/indicators/online_rate/breakdown?by=month&from=2026-01-01'))
    assert.ok(months.groups.every((g) => /^\d{4}-\d{2}$/.test(g.group)))

    // A department's staff: their own department only.
    const rsj = await ok(await call('clerk.rsj', 'GET', '/api/v1/cockpit/indicators/first_time_success/rows'))
    assert.ok(!rsj.rows.some((x) => x.id === a.id))
    assert.equal(rsj.department, 'rsj')
    await assertProblem(await call('clerk.rsj', 'GET', '/api/v1/cockpit/indicators?department=scjg'), 403, 'forbidden')
    await assertProblem(await call('enterprise.demo', 'GET', '/api/v1/cockpit/indicators'), 403, 'forbidden')
    await assertProblem(await call('analyst.demo', 'GET', '/api/v1/cockpit/indicators?from=2026-13-01'), 422, 'validation-failed')
    await assertProblem(await call('analyst.demo', 'GET', '/api/v1/cockpit/indicators/nope/rows'), 404, 'not-found')
    // Streets/towns: an enterprise's application counts for the street it is registered in; ratings
    // have no street, knowledge entries no item.
    const streets = await ok(await call('analyst.demo', 'GET', '/api/v1/cockpit/indicators/online_rate/breakdown?by=unit'))
    assert.ok(streets.groups.some((g) => g.group !== '' && g.denominator >= 1), JSON.stringify(streets.groups))
    await assertProblem(await call('analyst.demo', 'GET', '/api/v1/cockpit/indicators/satisfaction_rate/breakdown?by=unit'), 422, 'validation-failed')
    await assertProblem(await call('analyst.demo', 'GET', '/api/v1/cockpit/indicators/kb_usage_rate/breakdown?by=item'), 422, 'validation-failed')
    // The knowledge base's seed is in force; 智能预审 says why it has no value; the distribution has five levels.
    assert.ok(byKey.kb_entries.value > 15000, `kb_entries ${byKey.kb_entries.value}`)
    assert.equal(byKey.prereview_usage.value, null)
    assert.match(byKey.prereview_usage.note, /尚未上线/)
    assert.deepEqual(byKey.ratings_distribution.parts.map((p) => p.label), ['非常满意', '满意', '基本满意', '不满意', '非常不满意'])
    assert.deepEqual(byKey.online_rate.parts, [])

    // 政务服务指数: scjg ranked with a score, its dimensions and what moved it; its trend by month.
    const index = await ok(await call('analyst.demo', 'GET', '/api/v1/cockpit/service-index'))
    assert.equal(index.name, '宝山区政务服务指数')
    assert.ok(Math.abs(index.dimensions.reduce((s, d) => s + d.weight, 0) - 1) < 1e-9, 'the weights are data and add up to 1')
    const scjg = index.items.find((d) => d.department === 'scjg')
    assert.ok(scjg && scjg.score > 0 && scjg.score <= 100 && scjg.rank >= 1, JSON.stringify(index.items).slice(0, 300))
    assert.ok(Math.abs(scjg.contributions.reduce((s, c) => s + c.points, 0) - scjg.score) < 1e-6, 'contributions add up')
    const trend = await ok(await call('analyst.demo', 'GET', '/api/v1/cockpit/service-index/scjg/trend?months=3'))
    assert.equal(trend.points.length, 3)
    await assertProblem(await call('analyst.demo', 'GET', '/api/v1/cockpit/service-index/scjg/trend?months=99'), 422, 'validation-failed')
    await assertProblem(await call('clerk.scjg', 'GET', '/api/v1/cockpit/service-index'), 403, 'forbidden')

    const rebuilt = await ok(await call('admin', 'POST', '/api/v1/cockpit/rebuild'))
    assert.ok(rebuilt.applications >= 1)
    await assertProblem(await call('analyst.demo', 'POST', '/api/v1/cockpit/rebuild'), 403, 'forbidden')
  } finally {
    events.close()
  }
})
