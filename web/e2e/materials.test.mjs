// Browser tests of 数源 prefill, the e-material library (两个免于提交) and 再来一单 against a real
// haoban server (see server.mjs) with the demo seed: enterprise.demo's 食品经营许可 arrives prefilled
// from 法人库 (locked values read-only with their source), its 营业执照 exempt from 电子证照库, and a
// missing material uploaded on the form becomes exempt; 我的材料 lists the seeded library (versions,
// an expired and a revoked material), downloads, receipts, revocation and uploads; 谁查看了我的数据
// shows the prefill queries; 再来一单 shows what the sources changed and opens the new draft; the
// clerk sees what was exempted and why. Also load errors and phones.
// Run with `npm run build && npm run test:e2e`.

import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { describe, test } from 'node:test'
import zlib from 'node:zlib'

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




const atPath = (pathname) => (url) => url.pathname === pathname

// ---- files -------------------------------------------------------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(buf) {
  let c = 0xffffffff
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type, data) {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([len, body, crc])
}

/** A small valid PNG (8×8, one colour); `seed` changes the colour so each upload is new content. */
function png(seed = 0) {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(8, 0)
  ihdr.writeUInt32BE(8, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 2 // RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: 8 }, () => [seed & 0xff, 0x80, 0x40]).flat())])
  const raw = Buffer.concat(Array.from({ length: 8 }, () => row))
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

/** Picks `file` ({name, mimeType, buffer}) in the file chooser that clicking `trigger` opens. */
async function chooseFile(page, trigger, file) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), trigger.click()])
  await chooser.setFiles(file)
}

// ---- applications ------------------------------------------------------------------------------

/** A valid 居民身份证号码 (Shanghai Baoshan, given birth date and sequence) with its check digit. */
function idNumber(birth = '19880512', seq = '123') {
  const body = `310113${birth}${seq}`
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i], 0)
  return body + '10X98765432'[sum % 11]
}

const ANSWERS = { cooking: false, cold_or_raw: false, online_sales: false, by_agent: false }

/**
 * What the applicant gives for a 食品经营许可 made through the API: the sources fill the rest, and
 * never let these replace what they verify (name, codes, legal representative, address…).
 */
const OWN_FIELDS = {
  contact_phone: '13812345678',
  has_storage: false,
  operator_type: '餐饮服务经营者',
  business_items: ['热食类食品制售'],
  online_sales: false,
  facilities: ['冷藏设施', '清洗消毒设施'],
  agree: true,
  employees: [
    { name: '王芳', id_number: idNumber('19950301', '246'), post: '厨师', health_certificate_no: 'JK2026-0001', health_certificate_expiry: '2030-06-30' },
  ],
}

async function createDraft(page, fields = {}) {
  const r = await api(page, 'POST', '/api/v1/applications', { item: FOOD_ITEM, answers: ANSWERS, fields })
  assert.equal(r.status, 201, JSON.stringify(r.body))
  return r.body
}

function field(page, key) {
  return page.locator(`[data-field="${key}"]`).first()
}

function materialRow(page, id) {
  return page.getByTestId('required-materials').locator(`[data-material="${id}"]`)
}

describe('a prefilled application (enterprise.demo)', () => {
  test('食品经营许可 from the guide: prefilled ≥ 80%, the locked name with its source, 营业执照 exempt, an uploaded material becomes exempt', () =>
    withUser('enterprise.demo', DESKTOP, async (page) => {
      const user = (await api(page, 'GET', '/api/v1/me')).body

      await page.goto('/portal/guide')
      await page.getByTestId('item-search').fill('spjyxk')
      await page.getByTestId('item-results').locator('.result').filter({ hasText: FOOD_ITEM_NAME }).first().click()
      // Before applying: which materials the applicant will not have to hand in (asked on request).
      const guideMaterials = page.getByTestId('materials')
      await page.getByTestId('check-exemptions').click()
      assert.match(await page.getByTestId('exempt-summary').innerText(), /(\d+) 项可免于提交/)
      await guideMaterials.locator('.material-match[data-exempt="true"]').filter({ hasText: '电子证照库：营业执照' }).waitFor()
      await guideMaterials.locator('.material-match[data-exempt="false"]').filter({ hasText: '您的「从业人员健康证明」已于' }).waitFor()
      await screenshot(page, 'item-guide-exemptions')
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

      // The banner: how much the sources filled.
      const banner = page.getByTestId('prefill-banner')
      await banner.waitFor()
      const summary = await banner.getByTestId('prefill-summary').innerText()
      const m = summary.match(/^已为您从权威数源预填 (\d+)\/(\d+) 项（(\d+)%）$/)
      assert.ok(m, summary)
      assert.ok(Number(m[1]) / Number(m[2]) >= 0.8 && Number(m[3]) >= 80, `prefilled at least 80%: ${summary}`)
      assert.ok(Number(await banner.getAttribute('data-ratio')) >= 0.8)
      assert.equal(await page.getByTestId('prefill-source-note').count(), 0, 'every source answered')

      // The company's name is the register's: read-only, tagged with its source, provenance on hover.
      const name = field(page, 'company_name')
      assert.equal(await name.getAttribute('data-locked'), 'true')
      assert.equal((await name.locator('.locked-text').innerText()).trim(), user.enterprise.name)
      assert.equal(await name.locator('input, textarea').count(), 0)
      const tag = name.getByTestId('locked-tag')
      assert.equal((await tag.innerText()).trim(), '来自法人库')
      await tag.hover()
      const provenance = page.locator('.provenance-popper:visible').getByTestId('provenance')
      await provenance.waitFor()
      const prov = await provenance.innerText()
      for (const want of ['法人库', '企业名称', '区市场监管局', '更新于', '数源部门已核验']) assert.ok(prov.includes(want), `${want} in ${prov}`)
      await screenshot(page, 'form-prefilled')
      await page.mouse.move(0, 0)

      // The materials: 营业执照 from 电子证照库, materials submitted before, what is missing and why.
      const licence = materialRow(page, 'licence')
      assert.equal(await licence.getAttribute('data-exempt'), 'true')
      await licence.getByTestId('exempt-tag').filter({ hasText: '免于提交' }).waitFor()
      assert.match(await licence.getByTestId('exempt-reason').innerText(), /^电子证照库：营业执照（编号/)
      assert.match(await materialRow(page, 'legal_rep_id').getByTestId('exempt-reason').innerText(), /^我的材料：已于\d{4}-\d\d-\d\d提交/)
      // The premises (法人库's address) are a standard address the enterprise owns: that exempts the
      // proof of premises ahead of the library's copy (see addresses.test.mjs).
      assert.equal(await materialRow(page, 'premises').getAttribute('data-kind'), 'standard_address')
      assert.match(await materialRow(page, 'premises').getByTestId('exempt-reason').innerText(), /^标准地址库：/)
      assert.match(await materialRow(page, 'health_certs').getByTestId('not-counted').innerText(), /您的「从业人员健康证明」已于\d{4}-\d\d-\d\d到期/)
      // 申请书 is never reused: nothing to upload here.
      assert.equal(await materialRow(page, 'application').getByTestId('upload-material').count(), 0)

      const floorPlan = materialRow(page, 'floor_plan')
      assert.equal(await floorPlan.getAttribute('data-exempt'), 'false')
      await floorPlan.getByTestId('missing-tag').filter({ hasText: '需要提交' }).waitFor()
      const exemptBefore = Number((await page.getByTestId('exempt-count').innerText()).match(/\d+/)[0])

      // A broken file is refused with the server's reason, and nothing changes.
      const broken = png(1).subarray(0, 40)
      await chooseFile(page, floorPlan.getByTestId('upload-material'), { name: '平面图.png', mimeType: 'image/png', buffer: broken })
      await floorPlan.getByTestId('upload-error').filter({ hasText: /^文件已损坏：PNG/ }).waitFor()
      assert.equal(await floorPlan.getAttribute('data-exempt'), 'false')

      // A good PNG goes into the library and the requirement is met.
      await chooseFile(page, floorPlan.getByTestId('upload-material'), { name: '平面布局图.png', mimeType: 'image/png', buffer: png(2) })
      await page.getByTestId('required-materials').locator('[data-material="floor_plan"][data-exempt="true"]').waitFor()
      assert.match(await floorPlan.getByTestId('exempt-reason').innerText(), /^我的材料：已于\d{4}-\d\d-\d\d提交/)
      assert.equal(await floorPlan.getByTestId('upload-error').count(), 0)
      await page.locator('.el-message').filter({ hasText: '已上传，本次免于提交' }).waitFor()
      assert.equal(Number((await page.getByTestId('exempt-count').innerText()).match(/\d+/)[0]), exemptBefore + 1)

      // The application says so too.
      const app = (await api(page, 'GET', `/api/v1/applications/${appId}`)).body
      assert.equal(app.materials.find((x) => x.id === 'floor_plan').exempt, true)
      await page.getByTestId('application-materials').scrollIntoViewIfNeeded()
      await saveScreenshot(page, 'form-materials')
    }))

  test('a locked value changed behind the form is refused on its field', () =>
    withUser('enterprise.demo', DESKTOP, async (page) => {
      const draft = await createDraft(page, OWN_FIELDS)
      const refused = await api(page, 'PATCH', `/api/v1/applications/${draft.id}`, { fields: { company_name: '别的公司' } })
      assert.equal(refused.status, 422)
      assert.match(refused.body.type, /locked-field$/)

      // A form that (wrongly) still sends a locked value gets the server's message on the field.
      await page.route(`**/api/v1/applications/${draft.id}/submit`, (route) =>
        route.fulfill({
          status: 422,
          contentType: 'application/problem+json',
          body: JSON.stringify({
            type: 'https://haoban.gov.cn/problems/locked-field',
            title: '部分信息来自权威数源，不能修改',
            status: 422,
            errors: [{ field: 'company_name', message: '此项来自权威数源，不能修改；如信息有误，请先向数源部门申请更正' }],
          }),
        }),
      )
      await page.goto(`/portal/applications/${draft.id}/form`)
      await page.getByTestId('submit').click()
      await field(page, 'company_name').locator('.el-form-item__error').filter({ hasText: '此项来自权威数源，不能修改' }).waitFor()
      await page.locator('.el-message').filter({ hasText: '部分信息来自权威数源，不能修改' }).waitFor()
      assert.match(page.url(), /\/form$/)
    }))
})

describe('a source that is down', () => {
  test('its fields are left to fill by hand with a note, and the banner says which source', () =>
    withUser('enterprise.demo', DESKTOP, async (page) => {
      const admin = await suite.browser.newContext({ baseURL: suite.server.baseURL })
      const switchFoodSafety = async (available) => {
        const r = await admin.request.put('/api/v1/sources/food_safety/availability', {
          data: available ? { available: true } : { available: false, note: '系统维护' },
        })
        assert.equal(r.status(), 200, await r.text())
      }
      try {
        const login = await admin.request.post('/api/v1/sessions', { data: { username: 'admin', password: 'Haoban@2026' } })
        assert.equal(login.status(), 201)
        await switchFoodSafety(false)
        const draft = await createDraft(page)
        await page.goto(`/portal/applications/${draft.id}/form`)
        await page.getByTestId('prefill-source-note').filter({ hasText: '「食品安全监管信息」暂时无法访问，相关内容请手工填写' }).waitFor()
        const manager = field(page, 'food_safety_manager')
        await manager.getByTestId('prefill-note').filter({ hasText: '数源暂不可用，请手工填写' }).waitFor()
        assert.equal(await manager.getAttribute('data-locked'), null)
        assert.equal(await page.locator('#f-food_safety_manager').inputValue(), '')
        // The rest still comes from the sources that answered.
        assert.equal(await field(page, 'company_name').getAttribute('data-locked'), 'true')
        await screenshot(page, 'form-source-down')
      } finally {
        await switchFoodSafety(true)
        await admin.close()
      }
    }))
})

describe('我的材料 (enterprise.demo)', () => {
  test('lists the seeded library by category with statuses; download, receipt, revoke and upload', () =>
    withUser('enterprise.demo', DESKTOP, async (page) => {
      await page.waitForURL(atPath('/portal'))
      await page.getByTestId('area-nav').getByText('我的材料').click()
      await page.waitForURL(atPath('/portal/materials'))
      await page.getByTestId('page-title').filter({ hasText: '我的材料' }).waitFor()
      const list = page.getByTestId('materials-list')
      await list.waitFor()

      const mine = (await api(page, 'GET', '/api/v1/materials')).body.items
      assert.ok(mine.length >= 7, 'the seed fills the library')
      assert.equal(await list.locator('.material').count(), mine.length)
      const row = (title, state) => list.locator(`.material[data-state="${state}"]`).filter({ hasText: title })

      // Versions, validity, revocation.
      await row('公司章程', 'superseded').getByTestId('material-state').filter({ hasText: '已被新版本替代' }).waitFor()
      await row('公司章程', 'valid').getByText('第 2 版').waitFor()
      await row('从业人员健康证明', 'expired').getByTestId('material-state').filter({ hasText: '已过期' }).waitFor()
      const revoked = row('2025年度财务报表', 'revoked')
      await revoked.getByTestId('material-state').filter({ hasText: '已撤销' }).waitFor()
      await revoked.getByTestId('revoke-reason').filter({ hasText: '数据有误，已撤回' }).waitFor()
      assert.equal(await revoked.getByTestId('revoke-material').count(), 0)
      assert.equal(await list.locator('[data-category="articles"] .material').count(), 2, '公司章程 grouped')
      await screenshot(page, 'portal-materials')

      // Filter by category.
      await page.getByTestId('category-filter').click()
      await page.locator('.el-select-dropdown:visible .el-select-dropdown__item').filter({ hasText: '章程' }).click()
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="materials-list"] .material').length === 2)
      // And by state.
      await page.locator('[data-state-filter="expired"]').click()
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="materials-list"] .material').length === 0)
      await page.getByTestId('materials-filter-empty').getByRole('button', { name: '清除筛选' }).waitFor()
      await page.locator('[data-state-filter="all"]').click()
      await page.getByTestId('category-filter').click()
      await page.locator('.el-select-dropdown:visible .el-select-dropdown__item').filter({ hasText: '全部类别' }).click()
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid="materials-list"] .material').length === n, mine.length)

      // The file and the ledger receipt of its entry.
      const idCard = list.locator('.material').filter({ hasText: '法定代表人身份证明' }).first()
      const [file] = await Promise.all([page.waitForEvent('download'), idCard.getByTestId('download-material').click()])
      assert.equal(file.suggestedFilename(), '法定代表人身份证明.png')
      assert.equal((await readFile(await file.path())).subarray(1, 4).toString('ascii'), 'PNG')
      const seeded = mine.find((x) => x.title === '法定代表人身份证明')
      const [receipt] = await Promise.all([page.waitForEvent('download'), idCard.getByTestId('material-receipt').click()])
      assert.equal(receipt.suggestedFilename(), `haoban-${seeded.ledger_index}.tlog-proof`)
      assert.match(await readFile(await receipt.path(), 'utf8'), new RegExp(`^c2sp\\.org/tlog-proof@v1\\nextra \\S+\\nindex ${seeded.ledger_index}\\n`))

      // Revoke, with a reason.
      const lease = row('厂房租赁合同', 'valid')
      const leaseId = Number(await lease.getAttribute('data-id'))
      await lease.getByTestId('revoke-material').click()
      const box = page.locator('.el-message-box')
      await box.getByText('撤销后，「厂房租赁合同」将不再用于今后的办事').waitFor()
      await box.getByRole('button', { name: '确定撤销' }).click()
      await box.getByText('请填写撤销原因').waitFor()
      await box.locator('input').fill('合同已到期，已重新签订')
      await screenshot(page, 'portal-materials-revoke')
      await box.getByRole('button', { name: '确定撤销' }).click()
      const revokedLease = list.locator(`.material[data-id="${leaseId}"]`)
      await revokedLease.and(page.locator('[data-state="revoked"]')).waitFor()
      await revokedLease.getByTestId('revoke-reason').filter({ hasText: '合同已到期，已重新签订' }).waitFor()
      await revokedLease.getByTestId('revoke-receipt').waitFor()
      const after = (await api(page, 'GET', `/api/v1/materials/${leaseId}`)).body
      assert.equal(after.status, 'revoked')
      assert.equal(after.revoked.reason, '合同已到期，已重新签订')

      // Upload a new one: a category from the library, a title, a PNG.
      await page.getByTestId('open-upload').click()
      const form = page.getByTestId('upload-form')
      await form.waitFor()
      await page.getByTestId('upload-submit').click()
      // The select's placeholder reads the same, so look for the validation message itself.
      const categoryError = form.getByRole('alert').filter({ hasText: '请选择材料类别' })
      await categoryError.waitFor()
      await page.getByTestId('upload-category').click()
      await page.locator('.el-select-dropdown:visible .el-select-dropdown__item').filter({ hasText: /^租赁合同/ }).first().click()
      await categoryError.waitFor({ state: 'detached' })
      await chooseFile(page, page.getByTestId('upload-choose'), { name: '仓库租赁合同.png', mimeType: 'image/png', buffer: png(3) })
      await page.getByTestId('upload-file-name').filter({ hasText: '仓库租赁合同.png' }).waitFor()
      await page.getByTestId('upload-title').fill('仓库租赁合同')
      await screenshot(page, 'portal-materials-upload')
      await page.getByTestId('upload-submit').click()
      await page.locator('.el-message').filter({ hasText: '已上传「仓库租赁合同」' }).waitFor()
      const fresh = list.locator('.material[data-state="valid"]').filter({ hasText: '仓库租赁合同' })
      await fresh.waitFor()
      await fresh.getByText('PNG').waitFor()
      assert.equal(await list.locator('.material').count(), mine.length + 1)
    }))

  test('a refused upload shows the server’s reason in the dialog', () =>
    withUser('enterprise.demo', DESKTOP, async (page) => {
      await page.goto('/portal/materials')
      await page.getByTestId('materials-list').waitFor()
      await page.getByTestId('open-upload').click()
      await page.getByTestId('upload-category').click()
      await page.locator('.el-select-dropdown:visible .el-select-dropdown__item').filter({ hasText: /^平面布局图|^租赁合同/ }).first().click()
      await chooseFile(page, page.getByTestId('upload-choose'), { name: 'notes.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not really a pdf') })
      await page.getByTestId('upload-submit').click()
      await page.getByTestId('upload-form').locator('.el-form-item__error').filter({ hasText: '不支持的文件类型：仅接受 PDF、JPEG、PNG、OFD' }).waitFor()
      assert.ok(await page.getByTestId('upload-form').isVisible(), 'the dialog stays open')
    }))

  test('a load failure shows the server’s message and a retry', () =>
    withUser('enterprise.demo', DESKTOP, async (page) => {
      const problem = { status: 503, contentType: 'application/problem+json', body: JSON.stringify({ title: '材料库暂时不可用', status: 503 }) }
      await page.route('**/api/v1/materials', (route) => route.fulfill(problem))
      await page.goto('/portal/materials')
      const alert = page.getByTestId('materials-error')
      await alert.getByText('材料加载失败：材料库暂时不可用').waitFor()
      await page.unroute('**/api/v1/materials')
      await alert.getByRole('button', { name: '重试' }).click()
      await page.getByTestId('materials-list').waitFor()
      await alert.waitFor({ state: 'detached' })

      await page.route('**/api/v1/sources/queries/mine*', (route) => route.fulfill({ ...problem, body: JSON.stringify({ title: '查询记录暂时不可用', status: 503 }) }))
      await page.goto('/portal/data-access')
      const err = page.getByTestId('access-error')
      await err.getByText('查询记录加载失败：查询记录暂时不可用').waitFor()
      await page.unroute('**/api/v1/sources/queries/mine*')
      await err.getByRole('button', { name: '重试' }).click()
      await page.getByTestId('access-list').or(page.getByTestId('access-empty')).waitFor()
      await err.waitFor({ state: 'detached' })
    }))
})

describe('谁查看了我的数据', () => {
  test('person.demo: nobody has looked yet', () =>
    withUser('person.demo', DESKTOP, async (page) => {
      const mine = (await api(page, 'GET', '/api/v1/sources/queries/mine')).body
      assert.deepEqual(mine.items, [], 'the seed queries nothing about person.demo')
      await page.getByTestId('area-nav').getByText('谁查看了我的数据').click()
      await page.waitForURL(atPath('/portal/data-access'))
      await page.getByTestId('access-empty').getByText('暂无查询记录').waitFor()
      await screenshot(page, 'portal-data-access-empty')
    }))

  test('enterprise.demo: the prefill queries with their application, paged', () =>
    withUser('enterprise.demo', DESKTOP, async (page) => {
      // Enough drafts (each prefill asks several sources) for more than one page.
      let draft = await createDraft(page)
      for (let i = 0; i < 10 && !(await api(page, 'GET', '/api/v1/sources/queries/mine?limit=20')).body.next_cursor; i++) {
        draft = await createDraft(page)
      }
      await page.goto('/portal/data-access')
      const list = page.getByTestId('access-list')
      await list.waitFor()
      const rows = list.locator('.query')
      assert.equal(await rows.count(), 20)

      const prefill = rows.filter({ has: page.getByTestId('prefill-tag') }).first()
      await prefill.getByText(`预填「${FOOD_ITEM_NAME}」`).waitFor()
      await prefill.getByText('查询方：系统（预填）').waitFor()
      await prefill.getByTestId('outcome').filter({ hasText: '已查询' }).waitFor()
      assert.equal(await prefill.getByRole('link', { name: String(draft.id) }).getAttribute('href'), `/portal/applications/${draft.id}`)
      const sourceNames = await list.locator('.q-source').allInnerTexts()
      assert.ok(sourceNames.includes('法人库'), sourceNames.join())
      await screenshot(page, 'portal-data-access')

      await page.getByTestId('load-more').click()
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="access-list"] .query').length > 20)
      const ids = await rows.evaluateAll((els) => els.map((e) => Number(e.dataset.id)))
      assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest first, no repeats')
      assert.equal(new Set(ids).size, ids.length)
    }))
})

describe('再来一单', () => {
  test('from a submitted application: the changes first, then the new prefilled draft; the clerk sees the exemptions', () =>
    withUser('enterprise.demo', DESKTOP, async (page, context) => {
      // Filed with the applicant's own phone number instead of the annual report's.
      const old = await createDraft(page, OWN_FIELDS)
      const submitted = await api(page, 'POST', `/api/v1/applications/${old.id}/submit`)
      assert.equal(submitted.status, 200, JSON.stringify(submitted.body))
      const annualPhone = old.prefill.fields.find((f) => f.key === 'contact_phone').value

      await page.goto(`/portal/applications/${old.id}`)
      await page.getByTestId('app-status').filter({ hasText: '已提交' }).waitFor()
      // The detail shows the exemptions and the form with its sources.
      await page.getByTestId('required-materials').locator('[data-material="licence"][data-exempt="true"]').waitFor()
      await field(page, 'company_name').getByTestId('locked-tag').filter({ hasText: '来自法人库' }).waitFor()
      await page.getByTestId('file-again').click()

      // The authoritative values fetched afresh that differ from the old application.
      const dialog = page.getByTestId('again-changes')
      await dialog.waitFor()
      const phone = dialog.locator('[data-key="contact_phone"]')
      await phone.getByText('联系电话').waitFor()
      assert.equal((await phone.locator('.again-before').innerText()).trim(), '13812345678')
      assert.equal((await phone.locator('.again-after').innerText()).trim(), annualPhone)
      await phone.getByText('来源：法人库').waitFor()
      assert.equal(await dialog.locator('[data-key="company_name"]').count(), 0, 'the locked name did not change')
      await screenshot(page, 'again-changes')
      await page.getByTestId('again-continue').click()

      await page.waitForURL(/\/portal\/applications\/\d+\/form$/)
      const newId = Number(page.url().match(/applications\/(\d+)/)[1])
      assert.ok(newId > old.id)
      await page.getByTestId('prefill-banner').waitFor()
      assert.equal(await page.getByTestId('copied-from').getByRole('link', { name: String(old.id) }).getAttribute('href'), `/portal/applications/${old.id}`)
      assert.equal(await field(page, 'company_name').getAttribute('data-locked'), 'true')
      // The applicant's own answers came along.
      assert.equal(await field(page, 'facilities').locator('.el-checkbox.is-checked').count(), 2)
      await screenshot(page, 'again-draft')

      // The clerk of 区市场监管局 sees what was exempted, and why, and where values came from.
      const clerk = await context.browser().newContext({ baseURL: suite.server.baseURL, locale: 'zh-CN', ...DESKTOP })
      try {
        const cp = await clerk.newPage()
        await cp.goto('/login')
        await cp.getByTestId('login-username').fill('clerk.scjg')
        await cp.getByTestId('login-password').fill('Haoban@2026')
        await cp.getByTestId('login-submit').click()
        await cp.waitForURL((u) => u.pathname !== '/login')
        await cp.goto(`/workbench/tasks/${old.id}`)
        const mats = cp.getByTestId('task-materials')
        const lic = mats.locator('[data-material="licence"][data-exempt="true"]')
        await lic.waitFor()
        assert.match(await lic.getByTestId('exempt-reason').innerText(), /^电子证照库：营业执照/)
        assert.match(await mats.locator('[data-material="legal_rep_id"]').getByTestId('exempt-reason').innerText(), /^申请人材料库：已于/)
        await mats.locator('[data-material="legal_rep_id"]').getByTestId('view-material').waitFor()
        // Exempt through the standard address database: nothing of the applicant's to open.
        assert.match(await mats.locator('[data-material="premises"]').getByTestId('exempt-reason').innerText(), /^标准地址库：/)
        assert.equal(await mats.locator('[data-material="premises"]').getByTestId('view-material').count(), 0)
        await cp.locator('[data-field="company_name"]').getByTestId('locked-tag').filter({ hasText: '来自法人库' }).waitFor()
        await cp.getByTestId('task-prefill').filter({ hasText: /申请时已从权威数源预填 \d+\/\d+ 项/ }).waitFor()
        const [doc] = await Promise.all([cp.waitForEvent('download'), mats.locator('[data-material="legal_rep_id"]').getByTestId('view-material').click()])
        assert.match(doc.suggestedFilename(), /\.png$/)
        await cp.evaluate(() => window.scrollTo(0, 0))
        await saveScreenshot(cp, 'workbench-exemptions')
      } finally {
        await clerk.close()
      }
    }))
})

describe('再来一单 without changes', () => {
  test('goes straight to the new draft with a message', () =>
    withUser('enterprise.demo', DESKTOP, async (page) => {
      // Only what no source knows is the applicant's: nothing to differ.
      const own = { has_storage: false, facilities: ['冷藏设施'], agree: true }
      const old = await createDraft(page, own)
      assert.equal((await api(page, 'POST', `/api/v1/applications/${old.id}/submit`)).status, 200)
      await page.goto(`/portal/applications/${old.id}`)
      await page.getByTestId('file-again').click()
      await page.waitForURL(/\/portal\/applications\/\d+\/form$/)
      await page.locator('.el-message').filter({ hasText: '已按原申请生成新的草稿' }).waitFor()
      assert.equal(await page.getByTestId('again-changes').count(), 0)
      await page.getByTestId('copied-from').waitFor()
    }))
})

describe('phones (375 px)', () => {
  test('我的材料, 谁查看了我的数据, a prefilled form and its detail fit the screen', () =>
    withUser('enterprise.demo', PHONE, async (page) => {
      await page.goto('/portal/materials')
      await page.getByTestId('materials-list').waitFor()
      assert.ok((await horizontalOverflow(page)) <= 0, '我的材料 wider than the screen')
      await screenshot(page, 'portal-materials-phone')

      await page.getByTestId('open-upload').click()
      await page.getByTestId('upload-form').waitFor()
      await page.waitForTimeout(300)
      assert.ok((await horizontalOverflow(page)) <= 0, 'upload dialog wider than the screen')
      await saveScreenshot(page, 'portal-materials-upload-phone')
      await page.keyboard.press('Escape')

      await createDraft(page)
      await page.goto('/portal/data-access')
      await page.getByTestId('access-list').waitFor()
      assert.ok((await horizontalOverflow(page)) <= 0, '谁查看了我的数据 wider than the screen')
      await screenshot(page, 'portal-data-access-phone')

      const draft = await createDraft(page, OWN_FIELDS)
      await page.goto(`/portal/applications/${draft.id}/form`)
      await page.getByTestId('prefill-banner').waitFor()
      await page.getByTestId('required-materials').waitFor()
      assert.ok((await horizontalOverflow(page)) <= 0, 'the prefilled form wider than the screen')
      await screenshot(page, 'form-prefilled-phone')

      await page.goto(`/portal/applications/${draft.id}`)
      await page.getByTestId('required-materials').waitFor()
      assert.ok((await horizontalOverflow(page)) <= 0, 'the detail wider than the screen')
      await screenshot(page, 'application-detail-phone')
    }))
})
