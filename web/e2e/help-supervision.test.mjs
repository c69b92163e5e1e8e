// Browser tests of 帮办 supervision against a real haoban server (see server.mjs). helper.demo goes
// online (5 seats) and six questions about SCJG-011 arrive through the API: five are assigned, the
// sixth queues. The supervisor (admin) sees both on the SLA board with their timers and the
// helper's load; the district analyst (analyst.demo) reads the board and the assessment in the
// cockpit; helper.demo records a leader's walk through a process (领导干部帮办) and follows it up to
// 已办结, which the analyst then reads. Run with `npm run build && node --test e2e/help-supervision.test.mjs`.

import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'

import { DESKTOP, PHONE, horizontalOverflow, screenshot, suiteFixture, withPage } from './browser.mjs'
import { sessions } from './sessions.mjs'

const suite = suiteFixture()
const withUser = (username, options, fn) => withPage(suite, { username, ...options }, fn)

const ITEM = 'SCJG-011'
const SEATS = 5

/** API calls from Node as a signed-in user: {status, body, text}. */
const { call } = sessions(suite)

async function ok(promise, status = 200) {
  const r = await promise
  assert.equal(r.status, status, r.text)
  return r.body
}

/** The desk staffed by helper.demo alone, with its seats full and one applicant queued. */
const desk = { active: [], queued: null }

describe('帮办监督', () => {
  before(async () => {
    const me = await ok(call('helper.demo', 'PUT', '/api/v1/help/presence', { presence: 'online' }))
    assert.equal(me.presence, 'online')
    for (let i = 0; i <= SEATS; i++) {
      const who = i % 2 ? 'person.demo' : 'enterprise.demo'
      const c = await ok(call(who, 'POST', '/api/v1/help/conversations', { text: `食品经营许可第 ${i + 1} 问`, item: ITEM }), 201)
      if (c.state === 'active') desk.active.push(c)
      else desk.queued = c
    }
    assert.equal(desk.active.length, SEATS, 'every seat of helper.demo is taken')
    assert.equal(desk.queued?.state, 'queued')
    // The helper answers the first one: it has a first response (the assessment's p90).
    await ok(
      call('helper.demo', 'POST', `/api/v1/help/conversations/${desk.active[0].id}/messages`, {
        body: '您好，请问在哪一步遇到问题？',
        client_id: 'supervision-e2e-1',
      }),
      201,
    )
  })

  test('the supervisor sees the queue, the active conversations with their SLA timers and the helper’s load', () =>
    withUser('admin', DESKTOP, async (page) => {
      const nav = page.getByTestId('area-nav')
      await nav.getByText('帮办监督').click()
      await page.waitForURL((u) => u.pathname === '/workbench/help-supervision')
      await page.getByTestId('sla-board').waitFor()

      const queued = page.locator(`[data-testid="board-queued"][data-id="${desk.queued.id}"]`)
      await queued.waitFor({ timeout: 15_000 })
      assert.match(await queued.innerText(), /第 1 位/)
      for (const c of desk.active) await page.locator(`[data-testid="board-active"][data-id="${c.id}"]`).waitFor()

      // The unanswered ones count down their first response; the answered one its next steps.
      const firstResponse = page.locator('[data-testid="board-timer"][data-kind="first_response"]')
      assert.ok((await firstResponse.count()) >= SEATS - 1, 'first-response timers of the unanswered conversations')
      assert.match(await firstResponse.first().innerText(), /首次响应 (剩|超时|截止)/)

      assert.match(await page.getByTestId('board-counter-queued').innerText(), /排队\s*1\s*人/)
      assert.match(await page.getByTestId('board-counter-active').innerText(), new RegExp(`${SEATS}\\s*个会话`))
      assert.match(await page.getByTestId('board-counter-online').innerText(), /在线帮办\s*1\s*\//)
      await page.getByTestId('board-full').waitFor()

      // helper.demo: online, every seat taken.
      const load = page.getByTestId('help-board-table').locator('.el-table__row', { hasText: '陈晓帮' })
      assert.match(await load.getByTestId('help-board-load').innerText(), new RegExp(`${SEATS} / ${SEATS}`))
      assert.equal(await load.getByTestId('help-board-presence').getAttribute('data-presence'), 'online')
      await screenshot(page, 'help-supervision-board')

      // The queued applicant gets the seat the helper frees; the board follows within its 10 s poll.
      await ok(call('helper.demo', 'POST', `/api/v1/help/conversations/${desk.active[0].id}/resolve`, { category: '办理指引' }))
      await page.locator(`[data-testid="board-active"][data-id="${desk.queued.id}"]`).waitFor({ timeout: 20_000 })
      assert.equal(await queued.count(), 0)
    }))

  test('the analyst reads the board and the assessment in the cockpit', () =>
    withUser('analyst.demo', DESKTOP, async (page) => {
      await page.getByTestId('area-nav').getByText('帮办监督').click()
      await page.waitForURL((u) => u.pathname === '/cockpit/helpdesk')
      await page.getByTestId('board-counter-active').waitFor()
      assert.equal(await page.getByTestId('live-indicator').count(), 0, 'misses are announced to the supervisor only')

      await page.getByRole('tab', { name: '考核' }).click()
      const table = page.getByTestId('assessment-table')
      await table.locator('.el-table__row').first().waitFor()
      assert.match(await table.innerText(), /陈晓帮/)
      assert.match(await page.getByTestId('assessment-csv').getAttribute('href'), /format=csv/)

      const chart = page.getByTestId('assessment-chart')
      await chart.getByTestId('assessment-bar').first().waitFor()
      assert.match(await chart.innerText(), /陈晓帮[\s\S]*分/)
      await chart.getByText('首次响应 P90').click()
      await page.locator('[data-testid="assessment-chart"][data-metric="p90"]').waitFor()
      assert.match(await chart.innerText(), /目标 60 秒/)
      await screenshot(page, 'help-supervision-assessment')

      // By unit too.
      await page.getByTestId('assessment-by').click()
      const byUnit = page.waitForResponse((r) => r.url().includes('/api/v1/help/assessment') && r.url().includes('by=unit'))
      await page.locator('.el-select-dropdown__item', { hasText: '按单位' }).click()
      assert.equal((await byUnit).status(), 200)
      await table.locator('.el-table__row').first().waitFor()
    }))

  test('a helper records a leader’s walk through a process and follows it up; the analyst reads it', async () => {
    const leader = `王建国${Date.now() % 10_000}`
    await withUser('helper.demo', DESKTOP, async (page) => {
      await page.goto('/workbench/helpdesk?tab=accompaniment')
      await page.getByTestId('accompaniments').waitFor()
      await page.getByTestId('accompaniment-new').click()
      const dialog = page.getByTestId('accompaniment-dialog')
      await dialog.getByTestId('acc-submit').click()
      // Nothing is sent while required fields are empty; each says what is missing.
      await dialog.getByText('请填写领导姓名').waitFor()

      await dialog.getByTestId('acc-leader-name').fill(leader)
      await dialog.getByTestId('acc-leader-title').fill('副区长')
      await dialog.getByTestId('acc-unit').fill('区政府')
      await dialog.getByTestId('acc-item').fill(ITEM)
      await dialog.getByTestId('acc-process').fill('以企业经办人身份在网上申请食品经营许可，从事项指南进入，填写申请表并上传材料。')
      await dialog.getByTestId('acc-problem').first().fill('材料清单与窗口要求不一致')
      await dialog.getByTestId('acc-problem-add').click()
      await dialog.getByTestId('acc-problem').nth(1).fill('场地证明的上传说明不清楚')
      const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/help/accompaniments') && r.request().method() === 'POST')
      await dialog.getByTestId('acc-submit').click()
      const res = await created
      assert.equal(res.status(), 201, await res.text())
      const record = await res.json()
      assert.deepEqual(record.problems, ['材料清单与窗口要求不一致', '场地证明的上传说明不清楚'])
      assert.equal(record.status, 'open')

      const card = page.locator(`[data-testid="accompaniment"][data-id="${record.id}"]`)
      await card.waitFor()
      assert.match(await card.getByTestId('accompaniment-status').innerText(), /待整改/)
      assert.match(await card.innerText(), /场地证明的上传说明不清楚/)

      // Closing needs what was done.
      await card.getByTestId('accompaniment-follow').click()
      const follow = page.getByTestId('follow-dialog')
      await follow.getByTestId('follow-status').getByText('已办结').click()
      await follow.getByTestId('follow-submit').click()
      await follow.getByText('办结前请填写整改情况').waitFor()
      const FOLLOW_UP = '已统一网上与窗口的材料清单，场地证明增加填写示例。'
      await follow.getByTestId('follow-text').fill(FOLLOW_UP)
      const patched = page.waitForResponse((r) => r.url().endsWith(`/api/v1/help/accompaniments/${record.id}`) && r.request().method() === 'PATCH')
      await follow.getByTestId('follow-submit').click()
      const patchRes = await patched
      assert.equal(patchRes.status(), 200, await patchRes.text())
      assert.equal((await patchRes.json()).status, 'done')
      await page.locator(`[data-testid="accompaniment"][data-id="${record.id}"][data-status="done"]`).waitFor()
      assert.match(await card.getByTestId('accompaniment-follow-up').innerText(), /材料清单/)

      // The status filter.
      await page.getByTestId('accompaniment-status-filter').getByText(/待整改/).click()
      assert.equal(await card.count(), 0)
      await page.getByTestId('accompaniment-status-filter').getByText(/已办结/).click()
      await card.waitFor()
      await screenshot(page, 'help-accompaniment')
    })

    await withUser('analyst.demo', PHONE, async (page) => {
      await page.goto('/cockpit/helpdesk?tab=accompaniment')
      const card = page.locator('[data-testid="accompaniment"][data-status="done"]', { hasText: leader })
      await card.waitFor()
      assert.equal(await page.getByTestId('accompaniment-new').count(), 0, 'analysts read only')
      assert.equal(await card.getByTestId('accompaniment-follow').count(), 0)
      assert.equal(await horizontalOverflow(page), 0)
      await screenshot(page, 'help-accompaniment-phone')
    })
  })
})
