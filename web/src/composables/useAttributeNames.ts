import { shallowRef } from 'vue'

import { fetchEntityModel, type CriterionResult, type Decision } from '@/api/policies'
import {
  attributeLabel,
  attributeNames,
  attributeSource,
  correctableAttributes,
  seenValues,
  sourceLabel,
  type AttributeNames,
} from '@/policies/display'

const names = shallowRef<AttributeNames | null>(null)
let pending: Promise<void> | null = null

/**
 * Loads the entity model once per tab; resolves when it is there or has failed (the labels then
 * fall back to the criterion's reason or the path). A failure is retried on the next call.
 */
export function loadAttributeNames(): Promise<void> {
  if (names.value) return Promise.resolve()
  pending ??= fetchEntityModel()
    .then((model) => void (names.value = attributeNames(model)))
    .catch(() => void (pending = null))
  return pending
}

/**
 * The attribute and source names of the entity model, bound to it: they read the shared model
 * reactively, so labels rendered before it arrives re-render with it. Starts the load.
 */
export function useAttributeNames() {
  void loadAttributeNames()
  return {
    attributeLabel: (path: string, decision?: Pick<Decision, 'criteria' | 'risks'>) => attributeLabel(path, decision, names.value),
    attributeSource: (path: string) => attributeSource(path, names.value),
    sourceLabel: (id: string) => sourceLabel(id, names.value),
    seenValues: (c: Pick<CriterionResult, 'explanation'>, decision?: Pick<Decision, 'criteria' | 'risks' | 'inputs'>) =>
      seenValues(c, decision, names.value),
    correctableAttributes: (d: Decision) => correctableAttributes(d, names.value),
  }
}
