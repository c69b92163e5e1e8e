import { afterEach, describe, expect, it, vi } from 'vitest'

import {
  fetchPrefill,
  lockedKeys,
  normalizePrefill,
  prefillByKey,
  prefillSummary,
  ratioPercent,
  sourceNames,
} from './prefill'

// As GET /api/v1/prefill?item=SCJG-011 answers for enterprise.demo (trimmed).
const RAW = {
  item: 'SCJG-011',
  form: 'spjyxk',
  shown: 16,
  prefilled: 13,
  ratio: 0.8125,
  notes: [],
  fields: [
    {
      key: 'company_name',
      label: '经营者名称',
      value: '上海宝晟智能科技有限公司',
      prefilled: true,
      locked: true,
      from: [
        {
          source: 'enterprise_registry',
          source_name: '法人库',
          field: 'name',
          label: '企业名称',
          department: 'scjg',
          updated_at: '2026-11-26T09:30:00Z',
          fetched_at: '2026-11-27T05:26:26Z',
          verified: true,
        },
      ],
    },
    {
      key: 'contact_phone',
      label: '联系电话',
      value: '021-56781234',
      prefilled: true,
      locked: false,
      from: [
        {
          source: 'enterprise_registry',
          source_name: '法人库',
          field: 'contact_phone',
          label: '联系电话（年报）',
          department: 'scjg',
          updated_at: '2026-11-26T09:30:00Z',
          fetched_at: '2026-11-27T05:26:26Z',
          verified: false,
        },
      ],
    },
    { key: 'food_safety_manager', label: '食品安全管理人员', value: null, prefilled: false, locked: false, note: '数源暂不可用，请手工填写', from: [] },
    { key: 'has_storage', label: '是否设有仓库', value: null, prefilled: false, locked: false, from: [] },
  ],
}

afterEach(() => vi.unstubAllGlobals())

describe('normalizePrefill', () => {
  it('keeps counts, provenance and locks', () => {
    const p = normalizePrefill(RAW)!
    expect(p).toMatchObject({ item: 'SCJG-011', form: 'spjyxk', shown: 16, prefilled: 13, ratio: 0.8125, notes: [] })
    expect(p.fields).toHaveLength(4)
    expect(p.fields[0]).toEqual({
      key: 'company_name',
      label: '经营者名称',
      value: '上海宝晟智能科技有限公司',
      prefilled: true,
      locked: true,
      note: '',
      from: [
        {
          source: 'enterprise_registry',
          sourceName: '法人库',
          field: 'name',
          label: '企业名称',
          department: 'scjg',
          updatedAt: '2026-11-26T09:30:00Z',
          fetchedAt: '2026-11-27T05:26:26Z',
          verified: true,
        },
      ],
    })
    expect(p.fields[1]!.from[0]!.verified).toBe(false)
    expect(p.fields[2]!.note).toBe('数源暂不可用，请手工填写')
  })

  it('answers null for no prefill and survives odd shapes', () => {
    expect(normalizePrefill(null)).toBeNull()
    expect(normalizePrefill('x')).toBeNull()
    const p = normalizePrefill({ shown: '4', prefilled: 3, fields: [{ key: 'a', prefilled: false, locked: true }, 'junk', { label: 'no key' }] })!
    expect(p.ratio).toBe(0.75) // computed when the server leaves it out
    expect(p.fields).toHaveLength(1)
    // A value that was not filled cannot be locked.
    expect(p.fields[0]!.locked).toBe(false)
    expect(normalizePrefill({ shown: 0, prefilled: 0, ratio: 7 })!.ratio).toBe(1)
  })
})

describe('helpers', () => {
  const p = normalizePrefill(RAW)!

  it('indexes fields by key and lists the locked ones', () => {
    expect(Object.keys(prefillByKey(p))).toEqual(['company_name', 'contact_phone', 'food_safety_manager', 'has_storage'])
    expect(prefillByKey(null)).toEqual({})
    expect([...lockedKeys(p)]).toEqual(['company_name'])
    expect(lockedKeys(undefined).size).toBe(0)
  })

  it('words the banner', () => {
    expect(prefillSummary(p)).toBe('已为您从权威数源预填 13/16 项（81%）')
    expect(prefillSummary({ shown: 6, prefilled: 0, ratio: 0 })).toBe('暂未能从权威数源预填，请手工填写')
    expect(prefillSummary({ shown: 0, prefilled: 0, ratio: 0 })).toBe('')
  })

  it('rounds percentages down, never up to a threshold', () => {
    expect(ratioPercent(0.8125)).toBe('81%')
    expect(ratioPercent(0.8)).toBe('80%')
    expect(ratioPercent(0.7999)).toBe('79%')
    expect(ratioPercent(0.29)).toBe('29%')
    expect(ratioPercent(1)).toBe('100%')
    expect(ratioPercent(-1)).toBe('0%')
  })

  it('names each source once', () => {
    expect(sourceNames(p.fields[0]!)).toBe('法人库')
    const two = { from: [...p.fields[0]!.from, { ...p.fields[0]!.from[0]!, sourceName: '不动产' }, p.fields[0]!.from[0]!] }
    expect(sourceNames(two)).toBe('法人库、不动产')
  })
})

describe('fetchPrefill', () => {
  it('asks for the item, encoded', async () => {
    const fetchFn = vi.fn(async (_url: RequestInfo | URL) => Response.json(RAW))
    vi.stubGlobal('fetch', fetchFn)
    const p = await fetchPrefill('SCJG-011')
    expect(p?.prefilled).toBe(13)
    expect(fetchFn.mock.calls[0]![0]).toBe('/api/v1/prefill?item=SCJG-011')
  })
})
