// The e-material library (电子材料库, 两个免于提交): the applicant's materials with their status,
// validity and uses; uploads (the raw file as the body, checked by content on the server);
// revocation; what an item's materials would be exempt from; and the materials an application
// needs, each exempt (免于提交, with the reason) or missing. Shapes follow docs/materials.md.

import { request, requestBlob } from './http'

type Raw = Record<string, unknown>
const isObject = (v: unknown): v is Raw => v !== null && typeof v === 'object' && !Array.isArray(v)
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '')
const optId = (v: unknown): number | null => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN
  return Number.isSafeInteger(n) && n >= 0 ? n : null
}
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(str).filter(Boolean) : [])

// ---- files ----------------------------------------------------------------------------------------

/** The server's default `materials.max_bytes`; larger files are refused before sending them. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024

/** What the file picker offers; the server decides by content, never by name. */
export const ACCEPTED_FILES = '.pdf,.jpg,.jpeg,.png,.ofd,application/pdf,image/jpeg,image/png,application/ofd'
export const ACCEPTED_LABEL = 'PDF、JPG、PNG、OFD'

const MEDIA_LABELS: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPG',
  'image/png': 'PNG',
  'application/ofd': 'OFD',
}

export function mediaLabel(mediaType: string): string {
  return MEDIA_LABELS[mediaType] ?? (mediaType.split('/')[1]?.toUpperCase() || '文件')
}

/** "980 B", "9.5 KB", "2.3 MB". */
export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return ''
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, '')} KB`
  return `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MB`
}

/** What is wrong with a file before it is sent (empty, too large), or null. The type is the server's call. */
export function checkFile(file: Pick<File, 'size'>, maxBytes = MAX_UPLOAD_BYTES): string | null {
  if (file.size === 0) return '文件为空，请重新选择'
  if (file.size > maxBytes) return `文件过大：${formatSize(file.size)}，不能超过 ${formatSize(maxBytes)}`
  return null
}

// ---- the library --------------------------------------------------------------------------------

export type MaterialStatus = 'valid' | 'superseded' | 'revoked'

/** What the owner sees: the stored status, with a valid material past its validity shown as expired. */
export type MaterialState = 'valid' | 'expired' | 'revoked' | 'superseded'

export const STATE_LABELS: Record<MaterialState, string> = {
  valid: '有效',
  expired: '已过期',
  revoked: '已撤销',
  superseded: '已被新版本替代',
}

export const STATE_TAGS: Record<MaterialState, 'success' | 'warning' | 'danger' | 'info'> = {
  valid: 'success',
  expired: 'warning',
  revoked: 'danger',
  superseded: 'info',
}

export interface MaterialUse {
  /** The application number. */
  application: string
  department: string
  /** The required material it stood for (the item's material id). */
  required: string
  reason: string
  usedAt: string
  ledgerIndex: number | null
}

export interface Validity {
  inForce: boolean
  /** Its category may be reused for other applications. */
  reusable: boolean
  /** Offered for other applications now (in force and reusable). */
  offered: boolean
  validUntil: string | null
  /** 「有效期至2031-08-18」, 「已于2026-08-29到期」, 「长期有效」… */
  note: string
}

export interface LibraryMaterial {
  id: number
  category: string
  categoryName: string
  title: string
  fileName: string
  mediaType: string
  size: number
  issuer: string
  number: string
  issuedOn: string | null
  expiresOn: string | null
  version: number
  supersedes: number | null
  supersededBy: number | null
  status: MaterialStatus
  statusLabel: string
  state: MaterialState
  /** upload, or e_licence (entered from the e-licence source). */
  source: string
  createdAt: string
  /** The material.create ledger entry (for its receipt), null until recorded. */
  ledgerIndex: number | null
  revoked: { reason: string; at: string; ledgerIndex: number | null } | null
  validity: Validity
  uses: MaterialUse[]
}

export function materialState(status: MaterialStatus, validity: Pick<Validity, 'inForce'>): MaterialState {
  if (status === 'revoked') return 'revoked'
  if (status === 'superseded') return 'superseded'
  return validity.inForce ? 'valid' : 'expired'
}

function normalizeUse(raw: unknown): MaterialUse {
  const r = isObject(raw) ? raw : {}
  return {
    application: str(r.application),
    department: str(r.department),
    required: str(r.required),
    reason: str(r.reason),
    usedAt: str(r.used_at),
    ledgerIndex: optId(r.ledger_index),
  }
}

export function normalizeMaterial(raw: unknown): LibraryMaterial {
  const r = isObject(raw) ? raw : {}
  const v = isObject(r.validity) ? r.validity : {}
  const rv = isObject(r.revoked) ? r.revoked : null
  const statusRaw = str(r.status)
  const status: MaterialStatus = statusRaw === 'revoked' || statusRaw === 'superseded' ? statusRaw : 'valid'
  const validity: Validity = {
    inForce: v.in_force === true,
    reusable: v.reusable !== false,
    offered: v.offered === true,
    validUntil: str(v.valid_until) || null,
    note: str(v.note),
  }
  const version = optId(r.version)
  return {
    id: optId(r.id) ?? 0,
    category: str(r.category),
    categoryName: str(r.category_name) || str(r.category),
    title: str(r.title) || str(r.category_name) || '未命名材料',
    fileName: str(r.file_name),
    mediaType: str(r.media_type),
    size: optId(r.size) ?? 0,
    issuer: str(r.issuer),
    number: str(r.number),
    issuedOn: str(r.issued_on) || null,
    expiresOn: str(r.expires_on) || null,
    version: version && version > 0 ? version : 1,
    supersedes: optId(r.supersedes),
    supersededBy: optId(r.superseded_by),
    status,
    statusLabel: str(r.status_label),
    state: materialState(status, validity),
    source: str(r.source) || 'upload',
    createdAt: str(r.created_at),
    ledgerIndex: optId(r.ledger_index),
    revoked: rv ? { reason: str(rv.reason), at: str(rv.at), ledgerIndex: optId(rv.ledger_index) } : null,
    validity,
    uses: Array.isArray(r.uses) ? r.uses.filter(isObject).map(normalizeUse) : [],
  }
}

export function normalizeLibrary(raw: unknown): LibraryMaterial[] {
  const r = isObject(raw) ? raw : {}
  const items = Array.isArray(r.items) ? r.items.filter(isObject).map(normalizeMaterial) : []
  // Newest first (the server's order), by id when it does not say.
  return items.sort((a, b) => b.id - a.id)
}

export async function fetchLibrary(): Promise<LibraryMaterial[]> {
  return normalizeLibrary(await request<unknown>('GET', '/api/v1/materials'))
}

export interface CategoryGroup {
  category: string
  categoryName: string
  materials: LibraryMaterial[]
}

/** The library by category, categories in the order of their newest material. */
export function groupByCategory(materials: readonly LibraryMaterial[]): CategoryGroup[] {
  const groups = new Map<string, CategoryGroup>()
  for (const m of materials) {
    let g = groups.get(m.category)
    if (!g) {
      g = { category: m.category, categoryName: m.categoryName, materials: [] }
      groups.set(m.category, g)
    }
    g.materials.push(m)
  }
  return [...groups.values()]
}

/** Materials counted by state: how many are usable (有效) and how many not. */
export function stateCounts(materials: readonly LibraryMaterial[]): Record<MaterialState, number> {
  const out: Record<MaterialState, number> = { valid: 0, expired: 0, revoked: 0, superseded: 0 }
  for (const m of materials) out[m.state]++
  return out
}

// ---- uploads ----------------------------------------------------------------------------------

export interface UploadMeta {
  category: string
  title?: string
  issuer?: string
  /** YYYY-MM-DD */
  issuedOn?: string
  expiresOn?: string
}

/** The upload's query string: only what is given, percent-encoded. */
export function uploadQuery(meta: UploadMeta): string {
  const usp = new URLSearchParams()
  usp.set('category', meta.category)
  if (meta.title?.trim()) usp.set('title', meta.title.trim())
  if (meta.issuer?.trim()) usp.set('issuer', meta.issuer.trim())
  if (meta.issuedOn) usp.set('issued_on', meta.issuedOn)
  if (meta.expiresOn) usp.set('expires_on', meta.expiresOn)
  // URLSearchParams encodes spaces as '+'; the server reads %20.
  return usp.toString().replaceAll('+', '%20')
}

export interface UploadResult {
  material: LibraryMaterial
  /** false: an identical material was already in the library (the server answered 200). */
  created: boolean
}

/**
 * Uploads a file into the library. The server checks the bytes (422 `damaged-file` /
 * `unsupported-file-type` with a title saying what is wrong), the metadata (422
 * `invalid-material` naming the field) and the size (413).
 */
export async function uploadMaterial(file: Blob & { name?: string }, meta: UploadMeta): Promise<UploadResult> {
  const raw = await request<unknown>('POST', `/api/v1/materials?${uploadQuery(meta)}`, {
    raw: file,
    headers: { 'X-Filename': encodeURIComponent(file.name || 'file'), 'Content-Type': 'application/octet-stream' },
    timeoutMs: 120_000,
  })
  return { material: normalizeMaterial(raw), created: !(isObject(raw) && raw.created === false) }
}

export async function revokeMaterial(id: number, reason: string): Promise<LibraryMaterial> {
  return normalizeMaterial(await request<unknown>('POST', `/api/v1/materials/${id}/revoke`, { body: { reason } }))
}

// ---- content ------------------------------------------------------------------------------------

/** The file name from Content-Disposition (RFC 8187 `filename*` first), or `fallback`. */
export function contentFilename(contentDisposition: string | null, fallback: string): string {
  const cd = contentDisposition ?? ''
  let name = ''
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;\s]+)/.exec(cd)
  if (star?.[1]) {
    try {
      name = decodeURIComponent(star[1])
    } catch {
      name = ''
    }
  }
  if (!name) {
    const plain = /filename\s*=\s*(?:"([^"]*)"|([^;\s]+))/i.exec(cd)
    name = (plain?.[1] ?? plain?.[2] ?? '').trim()
  }
  // Only a file name: no directories, no control characters.
  name = name.replace(/[\\/\u0000-\u001f\u007f]/g, '_').trim()
  if (!name || name.startsWith('.')) return fallback
  return name
}

export interface MaterialFile {
  blob: Blob
  filename: string
}

/** A material's file (the owner, or staff of a department whose application used it). */
export async function fetchMaterialContent(id: number, fallbackName = `material-${id}`): Promise<MaterialFile> {
  const { blob, headers } = await requestBlob(`/api/v1/materials/${id}/content`)
  return { blob, filename: contentFilename(headers.get('content-disposition'), fallbackName) }
}


// ---- an application's materials (免于提交 or 需要提交) -----------------------------------------

/**
 * Why a material is exempt: an e-licence, a library material, or (proof of premises only) the
 * premises are a standard address the applicant owns or has a registered lease at (无忧快注).
 */
export type RequiredKind = 'e_licence' | 'library' | 'standard_address' | 'missing'

export interface RequiredMaterial {
  /** The item's material id (floor_plan…). */
  id: string
  name: string
  category: string
  categoryName: string
  exempt: boolean
  kind: RequiredKind
  /**
   * 「电子证照库：营业执照（编号…，长期有效）」, 「已于2026-03-02提交，有效期至…」,
   * 「标准地址库：…（BS-…）；不动产登记：…」, 「需要提交：…」.
   */
  reason: string
  /** Why existing materials of the category (or the standard-address route) do not count. */
  notCounted: string[]
  /** The library material that stands in for it. */
  materialId: number | null
  validUntil: string | null
  /** Match results only: whether it depends on the situation answers, and the condition. */
  conditional: boolean
  condition: string
}

export function normalizeRequired(raw: unknown): RequiredMaterial {
  const r = isObject(raw) ? raw : {}
  // Applications say `kind`, the match endpoint `source`; what is not exempt is missing.
  const k = str(r.kind) || str(r.source)
  const exempt = r.exempt === true
  const kind: RequiredKind = !exempt ? 'missing' : k === 'e_licence' || k === 'standard_address' ? k : 'library'
  const material = isObject(r.material) ? r.material : null
  return {
    id: str(r.id),
    name: str(r.name) || str(r.category_name) || str(r.category),
    category: str(r.category),
    categoryName: str(r.category_name),
    exempt,
    kind,
    reason: str(r.reason),
    notCounted: strings(r.not_counted),
    materialId: optId(r.material_id) ?? (material ? optId(material.id) : null),
    validUntil: str(r.valid_until) || null,
    conditional: r.conditional === true,
    condition: str(r.condition),
  }
}

export function normalizeRequiredList(raw: unknown): RequiredMaterial[] {
  return Array.isArray(raw) ? raw.filter(isObject).map(normalizeRequired).filter((m) => m.id) : []
}

/** The reason without the 「需要提交：」 the tag already says. */
export function reasonText(m: Pick<RequiredMaterial, 'reason' | 'exempt'>): string {
  return m.exempt ? m.reason : m.reason.replace(/^需要提交[:：]\s*/, '')
}

/**
 * A material the library can never stand in for (申请书, 授权委托书…: 此类材料须针对本次申请提交):
 * uploading it to the library would not exempt it, so it is handed in with the application.
 */
export function mustHandIn(m: Pick<RequiredMaterial, 'exempt' | 'reason'>): boolean {
  return !m.exempt && /不能复用|每次办理须重新提交/.test(m.reason)
}

/** 「「健康证明」已于…到期」 as the owner reads it: 「您的「健康证明」已于…到期」. */
export function notCountedText(s: string): string {
  return s.startsWith('「') ? `您的${s}` : s
}

export const KIND_LABELS: Record<RequiredKind, string> = {
  e_licence: '电子证照',
  library: '材料库复用',
  standard_address: '标准地址免提交',
  missing: '需要提交',
}

export function exemptCounts(list: readonly Pick<RequiredMaterial, 'exempt'>[]): { exempt: number; missing: number } {
  const exempt = list.filter((m) => m.exempt).length
  return { exempt, missing: list.length - exempt }
}

export interface ItemMatch {
  item: string
  name: string
  asOf: string
  materials: RequiredMaterial[]
}

export function normalizeMatch(raw: unknown): ItemMatch {
  const r = isObject(raw) ? raw : {}
  return {
    item: str(r.item),
    name: str(r.name),
    asOf: str(r.as_of),
    materials: Array.isArray(r.materials) ? r.materials.filter(isObject).map(normalizeRequired) : [],
  }
}

/** What the library (and the e-licence source) would exempt for an item now, and what is missing. */
export async function fetchMatch(item: string): Promise<ItemMatch> {
  return normalizeMatch(await request<unknown>('GET', `/api/v1/materials/match?item=${encodeURIComponent(item)}`))
}

export interface CategoryOption {
  value: string
  label: string
}

/**
 * Upload categories known to this client without a categories endpoint: the library's own and
 * those the items' materials name (from match results), each once, in the order given.
 */
export function categoryOptions(
  ...sources: readonly (readonly { category: string; categoryName: string; name?: string }[])[]
): CategoryOption[] {
  const out = new Map<string, string>()
  for (const list of sources) {
    for (const m of list) {
      if (!m.category || out.has(m.category)) continue
      out.set(m.category, m.categoryName || m.name || m.category)
    }
  }
  return [...out].map(([value, label]) => ({ value, label }))
}
