import { afterEach, describe, expect, it, vi } from 'vitest'

import { ApiError } from './http'
import {
  categoryOptions,
  checkFile,
  contentFilename,
  exemptCounts,
  fetchMaterialContent,
  formatSize,
  groupByCategory,
  KIND_LABELS,
  materialState,
  MAX_UPLOAD_BYTES,
  mediaLabel,
  mustHandIn,
  normalizeLibrary,
  normalizeMatch,
  normalizeMaterial,
  normalizeRequiredList,
  notCountedText,
  reasonText,
  revokeMaterial,
  stateCounts,
  uploadMaterial,
  uploadQuery,
} from './materials'

// As GET /api/v1/materials answers for enterprise.demo (trimmed to three materials).
const LIBRARY = {
  items: [
    {
      id: 8,
      category: 'financial_statement',
      category_name: '财务报表或审计报告',
      title: '2025年度财务报表',
      file_name: '2025年度财务报表.pdf',
      media_type: 'application/pdf',
      size: 664,
      issuer: '本人上传',
      number: '',
      issued_on: '2026-06-30',
      expires_on: null,
      version: 1,
      supersedes: null,
      superseded_by: null,
      status: 'revoked',
      status_label: '已撤销',
      source: 'upload',
      created_at: '2026-11-27T05:26:20Z',
      ledger_index: 8,
      revoked: { reason: '数据有误，已撤回', by: '377', at: '2026-11-27T05:26:20Z', ledger_index: 9 },
      validity: { in_force: false, reusable: true, offered: false, valid_until: null, note: '已撤销：数据有误，已撤回' },
      uses: [],
    },
    {
      id: 7,
      category: 'health_certificate',
      category_name: '从业人员健康证明',
      title: '从业人员健康证明',
      media_type: 'application/pdf',
      size: 663,
      issuer: '宝山区疾病预防控制中心',
      issued_on: '2025-10-03',
      expires_on: '2026-08-29',
      version: 1,
      status: 'valid',
      status_label: '有效',
      source: 'upload',
      ledger_index: 7,
      revoked: null,
      validity: { in_force: false, reusable: true, offered: false, valid_until: '2026-08-29', note: '已于2026-08-29到期' },
      uses: [],
    },
    {
      id: 5,
      category: 'legal_rep_id',
      category_name: '法定代表人身份证明',
      title: '法定代表人身份证明',
      media_type: 'image/png',
      size: 9732,
      status: 'valid',
      version: 1,
      ledger_index: 5,
      validity: { in_force: true, reusable: true, offered: true, valid_until: '2031-08-18', note: '有效期至2031-08-18' },
      uses: [{ application: '2', department: 'scjg', required: 'legal_rep_id', reason: '已于2026-11-27提交', used_at: '2026-11-27T05:30:30Z', ledger_index: 22 }],
    },
    {
      id: 1,
      category: 'articles',
      category_name: '公司章程',
      title: '公司章程',
      status: 'superseded',
      version: 1,
      superseded_by: 2,
      validity: { in_force: false, note: '已被新版本替代' },
      uses: [],
    },
  ],
}

afterEach(() => vi.unstubAllGlobals())

describe('the library', () => {
  const items = normalizeLibrary(LIBRARY)

  it('normalises materials, newest first', () => {
    expect(items.map((m) => m.id)).toEqual([8, 7, 5, 1])
    expect(items[0]).toMatchObject({
      category: 'financial_statement',
      categoryName: '财务报表或审计报告',
      fileName: '2025年度财务报表.pdf',
      mediaType: 'application/pdf',
      size: 664,
      issuedOn: '2026-06-30',
      expiresOn: null,
      status: 'revoked',
      state: 'revoked',
      ledgerIndex: 8,
      revoked: { reason: '数据有误，已撤回', at: '2026-11-27T05:26:20Z', ledgerIndex: 9 },
    })
    expect(items[2]!.uses).toEqual([
      { application: '2', department: 'scjg', required: 'legal_rep_id', reason: '已于2026-11-27提交', usedAt: '2026-11-27T05:30:30Z', ledgerIndex: 22 },
    ])
    expect(items[3]!.supersededBy).toBe(2)
    expect(normalizeLibrary(null)).toEqual([])
  })

  it('shows a valid material past its validity as expired', () => {
    expect(items.map((m) => m.state)).toEqual(['revoked', 'expired', 'valid', 'superseded'])
    expect(materialState('valid', { inForce: true })).toBe('valid')
    expect(materialState('valid', { inForce: false })).toBe('expired')
    expect(stateCounts(items)).toEqual({ valid: 1, expired: 1, revoked: 1, superseded: 1 })
  })

  it('defaults what the server leaves out', () => {
    const m = normalizeMaterial({ id: '3', status: 'weird', validity: null })
    expect(m).toMatchObject({ id: 3, status: 'valid', state: 'expired', title: '未命名材料', version: 1, ledgerIndex: null, revoked: null, uses: [] })
  })

  it('groups by category in the order of the newest material', () => {
    const two = [...items, normalizeMaterial({ ...LIBRARY.items[1], id: 4 })]
    expect(groupByCategory(two).map((g) => [g.category, g.materials.map((m) => m.id)])).toEqual([
      ['financial_statement', [8]],
      ['health_certificate', [7, 4]],
      ['legal_rep_id', [5]],
      ['articles', [1]],
    ])
  })
})

describe('files', () => {
  it('names sizes and types', () => {
    expect(formatSize(980)).toBe('980 B')
    expect(formatSize(9732)).toBe('9.5 KB')
    expect(formatSize(2048)).toBe('2 KB')
    expect(formatSize(MAX_UPLOAD_BYTES)).toBe('10 MB')
    expect(mediaLabel('image/png')).toBe('PNG')
    expect(mediaLabel('application/ofd')).toBe('OFD')
    expect(mediaLabel('')).toBe('文件')
  })

  it('refuses empty and too large files before sending, and leaves the type to the server', () => {
    expect(checkFile({ size: 0 })).toBe('文件为空，请重新选择')
    expect(checkFile({ size: MAX_UPLOAD_BYTES + 1 })).toMatch(/^文件过大：10 MB，不能超过 10 MB$/)
    expect(checkFile({ size: 1234 })).toBeNull()
  })

  it('reads the RFC 8187 file name first, then the plain one, never a path', () => {
    const cd = `attachment; filename="______.png"; filename*=UTF-8''%E5%B9%B3%E9%9D%A2%E5%9B%BE.png`
    expect(contentFilename(cd, 'x')).toBe('平面图.png')
    expect(contentFilename('attachment; filename="lease.pdf"', 'x')).toBe('lease.pdf')
    expect(contentFilename(`attachment; filename*=UTF-8''..%2F..%2Fetc%2Fpasswd`, 'x')).toBe('x')
    expect(contentFilename(`attachment; filename*=UTF-8''a%2Fb.pdf`, 'x')).toBe('a_b.pdf')
    expect(contentFilename(`attachment; filename*=UTF-8''%E0%A4%A`, 'fallback.pdf')).toBe('fallback.pdf')
    expect(contentFilename(null, 'fallback.pdf')).toBe('fallback.pdf')
  })
})

describe('uploads', () => {
  it('puts only the given metadata in the query, spaces as %20', () => {
    expect(uploadQuery({ category: 'floor_plan' })).toBe('category=floor_plan')
    expect(uploadQuery({ category: 'lease_contract', title: ' 厂房 租赁合同 ', issuedOn: '2026-03-02', expiresOn: '2028-03-01', issuer: '' })).toBe(
      'category=lease_contract&title=%E5%8E%82%E6%88%BF%20%E7%A7%9F%E8%B5%81%E5%90%88%E5%90%8C&issued_on=2026-03-02&expires_on=2028-03-01',
    )
  })

  it('sends the raw file with its percent-encoded name', async () => {
    const fetchFn = vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) =>
      Response.json({ ...LIBRARY.items[2], id: 12, created: true }, { status: 201 }),
    )
    vi.stubGlobal('fetch', fetchFn)
    const file = new File([new Uint8Array([0x89, 0x50])], '平面图.png', { type: 'image/png' })
    const r = await uploadMaterial(file, { category: 'floor_plan', title: '平面布局图' })
    expect(r.created).toBe(true)
    expect(r.material.id).toBe(12)
    const [url, init] = fetchFn.mock.calls[0]!
    expect(url).toBe('/api/v1/materials?category=floor_plan&title=%E5%B9%B3%E9%9D%A2%E5%B8%83%E5%B1%80%E5%9B%BE')
    expect(init?.method).toBe('POST')
    expect(init?.body).toBe(file)
    const headers = init?.headers as Record<string, string>
    expect(headers['X-Filename']).toBe('%E5%B9%B3%E9%9D%A2%E5%9B%BE.png')
    expect(headers['Content-Type']).toBe('application/octet-stream')
  })

  it('tells an identical material apart (200, created: false)', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Response.json({ ...LIBRARY.items[2], created: false })))
    expect((await uploadMaterial(new Blob(['x']), { category: 'legal_rep_id' })).created).toBe(false)
  })

  it('passes the server’s problem on (damaged files)', async () => {
    const problem = {
      type: 'https://haoban.gov.cn/problems/damaged-file',
      title: '文件已损坏：PNG 数据块不完整',
      status: 422,
      errors: [{ field: 'file', message: '文件已损坏：PNG 数据块不完整' }],
    }
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify(problem), { status: 422, headers: { 'Content-Type': 'application/problem+json' } })))
    const err = await uploadMaterial(new Blob(['x']), { category: 'floor_plan' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).problem?.title).toBe('文件已损坏：PNG 数据块不完整')
  })

  it('revokes with a reason and downloads content under its name', async () => {
    const fetchFn = vi.fn(async (url: RequestInfo | URL, _init?: RequestInit) =>
      String(url).endsWith('/revoke')
        ? Response.json({ ...LIBRARY.items[2], status: 'revoked', revoked: { reason: '已更换', ledger_index: 30 } })
        : new Response(new Uint8Array([1, 2]), {
            headers: { 'Content-Type': 'image/png', 'Content-Disposition': `attachment; filename="x.png"; filename*=UTF-8''%E8%AF%81%E6%98%8E.png` },
          }),
    )
    vi.stubGlobal('fetch', fetchFn)
    const m = await revokeMaterial(5, '已更换')
    expect(m.state).toBe('revoked')
    expect(m.revoked?.ledgerIndex).toBe(30)
    expect(fetchFn.mock.calls[0]![1]?.body).toBe('{"reason":"已更换"}')
    const f = await fetchMaterialContent(5)
    expect(f.filename).toBe('证明.png')
    expect(f.blob.size).toBe(2)
  })
})

// An application's `materials`, as POST /api/v1/applications answers for SCJG-011 (trimmed).
const REQUIRED = [
  { id: 'application', name: '申请书（表）', category: 'application_form', exempt: false, kind: 'missing', reason: '需要提交：申请书（表）（此类材料须针对本次申请提交，不能复用）', not_counted: [], material_id: null, valid_until: null },
  { id: 'licence', name: '营业执照', category: 'business_licence', exempt: true, kind: 'e_licence', reason: '电子证照库：营业执照（编号913101139UEUHDPU06，长期有效）', not_counted: [], material_id: null, valid_until: null },
  { id: 'legal_rep_id', name: '法定代表人身份证件', category: 'legal_rep_id', exempt: true, kind: 'library', reason: '已于2026-11-27提交，有效期至2031-08-18', not_counted: [], material_id: 5, valid_until: '2031-08-18' },
  { id: 'health_certs', name: '从业人员健康证明', category: 'health_certificate', exempt: false, kind: 'missing', reason: '需要提交：从业人员健康证明', not_counted: ['「从业人员健康证明」已于2026-08-29到期'], material_id: null, valid_until: null },
]

describe('an application’s materials', () => {
  const list = normalizeRequiredList(REQUIRED)

  it('normalises exempt and missing materials', () => {
    expect(list.map((m) => [m.id, m.exempt, m.kind, m.materialId])).toEqual([
      ['application', false, 'missing', null],
      ['licence', true, 'e_licence', null],
      ['legal_rep_id', true, 'library', 5],
      ['health_certs', false, 'missing', null],
    ])
    expect(list[3]!.notCounted).toEqual(['「从业人员健康证明」已于2026-08-29到期'])
    expect(exemptCounts(list)).toEqual({ exempt: 2, missing: 2 })
    // Not exempt is missing, whatever kind it claims.
    expect(normalizeRequiredList([{ id: 'x', exempt: false, kind: 'library' }])[0]!.kind).toBe('missing')
    expect(normalizeRequiredList(null)).toEqual([])
  })

  it('knows a proof of premises exempt through the standard address database', () => {
    const [std, notStd] = normalizeRequiredList([
      { id: 'premises', name: '经营场所使用证明（产权证明或租赁合同）', category: 'premises_proof', exempt: true, kind: 'standard_address', reason: '标准地址库：上海市宝山区友谊路1633号（BS-003-003633）；不动产登记：不动产权证沪（2013）宝字不动产权第875355号坐落于此，权利人为申请人，免于提交住所使用证明', not_counted: ['「经营场所使用证明」已撤销：信息有误'], material_id: null, valid_until: null },
      { id: 'premises2', name: '住所使用证明', category: 'premises_proof', exempt: false, kind: 'missing', reason: '需要提交：住所使用证明', not_counted: ['住所为标准地址「上海市宝山区牡丹江路13号」，但未查到申请人在此处的不动产权或租赁备案，需要提交住所使用证明'] },
    ])
    expect(std).toMatchObject({ exempt: true, kind: 'standard_address', materialId: null })
    expect(KIND_LABELS[std!.kind]).toBe('标准地址免提交')
    expect(reasonText(std!)).toMatch(/^标准地址库：/)
    expect(notStd).toMatchObject({ exempt: false, kind: 'missing' })
    // The standard-address sentence is not about one of the applicant's materials: no 「您的」.
    expect(notCountedText(notStd!.notCounted[0]!)).toMatch(/^住所为标准地址/)
    expect(exemptCounts([std!, notStd!])).toEqual({ exempt: 1, missing: 1 })
  })

  it('words reasons for the applicant', () => {
    expect(reasonText(list[3]!)).toBe('从业人员健康证明')
    expect(reasonText(list[1]!)).toBe('电子证照库：营业执照（编号913101139UEUHDPU06，长期有效）')
    expect(notCountedText('「从业人员健康证明」已于2026-08-29到期')).toBe('您的「从业人员健康证明」已于2026-08-29到期')
    expect(notCountedText('电子证照库暂时无法查询，已改为查找您提交过的材料')).toBe('电子证照库暂时无法查询，已改为查找您提交过的材料')
  })

  it('knows which missing materials no library upload can stand in for', () => {
    expect(list.map(mustHandIn)).toEqual([true, false, false, false])
  })

  it('reads the match endpoint’s shape (source, material, conditions)', () => {
    const m = normalizeMatch({
      item: 'SCJG-011',
      name: '食品经营许可（新办）',
      as_of: '2026-11-27',
      materials: [
        { id: 'premises', name: '经营场所使用证明', category: 'premises_proof', category_name: '经营场所使用证明', conditional: false, exempt: true, source: 'library', reason: '已于…提交', material: { id: 4, title: '经营场所使用证明' }, not_counted: [] },
        { id: 'process_flow', name: '食品加工制作流程', category: 'process_flow', category_name: '工艺流程图', conditional: true, condition: '现场加工制作食品的', exempt: false, source: 'missing', reason: '需要提交：食品加工制作流程', material: null, not_counted: [] },
      ],
    })
    expect(m).toMatchObject({ item: 'SCJG-011', asOf: '2026-11-27' })
    expect(m.materials[0]).toMatchObject({ kind: 'library', exempt: true, materialId: 4, categoryName: '经营场所使用证明' })
    expect(m.materials[1]).toMatchObject({ kind: 'missing', conditional: true, condition: '现场加工制作食品的' })
  })

  it('offers each category once, with its name', () => {
    const lib = normalizeLibrary(LIBRARY)
    const match = normalizeMatch({ materials: [{ id: 'a', name: '平面布局图', category: 'floor_plan', category_name: '平面布局图' }, { id: 'b', category: 'legal_rep_id', category_name: '法定代表人身份证明' }] })
    expect(categoryOptions(lib, match.materials)).toEqual([
      { value: 'financial_statement', label: '财务报表或审计报告' },
      { value: 'health_certificate', label: '从业人员健康证明' },
      { value: 'legal_rep_id', label: '法定代表人身份证明' },
      { value: 'articles', label: '公司章程' },
      { value: 'floor_plan', label: '平面布局图' },
    ])
  })
})
