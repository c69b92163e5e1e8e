import { describe, expect, it } from 'vitest'

import { contentBody, normalizeSearch, normalizeTasks, normalizeUsage, normalizeVersions, searchParams, taskParams } from './knowledge'

describe('query strings', () => {
  it('search leaves out empty parameters and joins types', () => {
    expect(searchParams({ q: ' 执照补办 ' })).toBe('q=%E6%89%A7%E7%85%A7%E8%A1%A5%E5%8A%9E')
    expect(searchParams({ q: 'a&b', types: ['qa', 'guide'], status: 'in_review', limit: 10, offset: 20, department: 'scjg', item: 'SCJG-010' })).toBe(
      'q=a%26b&type=qa%2Cguide&department=scjg&item=SCJG-010&status=in_review&limit=10&offset=20',
    )
    expect(searchParams({ q: 'x', status: '', offset: 0, types: [] })).toBe('q=x')
  })

  it('tasks', () => {
    expect(taskParams({ state: 'open', kind: 'unanswered', overdue: true, limit: 50 })).toBe('state=open&kind=unanswered&overdue=1&limit=50')
    expect(taskParams({ state: 'all', kind: '', overdue: false })).toBe('state=all')
  })
})

describe('shapes', () => {
  it('search hits keep the server’s highlighted HTML', () => {
    const page = normalizeSearch({
      total: 8000,
      words: ['执照', '补办'],
      expansions: ['营业执照', '补领'],
      items: [
        { id: 7154, code: 'qa:SCJG-010:26', type: 'qa', type_label: '问答', title: '营业执照丢了怎么办？', status: 'published', version: 1, title_html: '<mark>营业执照</mark>丢了怎么办？', snippet_html: '可申请<mark>补领</mark>', items: ['SCJG-010'] },
        { id: 0, title: 'broken' },
      ],
    })
    expect(page.total).toBe(8000)
    expect(page.items).toHaveLength(1)
    expect(page.items[0]).toMatchObject({ id: 7154, typeLabel: '问答', statusLabel: '已发布', titleHtml: '<mark>营业执照</mark>丢了怎么办？', items: ['SCJG-010'] })
  })

  it('tasks and their cursor', () => {
    const page = normalizeTasks({
      items: [{ id: 2, kind: 'policy_qa', kind_label: '政策问答发布', due_on: '2026-12-03', days_left: 4, overdue: false, state: 'open', entry: 13850, result: null, owner: '' }],
      next_cursor: null,
    })
    expect(page.items[0]).toMatchObject({ id: 2, kind: 'policy_qa', dueOn: '2026-12-03', daysLeft: 4, entry: 13850, result: null, owner: '' })
    expect(page.nextCursor).toBeNull()
  })

  it('versions and usage', () => {
    const v = normalizeVersions({ items: [{ version: 2, action: 'edit', status: 'draft', changed_by: 'editor.demo', changed_fields: ['title'], content: { title: 'T', doc_number: '宝府规〔2026〕1号' } }] })
    expect(v[0]).toMatchObject({ version: 2, action: 'edit', statusLabel: '草稿', changedFields: ['title'] })
    expect(v[0]!.content.docNumber).toBe('宝府规〔2026〕1号')
    const u = normalizeUsage({ published: 100, used: 91, rate: 0.91, top: [{ id: 1, title: 'A', type: 'qa', clicks: 3 }], never_used: [] })
    expect(u).toMatchObject({ published: 100, used: 91, rate: 0.91 })
    expect(u.top[0]).toMatchObject({ id: 1, clicks: 3, answers: 0 })
  })

  it('the request body is snake_case with trimmed lists', () => {
    expect(
      contentBody({
        type: 'qa', title: ' 问 ', body: '答', variants: [' a ', ''], department: 'scjg', items: ['SCJG-010', ' '], source: '', docNumber: '文号',
        effectiveFrom: '2026-12-01', effectiveTo: '', visibility: 'staff',
      }),
    ).toEqual({
      type: 'qa', title: '问', body: '答', variants: ['a'], department: 'scjg', items: ['SCJG-010'], source: '', doc_number: '文号',
      effective_from: '2026-12-01', effective_to: '', visibility: 'staff',
    })
  })
})
