import { describe, expect, it } from 'vitest'

import { markAsked, shouldAskWhy, wasAsked, type LeaveContext } from './abandon'

const leaving = (over: Partial<LeaveContext> = {}): LeaveContext => ({
  application: 12,
  status: 'draft',
  edited: true,
  asked: false,
  signedIn: true,
  to: { name: 'portal-guide', params: {} },
  ...over,
})

describe('shouldAskWhy', () => {
  it('asks when an edited draft is left for another page', () => {
    expect(shouldAskWhy(leaving())).toBe(true)
    expect(shouldAskWhy(leaving({ to: { name: 'portal-application', params: { id: '13' } } }))).toBe(true)
  })

  it('does not ask when nothing was edited, after submit, once asked, or signed out', () => {
    expect(shouldAskWhy(leaving({ edited: false }))).toBe(false)
    expect(shouldAskWhy(leaving({ status: 'submitted' }))).toBe(false)
    expect(shouldAskWhy(leaving({ status: 'returned' }))).toBe(false)
    expect(shouldAskWhy(leaving({ asked: true }))).toBe(false)
    expect(shouldAskWhy(leaving({ signedIn: false }))).toBe(false)
    expect(shouldAskWhy(leaving({ to: { name: 'login' } }))).toBe(false)
  })

  it('does not ask when going to the application’s own pages (submit, 查看办件, 不需要办理)', () => {
    expect(shouldAskWhy(leaving({ to: { name: 'portal-application', params: { id: '12' } } }))).toBe(false)
    expect(shouldAskWhy(leaving({ to: { name: 'portal-application-form', params: { id: ['12'] } } }))).toBe(false)
  })
})

describe('the asked mark', () => {
  it('is remembered per draft', () => {
    const store = new Map<string, string>()
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) }
    expect(wasAsked(12, storage)).toBe(false)
    markAsked(12, storage)
    expect(wasAsked(12, storage)).toBe(true)
    expect(wasAsked(13, storage)).toBe(false)
  })

  it('survives storage that throws or is missing', () => {
    const broken = {
      getItem: () => {
        throw new Error('denied')
      },
      setItem: () => {
        throw new Error('denied')
      },
    }
    expect(wasAsked(1, broken)).toBe(false)
    expect(() => markAsked(1, broken)).not.toThrow()
    expect(wasAsked(1, null)).toBe(false)
  })
})
