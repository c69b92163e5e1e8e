// The signed-in account's key on this device, for the pages that sign (我的政策) and list keys: the
// stored key's fingerprint, and sign(), which makes sure a registered, active key exists first.

import { computed, ref } from 'vue'

import { fetchSigningKeys, registerSigningKey } from '@/api/signingKeys'
import { session } from '@/auth/session'

import { deviceLabel, ensureDeviceKey, forgetDeviceKey, loadDeviceKey, signMessage, type DeviceKey, type KeyStore } from './deviceKey'

const memory = new Map<string, string>()
const memoryStore: KeyStore = {
  getItem: (k) => memory.get(k) ?? null,
  setItem: (k, v) => void memory.set(k, v),
  removeItem: (k) => void memory.delete(k),
}

/** localStorage, or (when the browser refuses it) a copy kept for this tab only. */
function keyStore(): KeyStore {
  try {
    const s = window.localStorage
    s.getItem('haoban.probe')
    return s
  } catch {
    return memoryStore
  }
}

/** What sign() is doing: preparing the key (generate + register) or signing and sending. */
export type SigningPhase = 'idle' | 'key' | 'sign'

export function useDeviceKey() {
  const username = computed(() => session.user?.username ?? '')
  const key = ref<DeviceKey | null>(null)
  const phase = ref<SigningPhase>('idle')

  function reload() {
    key.value = username.value ? loadDeviceKey(keyStore(), username.value) : null
  }
  reload()

  /**
   * Signs `message` with this device's registered key (made and registered first when there is none
   * or the server no longer lists it as active; `fresh` always makes a new one). Throws the server's
   * errors from listing or registering keys.
   */
  async function sign(message: string, options: { fresh?: boolean } = {}): Promise<{ key: DeviceKey; signature: string }> {
    if (!username.value) throw new Error('not signed in')
    phase.value = 'key'
    try {
      const k = await ensureDeviceKey(
        {
          store: keyStore(),
          username: username.value,
          listKeys: fetchSigningKeys,
          registerKey: registerSigningKey,
          label: deviceLabel(navigator.userAgent),
        },
        options,
      )
      key.value = k
      phase.value = 'sign'
      // Yield a frame so that the progress shows before the (synchronous) signature computes.
      await new Promise((r) => setTimeout(r, 0))
      return { key: k, signature: signMessage(message, k) }
    } finally {
      if (phase.value === 'key') phase.value = 'idle'
    }
  }

  /** Forgets this device's key (after it was revoked here). */
  function forget() {
    if (username.value) forgetDeviceKey(keyStore(), username.value)
    key.value = null
  }

  return { key, phase, sign, reload, forget, done: () => void (phase.value = 'idle') }
}
