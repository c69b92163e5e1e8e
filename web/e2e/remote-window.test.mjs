// Browser tests of 远程虚拟窗口 (WebRTC video, screen sharing and annotations between an applicant and
// their helper) against a real haoban server. The two parties run in two separate headless
// Chromium instances with Chromium's fake camera and microphone, talking peer to peer over
// localhost with the server relaying the signalling on /api/v1/events.
//
// helper.demo goes online; enterprise.demo asks from SCJG-011's guide; the helper starts 远程视频,
// the applicant first refuses (the helper sees 对方已拒绝), then accepts the second invitation; both
// see 已连接 and the other's live video; the applicant draws a stroke that reaches the helper's
// canvas (and pixels), the helper's stroke reaches the applicant, 清除标注 clears both; screen
// sharing replaces the camera on both stages; 挂断 ends it on both sides. Then on a phone: the
// applicant, camera denied, starts the window itself, is told so and still receives the helper's
// video, and the window fits the screen; screen sharing it cannot do is explained. Run with `npm run build && node --test e2e/remote-window.test.mjs`.

import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'

import path from 'node:path'

import { api, DESKTOP, horizontalOverflow, launchBrowser, PHONE, RESULTS_DIR, screenshot, settle, withPage } from './browser.mjs'
import { startServer } from './server.mjs'

const fixture = { server: null, helperBrowser: null, applicantBrowser: null }
before(async () => {
  fixture.server = await startServer()
  ;[fixture.helperBrowser, fixture.applicantBrowser] = await Promise.all([
    launchBrowser({ fakeMedia: true }),
    launchBrowser({ fakeMedia: true }),
  ])
})
after(async () => {
  await fixture.helperBrowser?.close()
  await fixture.applicantBrowser?.close()
  await fixture.server?.stop()
})

const asHelper = (options, fn) => withPage({ server: fixture.server, browser: fixture.helperBrowser }, { username: 'helper.demo', ...options }, fn)
const asApplicant = (options, fn) =>
  withPage({ server: fixture.server, browser: fixture.applicantBrowser }, { username: 'enterprise.demo', ...options }, fn)

const ITEM = 'SCJG-011'
const CONNECT_MS = 20_000

/** helper.demo online in the console. */
async function goOnline(helper) {
  await helper.goto('/workbench/helpdesk')
  await helper.getByTestId('help-console').waitFor()
  const online = helper.waitForResponse((r) => r.url().endsWith('/api/v1/help/presence') && r.request().method() === 'PUT')
  await helper.locator('[data-testid="help-presence"] [data-presence="online"]').click()
  assert.equal((await (await online).json()).presence, 'online')
}

/** The applicant asks from the item's guide; returns the conversation (assigned to the online helper). */
async function ask(applicant, question) {
  await applicant.goto(`/portal/guide/items/${ITEM}`)
  await applicant.getByTestId('page-title').waitFor()
  await applicant.getByTestId('help-fab').click()
  const opened = applicant.waitForResponse((r) => r.url().endsWith('/api/v1/help/conversations') && r.request().method() === 'POST')
  await applicant.getByTestId('help-input').fill(question)
  await applicant.getByTestId('help-send').click()
  const conv = await (await opened).json()
  assert.equal(conv.state, 'active', JSON.stringify(conv))
  await applicant.locator('[data-testid="help-status"][data-state="active"]').waitFor()
  return conv
}

const phase = (page, p) => page.locator(`[data-testid="rtc-window"][data-phase="${p}"]`).waitFor({ timeout: CONNECT_MS })

/** Whether the window's remote <video> plays a live video track with a picture. */
function remoteVideoLive(page) {
  return page.waitForFunction(
    () => {
      const v = document.querySelector('[data-testid="rtc-remote-video"]')
      const track = v?.srcObject?.getVideoTracks?.()[0]
      return !!track && track.readyState === 'live' && v.videoWidth > 0 && v.videoHeight > 0
    },
    null,
    { timeout: CONNECT_MS },
  )
}

const strokes = (page) => page.getByTestId('rtc-annotations').getAttribute('data-strokes').then(Number)
const waitStrokes = (page, n) =>
  page.waitForFunction((want) => document.querySelector('[data-testid="rtc-annotations"]')?.dataset.strokes === String(want), n)

/** Drags across the middle of the stage (where the picture is, whatever its letterboxing). */
async function drawStroke(page, from = [0.4, 0.4], to = [0.6, 0.55]) {
  await page.locator('[data-testid="rtc-annotations"].annotations--on').waitFor({ timeout: CONNECT_MS })
  const box = await page.getByTestId('rtc-annotations').boundingBox()
  const at = ([fx, fy]) => [box.x + box.width * fx, box.y + box.height * fy]
  await page.mouse.move(...at(from))
  await page.mouse.down()
  await page.mouse.move(...at([(from[0] + to[0]) / 2, (from[1] + to[1]) / 2]), { steps: 5 })
  await page.mouse.move(...at(to), { steps: 5 })
  await page.mouse.up()
}

/** Opaque pixels on the annotation canvas. */
function inkedPixels(page) {
  return page.evaluate(() => {
    const c = document.querySelector('[data-testid="rtc-annotations"] canvas')
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data
    let n = 0
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++
    return n
  })
}

describe('远程虚拟窗口', () => {
  test('video both ways, a refusal, annotations on both sides, clear, screen sharing and hang-up', () =>
    asHelper(DESKTOP, async (helper) => {
      await goOnline(helper)
      await asApplicant(DESKTOP, async (applicant) => {
        const conv = await ask(applicant, '营业执照上传页面一直报错，能帮我看一下吗？')
        const row = helper.locator(`[data-testid="help-conversation"][data-id="${conv.id}"]`)
        await row.waitFor({ timeout: 15_000 })
        await row.click()
        await helper.locator(`[data-testid="help-thread"][data-id="${conv.id}"]`).waitFor()

        // The helper invites; the applicant refuses: the helper hears it.
        await helper.getByTestId('help-video').click()
        await phase(helper, 'waiting')
        assert.match(await helper.getByTestId('rtc-stage-note').innerText(), /已邀请.*等待对方加入/)
        await applicant.getByTestId('rtc-invite').waitFor({ timeout: CONNECT_MS })
        assert.match(await applicant.getByTestId('rtc-invite').innerText(), /帮办邀请您开启远程视频/)
        await applicant.getByTestId('rtc-decline').click()
        await phase(helper, 'declined')
        assert.equal(await helper.getByTestId('rtc-status').innerText(), '对方已拒绝')
        assert.equal(await applicant.getByTestId('rtc-invite').count(), 0)

        // Invited again, the applicant accepts: both connect and see each other.
        await helper.getByTestId('rtc-retry').click()
        await applicant.getByTestId('rtc-accept').click({ timeout: CONNECT_MS })
        await Promise.all([phase(helper, 'connected'), phase(applicant, 'connected')])
        assert.equal(await helper.getByTestId('rtc-status').innerText(), '已连接')
        await Promise.all([remoteVideoLive(helper), remoteVideoLive(applicant)])
        assert.equal(await helper.getByTestId('rtc-media-notice').count(), 0, 'fake camera and microphone granted')

        // The applicant draws on the helper's picture: the helper's window puts that picture on
        // stage and shows the stroke.
        await drawStroke(applicant)
        assert.equal(await strokes(applicant), 1)
        await waitStrokes(helper, 1)
        assert.equal(await helper.getByTestId('rtc-annotations').getAttribute('data-surface'), 'helper')
        assert.ok((await inkedPixels(helper)) > 50, 'the stroke is painted on the helper’s canvas')
        await screenshot(helper, 'rtc-helper-annotated')

        // The helper answers with a stroke of their own; 清除标注 clears both sides.
        await drawStroke(helper, [0.3, 0.6], [0.5, 0.7])
        await waitStrokes(helper, 2)
        await waitStrokes(applicant, 2)
        await helper.getByTestId('rtc-clear').click()
        await Promise.all([waitStrokes(helper, 0), waitStrokes(applicant, 0)])
        assert.equal(await inkedPixels(helper), 0)

        // 共享屏幕: the screen replaces the camera in what the applicant receives (no renegotiation),
        // and takes both stages; 停止共享 goes back to the camera.
        await helper.getByTestId('rtc-share').click()
        await helper.locator('[data-testid="rtc-share"]', { hasText: '停止共享' }).waitFor()
        await applicant.getByText('正在共享屏幕').waitFor()
        assert.equal(await applicant.getByTestId('rtc-annotations').getAttribute('data-surface'), 'helper')
        assert.equal(await helper.getByTestId('rtc-annotations').getAttribute('data-surface'), 'helper')
        await remoteVideoLive(applicant)
        await screenshot(applicant, 'rtc-applicant-sees-screen')
        await helper.getByTestId('rtc-share').click()
        await helper.locator('[data-testid="rtc-share"]', { hasText: '共享屏幕' }).waitFor()
        await applicant.getByText('正在共享屏幕').waitFor({ state: 'hidden' })
        await phase(helper, 'connected')

        // Mute and camera off are local switches.
        await applicant.getByTestId('rtc-mute').click()
        await applicant.locator('[data-testid="rtc-mute"]', { hasText: '取消静音' }).waitFor()
        await applicant.getByTestId('rtc-camera').click()
        await applicant.locator('[data-testid="rtc-camera"]', { hasText: '开启摄像头' }).waitFor()
        await screenshot(applicant, 'rtc-applicant-connected')

        // 挂断 on the helper's side: their window closes, the applicant is told.
        await helper.getByTestId('rtc-hangup').click()
        await helper.getByTestId('rtc-window').waitFor({ state: 'hidden' })
        await phase(applicant, 'peer-left')
        assert.equal(await applicant.getByTestId('rtc-status').innerText(), '对方已离开')
        assert.match(await applicant.getByTestId('rtc-stage-note').innerText(), /已离开/)
        assert.equal(await applicant.evaluate(() => document.querySelector('[data-testid="rtc-remote-video"]').srcObject), null)
        await applicant.getByTestId('rtc-hangup').click()
        await applicant.getByTestId('rtc-window').waitFor({ state: 'hidden' })
        // The camera is released.
        assert.equal(
          await applicant.evaluate(() => document.querySelector('[data-testid="rtc-local-video"]')?.srcObject ?? null),
          null,
        )
      })
    }))

  test('on a phone with the camera denied: the applicant starts it, is told, still sees the helper, and it fits', () =>
    asHelper(DESKTOP, async (helper) => {
      // Still online from the first test (presence outlives the page for two minutes): make sure.
      assert.equal((await api(helper, 'PUT', '/api/v1/help/presence', { presence: 'online' })).status, 200)
      await helper.goto('/workbench/helpdesk')
      await helper.locator('[data-testid="help-presence"] [data-presence="online"].is-active').waitFor()
      await asApplicant(PHONE, async (applicant, context) => {
        await context.addInitScript(() => {
          navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'))
        })
        const conv = await ask(applicant, '能视频帮我看一下材料吗？')
        await applicant.getByTestId('help-video').click()
        await phase(applicant, 'waiting')
        await applicant.getByTestId('rtc-media-notice').waitFor()
        assert.match(await applicant.getByTestId('rtc-media-notice').innerText(), /未获得摄像头和麦克风权限.*仍可看到对方/)

        // The helper gets the applicant's invitation in the console and accepts.
        const banner = helper.getByTestId('rtc-invite')
        await banner.waitFor({ timeout: CONNECT_MS })
        assert.match(await banner.innerText(), new RegExp(`会话 #${conv.id}.*邀请您开启远程视频`))
        await helper.getByTestId('rtc-accept').click()
        await Promise.all([phase(helper, 'connected'), phase(applicant, 'connected')])
        await remoteVideoLive(applicant)
        // The helper is told the applicant sends no picture.
        await helper.getByTestId('rtc-stage-note').waitFor()
        assert.match(await helper.getByTestId('rtc-stage-note').innerText(), /未开启摄像头/)
        assert.equal(await applicant.getByTestId('rtc-mute').isDisabled(), true)

        // The window fills the phone without sideways scrolling; every control is on screen.
        const win = await applicant.locator('.rtc-dialog').boundingBox()
        assert.ok(win && win.x >= 0 && win.width <= 375, `window ${JSON.stringify(win)}`)
        assert.equal(await horizontalOverflow(applicant), 0)
        for (const id of ['rtc-hangup', 'rtc-clear', 'rtc-share']) {
          const b = await applicant.getByTestId(id).boundingBox()
          assert.ok(b && b.x >= 0 && b.x + b.width <= 375, `${id} ${JSON.stringify(b)}`)
        }
        await drawStroke(applicant)
        await waitStrokes(helper, 1)
        await settle(applicant)
        await applicant.screenshot({ path: path.join(RESULTS_DIR, 'rtc-phone.png') })

        // A phone browser that cannot share its screen says so instead of failing silently.
        await applicant.evaluate(() => {
          navigator.mediaDevices.getDisplayMedia = () => Promise.reject(new DOMException('not supported', 'NotSupportedError'))
        })
        await applicant.getByTestId('rtc-share').click()
        await applicant.getByTestId('rtc-screen-notice').waitFor()
        assert.match(await applicant.getByTestId('rtc-screen-notice').innerText(), /不支持屏幕共享/)
        await phase(applicant, 'connected')

        await applicant.getByTestId('rtc-hangup').click()
        await phase(helper, 'peer-left')
        const left = await api(helper, 'GET', `/api/v1/help/conversations/${conv.id}`)
        assert.equal(left.status, 200)
      })
    }))
})
