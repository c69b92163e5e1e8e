// Browser tests of 好差评 against a real haoban server (see server.mjs). enterprise.demo's SCJG-004
// application is filed, accepted and approved through the API; on a phone the enterprise rates it
// 非常不满意 with a tag and a text, which opens a rectification task. approver.scjg finds the task in
// 好差评 → 整改任务 and records 回访, 核实 and 整改 in its drawer; the enterprise's page follows live
// and the enterprise confirms 满意, closing the task with every step on the timeline. clerk.scjg
// records a counter visit, the pad link opens in a fresh (signed-out) phone, rates 满意 anonymously,
// and the 评价 tab lists it; a wrong token shows 无效的评价链接. The data bureau's analyst reads the
// ratings with masked names in the cockpit and decides appeals (one decided meanwhile by the
// administrator: the drawer says so). Run with `npm run build && node --test e2e/feedback.test.mjs`.

import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'

import { DESKTOP, PHONE, horizontalOverflow, screenshot, suiteFixture } from './browser.mjs'
import { ok, sessions } from './sessions.mjs'

const suite = suiteFixture()
const { call, open, withFailureContext } = sessions(suite)

const PHONE_NUMBER = '13912345678'
const COMPLAINT = '补正要求前后不一致，来回跑了三次'
/** The application decided for the enterprise, and the task its rating opens. */
const state = { application: 0, task: 0 }

/** As tests/http/feedback.test.mjs files it: SCJG-004 (企业简易注销登记) of enterprise.demo, accepted and approved. */
async function decidedApplication() {
  let a = await ok(call('enterprise.demo', 'POST', '/api/v1/applications', { item: 'SCJG-004', answers: { by_agent: false }, fields: {} }), 201)
  a = await ok(
    call('enterprise.demo', 'PATCH', `/api/v1/applications/${a.id}`, {
      fields: { business_address: '上海市宝山区友谊路100号', contact_name: '李娜', contact_phone: '13912345678', request_description: '申请办理企业简易注销登记', agree: true },
    }),
  )
  a = await ok(call('enterprise.demo', 'POST', `/api/v1/applications/${a.id}/submit`))
  await ok(call('clerk.scjg', 'POST', `/api/v1/applications/${a.id}/actions`, { action: 'accept' }))
  a = await ok(call('approver.scjg', 'POST', `/api/v1/applications/${a.id}/actions`, { action: 'approve' }))
  assert.equal(a.status, 'approved')
  return a
}

/** A 不满意 the department found not upheld and appealed to the data bureau: {rating, task}. */
async function appealedTask(text) {
  const a = await decidedApplication()
  const r = await ok(call('enterprise.demo', 'POST', '/api/v1/feedback/ratings', { event_kind: 'application', event_id: a.id, level: 2, text }), 201)
  const base = `/api/v1/feedback/tasks/${r.task}`
  await ok(call('approver.scjg', 'POST', `${base}/callback`, { reached: false, note: '两次拨打无人接听' }))
  await ok(call('approver.scjg', 'POST', `${base}/verify`, { upheld: false, finding: '办件在承诺时限内办结，材料一次性告知' }))
  const t = await ok(call('approver.scjg', 'POST', `${base}/appeal`, { reason: '评价与办件记录不符' }))
  assert.equal(t.state, 'appealed')
  return { rating: r.id, task: r.task }
}

describe('好差评', () => {
  before(async () => {
    state.application = (await decidedApplication()).id
  })

  test('差评 → 回访, 核实, 整改 in the workbench → the rater confirms 满意 and sees the task closed', () =>
    withFailureContext(async () => {
      const ent = await open('enterprise.demo', PHONE)
      const approver = await open('approver.scjg', DESKTOP)
      try {
        // The applicant, on a phone: the card on the decided application.
        const p = ent.page
        await p.goto(`/portal/applications/${state.application}`)
        const card = p.getByTestId('rating-card')
        await card.waitFor()
        assert.equal(await card.getByTestId('level-choice').count(), 5)
        assert.equal(await card.getByTestId('rating-submit').isDisabled(), true, 'nothing to send before a level is chosen')
        await card.locator('[data-testid="level-choice"][data-level="1"]').click()
        assert.equal(await card.locator('[data-testid="level-choice"][data-level="1"]').getAttribute('aria-checked'), 'true')
        await card.locator('[data-testid="rating-tag"][data-tag="材料反复补正"]').click()
        await card.getByTestId('rating-text').fill(COMPLAINT)
        await card.getByTestId('rating-phone').fill(PHONE_NUMBER)
        assert.match(await card.innerText(), /1 个工作日内电话回访/)
        assert.equal(await horizontalOverflow(p), 0, 'the card fits 375 px')
        await screenshot(p, 'feedback-rate-phone')
        await card.getByTestId('rating-submit').click()

        const result = card.getByTestId('rating-result')
        await result.waitFor()
        assert.equal(await result.getAttribute('data-level'), '1')
        assert.match(await result.innerText(), /非常不满意/)
        assert.match(await result.innerText(), /材料反复补正/)
        const follow = card.getByTestId('rating-task')
        state.task = Number(await follow.getAttribute('data-task'))
        assert.ok(state.task > 0, 'a 非常不满意 opened a rectification task')
        await card.getByTestId('task-state').filter({ hasText: '待回访' }).waitFor()
        await card.locator('[data-testid="task-step"][data-action="opened"]').waitFor()

        // Kept on the device after a reload (the server has no GET for one's own rating).
        await p.reload()
        await card.getByTestId('rating-result').waitFor()
        await p.getByTestId('live-indicator').and(p.locator('[data-state="open"]')).waitFor()

        // The section chief: 好差评 → 整改任务, the task at the top of the open ones.
        const w = approver.page
        await w.getByTestId('area-nav').getByText('好差评').click()
        await w.waitForURL((u) => u.pathname === '/workbench/feedback')
        const ratingRow = w.locator(`[data-testid="rating-row"][data-level="1"]`).first()
        await ratingRow.waitFor()
        assert.match(await w.getByTestId('ratings-list').innerText(), new RegExp(PHONE_NUMBER), 'the department sees the phone to call back')
        await w.getByTestId('tab-tasks').click()
        const row = w.locator(`[data-testid="task-row"][data-id="${state.task}"]`)
        await row.waitFor()
        assert.equal(await row.getAttribute('data-state'), 'callback')
        assert.match(await w.getByTestId('tasks-list').innerText(), /电话回访评价人/)
        await row.click()

        const drawer = w.getByTestId('task-detail')
        await drawer.waitFor()
        assert.match(await drawer.getByTestId('drawer-rating').innerText(), new RegExp(COMPLAINT))
        assert.equal(await drawer.getByTestId('drawer-phone').innerText(), PHONE_NUMBER)
        assert.match(await drawer.getByTestId('drawer-due').innerText(), /办理期限 \d{4}-\d{2}-\d{2}/)
        await screenshot(w, 'feedback-task-drawer')

        /** Records the drawer's current action: the choice (yes/no, when asked) and the text. */
        async function act(action, choice, text, next) {
          const form = drawer.locator(`[data-testid="task-action"][data-action="${action}"]`)
          await form.waitFor()
          if (choice) await form.getByTestId(`task-choice-${choice}`).click()
          await form.getByTestId('task-text').fill(text)
          await form.getByTestId('task-submit').click()
          await w.locator(`[data-testid="task-detail"][data-state="${next}"]`).waitFor()
        }

        // A missing note is asked for before anything is sent.
        const callback = drawer.locator('[data-testid="task-action"][data-action="callback"]')
        await callback.getByTestId('task-submit').click()
        await callback.getByText('请选择').waitFor()
        await callback.getByText('请填写回访情况').waitFor()

        await act('callback', 'yes', '已电话联系企业经办人李娜，确认补正告知前后不一致', 'verifying')
        await act('verify', 'yes', '调阅办件记录：两次补正告知的材料清单不一致，属实', 'rectifying')
        await act('rectify', null, '修订一次性告知单，补正材料清单由科长复核后一次性告知；对经办人进行提醒谈话', 'reviewing')
        assert.match(await drawer.getByTestId('task-waiting').innerText(), /等待评价人确认/)
        const steps = await drawer.getByTestId('task-step').evaluateAll((els) => els.map((e) => e.dataset.action))
        assert.deepEqual(steps, ['opened', 'callback_reached', 'verified_upheld', 'rectified'])

        // The applicant's page follows live (feedback.review) and asks for the confirmation.
        const review = card.getByTestId('task-review')
        await review.waitFor({ timeout: 15_000 })
        assert.match(await review.innerText(), /修订一次性告知单/)
        await review.getByTestId('review-satisfied').click()
        await review.getByTestId('review-note').fill('已收到新的告知单，谢谢')
        await review.getByTestId('review-submit').click()
        await card.getByTestId('task-state').filter({ hasText: '已办结' }).waitFor()
        const done = await card.getByTestId('task-step').evaluateAll((els) => els.map((e) => e.dataset.action))
        assert.deepEqual(done, ['opened', 'callback_reached', 'verified_upheld', 'rectified', 'review_satisfied'])
        assert.match(await card.getByTestId('task-steps').innerText(), /评价人满意/)
        assert.match(await card.getByTestId('task-progress').innerText(), /整改已办结/)
        assert.equal(await horizontalOverflow(p), 0)
        await screenshot(p, 'feedback-closed-phone')

        // The workbench hears of it on its next look: closed tasks leave the open list.
        await w.keyboard.press('Escape')
        await w.locator('[data-filter="closed"]').click()
        await w.locator(`[data-testid="task-row"][data-id="${state.task}"][data-state="closed"]`).waitFor()

        // Rated once: a second rating is refused, and a device that did not send it says 已评价.
        const again = await call('enterprise.demo', 'POST', '/api/v1/feedback/ratings', { event_kind: 'application', event_id: state.application, level: 5 })
        assert.equal(again.status, 409)
        await p.evaluate(() => localStorage.clear())
        await p.reload()
        await card.locator('[data-testid="level-choice"][data-level="5"]').click()
        await card.getByTestId('rating-submit').click()
        await card.getByTestId('rating-already').waitFor()
      } finally {
        await ent.close()
        await approver.close()
      }
    }))

  test('窗口评价: the clerk hands out the pad link, a signed-out phone rates 满意, the 评价 tab lists it', () =>
    withFailureContext(async () => {
      const clerk = await open('clerk.scjg', DESKTOP)
      const pad = await open(null, PHONE)
      try {
        const w = clerk.page
        await w.getByTestId('area-nav').getByText('好差评').click()
        await w.waitForURL((u) => u.pathname === '/workbench/feedback')
        await w.getByRole('tab', { name: '窗口评价' }).click()
        const panel = w.getByTestId('counter-panel')
        await panel.getByTestId('counter-item').click()
        await w.keyboard.type('食品经营许可')
        await w.locator('.el-select-dropdown:visible .el-select-dropdown__item').filter({ hasText: '食品经营许可（新办）' }).first().click()
        await panel.getByTestId('counter-record').click()
        const link = await panel.getByTestId('counter-link').innerText()
        assert.match(link, new RegExp(`^${suite.server.baseURL}/rate/\\d+\\?token=\\w+$`), 'an absolute link')
        await screenshot(w, 'feedback-counter')

        // The pad, signed out, on a phone.
        const p = pad.page
        const url = new URL(link)
        await p.goto(url.pathname + url.search)
        await p.getByTestId('pad-visit').filter({ hasText: '食品经营许可（新办）' }).waitFor()
        assert.equal(await p.getByTestId('pad-real-name').count(), 0, 'signed out: anonymous only')
        await p.locator('[data-testid="level-choice"][data-level="4"]').click()
        await p.locator('[data-testid="rating-tag"][data-tag="态度好"]').click()
        assert.equal(await horizontalOverflow(p), 0, 'the pad fits 375 px')
        await screenshot(p, 'feedback-pad-phone')
        await p.getByTestId('pad-submit').click()
        await p.getByTestId('pad-thanks').waitFor()
        assert.match(await p.getByTestId('pad-thanks').innerText(), /满意/)
        await p.reload()
        await p.getByTestId('pad-rated').waitFor()
        await p.goto(`${url.pathname}?token=wrong`)
        await p.getByTestId('pad-invalid').getByText('无效的评价链接').waitFor()

        // The clerk's list says 已评价; the 评价 tab lists the counter rating (anonymous).
        await panel.getByTestId('counter-refresh').click()
        await panel.locator('[data-testid="counter-visit-row"][data-rated="true"]').first().waitFor()
        await w.getByRole('tab', { name: '评价', exact: true }).click()
        const row = w.locator('[data-testid="rating-row"][data-channel="counter"][data-level="4"]').first()
        await row.waitFor()
        const line = w.locator('.el-table__row', { has: row })
        assert.match(await line.innerText(), /匿名/)
        assert.match(await line.innerText(), /态度好/)
      } finally {
        await clerk.close()
        await pad.close()
      }
    }))

  test('the data bureau reads every department’s ratings in the cockpit (raters masked) and decides appeals', () =>
    withFailureContext(async () => {
      const raced = await appealedTask('窗口说系统故障让我改天再来')
      const granted = await appealedTask('等了很久')
      const analyst = await open('analyst.demo', DESKTOP)
      try {
        const w = analyst.page
        await w.getByTestId('area-nav').getByText('好差评').click()
        await w.waitForURL((u) => u.pathname === '/cockpit/feedback')
        await w.getByTestId('level-bar').waitFor()
        const bad = w.locator('[data-testid="rating-row"][data-level="1"]').first()
        await bad.waitFor()
        const line = w.locator('.el-table__row', { has: bad })
        assert.match(await line.getByTestId('rating-rater').innerText(), /\*\*$/)
        assert.doesNotMatch(await line.innerText(), new RegExp(PHONE_NUMBER))

        await w.getByTestId('tab-tasks').click()
        await w.locator('[data-filter="appealed"]').click()
        const drawer = w.getByTestId('task-detail')

        // Decided meanwhile by the administrator: the drawer says the task changed and shows it anew.
        await w.locator(`[data-testid="task-row"][data-id="${raced.task}"]`).click()
        const decide = drawer.locator('[data-testid="task-action"][data-action="appeal-decision"]')
        await decide.waitFor()
        assert.match(await drawer.innerText(), /评价与办件记录不符/)
        await ok(call('admin', 'POST', `/api/v1/feedback/tasks/${raced.task}/appeal-decision`, { granted: false, decision: '证据不足，驳回' }))
        await decide.getByTestId('task-choice-yes').click()
        await decide.getByTestId('task-text').fill('经调阅记录，申诉成立')
        await decide.getByTestId('task-submit').click()
        await drawer.getByTestId('task-changed').waitFor()
        await w.locator(`[data-testid="task-detail"][data-state="rectifying"]`).waitFor()
        assert.equal(await drawer.getByTestId('task-action').count(), 0, 'analysts only read what the department does')
        await w.keyboard.press('Escape')

        // 申诉成立: closed, the rating kept but out of the figures.
        await w.locator(`[data-testid="task-row"][data-id="${granted.task}"]`).click()
        await drawer.locator('[data-testid="task-action"][data-action="appeal-decision"]').waitFor()
        await decide.getByTestId('task-choice-yes').click()
        await decide.getByTestId('task-text').fill('办件在承诺时限内办结，评价与事实不符，申诉成立')
        await decide.getByTestId('task-submit').click()
        await w.locator(`[data-testid="task-detail"][data-id="${granted.task}"][data-state="closed"]`).waitFor()
        assert.match(await drawer.getByTestId('task-steps').innerText(), /申诉成立/)
        await screenshot(w, 'feedback-cockpit-appeal')
        await w.keyboard.press('Escape')

        await w.getByRole('tab', { name: '评价', exact: true }).click()
        await w.locator(`[data-testid="rating-row"][data-id="${granted.rating}"]`).waitFor()
        const excluded = w.locator('.el-table__row', { has: w.locator(`[data-testid="rating-row"][data-id="${granted.rating}"]`) })
        await excluded.getByTestId('rating-excluded').filter({ hasText: '申诉成立·不计入' }).waitFor()
        assert.match(await w.getByTestId('level-bar').innerText(), /申诉成立·不计入/)
      } finally {
        await analyst.close()
      }
    }))
})
