// Browser tests of 无忧快注 against a real haoban server (see server.mjs) with the demo seed: the
// standard address lookup (suggestions with usage and 集中登记地, a pick shown as a standard address,
// traditional characters and Chinese numerals normalised level by level, near misses and unreadable
// input), whether premises need no proof (住所使用证明), the park directory and its filters, address
// fields in application forms (标准地址 below the field, 您是否要找 links that fill it, the material
// list re-checked as the premises address is saved), and the proof of premises exempt through the
// standard address database on 食品经营许可. Also phones.
// Run with `npm run build && npm run test:e2e`.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import {
  api,
  DESKTOP,
  horizontalOverflow,
  PHONE,
  screenshot as saveScreenshot,
  suiteFixture,
  topScreenshot as screenshot,
  withPage,
} from './browser.mjs'

const suite = suiteFixture()
const withUser = (username, options, fn) => withPage(suite, { username, ...options }, fn)

const FOOD_ITEM = 'SCJG-011'
const FOOD_ITEM_NAME = '食品经营许可（新办）'
/** 公共场所卫生许可: its form's 经营场所 (business_address) is the applicant's to type (no prefill). */
const HYGIENE_ITEM = 'WJW-001'
/** enterprise.demo's registered address: a standard address it owns (不动产权证 in the seed). */
const OWN_ADDRESS = '上海市宝山区友谊路1633号'


/** 上海机器人产业园's 集中登记地 as the API reports it (the seed decides its numbers). */
async function robotsHub(page) {
  const parks = await api(page, 'GET', '/api/v1/parks')
  return parks.body.items.find((p) => p.id === 'P01').centralised[0]
}



/** The suggestion list of the address input that has focus. */
const suggestions = (page) => page.locator('.address-suggest-popper:visible [data-testid="address-suggestion"]')

function lookupInput(page) {
  return page.getByTestId('address-search').locator('input')
}

async function openLookup(page) {
  await page.goto('/portal')
  await page.getByTestId('area-nav').getByText('无忧快注').click()
  await page.waitForURL((url) => url.pathname === '/portal/addresses')
  await page.getByTestId('page-title').filter({ hasText: '无忧快注' }).waitFor()
  await page.getByTestId('lookup-intro').waitFor()
}

/** The levels table as [level, text, inferred] rows, top to bottom. */
async function levels(page) {
  return page
    .getByTestId('levels')
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((r) => [r.dataset.level, r.querySelector('.level-text').textContent.trim(), r.dataset.inferred === 'true']))
}

/**
 * enterprise.demo's library holds a valid 经营场所使用证明 (the seed), which exempts the proof of
 * premises wherever they are unless the standard address route does. Revoking it (as the owner
 * could in 我的材料) lets the address alone decide. Returns the revoked materials.
 */
async function revokeLibraryPremises(page) {
  const lib = (await api(page, 'GET', '/api/v1/materials')).body.items
  const premises = lib.filter((m) => m.category === 'premises_proof' && m.status === 'valid')
  for (const m of premises) {
    const r = await api(page, 'POST', `/api/v1/materials/${m.id}/revoke`, { reason: '已改用标准地址核验' })
    assert.equal(r.status, 200, JSON.stringify(r.body))
  }
  return premises
}

function premisesRow(page) {
  return page.getByTestId('required-materials').locator('[data-material="premises"]')
}

describe('标准地址查询', () => {
  test('牡丹江路13 suggests 上海市宝山区牡丹江路13号 with its usage; picking it shows a standard address', () =>
    withUser('person.demo', DESKTOP, async (page) => {
      await openLookup(page)
      const input = lookupInput(page)
      await input.click()
      await input.pressSequentially('牡丹江路13', { delay: 20 })
      const list = suggestions(page)
      await list.first().waitFor()
      const texts = (await list.locator('.sg-text').allInnerTexts()).map((t) => t.trim())
      assert.equal(texts[0], '上海市宝山区牡丹江路13号', texts.join())
      assert.ok(texts.includes('上海市宝山区牡丹江路130号'), texts.join())
      assert.ok(texts.every((t) => t.startsWith('上海市宝山区牡丹江路13')), texts.join())
      const first = list.filter({ hasText: /^上海市宝山区牡丹江路13号/ }).first()
      assert.equal(await first.getAttribute('data-id'), 'BS-003-000013')
      await first.locator('.el-tag').filter({ hasText: '商业' }).waitFor()
      await saveScreenshot(page, 'addresses-suggest')

      await first.click()
      await page.waitForURL((url) => url.searchParams.get('q') === '上海市宝山区牡丹江路13号')
      const verdict = page.getByTestId('lookup-verdict')
      await verdict.and(page.locator('[data-state="standard"]')).waitFor()
      await verdict.getByText('标准地址').first().waitFor()
      await verdict.getByText('BS-003-000013').waitFor()
      assert.equal((await verdict.getByTestId('verdict-address').innerText()).trim(), '上海市宝山区牡丹江路13号')
      const top = page.getByTestId('candidate').first()
      assert.equal(await top.getAttribute('data-exact'), 'true')
      assert.equal((await top.getByTestId('candidate-score').innerText()).trim(), '匹配度 100%')
      assert.equal((await top.getByTestId('candidate-reason').innerText()).trim(), '道路、门牌号、街道镇一致')
      assert.equal(await input.inputValue(), '上海市宝山区牡丹江路13号')
      await screenshot(page, 'addresses-standard')
    }))

  test('a centralised registration address is marked in the suggestions', () =>
    withUser('person.demo', DESKTOP, async (page) => {
      await openLookup(page)
      await lookupInput(page).pressSequentially('富联路8', { delay: 20 })
      const centralised = suggestions(page).filter({ has: page.getByTestId('centralised-mark') })
      await centralised.first().waitFor()
      assert.equal((await centralised.first().locator('.sg-text').innerText()).trim(), '上海市宝山区富联路8号')
      await centralised.first().locator('.sg-where').filter({ hasText: '上海机器人产业园' }).waitFor()
      assert.equal(await centralised.count(), 1, 'only 富联路8号 is a 集中登记地')
    }))

  test('上海市寶山區牡丹江路一百二十三號 (Enter) is normalised level by level; the top candidate is 牡丹江路123号', () =>
    withUser('person.demo', DESKTOP, async (page) => {
      await openLookup(page)
      const input = lookupInput(page)
      await input.fill('上海市寶山區牡丹江路一百二十三號')
      await input.press('Enter')
      await page.waitForURL((url) => url.searchParams.get('q') === '上海市寶山區牡丹江路一百二十三號')
      const parse = page.getByTestId('parse')
      await parse.waitFor()
      assert.equal((await parse.getByTestId('parse-input').innerText()).trim(), '上海市寶山區牡丹江路一百二十三號')
      assert.equal((await parse.getByTestId('parse-normalized').innerText()).trim(), '上海市宝山区牡丹江路123号')
      assert.deepEqual((await parse.getByTestId('parse-change').allInnerTexts()).map((t) => t.trim()), ['繁体→简体', '一百二十三号→123号'])
      // In address order; 省 and 街道镇 were not written and are filled in from the gazetteer.
      assert.deepEqual(await levels(page), [
        ['province', '上海市', true],
        ['city', '上海市', false],
        ['district', '宝山区', false],
        ['town', '友谊路街道', true],
        ['road', '牡丹江路', false],
        ['road_number', '123号', false],
      ])
      assert.equal(await parse.getByTestId('inferred-tag').count(), 2)
      assert.equal(await parse.locator('tr[data-level="district"] .mono').innerText(), '310113')
      assert.equal(await parse.getByTestId('parse-unrecognised').count(), 0)

      const top = page.getByTestId('candidate').first()
      assert.equal((await top.getByTestId('candidate-text').innerText()).trim(), '上海市宝山区牡丹江路123号')
      assert.equal(await top.getAttribute('data-exact'), 'true')
      await page.getByTestId('lookup-verdict').and(page.locator('[data-state="standard"]')).getByText('BS-003-000123').waitFor()
      // The suggestions do not reopen over the result after Enter.
      await page.waitForTimeout(600)
      assert.equal(await suggestions(page).count(), 0)
      await screenshot(page, 'addresses-parse')

      // Full-width digits too.
      await input.fill('上海市宝山区牡丹江路１２３号')
      await page.getByTestId('address-search-submit').click()
      await parse.getByTestId('parse-change').filter({ hasText: '全角→半角' }).waitFor()
      assert.equal((await top.getByTestId('candidate-text').innerText()).trim(), '上海市宝山区牡丹江路123号')
    }))

  test('a park name is no standard address: the closest ones, their park and 集中登记地 余量; the park link opens the directory', () =>
    withUser('person.demo', DESKTOP, async (page) => {
      await page.goto(`/portal/addresses?q=${encodeURIComponent('上海机器人产业园')}`)
      const verdict = page.getByTestId('lookup-verdict')
      await verdict.and(page.locator('[data-state="near"]')).waitFor()
      await verdict.getByText('不是标准地址').waitFor()
      const cands = page.getByTestId('candidate')
      assert.ok((await cands.count()) >= 4)
      assert.equal(await cands.and(page.locator('[data-exact="true"]')).count(), 0)
      for (const reason of await cands.getByTestId('candidate-reason').allInnerTexts()) assert.match(reason, /楼宇\/园区.*一致/)
      const central = cands.filter({ has: page.getByTestId('candidate-centralised') })
      await central.first().waitFor()
      assert.equal((await central.first().getByTestId('candidate-text').innerText()).trim(), '上海市宝山区富联路8号')
      const hub = await robotsHub(page)
      assert.match(await central.first().getByTestId('candidate-centralised').innerText(), new RegExp(`余量 ${hub.capacity - hub.registered} / ${hub.capacity}`))
      await central.first().getByRole('button', { name: '上海机器人产业园' }).click()
      await page.waitForURL((url) => url.searchParams.get('tab') === 'parks' && url.searchParams.get('park') === 'P01')
      await page.locator('[data-testid="park"][data-id="P01"].park--focus').waitFor()
    }))

  test('unreadable input says what was not recognised; a failed search shows the server’s message', () =>
    withUser('person.demo', DESKTOP, async (page) => {
      await page.goto('/portal/addresses?q=abc')
      await page.getByTestId('lookup-verdict').and(page.locator('[data-state="none"]')).waitFor()
      await page.getByTestId('parse-unrecognised').getByText('不是中文地址：abc').waitFor()

      await page.route('**/api/v1/addresses/match*', (route) =>
        route.fulfill({ status: 503, contentType: 'application/problem+json', body: JSON.stringify({ title: '标准地址库暂时不可用', status: 503 }) }),
      )
      await lookupInput(page).fill('牡丹江路13号')
      await page.getByTestId('address-search-submit').click()
      await page.getByTestId('lookup-error').getByText('查询失败：标准地址库暂时不可用').waitFor()
      await page.unroute('**/api/v1/addresses/match*')
    }))

  test('enterprise.demo: premises at its own address need no proof; elsewhere they do, with the reason', () =>
    withUser('enterprise.demo', DESKTOP, async (page) => {
      await page.goto(`/portal/addresses?q=${encodeURIComponent('寶山區友誼路一千六百三十三號')}`)
      await page.getByTestId('lookup-verdict').and(page.locator('[data-state="standard"]')).waitFor()
      await page.getByTestId('check-premises').click()
      const result = page.getByTestId('premises-result')
      await result.and(page.locator('[data-exempt="true"]')).waitFor()
      await result.getByText('可以免交住所使用证明').waitFor()
      assert.match(await result.innerText(), /标准地址库：上海市宝山区友谊路1633号（BS-003-003633）；不动产登记：不动产权证.+权利人为申请人/)
      await screenshot(page, 'addresses-premises')

      await lookupInput(page).fill('牡丹江路13号')
      await page.getByTestId('address-search-submit').click()
      await page.getByTestId('lookup-verdict').getByText('BS-003-000013').waitFor()
      assert.equal(await result.count(), 0, 'the old result is cleared with a new search')
      await page.getByTestId('check-premises').click()
      await result.and(page.locator('[data-exempt="false"]')).waitFor()
      assert.match(await result.innerText(), /住所为标准地址「上海市宝山区牡丹江路13号」，但未查到申请人在此处的不动产权或租赁备案/)
    }))
})

describe('园区目录', () => {
  test('12 parks; filtering by industry, street/town and words narrows them; an empty result offers to clear', () =>
    withUser('person.demo', DESKTOP, async (page) => {
      await page.goto('/portal/addresses')
      await page.getByRole('tab', { name: '园区目录' }).click()
      await page.waitForURL((url) => url.searchParams.get('tab') === 'parks')
      const list = page.getByTestId('park-list')
      await list.waitFor()
      const parks = list.getByTestId('park')
      assert.equal(await parks.count(), 12)
      assert.equal(await page.getByTestId('park-count').innerText(), '12')

      const robots = parks.filter({ hasText: '上海机器人产业园' })
      assert.deepEqual((await robots.getByTestId('park-industry').allInnerTexts()).map((t) => t.trim()), ['机器人', '智能制造', '工业互联网'])
      await robots.getByText('38,000').waitFor()
      await robots.getByRole('link', { name: '021-56690001' }).waitFor()
      const central = robots.getByTestId('park-centralised')
      await central.getByText('上海市宝山区富联路8号').waitFor()
      const hub = await robotsHub(page)
      assert.match(
        await central.getByTestId('centralised-remaining').innerText(),
        new RegExp(`已登记 ${hub.registered} / 容量 ${hub.capacity}\\s*余量 ${hub.capacity - hub.registered} 户`),
      )
      await screenshot(page, 'addresses-parks')

      // By industry (the select).
      await page.getByTestId('industry-filter').click()
      await page.locator('.el-select-dropdown:visible .el-select-dropdown__item').filter({ hasText: /^机器人（1）$/ }).click()
      await page.getByTestId('park-summary').getByText('筛选出').waitFor()
      assert.equal(await parks.count(), 1)
      assert.equal(await parks.first().getAttribute('data-id'), 'P01')

      // The chosen industry's tag on a card turns the filter off again; another tag switches it.
      await parks.first().getByTestId('park-industry').filter({ hasText: '机器人' }).click()
      await page.getByTestId('park-count').filter({ hasText: /^12$/ }).waitFor()
      await parks.filter({ hasText: '北郊未来产业园' }).getByTestId('park-industry').filter({ hasText: '智能制造' }).click()
      await page.getByTestId('park-count').filter({ hasText: /^2$/ }).waitFor()
      assert.deepEqual(await parks.evaluateAll((els) => els.map((e) => e.dataset.id)), ['P01', 'P10'])

      // Industry and street/town together: nothing; the empty state clears both.
      await page.getByTestId('town-filter').click()
      await page.locator('.el-select-dropdown:visible .el-select-dropdown__item').filter({ hasText: /^大场镇（2）$/ }).click()
      const empty = page.getByTestId('parks-empty')
      await empty.getByText('没有符合条件的园区').waitFor()
      await empty.getByText('产业“智能制造”、大场镇').waitFor()
      await empty.getByRole('button', { name: '清除筛选' }).click()
      await page.getByTestId('park-count').filter({ hasText: /^12$/ }).waitFor()

      // Words match names, roads, industries and centralised addresses.
      await page.getByTestId('park-search').fill('南大路')
      await page.getByTestId('park-count').filter({ hasText: /^1$/ }).waitFor()
      assert.equal(await parks.first().getAttribute('data-id'), 'P03')
      await page.getByTestId('park-search').fill('大场镇 新材料')
      await page.getByTestId('park-count').filter({ hasText: /^1$/ }).waitFor()
      assert.equal(await parks.first().getAttribute('data-id'), 'P04')

      // A centralised address can be looked up from its park.
      await page.getByTestId('park-search').fill('')
      await parks.filter({ hasText: '庙行科创园' }).getByTestId('lookup-address').click()
      await page.waitForURL((url) => url.searchParams.get('q') === '上海市宝山区康家路28号' && !url.searchParams.get('tab'))
      const verdict = page.getByTestId('lookup-verdict')
      await verdict.and(page.locator('[data-state="standard"]')).waitFor()
      await verdict.getByText('集中登记地').waitFor()
    }))

  test('a failed load shows the server’s message and a retry', () =>
    withUser('person.demo', DESKTOP, async (page) => {
      await page.route('**/api/v1/parks', (route) =>
        route.fulfill({ status: 503, contentType: 'application/problem+json', body: JSON.stringify({ title: '园区目录暂时不可用', status: 503 }) }),
      )
      await page.goto('/portal/addresses?tab=parks')
      const alert = page.getByTestId('parks-error')
      await alert.getByText('园区目录加载失败：园区目录暂时不可用').waitFor()
      await page.unroute('**/api/v1/parks')
      await alert.getByRole('button', { name: '重试' }).click()
      await page.getByTestId('park-list').waitFor()
      await alert.waitFor({ state: 'detached' })
      assert.equal(await page.getByTestId('park').count(), 12)
    }))
})

describe('the proof of premises on applications (enterprise.demo)', () => {
  test('食品经营许可: the locked 经营场所 is a standard address the enterprise owns, so the proof of premises is exempt through 标准地址库', () =>
    withUser('enterprise.demo', DESKTOP, async (page) => {
      await page.goto('/portal/guide')
      await page.getByTestId('item-search').fill('spjyxk')
      await page.getByTestId('item-results').locator('.result').filter({ hasText: FOOD_ITEM_NAME }).first().click()
      await page.getByTestId('apply-online').click()
      const confirm = page.getByTestId('questions-confirm')
      if (await confirm.isVisible().catch(() => false)) {
        for (const q of await page.locator('.item-questions [data-question]').all()) {
          await q.locator('.el-radio').filter({ hasText: /^否$/ }).click()
        }
        await confirm.click()
      }
      await page.waitForURL(/\/portal\/applications\/\d+\/form$/)
      const appId = Number(page.url().match(/applications\/(\d+)/)[1])
      const app = (await api(page, 'GET', `/api/v1/applications/${appId}`)).body
      assert.equal(app.code, FOOD_ITEM)

      // The premises address comes from 法人库, locked: text, not an input (and no address check).
      const address = page.locator('[data-field="business_address"]').first()
      assert.equal(await address.getAttribute('data-locked'), 'true')
      assert.equal((await address.locator('.locked-text').innerText()).trim(), OWN_ADDRESS)
      assert.equal(await address.locator('input').count(), 0)
      assert.equal(await address.getByTestId('address-status').count(), 0)
      assert.equal(app.fields.business_address, OWN_ADDRESS)

      // Exempt as a standard address the enterprise owns (不动产登记), ahead of the still-valid
      // 经营场所使用证明 the seed put in its library.
      const library = (await api(page, 'GET', '/api/v1/materials')).body.items
      assert.ok(library.some((m) => m.category === 'premises_proof' && m.status === 'valid'), 'the seed keeps a library copy')
      const premises = premisesRow(page)
      await premises.waitFor()
      assert.equal(await premises.getAttribute('data-exempt'), 'true')
      assert.equal(await premises.getAttribute('data-kind'), 'standard_address')
      assert.match(await premises.locator('.rm-name').innerText(), /^经营场所使用证明/)
      assert.equal((await premises.getByTestId('exempt-tag').innerText()).trim(), '标准地址免提交')
      const reason = await premises.getByTestId('exempt-reason').innerText()
      assert.ok(reason.includes('标准地址库'), reason)
      assert.match(reason, /^标准地址库：上海市宝山区友谊路1633号（BS-003-003633）；不动产登记：不动产权证.+免于提交住所使用证明$/)
      assert.equal(await premises.getByTestId('upload-material').count(), 0)
      assert.match(await page.getByTestId('required-materials').locator('.req-why').innerText(), /经营场所为标准地址/)
      const stored = app.materials.find((m) => m.id === 'premises')
      assert.deepEqual([stored.exempt, stored.kind, stored.material_id], [true, 'standard_address', null])
      await screenshot(page, 'addresses-premises-exempt')
    }))

  test('an address field: suggestions, 标准地址 below it, 您是否要找 links that fill it; saving the premises address re-checks the materials', () =>
    withUser('enterprise.demo', DESKTOP, async (page) => {
      // Without a library copy, the address typed alone decides whether a proof is needed.
      await revokeLibraryPremises(page)
      const created = await api(page, 'POST', '/api/v1/applications', { item: HYGIENE_ITEM, answers: { central_air: false, by_agent: false }, fields: {} })
      assert.equal(created.status, 201, JSON.stringify(created.body))
      const appId = created.body.id
      await page.goto(`/portal/applications/${appId}/form`)
      const field = page.locator('[data-field="business_address"]').first()
      await field.waitFor()
      const input = field.locator('input')
      const status = field.getByTestId('address-status')
      const premises = premisesRow(page)
      await premises.and(page.locator('[data-exempt="false"]')).waitFor()
      await premises.getByTestId('premises-lookup').waitFor()

      // A standard address the enterprise does not own: picked from the suggestions.
      await input.click()
      await input.pressSequentially('牡丹江路13', { delay: 20 })
      await suggestions(page).first().waitFor()
      await suggestions(page).filter({ hasText: /^上海市宝山区牡丹江路13号/ }).first().click()
      await status.and(page.locator('[data-state="standard"]')).waitFor()
      assert.equal((await status.getByTestId('address-id').innerText()).trim(), 'BS-003-000013')
      await status.getByText('标准地址').waitFor()
      assert.equal(await input.inputValue(), '上海市宝山区牡丹江路13号')
      // Saved by autosave; the answer carries the re-checked materials.
      await premises.getByTestId('not-counted').filter({ hasText: '住所为标准地址「上海市宝山区牡丹江路13号」，但未查到申请人在此处的不动产权或租赁备案' }).waitFor()
      assert.equal(await premises.getAttribute('data-exempt'), 'false')

      // Not a standard address: the close ones are offered, and a click fills the field.
      await input.fill('上海机器人产业园3号楼')
      await input.blur()
      await status.and(page.locator('[data-state="near"]')).waitFor()
      await status.getByText('不是标准地址，您是否要找').waitFor()
      const offered = (await status.getByTestId('address-candidate').allInnerTexts()).map((t) => t.trim())
      // 3号楼 is a building of the park (not 富联路3号): its rooms are offered.
      assert.match(offered[0], /^上海市宝山区富联路\d+号3号楼/, offered.join())
      await field.scrollIntoViewIfNeeded()
      await saveScreenshot(page, 'addresses-field-near')
      await status.getByTestId('address-candidate').first().click()
      assert.equal(await input.inputValue(), offered[0])
      await status.and(page.locator('[data-state="standard"]')).waitFor()

      // Outside the database (another city): said plainly, nothing offered.
      await input.fill('北京市朝阳区建国路88号')
      await input.press('Tab')
      await status.and(page.locator('[data-state="none"]')).getByText('未在宝山区标准地址库中找到该地址').waitFor()
      await premises.getByTestId('not-counted').filter({ hasText: '住所未匹配到标准地址库中的地址' }).waitFor()

      // Its own premises, typed as people do: exempt through the standard address database.
      await input.fill('友谊路1633号')
      await input.press('Tab')
      await status.and(page.locator('[data-state="standard"]')).getByText('BS-003-003633').waitFor()
      await premises.and(page.locator('[data-kind="standard_address"]')).waitFor()
      assert.match(await premises.getByTestId('exempt-reason').innerText(), /^标准地址库：上海市宝山区友谊路1633号（BS-003-003633）/)
      assert.equal(await premises.getByTestId('premises-lookup').count(), 0)
      await page.getByTestId('autosave').and(page.locator('[data-state="saved"]')).waitFor()

      // The draft holds the text as typed (a plain string); reopened, the field is checked again.
      const saved = (await api(page, 'GET', `/api/v1/applications/${appId}`)).body
      assert.equal(saved.fields.business_address, '友谊路1633号')
      await page.reload()
      await status.and(page.locator('[data-state="standard"]')).getByText('BS-003-003633').waitFor()
      await premises.and(page.locator('[data-kind="standard_address"]')).waitFor()
    }))
})

describe('phones (375 px)', () => {
  test('the lookup, its suggestions and the park directory fit the screen', () =>
    withUser('person.demo', PHONE, async (page) => {
      await page.goto(`/portal/addresses?q=${encodeURIComponent('上海市寶山區牡丹江路一百二十三號')}`)
      await page.getByTestId('levels').waitFor()
      assert.ok((await horizontalOverflow(page)) <= 0, 'the lookup wider than the screen')
      await screenshot(page, 'addresses-parse-phone')

      const input = lookupInput(page)
      await input.fill('')
      await input.pressSequentially('友谊路16', { delay: 20 })
      await suggestions(page).first().waitFor()
      const box = await page.locator('.address-suggest-popper:visible').boundingBox()
      assert.ok(box && box.x >= 0 && box.x + box.width <= 375, `suggestions within the screen: ${JSON.stringify(box)}`)
      await saveScreenshot(page, 'addresses-suggest-phone')
      await page.keyboard.press('Escape')

      await page.goto('/portal/addresses?tab=parks')
      await page.getByTestId('park-list').waitFor()
      assert.ok((await horizontalOverflow(page)) <= 0, 'the park directory wider than the screen')
      await screenshot(page, 'addresses-parks-phone')
    }))
})
