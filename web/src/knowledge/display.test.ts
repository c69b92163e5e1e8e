import { describe, expect, it } from 'vitest'

import {
  changedFieldsText,
  completionProblem,
  contentProblems,
  daysLeftText,
  daysLeftTone,
  effectiveText,
  emptyContent,
  formatRate,
  lastDays,
  paragraphs,
  parseTypes,
  serverFieldErrors,
  sortTasks,
  splitCodes,
  splitLines,
  toggleType,
  workflowButtons,
} from './display'

describe('days left on a maintenance task', () => {
  const open = (daysLeft: number, overdue = daysLeft < 0) => ({ daysLeft, overdue, state: 'open' as const })

  it('counts working days, says today, and overdue in red', () => {
    expect(daysLeftText(open(3))).toBe('剩 3 个工作日')
    expect(daysLeftTone(open(3))).toBe('info')
    expect(daysLeftText(open(1))).toBe('剩 1 个工作日')
    expect(daysLeftTone(open(1))).toBe('warning')
    expect(daysLeftText(open(0))).toBe('今天到期')
    expect(daysLeftText(open(-2))).toBe('超期 2 个工作日')
    expect(daysLeftTone(open(-2))).toBe('danger')
  })

  it('trusts the server’s overdue flag even at zero days left', () => {
    expect(daysLeftText(open(0, true))).toBe('超期 1 个工作日')
    expect(daysLeftTone(open(0, true))).toBe('danger')
  })

  it('closed tasks say how they ended', () => {
    expect(daysLeftText({ daysLeft: -5, overdue: false, state: 'done' })).toBe('已完成')
    expect(daysLeftText({ daysLeft: 2, overdue: false, state: 'dismissed' })).toBe('已关闭')
    expect(daysLeftTone({ daysLeft: -5, overdue: false, state: 'done' })).toBe('success')
  })

  it('sorts open tasks by due date before closed ones, latest closed first', () => {
    const t = (id: number, state: 'open' | 'done', dueOn: string, closedAt = '') => ({ id, state, dueOn, closedAt })
    const sorted = sortTasks([
      t(1, 'done', '2026-11-01', '2026-11-02T00:00:00Z'),
      t(2, 'open', '2026-12-03'),
      t(3, 'open', '2026-11-20'),
      t(4, 'done', '2026-11-05', '2026-11-06T00:00:00Z'),
    ])
    expect(sorted.map((x) => x.id)).toEqual([3, 2, 4, 1])
  })

  it('a completion needs a numeric entry id or a reason', () => {
    expect(completionProblem('', '')).toBe('请填写答复条目编号，或说明关闭原因')
    expect(completionProblem('12a', '')).toBe('条目编号应为数字')
    expect(completionProblem('10741', '')).toBeNull()
    expect(completionProblem('', '重复问题')).toBeNull()
    expect(completionProblem('', 'x'.repeat(501))).toBe('说明不能超过 500 个字')
  })
})

describe('workflow buttons', () => {
  it('follow draft → in_review → published → retired', () => {
    const labels = (s: Parameters<typeof workflowButtons>[0]) => workflowButtons(s).map((b) => b.label)
    expect(labels('draft')).toEqual(['提交审核'])
    expect(labels('in_review')).toEqual(['审核通过', '退回'])
    expect(labels('published')).toEqual(['下线'])
    expect(labels('retired')).toEqual(['恢复'])
  })

  it('only 退回 asks for a reason', () => {
    expect(workflowButtons('in_review').filter((b) => b.needsNote).map((b) => b.action)).toEqual(['reject'])
  })

  it('names changed fields in Chinese', () => {
    expect(changedFieldsText(['title', 'body', 'doc_number', 'mystery'])).toBe('标题、正文、文号、mystery')
  })
})

describe('the editor form', () => {
  it('splits variants by line and item codes by separators', () => {
    expect(splitLines(' 执照丢了咋办 \n\n执照找不到了\r\n执照丢了咋办')).toEqual(['执照丢了咋办', '执照找不到了'])
    expect(splitCodes('scjg-010, SCJG-011、 WJW-001；SCJG-010')).toEqual(['SCJG-010', 'SCJG-011', 'WJW-001'])
  })

  it('requires title and body and checks the dates', () => {
    expect(contentProblems(emptyContent())).toEqual({ title: '请填写标题', body: '请填写正文' })
    const c = { ...emptyContent(), title: '问', body: '答', effectiveFrom: '2026-12-01', effectiveTo: '2026-11-01' }
    expect(contentProblems(c)).toEqual({ effective_to: '失效日期不能早于生效日期' })
    expect(contentProblems({ ...c, effectiveFrom: '2026/12/01', effectiveTo: '' })).toEqual({ effective_from: '日期格式应为 YYYY-MM-DD' })
  })

  it('maps the server’s field errors', () => {
    const problem = { title: '知识条目内容有误', errors: [{ field: 'type', message: '未知的条目类型：x' }, { field: 'type', message: 'second' }, { bad: 1 }] }
    expect(serverFieldErrors(problem)).toEqual({ type: '未知的条目类型：x' })
    expect(serverFieldErrors(null)).toEqual({})
  })
})

describe('usage and period', () => {
  it('formats the rate without rounding up to the target', () => {
    expect(formatRate(0.8999)).toBe('89.9%')
    expect(formatRate(0.9134)).toBe('91.3%')
    expect(formatRate(1)).toBe('100%')
    expect(formatRate(0)).toBe('0%')
    expect(formatRate(11 / 19638)).toBe('<0.1%')
    expect(formatRate(0.0012)).toBe('0.1%')
    expect(formatRate(Number.NaN)).toBe('0%')
  })

  it('the last 30 days include today and cross month ends', () => {
    expect(lastDays(new Date(2026, 10, 27), 30)).toEqual({ from: '2026-10-29', to: '2026-11-27' })
    expect(lastDays(new Date(2026, 0, 5), 30)).toEqual({ from: '2025-12-07', to: '2026-01-05' })
  })
})

describe('the portal search page', () => {
  it('reads and flips the type filter in a stable order', () => {
    expect(parseTypes('guide,qa,review_point,nonsense')).toEqual(['qa', 'guide'])
    expect(parseTypes('')).toEqual([])
    expect(toggleType(['guide'], 'qa')).toEqual(['qa', 'guide'])
    expect(toggleType(['qa', 'guide'], 'qa')).toEqual(['guide'])
  })

  it('splits a body into paragraphs and words effective dates', () => {
    expect(paragraphs('第一段\n续行\n\n  \n第二段\n')).toEqual(['第一段\n续行', '第二段'])
    expect(effectiveText('2026-12-04', '')).toBe('2026-12-04 起施行')
    expect(effectiveText('2026-01-01', '2026-12-31')).toBe('2026-01-01 至 2026-12-31')
    expect(effectiveText('', '2027-01-01')).toBe('有效期至 2027-01-01')
    expect(effectiveText('', '')).toBe('')
  })
})
