import { describe, expect, it } from 'vitest'

import type { FeedbackTask, Rating } from '@/api/feedback'

import {
  absoluteUrl,
  departmentActions,
  dueText,
  isBadLevel,
  isRateable,
  keepRating,
  keepTagsFor,
  keptRating,
  keptRatingKey,
  levelDistribution,
  formatShare,
  LEVEL_OPTIONS,
  levelLabel,
  phoneProblem,
  raterLabel,
  raterStateText,
  sortTasksByUrgency,
  STEP_LABELS,
  stepLabel,
  suggestedTags,
  taskCounts,
  taskUrgency,
} from './display'

function task(overrides: Partial<FeedbackTask>): FeedbackTask {
  return {
    id: 1, rating: 1, department: 'scjg', item: 'SCJG-004', state: 'callback', dueOn: '2026-11-30', overdue: false,
    callbackResult: '', finding: '', appealReason: '', appealDecision: '', measures: '', review: '', reopened: 0,
    createdAt: '', closedAt: '', steps: [], ...overrides,
  }
}

const TODAY = '2026-11-27'

describe('levels and tags', () => {
  it('offers the five levels best first, 5…1', () => {
    expect(LEVEL_OPTIONS.map((o) => `${o.level}${o.label}`)).toEqual(['5非常满意', '4满意', '3基本满意', '2不满意', '1非常不满意'])
    expect(levelLabel(2)).toBe('不满意')
    expect(levelLabel(0)).toBe('')
    expect([1, 2, 3].map(isBadLevel)).toEqual([true, true, false])
  })

  it('suggests tags by level and drops picked ones that no longer fit', () => {
    expect(suggestedTags(5)).toEqual(expect.arrayContaining(['办事快', '态度好', '一次办成']))
    expect(suggestedTags(1)).toEqual(expect.arrayContaining(['材料反复补正', '等待太久', '态度差', '指引不清']))
    expect(suggestedTags(0)).toEqual([])
    expect(keepTagsFor(5, ['办事快', '态度差'])).toEqual(['办事快'])
    expect(keepTagsFor(2, ['等待太久', '态度差'])).toEqual(['等待太久', '态度差'])
    for (const o of LEVEL_OPTIONS) for (const t of suggestedTags(o.level)) expect(t.length).toBeLessThanOrEqual(20)
  })

  it('checks a phone as the server does', () => {
    expect(phoneProblem('')).toBeNull()
    expect(phoneProblem(' 139 1234 5678 ')).toBeNull()
    expect(phoneProblem('021-66781234')).toBeNull()
    expect(phoneProblem('x')).toBe('请填写正确的联系电话')
    expect(phoneProblem('12345')).toBe('请填写正确的联系电话')
  })
})

describe('task wording', () => {
  it('names every step action in Chinese', () => {
    expect(STEP_LABELS).toMatchObject({
      opened: '收到差评', callback_reached: '已回访', callback_unreachable: '回访未接通', verified_upheld: '核实属实',
      verified_disputed: '核实不属实', appealed: '部门申诉', appeal_granted: '申诉成立', appeal_rejected: '申诉驳回',
      rectified: '已整改', review_satisfied: '评价人满意', review_unsatisfied: '评价人不满意',
      review_no_reply: '评价人逾期未回复', overdue: '已超期',
    })
    expect(stepLabel('something_new')).toBe('something_new')
  })

  it('offers the department the actions of the state', () => {
    expect(departmentActions('callback')).toEqual(['callback'])
    expect(departmentActions('verifying')).toEqual(['verify', 'appeal'])
    expect(departmentActions('rectifying')).toEqual(['rectify', 'appeal'])
    expect(departmentActions('appealed')).toEqual([])
    expect(departmentActions('reviewing')).toEqual([])
    expect(departmentActions('closed')).toEqual([])
  })

  it('tells the rater where their task is', () => {
    expect(raterStateText({ state: 'reviewing', review: '', appealDecision: '' })).toMatch(/请您确认/)
    expect(raterStateText({ state: 'closed', review: 'satisfied', appealDecision: '' })).toMatch(/已办结/)
  })

  it('puts deadlines in words', () => {
    expect(dueText(task({ dueOn: '2026-11-25', overdue: true }), TODAY)).toBe('已超期 2 天')
    expect(dueText(task({ dueOn: '2026-11-27' }), TODAY)).toBe('今天到期')
    expect(dueText(task({ dueOn: '2026-11-28' }), TODAY)).toBe('明天到期')
    expect(dueText(task({ dueOn: '2026-12-02' }), TODAY)).toBe('5 天后到期')
    expect(dueText(task({ state: 'closed', dueOn: '2026-11-01' }), TODAY)).toBe('')
    expect(taskUrgency(task({ dueOn: '2026-11-28' }), TODAY)).toBe('due_soon')
  })
})

describe('sortTasksByUrgency', () => {
  it('puts overdue first, then due soon, the department’s own work before waiting, closed last', () => {
    const tasks = [
      task({ id: 1, state: 'closed', dueOn: '2026-11-01', closedAt: '2026-11-20T00:00:00Z' }),
      task({ id: 2, state: 'rectifying', dueOn: '2026-12-04' }),
      task({ id: 3, state: 'callback', dueOn: '2026-11-26', overdue: true }),
      task({ id: 4, state: 'reviewing', dueOn: '2026-11-27' }),
      task({ id: 5, state: 'verifying', dueOn: '2026-11-28' }),
      task({ id: 6, state: 'closed', dueOn: '2026-11-01', closedAt: '2026-11-25T00:00:00Z' }),
      task({ id: 7, state: 'verifying', dueOn: '2026-11-20', overdue: true }),
    ]
    expect(sortTasksByUrgency(tasks, TODAY).map((t) => t.id)).toEqual([7, 3, 5, 4, 2, 6, 1])
    expect(taskCounts(tasks, TODAY)).toEqual({ open: 5, overdue: 2 })
  })
})

describe('ratings', () => {
  const r = (level: number, excluded = false) => ({ level, excluded }) as Pick<Rating, 'level' | 'excluded'>

  it('counts levels, leaving excluded ones out of the figures', () => {
    const d = levelDistribution([r(5), r(5), r(4), r(1), r(2, true), r(0)])
    expect(d.total).toBe(4)
    expect(d.excluded).toBe(1)
    expect(d.bad).toBe(1)
    expect(d.satisfaction).toBe(0.75)
    expect(d.levels.map((l) => l.count)).toEqual([2, 1, 0, 0, 1])
    expect(d.levels[0]!.share).toBe(0.5)
    expect(levelDistribution([]).satisfaction).toBeNull()
    expect(formatShare(0.75)).toBe('75.0%')
    expect(formatShare(1)).toBe('100%')
    expect(formatShare(null)).toBe('—')
  })

  it('names the rater or says anonymous', () => {
    expect(raterLabel({ realName: false, raterName: '' })).toBe('匿名')
    expect(raterLabel({ realName: true, raterName: '李**' })).toBe('李**')
  })

  it('rates only decided single applications', () => {
    expect(isRateable({ is_bundle: false, status: 'approved' })).toBe(true)
    expect(isRateable({ is_bundle: false, status: 'denied' })).toBe(true)
    expect(isRateable({ is_bundle: false, status: 'completed' })).toBe(true)
    expect(isRateable({ is_bundle: false, status: 'accepted' })).toBe(false)
    expect(isRateable({ is_bundle: true, status: 'completed' })).toBe(false)
  })

  it('keeps one’s rating per account and application on the device', () => {
    const data = new Map<string, string>()
    const store = { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) }
    const rating = { id: 7, level: 1, levelLabel: '非常不满意', tags: ['等待太久'], text: '慢', createdAt: 'x', task: 3 } as Rating
    keepRating(store, 11, 42, rating)
    expect(keptRating(store, 11, 42)).toEqual({ id: 7, level: 1, levelLabel: '非常不满意', tags: ['等待太久'], text: '慢', createdAt: 'x', task: 3 })
    expect(keptRating(store, 12, 42)).toBeNull()
    data.set(keptRatingKey(11, 43), '{broken')
    expect(keptRating(store, 11, 43)).toBeNull()
    expect(keptRating(undefined, 11, 42)).toBeNull()
  })

  it('makes the pad link absolute', () => {
    expect(absoluteUrl('/rate/5?token=abc', 'http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080/rate/5?token=abc')
  })
})
