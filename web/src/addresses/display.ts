// Pure presentation rules for 无忧快注: match scores as percentages, a parse as table rows in
// address order, what a match says about a typed address (标准地址 or 您是否要找), and the park
// directory's filters and figures.

import type { Address, AddressCandidate, AddressMatch, AddressParse, Park, Usage } from '@/api/addresses'

// ---- scores ---------------------------------------------------------------------------------

/** A 0..1 score as a whole percentage (0.9615 → 96); out-of-range and NaN are clamped to 0..100. */
export function scorePercent(score: number): number {
  if (!Number.isFinite(score)) return 0
  return Math.round(Math.min(1, Math.max(0, score)) * 100)
}

export function formatScore(score: number): string {
  return `${scorePercent(score)}%`
}

/** The score bar's colour: close matches green, partial ones amber, poor ones grey. */
export function scoreTone(score: number): 'success' | 'warning' | 'info' {
  const p = scorePercent(score)
  return p >= 90 ? 'success' : p >= 50 ? 'warning' : 'info'
}

// ---- levels ---------------------------------------------------------------------------------

/** The parse's levels in address order (the server's level_names()), with their Chinese names. */
export const LEVELS: readonly { level: string; label: string }[] = [
  { level: 'country', label: '国家' },
  { level: 'province', label: '省' },
  { level: 'city', label: '市' },
  { level: 'district', label: '区县' },
  { level: 'devzone', label: '开发区' },
  { level: 'town', label: '街道镇' },
  { level: 'community', label: '社区村' },
  { level: 'road', label: '道路' },
  { level: 'road_number', label: '门牌号' },
  { level: 'subroad', label: '支路' },
  { level: 'subroad_number', label: '支路号' },
  { level: 'lane', label: '弄' },
  { level: 'poi', label: '兴趣点' },
  { level: 'subpoi', label: '子兴趣点' },
  { level: 'building', label: '幢' },
  { level: 'unit', label: '单元' },
  { level: 'floor', label: '楼层' },
  { level: 'room', label: '室' },
  { level: 'occupant', label: '单位' },
  { level: 'assist', label: '方位' },
  { level: 'redundant', label: '冗余' },
  { level: 'other', label: '其他' },
]

const RANK = new Map(LEVELS.map((l, i) => [l.level, i]))
const LABEL = new Map(LEVELS.map((l) => [l.level, l.label]))

/** The Chinese name of a level; matched/differing lists also name 楼宇/园区 for poi. */
export function levelLabel(level: string): string {
  return LABEL.get(level) ?? level
}

/** 道路、门牌号 for ['road', 'road_number']. */
export function levelList(levels: readonly string[]): string {
  return levels.map(levelLabel).join('、')
}

export interface LevelRow {
  level: string
  label: string
  text: string
  code: string | null
  inferred: boolean
}

/**
 * One row per recognised level, in address order (province before road before room), whatever
 * order the server listed them in; levels known only from `levels` are included too.
 */
export function levelRows(parse: Pick<AddressParse, 'components' | 'levels'>): LevelRow[] {
  const rows: LevelRow[] = parse.components.map((c) => ({
    level: c.level,
    label: c.label || levelLabel(c.level),
    text: c.text,
    code: c.code,
    inferred: c.inferred,
  }))
  for (const [level, text] of Object.entries(parse.levels)) {
    if (!rows.some((r) => r.level === level)) rows.push({ level, label: levelLabel(level), text, code: null, inferred: false })
  }
  const rank = (l: string) => RANK.get(l) ?? LEVELS.length
  // Array.prototype.sort is stable: two components of one level keep their order.
  return rows.sort((a, b) => rank(a.level) - rank(b.level))
}

// ---- what a match says about a typed address ------------------------------------------------

/** Candidates below this share are too far off to offer as 您是否要找. */
export const SUGGEST_MIN_SCORE = 0.5

export type AddressVerdict =
  | { kind: 'standard'; address: Address }
  | { kind: 'near'; candidates: AddressCandidate[] }
  | { kind: 'none' }

/**
 * A standard address when the best candidate is exactly the typed address; otherwise the close
 * candidates (at most `max`, best first) to offer instead, or none.
 */
export function verdictOf(match: Pick<AddressMatch, 'candidates'>, max = 3): AddressVerdict {
  const best = match.candidates[0]
  if (best?.exact) return { kind: 'standard', address: best.address }
  const near = match.candidates.filter((c) => c.score >= SUGGEST_MIN_SCORE && !c.exact).slice(0, max)
  return near.length ? { kind: 'near', candidates: near } : { kind: 'none' }
}

/** Worth asking the server about: something besides spaces, within its 1024-byte limit. */
export const MAX_QUERY_BYTES = 1024

export function queryProblem(text: string): string | null {
  const t = text.trim()
  if (!t) return '请输入地址'
  if (new TextEncoder().encode(t).length > MAX_QUERY_BYTES) return '地址过长，请只填写到门牌号或室号'
  return null
}

export const USAGE_TAGS: Record<Usage, 'primary' | 'success' | 'warning' | 'info'> = {
  commercial: 'warning',
  office: 'primary',
  industrial: 'info',
  residential: 'success',
}

export function usageTag(usage: Usage | null): 'primary' | 'success' | 'warning' | 'info' {
  return usage ? USAGE_TAGS[usage] : 'info'
}

// ---- capacity of centralised registration addresses -----------------------------------------

export interface Occupancy {
  capacity: number
  registered: number
  /** What is left (余量), never below 0. */
  remaining: number
  /** Share taken, 0..100. */
  percent: number
  full: boolean
}

export function occupancy(a: Pick<Address, 'capacity' | 'registered'>): Occupancy {
  const capacity = Math.max(0, a.capacity)
  const registered = Math.max(0, a.registered)
  const remaining = Math.max(0, capacity - registered)
  const percent = capacity > 0 ? Math.min(100, Math.round((registered / capacity) * 100)) : 100
  return { capacity, registered, remaining, percent, full: remaining === 0 }
}

// ---- parks ----------------------------------------------------------------------------------

/** 38000 → "38,000"; 9800.5 → "9,800.5". */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return '—'
  const [int = '0', frac] = String(Math.round(Math.abs(n) * 10) / 10).split('.')
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${n < 0 ? '-' : ''}${grouped}${frac ? `.${frac}` : ''}`
}

/** "园区招商服务中心 021-56690001" → the name and the phone (for a tel: link). */
export function splitContact(contact: string): { name: string; phone: string } {
  const m = /^(.*?)[\s：:]*((?:\+?86[-\s]?)?(?:0\d{2,3}-?\d{7,8}|1\d{10})(?:-\d{1,6})?)\s*$/.exec(contact.trim())
  if (!m) return { name: contact.trim(), phone: '' }
  return { name: (m[1] ?? '').trim(), phone: m[2] ?? '' }
}

export interface FilterOption {
  value: string
  label: string
  count: number
}

/** Every industry the parks name, with how many parks name it: most common first, then by name. */
export function industryOptions(parks: readonly Park[]): FilterOption[] {
  const counts = new Map<string, number>()
  for (const p of parks) for (const i of new Set(p.industries)) counts.set(i, (counts.get(i) ?? 0) + 1)
  return [...counts]
    .map(([value, count]) => ({ value, label: value, count }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, 'zh-Hans-CN'))
}

/** The streets and towns (街道镇) parks are in, by code, in code order. */
export function townOptions(parks: readonly Park[]): FilterOption[] {
  const towns = new Map<string, FilterOption>()
  for (const p of parks) {
    const key = p.townCode || p.town
    if (!key) continue
    const t = towns.get(key)
    if (t) t.count++
    else towns.set(key, { value: key, label: p.town || key, count: 1 })
  }
  return [...towns.values()].sort((a, b) => a.value.localeCompare(b.value))
}

export interface ParkFilter {
  /** An industry exactly as listed; '' for any. */
  industry?: string
  /** A town code (or its name when there is no code); '' for any. */
  town?: string
  /** Free text: name, road, town, industries, contact, centralised addresses. */
  text?: string
}

const fold = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, '')

export function filterParks(parks: readonly Park[], f: ParkFilter): Park[] {
  const words = (f.text ?? '').split(/[\s,，、]+/).map(fold).filter(Boolean)
  return parks.filter((p) => {
    if (f.industry && !p.industries.includes(f.industry)) return false
    if (f.town && p.townCode !== f.town && !(p.townCode === '' && p.town === f.town)) return false
    if (!words.length) return true
    const hay = fold([p.name, p.road, p.town, p.contact, ...p.industries, ...p.centralised.map((a) => a.text)].join('|'))
    return words.every((w) => hay.includes(w))
  })
}

/** Totals over the parks shown: vacant area and units, centralised addresses and their 余量. */
export function parkTotals(parks: readonly Park[]): { vacancyArea: number; vacancyUnits: number; centralised: number; remaining: number } {
  let vacancyArea = 0
  let vacancyUnits = 0
  let centralised = 0
  let remaining = 0
  for (const p of parks) {
    vacancyArea += p.vacancyArea
    vacancyUnits += p.vacancyUnits
    centralised += p.centralised.length
    for (const a of p.centralised) remaining += occupancy(a).remaining
  }
  return { vacancyArea, vacancyUnits, centralised, remaining }
}
