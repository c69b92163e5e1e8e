import { afterEach, describe, expect, it, vi } from 'vitest'

import { appendPage, fetchMyQueries, isPrefillQuery, normalizeQuery, normalizeQueryPage, outcomeTag } from './sources'

// As GET /api/v1/sources/queries/mine answers for enterprise.demo.
const PAGE = {
  items: [
    {
      id: 13,
      at: '2026-11-27T05:26:33Z',
      source: { id: 'real_estate', name: '不动产' },
      actor: { kind: 'system', label: '系统（预填）' },
      application: '2',
      purpose: '预填「食品经营许可（新办）」',
      outcome: 'ok',
      outcome_label: '已查询',
    },
    {
      id: 12,
      at: '2026-11-27T05:20:00Z',
      source: { id: 'enterprise_registry', name: '法人库' },
      actor: { kind: 'staff', label: '王敏（区市场监管局）', name: '王敏', department: '区市场监管局' },
      application: '',
      purpose: '数据核验 企业变更登记',
      outcome: 'unavailable',
    },
  ],
  next_cursor: '12',
}

afterEach(() => vi.unstubAllGlobals())

describe('the data-access log', () => {
  it('normalises queries and the cursor', () => {
    const p = normalizeQueryPage(PAGE)
    expect(p.nextCursor).toBe('12')
    expect(p.items[0]).toEqual({
      id: '13',
      at: '2026-11-27T05:26:33Z',
      source: { id: 'real_estate', name: '不动产' },
      actor: { kind: 'system', label: '系统（预填）' },
      application: '2',
      purpose: '预填「食品经营许可（新办）」',
      outcome: 'ok',
      outcomeLabel: '已查询',
    })
    // Without a label from the server, the outcome gets one here.
    expect(p.items[1]!.outcomeLabel).toBe('数源不可用')
    expect(p.items[1]!.actor).toEqual({ kind: 'staff', label: '王敏（区市场监管局）' })
    expect(normalizeQueryPage({ items: [], next_cursor: null })).toEqual({ items: [], nextCursor: null })
  })

  it('keeps unknown shapes harmless', () => {
    const q = normalizeQuery({ id: 1, source: 'credit', actor: { kind: 'robot' }, outcome: 'not_found' })
    expect(q.source).toEqual({ id: 'credit', name: 'credit' })
    expect(q.actor).toEqual({ kind: 'other', label: '其他' })
    expect(q.outcomeLabel).toBe('未查到记录')
  })

  it('tags prefill queries and outcomes', () => {
    const [a, b] = normalizeQueryPage(PAGE).items
    expect(isPrefillQuery(a!)).toBe(true)
    expect(isPrefillQuery(b!)).toBe(false)
    expect(outcomeTag('ok')).toBe('success')
    expect(outcomeTag('unavailable')).toBe('warning')
    expect(outcomeTag('not_found')).toBe('info')
  })

  it('appends pages without repeating a query', () => {
    const first = normalizeQueryPage(PAGE).items
    const next = [first[1]!, { ...first[1]!, id: '11' }]
    expect(appendPage(first, next).map((q) => q.id)).toEqual(['13', '12', '11'])
  })

  it('pages with the cursor', async () => {
    const fetchFn = vi.fn(async (_url: RequestInfo | URL) => Response.json(PAGE))
    vi.stubGlobal('fetch', fetchFn)
    await fetchMyQueries()
    await fetchMyQueries('12', 50)
    expect(fetchFn.mock.calls.map((c) => c[0])).toEqual([
      '/api/v1/sources/queries/mine?limit=20',
      '/api/v1/sources/queries/mine?limit=50&cursor=12',
    ])
  })
})
