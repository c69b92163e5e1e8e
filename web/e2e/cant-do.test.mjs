// Browser tests of 办不成事 against a real haoban server (see server.mjs). On a phone, enterprise.demo
// reports from SCJG-011's guide (the form fits 375 px) and finds it in 我的反映; the desk (analyst.demo,
// 驾驶舱) classifies it and assigns it to 区市场监管局; approver.scjg handles it and replies in the
// workbench, and the reply reaches the enterprise's page live; the enterprise confirms 问题已解决 and
// the desk files it. Two similar reports (made through the API) are grouped on 类案分析, turned into
// a plan and completed, which answers both. A department's action on a report someone else moved
// on meanwhile (409) reloads it and says so. A window clerk records a walk-in's report, which the
// desk verifies once it is answered. Leaving an edited draft asks once why (the reason is recorded),
// 跳过 keeps the draft, an untouched draft is left without a question. Run with
// `npm run build && node --test e2e/cant-do.test.mjs`.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { PHONE, horizontalOverflow, screenshot, suiteFixture } from './browser.mjs'
import { ok, sessions } from './sessions.mjs'

const suite = suiteFixture()
const { call, open, withFailureContext } = sessions(suite)

const ITEM = 'SCJG-011'
const ANSWERS = { cooking: false, cold_or_raw: false, online_sales: false, by_agent: false }

const responseOf = (page, path, method = 'POST') =>
  page.waitForResponse((r) => new URL(r.url()).pathname === path && r.request().method() === method)

/** Picks an option of the (filterable) Element Plus select inside `select`. */
async function choose(page, select, text) {
  await select.click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click()
}

const row = (page, id) => page.locator(`[data-testid="cant-do-row"][data-id="${id}"]`)
const drawer = (page) => page.getByTestId('drawer-body')

describe('办不成事', () => {
  test('reported from a guide on a phone → assigned by the desk → handled and answered → confirmed → filed', () =>
    withFailureContext(async () => {
      const ent = await open('enterprise.demo', PHONE)
      const analyst = await open('analyst.demo')
      const approver = await open('approver.scjg')
      try {
        // The applicant, on a phone: the modest link on the guide, the form fits the screen.
        const p = ent.page
        await p.goto(`/portal/guide/items/${ITEM}`)
        await p.getByTestId('page-title').waitFor()
        await p.getByTestId('cant-do-entry').click()
        const dialog = p.getByTestId('cant-do-dialog')
        await dialog.getByTestId('cant-do-text').waitFor()
        assert.match(await dialog.getByTestId('cant-do-about').innerText(), /食品经营许可/)
        assert.equal(await horizontalOverflow(p), 0)
        const box = await dialog.getByTestId('cant-do-text').boundingBox()
        assert.ok(box && box.x >= 0 && box.x + box.width <= 375, `the text box fits the phone: ${JSON.stringify(box)}`)
        // Nothing is sent without saying what happened.
        await dialog.getByTestId('cant-do-submit').click()
        await dialog.getByText('请写下您遇到的问题').waitFor()
        await dialog.getByTestId('cant-do-text').fill('上传场地证明时一直提示系统错误，换了浏览器也不行')
        await screenshot(p, 'cant-do-report-phone')
        const created = responseOf(p, '/api/v1/cant-do-reports')
        await dialog.getByTestId('cant-do-submit').click()
        const res = await created
        assert.equal(res.status(), 201, await res.text())
        const report = await res.json()
        assert.equal(report.channel, 'online')
        assert.equal(report.item, ITEM)
        await dialog.getByTestId('cant-do-sent').waitFor()
        await dialog.getByTestId('cant-do-view-mine').click()
        await p.waitForURL((u) => u.pathname === '/portal/cant-do')
        const card = p.locator(`[data-testid="my-report"][data-id="${report.id}"]`)
        await card.waitFor()
        assert.match(await card.getByTestId('my-report-status').innerText(), /已受理/)
        await card.locator('[data-testid="cant-do-step"][data-action="received"]').waitFor()
        assert.equal(await horizontalOverflow(p), 0)

        // The desk, in the cockpit: 待受理 → 分类交办 to 区市场监管局 as a 系统问题.
        const a = analyst.page
        await a.getByTestId('area-nav').getByText('办不成事').click()
        await a.waitForURL((u) => u.pathname === '/cockpit/cant-do')
        await row(a, report.id).click()
        const action = a.getByTestId('drawer-action')
        await action.and(a.locator('[data-action="assign"]')).waitFor()
        assert.match(await drawer(a).getByTestId('drawer-reporter').innerText(), /上海宝晟/)
        await action.getByTestId('action-submit').click()
        await action.getByText('请选择问题类别').waitFor()
        await action.getByTestId('assign-category').getByText('系统问题').click()
        // The item's department is proposed.
        assert.match(await action.getByTestId('assign-department').innerText(), /区市场监管局/)
        await action.getByTestId('action-text').fill('请核查场地证明上传功能')
        const assigned = responseOf(a, `/api/v1/cant-do-reports/${report.id}/assign`)
        await action.getByTestId('action-submit').click()
        assert.equal((await assigned).status(), 200)
        await a.locator('[data-testid="drawer-body"][data-status="assigned"]').waitFor()
        await drawer(a).locator('[data-testid="cant-do-step"][data-action="assigned"]').waitFor()
        assert.match(await drawer(a).getByTestId('cant-do-steps').innerText(), /已交办[\s\S]*分类：系统问题；交办：区市场监管局/)
        await screenshot(a, 'cant-do-desk-assigned')

        // The department: 待办理 → 办理 → 答复.
        const d = approver.page
        await d.goto('/workbench/cant-do')
        await row(d, report.id).click()
        const handle = d.locator('[data-testid="drawer-action"][data-action="handle"]')
        await handle.waitFor()
        assert.match(await drawer(d).getByTestId('drawer-reporter').innerText(), /上海宝晟/)
        await handle.getByTestId('action-submit').click()
        await handle.getByText('请填写办理情况').waitFor()
        await handle.getByTestId('action-text').fill('已修复上传接口对大于 2MB 图片的限制')
        await handle.getByTestId('action-submit').click()
        const reply = d.locator('[data-testid="drawer-action"][data-action="reply"]')
        await reply.waitFor()
        await reply.getByTestId('action-text').fill('上传问题已修复，请重新上传场地证明；如仍有问题可拨打 12345')
        await reply.getByTestId('action-submit').click()
        await d.locator('[data-testid="drawer-body"][data-status="replied"]').waitFor()
        await screenshot(d, 'cant-do-department-replied')

        // The applicant's page follows live and offers 问题已解决 / 仍未解决.
        await card.and(p.locator('[data-status="replied"]')).waitFor({ timeout: 15_000 })
        assert.match(await card.getByTestId('my-report-reply').innerText(), /上传问题已修复/)
        await card.getByTestId('verify-unresolved').click()
        await card.getByTestId('verify-unresolved-submit').click()
        await card.getByText('请说明还有什么问题没有解决').waitFor()
        await card.getByText('取消').click()
        await card.getByTestId('verify-resolved').click()
        await card.and(p.locator('[data-status="verified"]')).waitFor()
        for (const action of ['received', 'assigned', 'handled', 'replied', 'verified'])
          await card.locator(`[data-testid="cant-do-step"][data-action="${action}"]`).waitFor()
        assert.match(await card.getByTestId('cant-do-steps').innerText(), /已受理[\s\S]*已交办[\s\S]*已办理[\s\S]*已答复[\s\S]*已确认解决/)
        assert.equal(await horizontalOverflow(p), 0)
        await screenshot(p, 'cant-do-mine-phone')

        // The desk files it.
        await a.goto('/cockpit/cant-do?tab=all')
        await row(a, report.id).click()
        const file = a.locator('[data-testid="drawer-action"][data-action="file"]')
        await file.waitFor()
        await file.getByTestId('action-submit').click()
        await a.locator('[data-testid="drawer-body"][data-status="filed"]').waitFor()
        assert.equal((await ok(call('enterprise.demo', 'GET', `/api/v1/cant-do-reports/${report.id}`))).status, 'filed')
      } finally {
        await ent.close()
        await analyst.close()
        await approver.close()
      }
    }))

  test('similar reports are grouped, planned and completed: each is answered; a stale action is reloaded', () =>
    withFailureContext(async () => {
      const first = await ok(
        call('person.demo', 'POST', '/api/v1/cant-do-reports', { channel: 'online', text: '办理社保卡补办要求提供的证明太多，居委开不出来' }),
        201,
      )
      const second = await ok(
        call('enterprise.demo', 'POST', '/api/v1/cant-do-reports', { channel: 'online', text: '办理社保卡补办要求的证明太多，街道开不出来' }),
        201,
      )
      // The second is with 区市场监管局 already, who is about to act on it.
      await ok(call('analyst.demo', 'POST', `/api/v1/cant-do-reports/${second.id}/assign`, { category: 'materials', department: 'scjg' }))

      const approver = await open('approver.scjg')
      const analyst = await open('analyst.demo')
      try {
        // A department's action on a report someone else moved on meanwhile: reloaded, and said.
        const d = approver.page
        await d.goto('/workbench/cant-do')
        await row(d, second.id).click()
        const handle = d.locator('[data-testid="drawer-action"][data-action="handle"]')
        await handle.waitFor()
        await ok(call('clerk.scjg', 'POST', `/api/v1/cant-do-reports/${second.id}/handle`, { handling: '窗口已核查' }))
        await handle.getByTestId('action-text').fill('核查中')
        const stale = responseOf(d, `/api/v1/cant-do-reports/${second.id}/handle`)
        await handle.getByTestId('action-submit').click()
        assert.equal((await stale).status(), 409)
        await drawer(d).getByTestId('drawer-changed').waitFor()
        await d.locator('[data-testid="drawer-body"][data-status="handled"]').waitFor()
        await d.locator('[data-testid="drawer-action"][data-action="reply"]').waitFor()

        // 类案分析: the pair is one class; one plan for it.
        const a = analyst.page
        await a.goto('/cockpit/cant-do?tab=groups')
        const group = a.locator('[data-testid="cant-do-group"]').filter({
          has: a.locator(`[data-testid="group-report"][data-id="${first.id}"]`),
        })
        await group.waitFor()
        await group.locator(`[data-testid="group-report"][data-id="${second.id}"]`).waitFor()
        assert.match(await group.innerText(), /居委开不出来[\s\S]*街道开不出来|街道开不出来[\s\S]*居委开不出来/)
        await group.getByTestId('group-plan').click()
        const dialog = a.getByTestId('plan-dialog')
        await dialog.getByTestId('plan-title').waitFor()
        assert.notEqual(await dialog.getByTestId('plan-title').inputValue(), '', 'a title is proposed')
        await dialog.getByTestId('plan-title').fill('社保卡补办证明精简')
        await choose(a, dialog.getByTestId('plan-department'), '区人社局')
        await dialog.getByTestId('plan-measures').fill('取消居委（街道）证明，改为部门间数据核验')
        const created = responseOf(a, '/api/v1/cant-do-plans')
        await dialog.getByTestId('plan-submit').click()
        const res = await created
        assert.equal(res.status(), 201, await res.text())
        const plan = await res.json()
        assert.deepEqual(plan.reports, [first.id, second.id].sort((x, y) => x - y))

        const card = a.locator(`[data-testid="cant-do-plan"][data-id="${plan.id}"]`)
        await card.and(a.locator('[data-status="open"]')).waitFor()
        await card.getByTestId('plan-complete').click()
        const complete = a.getByTestId('plan-complete-dialog')
        await complete.getByTestId('plan-complete-submit').click()
        await complete.getByText('请填写整改结果').waitFor()
        await complete.getByTestId('plan-complete-measures').fill('已取消居委（街道）证明，社保卡补办改为数据核验，一次办结')
        await complete.getByTestId('plan-complete-submit').click()
        await card.and(a.locator('[data-status="done"]')).waitFor()
        await screenshot(a, 'cant-do-plans')

        // Every report of the class is answered with the plan's result.
        for (const [who, r] of [['person.demo', first], ['enterprise.demo', second]]) {
          const mine = await ok(call(who, 'GET', '/api/v1/cant-do-reports'))
          const got = mine.items.find((x) => x.id === r.id)
          assert.equal(got?.status, 'replied', `${who}'s report ${r.id}`)
          assert.match(got.reply, /社保卡补办改为数据核验/)
        }
      } finally {
        await approver.close()
        await analyst.close()
      }
    }))

  test('a window clerk records a walk-in’s report; the department sees it with the contact; the desk verifies it', () =>
    withFailureContext(async () => {
      const clerk = await open('clerk.scjg')
      let analyst = null
      try {
        const c = clerk.page
        await c.goto('/workbench/cant-do?tab=counter')
        const form = c.getByTestId('cant-do-counter')
        await form.getByTestId('counter-text').fill('老人来办食品经营许可，窗口和网上要求的材料不一样，已经跑了三次')
        await form.getByTestId('counter-name').fill('王阿姨')
        await form.getByTestId('counter-phone').fill('abc')
        await form.getByTestId('counter-submit').click()
        await form.getByText('请填写正确的联系电话').waitFor()
        await form.getByTestId('counter-phone').fill('13800001111')
        const created = responseOf(c, '/api/v1/cant-do-reports')
        await form.getByTestId('counter-submit').click()
        const res = await created
        assert.equal(res.status(), 201, await res.text())
        const report = await res.json()
        assert.equal(report.channel, 'counter')
        await form.getByTestId('counter-created').waitFor()

        await c.getByTestId('tab-all').click()
        await row(c, report.id).click()
        assert.match(await drawer(c).getByTestId('drawer-phone').innerText(), /13800001111/)
        assert.match(await drawer(c).getByTestId('drawer-waiting').innerText(), /受理专窗/)

        // Nobody signed in can confirm a walk-in's: the desk verifies it once answered.
        await ok(call('analyst.demo', 'POST', `/api/v1/cant-do-reports/${report.id}/assign`, { category: 'materials', department: 'scjg' }))
        await ok(call('clerk.scjg', 'POST', `/api/v1/cant-do-reports/${report.id}/handle`, { handling: '统一网上和窗口材料清单' }))
        await ok(call('clerk.scjg', 'POST', `/api/v1/cant-do-reports/${report.id}/reply`, { reply: '已电话告知王阿姨按新清单准备' }))
        analyst = await open('analyst.demo')
        const a = analyst.page
        await a.goto('/cockpit/cant-do?tab=all')
        await row(a, report.id).click()
        assert.match(await drawer(a).getByTestId('drawer-phone').innerText(), /13800001111/)
        const verify = a.locator('[data-testid="drawer-action"][data-action="verify"]')
        await verify.waitFor()
        await verify.getByTestId('verify-result').getByText('已解决').first().click()
        await verify.getByTestId('action-text').fill('电话回访，群众表示已办成')
        await verify.getByTestId('action-submit').click()
        await a.locator('[data-testid="drawer-body"][data-status="verified"]').waitFor()
      } finally {
        await clerk.close()
        await analyst?.close()
      }
    }))

  test('leaving an edited draft asks once why; 跳过 keeps the draft; an untouched draft is left quietly', () =>
    withFailureContext(async () => {
      const ent = await open('enterprise.demo')
      try {
        const p = ent.page
        const draft = async () => (await ok(call('enterprise.demo', 'POST', '/api/v1/applications', { item: ITEM, answers: ANSWERS, fields: {} }), 201)).id
        const phone = p.locator('[data-field="contact_phone"] input').first()
        const edit = async (id, value) => {
          await p.goto(`/portal/applications/${id}/form`)
          await phone.fill(value)
          await phone.blur()
          await p.locator('[data-testid="autosave"][data-state="saved"]').waitFor()
        }
        const nav = p.getByTestId('area-nav')

        // Edited, then left for another page: asked why; a reason is needed, or 跳过.
        const first = await draft()
        await edit(first, '13912345678')
        await nav.getByText('我的办件').click()
        const dialog = p.getByTestId('abandon-dialog')
        await dialog.getByTestId('abandon-reasons').waitFor()
        await dialog.getByTestId('abandon-submit').click()
        await dialog.getByText('请选择一个原因').waitFor()
        await dialog.getByTestId('abandon-reasons').getByText('需要的证明开不出来').click()
        await dialog.getByTestId('abandon-text').fill('场地证明要房东盖章，联系不上房东')
        const created = responseOf(p, '/api/v1/cant-do-reports')
        await dialog.getByTestId('abandon-submit').click()
        assert.equal((await created).status(), 201)
        await p.waitForURL((u) => u.pathname === '/portal/applications')
        const mine = await ok(call('enterprise.demo', 'GET', '/api/v1/cant-do-reports'))
        const recorded = mine.items.find((r) => r.application === first)
        assert.equal(recorded?.channel, 'abandon')
        assert.equal(recorded.item, ITEM)
        assert.match(recorded.text, /需要的证明开不出来/)
        assert.match(recorded.text, /联系不上房东/)

        // Once per draft.
        await edit(first, '13912345679')
        await nav.getByText('我的材料').click()
        await p.waitForURL((u) => u.pathname === '/portal/materials')
        assert.equal(await dialog.isVisible(), false)

        // 跳过: nothing recorded, the draft kept.
        const second = await draft()
        await edit(second, '13700001234')
        await nav.getByText('办事指南').click()
        await dialog.getByTestId('abandon-skip').click()
        await p.waitForURL((u) => u.pathname === '/portal/guide')
        assert.equal((await ok(call('enterprise.demo', 'GET', `/api/v1/applications/${second}`))).fields.contact_phone, '13700001234')
        const after = await ok(call('enterprise.demo', 'GET', '/api/v1/cant-do-reports'))
        assert.equal(after.items.filter((r) => r.application === second).length, 0)

        // Untouched: no question.
        const third = await draft()
        await p.goto(`/portal/applications/${third}/form`)
        await phone.waitFor()
        await nav.getByText('我的办件').click()
        await p.waitForURL((u) => u.pathname === '/portal/applications')
        assert.equal(await dialog.isVisible(), false)
      } finally {
        await ent.close()
      }
    }))
})
