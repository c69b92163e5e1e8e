import { describe, expect, it, vi } from 'vitest'

import type { SigningKey } from '@/api/signingKeys'

import {
  deviceLabel,
  ensureDeviceKey,
  fingerprintOf,
  generateKeyPair,
  groupFingerprint,
  loadDeviceKey,
  saveDeviceKey,
  signMessage,
  storageKey,
  verifyMessage,
  type KeyStore,
} from './deviceKey'

function memoryStore(): KeyStore & { data: Map<string, string> } {
  const data = new Map<string, string>()
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  }
}

const registered = (id: number, publicKey: string, active = true): SigningKey => ({
  id,
  publicKey,
  fingerprint: fingerprintOf(publicKey),
  label: '',
  createdAt: '',
  revokedAt: active ? '' : 'x',
  lastUsedAt: '',
  active,
})

describe('SM2 with sm-crypto', () => {
  it('generates points the server accepts and signs UTF-8 statements verifiably', () => {
    const pair = generateKeyPair()
    expect(pair.publicKey).toMatch(/^04[0-9a-f]{128}$/)
    expect(pair.privateKey).toMatch(/^[0-9a-f]{64}$/)
    const statement = '本人确认享受「宝山区企业新招用人员社保补贴」9000 元，同意共享相关数据用于政策兑现。'
    const signature = signMessage(statement, pair)
    expect(signature).toMatch(/^[0-9a-f]{128}$/)
    expect(verifyMessage(statement, signature, pair.publicKey)).toBe(true)
    expect(verifyMessage(statement.replace('9000', '90000'), signature, pair.publicKey)).toBe(false)
  })

  it('fingerprints: SM3 of the point’s bytes, 16 hex digits, grouped for reading', () => {
    // SM3("abc") from GB/T 32905 — the point's bytes are hashed, not its hex text.
    expect(fingerprintOf('616263')).toBe('66c7f0f462eeedd9')
    expect(groupFingerprint('66c7f0f462eeedd9')).toBe('66c7 f0f4 62ee edd9')
  })
})

describe('the device key', () => {
  it('is stored per username and refused when damaged or not matching its point', () => {
    const store = memoryStore()
    const pair = generateKeyPair()
    saveDeviceKey(store, 'enterprise.demo', { ...pair, id: 3, fingerprint: '' })
    expect(loadDeviceKey(store, 'enterprise.demo')).toMatchObject({ id: 3, publicKey: pair.publicKey, fingerprint: fingerprintOf(pair.publicKey) })
    expect(loadDeviceKey(store, 'person.demo')).toBeNull()
    const other = generateKeyPair()
    store.setItem(storageKey('x'), JSON.stringify({ id: 1, publicKey: pair.publicKey, privateKey: other.privateKey }))
    expect(loadDeviceKey(store, 'x')).toBeNull()
    store.setItem(storageKey('y'), '{not json')
    expect(loadDeviceKey(store, 'y')).toBeNull()
  })

  it('reuses the stored key while the server lists it as active, else makes and registers a new one', async () => {
    const store = memoryStore()
    const registerKey = vi.fn(async (publicKey: string, _label: string) => registered(10 + registerKey.mock.calls.length, publicKey))
    let server: SigningKey[] = []
    const deps = { store, username: 'enterprise.demo', listKeys: async () => server, registerKey, label: 'Linux · Chrome 浏览器' }

    const first = await ensureDeviceKey(deps)
    expect(registerKey).toHaveBeenCalledTimes(1)
    expect(registerKey.mock.calls[0]![1]).toBe('Linux · Chrome 浏览器')
    expect(first.id).toBe(11)
    server = [registered(11, first.publicKey)]

    expect((await ensureDeviceKey(deps)).publicKey).toBe(first.publicKey)
    expect(registerKey).toHaveBeenCalledTimes(1)

    server = [registered(11, first.publicKey, false)]
    const second = await ensureDeviceKey(deps)
    expect(registerKey).toHaveBeenCalledTimes(2)
    expect(second.publicKey).not.toBe(first.publicKey)
    expect(loadDeviceKey(store, 'enterprise.demo')?.id).toBe(12)

    server = [registered(12, second.publicKey)]
    const third = await ensureDeviceKey(deps, { fresh: true })
    expect(third.publicKey).not.toBe(second.publicKey)
  })

  it('keeps the old key when registering fails', async () => {
    const store = memoryStore()
    const pair = generateKeyPair()
    saveDeviceKey(store, 'u', { ...pair, id: 1, fingerprint: '' })
    const deps = {
      store,
      username: 'u',
      listKeys: async () => [],
      registerKey: async () => Promise.reject(new Error('409')),
      label: '',
    }
    await expect(ensureDeviceKey(deps)).rejects.toThrow('409')
    expect(loadDeviceKey(store, 'u')?.publicKey).toBe(pair.publicKey)
  })

  it('names the device from its user agent', () => {
    expect(deviceLabel('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/140.0 Safari/537.36')).toBe('Linux · Chrome 浏览器')
    expect(deviceLabel('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1')).toBe('iOS · Safari 浏览器')
    expect(deviceLabel('Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0 Safari/537.36 Edg/120.0')).toBe('Windows · Edge 浏览器')
    expect(deviceLabel('')).toBe('浏览器')
  })
})
