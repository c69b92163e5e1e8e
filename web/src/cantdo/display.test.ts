import { describe, expect, it } from 'vitest'

import { normalizeReport, type CantDoReport } from '@/api/cantDo'

import {
  canHandleFor,
  chinaDate,
  daysBetween,
  deskActions,
  departmentActions,
  dueText,
  isDesk,
  nextStepText,
  planTitle,
  queueCounts,
  reportUrgency,
  reporterActorLabel,
  resolveGroups,
  sortByUrgency,
  STATUS_LABELS,
  stepLabel,
  stepNote,
} from './display'

const TODAY = '2026-11-27'
const report = (over: Partial<CantDoReport>): CantDoReport => ({ ...normalizeReport({ id: 1, status: 'received' }), ...over })

describe('labels', () => {
  it('names every step in Chinese', () => {
    expect(
      ['received', 'assigned', 'handled', 'replied', 'verified', 'reopened', 'planned', 'filed', 'escalated', 'escalated_admin'].map(stepLabel),
    ).toEqual(['已受理', '已交办', '已办理', '已答复', '已确认解决', '仍未解决·退回部门', '纳入整改方案', '已办结归档', '超期提醒', '超期上报'])
    expect(stepLabel('mystery')).toBe('mystery')
    expect(STATUS_LABELS.replied).toBe('已答复')
  })

  it('says what happens next to the reporter', () => {
    expect(nextStepText({ status: 'received', dueOn: '2026-11-30' })).toMatch(/受理专窗.*2026-11-30 前/)
    expect(nextStepText({ status: 'replied', dueOn: '2026-12-02' })).toMatch(/是否已解决.*2026-12-02 前未确认的视为已解决/)
    expect(nextStepText({ status: 'filed', dueOn: '' })).toMatch(/已办结/)
  })

  it('puts names in the desk’s notes', () => {
    const cat = (c: string) => ({ system: '系统问题' })[c] ?? ''
    const dept = (d: string) => ({ scjg: '区市场监管局' })[d] ?? ''
    expect(stepNote('分类：system；交办：scjg；请核查上传功能', cat, dept)).toBe('分类：系统问题；交办：区市场监管局；请核查上传功能')
    expect(stepNote('分类：odd；交办：xyz', cat, dept)).toBe('分类：odd；交办：xyz')
    expect(stepNote('网上反映', cat, dept)).toBe('网上反映')
  })

  it('names the actor as the reporter reads it', () => {
    expect(reporterActorLabel({ actor: 'system', action: 'verified' }, 'me')).toBe('系统')
    expect(reporterActorLabel({ actor: 'me', action: 'received' }, 'me')).toBe('我')
    expect(reporterActorLabel({ actor: 'analyst.demo', action: 'assigned' }, 'me')).toBe('区数据局')
    expect(reporterActorLabel({ actor: 'approver.scjg', action: 'replied' }, 'me')).toBe('责任部门')
  })
})

describe('dates and urgency', () => {
  it('counts days and knows China’s date', () => {
    expect(daysBetween('2026-11-27', '2026-12-02')).toBe(5)
    expect(daysBetween('2026-11-27', '2026-11-25')).toBe(-2)
    expect(daysBetween('x', '2026-11-25')).toBeNaN()
    // 2026-11-27 18:00 UTC is already the 28th in Shanghai.
    expect(chinaDate(new Date('2026-11-27T18:00:00Z'))).toBe('2026-11-28')
  })

  it('ranks escalation over lateness over today’s deadlines', () => {
    expect(reportUrgency(report({ escalation: 2, overdue: true, dueOn: '2026-11-20' }), TODAY)).toBe('escalated_admin')
    expect(reportUrgency(report({ escalation: 1, overdue: true, dueOn: '2026-11-25' }), TODAY)).toBe('escalated')
    expect(reportUrgency(report({ dueOn: '2026-11-26' }), TODAY)).toBe('overdue')
    expect(reportUrgency(report({ dueOn: TODAY }), TODAY)).toBe('due_today')
    expect(reportUrgency(report({ dueOn: '2026-11-30' }), TODAY)).toBe('normal')
    expect(reportUrgency(report({ status: 'filed', escalation: 2, dueOn: '2026-11-01' }), TODAY)).toBe('done')
  })

  it('words the deadline', () => {
    expect(dueText(report({ dueOn: '2026-11-25', overdue: true }), TODAY)).toBe('已超期 2 天')
    expect(dueText(report({ dueOn: TODAY }), TODAY)).toBe('今天到期')
    expect(dueText(report({ dueOn: '2026-11-30' }), TODAY)).toBe('剩 3 天')
    expect(dueText(report({ status: 'filed', dueOn: '2026-11-30' }), TODAY)).toBe('')
    expect(dueText(report({ dueOn: '' }), TODAY)).toBe('')
  })

  it('sorts the queue by urgency, then deadline, filed last and newest first', () => {
    const rs = [
      report({ id: 1, dueOn: '2026-12-01' }),
      report({ id: 2, status: 'filed', dueOn: '' }),
      report({ id: 3, dueOn: '2026-11-26' }),
      report({ id: 4, escalation: 1, dueOn: '2026-11-24' }),
      report({ id: 5, dueOn: TODAY }),
      report({ id: 6, escalation: 2, dueOn: '2026-11-18' }),
      report({ id: 7, dueOn: '2026-11-28' }),
      report({ id: 8, status: 'filed', dueOn: '' }),
      report({ id: 9, dueOn: '' }),
    ]
    expect(sortByUrgency(rs, TODAY).map((r) => r.id)).toEqual([6, 4, 3, 5, 7, 1, 9, 8, 2])
  })

  it('counts the queue', () => {
    const rs = [report({ id: 1 }), report({ id: 2, status: 'assigned', dueOn: '2026-11-20' }), report({ id: 3, status: 'filed' })]
    expect(queueCounts(rs, TODAY)).toEqual({ received: 1, open: 2, overdue: 1, all: 3 })
  })
})

describe('who acts', () => {
  const u = (roles: string[], department: string | null) => ({ roles: roles as never, department: department ? { id: department, name: '' } : null })

  it('finds the desk: admin and the data bureau’s analysts', () => {
    expect(isDesk(u(['admin'], null))).toBe(true)
    expect(isDesk(u(['analyst'], 'sjj'))).toBe(true)
    expect(isDesk(u(['analyst'], 'fgw'))).toBe(false)
    expect(isDesk(u(['window_clerk'], 'sjj'))).toBe(false)
    expect(isDesk(null)).toBe(false)
  })

  it('lets the department’s clerks and approvers (and admin) handle', () => {
    expect(canHandleFor(u(['approver'], 'scjg'), 'scjg')).toBe(true)
    expect(canHandleFor(u(['window_clerk'], 'rsj'), 'scjg')).toBe(false)
    expect(canHandleFor(u(['admin'], null), 'scjg')).toBe(true)
    expect(canHandleFor(u(['approver'], 'scjg'), '')).toBe(false)
    expect(canHandleFor(u(['analyst'], 'scjg'), 'scjg')).toBe(false)
  })

  it('offers the step the status allows', () => {
    expect(deskActions({ status: 'received', channel: 'online' })).toEqual(['assign'])
    expect(deskActions({ status: 'replied', channel: 'counter' })).toEqual(['verify'])
    expect(deskActions({ status: 'replied', channel: 'online' })).toEqual([])
    expect(deskActions({ status: 'verified', channel: 'abandon' })).toEqual(['file'])
    expect(departmentActions('assigned')).toEqual(['handle'])
    expect(departmentActions('handled')).toEqual(['reply'])
    expect(departmentActions('replied')).toEqual([])
  })
})

describe('类案分析', () => {
  it('resolves groups, biggest first, with the commonest department and a title', () => {
    const byId = new Map(
      [
        report({ id: 2, text: '办理社保卡补办要求提供的证明太多，居委开不出来', department: 'rsj' }),
        report({ id: 3, text: '办理社保卡补办要求的证明太多', department: 'rsj' }),
        report({ id: 4, text: '证明太多', department: 'scjg' }),
        report({ id: 7, text: '食品许可上传失败', itemName: '食品经营许可（新办）', department: 'scjg' }),
        report({ id: 8, text: '食品许可系统错误', itemName: '食品经营许可（新办）', department: 'scjg' }),
      ].map((r) => [r.id, r]),
    )
    const groups = resolveGroups([[7, 8], [2, 3, 4, 99]], byId)
    expect(groups.map((g) => g.ids)).toEqual([[2, 3, 4, 99], [7, 8]])
    expect(groups[0]!.reports.map((r) => r.id)).toEqual([2, 3, 4])
    expect(groups[0]!.department).toBe('rsj')
    expect(groups[0]!.suggestedTitle).toBe('办理社保卡补办要求提供的证明太多问题整改')
    expect(groups[1]!.suggestedTitle).toBe('食品经营许可（新办）办不成事整改')
  })

  it('keeps titles short and drops the abandon prefix', () => {
    expect(planTitle([{ text: '中途放弃办理：材料太多。太难了', itemName: '' }])).toBe('材料太多问题整改')
    expect(planTitle([{ text: '一二三四五六七八九十一二三四五六七八九十一二三四五六', itemName: '' }])).toBe('一二三四五六七八九十一二三四五六七八九十一二三四…问题整改')
    expect(planTitle([])).toBe('')
  })
})
