// Browser tests of 帮办 (online human help) against a real haoban server (see server.mjs): helper.demo
// opens the console and goes online; enterprise.demo asks from item SCJG-011's guide; the helper
// sees the conversation, answers; the applicant sees the answer live (no reload), the helper
// resolves with a category, the applicant confirms and rates 5; the assessment lists the helper.
// The chat's extras: 对方正在输入… both ways, 已读 / 未读 under one's own messages, an image shown
// inline (enlarged on click) and a PDF as a download, files refused before upload (too large, wrong
// type) and by the server (content that is not what its name says), 标记为有效答案 → 已提交知识库.
// Also the panel on a phone. Run with `npm run build && node --test e2e/help.test.mjs`.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { api, DESKTOP, horizontalOverflow, PHONE, screenshot, suiteFixture, withPage } from './browser.mjs'

const suite = suiteFixture()
const withUser = (username, options, fn) => withPage(suite, { username, ...options }, fn)

const ITEM = 'SCJG-011'
const QUESTION = '食品经营许可的场地证明要提供原件吗？'
const ANSWER = '提供复印件并加盖公章即可，现场核验时出示原件。'
// A 2×2 PNG and the smallest PDF the server recognises.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP4z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  'base64',
)
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n')

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

  test('typing, read receipts, images and files, and an effective answer for the knowledge base', () =>
    withUser('helper.demo', DESKTOP, async (helper) => {
      assert.equal((await api(helper, 'PUT', '/api/v1/help/presence', { presence: 'online' })).status, 200)
      await helper.goto('/workbench/helpdesk')
      await helper.locator('[data-testid="help-presence"] [data-presence="online"].is-active').waitFor()

      await withUser('enterprise.demo', DESKTOP, async (applicant) => {
        await applicant.goto(`/portal/guide/items/${ITEM}`)
        await applicant.getByTestId('page-title').waitFor()
        await applicant.getByTestId('help-fab').click()
        const opened = applicant.waitForResponse(
          (r) => r.url().endsWith('/api/v1/help/conversations') && r.request().method() === 'POST',
        )
        await applicant.getByTestId('help-input').fill('经营场所的租赁合同需要备案吗？')
        await applicant.getByTestId('help-send').click()
        const conv = await (await opened).json()
        const mine = applicant.locator('[data-testid="help-message"][data-sender="applicant"]').first()
        await mine.waitFor()
        assert.equal(await mine.getByTestId('chat-receipt').innerText(), '未读')

        // The helper opens it: the applicant's question turns 已读.
        await helper.locator(`[data-testid="help-conversation"][data-id="${conv.id}"]`).click({ timeout: 15_000 })
        await helper.locator('[data-testid="help-thread-message"][data-sender="applicant"]').first().waitFor()
        await mine.getByTestId('chat-receipt').getByText('已读').waitFor()

        // 对方正在输入… both ways.
        await applicant.getByTestId('help-input').fill('还有一个问题')
        await helper.getByTestId('help-typing').waitFor()
        assert.equal(await helper.getByTestId('help-typing').innerText(), '对方正在输入…')
        await applicant.getByTestId('help-input').fill('')
        await helper.getByTestId('help-reply').fill('租赁合同')
        await applicant.getByTestId('help-typing').waitFor()
        // The hint goes after a few seconds without typing.
        await applicant.getByTestId('help-typing').waitFor({ state: 'detached', timeout: 8_000 })

        // The helper's answer: read once the applicant's open panel shows it.
        await helper.getByTestId('help-reply').fill(ANSWER)
        await helper.getByTestId('help-reply-send').click()
        const answer = helper.locator('[data-testid="help-thread-message"][data-sender="helper"]', { hasText: ANSWER })
        await answer.waitFor()
        await applicant.locator('[data-testid="help-message"][data-sender="helper"]', { hasText: ANSWER }).waitFor()
        await answer.getByTestId('chat-receipt').getByText('已读').waitFor()

        // An image goes inline on both sides and enlarges on a click; a PDF is a download.
        await applicant.getByTestId('chat-file-input').setInputFiles({ name: '营业执照.png', mimeType: 'image/png', buffer: PNG })
        const image = helper.locator('[data-testid="help-thread-message"][data-sender="applicant"] [data-testid="chat-image"] img')
        await image.waitFor()
        await helper.waitForFunction((el) => el.complete && el.naturalWidth > 0, await image.elementHandle())
        await applicant.locator('[data-testid="help-message"] [data-testid="chat-image"]').waitFor()
        await image.click()
        await helper.locator('.el-image-viewer__wrapper').waitFor()
        await helper.keyboard.press('Escape')
        await helper.locator('.el-image-viewer__wrapper').waitFor({ state: 'detached' })

        await applicant.getByTestId('chat-file-input').setInputFiles({ name: '租赁合同.pdf', mimeType: 'application/pdf', buffer: PDF })
        const chip = helper.locator('[data-testid="chat-file"]', { hasText: '租赁合同.pdf' })
        await chip.waitFor()
        assert.match(await chip.innerText(), /PDF · \d+ B/)
        const href = await chip.getAttribute('href')
        const got = await helper.evaluate(async (u) => {
          const r = await fetch(u)
          return { status: r.status, type: r.headers.get('content-type'), head: (await r.text()).slice(0, 5) }
        }, href)
        assert.deepEqual(got, { status: 200, type: 'application/pdf', head: '%PDF-' })

        // Refused before uploading, with the reason…
        await applicant.getByTestId('chat-file-input').setInputFiles({
          name: '扫描件.pdf',
          mimeType: 'application/pdf',
          buffer: Buffer.alloc(5 * 1024 * 1024 + 1, 0x25),
        })
        assert.match(await applicant.getByTestId('help-file-error').innerText(), /超过 5 MB/)
        await applicant.getByTestId('chat-file-input').setInputFiles({ name: '说明.txt', mimeType: 'text/plain', buffer: Buffer.from('x') })
        assert.match(await applicant.getByTestId('help-file-error').innerText(), /不支持「说明.txt」的文件类型/)
        // …and by the server, when the content is not what the name says.
        await applicant.getByTestId('chat-file-input').setInputFiles({ name: '照片.png', mimeType: 'image/png', buffer: Buffer.from('not a png') })
        const failed = applicant.locator('[data-testid="help-outgoing"][data-state="failed"]')
        await failed.waitFor()
        assert.match(await failed.innerText(), /不支持的文件类型/)
        await failed.getByTestId('help-discard').click()
        assert.equal(await applicant.locator('[data-testid="help-outgoing"]').count(), 0)
        await screenshot(applicant, 'help-files')

        // 标记为有效答案: a candidate for the knowledge base, shown as submitted.
        const effective = helper.waitForResponse((r) => /\/messages\/\d+\/effective$/.test(r.url()))
        await answer.getByTestId('help-effective').click()
        const res = await effective
        assert.equal(res.status(), 201)
        assert.ok((await res.json()).task > 0)
        await answer.getByTestId('help-kb-submitted').waitFor()
        assert.equal(await answer.getByTestId('help-effective').count(), 0)
        await screenshot(helper, 'help-console-files')
      })
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

  test('an item without online help says so and offers to ask without it', () =>
    withUser('person.demo', DESKTOP, async (page) => {
      await page.goto('/portal/guide/items/CL-001')
      await page.getByTestId('page-title').waitFor()
      await page.getByTestId('help-fab').click()
      await page.getByTestId('help-input').fill('这个事项可以网上咨询吗？')
      await page.getByTestId('help-send').click()
      const notice = page.getByTestId('help-no-item-help')
      await notice.waitFor()
      assert.match(await notice.innerText(), /暂未开通在线帮办/)
      const opened = page.waitForResponse((r) => r.url().endsWith('/api/v1/help/conversations') && r.request().method() === 'POST')
      await page.getByTestId('help-ask-without-item').click()
      const c = await (await opened).json()
      assert.equal(c.item, '', 'asked without the item')
      assert.ok(['active', 'queued', 'unstaffed'].includes(c.state), c.state)
    }))

  test('when every seat is taken the applicant sees their place, then is served as a seat frees', () =>
    withUser('helper.demo', DESKTOP, async (helper) => {
      await helper.goto('/workbench/helpdesk')
      await helper.getByTestId('help-console').waitFor()
      assert.equal((await api(helper, 'PUT', '/api/v1/help/presence', { presence: 'online' })).status, 200)
      const me = (await api(helper, 'GET', '/api/v1/help/helpers')).body.items.find((h) => h.username === 'helper.demo')
      const fillers = []
      await withUser('enterprise.demo', DESKTOP, async (other) => {
        await other.goto('/portal')
        // Take every free seat of helper.demo (the only helper online) with other questions.
        for (let i = me.active; i < me.seats; i++) {
          const c = await api(other, 'POST', '/api/v1/help/conversations', { item: ITEM, text: `占用座席的问题 ${i}` })
          assert.equal(c.status, 201)
          assert.equal(c.body.state, 'active', JSON.stringify(c.body))
          fillers.push(c.body.id)
        }
      })
      await withUser('person.demo', PHONE, async (applicant) => {
        await applicant.goto(`/portal/guide/items/${ITEM}`)
        await applicant.getByTestId('page-title').waitFor()
        await applicant.getByTestId('help-fab').click()
        await applicant.getByTestId('help-input').fill('所有帮办都忙时我要等多久？')
        await applicant.getByTestId('help-send').click()
        const status = applicant.locator('[data-testid="help-status"][data-state="queued"]')
        await status.waitFor()
        assert.match(await status.innerText(), /下一位|前面还有/)
        await screenshot(applicant, 'help-queued-phone')

        // A seat frees: the helper resolves one question and is given the queued one at once.
        const resolved = await api(helper, 'POST', `/api/v1/help/conversations/${fillers[0]}/resolve`, { category: '办理指引' })
        assert.equal(resolved.status, 200)
        await api(helper, 'PUT', '/api/v1/help/presence', { presence: 'online' })
        await applicant.locator('[data-testid="help-status"][data-state="active"]').waitFor({ timeout: 15_000 })
      })
      for (const id of fillers.slice(1)) await api(helper, 'POST', `/api/v1/help/conversations/${id}/resolve`, { category: '办理指引' })
    }))
})
