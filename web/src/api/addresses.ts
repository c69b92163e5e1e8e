// 无忧快注: the standard address database (标准地址库) — autocomplete, parsing a free-text address
// into its levels (with the normalisation applied), ranked matches against the standard addresses,
// whether the caller's premises at an address need no proof of premises (住所使用证明) — and the
// parks (园区) with their centralised registration addresses (集中登记地). Shapes as the server's
// address routes answer (src/address/json.cpp).

import { request } from './http'

type Raw = Record<string, unknown>
const isObject = (v: unknown): v is Raw => v !== null && typeof v === 'object' && !Array.isArray(v)
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '')
const num = (v: unknown): number => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN
  return Number.isFinite(n) ? n : 0
}
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(str).filter(Boolean) : [])

// ---- addresses ------------------------------------------------------------------------------

export type Usage = 'commercial' | 'office' | 'industrial' | 'residential'

export const USAGE_LABELS: Record<Usage, string> = {
  commercial: '商业',
  office: '办公',
  industrial: '工业',
  residential: '住宅',
}

const isUsage = (v: string): v is Usage => v in USAGE_LABELS

export interface Address {
  /** BS-003-000013 */
  id: string
  /** 上海市宝山区牡丹江路13号: what a form stores. */
  text: string
  townCode: string
  town: string
  community: string
  road: string
  number: string
  lane: string
  building: string
  floor: string
  room: string
  /** The building or park it belongs to (上海机器人产业园), or ''. */
  poi: string
  usage: Usage | null
  usageLabel: string
  parkId: string | null
  /** A centralised registration address (集中登记地) that many enterprises may register at. */
  centralised: boolean
  /** Registrations the address can take, and how many it has. */
  capacity: number
  registered: number
}

export function normalizeAddress(raw: unknown): Address {
  const r = isObject(raw) ? raw : {}
  const usage = str(r.usage)
  return {
    id: str(r.id),
    text: str(r.text),
    townCode: str(r.town_code),
    town: str(r.town),
    community: str(r.community),
    road: str(r.road),
    number: str(r.number),
    lane: str(r.lane),
    building: str(r.building),
    floor: str(r.floor),
    room: str(r.room),
    poi: str(r.poi),
    usage: isUsage(usage) ? usage : null,
    usageLabel: str(r.usage_label) || (isUsage(usage) ? USAGE_LABELS[usage] : ''),
    parkId: str(r.park_id) || null,
    centralised: r.centralised === true,
    capacity: Math.max(0, num(r.capacity)),
    registered: Math.max(0, num(r.registered)),
  }
}

const addressList = (v: unknown): Address[] =>
  Array.isArray(v) ? v.filter(isObject).map(normalizeAddress).filter((a) => a.id && a.text) : []

// ---- parsing --------------------------------------------------------------------------------

export interface AddressComponent {
  /** province, city, district, town, road, road_number, lane, poi, building, floor, room… */
  level: string
  /** The level's Chinese name (省, 街道镇, 门牌号…). */
  label: string
  text: string
  /** The official division code when the gazetteer knows it. */
  code: string | null
  /** Filled in from the gazetteer, not written in the input. */
  inferred: boolean
}

export interface AddressParse {
  input: string
  normalized: string
  /** model: the trained labeller; rules: the shipped rules (no model installed). */
  method: 'model' | 'rules'
  /** Each level's text, as the server names them. */
  levels: Record<string, string>
  components: AddressComponent[]
  /** The normalisation applied: 繁体→简体, 一百二十三号→123号, 全角→半角… */
  changes: string[]
  /** What no level fits (不是中文地址：abc). */
  unrecognised: string[]
}

export function normalizeParse(raw: unknown): AddressParse {
  const r = isObject(raw) ? raw : {}
  const levelsRaw = isObject(r.levels) ? r.levels : {}
  const levels: Record<string, string> = {}
  for (const [k, v] of Object.entries(levelsRaw)) {
    // `inferred` and `unrecognised` ride along in `levels` as arrays; they have their own fields.
    if (typeof v === 'string' && v) levels[k] = v
  }
  const components: AddressComponent[] = Array.isArray(r.components)
    ? r.components.filter(isObject).map((c) => ({
        level: str(c.level),
        label: str(c.label),
        text: str(c.text),
        code: str(c.code) || null,
        inferred: c.inferred === true,
      }))
    : []
  return {
    input: str(r.input),
    normalized: str(r.normalized),
    method: str(r.method) === 'rules' ? 'rules' : 'model',
    levels,
    components: components.filter((c) => c.level && c.text),
    changes: strings(r.changes),
    unrecognised: strings(r.unrecognised),
  }
}

// ---- matching -------------------------------------------------------------------------------

export interface AddressCandidate {
  id: string
  text: string
  /** 0..1 */
  score: number
  /** The same address as the query, level by level. */
  exact: boolean
  /** 道路、门牌号一致；楼层（5 / 3）不同 */
  reason: string
  matched: string[]
  differing: string[]
  address: Address
}

export interface AddressMatch {
  query: AddressParse
  candidates: AddressCandidate[]
}

export function normalizeMatch(raw: unknown): AddressMatch {
  const r = isObject(raw) ? raw : {}
  const candidates = Array.isArray(r.candidates)
    ? r.candidates.filter(isObject).map((c): AddressCandidate => {
        const address = normalizeAddress(c.address)
        return {
          id: str(c.id) || address.id,
          text: str(c.text) || address.text,
          score: Math.min(1, Math.max(0, num(c.score))),
          exact: c.exact === true,
          reason: str(c.reason),
          matched: strings(c.matched),
          differing: strings(c.differing),
          address,
        }
      })
    : []
  return { query: normalizeParse(r.query), candidates: candidates.filter((c) => c.id && c.text) }
}

// ---- premises -------------------------------------------------------------------------------

export interface PremisesCheck {
  /** The address is (exactly) a standard address. */
  standard: boolean
  /** No proof of premises needed: the caller owns or has a registered lease there. */
  exempt: boolean
  addressId: string | null
  addressText: string
  /** 标准地址库：…（BS-…）；不动产登记：…，免于提交住所使用证明 / why not. */
  reason: string
}

export function normalizePremises(raw: unknown): PremisesCheck {
  const r = isObject(raw) ? raw : {}
  return {
    standard: r.standard === true,
    exempt: r.exempt === true,
    addressId: str(r.address_id) || null,
    addressText: str(r.address_text),
    reason: str(r.reason),
  }
}

// ---- parks ----------------------------------------------------------------------------------

export interface Park {
  /** P01 */
  id: string
  name: string
  townCode: string
  town: string
  road: string
  industries: string[]
  /** Vacant floor space, m². */
  vacancyArea: number
  vacancyUnits: number
  /** 园区招商服务中心 021-56690001 */
  contact: string
  /** Standard addresses in the park. */
  addresses: number
  /** Its centralised registration addresses (集中登记地). */
  centralised: Address[]
}

export function normalizePark(raw: unknown): Park {
  const r = isObject(raw) ? raw : {}
  return {
    id: str(r.id),
    name: str(r.name) || str(r.id),
    townCode: str(r.town_code),
    town: str(r.town),
    road: str(r.road),
    industries: strings(r.industries),
    vacancyArea: Math.max(0, num(r.vacancy_area)),
    vacancyUnits: Math.max(0, Math.round(num(r.vacancy_units))),
    contact: str(r.contact),
    addresses: Math.max(0, Math.round(num(r.addresses))),
    centralised: addressList(r.centralised),
  }
}

export function normalizeParks(raw: unknown): Park[] {
  const r = isObject(raw) ? raw : {}
  return Array.isArray(r.items) ? r.items.filter(isObject).map(normalizePark).filter((p) => p.id) : []
}

// ---- requests -------------------------------------------------------------------------------

const base = '/api/v1/addresses'
const q = (text: string) => encodeURIComponent(text.trim())

/** Standard addresses starting with what was typed (牡丹江路13 → 牡丹江路13号, 130号…). */
export async function suggestAddresses(text: string, limit = 8): Promise<Address[]> {
  const raw = await request<unknown>('GET', `${base}/suggest?q=${q(text)}&limit=${limit}`)
  return addressList(isObject(raw) ? raw.items : null)
}

export async function parseAddress(text: string): Promise<AddressParse> {
  return normalizeParse(await request<unknown>('GET', `${base}/parse?q=${q(text)}`))
}

/** The standard addresses nearest to `text`, best first, with the parse of `text`. */
export async function matchAddress(text: string, limit = 5): Promise<AddressMatch> {
  return normalizeMatch(await request<unknown>('GET', `${base}/match?q=${q(text)}&limit=${limit}`))
}

/** Signed-in applicants (person / enterprise) only: staff get 403. */
export async function checkPremises(address: string): Promise<PremisesCheck> {
  return normalizePremises(await request<unknown>('GET', `${base}/premises?address=${q(address)}`))
}

export async function fetchAddress(id: string): Promise<Address> {
  return normalizeAddress(await request<unknown>('GET', `${base}/${encodeURIComponent(id)}`))
}

export async function fetchParks(): Promise<Park[]> {
  return normalizeParks(await request<unknown>('GET', '/api/v1/parks'))
}

export async function fetchPark(id: string): Promise<Park> {
  return normalizePark(await request<unknown>('GET', `/api/v1/parks/${encodeURIComponent(id)}`))
}
