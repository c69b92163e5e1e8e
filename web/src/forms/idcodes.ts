// Format checks of the identifiers forms ask for, mirroring the server's core/id_codes.cpp so that
// the applicant sees the same message while typing as the server would send at submit:
// 居民身份证号码 (GB 11643-1999), 统一社会信用代码 (GB 32100-2015) and phone numbers.
// Each returns null when the value is fine, otherwise one sentence saying what is wrong.

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const ID_CHECK = '10X98765432'
const CREDIT_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]
const AUTHORITIES: Record<string, { name: string; types: string }> = {
  '1': { name: '机构编制', types: '1239' },
  '2': { name: '外交', types: '19' },
  '3': { name: '司法行政', types: '123459' },
  '4': { name: '文化', types: '19' },
  '5': { name: '民政', types: '1239' },
  '6': { name: '旅游', types: '129' },
  '7': { name: '宗教', types: '129' },
  '8': { name: '工会', types: '19' },
  '9': { name: '市场监管', types: '123' },
  A: { name: '中央军委改革和编制办公室', types: '19' },
  N: { name: '农业', types: '1239' },
  Y: { name: '其他', types: '1' },
}

function isProvince(two: string): boolean {
  const c = Number(two)
  return (
    (c >= 11 && c <= 15) ||
    (c >= 21 && c <= 23) ||
    (c >= 31 && c <= 37) ||
    (c >= 41 && c <= 46) ||
    (c >= 50 && c <= 54) ||
    (c >= 61 && c <= 65) ||
    c === 71 ||
    c === 81 ||
    c === 82
  )
}

function joinChoices(options: string): string {
  const chars = Array.from(options)
  return chars.map((c, i) => (i === 0 ? c : (i === chars.length - 1 ? '或' : '、') + c)).join('')
}

/** `today` as YYYYMMDD; defaults to the local date. */
export function checkIdNumber(value: string, today?: string): string | null {
  const chars = Array.from(value)
  if (chars.length !== 18) return `长度应为18位，实际为${chars.length}位`
  for (let i = 0; i < 17; i++) {
    if (!/^[0-9]$/.test(chars[i]!)) return `第${i + 1}位应为数字，实际为“${chars[i]}”`
  }
  const last = chars[17]!
  if (!/^[0-9Xx]$/.test(last)) return `第18位应为数字或X，实际为“${last}”`
  if (!isProvince(value.slice(0, 2))) return `前2位“${value.slice(0, 2)}”不是有效的省级行政区划代码`

  const birth = value.slice(6, 14)
  const y = Number(birth.slice(0, 4))
  const m = Number(birth.slice(4, 6))
  const d = Number(birth.slice(6, 8))
  const dt = new Date(Date.UTC(y, m - 1, d))
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return `出生日期${birth}无效`
  if (birth < '19000101') return `出生日期${birth}早于1900年1月1日`
  const now = new Date()
  const todayText =
    today ?? `${now.getFullYear()}${String(now.getMonth() + 1).padStart(2, '0')}${String(now.getDate()).padStart(2, '0')}`
  if (birth > todayText) return `出生日期${birth}晚于今天（${todayText}）`

  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(value[i]) * ID_WEIGHTS[i]!
  const expected = ID_CHECK[sum % 11]!
  if (last.toUpperCase() !== expected) return `第18位校验码应为${expected}，实际为${last}`
  return null
}

function orgValue(c: string): number {
  return /[0-9]/.test(c) ? Number(c) : c.charCodeAt(0) - 'A'.charCodeAt(0) + 10
}

export function checkCreditCode(value: string): string | null {
  const chars = Array.from(value)
  if (chars.length !== 18) return `长度应为18位，实际为${chars.length}位`
  for (let i = 0; i < 18; i++) {
    const c = chars[i]!
    if (/^[a-z]$/.test(c)) return `第${i + 1}位“${c}”应为大写字母`
    if ('IOZSV'.includes(c)) return `第${i + 1}位不能使用字母${c}（统一社会信用代码不使用I、O、Z、S、V）`
    if (!CREDIT_CHARSET.includes(c)) {
      return `第${i + 1}位“${c}”不是统一社会信用代码允许的字符（数字或除I、O、Z、S、V外的大写字母）`
    }
  }
  const authority = AUTHORITIES[value[0]!]
  if (!authority) {
    return `第1位登记管理部门代码“${value[0]}”无效，应为${joinChoices(Object.keys(AUTHORITIES).join(''))}`
  }
  if (!authority.types.includes(value[1]!)) {
    return `第2位机构类别代码“${value[1]}”与登记管理部门代码“${value[0]}”（${authority.name}）不符，应为${joinChoices(authority.types)}`
  }
  const region = value.slice(2, 8)
  if (!/^[0-9]{6}$/.test(region)) return `第3-8位登记管理机关行政区划码应为6位数字，实际为“${region}”`
  if (region !== '100000' && !isProvince(region.slice(0, 2))) {
    return `第3-8位登记管理机关行政区划码“${region}”的前2位“${region.slice(0, 2)}”不是有效的省级行政区划代码`
  }
  let orgSum = 0
  for (let i = 0; i < 8; i++) orgSum += orgValue(value[8 + i]!) * ORG_WEIGHTS[i]!
  const c9 = 11 - (orgSum % 11)
  const orgExpected = c9 === 10 ? 'X' : c9 === 11 ? '0' : String(c9)
  if (value[16] !== orgExpected) return `第17位组织机构代码校验码应为${orgExpected}，实际为${value[16]}`
  let sum = 0
  for (let i = 0; i < 17; i++) sum += CREDIT_CHARSET.indexOf(value[i]!) * CREDIT_WEIGHTS[i]!
  const expected = CREDIT_CHARSET[(31 - (sum % 31)) % 31]!
  if (value[17] !== expected) return `第18位校验码应为${expected}，实际为${value[17]}`
  return null
}

/**
 * Mainland mobile numbers (11 digits from 1[3-9]), landlines with an area code (021-12345678,
 * extension allowed) and service hotlines (95xxx, 96xxx, 400/800), as the server accepts them.
 */
export function checkPhone(value: string): string | null {
  if (/^1[3-9][0-9]{9}$/.test(value)) return null
  if (/^0[0-9]{2,3}-?[0-9]{7,8}(-[0-9]{1,6})?$/.test(value)) return null
  if (/^(95|96|400|800)[0-9]{3,8}$/.test(value)) return null
  return '请填写11位手机号码或带区号的固定电话'
}
