// Browser test of 政策编写 against a real haoban server with the demo seed: policy.demo opens the
// tab, loads a published policy's file, sees it check clean (progress while the first check reads
// the district's data), widens its headcount thresholds and breaks one of its tests, and sees the
// failing test and the enterprises gained; a broken expression is listed with its line and a click
// puts the caret there. Run with `npm run build && npm run test:e2e`.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { DESKTOP, screenshot, suiteFixture, withPage } from './browser.mjs'

const suite = suiteFixture()
const POLICY = 'BS-2026-FEE-CJBZJ'
const delay = (ms) => new Promise((r) => setTimeout(r, ms))

describe('政策编写', () => {
  test('policy.demo edits a policy and sees its failing test and its change impact', () =>
    withPage(suite, { username: 'policy.demo', ...DESKTOP, timezoneId: 'Asia/Shanghai' }, async (page) => {
      await page.waitForURL((url) => url.pathname === '/workbench/policies')
      await page.getByRole('tab', { name: '政策编写' }).click()
      await page.waitForURL((url) => url.searchParams.get('tab') === 'authoring')
      const editor = page.getByTestId('policy-editor')
      await editor.getByText('发布需提交定义文件并经审核').waitFor()

      // The date the impact is evaluated on: within the policy's effective year.
      const date = page.getByTestId('editor-as-of').locator('input')
      await date.fill('2026-11-27')
      await date.press('Enter')

      // Start from the published policy; the first check is slowed so its progress shows.
      await page.getByTestId('editor-start').click()
      await page.keyboard.type(POLICY)
      await page.locator('.el-select-dropdown__item', { hasText: POLICY }).click()
      await page.route('**/api/v1/policy-drafts/check', async (route) => {
        await delay(800)
        await route.continue()
      })
      await page.getByTestId('editor-load').click()
      await page.getByTestId('editor-progress').waitFor()
      await page.getByTestId('editor-no-errors').waitFor({ timeout: 60_000 })
      await page.unroute('**/api/v1/policy-drafts/check')
      const textarea = page.getByTestId('editor-text')
      const source = await textarea.inputValue()
      assert.match(source, new RegExp(`^id: ${POLICY}$`, 'm'))
      assert.equal(await page.locator('[data-testid="editor-test"][data-passed="false"]').count(), 0)
      assert.ok((await page.locator('[data-testid="editor-test"][data-passed="true"]').count()) >= 3)
      assert.equal((await page.getByTestId('impact-gained').innerText()).trim(), '0')

      // Wider thresholds and a test that now expects another amount: typed, then checked a second
      // after typing stops.
      const expect = source.match(/expect: \{outcome: eligible, amount: "([\d.]+)"/)
      assert.ok(expect, 'the policy has a test expecting an amount')
      const edited = source
        .replace('min_employees: {2026-01-01: 10}', 'min_employees: {2026-01-01: 1}')
        .replace('max_employees: {2026-01-01: 30}', 'max_employees: {2026-01-01: 100000}')
        .replace(expect[0], 'expect: {outcome: eligible, amount: "1"')
      assert.notEqual(edited, source)
      await textarea.fill(edited)
      const failing = page.locator('[data-testid="editor-test"][data-passed="false"]')
      await failing.first().waitFor({ timeout: 30_000 })
      // The amount expected, and the tests of 31 and 6 staff that the wider thresholds now make eligible.
      await failing.filter({ hasText: `expected amount 1, got ${expect[1]}` }).waitFor()
      assert.ok((await failing.count()) >= 1)
      await page.waitForFunction(() => Number(document.querySelector('[data-testid="impact-gained"]')?.textContent ?? 0) > 0)
      const gained = Number((await page.getByTestId('impact-gained').innerText()).trim())
      assert.ok(gained > 0)
      assert.equal((await page.getByTestId('impact-lost').innerText()).trim(), '0')
      assert.match(await page.getByTestId('impact-amount').innerText(), /兑现总额 .*元 → .*元/)
      const samples = page.getByTestId('impact-sample')
      assert.ok((await samples.count()) >= 1)
      assert.equal(await samples.first().getAttribute('data-change'), 'gain')
      assert.match(await samples.first().innerText(), /新增/)
      await screenshot(page, 'policy-authoring-impact')

      // A broken expression: listed with its line; a click puts the caret on that line.
      const line = edited.split('\n').findIndex((l) => l.includes('enterprise.employees >= params.min_employees')) + 1
      await textarea.fill(edited.replace('enterprise.employees >= params.min_employees', 'enterprise.employes >= params.min_employees'))
      const error = page.locator(`[data-testid="editor-error"][data-line="${line}"]`)
      await error.waitFor({ timeout: 30_000 })
      assert.match(await error.innerText(), new RegExp(`第 ${line} 行`))
      await page.getByTestId('editor-errors').getByText('employes').waitFor()
      await error.click()
      const caretLine = await textarea.evaluate((el) => el.value.slice(0, el.selectionStart).split('\n').length)
      assert.equal(caretLine, line)
      await screenshot(page, 'policy-authoring-error')
    }))
})
