// This device's SM2 signing key per account (电子签名): generated in the browser with sm-crypto, the
// private half kept in the browser's storage under the account's username, only the public point
// registered with the server. Signs a grant's confirmation statement (SM3 with the GM/T 0009 default
// ID 1234567812345678), as the server verifies it (docs/policies.md "The signed confirmation").
// Storage and the server calls come in as parameters, so the rules are testable without a browser.

import smCrypto from 'sm-crypto'

import type { SigningKey } from '@/api/signingKeys'

const { sm2, sm3 } = smCrypto

export interface KeyPair {
  /** 04 || x || y, 130 hex digits. */
  publicKey: string
  /** 64 hex digits. */
  privateKey: string
}

export interface DeviceKey extends KeyPair {
  /** The registered key's id on the server. */
  id: number
  /** First 16 hex digits of SM3(public point), as the server computes it. */
  fingerprint: string
}

/** The part of Web Storage used (localStorage in the app, a Map in tests). */
export type KeyStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

const HEX = /^[0-9a-f]+$/
const isPublicKey = (s: unknown): s is string => typeof s === 'string' && s.length === 130 && s.startsWith('04') && HEX.test(s)
const isPrivateKey = (s: unknown): s is string => typeof s === 'string' && s.length === 64 && HEX.test(s)

export const storageKey = (username: string): string => `haoban.signing-key.${username}`

export function generateKeyPair(): KeyPair {
  const { publicKey, privateKey } = sm2.generateKeyPairHex()
  return { publicKey: publicKey.toLowerCase(), privateKey: privateKey.toLowerCase() }
}

const hexBytes = (hex: string): number[] => Array.from({ length: hex.length / 2 }, (_, i) => parseInt(hex.slice(2 * i, 2 * i + 2), 16))

/** The key's fingerprint: the SM3 hash of the point's bytes, first 16 hex digits. */
export const fingerprintOf = (publicKey: string): string => sm3(hexBytes(publicKey.toLowerCase())).slice(0, 16)

/** "3f2a 9c01 7be4 d210" for reading aloud or comparing by eye. */
export const groupFingerprint = (fp: string): string => fp.replace(/(.{4})(?=.)/g, '$1 ')

/** The SM2 signature (r||s, 128 hex digits) of the UTF-8 text `message`. */
export function signMessage(message: string, key: KeyPair): string {
  return sm2.doSignature(message, key.privateKey, { hash: true, publicKey: key.publicKey })
}

export function verifyMessage(message: string, signature: string, publicKey: string): boolean {
  return sm2.doVerifySignature(message, signature, publicKey, { hash: true })
}

/** This device's key for `username`, or null when none is stored (or what is stored is damaged). */
export function loadDeviceKey(store: KeyStore, username: string): DeviceKey | null {
  let raw: unknown
  try {
    raw = JSON.parse(store.getItem(storageKey(username)) ?? 'null')
  } catch {
    return null
  }
  if (raw === null || typeof raw !== 'object') return null
  const r = raw as Record<string, unknown>
  if (typeof r.id !== 'number' || !Number.isSafeInteger(r.id) || r.id <= 0) return null
  if (!isPublicKey(r.publicKey) || !isPrivateKey(r.privateKey)) return null
  // A private key that does not belong to the stored point would sign what the server rejects.
  if (sm2.getPublicKeyFromPrivateKey(r.privateKey).toLowerCase() !== r.publicKey) return null
  return { id: r.id, publicKey: r.publicKey, privateKey: r.privateKey, fingerprint: fingerprintOf(r.publicKey) }
}

export function saveDeviceKey(store: KeyStore, username: string, key: DeviceKey): void {
  store.setItem(storageKey(username), JSON.stringify({ id: key.id, publicKey: key.publicKey, privateKey: key.privateKey }))
}

export function forgetDeviceKey(store: KeyStore, username: string): void {
  store.removeItem(storageKey(username))
}

/** Whether the server still lists the stored key as an active key of the account. */
export const isKeyActive = (key: Pick<DeviceKey, 'id' | 'publicKey'>, registered: readonly SigningKey[]): boolean =>
  registered.some((k) => k.id === key.id && k.active && k.publicKey === key.publicKey)

export interface DeviceKeyDeps {
  store: KeyStore
  username: string
  listKeys: () => Promise<SigningKey[]>
  registerKey: (publicKey: string, label: string) => Promise<SigningKey>
  /** The device's name as registered (e.g. deviceLabel(navigator.userAgent)). */
  label: string
  generate?: () => KeyPair
}

/**
 * This device's registered, active key: the stored one while the server lists it as active;
 * otherwise (none stored, revoked, unknown to the server, or `fresh`) a new pair, registered and
 * stored. A failure to register leaves the storage as it was.
 */
export async function ensureDeviceKey(deps: DeviceKeyDeps, options: { fresh?: boolean } = {}): Promise<DeviceKey> {
  const stored = options.fresh ? null : loadDeviceKey(deps.store, deps.username)
  if (stored && isKeyActive(stored, await deps.listKeys())) return stored
  const pair = (deps.generate ?? generateKeyPair)()
  const registered = await deps.registerKey(pair.publicKey, deps.label)
  const key: DeviceKey = { ...pair, id: registered.id, fingerprint: registered.fingerprint || fingerprintOf(pair.publicKey) }
  saveDeviceKey(deps.store, deps.username, key)
  return key
}

/** A short name for the device from its browser's user agent: 「Windows · Chrome 浏览器」. */
export function deviceLabel(userAgent: string): string {
  const os = /Android/i.test(userAgent)
    ? 'Android'
    : /iPhone|iPad|iPod/i.test(userAgent)
      ? 'iOS'
      : /Windows/i.test(userAgent)
        ? 'Windows'
        : /Mac OS X|Macintosh/i.test(userAgent)
          ? 'macOS'
          : /Linux/i.test(userAgent)
            ? 'Linux'
            : ''
  const browser = /MicroMessenger/i.test(userAgent)
    ? '微信'
    : /Edg\//.test(userAgent)
      ? 'Edge 浏览器'
      : /Firefox\//.test(userAgent)
        ? 'Firefox 浏览器'
        : /Chrome\/|Chromium\//.test(userAgent)
          ? 'Chrome 浏览器'
          : /Safari\//.test(userAgent)
            ? 'Safari 浏览器'
            : '浏览器'
  return os ? `${os} · ${browser}` : browser
}
