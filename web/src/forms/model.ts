// Form definitions (表单) as the catalog API sends them, and the pure logic of filling one in:
// which sections and fields are visible, computed values, inline validation and mapping the
// server's field errors back onto fields. The server decides in the end (it re-validates and
// recomputes at submit); this only lets the applicant see problems while typing.

import { DateVal, Dec, test, evaluateSource, toJson, UNKNOWN, type Env, type Value } from './expr'
import { checkCreditCode, checkIdNumber, checkPhone } from './idcodes'

export type FieldType =
  | 'text'
  | 'textarea'
  | 'number'
  | 'money'
  | 'boolean'
  | 'date'
  | 'select'
  | 'multi_select'
  | 'address'
  | 'id_number'
  | 'credit_code'
  | 'phone'
  | 'file'
  | 'table'

export interface Option {
  value: string
  label: string
}

export interface Validation {
  min_length?: number
  max_length?: number
  pattern?: string
  pattern_message?: string
  min?: number
  max?: number
  min_items?: number
  max_items?: number
  rule?: string
  message?: string
}

export interface FieldDef {
  key: string
  label: string
  type: FieldType
  required: boolean
  help: string
  placeholder: string
  options: Option[]
  decimals: number
  columns: FieldDef[]
  validation: Validation
  visible_when?: string
  compute?: string
}

export interface SectionDef {
  id: string
  title: string
  visible_when?: string
  fields: FieldDef[]
  /** Bundles' merged forms: the member item the section comes from. */
  item?: { code: string; name: string }
}

export interface FormDef {
  id: string
  title: string
  description: string
  sections: SectionDef[]
}

export type FormValues = Record<string, unknown>
export type Answers = Record<string, unknown>

/** Field errors by key: `key` for a field, `key/row/column` for a cell of a table. */
export type FieldErrors = Record<string, string>

const FIELD_TYPES: readonly FieldType[] = [
  'text',
  'textarea',
  'number',
  'money',
  'boolean',
  'date',
  'select',
  'multi_select',
  'address',
  'id_number',
  'credit_code',
  'phone',
  'file',
  'table',
]

// ---- normalising what the API sends ------------------------------------------------------------

type Raw = Record<string, unknown>

export const isObject = (v: unknown): v is Raw => v !== null && typeof v === 'object' && !Array.isArray(v)
const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '')
const optionalNumber = (v: unknown): number | undefined => {
  if (typeof v === 'number' && Number.isFinite(v)) return v
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v)
  return undefined
}
/** Expressions may come as source text or as `{source: …}`. */
const expression = (v: unknown): string | undefined => {
  if (typeof v === 'string' && v.trim()) return v
  if (isObject(v) && typeof v.source === 'string' && v.source.trim()) return v.source
  return undefined
}

export function normalizeOptions(raw: unknown): Option[] {
  if (!Array.isArray(raw)) return []
  return raw.map((o) => {
    if (isObject(o)) {
      const value = text(o.value)
      return { value, label: text(o.label) || value }
    }
    return { value: text(o), label: text(o) }
  })
}

function normalizeValidation(raw: unknown): Validation {
  if (!isObject(raw)) return {}
  const v: Validation = {}
  for (const k of ['min_length', 'max_length', 'min', 'max', 'min_items', 'max_items'] as const) {
    const n = optionalNumber(raw[k])
    if (n !== undefined) v[k] = n
  }
  if (text(raw.pattern)) v.pattern = text(raw.pattern)
  if (text(raw.pattern_message)) v.pattern_message = text(raw.pattern_message)
  const rule = expression(raw.rule)
  if (rule) v.rule = rule
  if (text(raw.message)) v.message = text(raw.message)
  return v
}

export function normalizeField(raw: unknown): FieldDef {
  const r = isObject(raw) ? raw : {}
  // The server spells the boolean type "bool".
  const rawType = text(r.type) === 'bool' ? 'boolean' : text(r.type)
  const type = (FIELD_TYPES as readonly string[]).includes(rawType) ? (rawType as FieldType) : 'text'
  const key = text(r.key) || text(r.id) || text(r.name)
  return {
    key,
    label: text(r.label) || key,
    type,
    required: r.required === true,
    help: text(r.help),
    placeholder: text(r.placeholder),
    options: normalizeOptions(r.options),
    decimals: type === 'money' ? 2 : (optionalNumber(r.decimals) ?? 0),
    columns: Array.isArray(r.columns) ? r.columns.map(normalizeField) : [],
    validation: normalizeValidation(r.validation),
    visible_when: expression(r.visible_when),
    compute: expression(r.compute),
  }
}

export function normalizeForm(raw: unknown): FormDef {
  const r = isObject(raw) ? raw : {}
  let sections: SectionDef[] = []
  if (Array.isArray(r.sections)) {
    sections = r.sections.map((s, i) => {
      const sr = isObject(s) ? s : {}
      return {
        id: text(sr.id) || `s${i}`,
        title: text(sr.title),
        visible_when: expression(sr.visible_when),
        fields: Array.isArray(sr.fields) ? sr.fields.map(normalizeField) : [],
        item: isObject(sr.item) ? { code: text(sr.item.code), name: text(sr.item.name) } : undefined,
      }
    })
  } else if (Array.isArray(r.fields)) {
    sections = [{ id: 'main', title: '', fields: r.fields.map(normalizeField) }]
  }
  return { id: text(r.id), title: text(r.title), description: text(r.description), sections }
}

// ---- values --------------------------------------------------------------------------------------

/** A yes/no field whose rule demands "yes" (a declaration to agree to): shown as one checkbox. */
export function isConsent(field: FieldDef): boolean {
  return field.type === 'boolean' && field.validation.rule?.replace(/\s+/g, '') === `form.${field.key}`
}

/** Not filled in: undefined, null, blank text. An empty list counts as filled for `in` and len(). */
export function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '')
}

/** Whether a required field counts as answered. */
export function isFilled(v: unknown): boolean {
  if (isBlank(v)) return false
  if (Array.isArray(v)) return v.length > 0
  return true
}

function toExprValue(field: FieldDef, v: unknown): Value {
  if (isBlank(v)) return UNKNOWN
  switch (field.type) {
    case 'number':
    case 'money': {
      const n = optionalNumber(v)
      if (n === undefined) return UNKNOWN
      return field.type === 'money' || field.decimals > 0 ? new Dec(n) : Math.trunc(n)
    }
    case 'boolean':
      return typeof v === 'boolean' ? v : UNKNOWN
    case 'date':
      return typeof v === 'string' ? (DateVal.parse(v) ?? UNKNOWN) : UNKNOWN
    case 'multi_select':
      return Array.isArray(v) ? v.map((x) => String(x)) : UNKNOWN
    case 'table':
      if (!Array.isArray(v)) return UNKNOWN
      return v.map((row) => {
        const rec: Record<string, Value> = {}
        for (const col of field.columns) {
          rec[col.key] = toExprValue(col, isObject(row) ? row[col.key] : undefined)
        }
        return rec
      })
    default:
      return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : UNKNOWN
  }
}

/** Answers to situation questions as expression values (numbers with a fraction as decimals). */
function answersRecord(answers: Answers): Record<string, Value> {
  const rec: Record<string, Value> = {}
  for (const [k, v] of Object.entries(answers)) {
    if (isBlank(v)) continue
    if (typeof v === 'number') rec[k] = Number.isInteger(v) ? v : new Dec(v)
    else if (typeof v === 'boolean' || typeof v === 'string') rec[k] = v
    else if (Array.isArray(v)) rec[k] = v.map(String)
  }
  return rec
}

/** Every field of the form, first occurrence of each key (bundle forms repeat shared keys). */
export function allFields(form: FormDef): FieldDef[] {
  const seen = new Set<string>()
  const out: FieldDef[] = []
  for (const s of form.sections) {
    for (const f of s.fields) {
      if (seen.has(f.key)) continue
      seen.add(f.key)
      out.push(f)
    }
  }
  return out
}

/** The inputs expressions read: `form.<key>` and `answers.<id>`. */
export function buildEnv(form: FormDef, values: FormValues, answers: Answers = {}): Env {
  const rec: Record<string, Value> = {}
  for (const f of allFields(form)) {
    const v = toExprValue(f, values[f.key])
    if (v !== UNKNOWN) rec[f.key] = v
  }
  return { form: rec, answers: answersRecord(answers) }
}

/**
 * Values of computed fields, given what has been typed. Computed fields may read each other, so
 * this repeats until nothing changes (at most once per computed field).
 */
export function computeValues(form: FormDef, values: FormValues, answers: Answers = {}): FormValues {
  const computed = allFields(form).filter((f) => f.compute)
  if (computed.length === 0) return {}
  const out: FormValues = {}
  for (let pass = 0; pass < computed.length; pass++) {
    const env = buildEnv(form, { ...values, ...out }, answers)
    let changed = false
    for (const f of computed) {
      const v = toJson(evaluateSource(f.compute!, env))
      if (!(f.key in out) || JSON.stringify(v) !== JSON.stringify(out[f.key])) changed = true
      out[f.key] = v
    }
    if (!changed) break
  }
  return out
}

export interface LaidOutSection {
  section: SectionDef
  fields: FieldDef[]
}

/**
 * What to show: visible sections with their visible fields. A visibility condition that cannot be
 * decided yet (it reads something not filled in) hides, as the server does not require such a
 * field either. A key shared by several sections (a bundle's merged form) shows once, where it is
 * first visible.
 */
export function layout(form: FormDef, values: FormValues, answers: Answers = {}): LaidOutSection[] {
  const env = buildEnv(form, { ...values, ...computeValues(form, values, answers) }, answers)
  const shown = new Set<string>()
  const out: LaidOutSection[] = []
  for (const section of form.sections) {
    if (section.visible_when && test(section.visible_when, env) !== true) continue
    const fields = section.fields.filter((f) => {
      if (shown.has(f.key)) return false
      if (f.visible_when && test(f.visible_when, env) !== true) return false
      shown.add(f.key)
      return true
    })
    if (fields.length) out.push({ section, fields })
  }
  return out
}

// ---- validation --------------------------------------------------------------------------------

function requiredMessage(field: FieldDef): string {
  switch (field.type) {
    case 'select':
    case 'multi_select':
    case 'date':
    case 'boolean':
      return `请选择${field.label}`
    case 'file':
      return `请上传${field.label}`
    case 'table':
      return `请至少填写一行${field.label}`
    default:
      return `请填写${field.label}`
  }
}

function decimalsOf(n: number): number {
  const s = String(n)
  const dot = s.indexOf('.')
  return dot < 0 ? 0 : s.length - dot - 1
}

const TEXT_LIKE: readonly FieldType[] = ['text', 'textarea', 'address', 'id_number', 'credit_code', 'phone']

/**
 * The problem with one value (not the table's rows: see validateForm), or null. `env` enables the
 * field's `rule`; without it rules are left to the server.
 */
export function validateValue(field: FieldDef, value: unknown, env?: Env): string | null {
  if (field.compute) return null
  if (isConsent(field) && value !== true) return field.validation.message || `请勾选${field.label}`
  if (!isFilled(value)) return field.required ? requiredMessage(field) : null
  const v = field.validation
  const label = field.label
  if (TEXT_LIKE.includes(field.type) || field.type === 'select') {
    const s = String(value).trim()
    const len = Array.from(s).length
    // Without a max_length the server allows 200 characters (5000 in a textarea).
    const max = v.max_length ?? (field.type === 'textarea' ? 5000 : 200)
    if (v.min_length !== undefined && len < v.min_length) return `${label}至少${v.min_length}个字`
    if (len > max) return `${label}不能超过${max}个字`
    if (v.pattern) {
      let re: RegExp | null = null
      try {
        re = new RegExp(`^(?:${v.pattern})$`, 'u')
      } catch {
        re = null
      }
      if (re && !re.test(s)) return v.pattern_message || `${label}格式不正确`
    }
    // The same wording as the server's check (catalog/forms.cpp).
    if (field.type === 'id_number') {
      const problem = checkIdNumber(s)
      if (problem) return `身份证号码有误：${problem}`
    }
    if (field.type === 'credit_code') {
      const problem = checkCreditCode(s)
      if (problem) return `统一社会信用代码有误：${problem}`
    }
    if (field.type === 'phone') {
      const problem = checkPhone(s)
      if (problem) return problem
    }
    if (field.type === 'select' && field.options.length && !field.options.some((o) => o.value === s)) {
      return `请从列表中选择${label}`
    }
  }
  if (field.type === 'number' || field.type === 'money') {
    const n = optionalNumber(value)
    if (n === undefined) return `${label}应为数字`
    if (decimalsOf(n) > field.decimals) {
      return field.decimals === 0 ? `${label}应为整数` : `${label}最多保留${field.decimals}位小数`
    }
    if (v.min !== undefined && n < v.min) return `${label}不能小于${v.min}`
    if (v.max !== undefined && n > v.max) return `${label}不能大于${v.max}`
  }
  if (field.type === 'date' && (typeof value !== 'string' || !DateVal.parse(value))) {
    return `${label}应为有效日期`
  }
  if (field.type === 'multi_select' || field.type === 'table') {
    const n = Array.isArray(value) ? value.length : 0
    const unit = field.type === 'table' ? '行' : '项'
    const verb = field.type === 'table' ? '填写' : '选择'
    if (v.min_items !== undefined && n < v.min_items) return `${label}至少${verb}${v.min_items}${unit}`
    if (v.max_items !== undefined && n > v.max_items) return `${label}最多${verb}${v.max_items}${unit}`
  }
  if (v.rule && env && test(v.rule, env) === false) return v.message || `${label}不符合要求`
  return null
}

/** Problems of the visible fields (and of each table cell), keyed as FieldErrors. */
export function validateForm(form: FormDef, values: FormValues, answers: Answers = {}): FieldErrors {
  const errors: FieldErrors = {}
  const merged = { ...values, ...computeValues(form, values, answers) }
  const env = buildEnv(form, merged, answers)
  for (const { fields } of layout(form, values, answers)) {
    for (const f of fields) {
      const problem = validateValue(f, merged[f.key], env)
      if (problem) errors[f.key] = problem
      if (f.type === 'table' && Array.isArray(merged[f.key])) {
        ;(merged[f.key] as unknown[]).forEach((row, i) => {
          for (const col of f.columns) {
            const cell = validateValue(col, isObject(row) ? row[col.key] : undefined)
            if (cell) errors[`${f.key}/${i}/${col.key}`] = cell
          }
        })
      }
    }
  }
  return errors
}

/** The first problem of a table's cells, phrased for the whole table: 第2行 姓名：请填写姓名. */
export function tableSummary(field: FieldDef, errors: FieldErrors): string | null {
  const prefix = `${field.key}/`
  for (const [k, message] of Object.entries(errors)) {
    if (!k.startsWith(prefix)) continue
    const [row, col] = k.slice(prefix.length).split('/')
    const column = field.columns.find((c) => c.key === col)
    return `第${Number(row) + 1}行${column ? ` ${column.label}` : ''}：${message}`
  }
  return null
}

export interface ServerFieldError {
  field: string
  message: string
}

/**
 * Maps a 422 problem's `errors` onto the form: `company_name`, `fields/company_name`,
 * `form.company_name`, `shareholders/0/name`, `shareholders[0].name` all find their field.
 * Errors naming nothing on the form come back in `other` to be shown above it.
 */
export function mapServerErrors(
  form: FormDef,
  errors: readonly ServerFieldError[],
): { fields: FieldErrors; other: string[] } {
  const keys = new Map(allFields(form).map((f) => [f.key, f]))
  const out: FieldErrors = {}
  const other: string[] = []
  for (const e of errors) {
    const parts = String(e.field ?? '')
      .replace(/\[(\d+)\]/g, '/$1')
      .split(/[/.]/)
      .filter(Boolean)
    while (parts.length && (parts[0] === 'fields' || parts[0] === 'form') && !keys.has(parts[0]!)) parts.shift()
    const field = parts[0] ? keys.get(parts[0]) : undefined
    if (!field) {
      other.push(e.field ? `${e.field}：${e.message}` : e.message)
      continue
    }
    if (field.type === 'table' && parts.length >= 3) out[`${field.key}/${parts[1]}/${parts[2]}`] = e.message
    else if (!out[field.key]) out[field.key] = e.message
  }
  return { fields: out, other }
}

/** The editable values to save: computed fields are the server's, never sent. */
export function editableValues(form: FormDef, values: FormValues): FormValues {
  const computed = new Set(allFields(form).filter((f) => f.compute).map((f) => f.key))
  return Object.fromEntries(Object.entries(values).filter(([k]) => !computed.has(k)))
}

/** A value for display (read-only views): option labels, 是/否, dates, money with 2 decimals. */
export function displayValue(field: FieldDef, value: unknown): string {
  if (isBlank(value) || (Array.isArray(value) && value.length === 0)) return '—'
  switch (field.type) {
    case 'boolean':
      return value === true ? '是' : value === false ? '否' : String(value)
    case 'select':
      return field.options.find((o) => o.value === value)?.label ?? String(value)
    case 'multi_select':
      return Array.isArray(value)
        ? value.map((v) => field.options.find((o) => o.value === v)?.label ?? String(v)).join('、')
        : String(value)
    case 'money': {
      const n = optionalNumber(value)
      return n === undefined ? String(value) : `${n.toFixed(2)} 元`
    }
    case 'table':
      return Array.isArray(value) ? `${value.length} 行` : '—'
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value)
  }
}
