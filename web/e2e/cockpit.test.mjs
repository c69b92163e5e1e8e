// Browser tests of the cockpit (驾驶舱) against a real haoban server (see server.mjs). analyst.demo
// opens 数据总览 on the demo district, where nothing has been decided this month (一次办成率 暂无数据);
// enterprise.demo's SCJG-004 application is filed, accepted and approved through the API, and the
// open page refreshes by itself once the server has synced its facts (every 5 s, cockpit.updated):
// the card shows a value with 目标 > 90% and 达标, the numerator and denominator on hover, the
// definition on ⓘ, a gauge drawn green. The card opens the indicator: the trend and department
// charts are drawn on their canvases (the met colour among their pixels), the item table and the
// rows behind the number list the application, and the 未一次办成 filter leaves it out. An
// indicator without data says so instead of drawing zeros. The overview and the detail fit 375 px.
// Run with `npm run build && node --test e2e/cockpit.test.mjs`.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { DESKTOP, PASSWORD, PHONE, horizontalOverflow, screenshot, suiteFixture, withPage as withSuitePage } from './browser.mjs'

const suite = suiteFixture()
const withPage = (options, fn) => withSuitePage(suite, options, fn)

/** The colour of a met target on the charts (src/cockpit/charts.ts COLORS.met). */
const MET = [0x1f, 0x9d, 0x55]

/** API calls from Node as a signed-in user (a bearer token per user). */
const tokens = {}
async function call(username, method, path, body) {
  const base = suite.server.baseURL
  if (!tokens[username]) {
    const res = await fetch(`${base}/api/v1/sessions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password: PASSWORD }),
    })
    assert.equal(res.status, 201, `login as ${username}`)
    tokens[username] = (await res.json()).token
  }
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { Authorization: `Bearer ${tokens[username]}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  })
  const text = await res.text()
  assert.ok(res.status < 300, `${method} ${path} as ${username}: ${res.status} ${text}`)
  return text ? JSON.parse(text) : null
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
