// The verifiable ledger (区块链+电子材料): a transparency log (RFC 6962 Merkle tree over SM3) whose
// checkpoints the platform signs with SM2 and independent witnesses cosign. This module fetches
// and normalises what the views show: the caller's own entries, receipts (c2sp.org/tlog-proof),
// the public checkpoint (a c2sp.org/signed-note, parsed here) and the administrators' status.

import { request, requestText } from './http'

type Raw = Record<string, unknown>
const isObject = (v: unknown): v is Raw => v !== null && typeof v === 'object' && !Array.isArray(v)
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '')
const count = (v: unknown): number => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN
  return Number.isSafeInteger(n) && n >= 0 ? n : 0
}

// ---- entries ------------------------------------------------------------------------------------

export const ENTRY_KIND_LABELS: Readonly<Record<string, string>> = {
  'material.create': '材料入库',
  'material.reuse': '材料复用',
  'material.revoke': '材料撤销',
  'certificate.issue': '证照签发',
  'decision.policy': '政策决定',
  'audit.batch': '审计封存',
}

/** The Chinese label of an entry kind; kinds this client does not know show as they are. */
export function entryKindLabel(kind: string): string {
  return ENTRY_KIND_LABELS[kind] ?? kind
}

export interface LedgerEntry {
  /** Position in the log (0-based); also names the receipt file. */
  index: number
  kind: string
  kindLabel: string
  /** The material, certificate or decision id. */
  id: string
  /** Content id: hex hash of the material or decision (never the content itself). */
  content: string
  category: string
  /** Application number, when the entry belongs to one. */
  application: string
  /** RFC 3339 UTC. */
  time: string
}

export interface MyEntries {
  items: LedgerEntry[]
  logSize: number
  origin: string
  /** The log's verifier key (vkey), for `haoban ledger verify-receipt --key`. */
  logKey: string
}

export function normalizeEntry(raw: unknown): LedgerEntry {
  const r = isObject(raw) ? raw : {}
  const kind = str(r.kind)
  return {
    index: count(r.index),
    kind,
    kindLabel: entryKindLabel(kind),
    id: str(r.id),
    content: str(r.content),
    category: str(r.category),
    application: str(r.application),
    time: str(r.time),
  }
}

export function normalizeEntries(raw: unknown): MyEntries {
  const r = isObject(raw) ? raw : {}
  const items = Array.isArray(r.items) ? r.items.filter(isObject).map(normalizeEntry) : []
  return {
    // Newest first.
    items: items.sort((a, b) => b.index - a.index),
    logSize: count(r.log_size),
    origin: str(r.origin),
    logKey: str(r.log_key),
  }
}

/** The signed-in user's own ledger entries (a person's, or their enterprise's). */
export async function fetchMyEntries(): Promise<MyEntries> {
  return normalizeEntries(await request<unknown>('GET', '/api/v1/ledger/entries'))
}

// ---- receipts -----------------------------------------------------------------------------------

export interface Receipt {
  filename: string
  text: string
}

/** The file name from Content-Disposition, or the server's naming scheme when it is absent. */
export function receiptFilename(index: number, contentDisposition: string | null): string {
  const m = /filename\s*=\s*(?:"([^"]*)"|([^;\s]+))/i.exec(contentDisposition ?? '')
  const name = (m?.[1] ?? m?.[2] ?? '').trim()
  // Only a plain file name: nothing that could point into another directory.
  if (name && /^[\w.-]+$/.test(name) && !name.startsWith('.')) return name
  return `haoban-${index}.tlog-proof`
}

/** The receipt (c2sp.org/tlog-proof) of one of the caller's entries. */
export async function fetchReceipt(index: number): Promise<Receipt> {
  const { text, headers } = await requestText(`/api/v1/ledger/receipts/${encodeURIComponent(String(index))}`)
  return { filename: receiptFilename(index, headers.get('content-disposition')), text }
}

/** Quotes for a POSIX shell only when needed (vkeys are base64 and key names: normally safe). */
export function shellQuote(s: string): string {
  if (s !== '' && /^[A-Za-z0-9+/=._:@%,-]+$/.test(s)) return s
  return `'${s.replaceAll("'", `'\\''`)}'`
}

/** The offline check of a receipt file: `haoban ledger verify-receipt FILE --key VKEY`. */
export function verifyCommand(logKey: string, index?: number): string {
  const file = index === undefined ? 'haoban-<序号>.tlog-proof' : `haoban-${index}.tlog-proof`
  return `haoban ledger verify-receipt ${file} --key ${shellQuote(logKey || '<日志公钥>')}`
}

// ---- checkpoints (signed notes) -----------------------------------------------------------------

export interface NoteSignature {
  /** Key name: the log's origin for the log's own signatures, the witness's name for cosignatures. */
  name: string
  /** The 4-byte key ID, as 8 hex digits. */
  keyId: string
  /**
   * For a cosignature (tlog-cosignature/v1: key ID, 8-byte timestamp, 64-byte signature): when
   * the witness says it signed, in Unix seconds. Not verified here; null for other shapes.
   */
  timestamp: number | null
}

export interface Checkpoint {
  origin: string
  size: number
  /** Root hash, base64 as in the note. */
  root: string
  extensions: string[]
  /** Every signature line, in order. */
  signatures: NoteSignature[]
  /** The log's own signatures (named after the origin). */
  logSignatures: NoteSignature[]
  /** The other signatures: witnesses' cosignatures. */
  cosignatures: NoteSignature[]
  /** Distinct witnesses (by name) that cosigned. */
  witnesses: string[]
}

const EM_DASH = '\u2014'
// Canonical base64 (with padding): decodes to bytes and encodes back to the same text.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

function decodeBase64(s: string): Uint8Array | null {
  if (!BASE64.test(s)) return null
  try {
    const bin = atob(s)
    const out = new Uint8Array(bin.length)
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
    return out
  } catch {
    return null
  }
}

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')

// Key names: non-empty, no whitespace, no '+' (signed-note).
const KEY_NAME = /^[^\s+]+$/u

function parseSignatureLine(line: string): NoteSignature | null {
  const prefix = `${EM_DASH} `
  if (!line.startsWith(prefix)) return null
  const parts = line.slice(prefix.length).split(' ')
  if (parts.length !== 2) return null
  const [name, b64] = parts as [string, string]
  if (!KEY_NAME.test(name)) return null
  const bytes = decodeBase64(b64)
  if (!bytes || bytes.length < 5) return null
  let timestamp: number | null = null
  if (bytes.length === 4 + 8 + 64) {
    const view = new DataView(bytes.buffer, bytes.byteOffset + 4, 8)
    const t = view.getBigUint64(0)
    if (t <= BigInt(Number.MAX_SAFE_INTEGER)) timestamp = Number(t)
  }
  return { name, keyId: hex(bytes.subarray(0, 4)), timestamp }
}

/**
 * Parses a checkpoint note (c2sp.org/tlog-checkpoint in a c2sp.org/signed-note): origin, size,
 * base64 root hash and optional extension lines; a blank line; one or more signature lines
 * "— <name> <base64>". Returns null for anything malformed, or without the log's own signature.
 * Signatures are not verified (that needs the keys and is what `haoban ledger verify` does); this
 * tells the UI what the note claims: its size, and who cosigned it.
 */
export function parseCheckpoint(note: string): Checkpoint | null {
  if (typeof note !== 'string' || !note.endsWith('\n')) return null
  // Only newlines among the control characters.
  if (/[\u0000-\u0009\u000b-\u001f\u007f]/.test(note)) return null

  const split = note.lastIndexOf('\n\n')
  if (split < 0) return null
  const body = note.slice(0, split + 1)
  const sigLines = note.slice(split + 2, -1).split('\n')

  const lines = body.slice(0, -1).split('\n')
  if (lines.length < 3) return null
  const [origin, size, root, ...extensions] = lines as [string, string, string, ...string[]]
  if (origin === '' || extensions.some((l) => l === '')) return null
  if (!/^(?:0|[1-9][0-9]*)$/.test(size) || !Number.isSafeInteger(Number(size))) return null
  if (decodeBase64(root)?.length !== 32) return null

  const signatures: NoteSignature[] = []
  for (const line of sigLines) {
    const sig = parseSignatureLine(line)
    if (!sig) return null
    signatures.push(sig)
  }
  const logSignatures = signatures.filter((s) => s.name === origin)
  if (logSignatures.length === 0) return null
  const cosignatures = signatures.filter((s) => s.name !== origin)
  return {
    origin,
    size: Number(size),
    root,
    extensions,
    signatures,
    logSignatures,
    cosignatures,
    witnesses: [...new Set(cosignatures.map((s) => s.name))],
  }
}

export interface CheckpointResult {
  text: string
  /** null when the text is not a well-formed checkpoint of a log. */
  checkpoint: Checkpoint | null
}

/** The latest public checkpoint (anyone may fetch it). */
export async function fetchCheckpoint(): Promise<CheckpointResult> {
  const { text } = await requestText('/api/v1/ledger/checkpoint')
  return { text, checkpoint: parseCheckpoint(text) }
}

// ---- status (administrators) --------------------------------------------------------------------

export interface LedgerStatus {
  origin: string
  /** Hash algorithm of the tree, e.g. "sm3". */
  hash: string
  logKey: string
  size: number
  /** Root hash, hex. */
  root: string
  witness: {
    /** Empty when no witness is configured. */
    url: string
    /** Empty until the configured witness has cosigned. */
    name: string
    /** The size of the latest checkpoint the witness cosigned (0: never). */
    cosignedSize: number
    /** When the witness cosigned it (RFC 3339), or null. */
    cosignedAt: string | null
  }
  audit: {
    /** audit.batch entries written so far. */
    seals: number
    /** The last audit-log row id sealed. */
    sealedThrough: number
    lastSealedAt: string
  }
}

export function normalizeStatus(raw: unknown): LedgerStatus {
  const r = isObject(raw) ? raw : {}
  const w = isObject(r.witness) ? r.witness : {}
  const a = isObject(r.audit) ? r.audit : {}
  return {
    origin: str(r.origin),
    hash: str(r.hash),
    logKey: str(r.log_key),
    size: count(r.size),
    root: str(r.root),
    witness: {
      url: str(w.url),
      name: str(w.name),
      cosignedSize: count(w.cosigned_size),
      cosignedAt: str(w.cosigned_at) || null,
    },
    audit: {
      seals: count(a.seals),
      sealedThrough: count(a.sealed_through),
      lastSealedAt: str(a.last_sealed_at),
    },
  }
}

export async function fetchLedgerStatus(): Promise<LedgerStatus> {
  return normalizeStatus(await request<unknown>('GET', '/api/v1/ledger/status'))
}

/** Entries the witness may lag behind before it is flagged (it cosigns once per round). */
export const WITNESS_MAX_BEHIND = 5
/** How long entries may wait for a cosignature before the witness is flagged. */
export const WITNESS_MAX_AGE_MS = 60 * 60 * 1000

export type WitnessState =
  /** No witness configured: only the platform's own signature vouches for the log. */
  | 'none'
  /** Configured, but no cosignature yet. */
  | 'never'
  /** Cosigned the current size, or is a little behind and recent. */
  | 'ok'
  /** Behind by more than WITNESS_MAX_BEHIND entries, or entries waited longer than WITNESS_MAX_AGE_MS. */
  | 'lagging'

export interface WitnessHealth {
  state: WitnessState
  /** Entries not yet cosigned. */
  behind: number
  /** Milliseconds since the latest cosignature, or null. */
  age: number | null
}

export function witnessHealth(status: Pick<LedgerStatus, 'size' | 'witness'>, now: number = Date.now()): WitnessHealth {
  const w = status.witness
  const behind = Math.max(0, status.size - w.cosignedSize)
  const at = w.cosignedAt ? Date.parse(w.cosignedAt) : NaN
  const age = Number.isNaN(at) ? null : Math.max(0, now - at)
  if (!w.url) return { state: 'none', behind, age }
  if (w.cosignedSize === 0) return { state: 'never', behind, age }
  // An idle log keeps its old cosignature: age matters only while entries wait for one.
  const stale = behind > 0 && (age === null || age > WITNESS_MAX_AGE_MS)
  return { state: behind > WITNESS_MAX_BEHIND || stale ? 'lagging' : 'ok', behind, age }
}

// ---- display helpers ----------------------------------------------------------------------------

/** "ab12cd34…9f8e7d" for long hashes and keys; short strings stay whole. */
export function shorten(s: string, head = 10, tail = 8): string {
  return s.length <= head + tail + 1 ? s : `${s.slice(0, head)}…${s.slice(-tail)}`
}

/** "刚刚", "5 分钟前", "3 小时前", "2 天前" for a duration in milliseconds. */
export function agoText(ms: number): string {
  const minutes = Math.floor(ms / 60_000)
  if (minutes < 1) return '刚刚'
  if (minutes < 60) return `${minutes} 分钟前`
  const hours = Math.floor(minutes / 60)
  if (hours < 24) return `${hours} 小时前`
  return `${Math.floor(hours / 24)} 天前`
}
