// The camera, microphone and screen for the remote window: what to ask the browser for, and what
// to tell the user when it says no. A refusal never stops the call: the other party's video and
// the annotations still work.

/** The parts of navigator.mediaDevices used (a fake in tests). */
export interface MediaDevicesLike {
  getUserMedia(c: MediaStreamConstraints): Promise<MediaStream>
  getDisplayMedia?(c?: DisplayMediaStreamOptions): Promise<MediaStream>
}

export interface LocalMedia {
  stream: MediaStream | null
  /** Why there is no camera or microphone ('' when both came). */
  notice: string
}

const errorName = (e: unknown): string =>
  e !== null && typeof e === 'object' && 'name' in e && typeof (e as { name: unknown }).name === 'string'
    ? (e as { name: string }).name
    : ''

/** What to tell the user when the camera or microphone could not be opened. */
export function cameraProblem(e: unknown): string {
  switch (errorName(e)) {
    case 'NotAllowedError':
    case 'SecurityError':
      return '未获得摄像头和麦克风权限：对方看不到、听不到您，您仍可看到对方并使用标注。如需开启，请在浏览器中允许使用摄像头后重新进入。'
    case 'NotFoundError':
    case 'OverconstrainedError':
      return '未检测到摄像头或麦克风：对方看不到、听不到您，您仍可看到对方并使用标注。'
    case 'NotReadableError':
    case 'AbortError':
      return '摄像头或麦克风正被其他程序占用：请关闭占用的程序后重新进入。您仍可看到对方并使用标注。'
    default:
      return '无法打开摄像头和麦克风：对方看不到、听不到您，您仍可看到对方并使用标注。'
  }
}

/** Partial success: one of the two devices is missing. */
export const NO_CAMERA = '未能打开摄像头，对方只能听到您的声音。'
export const NO_MICROPHONE = '未能打开麦克风，对方只能看到您的画面。'
export const NO_MEDIA_DEVICES = '当前浏览器不支持音视频通话（需使用 HTTPS 访问）：您仍可使用标注。'

/** A refusal is final (asking again without a gesture would fail too); other failures are worth a narrower try. */
const isRefusal = (e: unknown) => ['NotAllowedError', 'SecurityError'].includes(errorName(e))

/** Camera and microphone, else either one, else nothing with the reason. */
export async function openLocalMedia(devices: MediaDevicesLike | undefined): Promise<LocalMedia> {
  if (!devices || typeof devices.getUserMedia !== 'function') return { stream: null, notice: NO_MEDIA_DEVICES }
  let first: unknown
  try {
    return { stream: await devices.getUserMedia({ audio: true, video: { width: { ideal: 1280 }, height: { ideal: 720 } } }), notice: '' }
  } catch (e) {
    first = e
  }
  if (isRefusal(first)) return { stream: null, notice: cameraProblem(first) }
  try {
    return { stream: await devices.getUserMedia({ audio: true }), notice: NO_CAMERA }
  } catch {
    // try the camera alone
  }
  try {
    return { stream: await devices.getUserMedia({ video: true }), notice: NO_MICROPHONE }
  } catch {
    return { stream: null, notice: cameraProblem(first) }
  }
}

export type ScreenResult = { track: MediaStreamTrack } | { cancelled: true } | { error: string }

/** What to tell the user when screen sharing did not start; '' for the user's own cancel. */
export function screenProblem(e: unknown): string {
  switch (errorName(e)) {
    case 'NotAllowedError':
      return ''
    case 'NotFoundError':
      return '没有可共享的屏幕或窗口。'
    case 'NotReadableError':
    case 'AbortError':
      return '无法读取屏幕内容，请重试或改为共享某个窗口。'
    case 'NotSupportedError':
    case 'TypeError':
      return '当前浏览器不支持屏幕共享（手机浏览器通常不支持）。'
    default:
      return '屏幕共享未能开始，请重试。'
  }
}

export async function openScreen(devices: MediaDevicesLike | undefined): Promise<ScreenResult> {
  if (!devices || typeof devices.getDisplayMedia !== 'function')
    return { error: '当前浏览器不支持屏幕共享（手机浏览器通常不支持）。' }
  try {
    const stream = await devices.getDisplayMedia({ video: true, audio: false })
    const track = stream.getVideoTracks()[0]
    if (!track) return { error: '屏幕共享未能开始，请重试。' }
    return { track }
  } catch (e) {
    const problem = screenProblem(e)
    return problem ? { error: problem } : { cancelled: true }
  }
}
