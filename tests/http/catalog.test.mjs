// The service catalog over HTTP: item search (names, aliases, pinyin initials) with stable pages, the
// guide of an item, forms, bundles, and the 开办餐饮店 situation questionnaire from the first question to
// the personalised list of items, materials and the merged form. All public: no login here.

import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'

import { assertProblem, startServer } from './helpers.mjs'

let server
let base

before(async () => {
  server = await startServer()
  base = server.baseURL
})
after(async () => {
  await server?.stop()
})

const get = async (path) => {
  const res = await fetch(`${base}${path}`)
  assert.equal(res.status, 200, `${path}: ${res.status}`)
  return res.json()
}
const situations = (code, answers, kind = 'bundles') =>
  fetch(`${base}/api/v1/${kind}/${encodeURIComponent(code)}/situations`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ answers }),
  })

describe('items', () => {
  test('pinyin initials find 食品经营许可, best match first', async () => {
    const page = await get('/api/v1/items?q=spjy&limit=3')
    assert.equal(page.items[0].name, '食品经营许可（新办）')
    assert.deepEqual(page.items[0].department, { id: 'scjg', name: '区市场监管局' })
    assert.ok(page.total >= 4)
    assert.equal(typeof page.next_cursor, 'string')
  })

  test('every page of a search, followed by its cursors, is the whole result once', async () => {
    const all = await get(`/api/v1/items?q=${encodeURIComponent('许可')}&limit=100`)
    assert.equal(all.next_cursor, null)
    const seen = []
    let cursor = ''
    for (let i = 0; i < 50; i++) {
      const page = await get(`/api/v1/items?q=${encodeURIComponent('许可')}&limit=9${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
      seen.push(...page.items.map((it) => it.code))
      if (!page.next_cursor) break
      cursor = page.next_cursor
    }
    assert.deepEqual(seen, all.items.map((it) => it.code))
  })

  test('filters by department, event and audience', async () => {
    const page = await get(`/api/v1/items?department=wjw&event=${encodeURIComponent('养老')}&audience=person&limit=100`)
    assert.ok(page.items.length > 0)
    for (const it of page.items) {
      assert.equal(it.department.id, 'wjw')
      assert.ok(it.events.includes('养老'))
      assert.notEqual(it.audience, 'enterprise')
    }
  })

  test('bad parameters are 422 naming the parameter', async () => {
    const p = await assertProblem(await fetch(`${base}/api/v1/items?limit=500&audience=robots`), 422, 'validation-failed')
    assert.deepEqual(p.errors.map((e) => e.field).sort(), ['audience'])
    const q = await assertProblem(await fetch(`${base}/api/v1/items?limit=500`), 422, 'validation-failed')
    assert.deepEqual(q.errors.map((e) => e.field), ['limit'])
  })

  test('an item has its guide, materials, form and version; an unknown one is 404', async () => {
    const { items } = await get(`/api/v1/items?q=${encodeURIComponent('企业变更登记')}&limit=1`)
    const item = await get(`/api/v1/items/${items[0].code}`)
    assert.equal(item.name, '企业变更登记')
    assert.ok(item.guide.basis.includes('市场主体登记管理条例'))
    assert.ok(item.time_limit.promised <= item.time_limit.statutory)
    assert.ok(item.materials.some((m) => m.when && m.reason))
    assert.equal(item.form.id, 'qybgdj')
    assert.ok(item.form.sections.some((s) => s.visible_when))
    assert.match(item.version, /^[0-9a-f]{64}$/)
    const form = await get('/api/v1/forms/spjyxk')
    assert.equal(form.title, '食品经营许可申请书')
    assert.ok(form.sections.flatMap((s) => s.fields).some((f) => f.type === 'table' && f.columns.length >= 4))
    await assertProblem(await fetch(`${base}/api/v1/items/NO-SUCH-ITEM`), 404, 'not-found')
    await assertProblem(await fetch(`${base}/api/v1/forms/nope`), 404, 'not-found')
  })
})

describe('bundles', () => {
  test('the list covers the six industries, each bundle with its member items', async () => {
    const { items } = await get('/api/v1/bundles')
    assert.ok(items.length >= 20)
    const industries = new Set(items.map((b) => b.industry))
    for (const i of ['邮轮旅游', '绿色低碳', '生物医药及合成生物', '机器人及智能制造', '新材料', '新一代信息技术'])
      assert.ok(industries.has(i), i)
    const restaurant = await get('/api/v1/bundles/kbcyd')
    assert.equal(restaurant.name, '开办餐饮店')
    assert.ok(restaurant.items.length >= 5)
    assert.ok(restaurant.questions.some((q) => q.id === 'business_mode'))
  })

  test('开办餐饮店: questions in dependency order, then the personalised list with reasons', async () => {
    let res = await situations('kbcyd', {})
    assert.equal(res.status, 200)
    let r = await res.json()
    assert.equal(r.done, false)
    assert.equal(r.questions[0].id, 'business_mode')
    assert.ok(!r.questions.some((q) => q.id === 'cooking'), 'cooking matters only for 餐饮服务: asked after business_mode')

    const answers = { business_mode: '餐饮服务', area: 120, has_sign: true, public_place: false, sells_alcohol: false }
    for (let round = 0; round < 10; round++) {
      r = await (await situations('kbcyd', answers)).json()
      if (r.done) break
      for (const q of r.questions) {
        assert.ok(q.decides.length > 0, `${q.id} decides something`)
        answers[q.id] = q.type === 'bool' ? q.id !== 'own_building' : q.type === 'number' ? 3 : q.options[0].value
      }
    }
    assert.equal(r.done, true)
    const names = r.items.map((i) => i.name)
    assert.ok(names.includes('食品经营许可（新办）'))
    assert.ok(names.includes('户外招牌设置'))
    assert.ok(names.includes('城镇污水排入排水管网许可'), 'cooking on site discharges to the sewer')
    assert.ok(!names.includes('仅销售预包装食品备案'))
    const sign = r.items.find((i) => i.name === '户外招牌设置')
    assert.match(sign.reason, /依据：「是否在门店外设置户外招牌（店招）？」：是/)
    assert.ok(r.excluded.some((i) => i.name === '公众聚集场所投入使用、营业前消防安全检查' && /120/.test(i.reason)))
    const licence = r.materials.find((m) => m.category === 'business_licence')
    assert.ok(licence.items.length >= 2, 'one 营业执照 for every item that needs it')
    assert.ok(r.materials.every((m) => m.reason && m.id && m.category_name))
    const keys = r.form.sections.flatMap((s) => s.fields.map((f) => f.key))
    assert.equal(keys.filter((k) => k === 'company_name').length, 1, 'a shared field is asked once')
    assert.ok(keys.includes('sign_text') && keys.includes('employees'))
  })

  test('answers of the wrong type are 422 naming the question; unknown bundles 404', async () => {
    const p = await assertProblem(await situations('kbcyd', { area: 'big', has_sign: 'yes' }), 422, 'validation-failed')
    assert.deepEqual(p.errors.map((e) => e.field).sort(), ['answers/area', 'answers/has_sign'])
    const q = await assertProblem(
      await fetch(`${base}/api/v1/bundles/kbcyd/situations`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ answers: [1] }),
      }),
      422,
      'validation-failed',
    )
    assert.deepEqual(q.errors.map((e) => e.field), ['answers'])
    await assertProblem(await situations('no-such-bundle', {}), 404, 'not-found')
    await assertProblem(await situations('NO-SUCH-ITEM', {}, 'items'), 404, 'not-found')
  })
})
