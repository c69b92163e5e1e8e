// What an application is filled in and reviewed against: its form and the materials that apply to
// its answers. A single item's come from the item's guide; a bundle's (merged form, personalised
// materials) from its situation result for the saved answers.

import type { ApplicationDetail } from '@/api/applications'
import {
  fetchForm,
  fetchItem,
  formOfItem,
  postItemSituations,
  postSituations,
  type ItemDetail,
  type PlannedItem,
  type PlannedMaterial,
} from '@/api/catalog'
import { buildEnv, type Answers, type FormDef } from '@/forms/model'
import { test } from '@/forms/expr'

export interface ContextMaterial {
  id: string
  name: string
  type: string
  count: number
  note: string
  /** Why it is needed (conditional materials); '' for materials every application needs. */
  reason: string
  /** The condition could not be decided from the answers: "视情形提交". */
  conditional: boolean
}

export interface ApplicationContext {
  form: FormDef | null
  materials: ContextMaterial[]
  /** Bundles: the member items that apply, with reasons. */
  items: PlannedItem[]
  item: ItemDetail | null
}

/** Materials of an item that apply to `answers` (conditions the client cannot decide are kept). */
export function applicableMaterials(item: ItemDetail, answers: Answers): ContextMaterial[] {
  const env = buildEnv({ id: '', title: '', description: '', sections: [] }, {}, answers)
  const out: ContextMaterial[] = []
  for (const m of item.materials) {
    const applies = m.when ? test(m.when, env) : true
    if (applies === false) continue
    out.push({
      id: m.id,
      name: m.name,
      type: m.type,
      count: m.count,
      note: m.note,
      reason: m.when ? m.reason : '',
      conditional: applies === null,
    })
  }
  return out
}

export async function loadContext(app: Pick<ApplicationDetail, 'is_bundle' | 'code' | 'answers'>): Promise<ApplicationContext> {
  if (app.is_bundle) {
    const r = await postSituations(app.code, app.answers ?? {})
    if (!r.done) return { form: null, materials: [], items: [], item: null }
    const form = r.form ?? (r.formId ? await fetchForm(r.formId) : null)
    return { form, items: r.items, item: null, materials: r.materials.map(fromPlan) }
  }
  const item = await fetchItem(app.code)
  const form = item.form || item.formId ? await formOfItem(item) : null
  // The server decides which materials the answers call for; if it cannot (answers incomplete),
  // decide here what can be decided.
  // A bundle's part carries the bundle's answers: only the item's own questions go to the item.
  const own = Object.fromEntries(
    Object.entries(app.answers ?? {}).filter(([k]) => item.questions.some((q) => q.id === k)),
  )
  const r = await postItemSituations(item.code, own).catch(() => null)
  const materials = r?.done ? r.materials.map(fromPlan) : applicableMaterials(item, app.answers ?? {})
  return { form, item, items: [], materials }
}

function fromPlan(m: PlannedMaterial): ContextMaterial {
  return {
    id: m.id,
    name: m.name,
    type: m.type,
    count: m.count,
    note: m.note,
    reason: m.always ? '' : m.reason,
    conditional: false,
  }
}
