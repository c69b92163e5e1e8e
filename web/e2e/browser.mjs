// Headless Chromium from Debian (playwright-core, no bundled browser download).

import assert from 'node:assert/strict'
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { after, before } from 'node:test'

import { chromium } from 'playwright-core'

import { startServer, WEB_DIR } from './server.mjs'

export const RESULTS_DIR = path.join(WEB_DIR, 'test-results')

export const PASSWORD = 'Haoban@2026'

export const DESKTOP = { viewport: { width: 1280, height: 800 } }
export const PHONE = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }

/**
 * Launches headless Chromium. With `fakeMedia`, camera, microphone and screen capture are
 * Chromium's test devices (a moving pattern and a beep) granted without a prompt, and media plays
 * without a user gesture: for the WebRTC tests.
 */
export function launchBrowser({ fakeMedia = false } = {}) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(fakeMedia
        ? [
            '--use-fake-ui-for-media-stream',
            '--use-fake-device-for-media-stream',
            '--auto-select-desktop-capture-source=Entire screen',
            '--autoplay-policy=no-user-gesture-required',
          ]
        : []),
    ],
  })
}

/** Waits until running CSS transitions and animations (drawers, messages) have finished. */
export async function settle(page) {
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => {}))))
}

/** Saves a full-page screenshot as test-results/NAME.png once the page is still. */
export async function screenshot(page, name) {
  await settle(page)
  await mkdir(RESULTS_DIR, { recursive: true })
  await page.screenshot({ path: path.join(RESULTS_DIR, `${name}.png`), fullPage: true })
}

/** A full-page screenshot taken from the top (sticky bars would otherwise show mid-page). */
export async function topScreenshot(page, name) {
  await page.evaluate(() => window.scrollTo(0, 0))
  await screenshot(page, name)
}

/** Calls the API from the page (its session cookie): {status, body}. */
export function api(page, method, path, body) {
  return page.evaluate(
    async ([m, p, b]) => {
      const res = await fetch(p, {
        method: m,
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: b === undefined ? undefined : JSON.stringify(b),
      })
      return { status: res.status, body: await res.json().catch(() => null) }
    },
    [method, path, body],
  )
}

/** How many CSS pixels the page is wider than the viewport (0 when nothing overflows). */
export function horizontalOverflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
}

/** Fills and submits the login form (the page must be on /login). */
export async function submitLogin(page, username, password = PASSWORD) {
  await page.getByTestId('login-username').fill(username)
  await page.getByTestId('login-password').fill(password)
  await page.getByTestId('login-submit').click()
}

/**
 * Registers before/after hooks that start a seeded server and a browser for the whole suite.
 * Returns the suite's fixture: {server, browser} once `before` has run.
 */
export function suiteFixture() {
  const fixture = { server: null, browser: null }
  before(async () => {
    fixture.server = await startServer()
    fixture.browser = await launchBrowser()
  })
  after(async () => {
    await fixture.browser?.close()
    await fixture.server?.stop()
  })
  return fixture
}

/**
 * Runs fn(page, context) in a fresh browser context (own cookies), logged in as `username` first
 * when one is given. Uncaught page errors fail the test; failures carry the page URL and the
 * server's recent log.
 */
export async function withPage(fixture, { username, ...options }, fn) {
  const context = await fixture.browser.newContext({ baseURL: fixture.server.baseURL, locale: 'zh-CN', ...options })
  context.setDefaultTimeout(10_000)
  const page = await context.newPage()
  const pageErrors = []
  page.on('pageerror', (err) => pageErrors.push(err))
  try {
    if (username) {
      await page.goto('/login')
      await submitLogin(page, username)
      await page.waitForURL((url) => url.pathname !== '/login')
    }
    await fn(page, context)
    assert.deepEqual(pageErrors.map(String), [], 'uncaught errors in the page')
  } catch (err) {
    err.message += `\n(page URL: ${page.url()})\n${fixture.server.logs().slice(-4000)}`
    throw err
  } finally {
    await context.close()
  }
}
