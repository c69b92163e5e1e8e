// Minimal JSON client for the same-origin haoban API.
// The session cookie (HttpOnly) authenticates requests; no token is kept in the browser.

import type { Problem } from './types'

/** The server answered with an error status (usually with a problem+json body). */
export class ApiError extends Error {
  readonly status: number
  readonly problem: Problem | null

  constructor(status: number, problem: Problem | null) {
    super(problem?.title ?? `HTTP ${status}`)
    this.name = 'ApiError'
    this.status = status
    this.problem = problem
  }
}

/** The request never got an answer (server down, connection reset, timeout). */
export class NetworkError extends Error {
  constructor(cause?: unknown) {
    super('network error', { cause })
    this.name = 'NetworkError'
  }
}

const REQUEST_TIMEOUT_MS = 15_000

type UnauthorizedHandler = (path: string) => void
let onUnauthorized: UnauthorizedHandler | null = null

/**
 * Registers a callback for 401 answers to ordinary API calls (an expired session).
 * Session endpoints (login, /me, logout) handle 401 themselves and skip it.
 */
export function setUnauthorizedHandler(handler: UnauthorizedHandler | null): void {
  onUnauthorized = handler
}

export interface RequestOptions {
  body?: unknown
  /** A raw body (a file upload), sent as it is instead of JSON. */
  raw?: Blob | ArrayBuffer | Uint8Array
  /** Extra request headers (e.g. X-Filename for uploads). */
  headers?: Record<string, string>
  /** Do not call the unauthorized handler on 401. */
  skipAuthRedirect?: boolean
  /** Overrides the default timeout (uploads of large files take longer). */
  timeoutMs?: number
}

function isJson(contentType: string | null): boolean {
  if (!contentType) return false
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? ''
  return type === 'application/json' || type.endsWith('+json')
}

async function readProblem(res: Response): Promise<Problem | null> {
  if (!isJson(res.headers.get('content-type'))) return null
  try {
    const data: unknown = await res.json()
    return data !== null && typeof data === 'object' ? (data as Problem) : null
  } catch {
    return null
  }
}

export interface TextResponse {
  text: string
  headers: Headers
}

/** Sends the request; answers other than 2xx become ApiError (401 calls the unauthorized handler). */
async function send(method: string, path: string, options: RequestOptions, accept: string): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers, Accept: accept }
  const init: RequestInit = {
    method,
    headers,
    credentials: 'same-origin',
    signal: AbortSignal.timeout(options.timeoutMs ?? REQUEST_TIMEOUT_MS),
  }
  if (options.raw !== undefined) {
    headers['Content-Type'] ??= 'application/octet-stream'
    init.body = options.raw as BodyInit
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    init.body = JSON.stringify(options.body)
  }

  let res: Response
  try {
    res = await fetch(path, init)
  } catch (err) {
    throw new NetworkError(err)
  }

  if (!res.ok) {
    const problem = await readProblem(res)
    if (res.status === 401 && !options.skipAuthRedirect) onUnauthorized?.(path)
    throw new ApiError(res.status, problem)
  }
  return res
}

function isAbort(err: unknown): boolean {
  return err instanceof DOMException && (err.name === 'AbortError' || err.name === 'TimeoutError')
}

export async function request<T>(
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  const res = await send(method, path, options, 'application/json, application/problem+json')
  if (res.status === 204 || res.headers.get('content-length') === '0') {
    return undefined as T
  }
  try {
    return (await res.json()) as T
  } catch (err) {
    if (isAbort(err)) throw new NetworkError(err)
    throw new ApiError(res.status, { title: '服务器返回了无法识别的数据' })
  }
}

export interface BlobResponse {
  blob: Blob
  headers: Headers
}

/** A GET for a file (a material's content); errors as for request(). */
export async function requestBlob(path: string, options: Omit<RequestOptions, 'body' | 'raw'> = {}): Promise<BlobResponse> {
  const res = await send('GET', path, { timeoutMs: 60_000, ...options }, '*/*')
  try {
    return { blob: await res.blob(), headers: res.headers }
  } catch (err) {
    throw new NetworkError(err)
  }
}

/** A GET for a plain-text resource (signed notes, receipt files); errors as for request(). */
export async function requestText(path: string, options: Omit<RequestOptions, 'body'> = {}): Promise<TextResponse> {
  const res = await send('GET', path, options, 'text/plain, application/problem+json')
  try {
    return { text: await res.text(), headers: res.headers }
  } catch (err) {
    throw new NetworkError(err)
  }
}

/** Offers a blob as a download. */
export function saveBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
