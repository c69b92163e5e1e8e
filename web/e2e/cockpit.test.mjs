// Browser tests of the cockpit (驾驶舱) against a real haoban server (see server.mjs). analyst.demo
// opens 数据总览 on the demo district, where nothing has been decided this month (一次办成率 暂无数据);
// enterprise.demo's SCJG-004 application is filed, accepted and approved through the API, and the
// open page refreshes by itself once the server has synced its facts (every 5 s, cockpit.updated):
// the card shows a value with 目标 > 90% and 达标, the numerator and denominator on hover, the
// definition on ⓘ, a gauge drawn green. The card opens the indicator: the trend and department
// charts are drawn on their canvases (the met colour among their pixels), the item table and the
// rows behind the number list the application, and the 未一次办成 filter leaves it out. An
// indicator without data says so instead of drawing zeros. The overview and the detail fit 375 px.
// Then each cockpit page with real data: 帮办监督's assessment, 好差评's ratings and 办不成事's queue
// (a rating and a report made through the API), and 政务服务指数 ranking the departments that have
// something to count (an approved, well-rated application for 区市场监管局; a resolved, badly rated
// help conversation for 区人社局): a department opens its trend, dimensions and what moved it, on a
// desktop and on a phone.
// Run with `npm run build && node --test e2e/cockpit.test.mjs`.

import fs from 'node:fs'
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { DESKTOP, PHONE, horizontalOverflow, screenshot, suiteFixture, withPage as withSuitePage } from './browser.mjs'
import { sessions } from './sessions.mjs'

const suite = suiteFixture()
const withPage = (options, fn) => withSuitePage(suite, options, fn)

/** The colour of a met target on the charts (src/cockpit/charts.ts COLORS.met). */
const MET = [0x1f, 0x9d, 0x55]

/** API calls from Node as a signed-in user, asserting success: the answer's body. */
const api = sessions(suite)
async function call(username, method, path, body) {
  const r = await api.call(username, method, path, body)
  assert.ok(r.status < 300, `${method} ${path} as ${username}: ${r.status} ${r.text}`)
  return r.body
}

/** As tests/http/cockpit.test.mjs files it: SCJG-004 (企业简易注销登记), accepted and approved without correction. */
async function fileAndApprove() {
  const a = await call('enterprise.demo', 'POST', '/api/v1/applications', { item: 'SCJG-004', answers: { by_agent: false }, fields: {} })
  await call('enterprise.demo', 'PATCH', `/api/v1/applications/${a.id}`, {
    fields: {
      business_address: '上海市宝山区友谊路100号',
      contact_name: '李娜',
      contact_phone: '13912345678',
      request_description: '申请办理企业简易注销登记',
      agree: true,
    },
  })
  await call('enterprise.demo', 'POST', `/api/v1/applications/${a.id}/submit`)
  await call('clerk.scjg', 'POST', `/api/v1/applications/${a.id}/actions`, { action: 'accept' })
  await call('approver.scjg', 'POST', `/api/v1/applications/${a.id}/actions`, { action: 'approve' })
  return a.id
}

/** Pixels of a chart's canvas: drawn at all (opaque), and of `rgb` (±24 per channel). */
function canvasPixels(canvas, rgb) {
  return canvas.evaluate((el, [r, g, b]) => {
    const { data } = el.getContext('2d').getImageData(0, 0, el.width, el.height)
    let drawn = 0
    let matching = 0
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] < 200) continue
      drawn++
      if (Math.abs(data[i] - r) <= 24 && Math.abs(data[i + 1] - g) <= 24 && Math.abs(data[i + 2] - b) <= 24) matching++
    }
    return { drawn, matching }
  }, rgb)
}

/** Waits until the chart's canvas shows some pixels of `rgb` (ECharts animates its first frame). */
async function expectDrawn(page, chart, rgb, what) {
  const canvas = page.locator(`[data-chart="${chart}"] canvas`).first()
  await canvas.waitFor()
  let pixels = { drawn: 0, matching: 0 }
  for (const until = Date.now() + 5000; Date.now() < until; await page.waitForTimeout(100)) {
    pixels = await canvasPixels(canvas, rgb)
    if (pixels.drawn > 500 && pixels.matching > 20) return pixels
  }
  assert.fail(`${what}: ${pixels.drawn} drawn pixels, ${pixels.matching} of the expected colour`)
}

const card = (page, key) => page.locator(`[data-testid="indicator-card"][data-indicator="${key}"]`)

describe('驾驶舱', () => {
  test('analyst.demo sees an approval arrive live, opens 一次办成率 and finds the application behind it', () =>
    withPage({ ...DESKTOP, viewport: { width: 1440, height: 900 }, username: 'analyst.demo' }, async (page) => {
      await page.waitForURL((url) => url.pathname === '/cockpit')
      await page.getByTestId('page-title').filter({ hasText: '数据总览' }).waitFor()
      // 运营分析报告: the month's PDF downloads with the analyst's session.
      const href = await page.getByTestId('cockpit-report').getAttribute('href')
      assert.match(href, /^\/api\/v1\/cockpit\/report\?period=\d{4}-\d{2}$/)
      const pdf = await page.request.get(href)
      assert.equal(pdf.status(), 200)
      assert.equal(pdf.headers()['content-type'], 'application/pdf')
      assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-')

      // Nothing decided this month yet on the demo district: no value, not 0%.
      const success = card(page, 'first_time_success')
      await success.waitFor()
      assert.equal(await success.getAttribute('data-state'), 'empty')
      assert.match(await success.getByTestId('indicator-value').innerText(), /暂无数据/)
      assert.doesNotMatch(await success.innerText(), /0\.0%/)
      await page.locator('[data-testid="cockpit-live"][data-state="open"]').waitFor()

      const id = await fileAndApprove()

      // The open page refreshes itself once the server has synced (every 5 s) and said so.
      await page.locator('[data-testid="indicator-card"][data-indicator="first_time_success"][data-state="met"]').waitFor({ timeout: 30_000 })
      const value = await success.getByTestId('indicator-value').innerText()
      assert.match(value, /^\d{1,3}\.\d\s*%/, value)
      assert.equal(await success.getByTestId('indicator-target').innerText(), '目标 > 90%')
      assert.equal(await success.getByTestId('indicator-target').getAttribute('aria-label'), '目标：高于 90%')
      assert.equal((await success.getByTestId('indicator-verdict').innerText()).trim(), '达标')
      assert.match(await page.getByTestId('cockpit-updated-at').innerText(), /更新于 \d{2}:\d{2}:\d{2}/)

      // The numerator and denominator on hover, the definition behind ⓘ.
      await success.getByTestId('indicator-value').hover()
      await page.locator('.el-popper').filter({ hasText: /分子 \d+ \/ 分母 \d+/ }).first().waitFor()
      await success.getByTestId('indicator-definition-button').click()
      const definition = page.getByTestId('indicator-definition').filter({ hasText: '未经补正即准予许可' })
      await definition.waitFor()
      await page.getByTestId('page-title').click()
      await definition.waitFor({ state: 'hidden' })

      // The programme's targets as gauges: this one drawn with the met colour, 帮办 without data grey.
      const gauges = page.getByTestId('target-gauges')
      for (const key of ['prefill_applications', 'first_time_success', 'avg_application_minutes', 'on_time_rate', 'online_rate', 'help_resolution', 'first_response_seconds'])
        await gauges.locator(`[data-indicator="${key}"]`).waitFor()
      assert.equal(await gauges.locator('[data-indicator="first_time_success"]').getAttribute('data-state'), 'met')
      const gauge = gauges.locator('[data-indicator="first_time_success"] canvas')
      assert.ok((await canvasPixels(gauge, MET)).matching > 20, 'the met gauge is drawn green')
      assert.equal((await canvasPixels(gauges.locator('[data-indicator="help_resolution"] canvas'), MET)).matching, 0, 'no green without data')
      assert.equal(await card(page, 'help_resolution').getAttribute('data-state'), 'empty')
      await page.locator('.el-popper').filter({ hasText: /分子 \d+ \/ 分母 \d+/ }).first().waitFor({ state: 'hidden' })
      await screenshot(page, 'cockpit-overview')

      // The card opens the indicator with the same period.
      await success.getByRole('link', { name: '一次办成率' }).click()
      await page.waitForURL((url) => url.pathname === '/cockpit/indicators/first_time_success')
      await page.getByTestId('page-title').filter({ hasText: '一次办成率' }).waitFor()
      const headline = page.getByTestId('indicator-headline')
      assert.equal(await headline.getAttribute('data-state'), 'met')
      const detailValue = await headline.getByTestId('indicator-value').innerText()
      assert.ok(value.replace(/\s+/g, '').startsWith(detailValue), `${detailValue} on the detail, ${value} on the card`)
      await page.getByTestId('indicator-definition').filter({ hasText: '未经补正即准予许可' }).waitFor()

      // Trend (by month, target line) and departments (sorted bars), both drawn.
      await expectDrawn(page, 'trend', MET, 'the trend')
      await expectDrawn(page, 'groups', MET, 'the department bars')
      assert.match(await page.getByTestId('trend-chart').getAttribute('aria-label'), /近 12 个月趋势/)
      assert.equal((await page.getByTestId('groups-missed').innerText()).trim(), '全部达标')

      // The table of items and the rows behind the number.
      await page.getByTestId('items-table').getByText('SCJG-004').waitFor()
      const drill = page.getByTestId('drill')
      const row = drill.locator(`[data-row-id="${id}"]`)
      await row.waitFor()
      assert.equal(await row.evaluate((el) => el.tagName), 'SPAN', 'analysts see the row, not a link into the workbench')
      const tr = drill.locator('tr', { has: page.locator(`[data-row-id="${id}"]`) })
      assert.match(await tr.innerText(), /区市场监管局/)
      assert.match(await tr.innerText(), /企业简易注销登记/)
      assert.match(await tr.innerText(), /一次办成/)
      await screenshot(page, 'cockpit-detail')

      await drill.getByTestId('drill-filter').getByText(/^未一次办成/).click()
      await row.waitFor({ state: 'detached' })
      await drill.getByTestId('drill-filter').getByText(/^一次办成/).click()
      await row.waitFor()

      // The same rows exported as CSV, with names beside the codes.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('rows-csv').click()])
      assert.match(download.suggestedFilename(), /^first_time_success-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/)
      const csv = fs.readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '')
      const lines = csv.trim().split('\r\n')
      assert.equal(lines[0], '编号,部门编码,部门,事项编码,事项,日期,状态,计入分子')
      assert.ok(lines.some((l) => l.startsWith(`${id},scjg,区市场监管局,SCJG-004,`) && l.endsWith(',是')), csv.slice(0, 400))

      // An indicator with nothing counted: no chart of zeros, no rows.
      await page.getByText('← 返回数据总览').click()
      await page.waitForURL((url) => url.pathname === '/cockpit')
      await card(page, 'help_resolution').getByRole('link', { name: '帮办解决率' }).click()
      await page.getByTestId('page-title').filter({ hasText: '帮办解决率' }).waitFor()
      assert.equal(await page.getByTestId('indicator-headline').getByTestId('indicator-value').innerText(), '暂无数据')
      await page.getByTestId('trend-empty').waitFor()
      await page.getByTestId('groups-empty').waitFor()
      await page.getByTestId('rows-panel').getByText('本期没有计入该指标的记录').waitFor()
      await page.getByTestId('filter-unit').waitFor()
    }))

  test('the overview and an indicator fit a phone', () =>
    withPage({ ...PHONE, username: 'analyst.demo' }, async (page) => {
      await page.waitForURL((url) => url.pathname === '/cockpit')
      await card(page, 'first_time_success').waitFor()
      await page.getByTestId('target-gauges').locator('canvas').first().waitFor()
      const overflow = await horizontalOverflow(page)
      assert.ok(overflow <= 0, `the overview is ${overflow}px wider than the screen`)
      const box = await card(page, 'online_rate').boundingBox()
      assert.ok(box && box.width >= 150, 'two cards a row')
      await screenshot(page, 'cockpit-overview-phone')

      await card(page, 'online_rate').getByRole('link', { name: '网上办理率' }).click()
      await page.getByTestId('page-title').filter({ hasText: '网上办理率' }).waitFor()
      await page.getByTestId('rows-panel').waitFor()
      const detailOverflow = await horizontalOverflow(page)
      assert.ok(detailOverflow <= 0, `the detail is ${detailOverflow}px wider than the screen`)
    }))
})

/** The colour of the service index's trend line (src/cockpit/charts.ts COLORS.none). */
const BLUE = [0x2f, 0x6f, 0xde]

let indexData = null
/**
 * Facts for 政务服务指数 and the pages that list them, made once: an approved SCJG-004 application
 * rated 非常满意, a help conversation on RSJ-001 answered, resolved and rated 不满意, and a 办不成事
 * report. Resolves once the server has synced them into the index (every 5 s).
 */
function indexFacts() {
  indexData ??= (async () => {
    const application = await fileAndApprove()
    await call('enterprise.demo', 'POST', '/api/v1/feedback/ratings', { event_kind: 'application', event_id: application, level: 5, text: '一次就办好了' })
    await call('helper.demo', 'PUT', '/api/v1/help/presence', { presence: 'online' })
    const c = await call('person.demo', 'POST', '/api/v1/help/conversations', { item: 'RSJ-001', text: '失业登记要带什么？' })
    await call('helper.demo', 'POST', `/api/v1/help/conversations/${c.id}/messages`, { body: '带身份证即可。', client_id: 'cockpit-1' })
    await call('helper.demo', 'POST', `/api/v1/help/conversations/${c.id}/resolve`, { category: '办理指引' })
    await call('person.demo', 'POST', `/api/v1/help/conversations/${c.id}/rating`, { rating: 2 })
    const report = await call('person.demo', 'POST', '/api/v1/cant-do-reports', { channel: 'online', text: '社保卡补办要求的证明太多，居委开不出来' })
    let index = null
    for (const until = Date.now() + 30_000; Date.now() < until; await new Promise((r) => setTimeout(r, 500))) {
      index = await call('analyst.demo', 'GET', '/api/v1/cockpit/service-index')
      const scored = index.items.filter((i) => i.score !== null).map((i) => i.department)
      if (scored.includes('scjg') && scored.includes('rsj')) return { application, report: report.id, index }
    }
    assert.fail(`the service index did not rank scjg and rsj: ${JSON.stringify(index?.items)}`)
  })()
  return indexData
}

describe('驾驶舱 pages', () => {
  test('帮办监督: the analyst reads the helpers’ assessment', () =>
    withPage({ ...DESKTOP, username: 'analyst.demo' }, async (page) => {
      await indexFacts()
      await page.getByTestId('area-nav').getByText('帮办监督').click()
      await page.waitForURL((url) => url.pathname === '/cockpit/helpdesk')
      await page.getByTestId('board-counter-active').waitFor()
      await page.getByRole('tab', { name: '考核' }).click()
      const table = page.getByTestId('assessment-table')
      await table.locator('.el-table__row').first().waitFor()
      assert.match(await table.innerText(), /陈晓帮/)
      await page.getByTestId('assessment-chart').getByTestId('assessment-bar').first().waitFor()
      await screenshot(page, 'cockpit-helpdesk')
    }))

  test('好差评: every department’s ratings, the new one among them', () =>
    withPage({ ...DESKTOP, username: 'analyst.demo' }, async (page) => {
      await indexFacts()
      await page.getByTestId('area-nav').getByText('好差评').click()
      await page.waitForURL((url) => url.pathname === '/cockpit/feedback')
      await page.getByTestId('level-bar').waitFor()
      const good = page.locator('[data-testid="rating-row"][data-level="5"]').first()
      await good.waitFor()
      const line = page.locator('.el-table__row', { has: good })
      assert.match(await line.innerText(), /企业简易注销登记[\s\S]*非常满意[\s\S]*一次就办好了/)
      await screenshot(page, 'cockpit-feedback')
    }))

  test('办不成事: the desk lists the new report', () =>
    withPage({ ...DESKTOP, username: 'analyst.demo' }, async (page) => {
      const { report } = await indexFacts()
      await page.getByTestId('area-nav').getByText('办不成事').click()
      await page.waitForURL((url) => url.pathname === '/cockpit/cant-do')
      const row = page.locator(`[data-testid="cant-do-row"][data-id="${report}"]`)
      await row.waitFor()
      assert.match(await row.innerText(), /社保卡补办/)
      await screenshot(page, 'cockpit-cant-do')
    }))

  test('政务服务指数: departments ranked, one opened with its trend and what moved it', () =>
    withPage({ ...DESKTOP, viewport: { width: 1440, height: 900 }, username: 'analyst.demo' }, async (page) => {
      const { index } = await indexFacts()
      await page.getByTestId('area-nav').getByText('政务服务指数').click()
      await page.waitForURL((url) => url.pathname === '/cockpit/service-index')
      await page.getByTestId('page-title').filter({ hasText: '政务服务指数' }).waitFor()
      assert.match(await page.getByTestId('index-weights').innerText(), /办理成效 30%[\s\S]*群众评价 20%/)

      // The ranking, best first, each with its score; the same order as the server's.
      const rows = page.getByTestId('index-row')
      await rows.first().waitFor()
      const ranked = index.items.filter((i) => i.score !== null)
      const shown = await rows.evaluateAll((els) => els.map((e) => [e.dataset.department, Number(e.dataset.rank)]))
      assert.deepEqual(shown.slice(0, ranked.length), ranked.map((i) => [i.department, i.rank]))
      const scjg = page.locator('[data-testid="index-row"][data-department="scjg"]')
      assert.match(await scjg.innerText(), /区市场监管局/)
      const score = (await scjg.getByTestId('index-score').innerText()).trim()
      assert.match(score, /^\d{1,3}\.\d$/)
      assert.equal(score, index.items.find((i) => i.department === 'scjg').score.toFixed(1))
      assert.match(await page.locator('[data-testid="index-row"][data-department="rsj"]').innerText(), /区人社局[\s\S]*\d+\.\d/)
      await page.getByTestId('index-hint').waitFor()

      // Opening a department: the score, what moved it, the trend drawn, dimensions and contributions.
      await scjg.click()
      await page.waitForURL((url) => url.searchParams.get('department') === 'scjg')
      const detail = page.getByTestId('index-detail')
      await detail.getByText('区市场监管局').first().waitFor()
      assert.equal((await detail.getByTestId('index-detail-score').innerText()).trim(), score)
      assert.match(await detail.getByTestId('index-movement').innerText(), /较上期|上期没有可比较的数据|与上期持平/)
      await expectDrawn(page, 'index-trend', BLUE, 'the index trend')
      assert.match(await detail.getByTestId('index-dimensions').innerText(), /办理成效[\s\S]*权重 30%/)
      const contributions = detail.getByTestId('index-contributions')
      await contributions.getByText('一次办成率').waitFor()
      assert.match(await contributions.innerText(), /好评率/)
      await screenshot(page, 'cockpit-service-index')

      // The period's filter reloads the ranking and keeps the department open.
      const reloaded = page.waitForResponse((r) => r.url().includes('/api/v1/cockpit/service-index?') && r.url().includes('from='))
      await page.locator('[data-period="year"]').click()
      assert.equal((await reloaded).status(), 200)
      await page.waitForURL((url) => url.searchParams.get('period') === 'year' && url.searchParams.get('department') === 'scjg')
      await detail.getByTestId('index-detail-score').waitFor()
    }))

  test('政务服务指数 fits a phone', () =>
    withPage({ ...PHONE, username: 'analyst.demo' }, async (page) => {
      await indexFacts()
      await page.goto('/cockpit/service-index')
      const row = page.locator('[data-testid="index-row"][data-department="rsj"]')
      await row.waitFor()
      await row.click()
      const detail = page.getByTestId('index-detail')
      await detail.getByTestId('index-contributions').waitFor()
      await expectDrawn(page, 'index-trend', BLUE, 'the index trend on a phone')
      const overflow = await horizontalOverflow(page)
      assert.ok(overflow <= 0, `the service index is ${overflow}px wider than the screen`)
      await screenshot(page, 'cockpit-service-index-phone')
    }))
})
