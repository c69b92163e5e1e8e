import { describe, expect, it } from 'vitest'

import { normalizeConversation, normalizeMessage, normalizeReadEvent, normalizeTypingEvent, uploadFile, type UploadRequest } from './help'
import { ApiError, NetworkError } from './http'

describe('normalize (chat features)', () => {
  it('reads attachments, the knowledge-base task and read seqs', () => {
    const m = normalizeMessage({
      seq: 4,
      sender_kind: 'applicant',
      attachment: { id: 9, name: '执照.png', mime: 'image/png', size: 2048, url: '/api/v1/help/files/9' },
      kb_task: 12,
    })
    expect(m.attachment).toEqual({ id: 9, name: '执照.png', mime: 'image/png', size: 2048, url: '/api/v1/help/files/9' })
    expect(m.kbTask).toBe(12)
    expect(normalizeMessage({ seq: 1, attachment: { url: 'https://evil.example/x' } }).attachment).toBeNull()
    expect(normalizeMessage({ seq: 1, attachment: { url: '//evil.example/x' } }).attachment).toBeNull()
    expect(normalizeMessage({ seq: 1 }).attachment).toBeNull()
    const c = normalizeConversation({ id: 1, applicant_read_seq: 3, helper_read_seq: 5 })
    expect([c.applicantReadSeq, c.helperReadSeq]).toEqual([3, 5])
    expect(normalizeTypingEvent({ conversation_id: 7, from: 'helper' })).toEqual({ conversation: 7, from: 'helper' })
    expect(normalizeReadEvent({ conversation_id: 7, reader: 'applicant', seq: 4 })).toEqual({ conversation: 7, reader: 'applicant', seq: 4 })
  })
})

class FakeXhr implements UploadRequest {
  status = 0
  responseText = ''
  timeout = 0
  withCredentials = false
  headers: Record<string, string> = {}
  url = ''
  sent: Blob | null = null
  upload: UploadRequest['upload'] = { onprogress: null }
  onload: (() => void) | null = null
  onerror: (() => void) | null = null
  ontimeout: (() => void) | null = null
  onabort: (() => void) | null = null
  open(_m: string, url: string) {
    this.url = url
  }
  setRequestHeader(n: string, v: string) {
    this.headers[n] = v
  }
  send(b: Blob) {
    this.sent = b
  }
  abort() {
    this.onabort?.()
  }
  getResponseHeader() {
    return null
  }
  answer(status: number, body: unknown) {
    this.status = status
    this.responseText = JSON.stringify(body)
    this.onload?.()
  }
}

describe('uploadFile', () => {
  const file = Object.assign(new Blob(['x'.repeat(10)], { type: 'image/png' }), { name: '营业执照 副本.png' })

  it('sends the raw file with its name percent-encoded and reports progress', async () => {
    const xhr = new FakeXhr()
    const progress: number[] = []
    const done = uploadFile(7, file, { clientId: 'c1', onProgress: (p) => progress.push(p) }, () => xhr)
    expect(xhr.url).toBe('/api/v1/help/conversations/7/files')
    expect(xhr.headers['X-Filename']).toBe('%E8%90%A5%E4%B8%9A%E6%89%A7%E7%85%A7%20%E5%89%AF%E6%9C%AC.png')
    expect(xhr.headers['Content-Type']).toBe('image/png')
    expect(xhr.headers['X-Client-Id']).toBe('c1')
    xhr.upload.onprogress?.({ loaded: 5, total: 10, lengthComputable: true })
    xhr.answer(201, { seq: 3, sender_kind: 'applicant', attachment: { id: 1, name: 'a.png', mime: 'image/png', size: 10, url: '/f/1' } })
    const m = await done
    expect(m.seq).toBe(3)
    expect(progress).toEqual([0.5, 1])
  })

  it('turns refusals into ApiError with the problem, and failures into NetworkError', async () => {
    const xhr = new FakeXhr()
    const done = uploadFile(7, file, {}, () => xhr)
    xhr.answer(413, { title: '文件超过 5 MB', status: 413 })
    const e = await done.catch((x: unknown) => x)
    expect(e).toBeInstanceOf(ApiError)
    expect((e as ApiError).problem?.title).toBe('文件超过 5 MB')
    const xhr2 = new FakeXhr()
    const failed = uploadFile(7, file, {}, () => xhr2)
    xhr2.onerror?.()
    await expect(failed).rejects.toBeInstanceOf(NetworkError)
  })
})
