import { describe, expect, it } from 'vitest'

import { cameraProblem, NO_CAMERA, NO_MEDIA_DEVICES, openLocalMedia, openScreen, screenProblem, type MediaDevicesLike } from './media'

const err = (name: string) => Object.assign(new Error(name), { name })
const fakeStream = (kinds: string[]) =>
  ({
    getTracks: () => kinds.map((kind) => ({ kind })),
    getVideoTracks: () => kinds.filter((k) => k === 'video').map((kind) => ({ kind })),
  }) as unknown as MediaStream

function devices(answer: (c: MediaStreamConstraints) => MediaStream | Error): MediaDevicesLike & { asked: MediaStreamConstraints[] } {
  const asked: MediaStreamConstraints[] = []
  return {
    asked,
    getUserMedia: async (c) => {
      asked.push(c)
      const r = answer(c)
      if (r instanceof Error) throw r
      return r
    },
  }
}

describe('openLocalMedia', () => {
  it('takes camera and microphone', async () => {
    const d = devices(() => fakeStream(['audio', 'video']))
    const m = await openLocalMedia(d)
    expect(m.notice).toBe('')
    expect(d.asked).toHaveLength(1)
  })

  it('does not ask again after a refusal and says the call still works', async () => {
    const d = devices(() => err('NotAllowedError'))
    const m = await openLocalMedia(d)
    expect(m.stream).toBeNull()
    expect(m.notice).toMatch(/未获得摄像头和麦克风权限.*仍可看到对方/)
    expect(d.asked).toHaveLength(1)
  })

  it('falls back to the microphone alone without a camera', async () => {
    const d = devices((c) => (c.video ? err('NotFoundError') : fakeStream(['audio'])))
    const m = await openLocalMedia(d)
    expect(m.notice).toBe(NO_CAMERA)
    expect(m.stream).not.toBeNull()
  })

  it('says so when nothing is there or the browser cannot', async () => {
    const m = await openLocalMedia(devices(() => err('NotFoundError')))
    expect(m.stream).toBeNull()
    expect(m.notice).toMatch(/未检测到摄像头/)
    expect((await openLocalMedia(undefined)).notice).toBe(NO_MEDIA_DEVICES)
    expect(cameraProblem(err('NotReadableError'))).toMatch(/占用/)
    expect(cameraProblem('weird')).toMatch(/无法打开/)
  })
})

describe('openScreen', () => {
  it('treats the user’s cancel as no problem and explains the rest', async () => {
    const cancel: MediaDevicesLike = { getUserMedia: async () => fakeStream([]), getDisplayMedia: async () => Promise.reject(err('NotAllowedError')) }
    expect(await openScreen(cancel)).toEqual({ cancelled: true })
    expect(await openScreen({ getUserMedia: async () => fakeStream([]) })).toEqual({ error: expect.stringMatching(/不支持屏幕共享/) })
    expect(screenProblem(err('NotFoundError'))).toMatch(/没有可共享/)
    expect(screenProblem(err('AbortError'))).toMatch(/无法读取屏幕/)
    const ok: MediaDevicesLike = { getUserMedia: async () => fakeStream([]), getDisplayMedia: async () => fakeStream(['video']) }
    expect(await openScreen(ok)).toEqual({ track: { kind: 'video' } })
  })
})
