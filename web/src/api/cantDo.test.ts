import { afterEach, describe, expect, it, vi } from 'vitest'

import {
  actOnReport,
  completePlan,
  createPlan,
  fetchCategories,
  fetchGroups,
  fetchPlans,
  fetchReport,
  fetchReports,
  normalizePlan,
  normalizeReport,
  planBody,
  reportActionBody,
  reportBody,
  reportsPath,
  submitReport,
} from './cantDo'
import { ApiError } from './http'

/** Replaces fetch with one answering `status` and `body`; returns the mock to inspect the calls. */
function answer(status: number, body: unknown, contentType = 'application/json') {
  const mock = vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': contentType } }))
  vi.stubGlobal('fetch', mock)
  return mock
}

function sent(mock: ReturnType<typeof answer>, i = 0): { url: string; method: string; body: unknown } {
  const [url, init] = mock.mock.calls[i] as unknown as [string, RequestInit]
  return { url, method: String(init.method), body: init.body ? JSON.parse(String(init.body)) : undefined }
}

afterEach(() => vi.unstubAllGlobals())

const RAW_REPORT = {
  id: 1, channel: 'online', reporter_name: '上海宝晟智能科技有限公司', reporter_phone: '', item: 'SCJG-011',
  item_name: '食品经营许可（新办）', application: 0, text: '网上提交时一直提示系统错误', category: 'system',
  department: 'scjg', status: 'replied', due_on: '2026-12-02', overdue: false, escalation: 0, handling: '已修复上传',
  reply: '已修复，请重试', verification: '', plan: 0, created_at: '2026-11-27T20:18:34Z', updated_at: '2026-11-27T20:18:43Z',
  filed_at: '',
  steps: [
    { at: '2026-11-27T20:18:34Z', actor: 'enterprise.demo', action: 'received', note: '网上反映' },
    { at: '2026-11-27T20:18:42Z', actor: 'analyst.demo', action: 'assigned', note: '分类：system；交办：scjg' },
  ],
}

describe('normalising', () => {
  it('reads a report in camelCase with its steps', () => {
    expect(normalizeReport(RAW_REPORT)).toEqual({
      id: 1, channel: 'online', reporterName: '上海宝晟智能科技有限公司', reporterPhone: '', item: 'SCJG-011',
      itemName: '食品经营许可（新办）', application: 0, text: '网上提交时一直提示系统错误', category: 'system',
      department: 'scjg', status: 'replied', dueOn: '2026-12-02', overdue: false, escalation: 0, handling: '已修复上传',
      reply: '已修复，请重试', verification: '', plan: 0, createdAt: '2026-11-27T20:18:34Z', updatedAt: '2026-11-27T20:18:43Z',
      filedAt: '',
      steps: [
        { at: '2026-11-27T20:18:34Z', actor: 'enterprise.demo', action: 'received', note: '网上反映' },
        { at: '2026-11-27T20:18:42Z', actor: 'analyst.demo', action: 'assigned', note: '分类：system；交办：scjg' },
      ],
    })
  })

  it('survives odd values', () => {
    const r = normalizeReport({ id: '3', channel: 'fax', status: 'lost', overdue: 'yes', escalation: 7, steps: 'x' })
    expect(r).toMatchObject({ id: 3, channel: 'online', status: 'received', overdue: false, escalation: 2, steps: [] })
    expect(normalizeReport(null).id).toBe(0)
  })

  it('reads a plan', () => {
    expect(
      normalizePlan({ id: 1, title: '社保卡补办证明精简', department: 'rsj', measures: '取消居委证明', due_on: '2026-12-11',
        status: 'done', reports: [2, 3, 'x', -1], created_by: 'analyst.demo', created_at: 'a', done_at: 'b' }),
    ).toEqual({ id: 1, title: '社保卡补办证明精简', department: 'rsj', measures: '取消居委证明', dueOn: '2026-12-11',
      status: 'done', reports: [2, 3], createdBy: 'analyst.demo', createdAt: 'a', doneAt: 'b' })
    expect(normalizePlan({ status: 'weird' }).status).toBe('open')
  })
})

describe('bodies', () => {
  it('sends an online report with the item and application, trimmed', () => {
    expect(reportBody({ channel: 'online', text: '  系统出错 ', item: 'SCJG-011', application: 12 })).toEqual({
      channel: 'online', item: 'SCJG-011', application: 12, text: '系统出错',
    })
    expect(reportBody({ channel: 'online', text: 'x', item: ' ', application: 0 })).toEqual({ channel: 'online', text: 'x' })
  })

  it('sends an abandon report with its reason, the text only when given', () => {
    expect(reportBody({ channel: 'abandon', reason: '材料太多', text: '  ', item: 'SCJG-011', application: 5 })).toEqual({
      channel: 'abandon', item: 'SCJG-011', application: 5, reason: '材料太多',
    })
    expect(reportBody({ channel: 'abandon', reason: '其他', text: '看不懂' , application: 5 })).toMatchObject({ text: '看不懂' })
  })

  it('sends a counter report with the walk-in’s name and phone', () => {
    expect(reportBody({ channel: 'counter', text: '排队太久', reporterName: ' 王小明 ', reporterPhone: '13800001111' })).toEqual({
      channel: 'counter', text: '排队太久', reporter_name: '王小明', reporter_phone: '13800001111',
    })
    expect(reportBody({ channel: 'counter', text: '排队太久', reporterName: '', item: 'SCJG-011' })).toEqual({
      channel: 'counter', item: 'SCJG-011', text: '排队太久',
    })
  })

  it('drops empty notes of actions and keeps booleans', () => {
    expect(reportActionBody('verify', { resolved: true, note: '  ' })).toEqual({ resolved: true })
    expect(reportActionBody('verify', { resolved: false, note: ' 仍要证明 ' })).toEqual({ resolved: false, note: '仍要证明' })
    expect(reportActionBody('assign', { category: 'system', department: 'scjg', note: '' })).toEqual({ category: 'system', department: 'scjg' })
    expect(reportActionBody('handle', { handling: ' 已修复 ' })).toEqual({ handling: '已修复' })
    // Required texts go out even when empty: the server names the field.
    expect(reportActionBody('reply', { reply: ' ' })).toEqual({ reply: '' })
  })

  it('dedupes a plan’s reports', () => {
    expect(planBody({ title: ' t ', department: 'rsj', measures: ' m ', reports: [3, 2, 3, 0] })).toEqual({
      title: 't', department: 'rsj', measures: 'm', reports: [3, 2],
    })
  })

  it('builds list paths with filters', () => {
    expect(reportsPath()).toBe('/api/v1/cant-do-reports')
    expect(reportsPath({ status: 'open', overdue: true, department: 'scjg' })).toBe('/api/v1/cant-do-reports?status=open&department=scjg&overdue=1')
    expect(reportsPath({ status: '', overdue: false, from: '2026-11-01' })).toBe('/api/v1/cant-do-reports?from=2026-11-01')
  })
})

describe('requests', () => {
  it('posts a report and reads the answer', async () => {
    const mock = answer(201, { ...RAW_REPORT, status: 'received', steps: [] })
    const r = await submitReport({ channel: 'online', text: '系统出错', item: 'SCJG-011' })
    expect(sent(mock)).toEqual({ url: '/api/v1/cant-do-reports', method: 'POST', body: { channel: 'online', item: 'SCJG-011', text: '系统出错' } })
    expect(r.status).toBe('received')
  })

  it('lists reports, skipping rows without an id', async () => {
    const mock = answer(200, { items: [RAW_REPORT, { text: 'no id' }] })
    const rs = await fetchReports({ status: 'received' })
    expect(sent(mock).url).toBe('/api/v1/cant-do-reports?status=received')
    expect(rs.map((r) => r.id)).toEqual([1])
  })

  it('reads one report', async () => {
    const mock = answer(200, RAW_REPORT)
    expect((await fetchReport(1)).steps).toHaveLength(2)
    expect(sent(mock).url).toBe('/api/v1/cant-do-reports/1')
  })

  it('posts an action and surfaces 409 report-state as an ApiError', async () => {
    let mock = answer(200, { ...RAW_REPORT, status: 'verified' })
    expect((await actOnReport(1, 'verify', { resolved: true })).status).toBe('verified')
    expect(sent(mock)).toEqual({ url: '/api/v1/cant-do-reports/1/verify', method: 'POST', body: { resolved: true } })

    mock = answer(409, { type: 'https://haoban.gov.cn/problems/report-state', title: '该反映当前状态不能进行此操作', status: 409 }, 'application/problem+json')
    const err = await actOnReport(1, 'reply', { reply: 'x' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).status).toBe(409)
  })

  it('reads the categories once per tab', async () => {
    const mock = answer(200, { items: [{ code: 'system', name: '系统问题', description: '网上办不了' }, { name: 'no code' }] })
    expect(await fetchCategories()).toEqual([{ code: 'system', name: '系统问题', description: '网上办不了' }])
    await fetchCategories()
    expect(mock).toHaveBeenCalledTimes(1)
  })

  it('reads groups and plans, creates and completes a plan', async () => {
    let mock = answer(200, { items: [{ reports: [2, 3] }, { reports: [] }, { nope: 1 }] })
    expect(await fetchGroups()).toEqual([[2, 3]])
    expect(sent(mock).url).toBe('/api/v1/cant-do-reports/groups')

    mock = answer(200, { items: [{ id: 1, title: 't', reports: [2] }] })
    expect((await fetchPlans()).map((p) => p.id)).toEqual([1])

    mock = answer(201, { id: 2, title: 't', department: 'rsj', measures: 'm', status: 'open', reports: [2, 3] })
    expect((await createPlan({ title: 't', department: 'rsj', measures: 'm', reports: [2, 3] })).id).toBe(2)
    expect(sent(mock)).toEqual({ url: '/api/v1/cant-do-plans', method: 'POST', body: { title: 't', department: 'rsj', measures: 'm', reports: [2, 3] } })

    mock = answer(200, { id: 2, status: 'done', reports: [2, 3] })
    expect((await completePlan(2, ' 已取消证明 ')).status).toBe('done')
    expect(sent(mock)).toEqual({ url: '/api/v1/cant-do-plans/2/complete', method: 'POST', body: { measures: '已取消证明' } })
  })
})
