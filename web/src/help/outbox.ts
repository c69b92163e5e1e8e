// Messages on their way: text or a file, each with a client id kept for its retries (so 重新发送
// after a dropped connection is not a duplicate), upload progress and the failure to show.
import { describeError } from '@/api/errors'
import { postMessage, uploadFile, type HelpMessage } from '@/api/help'
import { ApiError } from '@/api/http'

import { newClientId } from './chat'
import { fileMime } from './files'

export interface Outgoing {
  clientId: string
  /** The text, or the file's name. */
  body: string
  file: File | null
  /** 0..1 while a file uploads. */
  progress: number
  state: 'sending' | 'failed'
  error: string
}

export function textOutgoing(body: string): Outgoing {
  return { clientId: newClientId(), body, file: null, progress: 0, state: 'sending', error: '' }
}

export function fileOutgoing(file: File): Outgoing {
  return { clientId: newClientId(), body: file.name, file, progress: 0, state: 'sending', error: '' }
}

/** Posts the text or uploads the file; `onProgress` gets 0..1 for files. */
export function send(conversation: number, o: Outgoing, onProgress: (share: number) => void = () => undefined): Promise<HelpMessage> {
  if (!o.file) return postMessage(conversation, o.body, o.clientId)
  return uploadFile(conversation, o.file, { clientId: o.clientId, mime: fileMime(o.file), onProgress })
}

/** Why sending failed; a refused file also says what is allowed (文件过大：每个文件不超过 5 MB). */
export function sendProblem(o: Pick<Outgoing, 'file'>, e: unknown): string {
  const text = describeError(e)
  const detail = e instanceof ApiError && o.file ? e.problem?.detail?.trim() : ''
  return detail && e instanceof ApiError && e.status < 500 && !text.includes(detail) ? `${text}：${detail}` : text
}
