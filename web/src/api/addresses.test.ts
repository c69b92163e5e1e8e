import { afterEach, describe, expect, it, vi } from 'vitest'

import {
  checkPremises,
  fetchParks,
  matchAddress,
  normalizeAddress,
  normalizeMatch,
  normalizeParks,
  normalizeParse,
  normalizePremises,
  parseAddress,
  suggestAddresses,
} from './addresses'
import { ApiError } from './http'

// As GET /api/v1/addresses/match?q=上海市寶山區牡丹江路一百二十三號&limit=2 answers (trimmed).
const MATCH = {
  query: {
    input: '上海市寶山區牡丹江路一百二十三號',
    normalized: '上海市宝山区牡丹江路123号',
    method: 'model',
    levels: { province: '上海市', city: '上海市', district: '宝山区', town: '友谊路街道', road: '牡丹江路', road_number: '123号', inferred: ['province', 'town'] },
    components: [
      { level: 'province', label: '省', text: '上海市', code: '31', inferred: true },
      { level: 'district', label: '区县', text: '宝山区', code: '310113', inferred: false },
      { level: 'road_number', label: '门牌号', text: '123号', code: null, inferred: false },
    ],
    changes: ['繁体→简体', '一百二十三号→123号'],
    unrecognised: [],
  },
  candidates: [
    {
      id: 'BS-003-000123',
      text: '上海市宝山区牡丹江路123号',
      score: 1.0,
      exact: true,
      reason: '道路、门牌号、街道镇一致',
      matched: ['road', 'road_number', 'town'],
      differing: [],
      address: {
        id: 'BS-003-000123',
        text: '上海市宝山区牡丹江路123号',
        town_code: '310113003',
        town: '友谊路街道',
        community: '宝林三村',
        road: '牡丹江路',
        number: '123',
        lane: '',
        building: '',
        floor: '',
        room: '',
        poi: '',
        usage: 'office',
        usage_label: '办公',
        park_id: null,
        centralised: false,
        capacity: 1,
        registered: 0,
      },
    },
    { id: 'BS-003-000012', text: '上海市宝山区牡丹江路12号', score: 1.4, exact: false, reason: '', matched: [], differing: ['road_number'], address: { id: 'BS-003-000012', text: '上海市宝山区牡丹江路12号', usage: 'spaceport' } },
    { id: '', text: '', score: 0.5, address: null },
  ],
}

describe('normalising address answers', () => {
  it('reads a match: the parse without the arrays riding in `levels`, and the candidates', () => {
    const m = normalizeMatch(MATCH)
    expect(m.query.normalized).toBe('上海市宝山区牡丹江路123号')
    expect(m.query.levels).toEqual({ province: '上海市', city: '上海市', district: '宝山区', town: '友谊路街道', road: '牡丹江路', road_number: '123号' })
    expect(m.query.components[0]).toEqual({ level: 'province', label: '省', text: '上海市', code: '31', inferred: true })
    expect(m.query.components[2]!.code).toBeNull()
    expect(m.query.changes).toEqual(['繁体→简体', '一百二十三号→123号'])
    // Nameless candidates are dropped; scores stay within 0..1.
    expect(m.candidates.map((c) => [c.id, c.score, c.exact])).toEqual([
      ['BS-003-000123', 1, true],
      ['BS-003-000012', 1, false],
    ])
    expect(m.candidates[0]!.address).toMatchObject({ townCode: '310113003', community: '宝林三村', usage: 'office', usageLabel: '办公', parkId: null, centralised: false })
    // A usage this client does not know is shown without a label rather than guessed.
    expect(m.candidates[1]!.address).toMatchObject({ usage: null, usageLabel: '', capacity: 0, registered: 0 })
  })

  it('reads the rules fallback and unrecognised input', () => {
    const p = normalizeParse({ input: 'abc', normalized: 'abc', method: 'rules', levels: { unrecognised: ['不是中文地址：abc'] }, components: [], changes: [], unrecognised: ['不是中文地址：abc'] })
    expect(p).toMatchObject({ method: 'rules', levels: {}, components: [], unrecognised: ['不是中文地址：abc'] })
    expect(normalizeParse(null)).toMatchObject({ input: '', method: 'model', components: [], changes: [] })
  })

  it('reads a centralised address with its capacity', () => {
    const a = normalizeAddress({ id: 'BS-501-003053', text: '上海市宝山区富联路8号', usage: 'industrial', park_id: 'P01', centralised: true, capacity: 400, registered: 180 })
    expect(a).toMatchObject({ usage: 'industrial', usageLabel: '工业', parkId: 'P01', centralised: true, capacity: 400, registered: 180 })
  })

  it('reads the premises check', () => {
    expect(
      normalizePremises({ standard: true, exempt: true, address_id: 'BS-003-003633', address_text: '上海市宝山区友谊路1633号', reason: '标准地址库：上海市宝山区友谊路1633号（BS-003-003633）；…' }),
    ).toEqual({ standard: true, exempt: true, addressId: 'BS-003-003633', addressText: '上海市宝山区友谊路1633号', reason: '标准地址库：上海市宝山区友谊路1633号（BS-003-003633）；…' })
    expect(normalizePremises({ standard: false, exempt: false, address_id: null, address_text: '', reason: '住所未匹配到标准地址库中的地址，需要提交住所使用证明' })).toMatchObject({ standard: false, addressId: null })
  })

  it('reads parks (vacancy_area comes as 3.8E4)', () => {
    const [p, ...rest] = normalizeParks({
      items: [
        { id: 'P01', name: '上海机器人产业园', town_code: '310113501', town: '宝山工业园区', road: '富联路', industries: ['机器人', '智能制造'], vacancy_area: 3.8e4, vacancy_units: 26, contact: '园区招商服务中心 021-56690001', addresses: 735, centralised: [{ id: 'BS-501-003053', text: '上海市宝山区富联路8号', centralised: true, capacity: 400, registered: 180 }] },
        { name: 'no id' },
      ],
    })
    expect(rest).toEqual([])
    expect(p).toMatchObject({ id: 'P01', vacancyArea: 38000, vacancyUnits: 26, addresses: 735, industries: ['机器人', '智能制造'] })
    expect(p!.centralised.map((a) => [a.text, a.capacity, a.registered])).toEqual([['上海市宝山区富联路8号', 400, 180]])
    expect(normalizeParks({})).toEqual([])
  })
})

describe('address requests', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('sends the text percent-encoded and trimmed, with the limit', async () => {
    const fetchFn = vi.fn(async (url: RequestInfo | URL) => {
      const u = String(url)
      if (u.includes('/suggest')) return Response.json({ items: [MATCH.candidates[0]!.address] })
      if (u.includes('/parks')) return Response.json({ items: [] })
      if (u.includes('/premises')) return Response.json({ standard: false, exempt: false, address_id: null, address_text: '', reason: 'r' })
      if (u.includes('/parse')) return Response.json(MATCH.query)
      return Response.json(MATCH)
    })
    vi.stubGlobal('fetch', fetchFn)
    expect((await suggestAddresses(' 牡丹江路13 ', 6)).map((a) => a.id)).toEqual(['BS-003-000123'])
    expect((await matchAddress('牡丹江路 123号&x', 3)).candidates).toHaveLength(2)
    expect((await parseAddress('牡丹江路')).normalized).toBe('上海市宝山区牡丹江路123号')
    expect((await checkPremises('友谊路1633号')).reason).toBe('r')
    expect(await fetchParks()).toEqual([])
    expect(fetchFn.mock.calls.map((c) => String(c[0]))).toEqual([
      `/api/v1/addresses/suggest?q=${encodeURIComponent('牡丹江路13')}&limit=6`,
      `/api/v1/addresses/match?q=${encodeURIComponent('牡丹江路 123号&x')}&limit=3`,
      `/api/v1/addresses/parse?q=${encodeURIComponent('牡丹江路')}`,
      `/api/v1/addresses/premises?address=${encodeURIComponent('友谊路1633号')}`,
      '/api/v1/parks',
    ])
  })

  it('passes the server’s problem on (a staff account asking about premises)', async () => {
    vi.stubGlobal('fetch', async () =>
      new Response(JSON.stringify({ title: '无权执行此操作', status: 403 }), { status: 403, headers: { 'Content-Type': 'application/problem+json' } }),
    )
    const err = await checkPremises('友谊路1633号').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).problem?.title).toBe('无权执行此操作')
  })
})
