// Browser tests of the knowledge base and 小宝 against a real haoban server (see server.mjs) with the
// demo seed (its 20,000 generated entries): 小宝 on portal pages (an answer citing entries, a
// follow-up keeping the item in context, the conversation surviving a reload, low-confidence answers
// and 转人工帮办), the portal's 知识问答 search (highlighted results, 您是不是要找, type filters,
// pages, an entry's page, the empty state), the workbench editor (create, submit, approve — then
// residents find it —, the version check, the history) and the maintenance queue. Also phones.
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

const answers = (page) => page.locator('[data-testid="assistant-message"][data-role="assistant"]')
const questions = (page) => page.locator('[data-testid="assistant-message"][data-role="user"]')

async function openAssistant(page) {
  await page.getByTestId('assistant-fab').click()
  await page.getByTestId('assistant-panel').waitFor()
}

/** Types a question into 小宝 and sends it with Enter; resolves with the API's answer. */
async function askAssistant(page, text) {
  const response = page.waitForResponse((r) => r.url().endsWith('/api/v1/assistant/messages') && r.request().method() === 'POST')
  const before = await answers(page).count()
  await page.getByTestId('assistant-input').fill(text)
  await page.getByTestId('assistant-input').press('Enter')
  const body = await (await response).json()
  await answers(page).nth(before).waitFor()
  return body
}

describe('小宝', () => {
  test('开饭店要办什么证 is answered with citations; 要多久 keeps the item; a reload keeps the conversation', () =>
    withUser('person.demo', DESKTOP, async (page) => {
      await page.goto('/portal/guide')
      await openAssistant(page)
      const welcome = page.getByTestId('assistant-welcome')
      await welcome.waitFor()
      assert.ok((await welcome.getByTestId('assistant-suggestion').count()) >= 3)

      // A slow answer shows the typing indicator until it arrives.
      await page.route('**/api/v1/assistant/messages', async (route) => {
        await new Promise((r) => setTimeout(r, 600))
        await route.continue()
      })
      const response = page.waitForResponse((r) => r.url().endsWith('/api/v1/assistant/messages'))
      await page.getByTestId('assistant-input').fill('开饭店要办什么证')
      await page.getByTestId('assistant-send').click()
      await page.getByTestId('assistant-typing').waitFor()
      const first = await (await response).json()
      await answers(page).first().waitFor()
      assert.equal(await page.getByTestId('assistant-typing').count(), 0)
      await page.unroute('**/api/v1/assistant/messages')

      assert.ok(first.citations.length >= 1, JSON.stringify(first))
      assert.ok(first.context_item, 'the answer is about an item')
      const answer = answers(page).first()
      assert.equal((await answer.getByTestId('assistant-text').innerText()).trim(), first.text.trim())
      const citations = answer.getByTestId('assistant-citation')
      assert.equal(await citations.count(), first.citations.length)
      assert.equal(await citations.first().getAttribute('href'), `/portal/knowledge/${first.citations[0].entry}`)
      const related = answer.getByTestId('assistant-related')
      await related.locator(`[data-code="${first.related_items[0].code}"]`).waitFor()
      assert.equal(
        await related.getByTestId('assistant-item-action').first().getAttribute('href'),
        `/portal/guide/items/${first.related_items[0].code}`,
      )

      const second = await askAssistant(page, '要多久')
      assert.equal(second.conversation, first.conversation)
      assert.equal(second.context_item, first.context_item, 'the follow-up keeps the item in context')
      assert.ok(second.citations.length >= 1)
      assert.match(second.text, /工作日/)
      assert.equal(await answers(page).count(), 2)
      assert.equal(await page.evaluate(() => sessionStorage.getItem('haoban.assistant.conversation')), first.conversation)
      await saveScreenshot(page, 'assistant-desktop')

      // A reload brings the conversation back from the server (the panel reopens).
      await page.reload()
      await page.getByTestId('assistant-panel').waitFor()
      await answers(page).nth(1).waitFor()
      assert.deepEqual((await questions(page).getByTestId('assistant-text').allInnerTexts()).map((t) => t.trim()), ['开饭店要办什么证', '要多久'])

      // A citation opens the entry's page.
      const title = first.citations[0].title
      await answers(page).first().getByTestId('assistant-citation').first().click()
      await page.waitForURL((url) => url.pathname === `/portal/knowledge/${first.citations[0].entry}`)
      assert.equal((await page.getByTestId('entry-title').innerText()).trim(), title)

      // 新对话 starts afresh.
      await page.getByTestId('assistant-new').click()
      await page.getByTestId('assistant-welcome').waitFor()
      assert.equal(await page.evaluate(() => sessionStorage.getItem('haoban.assistant.conversation')), null)
    }))

  test('a low-confidence answer says so and offers 转人工帮办, honestly', () =>
    withUser('enterprise.demo', DESKTOP, async (page) => {
      // A question the knowledge base has nothing on: the real server's low-confidence answer.
      await page.goto('/portal')
      await openAssistant(page)
      const low = await askAssistant(page, '火星移民签证怎么申请')
      assert.equal(low.low_confidence, true)
      const answer = answers(page).first()
      await answer.getByTestId('assistant-low-confidence').waitFor()
      await answer.getByTestId('assistant-handover').getByText('小宝没有找到确切答案').waitFor()
      await answer.getByTestId('assistant-handover-button').click()
      const notice = answer.getByTestId('assistant-handover-notice')
      await notice.waitFor()
      assert.match(await notice.innerText(), /已为您打开在线帮办.*12345/s)
      // The hand-over opens the help panel, ready to take the question to a person.
      await page.getByTestId('help-panel').waitFor()
      await saveScreenshot(page, 'assistant-handover')
    }))

  test('a failed question can be sent again; an empty one is refused', () =>
    withUser('person.demo', DESKTOP, async (page) => {
      await page.goto('/portal')
      await openAssistant(page)
      await page.getByTestId('assistant-send').click()
      await page.getByTestId('assistant-panel').getByText('请输入您的问题').waitFor()

      await page.route('**/api/v1/assistant/messages', (route) =>
        route.fulfill({ status: 503, contentType: 'application/problem+json', body: JSON.stringify({ title: '小宝暂时不可用', status: 503 }) }),
      )
      await page.getByTestId('assistant-input').fill('营业执照丢了怎么补办')
      await page.getByTestId('assistant-input').press('Enter')
      await page.getByTestId('assistant-failed').getByText('小宝暂时不可用').waitFor()
      await page.unroute('**/api/v1/assistant/messages')
      await page.getByTestId('assistant-failed').getByRole('button', { name: '重新发送' }).click()
      await answers(page).first().waitFor()
      assert.equal(await page.getByTestId('assistant-failed').count(), 0)
      assert.equal(await questions(page).count(), 1)
    }))
})

describe('知识问答', () => {
  test('执照补办 finds highlighted results, shows what it searched for, filters and pages', () =>
    withUser('person.demo', DESKTOP, async (page) => {
      await page.goto('/portal')
      await page.getByTestId('area-nav').getByText('知识问答').click()
      await page.waitForURL((url) => url.pathname === '/portal/knowledge')
      await page.getByTestId('kb-intro').waitFor()
      await page.getByTestId('kb-search-input').fill('执照补办')
      await page.getByTestId('kb-search-input').press('Enter')
      await page.waitForURL((url) => url.searchParams.get('q') === '执照补办')
      const results = page.getByTestId('kb-result')
      await results.first().waitFor()
      assert.equal(await results.count(), 10)
      // The server's <mark>s are rendered as highlights, not as text.
      const marks = await results.first().getByTestId('kb-result-title').locator('mark').allInnerTexts()
      assert.ok(marks.length >= 1, 'the title has highlights')
      assert.ok(!(await results.first().innerText()).includes('<mark>'))
      assert.ok((await results.getByTestId('kb-result-snippet').locator('mark').count()) >= 5)
      assert.match(await results.first().getByTestId('kb-result-title').innerText(), /营业执照/)
      // The words the server searched for, as it reports them (执照, 补办…).
      const searched = (await api(page, 'GET', `/api/v1/kb/search?q=${encodeURIComponent('执照补办')}&limit=1`)).body
      assert.ok(searched.words.includes('执照'), JSON.stringify(searched.words))
      assert.deepEqual((await page.getByTestId('kb-word').allInnerTexts()).map((t) => t.trim()), searched.words)
      const didYouMean = page.getByTestId('kb-did-you-mean')
      await didYouMean.getByTestId('kb-expansion').first().waitFor()
      const expansions = (await didYouMean.getByTestId('kb-expansion').allInnerTexts()).map((t) => t.trim())
      assert.deepEqual(expansions, searched.expansions)
      assert.ok(expansions.some((x) => x.includes('营业执照')), expansions.join())
      await screenshot(page, 'knowledge-search')

      // Only Q&As.
      await page.getByTestId('kb-types').locator('[data-type="qa"]').click()
      await page.waitForURL((url) => url.searchParams.get('type') === 'qa')
      await page.locator('[data-testid="kb-types"] [data-type="qa"].active').waitFor()
      for (const tag of await results.locator('.result-type').allInnerTexts()) assert.equal(tag.trim(), '问答')

      // Page 2.
      const firstOnPage1 = await results.first().getAttribute('data-id')
      await page.getByTestId('kb-pager').getByText('2', { exact: true }).click()
      await page.waitForURL((url) => url.searchParams.get('page') === '2')
      await page.waitForFunction((id) => document.querySelector('[data-testid="kb-result"]')?.getAttribute('data-id') !== id, firstOnPage1)

      // An entry's page: body, items, source.
      const title = (await results.first().getByTestId('kb-result-title').innerText()).trim()
      await results.first().getByTestId('kb-result-title').click()
      await page.waitForURL((url) => /^\/portal\/knowledge\/\d+$/.test(url.pathname))
      assert.equal((await page.getByTestId('entry-title').innerText()).trim(), title)
      assert.ok((await page.getByTestId('entry-body').innerText()).trim().length > 10)
      await page.getByTestId('entry-items').getByTestId('entry-item').first().waitFor()
      await page.getByTestId('entry-source').waitFor()
      await screenshot(page, 'knowledge-entry')
      await page.getByTestId('entry-back').click()
      await page.waitForURL((url) => url.pathname === '/portal/knowledge' && url.searchParams.get('page') === '2')
    }))

  test('a policy shows its 文号 and effective date; nonsense gets helpful advice', () =>
    withUser('person.demo', DESKTOP, async (page) => {
      const found = await api(page, 'GET', `/api/v1/kb/search?q=${encodeURIComponent('实施办法')}&type=policy&limit=1`)
      const policy = found.body.items[0]
      assert.ok(policy?.doc_number, JSON.stringify(found.body))
      await page.goto(`/portal/knowledge/${policy.id}`)
      assert.equal((await page.getByTestId('entry-doc-number').innerText()).trim(), policy.doc_number)
      if (policy.effective_from) assert.match(await page.getByTestId('entry-effective').innerText(), new RegExp(policy.effective_from))

      await page.goto(`/portal/knowledge?q=${encodeURIComponent('qwxzv')}`)
      const empty = page.getByTestId('kb-empty')
      await empty.waitFor()
      await empty.getByText('没有找到与“qwxzv”相关的内容').waitFor()
      await empty.getByText('换个说法试试', { exact: false }).waitFor()

      await page.goto('/portal/knowledge/999999999')
      await page.getByTestId('entry-not-found').waitFor()
    }))
})

describe('知识库 (workbench)', () => {
  const WORD = '海棠花开端到端'
  const TITLE = `${WORD}：社区花园认领需要什么手续？`

  test('editor.demo creates an entry, submits and approves it, and residents can find it', async () => {
    let id = 0
    await withUser('editor.demo', DESKTOP, async (page) => {
      await page.waitForURL((url) => url.pathname === '/workbench/knowledge')
      await page.getByTestId('kb-new').click()
      const editor = page.getByTestId('kb-editor')
      await editor.waitFor()
      await editor.getByTestId('kb-save').click()
      await editor.getByText('请填写标题').waitFor()

      await editor.getByTestId('kb-field-title').fill(TITLE)
      await editor.getByTestId('kb-field-body').fill('向所在街道提交认领申请和养护承诺书即可。\n\n认领期一年，期满可续。')
      await editor.getByTestId('kb-field-variants').fill('社区花园怎么认领\n认领小区花园要办啥')
      await editor.getByTestId('kb-field-source').fill('友谊路街道')
      await editor.getByTestId('kb-field-doc-number').fill('宝友规〔2026〕9号')
      const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/kb/entries') && r.request().method() === 'POST')
      await editor.getByTestId('kb-save').click()
      const createdBody = await (await created).json()
      id = createdBody.id
      await page.waitForURL((url) => url.searchParams.get('entry') === String(id))
      const status = editor.getByTestId('kb-editor-status')
      await status.and(page.locator('[data-status="draft"]')).waitFor()

      await editor.locator('[data-action="submit"]').click()
      await status.and(page.locator('[data-status="in_review"]')).waitFor()
      await editor.locator('[data-action="reject"]').waitFor()
      await editor.locator('[data-action="approve"]').click()
      await status.and(page.locator('[data-status="published"]')).waitFor()
      await editor.locator('[data-action="retire"]').waitFor()

      // The history: created, submitted, approved, with the fields the first version set.
      await editor.getByRole('tab', { name: '版本历史' }).click()
      const versions = editor.getByTestId('kb-version')
      await versions.nth(2).waitFor()
      const history = (await versions.allInnerTexts()).join('\n')
      assert.match(history, /审核通过[\s\S]*提交审核[\s\S]*新建/)
      assert.match(await versions.last().getByTestId('kb-version-fields').innerText(), /标题.*正文/)
      await saveScreenshot(page, 'workbench-knowledge-editor')

      // Someone else saves in between: the editor is told, not overwritten.
      await editor.getByRole('tab', { name: '内容' }).click()
      const current = (await api(page, 'GET', `/api/v1/kb/entries/${id}?track=0`)).body
      const other = await api(page, 'PUT', `/api/v1/kb/entries/${id}`, {
        type: current.type, title: current.title, body: `${current.body}\n\n（他人补充）`, version: current.version,
      })
      assert.equal(other.status, 200, JSON.stringify(other.body))
      await editor.getByTestId('kb-field-source').fill('友谊路街道办事处')
      await editor.getByTestId('kb-save').click()
      const conflict = editor.getByTestId('kb-conflict')
      await conflict.waitFor()
      await conflict.getByText('条目已被他人修改').waitFor()
      await conflict.getByRole('button', { name: /载入最新版本/ }).click()
      await conflict.waitFor({ state: 'detached' })
      assert.match(await editor.getByTestId('kb-field-body').inputValue(), /他人补充/)
      // The other edit sent the published entry back to draft: publish it again.
      await status.and(page.locator('[data-status="draft"]')).waitFor()
      await editor.locator('[data-action="submit"]').click()
      await status.and(page.locator('[data-status="in_review"]')).waitFor()
      await editor.locator('[data-action="approve"]').click()
      await status.and(page.locator('[data-status="published"]')).waitFor()

      // The editor finds it among all entries.
      await page.goto('/workbench/knowledge')
      await page.getByTestId('kb-editor-search').fill(WORD)
      await page.getByTestId('kb-editor-search').press('Enter')
      await page.locator(`[data-testid="kb-editor-row"][data-id="${id}"][data-status="published"]`).waitFor()
    })

    await withUser('person.demo', DESKTOP, async (page) => {
      await page.goto(`/portal/knowledge?q=${encodeURIComponent('社区花园认领')}`)
      const hit = page.locator(`[data-testid="kb-result"][data-id="${id}"]`)
      await hit.waitFor()
      assert.ok((await hit.getByTestId('kb-result-title').locator('mark').count()) >= 1)
    })
  })

  test('退回 needs a reason, which the history keeps', () =>
    withUser('editor.demo', DESKTOP, async (page) => {
      const created = await api(page, 'POST', '/api/v1/kb/entries', { type: 'qa', title: '退回测试：停车证怎么办？', body: '到街道办理。' })
      assert.equal(created.status, 201, JSON.stringify(created.body))
      const id = created.body.id
      assert.equal((await api(page, 'POST', `/api/v1/kb/entries/${id}/actions`, { action: 'submit' })).status, 200)
      await page.goto(`/workbench/knowledge?entry=${id}`)
      const editor = page.getByTestId('kb-editor')
      await editor.locator('[data-action="reject"]').click()
      const dialog = page.locator('.reason-dialog')
      await dialog.waitFor()
      await dialog.getByRole('button', { name: '退回' }).click()
      await dialog.getByText('请填写理由').waitFor()
      await dialog.locator('textarea').fill('答案缺少办理地点')
      await dialog.getByRole('button', { name: '退回' }).click()
      await editor.getByTestId('kb-editor-status').and(page.locator('[data-status="draft"]')).waitFor()
      await editor.getByRole('tab', { name: '版本历史' }).click()
      await editor.getByTestId('kb-version').first().getByText('说明：答案缺少办理地点').waitFor()
    }))

  test('the maintenance queue lists open tasks with deadlines; assign to me; dismiss with a reason', () =>
    withUser('editor.demo', DESKTOP, async (page) => {
      await page.goto('/workbench/knowledge')
      await page.getByRole('tab', { name: '维护任务' }).click()
      await page.waitForURL((url) => url.searchParams.get('tab') === 'tasks')
      const tasks = page.getByTestId('kb-task')
      await tasks.first().waitFor()
      const open = (await api(page, 'GET', '/api/v1/kb/tasks?state=open&limit=200')).body.items
      assert.equal(await tasks.count(), open.length)
      const first = tasks.first()
      const firstId = await first.getAttribute('data-id')
      const task = open.find((t) => String(t.id) === firstId)
      assert.ok(task)
      assert.equal((await first.getByTestId('kb-task-kind').innerText()).trim(), task.kind_label)
      const days = (await first.getByTestId('kb-task-days').innerText()).trim()
      assert.equal(days, task.overdue ? `超期 ${Math.max(1, -task.days_left)} 个工作日` : task.days_left === 0 ? '今天到期' : `剩 ${task.days_left} 个工作日`)
      await first.getByText(`截止 ${task.due_on}`).waitFor()
      await screenshot(page, 'workbench-knowledge-tasks')

      await first.getByTestId('kb-task-assign').click()
      await first.getByTestId('kb-task-owner').getByText('负责人：editor.demo').waitFor()

      await first.getByTestId('kb-task-close').click()
      await page.getByTestId('kb-close-confirm').click()
      await page.getByText('请填写答复条目编号，或说明关闭原因').waitFor()
      await page.getByTestId('kb-close-note').fill('政策已延期施行，暂不发布问答')
      await page.getByTestId('kb-close-confirm').click()
      await page.locator(`[data-testid="kb-task"][data-id="${task.id}"]`).waitFor({ state: 'detached' })
      const closed = (await api(page, 'GET', `/api/v1/kb/tasks/${task.id}`)).body
      assert.equal(closed.state, 'dismissed')
      assert.equal(closed.note, '政策已延期施行，暂不发布问答')

      // The usage of the last 30 days: the rate with used / published, never used.
      await page.getByRole('tab', { name: '使用情况' }).click()
      const rate = page.getByTestId('kb-usage-rate')
      await rate.waitFor()
      const { from, to } = await page.evaluate(() => {
        const iso = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
        const now = new Date()
        return { from: iso(new Date(now.getFullYear(), now.getMonth(), now.getDate() - 29)), to: iso(now) }
      })
      const usage = (await api(page, 'GET', `/api/v1/kb/usage?from=${from}&to=${to}`)).body
      assert.ok(usage.published > 0, JSON.stringify(usage).slice(0, 300))
      assert.match(await rate.innerText(), new RegExp(`已用 ${usage.used} / 已发布 ${usage.published} 条`))
      assert.equal((await page.getByTestId('kb-usage-never').innerText()).replace(/\s+/g, ''), `${usage.published - usage.used}条`)
      await screenshot(page, 'workbench-knowledge-usage')
    }))
})

describe('phones', () => {
  test('小宝 and 知识问答 fit a 375 px screen', () =>
    withUser('person.demo', PHONE, async (page) => {
      await page.goto(`/portal/knowledge?q=${encodeURIComponent('执照补办')}`)
      await page.getByTestId('kb-result').first().waitFor()
      assert.equal(await horizontalOverflow(page), 0, 'the search page fits')
      await screenshot(page, 'knowledge-search-phone')

      await openAssistant(page)
      const box = await page.getByTestId('assistant-panel').boundingBox()
      assert.ok(box.width <= 375 && box.x >= 0, JSON.stringify(box))
      await askAssistant(page, '开饭店要办什么证')
      await answers(page).first().getByTestId('assistant-citation').first().waitFor()
      assert.equal(await horizontalOverflow(page), 0, 'the chat panel fits')
      const fits = await page.getByTestId('assistant-messages').evaluate((el) => el.scrollWidth <= el.clientWidth)
      assert.ok(fits, 'no sideways scrolling inside the panel')
      await saveScreenshot(page, 'assistant-phone')

      // Following a citation closes the sheet on a phone.
      await answers(page).first().getByTestId('assistant-citation').first().click()
      await page.waitForURL((url) => /^\/portal\/knowledge\/\d+$/.test(url.pathname))
      await page.getByTestId('assistant-panel').waitFor({ state: 'detached' })
      await page.getByTestId('entry-title').waitFor()
      assert.equal(await horizontalOverflow(page), 0, 'the entry page fits')
    }))
})
