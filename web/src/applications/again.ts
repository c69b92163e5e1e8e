// 再来一单: how the changes between an old application and its fresh copy read.

import type { AgainChange } from '@/api/applications'
import { allFields, displayValue, isBlank, isObject, type FieldDef, type FormDef } from '@/forms/model'

/** A value without its field's definition: 是/否, lists joined with 、, rows counted. */
export function looseValue(v: unknown): string {
  if (isBlank(v)) return '（空）'
  if (typeof v === 'boolean') return v ? '是' : '否'
  if (Array.isArray(v)) {
    if (v.length === 0) return '（空）'
    if (v.every((x) => !isObject(x) && !Array.isArray(x))) return v.map(String).join('、')
    return `${v.length} 条记录`
  }
  if (isObject(v)) return JSON.stringify(v)
  return String(v)
}

/** A change's value as the form shows it (option labels, money), or loosely without a form. */
export function changeValueText(v: unknown, field?: FieldDef): string {
  if (isBlank(v) || (Array.isArray(v) && v.length === 0)) return '（空）'
  if (!field) return looseValue(v)
  if (field.type === 'table') return Array.isArray(v) ? `${v.length} 条记录` : looseValue(v)
  return displayValue(field, v)
}

export interface ChangeRow {
  key: string
  label: string
  before: string
  after: string
  source: string
}

/** The rows of the 「以下信息已更新」 dialog, labels from the form when it is known. */
export function changeRows(changes: readonly AgainChange[], form?: FormDef | null): ChangeRow[] {
  const fields = new Map((form ? allFields(form) : []).map((f) => [f.key, f]))
  return changes.map((c) => {
    const f = fields.get(c.key)
    return {
      key: c.key,
      label: c.label || f?.label || c.key,
      before: changeValueText(c.before, f),
      after: changeValueText(c.after, f),
      source: c.source || '权威数源',
    }
  })
}
