// Browser tests of 帮办 (online human help) against a real haoban server (see server.mjs): helper.demo
// opens the console and goes online; enterprise.demo asks from item SCJG-011's guide; the helper
// sees the conversation, answers; the applicant sees the answer live (no reload), the helper
// resolves with a category, the applicant confirms and rates 5; the assessment lists the helper.
// Also the panel on a phone. Run with `npm run build && node --test e2e/help.test.mjs`.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { DESKTOP, horizontalOverflow, PHONE, screenshot, suiteFixture, withPage } from './browser.mjs'

const suite = suiteFixture()
const withUser = (username, options, fn) => withPage(suite, { username, ...options }, fn)

const ITEM = 'SCJG-011'
const QUESTION = '食品经营许可的场地证明要提供原件吗？'
const ANSWER = '提供复印件并加盖公章即可，现场核验时出示原件。'

describe('帮办', () => {
  test('a question from the guide is answered live, resolved, confirmed and rated; the assessment counts it', () =>
    withUser('helper.demo', DESKTOP, async (helper) => {
      await helper.goto('/workbench/helpdesk')
      await helper.getByTestId('help-console').waitFor()
      const online = helper.waitForResponse((r) => r.url().endsWith('/api/v1/help/presence') && r.request().method() === 'PUT')
      await helper.locator('[data-testid="help-presence"] [data-presence="online"]').click()
      assert.equal((await (await online).json()).presence, 'online')

      await withUser('enterprise.demo', DESKTOP, async (applicant) => {
        await applicant.goto(`/portal/guide/items/${ITEM}`)
        await applicant.getByTestId('page-title').waitFor()
        await applicant.getByTestId('help-fab').click()
        await applicant.getByTestId('help-welcome').waitFor()
        assert.match(await applicant.getByTestId('help-welcome').innerText(), new RegExp(ITEM))

        const opened = applicant.waitForResponse(
          (r) => r.url().endsWith('/api/v1/help/conversations') && r.request().method() === 'POST',
        )
        await applicant.getByTestId('help-input').fill(QUESTION)
        await applicant.getByTestId('help-send').click()
        const res = await opened
        assert.equal(res.status(), 201)
        const conv = await res.json()
        assert.equal(conv.item, ITEM)
        assert.equal(conv.state, 'active', JSON.stringify(conv))
        await applicant.locator('[data-testid="help-status"][data-state="active"]').waitFor()
        await applicant.locator('[data-testid="help-message"][data-sender="applicant"]', { hasText: QUESTION }).waitFor()

        // The helper sees it arrive (live), opens it with its context and answers.
        const row = helper.locator(`[data-testid="help-conversation"][data-id="${conv.id}"]`)
        await row.waitFor({ timeout: 15_000 })
        await row.click()
        await helper.locator('[data-testid="help-thread-message"][data-sender="applicant"]', { hasText: QUESTION }).waitFor()
        assert.match(await helper.getByTestId('help-context').innerText(), new RegExp(ITEM))
        await helper.getByTestId('help-reply').fill(ANSWER)
        await helper.getByTestId('help-reply-send').click()
        await helper.locator('[data-testid="help-thread-message"][data-sender="helper"]', { hasText: ANSWER }).waitFor()

        // A canned phrase and a knowledge-base citation go into the reply box to be edited, not sent.
        await helper.getByTestId('help-canned').click()
        await helper.locator('.el-dropdown-menu__item', { hasText: '稍等' }).click()
        assert.match(await helper.getByTestId('help-reply').inputValue(), /请稍等/)
        await helper.getByTestId('help-kb').click()
        await helper.getByTestId('help-kb-query').fill('食品经营许可')
        await helper.getByTestId('help-kb-search').click()
        await helper.getByTestId('help-kb-hit').first().click()
        const draft = await helper.getByTestId('help-reply').inputValue()
        assert.match(draft, /请稍等。\n【.+】[\s\S]*详见：.*\/portal\/knowledge\/\d+/)
        await helper.getByTestId('help-reply').fill('')

        // The applicant's panel shows the answer without a reload.
        await applicant.locator('[data-testid="help-message"][data-sender="helper"]', { hasText: ANSWER }).waitFor()
        await screenshot(applicant, 'help-applicant-answered')

        // Resolved with a category.
        await helper.getByTestId('help-category').click()
        await helper.locator('.el-select-dropdown__item', { hasText: '办理指引' }).click()
        const resolved = helper.waitForResponse((r) => r.url().endsWith(`/conversations/${conv.id}/resolve`))
        await helper.getByTestId('help-resolve').click()
        assert.equal((await resolved).status(), 200)
        await screenshot(helper, 'help-console-resolved')

        // The applicant confirms and rates 5, once.
        await applicant.getByTestId('help-resolved').waitFor()
        const confirmed = applicant.waitForResponse((r) => r.url().endsWith(`/conversations/${conv.id}/confirm`))
        await applicant.getByTestId('help-confirm').click()
        assert.equal((await confirmed).status(), 200)
        await applicant.getByTestId('help-rating').waitFor()
        const rated = applicant.waitForResponse((r) => r.url().endsWith(`/conversations/${conv.id}/rating`))
        await applicant.getByTestId('help-rate').locator('.el-rate__item').nth(4).click()
        const ratedBody = await (await rated).json()
        assert.equal(ratedBody.rating, 5)
        await applicant.getByTestId('help-rated').waitFor()
        assert.match(await applicant.getByTestId('help-rated').innerText(), /5 星/)
        assert.equal(await applicant.getByTestId('help-rating').count(), 0)

        // A reload resumes the conversation from sessionStorage.
        await applicant.reload()
        await applicant.locator('[data-testid="help-message"][data-sender="helper"]', { hasText: ANSWER }).waitFor()
        await applicant.locator('[data-testid="help-status"][data-state="closed"]').waitFor()
      })

      // 考核: the helper's row for this month.
      await helper.getByRole('tab', { name: '考核' }).click()
      const table = helper.getByTestId('assessment-table')
      await table.locator('.el-table__row').first().waitFor()
      assert.ok((await table.locator('.el-table__row').count()) >= 1)
      assert.match(await helper.getByTestId('assessment-csv').getAttribute('href'), /format=csv/)
      await helper.getByRole('tab', { name: '帮办看板' }).click()
      await helper.getByTestId('help-board-table').locator('.el-table__row').first().waitFor()
      await screenshot(helper, 'help-assessment')
    }))

  test('the panel fills a phone screen', () =>
    withUser('enterprise.demo', PHONE, async (page) => {
      await page.goto(`/portal/guide/items/${ITEM}`)
      await page.getByTestId('page-title').waitFor()
      await page.getByTestId('help-fab').click()
      const panel = page.getByTestId('help-panel')
      await panel.waitFor()
      await page.getByTestId('help-input').waitFor()
      const drawer = await page.getByTestId('help-drawer').boundingBox()
      assert.ok(drawer && drawer.width >= 370, `drawer width ${drawer?.width}`)
      assert.equal(await horizontalOverflow(page), 0)
      await screenshot(page, 'help-phone')
    }))
})
