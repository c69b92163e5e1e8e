// Browser tests of the app shell against a real haoban server (see server.mjs).
// Run with `npm run build && npm run test:e2e`.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { DESKTOP, PASSWORD, PHONE, screenshot, submitLogin, suiteFixture, withPage as withSuitePage } from './browser.mjs'

const PORTAL_NAV = ['首页', '办事指南', '知识问答', '无忧快注', '我的办件', '我的材料', '我的存证', '谁查看了我的数据', '我的政策', '我的反映']

// What each demo account must see after logging in.
const ACCOUNTS = [
  { username: 'person.demo', landing: '/portal', nav: PORTAL_NAV, detail: '个人', shot: 'portal-person' },
  { username: 'enterprise.demo', landing: '/portal', nav: PORTAL_NAV, detail: '企业', shot: 'portal-enterprise' },
  { username: 'clerk.scjg', landing: '/workbench/tasks', nav: ['待办件', '好差评', '办不成事'], detail: '区市场监管局', shot: 'workbench-clerk' },
  { username: 'approver.scjg', landing: '/workbench/tasks', nav: ['待办件', '好差评', '办不成事'], detail: '区市场监管局' },
  { username: 'clerk.rsj', landing: '/workbench/tasks', nav: ['待办件', '好差评', '办不成事'], detail: '区人社局' },
  { username: 'helper.demo', landing: '/workbench/helpdesk', nav: ['帮办会话'] },
  { username: 'editor.demo', landing: '/workbench/knowledge', nav: ['知识库'] },
  { username: 'policy.demo', landing: '/workbench/policies', nav: ['政策兑现'] },
  { username: 'analyst.demo', landing: '/cockpit', nav: ['数据总览', '政务服务指数', '帮办监督', '好差评', '办不成事'], shot: 'cockpit-analyst' },
  { username: 'admin', landing: '/workbench/admin', nav: ['系统管理', '帮办监督', '好差评', '办不成事'], switchTo: 'cockpit', shot: 'workbench-admin' },
]

const suite = suiteFixture()
const withPage = (options, fn) => withSuitePage(suite, options, fn)


const atPath = (pathname) => (url) => url.pathname === pathname

async function loginAs(page, username, landing) {
  await page.goto('/login')
  await submitLogin(page, username)
  await page.waitForURL(atPath(landing))
}

/** The logged-in user as the server sees it. */
async function me(page) {
  return page.evaluate(async () => {
    const res = await fetch('/api/v1/me', { headers: { Accept: 'application/json' } })
    return { status: res.status, body: res.status === 200 ? await res.json() : null }
  })
}

async function navLabels(page) {
  const nav = page.getByTestId('area-nav')
  await nav.waitFor()
  return (await nav.locator('.el-menu-item').allInnerTexts()).map((t) => t.trim())
}

async function expectForbiddenWarning(page) {
  await page.locator('.el-message').filter({ hasText: '无权访问该页面' }).waitFor()
}

describe('demo accounts', () => {
  for (const acct of ACCOUNTS) {
    test(`${acct.username} logs in to ${acct.landing} and logs out`, () =>
      withPage(DESKTOP, async (page, context) => {
        await page.goto('/')
        await page.waitForURL(atPath('/login'))
        await submitLogin(page, acct.username)
        await page.waitForURL(atPath(acct.landing))

        const who = await me(page)
        assert.equal(who.status, 200)
        const user = who.body
        assert.equal(user.username, acct.username)

        // Header: name and account type / department / roles.
        const header = page.getByTestId('current-user')
        await header.waitFor()
        const headerText = await header.innerText()
        assert.ok(headerText.includes(user.display_name), `header "${headerText}" lacks ${user.display_name}`)
        if (acct.detail) assert.ok(headerText.includes(acct.detail), `header "${headerText}" lacks ${acct.detail}`)
        if (user.kind === 'enterprise') {
          assert.ok(user.enterprise?.name, 'enterprise account without enterprise name')
          assert.ok(headerText.includes(user.enterprise.name), `header "${headerText}" lacks the company name`)
        }
        for (const label of user.role_labels) {
          assert.ok(headerText.includes(label), `header "${headerText}" lacks role ${label}`)
        }

        assert.deepEqual(await navLabels(page), acct.nav)
        await page.getByTestId('page-title').waitFor()

        // Only the session cookie authenticates; nothing is kept in web storage.
        const cookie = (await context.cookies()).find((c) => c.name === 'haoban_session')
        assert.ok(cookie, 'haoban_session cookie not set')
        assert.equal(cookie.httpOnly, true)
        assert.equal(cookie.sameSite, 'Strict')
        const stored = await page.evaluate(() => localStorage.length + sessionStorage.length)
        assert.equal(stored, 0, 'web storage is not empty')

        const switches = page.locator('[data-testid^="area-switch-"]')
        if (acct.switchTo) {
          assert.equal(await switches.count(), 1)
          if (acct.shot) await screenshot(page, acct.shot)
          await page.getByTestId(`area-switch-${acct.switchTo}`).click()
          await page.waitForURL(atPath(`/${acct.switchTo}`))
          await page.getByTestId('area-nav').waitFor()
          assert.ok((await page.getByTestId('current-user').innerText()).includes(user.display_name))
          await screenshot(page, `${acct.switchTo}-${acct.username}`)
        } else {
          assert.equal(await switches.count(), 0, 'offers areas the user may not enter')
          if (acct.shot) await screenshot(page, acct.shot)
        }

        await page.getByTestId('logout').click()
        await page.waitForURL(atPath('/login'))
        await page.getByTestId('login-username').waitFor()
        assert.equal((await me(page)).status, 401, 'session still valid after logout')

        // The session is gone on the server too: the area asks for a login again.
        await page.goto(acct.landing)
        await page.waitForURL(atPath('/login'))
        assert.equal(new URL(page.url()).searchParams.get('redirect'), acct.landing)
      }))
  }
})

describe('login page', () => {
  test('looks right', () =>
    withPage(DESKTOP, async (page) => {
      await page.goto('/login')
      await page.getByRole('heading', { name: '宝山区 智慧好办' }).waitFor()
      await page.getByTestId('login-username').waitFor()
      await screenshot(page, 'login')
    }))

  test('a wrong password shows the server message and stays on /login', () =>
    withPage(DESKTOP, async (page) => {
      await page.goto('/login')
      await submitLogin(page, 'person.demo', `${PASSWORD}-wrong`)
      const alert = page.getByRole('alert').filter({ hasText: '用户名或密码错误' })
      await alert.waitFor()
      assert.equal(await page.getByTestId('login-error').getAttribute('role'), 'alert')
      assert.ok(await page.getByTestId('login-error').isVisible())
      assert.equal(new URL(page.url()).pathname, '/login')
      assert.equal((await me(page)).status, 401)
      await screenshot(page, 'login-error')

      // A correct retry works from the same page.
      await submitLogin(page, 'person.demo')
      await page.waitForURL(atPath('/portal'))
    }))

  test('a rate-limited login shows the 429 title', () =>
    withPage(DESKTOP, async (page) => {
      await page.route('**/api/v1/sessions', (route) =>
        route.fulfill({
          status: 429,
          contentType: 'application/problem+json',
          headers: { 'Retry-After': '60' },
          body: JSON.stringify({
            type: 'https://haoban.gov.cn/problems/too-many-requests',
            title: '登录尝试过于频繁，请稍后再试',
            status: 429,
          }),
        }),
      )
      await page.goto('/login')
      await submitLogin(page, 'person.demo')
      await page.getByTestId('login-error').filter({ hasText: '登录尝试过于频繁，请稍后再试' }).waitFor()
      assert.equal(new URL(page.url()).pathname, '/login')
    }))

  test('an unreachable server shows a connection message', () =>
    withPage(DESKTOP, async (page) => {
      await page.goto('/login')
      await page.route('**/api/v1/sessions', (route) => route.abort('connectionrefused'))
      await submitLogin(page, 'person.demo')
      await page.getByTestId('login-error').filter({ hasText: '无法连接服务器，请稍后重试' }).waitFor()
      assert.equal(new URL(page.url()).pathname, '/login')
    }))

  test('empty fields are caught before asking the server', () =>
    withPage(DESKTOP, async (page) => {
      let posted = false
      await page.route('**/api/v1/sessions', (route) => {
        posted = true
        return route.continue()
      })
      await page.goto('/login')
      await page.getByTestId('login-submit').click()
      await page.getByText('请输入用户名').waitFor()
      await page.getByText('请输入密码').waitFor()
      assert.equal(posted, false)
    }))
})

describe('access control', () => {
  test('an unauthenticated visit to /cockpit lands on /login and returns after login', () =>
    withPage(DESKTOP, async (page) => {
      await page.goto('/cockpit')
      await page.waitForURL(atPath('/login'))
      assert.equal(new URL(page.url()).searchParams.get('redirect'), '/cockpit')
      await page.getByTestId('login-username').waitFor()
      await submitLogin(page, 'analyst.demo')
      await page.waitForURL(atPath('/cockpit'))
    }))

  test('a person visiting /workbench is sent to /portal with a warning', () =>
    withPage(DESKTOP, async (page) => {
      await loginAs(page, 'person.demo', '/portal')
      await page.goto('/workbench')
      await page.waitForURL(atPath('/portal'))
      await expectForbiddenWarning(page)
      await page.getByTestId('current-user').waitFor()
      await screenshot(page, 'portal-forbidden-warning')
    }))

  test('a login redirect into a foreign area goes to the own area instead', () =>
    withPage(DESKTOP, async (page) => {
      await page.goto('/cockpit')
      await page.waitForURL(atPath('/login'))
      await submitLogin(page, 'person.demo')
      await page.waitForURL(atPath('/portal'))
    }))

  test('a clerk cannot open a workbench page of another role', () =>
    withPage(DESKTOP, async (page) => {
      await loginAs(page, 'clerk.scjg', '/workbench/tasks')
      await page.goto('/workbench/admin')
      await page.waitForURL(atPath('/workbench/tasks'))
      await expectForbiddenWarning(page)
      await page.goto('/cockpit')
      await page.waitForURL(atPath('/workbench/tasks'))
    }))
})

describe('phone (375 px)', () => {
  test('the portal is usable with the navigation in a drawer', () =>
    withPage(PHONE, async (page) => {
      await page.goto('/login')
      await page.getByTestId('login-username').waitFor()
      await screenshot(page, 'login-phone')
      await submitLogin(page, 'person.demo')
      await page.waitForURL(atPath('/portal'))

      await page.getByTestId('page-title').waitFor()
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      )
      assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`)
      assert.ok(await page.getByTestId('current-user').isVisible())
      assert.ok(await page.getByTestId('logout').isVisible())
      assert.equal(await page.getByTestId('area-nav').count(), 0, 'side nav should be folded away')
      await screenshot(page, 'portal-phone')

      const toggle = page.getByRole('button', { name: '打开导航菜单' })
      await toggle.click()
      assert.deepEqual(await navLabels(page), PORTAL_NAV)
      await screenshot(page, 'portal-phone-nav')

      await page.getByTestId('area-nav').getByText('我的办件').click()
      await page.waitForURL(atPath('/portal/applications'))
      await page.getByTestId('page-title').filter({ hasText: '我的办件' }).waitFor()
      await page.getByTestId('area-nav').waitFor({ state: 'hidden' })

      await page.getByRole('button', { name: '退出登录' }).click()
      await page.waitForURL(atPath('/login'))
    }))

  for (const { username, landing, nav, shot } of [
    { username: 'clerk.scjg', landing: '/workbench/tasks', nav: ['待办件', '好差评', '办不成事'], shot: 'workbench-phone' },
    { username: 'analyst.demo', landing: '/cockpit', nav: ['数据总览', '政务服务指数', '帮办监督', '好差评', '办不成事'], shot: 'cockpit-phone' },
  ]) {
    test(`${username} can use ${landing} on a phone`, () =>
      withPage(PHONE, async (page) => {
        await loginAs(page, username, landing)
        await page.getByTestId('page-title').waitFor()
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        )
        assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`)
        await screenshot(page, shot)
        await page.getByRole('button', { name: '打开导航菜单' }).click()
        assert.deepEqual(await navLabels(page), nav)
      }))
  }
})
