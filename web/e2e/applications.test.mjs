// Browser tests of the apply → review → approve flow against a real haoban server (see server.mjs):
// an enterprise files the 开办餐饮店 bundle (食品经营许可) through the situation questionnaire, fills
// and submits the merged form; the 区市场监管局 clerk accepts it and the approver approves it, each in
// a browser context of their own, while the enterprise's page follows the status without reloading.
// Run with `npm run build && npm run test:e2e`.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { DESKTOP, PHONE, screenshot as saveScreenshot, submitLogin, suiteFixture } from './browser.mjs'


/** The food business bundle in data/definitions/bundles/kbcyd.yaml. */
const BUNDLE = 'kbcyd'
/** Its member item handled by 区市场监管局 (data/definitions/items/SCJG-011.yaml, form spjyxk). */
const FOOD_ITEM_NAME = '食品经营许可（新办）'

/**
 * Answers to the questionnaire that make 食品经营许可 (and nothing outside 区市场监管局) apply:
 * a restaurant without on-site cooking, small, no sign, no alcohol. Questions not listed here get
 * "no" / the first option / 1.
 */
const ANSWERS = {
  business_mode: '餐饮服务',
  cooking: false,
  area: 80,
  has_sign: false,
  public_place: false,
  sells_alcohol: false,
  cold_or_raw: false,
  online_sales: false,
  by_agent: false,
}

const suite = suiteFixture()

/** A full-page screenshot taken from the top (sticky bars would otherwise show mid-page). */
async function screenshot(page, name) {
  await page.evaluate(() => window.scrollTo(0, 0))
  await saveScreenshot(page, name)
}

/** A browser context of its own (cookies, WebSocket) logged in as `username`. */
async function openAs(username, options = DESKTOP) {
  const context = await suite.browser.newContext({ baseURL: suite.server.baseURL, locale: 'zh-CN', ...options })
  context.setDefaultTimeout(15_000)
  const page = await context.newPage()
  const errors = []
  page.on('pageerror', (err) => errors.push(`${username}: ${err}`))
  await page.goto('/login')
  await submitLogin(page, username)
  await page.waitForURL((url) => url.pathname !== '/login')
  return { context, page, errors }
}

async function withFailureContext(fn) {
  try {
    await fn()
  } catch (err) {
    err.message += `\n${suite.server.logs().slice(-4000)}`
    throw err
  }
}

/** A valid 居民身份证号码 (Shanghai Baoshan, given birth date and sequence) with its check digit. */
function idNumber(birth = '19880512', seq = '123') {
  const body = `310113${birth}${seq}`
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i], 0)
  return body + '10X98765432'[sum % 11]
}

/** The logged-in user as the server sees it. */
async function me(page) {
  return page.evaluate(async () => (await fetch('/api/v1/me')).json())
}

/** Answers whatever the questionnaire asks until the review step shows. */
async function answerQuestionnaire(page) {
  for (let round = 0; round < 20; round++) {
    const review = page.getByTestId('review-step')
    const step = page.getByTestId('question-step')
    await Promise.race([review.waitFor(), step.waitFor()])
    if (await review.isVisible()) return
    const stepIndex = await step.getAttribute('data-step')
    for (const q of await step.locator('[data-question]').all()) {
      const id = await q.getAttribute('data-question')
      const want = ANSWERS[id]
      const radios = q.locator('.el-radio')
      const checks = q.locator('.el-checkbox')
      const input = q.locator('input.el-input__inner')
      if ((await input.count()) > 0) {
        await input.fill(String(want ?? 1))
      } else if ((await checks.count()) > 0) {
        // multi-select: none ticked is an answer
      } else if (typeof want === 'boolean') {
        await radios.filter({ hasText: want ? '是' : '否' }).click()
      } else if (typeof want === 'string') {
        await radios.filter({ hasText: want }).first().click()
      } else if ((await radios.filter({ hasText: /^否$/ }).count()) > 0) {
        await radios.filter({ hasText: /^否$/ }).click()
      } else {
        await radios.first().click()
      }
    }
    await page.getByTestId('q-next').click()
    // Wait for the next step (or the review) to replace this one.
    await page.waitForFunction(
      (prev) => {
        if (document.querySelector('[data-testid="review-step"]')) return true
        const s = document.querySelector('[data-testid="question-step"]')
        return s && s.getAttribute('data-step') !== prev
      },
      stepIndex,
    )
  }
  throw new Error('questionnaire did not finish within 20 steps')
}

function field(page, key) {
  return page.locator(`[data-field="${key}"]`).first()
}

async function fillText(page, key, value) {
  const input = page.locator(`#f-${key}`)
  await input.fill(String(value))
  await input.blur()
}

async function choose(page, key, label) {
  await field(page, key).locator('.el-radio, .el-checkbox').filter({ hasText: label }).first().click()
}



/**
 * What enterprise.demo still fills in on a 食品经营许可 draft that the sources prefilled (name, codes,
 * legal representative, address, food safety manager and staff come from 法人库 and 食品安全监管信息).
 */
async function fillPrefilledFoodForm(page) {
  await choose(page, 'has_storage', '否')
  await choose(page, 'operator_type', '餐饮服务经营者')
  await choose(page, 'business_items', '热食类食品制售')
  await choose(page, 'facilities', '冷藏设施')
  await choose(page, 'facilities', '清洗消毒设施')
  await field(page, 'agree').locator('.el-checkbox').click()
}

/** The status tag of a bundle part (or the application) as shown right now. */
async function partStatus(page, name) {
  const part = page.getByTestId('bundle-parts').locator('li').filter({ hasText: name }).first()
  return part.getAttribute('data-status')
}

describe('一件事: apply → accept → approve', () => {
  test('an enterprise files 开办餐饮店 and sees each decision live', () =>
    withFailureContext(async () => {
      const ent = await openAs('enterprise.demo')
      const user = await me(ent.page)
      const page = ent.page

      // 办事指南 → 一件事 → the questionnaire.
      await page.goto('/portal/guide')
      await page.getByTestId('tab-bundles').click()
      await page.getByTestId('bundle-list').waitFor()
      await screenshot(page, 'bundles')
      await page.locator(`.bundle[data-code="${BUNDLE}"]`).click()
      await page.getByTestId('question-step').waitFor()
      await screenshot(page, 'questionnaire')

      // Back and forward keep the answers.
      await answerQuestionnaire(page)
      const reviewText = await page.getByTestId('review-step').innerText()
      assert.match(reviewText, /餐饮服务/)
      await screenshot(page, 'questionnaire-review')
      await page.getByTestId('q-back').click()
      await page.getByTestId('question-step').waitFor()
      await page.getByTestId('q-next').click()
      await page.getByTestId('review-step').waitFor()

      await page.getByTestId('q-confirm').click()
      const checklist = page.getByTestId('checklist')
      await checklist.waitFor()
      const plan = await checklist.innerText()
      assert.match(plan, new RegExp(FOOD_ITEM_NAME), 'the checklist names 食品经营许可')
      assert.match(plan, /从事餐饮服务/, 'each item says why it applies')
      assert.ok((await checklist.locator('[data-material]').count()) > 0, 'materials are listed')
      await screenshot(page, 'questionnaire-checklist')

      await page.getByTestId('start-form').click()
      await page.waitForURL(/\/portal\/applications\/\d+\/form$/)
      const bundleId = Number(page.url().match(/applications\/(\d+)/)[1])
      await field(page, 'company_name').waitFor()

      // The bundle's merged form comes prefilled from the sources like a single item's: the name is
      // locked, the staff list is a suggestion.
      assert.equal((await field(page, 'company_name').locator('.locked-text').innerText()).trim(), user.enterprise.name)
      await fillPrefilledFoodForm(page)
      await page.getByTestId('autosave').filter({ hasText: '已自动保存' }).waitFor()
      const firstEmployee = await page.locator('#f-employees-0-name').inputValue()
      assert.notEqual(firstEmployee, '', 'the staff list came from 食品安全监管信息')
      await screenshot(page, 'form-filled')

      // The draft is on the server: resume it from 我的办件.
      await page.goto('/portal/applications')
      const row = page.locator(`[data-testid="my-applications"] [data-id="${bundleId}"]`)
      await row.getByTestId('continue-draft').click()
      await page.waitForURL(new RegExp(`/portal/applications/${bundleId}/form$`))
      assert.equal((await field(page, 'company_name').locator('.locked-text').innerText()).trim(), user.enterprise.name)
      assert.equal(await page.locator('#f-employees-0-name').inputValue(), firstEmployee)

      await page.getByTestId('submit').click()
      await page.waitForURL(new RegExp(`/portal/applications/${bundleId}$`))
      await page.getByTestId('bundle-parts').waitFor()
      assert.equal(await partStatus(page, FOOD_ITEM_NAME), 'submitted')
      await page.getByTestId('live-indicator').and(page.locator('[data-state="open"]')).waitFor()
      // Marks this document: a reload would lose it.
      await page.evaluate(() => (window.__sameDocument = true))
      await screenshot(page, 'bundle-submitted')

      // The clerk of 区市场监管局 accepts it from the queue.
      const clerk = await openAs('clerk.scjg')
      await clerk.page.goto('/workbench/tasks')
      const queueRow = clerk.page.getByTestId('queue').locator('.cell-name').filter({ hasText: FOOD_ITEM_NAME })
      await queueRow.first().waitFor()
      await screenshot(clerk.page, 'workbench-queue')
      // The newest matching row is ours (the queue may hold seeded ones too).
      const ids = await clerk.page.getByTestId('queue').locator('.cell-name').evaluateAll((els) =>
        els.map((e) => ({ id: Number(e.getAttribute('data-id')), name: e.textContent })),
      )
      const childId = Math.max(...ids.filter((x) => x.name.includes(FOOD_ITEM_NAME)).map((x) => x.id))
      assert.ok(childId > bundleId, 'the bundle fanned out into a new sub-application')
      await clerk.page.locator(`.cell-name[data-id="${childId}"]`).click()
      await clerk.page.waitForURL(new RegExp(`/workbench/tasks/${childId}$`))
      await clerk.page.getByTestId('applicant').filter({ hasText: user.display_name }).waitFor()
      await clerk.page.locator('[data-field="company_name"]').filter({ hasText: user.enterprise.name }).waitFor()
      await screenshot(clerk.page, 'workbench-detail')
      await clerk.page.locator('[data-action="accept"]').click()
      await clerk.page.getByTestId('app-status').filter({ hasText: '已受理' }).waitFor()

      // The enterprise's open page follows without reloading.
      await page.getByTestId('bundle-parts').locator('li[data-status="accepted"]').waitFor()
      assert.equal(await page.evaluate(() => window.__sameDocument), true, 'the enterprise page was reloaded')
      await page.getByTestId('app-status').filter({ hasText: '办理中' }).waitFor()
      await screenshot(page, 'bundle-accepted-live')

      // The approver approves it.
      const approver = await openAs('approver.scjg')
      await approver.page.goto(`/workbench/tasks/${childId}`)
      await approver.page.locator('[data-action="approve"]').click()
      await approver.page.locator('.el-message-box').getByRole('button', { name: '准予许可' }).click()
      await approver.page.getByTestId('app-status').filter({ hasText: '准予许可' }).waitFor()
      await screenshot(approver.page, 'workbench-approved')

      await page.getByTestId('bundle-parts').locator('li[data-status="approved"]').waitFor()
      assert.equal(await page.evaluate(() => window.__sameDocument), true, 'the enterprise page was reloaded')
      const history = page.getByTestId('history')
      await screenshot(page, 'bundle-approved-live')

      // The child's own page shows who did what.
      await page.getByTestId('bundle-parts').getByRole('link', { name: new RegExp(FOOD_ITEM_NAME) }).click()
      await history.filter({ hasText: '准予许可' }).waitFor()
      const timeline = await history.innerText()
      assert.match(timeline, /受理/)
      assert.match(timeline, /clerk\.scjg/)
      assert.match(timeline, /approver\.scjg/)

      for (const s of [ent, clerk, approver]) {
        assert.deepEqual(s.errors, [], 'uncaught errors in the page')
        await s.context.close()
      }
    }))
})

/** A complete 食品经营许可 form as JSON (a small restaurant), for applications made through the API. */
function foodFields(user) {
  return {
    company_name: user.enterprise.name,
    credit_code: user.enterprise.credit_code,
    legal_representative: '张伟',
    legal_rep_id: idNumber(),
    contact_phone: '13812345678',
    business_address: '上海市宝山区友谊路100号',
    premises_area: 80,
    has_storage: false,
    operator_type: '餐饮服务经营者',
    business_items: ['热食类食品制售'],
    online_sales: false,
    food_safety_manager: '李娜',
    food_safety_manager_phone: '13912345678',
    employees: [
      {
        name: '王芳',
        id_number: idNumber('19950301', '246'),
        post: '厨师',
        health_certificate_no: 'JK2026-0001',
        health_certificate_expiry: '2030-06-30',
      },
    ],
    facilities: ['冷藏设施', '清洗消毒设施'],
    agree: true,
  }
}

/** Calls the API from the page (its session cookie). */
async function api(page, method, path, body) {
  return page.evaluate(
    async ([m, p, b]) => {
      const res = await fetch(p, {
        method: m,
        headers: { 'Content-Type': 'application/json' },
        body: b === undefined ? undefined : JSON.stringify(b),
      })
      return { status: res.status, body: await res.json().catch(() => null) }
    },
    [method, path, body],
  )
}

describe('补正: return for correction', () => {
  test('the clerk returns with a reason; the applicant sees it live, corrects and resubmits', () =>
    withFailureContext(async () => {
      const ent = await openAs('enterprise.demo')
      const user = await me(ent.page)
      const created = await api(ent.page, 'POST', '/api/v1/applications', {
        item: 'SCJG-011',
        answers: { cooking: false, cold_or_raw: false, online_sales: false, by_agent: false },
        fields: foodFields(user),
      })
      assert.equal(created.status, 201, JSON.stringify(created.body))
      const id = created.body.id
      const submitted = await api(ent.page, 'POST', `/api/v1/applications/${id}/submit`)
      assert.equal(submitted.status, 200, JSON.stringify(submitted.body))

      await ent.page.goto(`/portal/applications/${id}`)
      await ent.page.getByTestId('app-status').filter({ hasText: '已提交' }).waitFor()
      await ent.page.getByTestId('live-indicator').and(ent.page.locator('[data-state="open"]')).waitFor()
      await ent.page.evaluate(() => (window.__sameDocument = true))

      const clerk = await openAs('clerk.scjg')
      await clerk.page.goto(`/workbench/tasks/${id}`)
      await clerk.page.locator('[data-action="return"]').click()
      const dialog = clerk.page.locator('.reason-dialog')
      await dialog.waitFor()
      // A return needs a reason.
      await clerk.page.getByTestId('reason-confirm').click()
      await dialog.getByText('请填写理由').waitFor()
      const reason = '经营场所平面布局图未标明专间位置，请补充后重新提交。'
      await clerk.page.getByTestId('reason-input').fill(reason)
      await screenshot(clerk.page, 'workbench-return-reason')
      await clerk.page.getByTestId('reason-confirm').click()
      await clerk.page.getByTestId('app-status').filter({ hasText: '待补正' }).waitFor()
      await clerk.page.getByTestId('history').filter({ hasText: reason }).waitFor()
      await clerk.page.getByTestId('live-indicator').and(clerk.page.locator('[data-state="open"]')).waitFor()

      // The applicant's page shows the request and its reason without reloading.
      const correction = ent.page.getByTestId('correction')
      await correction.filter({ hasText: reason }).waitFor()
      assert.equal(await ent.page.evaluate(() => window.__sameDocument), true, 'the applicant page was reloaded')
      await screenshot(ent.page, 'portal-correction')
      await ent.page.getByTestId('edit-resubmit').click()
      await ent.page.waitForURL(new RegExp(`/portal/applications/${id}/form$`))
      await ent.page.getByTestId('return-reason').filter({ hasText: reason }).waitFor()
      await fillText(ent.page, 'facility_note', '已在平面图中标明专间位置。')
      await ent.page.getByTestId('submit').filter({ hasText: '重新提交' }).click()
      await ent.page.waitForURL(new RegExp(`/portal/applications/${id}$`))
      await ent.page.getByTestId('app-status').filter({ hasText: '已提交' }).waitFor()

      // The clerk's open page follows: the application is back, with the correction saved.
      await clerk.page.getByTestId('app-status').filter({ hasText: '已提交' }).waitFor()
      await clerk.page.locator('[data-action="accept"]').waitFor()
      await clerk.page.locator('[data-field="facility_note"]').filter({ hasText: '已在平面图中标明专间位置' }).waitFor()

      for (const s of [ent, clerk]) {
        assert.deepEqual(s.errors, [], 'uncaught errors in the page')
        await s.context.close()
      }
    }))
})

describe('form validation', () => {
  test('authoritative values are prefilled and read-only; inline errors while typing, and the server’s 422 errors on their fields', () =>
    withFailureContext(async () => {
      const ent = await openAs('enterprise.demo')
      const page = ent.page
      const user = await me(page)

      // 办事指南: find the item by pinyin initials, open its guide, 在线办理.
      await page.goto('/portal/guide')
      await page.getByTestId('item-search').fill('spjyxk')  // pinyin initials of 食品经营许可
      const result = page.getByTestId('item-results').locator('.result').filter({ hasText: FOOD_ITEM_NAME }).first()
      await result.waitFor()
      await screenshot(page, 'guide-search')
      await result.click()
      await page.getByTestId('materials').waitFor()
      assert.match(await page.getByTestId('time-limits').innerText(), /法定 \d+ 个工作日[\s\S]*承诺 \d+ 个工作日/)
      await screenshot(page, 'item-guide')
      await page.getByTestId('apply-online').click()
      // The item's own situation questions, if any, come first.
      const confirm = page.getByTestId('questions-confirm')
      if (await confirm.isVisible().catch(() => false)) {
        for (const q of await page.locator('.item-questions [data-question]').all()) {
          await q.locator('.el-radio').filter({ hasText: /^否$/ }).click()
        }
        await confirm.click()
      }
      await page.waitForURL(/\/portal\/applications\/\d+\/form$/)
      const appId = Number(page.url().match(/applications\/(\d+)/)[1])

      // The draft comes prefilled from authoritative sources (数源): the banner says how much, and
      // the values the sources verify are shown read-only with where they came from.
      const banner = page.getByTestId('prefill-banner')
      await banner.waitFor()
      assert.match(await banner.getByTestId('prefill-summary').innerText(), /^已为您从权威数源预填 \d+\/\d+ 项（\d+%）$/)
      const company = field(page, 'company_name')
      assert.equal(await company.getAttribute('data-locked'), 'true')
      assert.equal((await company.locator('.locked-text').innerText()).trim(), user.enterprise.name)
      assert.equal(await company.locator('input').count(), 0, 'a locked value cannot be typed over')
      await company.getByTestId('locked-tag').filter({ hasText: '来自法人库' }).waitFor()
      for (const key of ['credit_code', 'legal_representative', 'legal_rep_id']) {
        assert.equal(await field(page, key).getAttribute('data-locked'), 'true', `${key} is locked`)
        assert.equal(await field(page, key).locator('input').count(), 0, `${key} has no input`)
      }
      assert.equal((await field(page, 'credit_code').locator('.locked-text').innerText()).trim(), user.enterprise.credit_code)
      // Suggestions (an annual-report phone) are filled but stay editable.
      assert.notEqual(await page.locator('#f-contact_phone').inputValue(), '')
      await field(page, 'contact_phone').getByTestId('prefilled-tag').filter({ hasText: '已预填，可修改' }).waitFor()

      // A wrong phone number is caught when the field is left.
      await fillText(page, 'contact_phone', '12345')
      const phoneInline = field(page, 'contact_phone').locator('.el-form-item__error')
      await phoneInline.filter({ hasText: '请填写11位手机号码或带区号的固定电话' }).waitFor()

      // Submitting with what the applicant still has to answer left open marks those fields and
      // asks the server nothing.
      let submitted = false
      page.on('request', (r) => {
        if (r.url().endsWith(`/applications/${appId}/submit`)) submitted = true
      })
      await page.getByTestId('submit').click()
      await field(page, 'has_storage').locator('.el-form-item__error').filter({ hasText: '请选择是否设有仓库' }).waitFor()
      await field(page, 'facilities').locator('.el-form-item__error').waitFor()
      assert.equal(await field(page, 'company_name').locator('.el-form-item__error').count(), 0, 'prefilled values need nothing')
      assert.ok(await page.getByTestId('error-count').isVisible())
      assert.equal(submitted, false)
      await screenshot(page, 'form-inline-errors')

      // A correct value clears its error.
      await fillText(page, 'contact_phone', '13812345678')
      await phoneInline.waitFor({ state: 'detached' })

      // What the applicant types is the rest.
      await fillPrefilledFoodForm(page)
      await page.getByTestId('autosave').filter({ hasText: '已自动保存' }).waitFor()

      // Meanwhile the draft is changed on another device (same account): a phone number the server
      // rejects. Submitting shows the server's message on that field.
      const patched = await page.evaluate(async (id) => {
        const res = await fetch(`/api/v1/applications/${id}`, {
          method: 'PATCH',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ fields: { contact_phone: '12345' } }),
        })
        return res.status
      }, appId)
      assert.equal(patched, 200)
      const answer = page.waitForResponse((r) => r.url().endsWith(`/applications/${appId}/submit`))
      await page.getByTestId('submit').click()
      const res = await answer
      assert.equal(res.status(), 422)
      const problem = await res.json()
      const phoneError = problem.errors.find((e) => e.field.replace(/^(fields|form)[./]/, '') === 'contact_phone')
      assert.ok(phoneError, `the server names contact_phone: ${JSON.stringify(problem.errors)}`)
      const shown = field(page, 'contact_phone').locator('.el-form-item__error')
      await shown.filter({ hasText: phoneError.message }).waitFor()
      assert.equal(await page.locator('#f-contact_phone').inputValue(), '12345', 'the form shows what the server checked')
      assert.match(page.url(), /\/form$/, 'still on the form')
      await screenshot(page, 'form-server-errors')

      // Fixing it submits.
      await fillText(page, 'contact_phone', '13812345678')
      await shown.waitFor({ state: 'detached' })
      await page.getByTestId('submit').click()
      await page.waitForURL(new RegExp(`/portal/applications/${appId}$`))
      await page.getByTestId('app-status').filter({ hasText: '已提交' }).waitFor()

      assert.deepEqual(ent.errors, [], 'uncaught errors in the page')
      await ent.context.close()
    }))
})

describe('portal on a phone (375 px)', () => {
  test('guide, questionnaire and form fit the screen', () =>
    withFailureContext(async () => {
      const ent = await openAs('enterprise.demo', PHONE)
      const page = ent.page
      const overflow = () =>
        page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)

      await page.goto('/portal/guide')
      await page.getByTestId('item-results').waitFor()
      assert.ok((await overflow()) <= 0, 'guide wider than the screen')
      await screenshot(page, 'guide-phone')

      await page.goto(`/portal/guide/bundles/${BUNDLE}`)
      await page.getByTestId('question-step').waitFor()
      assert.ok((await overflow()) <= 0, 'questionnaire wider than the screen')
      await screenshot(page, 'questionnaire-phone')
      await answerQuestionnaire(page)
      await page.getByTestId('q-confirm').click()
      await page.getByTestId('checklist').waitFor()
      assert.ok((await overflow()) <= 0, 'checklist wider than the screen')
      await page.getByTestId('start-form').click()
      await page.waitForURL(/\/form$/)
      await field(page, 'company_name').waitFor()
      assert.ok((await overflow()) <= 0, 'form wider than the screen')
      await screenshot(page, 'form-phone')

      await page.goto('/portal/applications')
      await page.getByTestId('my-applications').waitFor()
      assert.ok((await overflow()) <= 0, 'my applications wider than the screen')
      await screenshot(page, 'applications-phone')

      assert.deepEqual(ent.errors, [], 'uncaught errors in the page')
      await ent.context.close()
    }))
})
