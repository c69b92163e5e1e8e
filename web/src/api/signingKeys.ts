// The signed-in account's signing keys (电子签名): SM2 public keys registered from the devices that
// hold the private halves (src/identity/signing_keys.h, GET/POST /api/v1/me/signing-keys, DELETE …/{id}).
// A confirmation of a policy grant is signed with one of them; docs/policies.md "The signed confirmation".

import { request } from './http'

type Raw = Record<string, unknown>
const isObject = (v: unknown): v is Raw => v !== null && typeof v === 'object' && !Array.isArray(v)
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '')

export interface SigningKey {
  id: number
  /** The uncompressed SM2 point, hex (04…, 130 digits). */
  publicKey: string
  /** The first 16 hex digits of the point's SM3 hash. */
  fingerprint: string
  /** The device's name as registered (未命名设备 when none was given). */
  label: string
  createdAt: string
  revokedAt: string
  lastUsedAt: string
  /** Not revoked. */
  active: boolean
}

export function normalizeSigningKey(raw: unknown): SigningKey {
  const r = isObject(raw) ? raw : {}
  const id = typeof r.id === 'number' && Number.isSafeInteger(r.id) && r.id > 0 ? r.id : 0
  const revokedAt = str(r.revoked_at)
  return {
    id,
    publicKey: str(r.public_key).toLowerCase(),
    fingerprint: str(r.fingerprint),
    label: str(r.label),
    createdAt: str(r.created_at),
    revokedAt,
    lastUsedAt: str(r.last_used_at),
    active: typeof r.active === 'boolean' ? r.active : revokedAt === '',
  }
}

export function normalizeSigningKeys(raw: unknown): SigningKey[] {
  const r = isObject(raw) ? raw : {}
  return Array.isArray(r.items) ? r.items.filter(isObject).map(normalizeSigningKey).filter((k) => k.id > 0) : []
}

const base = '/api/v1/me/signing-keys'

export async function fetchSigningKeys(): Promise<SigningKey[]> {
  return normalizeSigningKeys(await request<unknown>('GET', base))
}

/** Registers a public key (409 key-registered / too-many-keys, 422 for a malformed point or label). */
export async function registerSigningKey(publicKey: string, label = ''): Promise<SigningKey> {
  const body = label.trim() ? { public_key: publicKey, label: label.trim() } : { public_key: publicKey }
  return normalizeSigningKey(await request<unknown>('POST', base, { body }))
}

/** 注销: the key signs nothing more; confirmations it signed stay valid. */
export async function revokeSigningKey(id: number): Promise<void> {
  await request<void>('DELETE', `${base}/${id}`)
}
