// Browser tests of the verifiable ledger's pages against a real haoban server (see server.mjs): the
// administrator's 系统管理 (账本与存证: size, keys, no witness configured, audit sealing) and a
// resident's 我的存证 (empty state, verify instructions with the log key, receipts, errors).
// The demo seed seals the audit log, so the ledger holds at least one entry; no witness is configured.
// Run with `npm run build && npm run test:e2e`.

import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { describe, test } from 'node:test'

import { DESKTOP, PHONE, screenshot as saveScreenshot, suiteFixture, withPage } from './browser.mjs'

const suite = suiteFixture()
/** A full-page screenshot taken from the top. */
async function screenshot(page, name) {
  await page.evaluate(() => window.scrollTo(0, 0))
  await saveScreenshot(page, name)
}
/** Runs fn with a fresh context logged in as `username`. */
const withUser = (username, options, fn) => withPage(suite, { username, ...options }, fn)

/** GET a JSON API path with the page's session cookie. */
function apiGet(page, path) {
  return page.evaluate(async (p) => {
    const res = await fetch(p, { headers: { Accept: 'application/json' } })
    return { status: res.status, body: await res.json() }
  }, path)
}

async function horizontalOverflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
}

const atPath = (pathname) => (url) => url.pathname === pathname

describe('系统管理 (admin)', () => {
  test('shows the ledger size, keys, the missing witness and audit sealing', () =>
    withUser('admin', DESKTOP, async (page) => {
      await page.waitForURL(atPath('/workbench/admin'))
      await page.getByTestId('page-title').filter({ hasText: '系统管理' }).waitFor()
      const card = page.getByTestId('ledger-status')
      await card.getByText('账本与存证').waitFor()

      const size = Number(await card.getByTestId('ledger-size').innerText())
      assert.ok(Number.isInteger(size) && size >= 1, `ledger size ${size}: the seed seals the audit log`)
      assert.match(await card.getByTestId('hash-alg').innerText(), /SM3/)
      assert.ok(Number(await card.getByTestId('audit-seals').innerText()) >= 1)
      assert.match(await card.getByTestId('sealed-through').innerText(), /审计日志第 \d+ 条/)

      // The same log key the API reports; the shortened root and key carry the full value as a title.
      const status = await apiGet(page, '/api/v1/ledger/status')
      assert.equal(status.status, 200)
      assert.equal(await card.getByTestId('log-key').getAttribute('title'), status.body.log_key)
      assert.match((await card.getByTestId('ledger-root').getAttribute('title')) ?? '', /^[0-9a-f]{64}$/)

      const witness = card.getByTestId('witness-state')
      assert.equal(await witness.getAttribute('data-state'), 'none')
      assert.equal((await witness.innerText()).trim(), '未配置见证方')
      await card.getByText('未配置独立见证方').waitFor()

      // The other administration functions are announced, not gone.
      const coming = page.getByTestId('admin-coming')
      for (const name of ['账号管理', '部门与角色', '审计日志']) await coming.getByText(name, { exact: true }).waitFor()
      assert.equal(await coming.getByText('建设中').count(), 3)

      await screenshot(page, 'admin-ledger')
    }))

  test('copies the log key', () =>
    withUser('admin', { ...DESKTOP, permissions: ['clipboard-read', 'clipboard-write'] }, async (page) => {
      const key = page.getByTestId('ledger-status').getByTestId('log-key')
      await key.waitFor()
      await page.getByRole('button', { name: '复制日志公钥' }).click()
      await page.locator('.el-message').filter({ hasText: '已复制日志公钥' }).waitFor()
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), await key.getAttribute('title'))
    }))

  test('is usable on a phone (375 px)', () =>
    withUser('admin', PHONE, async (page) => {
      await page.getByTestId('ledger-status').getByTestId('ledger-size').waitFor()
      const overflow = await horizontalOverflow(page)
      assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`)
      await screenshot(page, 'admin-ledger-phone')
    }))

  test('a load failure shows the server’s message and a retry', () =>
    withUser('admin', DESKTOP, async (page) => {
      await page.getByTestId('ledger-status').getByTestId('ledger-size').waitFor()
      await page.route('**/api/v1/ledger/status', (route) =>
        route.fulfill({
          status: 503,
          contentType: 'application/problem+json',
          body: JSON.stringify({ title: '账本暂时不可用', status: 503 }),
        }),
      )
      await page.goto('/workbench/admin')
      const card = page.getByTestId('ledger-status')
      await card.getByText('账本状态加载失败：账本暂时不可用').waitFor()
      await page.unroute('**/api/v1/ledger/status')
      await card.getByRole('button', { name: '重试' }).click()
      await card.getByTestId('ledger-size').waitFor()
    }))
})

describe('我的存证 (person.demo)', () => {
  test('lists the seeded materials with receipts that download', () =>
    withUser('person.demo', DESKTOP, async (page) => {
      await page.waitForURL(atPath('/portal'))
      await page.getByTestId('area-nav').getByText('我的存证').click()
      await page.waitForURL(atPath('/portal/records'))
      await page.getByTestId('page-title').filter({ hasText: '我的存证' }).waitFor()
      const mine = await apiGet(page, '/api/v1/ledger/entries')
      assert.equal(mine.status, 200)
      assert.ok(mine.body.items.length > 0, 'the seed gives person.demo materials')
      const list = page.getByTestId('records-list')
      await list.waitFor()
      const rows = list.locator('.record')
      assert.equal(await rows.count(), mine.body.items.length)
      await rows.filter({ hasText: '材料入库' }).first().waitFor()
      const newest = Math.max(...mine.body.items.map((e) => e.index))
      assert.match(await page.getByTestId('verify-command').innerText(), new RegExp(`verify-receipt haoban-${newest}\\.tlog-proof --key `))
      await screenshot(page, 'portal-records-list')

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator(`.record[data-index="${newest}"]`).getByTestId('download-receipt').click(),
      ])
      assert.equal(download.suggestedFilename(), `haoban-${newest}.tlog-proof`)
      assert.match(await readFile(await download.path(), 'utf8'), new RegExp(`^c2sp\\.org/tlog-proof@v1\\nextra \\S+\\nindex ${newest}\\n`))
      await page.locator('.el-message').filter({ hasText: `回执已下载：haoban-${newest}.tlog-proof` }).waitFor()
    }))

  test('with no entries: the empty state, the ledger size and how to verify with the log key', () =>
    withUser('person.demo', { ...DESKTOP, permissions: ['clipboard-read', 'clipboard-write'] }, async (page) => {
      // A resident who never submitted anything: the same answer with no items.
      const real = await apiGet(page, '/api/v1/ledger/entries')
      await page.route('**/api/v1/ledger/entries', (route) => route.fulfill({ json: { ...real.body, items: [] } }))
      await page.goto('/portal/records')
      const logKey = real.body.log_key
      assert.ok(logKey.startsWith(`${real.body.origin}+`), logKey)

      const empty = page.getByTestId('records-empty')
      await empty.getByText('暂无存证记录').waitFor()
      await empty.getByText('免于重复提交').waitFor()
      assert.equal(await page.getByTestId('download-receipt').count(), 0)

      const size = Number.parseInt(await page.getByTestId('ledger-size').innerText(), 10)
      assert.ok(size >= 1, `ledger size ${size}`)
      // No witness is configured, so the checkpoint carries only the log's own signature.
      await page.getByTestId('witness-status').locator('[data-witness="none"]').waitFor()

      const verify = page.getByTestId('verify')
      await verify.getByText('如何验证').waitFor()
      const command = (await verify.getByTestId('verify-command').innerText()).trim()
      assert.equal(command, `haoban ledger verify-receipt haoban-<序号>.tlog-proof --key ${logKey}`)
      assert.equal((await verify.getByTestId('log-key').innerText()).trim(), logKey)

      await verify.getByRole('button', { name: '复制验证命令' }).click()
      await page.locator('.el-message').filter({ hasText: '已复制验证命令' }).waitFor()
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), command)

      await screenshot(page, 'portal-records-empty')
    }))

  test('a refused receipt shows the server’s reason', () =>
    withUser('person.demo', DESKTOP, async (page) => {
      // Entry 0 is real (the district's audit seal), not the person's: its receipt is refused (403).
      const real = await apiGet(page, '/api/v1/ledger/entries')
      await page.route('**/api/v1/ledger/entries', (route) =>
        route.fulfill({
          json: {
            ...real.body,
            items: [{ index: 0, kind: 'material.create', id: 'mat-7f3a9c', content: 'ab'.repeat(32), category: 'id_card', application: '', time: '2026-11-20T02:15:00Z' }],
          },
        }),
      )
      await page.goto('/portal/records')
      await page.getByTestId('records-list').locator('.record').first().getByText('2026-11-20 10:15').waitFor()
      await page.getByTestId('download-receipt').first().click()
      await page.locator('.el-message').filter({ hasText: '回执下载失败：无权执行此操作' }).waitFor()
    }))

  test('a load failure shows the server’s message and a retry', () =>
    withUser('person.demo', DESKTOP, async (page) => {
      await page.route('**/api/v1/ledger/entries', (route) =>
        route.fulfill({
          status: 503,
          contentType: 'application/problem+json',
          body: JSON.stringify({ title: '账本暂时不可用', status: 503 }),
        }),
      )
      await page.goto('/portal/records')
      const alert = page.getByTestId('records-error')
      await alert.getByText('存证加载失败：账本暂时不可用').waitFor()
      assert.equal(await page.getByTestId('records-empty').count(), 0)
      await page.unroute('**/api/v1/ledger/entries')
      await alert.getByRole('button', { name: '重试' }).click()
      await page.getByTestId('records-list').waitFor()
      await alert.waitFor({ state: 'detached' })
    }))

  test('is usable on a phone (375 px)', () =>
    withUser('person.demo', PHONE, async (page) => {
      await page.goto('/portal/records')
      await page.getByTestId('records-list').waitFor()
      await page.getByTestId('verify-command').waitFor()
      const overflow = await horizontalOverflow(page)
      assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`)
      await screenshot(page, 'portal-records-phone')
    }))

  test('the administrators’ status stays closed to residents', () =>
    withUser('person.demo', DESKTOP, async (page) => {
      assert.equal((await apiGet(page, '/api/v1/ledger/status')).status, 403)
      await page.goto('/workbench/admin')
      await page.waitForURL(atPath('/portal'))
    }))
})
