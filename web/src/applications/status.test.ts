import { describe, expect, it } from 'vitest'

import type { ApplicationSummary } from '@/api/applications'

import { compareQueue, deadlineText, formatTime, labelTag, lastReason, matchesFilter, queueCounts, sortQueue, upsert } from './status'

function app(id: number, over: Partial<ApplicationSummary> = {}): ApplicationSummary {
  return {
    id,
    is_bundle: false,
    code: 'SCJG-001',
    name: '食品经营许可',
    status: 'accepted',
    status_label: '已受理',
    department_id: 'scjg',
    applicant_name: '上海宝晟智能科技有限公司',
    channel: 'online',
    created_at: '2026-03-01T01:00:00Z',
    submitted_at: '2026-03-01T02:00:00Z',
    due_on: null,
    urgency: 'none',
    parent_id: null,
    ...over,
  }
}

describe('queue order', () => {
  it('puts the earliest due first, then unaccepted by submission, then finished ones', () => {
    const items = [
      app(1, { status: 'completed', due_on: '2026-01-01' }),
      app(2, { status: 'submitted', submitted_at: '2026-03-02T08:00:00Z' }),
      app(3, { due_on: '2026-03-10' }),
      app(4, { due_on: '2026-03-01', urgency: 'overdue' }),
      app(5, { status: 'submitted', submitted_at: '2026-03-01T08:00:00Z' }),
      app(6, { due_on: '2026-03-04', urgency: 'due_soon' }),
      app(7, { status: 'withdrawn' }),
    ]
    expect(sortQueue(items).map((a) => a.id)).toEqual([4, 6, 3, 5, 2, 1, 7])
    expect(compareQueue(app(8), app(9))).toBeLessThan(0)
  })

  it('counts and filters by status and urgency', () => {
    const items = [
      app(1, { status: 'submitted' }),
      app(2, { due_on: '2026-03-01', urgency: 'overdue' }),
      app(3, { status: 'returned' }),
      app(4, { status: 'approved' }),
      app(5, { status: 'completed' }),
    ]
    expect(queueCounts(items)).toEqual({
      open: 4,
      submitted: 1,
      accepted: 1,
      returned: 1,
      decided: 1,
      overdue: 1,
      due_soon: 0,
      closed: 1,
    })
    expect(items.filter((a) => matchesFilter(a, 'overdue')).map((a) => a.id)).toEqual([2])
  })

  it('replaces updated items in place', () => {
    const items = [app(1), app(2)]
    expect(upsert(items, app(2, { status: 'approved' })).map((a) => a.status)).toEqual(['accepted', 'approved'])
    expect(upsert(items, app(3)).map((a) => a.id)).toEqual([1, 2, 3])
  })
})

describe('wording', () => {
  it('describes the time left only while the clock runs', () => {
    expect(deadlineText({ status: 'accepted', due_on: '2026-03-10', days_left: 3 })).toBe('剩 3 个工作日')
    expect(deadlineText({ status: 'accepted', due_on: '2026-03-10', days_left: 0 })).toBe('今天到期')
    expect(deadlineText({ status: 'accepted', due_on: '2026-03-10', days_left: -2 })).toBe('超期 2 个工作日')
    expect(deadlineText({ status: 'returned', due_on: '2026-03-10', days_left: 3 })).toBe('补正中，暂停计时')
    expect(deadlineText({ status: 'returned', due_on: null })).toBe('')
    expect(deadlineText({ status: 'approved', due_on: '2026-03-10', days_left: 3 })).toBe('')
  })

  it('finds the reason of the latest return', () => {
    const h = (action: string, reason = '') => ({ at: '', actor: 'clerk.scjg', action, from: '', to: '', to_label: '', reason })
    expect(lastReason([h('submit'), h('return', '缺少平面图'), h('resubmit'), h('return', '平面图不清晰')], 'return')).toBe('平面图不清晰')
    expect(lastReason([h('submit')], 'return')).toBe('')
  })

  it('colours bundle labels and shows times in China time', () => {
    expect(labelTag('办理中', 'submitted')).toBe('primary')
    expect(labelTag('待补正', 'submitted')).toBe('warning')
    expect(labelTag('已提交', 'submitted')).toBe('primary')
    expect(formatTime('2026-03-02T06:05:00Z')).toBe('2026-03-02 14:05')
    expect(formatTime('')).toBe('')
  })
})
