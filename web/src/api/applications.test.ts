import { afterEach, describe, expect, it, vi } from 'vitest'

import { canFileAgain, fileAgain, normalizeAgain, normalizeApplication, recheckMaterials } from './applications'

const APP = {
  id: 3,
  is_bundle: false,
  code: 'SCJG-011',
  name: '食品经营许可（新办）',
  status: 'draft',
  parent_id: null,
  fields: { company_name: '上海宝晟智能科技有限公司' },
  answers: { cooking: false },
  history: [],
  children: [],
  allowed_actions: [{ action: 'submit', label: '提交' }],
  prefill: {
    item: 'SCJG-011',
    form: 'spjyxk',
    shown: 16,
    prefilled: 13,
    ratio: 8.125e-1,
    notes: [],
    fields: [{ key: 'company_name', label: '经营者名称', value: '上海宝晟智能科技有限公司', prefilled: true, locked: true, from: [] }],
  },
  copied_from: 2,
  materials: [{ id: 'licence', name: '营业执照', category: 'business_licence', exempt: true, kind: 'e_licence', reason: '电子证照库：营业执照', not_counted: [] }],
}

afterEach(() => vi.unstubAllGlobals())

describe('normalizeApplication', () => {
  it('keeps the origin of a draft the platform filed (免申即办) and drops anything else', () => {
    const origin = {
      kind: 'follow-up',
      application: 41,
      trigger_code: 'SCJG-002',
      trigger_name: '企业变更登记',
      licence: '食品经营许可证',
      reason: '营业执照变更',
      notice: '因营业执照变更，系统已为您生成食品经营许可变更申请，请确认后提交',
    }
    expect(normalizeApplication({ ...APP, origin }).origin).toEqual(origin)
    expect(normalizeApplication({ ...APP, origin: { kind: 'other' } }).origin).toBeNull()
  })

  it('normalises the prefill, materials and copy source, keeping the rest', () => {
    const a = normalizeApplication(APP)
    expect(a.id).toBe(3)
    expect(a.fields).toEqual({ company_name: '上海宝晟智能科技有限公司' })
    expect(a.prefill?.ratio).toBe(0.8125)
    expect(a.prefill?.fields[0]?.locked).toBe(true)
    expect(a.copied_from).toBe(2)
    expect(a.materials[0]).toMatchObject({ id: 'licence', exempt: true, kind: 'e_licence' })
  })

  it('fills in what older answers (bundles, staff views) leave out', () => {
    const a = normalizeApplication({ id: 9, is_bundle: true, prefill: null, copied_from: null })
    expect(a.prefill).toBeNull()
    expect(a.copied_from).toBeNull()
    expect(a.materials).toEqual([])
    expect(a.origin).toBeNull()
    expect(a.history).toEqual([])
    expect(a.allowed_actions).toEqual([])
    expect(a.fields).toEqual({})
  })
})

describe('再来一单', () => {
  it('normalises the new draft and the changes', () => {
    const r = normalizeAgain({
      application: APP,
      changes: [
        { key: 'company_name', label: '经营者名称', before: '上海宝晟科技有限公司', after: '上海宝晟智能科技有限公司', source: '法人库' },
        { key: '', label: 'x' },
        'junk',
      ],
    })
    expect(r.application.id).toBe(3)
    expect(r.changes).toEqual([
      { key: 'company_name', label: '经营者名称', before: '上海宝晟科技有限公司', after: '上海宝晟智能科技有限公司', source: '法人库' },
    ])
    expect(normalizeAgain({ application: APP }).changes).toEqual([])
  })

  it('is offered for the applicant’s submitted single-item applications only', () => {
    const a = { is_bundle: false, parent_id: null, status: 'submitted' as const }
    expect(canFileAgain(a)).toBe(true)
    expect(canFileAgain({ ...a, status: 'approved' })).toBe(true)
    expect(canFileAgain({ ...a, status: 'draft' })).toBe(false)
    expect(canFileAgain({ ...a, status: 'returned' })).toBe(false)
    expect(canFileAgain({ ...a, is_bundle: true })).toBe(false)
    expect(canFileAgain({ ...a, parent_id: 7 })).toBe(false)
  })

  it('posts to the application’s again and materials endpoints', async () => {
    const fetchFn = vi.fn(async (url: RequestInfo | URL, _init?: RequestInit) =>
      String(url).endsWith('/again') ? Response.json({ application: APP, changes: [] }, { status: 201 }) : Response.json(APP),
    )
    vi.stubGlobal('fetch', fetchFn)
    expect((await fileAgain(2)).application.id).toBe(3)
    expect((await recheckMaterials(3)).materials).toHaveLength(1)
    expect(fetchFn.mock.calls.map((c) => [c[0], c[1]?.method])).toEqual([
      ['/api/v1/applications/2/again', 'POST'],
      ['/api/v1/applications/3/materials', 'POST'],
    ])
  })
})
