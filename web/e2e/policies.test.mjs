// Browser tests of 免申即享 against a real haoban server (see server.mjs) with the demo seed: the
// officer (policy.demo) runs a policy that gives enterprise.demo an eligible decision — chosen from
// the enterprise's check-up, so the test does not depend on which policies match — and confirms the
// list; the enterprise sees its 政策体检, the eligible policy and a near miss with its reason, and
// confirms the grant with consent (mode confirm) or finds it pending (auto); the officer pays it and
// the enterprise sees 已发放. Also an objection (异议) needs a reason, and phones fit.
// Run with `npm run build && npm run test:e2e`.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { api, DESKTOP, horizontalOverflow, PHONE, screenshot, suiteFixture, topScreenshot, withPage } from './browser.mjs'

const suite = suiteFixture()
const withUser = (username, options, fn) => withPage(suite, { username, ...options }, fn)
/** The officer's browser keeps China time, so that the run's default date is the server's today. */
const OFFICER = { ...DESKTOP, timezoneId: 'Asia/Shanghai' }

/** "300000" → "300,000 元" (as the pages show amounts). */
function yuan(amount) {
  const [whole, frac = ''] = String(amount).split('.')
  const f = frac.replace(/0+$/, '')
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${f ? `.${f.padEnd(2, '0')}` : ''} 元`
}

/** The exact sum of decimal yuan strings (micro-yuan integers underneath). */
function sumYuan(amounts) {
  const micro = amounts.reduce((t, a) => {
    const [w, f = ''] = String(a).split('.')
    return t + BigInt(w) * 1_000_000n + BigInt(f.padEnd(6, '0').slice(0, 6))
  }, 0n)
  const w = micro / 1_000_000n
  const f = (micro % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '')
  return f ? `${w}.${f}` : `${w}`
}

const delay = (ms) => new Promise((r) => setTimeout(r, ms))

/** What the tests learn from the enterprise's check-up and pass on. */
const the = {
  entity: '',
  asOf: '',
  checkup: null,
  /** The eligible policy the officer runs: {policy, title, amount, mode, reasons}. */
  pick: null,
  /** A second eligible policy, for the objection (or null). */
  second: null,
  /** A near miss: {policy, reason}. */
  near: null,
  runId: 0,
}

describe('免申即享', () => {
  test('the check-up gives enterprise.demo an eligible policy and a near miss', () =>
    withUser('enterprise.demo', DESKTOP, async (page) => {
      const checkup = await api(page, 'GET', '/api/v1/policies/checkup')
      assert.equal(checkup.status, 200, JSON.stringify(checkup.body))
      const policies = await api(page, 'GET', '/api/v1/policies')
      assert.equal(policies.status, 200)
      const mode = new Map(policies.body.items.map((p) => [p.id, p.mode]))
      const c = checkup.body
      the.entity = c.entity
      the.asOf = c.as_of
      the.checkup = c
      const eligible = c.decisions.filter((d) => d.outcome === 'eligible' && Number(d.amount) > 0)
      assert.ok(eligible.length >= 1, `enterprise.demo has no eligible policy: ${c.decisions.map((d) => `${d.policy}:${d.outcome}`).join(' ')}`)
      // A confirm-mode policy shows the one-click confirmation; else 专精特新 or the first.
      const ranked = [
        ...eligible.filter((d) => mode.get(d.policy) === 'confirm'),
        ...eligible.filter((d) => d.policy === 'BS-2026-ZJTX-AWARD'),
        ...eligible,
      ]
      const info = (d) => ({
        policy: d.policy,
        title: d.title,
        amount: d.amount,
        mode: mode.get(d.policy),
        reasons: d.criteria.filter((x) => x.verdict === 'held').map((x) => x.reason),
      })
      the.pick = info(ranked[0])
      const other = eligible.find((d) => d.policy !== the.pick.policy)
      the.second = other ? info(other) : null
      const near = c.decisions.find((d) => d.near_miss)
      assert.ok(near, 'enterprise.demo has a near miss')
      assert.equal(near.outcome, 'ineligible')
      const failed = near.criteria.filter((x) => x.verdict === 'failed')
      assert.equal(failed.length, 1, 'a near miss failed exactly one criterion')
      the.near = { policy: near.policy, title: near.title, reason: failed[0].reason }
    }))

  test('policy.demo runs the policy as of today and confirms its list', () =>
    withUser('policy.demo', OFFICER, async (page) => {
      assert.ok(the.pick, 'the check-up test chose a policy')
      await page.waitForURL((url) => url.pathname === '/workbench/policies')
      await page.getByTestId('area-nav').getByText('政策兑现').waitFor()
      const rows = page.getByTestId('policy-row')
      await rows.first().waitFor()
      assert.ok((await rows.count()) >= 60, 'the district’s policies are listed')

      // The policy's name narrows the list to it.
      const all = await rows.count()
      await page.getByTestId('policy-search').fill(the.pick.title)
      const row = page.locator(`[data-testid="policy-row"][data-id="${the.pick.policy}"]`)
      await row.waitFor()
      assert.ok((await rows.count()) < all)

      // The run: the date defaults to today; a slow answer shows the progress indicator.
      await row.getByTestId('policy-run').click()
      const dialog = page.getByTestId('run-dialog')
      await dialog.getByText(the.pick.title).waitFor()
      assert.equal(await page.getByTestId('run-date').locator('input').inputValue(), the.asOf)
      await page.route('**/api/v1/policy-runs', async (route) => {
        if (route.request().method() === 'POST') await delay(800)
        await route.continue()
      })
      const posted = page.waitForResponse((r) => r.url().endsWith('/api/v1/policy-runs') && r.request().method() === 'POST')
      await page.getByTestId('run-start').click()
      await page.getByTestId('run-progress').waitFor()
      const res = await posted
      assert.equal(res.status(), 201)
      const run = await res.json()
      await page.unroute('**/api/v1/policy-runs')
      assert.equal(run.policy, the.pick.policy)
      assert.equal(run.as_of, the.asOf)
      assert.equal(run.status, 'pending_review')
      assert.ok(run.eligible >= 1)
      the.runId = run.id

      // The list opens in the drawer: the enterprise among the eligible, with its amount.
      await page.waitForURL((url) => url.searchParams.get('run') === String(run.id))
      const detail = page.getByTestId('run-detail')
      await detail.getByTestId('run-status').getByText('待确认名单').waitFor()
      assert.equal((await detail.getByTestId('run-eligible').innerText()).trim(), String(run.eligible))
      assert.equal((await detail.getByTestId('run-amount').innerText()).trim(), yuan(run.amount))
      await detail.getByTestId('run-filter').fill(the.entity)
      const mine = detail.locator(`[data-testid="run-decision"][data-entity="${the.entity}"]`)
      await mine.waitFor()
      assert.equal(await mine.getAttribute('data-outcome'), 'eligible')
      assert.match(await mine.innerText(), new RegExp(yuan(the.pick.amount).replace('.', '\\.')))
      // Near misses have their own tab, each with the criterion it failed.
      await detail.getByTestId('run-filter').fill('')
      await detail.getByRole('tab', { name: /^差一项/ }).click()
      if (run.near_misses > 0) {
        const first = detail.getByTestId('run-decision').first()
        await first.waitFor()
        assert.match(await first.innerText(), /未满足：/)
      }
      await detail.getByRole('tab', { name: /^符合/ }).click()
      await screenshot(page, 'policies-run')

      // 确认名单 with a note.
      await page.getByTestId('run-note').fill('已与税务、社保数据核对')
      const confirmed = page.waitForResponse((r) => r.url().endsWith(`/api/v1/policy-runs/${run.id}/confirm`))
      await page.getByTestId('run-confirm').click()
      const after = await (await confirmed).json()
      assert.equal(after.status, 'confirmed')
      assert.equal(after.granted, run.eligible)
      assert.equal(after.note, '已与税务、社保数据核对')
      const done = detail.getByTestId('run-confirmed')
      await done.waitFor()
      assert.match(await done.innerText(), new RegExp(`生成 ${after.granted} 笔兑现`))

      // The runs tab lists it as confirmed.
      await page.goto('/workbench/policies?tab=runs')
      await page.locator(`[data-testid="run-row"][data-id="${run.id}"][data-status="confirmed"]`).waitFor()

      const grants = await api(page, 'GET', `/api/v1/policy-grants?policy=${the.pick.policy}`)
      const grant = grants.body.items.find((g) => g.entity === the.entity)
      assert.ok(grant, 'the enterprise was granted')
      assert.equal(grant.state, the.pick.mode === 'confirm' ? 'awaiting_confirmation' : 'pending')
      assert.equal(grant.amount, the.pick.amount)
    }))

  test('enterprise.demo sees its 政策体检, the eligible policy, a near miss with its reason, and confirms', () =>
    withUser('enterprise.demo', DESKTOP, async (page) => {
      assert.ok(the.runId, 'the officer confirmed a list')
      await page.getByTestId('area-nav').getByText('我的政策').click()
      await page.waitForURL((url) => url.pathname === '/portal/policies')
      const summary = page.getByTestId('checkup-summary')
      await summary.waitFor()

      // The summary counts what the API decided.
      const c = the.checkup
      const eligible = c.decisions.filter((d) => d.outcome === 'eligible')
      const count = async (id) => Number((await page.getByTestId(id).innerText()).trim())
      assert.equal(await count('summary-eligible-count'), eligible.length)
      assert.equal(await count('summary-near-count'), c.decisions.filter((d) => d.near_miss).length)
      assert.equal(await count('summary-undecided-count'), c.decisions.filter((d) => d.outcome === 'undecided').length)
      assert.equal((await page.getByTestId('summary-amount').innerText()).trim(), `金额合计 ${yuan(sumYuan(eligible.map((d) => d.amount ?? '0')))}`)

      // The eligible policy: its amount, the reasons that held, and its grant.
      const card = page.locator(`[data-testid="list-eligible"] [data-testid="policy-decision"][data-policy="${the.pick.policy}"]`)
      await card.waitFor()
      assert.equal((await card.getByTestId('decision-outcome').innerText()).trim(), '符合')
      assert.equal((await card.getByTestId('decision-amount').innerText()).trim(), yuan(the.pick.amount))
      const reasons = await card.getByTestId('decision-reasons').innerText()
      for (const r of the.pick.reasons) assert.ok(reasons.includes(r), `reason ${r} shown`)
      await card.getByTestId('decision-grant').getByText(the.pick.mode === 'confirm' ? '待您确认' : '待发放').waitFor()
      await topScreenshot(page, 'policies-portal')

      // 差一项: the failed criterion's reason, and what the platform saw, collapsed.
      await page.getByTestId('summary-near').click()
      await page.waitForURL((url) => url.searchParams.get('tab') === 'near')
      const near = page.locator(`[data-testid="list-near"] [data-testid="policy-decision"][data-policy="${the.near.policy}"]`)
      await near.waitFor()
      assert.equal((await near.getByTestId('decision-outcome').innerText()).trim(), '差一项')
      assert.equal((await near.getByTestId('near-miss-reason').innerText()).trim(), the.near.reason)
      const explain = near.getByTestId('decision-explanation')
      assert.equal(await explain.locator('pre').isVisible(), false, 'the explanation starts collapsed')
      await explain.locator('summary').click()
      assert.match(await explain.locator('pre').innerText(), /✗/)
      await screenshot(page, 'policies-near-miss')

      // 我的兑现: one-click confirmation needs the consent ticked.
      await page.locator('#tab-grants').click()
      const grant = page.locator(`[data-testid="my-grant"][data-policy="${the.pick.policy}"]`)
      await grant.waitFor()
      assert.equal((await grant.getByTestId('grant-amount').innerText()).trim(), yuan(the.pick.amount))
      if (the.pick.mode === 'confirm') {
        await page.getByTestId('grants-awaiting').waitFor()
        assert.equal(await grant.getAttribute('data-state'), 'awaiting_confirmation')
        assert.equal(await grant.getByTestId('grant-confirm').isDisabled(), true, 'no confirmation without consent')
        await grant.getByTestId('grant-consent').getByText('同意共享相关数据用于政策兑现').click()
        const confirmed = page.waitForResponse((r) => /\/api\/v1\/policies\/grants\/\d+\/confirm$/.test(r.url()))
        await grant.getByTestId('grant-confirm').click()
        const res = await confirmed
        assert.equal(res.status(), 200)
        assert.deepEqual(JSON.parse(res.request().postData()), { consent: true })
        await page.locator(`[data-testid="my-grant"][data-policy="${the.pick.policy}"][data-state="pending"]`).waitFor()
        assert.equal(await page.getByTestId('grants-awaiting').count(), 0)
      }
      assert.equal((await grant.getByTestId('grant-state').innerText()).trim(), '待发放')
      await screenshot(page, 'policies-grants')
    }))

  test('policy.demo pays the grant; the enterprise sees 已发放', async () => {
    await withUser('policy.demo', OFFICER, async (page) => {
      await page.goto('/workbench/policies?tab=grants')
      const row = page.locator(`[data-testid="grant-row"][data-entity="${the.entity}"][data-policy="${the.pick.policy}"]`)
      await row.waitFor()
      assert.equal(await row.getAttribute('data-state'), 'pending')
      const paid = page.waitForResponse((r) => /\/api\/v1\/policy-grants\/\d+\/pay$/.test(r.url()))
      await row.getByTestId('grant-pay').click()
      assert.equal((await paid).status(), 200)
      await page.locator(`[data-testid="grant-row"][data-entity="${the.entity}"][data-policy="${the.pick.policy}"][data-state="paid"]`).waitFor()
      assert.equal((await row.getByTestId('grant-row-state').innerText()).trim(), '已发放')
      assert.equal(await row.getByTestId('grant-pay').count(), 0)
    })
    await withUser('enterprise.demo', DESKTOP, async (page) => {
      await page.goto('/portal/policies?tab=grants')
      const grant = page.locator(`[data-testid="my-grant"][data-policy="${the.pick.policy}"]`)
      await grant.waitFor()
      assert.equal(await grant.getAttribute('data-state'), 'paid')
      assert.equal((await grant.getByTestId('grant-state').innerText()).trim(), '已发放')
      assert.equal(await grant.getByTestId('grant-confirm').count(), 0)
      assert.equal(await grant.getByTestId('grant-object').count(), 0)
      await page.locator('#tab-eligible').click()
      const card = page.locator(`[data-testid="list-eligible"] [data-policy="${the.pick.policy}"]`)
      await card.getByTestId('decision-grant').getByText('已发放').waitFor()
    })
  })

  test('an objection (异议) needs a reason and is shown on the grant', async (t) => {
    if (!the.second) {
      t.skip('enterprise.demo has only one eligible policy')
      return
    }
    await withUser('policy.demo', OFFICER, async (page) => {
      await page.goto('/workbench/policies')
      const run = await api(page, 'POST', '/api/v1/policy-runs', { policy: the.second.policy })
      assert.equal(run.status, 201, JSON.stringify(run.body))
      const confirmed = await api(page, 'POST', `/api/v1/policy-runs/${run.body.id}/confirm`, {})
      assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body))
    })
    await withUser('enterprise.demo', DESKTOP, async (page) => {
      await page.goto('/portal/policies?tab=grants')
      const grant = page.locator(`[data-testid="my-grant"][data-policy="${the.second.policy}"]`)
      await grant.waitFor()
      await grant.getByTestId('grant-object').click()
      const dialog = page.getByTestId('objection-dialog')
      await dialog.getByText(the.second.title).waitFor()
      await page.getByTestId('objection-submit').click()
      await dialog.getByText('请填写异议理由').waitFor()
      await page.getByTestId('objection-reason').fill('本年度新招用人数有误，请核实')
      const sent = page.waitForResponse((r) => /\/api\/v1\/policies\/grants\/\d+\/objection$/.test(r.url()))
      await page.getByTestId('objection-submit').click()
      assert.equal((await sent).status(), 200)
      await page.locator(`[data-testid="my-grant"][data-policy="${the.second.policy}"][data-state="objected"]`).waitFor()
      assert.equal((await grant.getByTestId('grant-state').innerText()).trim(), '已提出异议')
      assert.equal((await grant.getByTestId('grant-objection').innerText()).trim(), '本年度新招用人数有误，请核实')
    })
  })

  test('phones: 我的政策 and 政策兑现 fit the screen', async () => {
    await withUser('enterprise.demo', PHONE, async (page) => {
      await page.goto('/portal/policies')
      await page.getByTestId('checkup-summary').waitFor()
      await page.getByTestId('policy-decision').first().waitFor()
      assert.equal(await horizontalOverflow(page), 0, 'the check-up fits')
      await topScreenshot(page, 'policies-portal-phone')
      await page.goto('/portal/policies?tab=grants')
      await page.getByTestId('my-grant').first().waitFor()
      assert.equal(await horizontalOverflow(page), 0, 'the grants fit')
    })
    await withUser('policy.demo', { ...PHONE, timezoneId: 'Asia/Shanghai' }, async (page) => {
      await page.goto(`/workbench/policies?run=${the.runId}`)
      await page.getByTestId('run-detail').getByTestId('run-decision').first().waitFor()
      assert.equal(await horizontalOverflow(page), 0, 'the run’s list fits')
      await topScreenshot(page, 'policies-run-phone')
    })
  })
})
