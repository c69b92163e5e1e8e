// How a workflow (办不成事 reports, rectification tasks) presents its steps on a timeline.

export type StepTone = 'primary' | 'success' | 'warning' | 'danger' | 'info'

export interface StepVocabulary {
  /** What a step's action is called. */
  label: (action: string) => string
  tone: (action: string) => StepTone
  /** Said when there are no steps yet. */
  empty: string
  /** data-testid prefix: `${testid}-steps` on the list, `${testid}-step` on each step. */
  testid: string
}
