// Headless Chromium from Debian (playwright-core, no bundled browser download).

import { mkdir } from 'node:fs/promises'
import path from 'node:path'

import { chromium } from 'playwright-core'

import { WEB_DIR } from './server.mjs'

export const RESULTS_DIR = path.join(WEB_DIR, 'test-results')

export const PASSWORD = 'Haoban@2026'

export function launchBrowser() {
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

/** Fills and submits the login form (the page must be on /login). */
export async function submitLogin(page, username, password = PASSWORD) {
  await page.getByTestId('login-username').fill(username)
  await page.getByTestId('login-password').fill(password)
  await page.getByTestId('login-submit').click()
}
