import { describe, expect, it } from 'vitest'

import { normalizeMatch, normalizeParks, normalizeParse } from '@/api/addresses'

import {
  filterParks,
  formatNumber,
  formatScore,
  industryOptions,
  levelList,
  levelRows,
  occupancy,
  parkTotals,
  queryProblem,
  scorePercent,
  scoreTone,
  splitContact,
  townOptions,
  verdictOf,
} from './display'

// GET /api/v1/addresses/parse?q=上海市寶山區牡丹江路一百二十三號 (the components as the server
// lists them: inferred ones first), with a room added out of order.
const PARSE = normalizeParse({
  input: '上海市寶山區牡丹江路一百二十三號3室',
  normalized: '上海市宝山区牡丹江路123号3室',
  method: 'model',
  levels: { province: '上海市', city: '上海市', district: '宝山区', town: '友谊路街道', road: '牡丹江路', road_number: '123号', room: '3室', inferred: ['province', 'town'] },
  components: [
    { level: 'room', label: '室', text: '3室', code: null, inferred: false },
    { level: 'province', label: '省', text: '上海市', code: '31', inferred: true },
    { level: 'town', label: '街道镇', text: '友谊路街道', code: '310113003', inferred: true },
    { level: 'city', label: '市', text: '上海市', code: '3101', inferred: false },
    { level: 'district', label: '区县', text: '宝山区', code: '310113', inferred: false },
    { level: 'road_number', label: '门牌号', text: '123号', code: null, inferred: false },
    { level: 'road', label: '道路', text: '牡丹江路', code: null, inferred: false },
  ],
  changes: ['繁体→简体', '一百二十三号→123号'],
  unrecognised: [],
})

const address = (id: string, text: string, extra: Record<string, unknown> = {}) => ({
  id,
  text,
  town_code: '310113003',
  town: '友谊路街道',
  road: '牡丹江路',
  usage: 'office',
  usage_label: '办公',
  park_id: null,
  centralised: false,
  capacity: 1,
  registered: 0,
  ...extra,
})

const candidate = (text: string, score: number, exact: boolean) => ({
  id: text,
  text,
  score,
  exact,
  reason: '',
  matched: [],
  differing: [],
  address: address(text, text),
})

describe('scores', () => {
  it('shows a 0..1 score as a whole percentage, clamped', () => {
    expect(scorePercent(0.9615384615384616)).toBe(96)
    expect(formatScore(1)).toBe('100%')
    expect(formatScore(0.16666666666666666)).toBe('17%')
    expect(formatScore(0)).toBe('0%')
    expect(scorePercent(1.7)).toBe(100)
    expect(scorePercent(-0.2)).toBe(0)
    expect(scorePercent(Number.NaN)).toBe(0)
  })

  it('colours close, partial and poor matches apart', () => {
    expect(scoreTone(0.96)).toBe('success')
    expect(scoreTone(0.9)).toBe('success')
    expect(scoreTone(0.6)).toBe('warning')
    expect(scoreTone(0.17)).toBe('info')
  })
})

describe('levelRows', () => {
  it('lists the levels in address order with their names, codes and which were inferred', () => {
    const rows = levelRows(PARSE)
    expect(rows.map((r) => [r.label, r.text, r.code, r.inferred])).toEqual([
      ['省', '上海市', '31', true],
      ['市', '上海市', '3101', false],
      ['区县', '宝山区', '310113', false],
      ['街道镇', '友谊路街道', '310113003', true],
      ['道路', '牡丹江路', null, false],
      ['门牌号', '123号', null, false],
      ['室', '3室', null, false],
    ])
  })

  it('keeps levels the components do not list, and names unknown levels by key', () => {
    const rows = levelRows({ components: [{ level: 'road', label: '', text: '富联路', code: null, inferred: false }], levels: { poi: '上海机器人产业园', road: '富联路', mystery: 'x' } })
    expect(rows.map((r) => `${r.label}:${r.text}`)).toEqual(['道路:富联路', '兴趣点:上海机器人产业园', 'mystery:x'])
  })

  it('names matched and differing levels in Chinese', () => {
    expect(levelList(['road', 'road_number', 'town'])).toBe('道路、门牌号、街道镇')
    expect(levelList([])).toBe('')
  })
})

describe('verdictOf', () => {
  it('is a standard address when the best candidate is exact', () => {
    const v = verdictOf(normalizeMatch({ candidates: [candidate('上海市宝山区牡丹江路123号', 1, true), candidate('上海市宝山区牡丹江路12号', 0.6, false)] }))
    expect(v.kind).toBe('standard')
    expect(v.kind === 'standard' && v.address.id).toBe('上海市宝山区牡丹江路123号')
  })

  it('offers close candidates (not poor ones), best first, at most three', () => {
    const m = normalizeMatch({
      candidates: [
        candidate('上海市宝山区友谊路1633号', 0.93, false),
        candidate('上海市宝山区富联路8号', 0.95, false),
        candidate('a', 0.9, false),
        candidate('b', 0.8, false),
        candidate('c', 0.49, false),
      ],
    })
    const v = verdictOf(m)
    expect(v.kind === 'near' && v.candidates.map((c) => c.text)).toEqual(['上海市宝山区友谊路1633号', '上海市宝山区富联路8号', 'a'])
    // 牡丹江路99999号: only the road agrees, nothing worth offering.
    expect(verdictOf(normalizeMatch({ candidates: [candidate('上海市宝山区牡丹江路2号', 0.17, false)] }))).toEqual({ kind: 'none' })
    expect(verdictOf(normalizeMatch({ candidates: [] }))).toEqual({ kind: 'none' })
  })
})

describe('queryProblem', () => {
  it('refuses blanks and what the server would refuse as too long (1024 bytes)', () => {
    expect(queryProblem('  ')).toBe('请输入地址')
    expect(queryProblem('牡丹江路13号')).toBeNull()
    expect(queryProblem('路'.repeat(341))).toBeNull()
    expect(queryProblem('路'.repeat(342))).toMatch(/^地址过长/)
  })
})

describe('occupancy', () => {
  it('computes what is left of a centralised address (余量), never below zero', () => {
    expect(occupancy({ capacity: 400, registered: 180 })).toEqual({ capacity: 400, registered: 180, remaining: 220, percent: 45, full: false })
    expect(occupancy({ capacity: 120, registered: 130 })).toMatchObject({ remaining: 0, percent: 100, full: true })
    expect(occupancy({ capacity: 0, registered: 0 })).toMatchObject({ remaining: 0, full: true })
  })
})

// GET /api/v1/parks, four of the twelve.
const PARKS = normalizeParks({
  items: [
    {
      id: 'P01',
      name: '上海机器人产业园',
      town_code: '310113501',
      town: '宝山工业园区',
      road: '富联路',
      industries: ['机器人', '智能制造', '工业互联网'],
      vacancy_area: 3.8e4,
      vacancy_units: 26,
      contact: '园区招商服务中心 021-56690001',
      addresses: 735,
      centralised: [address('BS-501-003053', '上海市宝山区富联路8号', { centralised: true, capacity: 400, registered: 180, park_id: 'P01' })],
    },
    { id: 'P03', name: '南大智慧城', town_code: '310113102', town: '大场镇', road: '南大路', industries: ['人工智能', '数字经济', '总部经济'], vacancy_area: 21000, vacancy_units: 18, contact: '南大智慧城招商中心 021-56690003', addresses: 1470, centralised: [address('BS-102-1', '上海市宝山区南大路18号', { centralised: true, capacity: 300, registered: 219 })] },
    { id: 'P04', name: '环上大科技园', town_code: '310113102', town: '大场镇', road: '真大路', industries: ['科技服务', '新材料', '文化创意'], vacancy_area: 9800, vacancy_units: 12, contact: '环上大科技园服务中心 021-56690004', addresses: 1516, centralised: [] },
    { id: 'P10', name: '北郊未来产业园', town_code: '310113106', town: '罗泾镇', road: '陈川路', industries: ['新能源', '智能制造', '生物制造'], vacancy_area: 86000, vacancy_units: 40, contact: '北郊未来产业园招商办 021-56690010', addresses: 2450, centralised: [] },
  ],
})

describe('the park directory', () => {
  it('offers each industry once, the most common first', () => {
    const opts = industryOptions(PARKS)
    expect(opts[0]).toEqual({ value: '智能制造', label: '智能制造', count: 2 })
    expect(opts).toHaveLength(11)
    expect(opts.filter((o) => o.value === '机器人')).toEqual([{ value: '机器人', label: '机器人', count: 1 }])
  })

  it('offers each town once by code, with its park count', () => {
    expect(townOptions(PARKS)).toEqual([
      { value: '310113102', label: '大场镇', count: 2 },
      { value: '310113106', label: '罗泾镇', count: 1 },
      { value: '310113501', label: '宝山工业园区', count: 1 },
    ])
  })

  it('filters by industry, town and words in any field, all together', () => {
    const ids = (f: Parameters<typeof filterParks>[1]) => filterParks(PARKS, f).map((p) => p.id)
    expect(ids({})).toEqual(['P01', 'P03', 'P04', 'P10'])
    expect(ids({ industry: '机器人' })).toEqual(['P01'])
    expect(ids({ industry: '智能制造' })).toEqual(['P01', 'P10'])
    expect(ids({ town: '310113102' })).toEqual(['P03', 'P04'])
    expect(ids({ industry: '智能制造', town: '310113102' })).toEqual([])
    expect(ids({ text: '南大' })).toEqual(['P03'])
    // A centralised address, a road, a contact number; words must all match; full-width folded.
    expect(ids({ text: '富联路8号' })).toEqual(['P01'])
    expect(ids({ text: '大场镇 新材料' })).toEqual(['P04'])
    expect(ids({ text: '０２１-５６６９００１０' })).toEqual(['P10'])
    expect(ids({ text: '  ' })).toEqual(['P01', 'P03', 'P04', 'P10'])
  })

  it('adds up what the shown parks offer', () => {
    expect(parkTotals(PARKS)).toEqual({ vacancyArea: 38000 + 21000 + 9800 + 86000, vacancyUnits: 26 + 18 + 12 + 40, centralised: 2, remaining: 220 + 81 })
    expect(parkTotals([])).toEqual({ vacancyArea: 0, vacancyUnits: 0, centralised: 0, remaining: 0 })
  })

  it('formats areas and splits the contact into name and phone', () => {
    expect(formatNumber(38000)).toBe('38,000')
    expect(formatNumber(1234567.25)).toBe('1,234,567.3')
    expect(formatNumber(980)).toBe('980')
    expect(splitContact('园区招商服务中心 021-56690001')).toEqual({ name: '园区招商服务中心', phone: '021-56690001' })
    expect(splitContact('招商热线：13812345678')).toEqual({ name: '招商热线', phone: '13812345678' })
    expect(splitContact('园区服务台')).toEqual({ name: '园区服务台', phone: '' })
  })
})
