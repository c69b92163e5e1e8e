import { afterEach, describe, expect, it, vi } from 'vitest'

import {
  actOnTask,
  fetchRatings,
  fetchTasks,
  fetchVisit,
  normalizeRating,
  normalizeTask,
  normalizeVisit,
  rate,
  ratingBody,
  ratingsPath,
  recordVisit,
  taskActionBody,
  tasksPath,
} from './feedback'
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

const RAW_RATING = {
  id: 7, channel: 'online', event_kind: 'application', event_id: 42, department: 'scjg', item: 'SCJG-004',
  item_name: '企业简易注销登记', staff: 3, staff_name: '王审批', level: 1, level_label: '非常不满意',
  tags: ['等待太久', 5, ''], text: '补正要求前后不一致', real_name: true, rater_name: '李娜', rater_phone: '13912345678',
  created_at: '2026-11-27T02:00:00Z', excluded: false, task: 3,
}

describe('normalising', () => {
  it('reads a rating in camelCase, dropping empty tags', () => {
    expect(normalizeRating(RAW_RATING)).toEqual({
      id: 7, channel: 'online', eventKind: 'application', eventId: 42, department: 'scjg', item: 'SCJG-004',
      itemName: '企业简易注销登记', staff: 3, staffName: '王审批', level: 1, levelLabel: '非常不满意',
      tags: ['等待太久', '5'], text: '补正要求前后不一致', realName: true, raterName: '李娜', raterPhone: '13912345678',
      createdAt: '2026-11-27T02:00:00Z', excluded: false, task: 3,
    })
  })

  it('survives odd values', () => {
    const r = normalizeRating({ level: 9, channel: 'fax', excluded: 'yes', tags: 'x' })
    expect(r).toMatchObject({ id: 0, level: 0, channel: 'online', excluded: false, tags: [], task: 0 })
    expect(normalizeRating(null).id).toBe(0)
  })

  it('reads a task with its steps, oldest first as sent', () => {
    const t = normalizeTask({
      id: 3, rating: 7, department: 'scjg', item: 'SCJG-004', state: 'reviewing', due_on: '2026-12-04', overdue: false,
      callback_result: 'reached', finding: '属实', appeal_reason: '', appeal_decision: '', measures: '修订告知单',
      review: '', reopened: 0, created_at: '2026-11-27T02:00:00Z', closed_at: '',
      steps: [
        { at: '2026-11-27T02:00:00Z', actor: 'system', action: 'opened', note: '非常不满意：补正要求前后不一致' },
        { at: '2026-11-27T03:00:00Z', actor: 'approver.scjg', action: 'callback_reached', note: '已电话回访' },
        null,
      ],
    })
    expect(t).toMatchObject({ id: 3, rating: 7, state: 'reviewing', dueOn: '2026-12-04', callbackResult: 'reached', measures: '修订告知单' })
    expect(t.steps.map((s) => s.action)).toEqual(['opened', 'callback_reached'])
    expect(normalizeTask({ state: 'bogus' }).state).toBe('callback')
  })

  it('reads a counter visit', () => {
    expect(
      normalizeVisit({ id: 5, department: 'scjg', item: 'SCJG-011', item_name: '食品经营许可（新办）', staff_name: '张窗口', created_at: 'x', rated: false, token: 'abc', rate_url: '/rate/5?token=abc' }),
    ).toEqual({ id: 5, department: 'scjg', item: 'SCJG-011', itemName: '食品经营许可（新办）', staffName: '张窗口', createdAt: 'x', rated: false, token: 'abc', rateUrl: '/rate/5?token=abc' })
  })
})

describe('bodies and paths', () => {
  it('sends a rating with trimmed texts and without empty optional fields', () => {
    expect(ratingBody({ eventKind: 'application', eventId: 42, level: 5, tags: [], text: '  ', phone: '' })).toEqual({
      event_kind: 'application', event_id: 42, level: 5,
    })
    expect(
      ratingBody({ eventKind: 'application', eventId: 42, level: 1, tags: ['等待太久', ' 等待太久 ', ''], text: ' 太慢 ', phone: ' 13912345678 ' }),
    ).toEqual({ event_kind: 'application', event_id: 42, level: 1, tags: ['等待太久'], text: '太慢', phone: '13912345678' })
  })

  it('sends the token and anonymity for a counter visit, anonymous unless told otherwise', () => {
    expect(ratingBody({ eventKind: 'counter', eventId: 5, token: 'abc', level: 4 })).toEqual({
      event_kind: 'counter', event_id: 5, level: 4, token: 'abc', anonymous: true,
    })
    expect(ratingBody({ eventKind: 'counter', eventId: 5, token: 'abc', level: 4, anonymous: false })).toMatchObject({ anonymous: false })
  })

  it('builds query strings only from what is set', () => {
    expect(ratingsPath()).toBe('/api/v1/feedback/ratings')
    expect(ratingsPath({ department: 'scjg', from: '2026-11-01', to: '' })).toBe('/api/v1/feedback/ratings?department=scjg&from=2026-11-01')
    expect(tasksPath({ state: 'open', overdue: true })).toBe('/api/v1/feedback/tasks?state=open&overdue=1')
    expect(tasksPath({ state: '', overdue: false })).toBe('/api/v1/feedback/tasks')
  })

  it('trims action texts and leaves out an empty review note', () => {
    expect(taskActionBody('callback', { reached: true, note: ' 已回访 ' })).toEqual({ reached: true, note: '已回访' })
    expect(taskActionBody('review', { satisfied: true, note: ' ' })).toEqual({ satisfied: true })
    expect(taskActionBody('appeal-decision', { granted: false, decision: '驳回' })).toEqual({ granted: false, decision: '驳回' })
  })
})

describe('requests', () => {
  it('posts a rating and reads the task it opened', async () => {
    const mock = answer(201, RAW_RATING)
    const r = await rate({ eventKind: 'application', eventId: 42, level: 1, tags: ['等待太久'] })
    expect(r.task).toBe(3)
    expect(sent(mock)).toEqual({ url: '/api/v1/feedback/ratings', method: 'POST', body: { event_kind: 'application', event_id: 42, level: 1, tags: ['等待太久'] } })
  })

  it('passes a conflict on as an ApiError with its problem', async () => {
    answer(409, { type: 'https://haoban.gov.cn/problems/already-rated', title: '该服务已评价', status: 409 }, 'application/problem+json')
    const err = await rate({ eventKind: 'application', eventId: 42, level: 5 }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).status).toBe(409)
    expect((err as ApiError).problem?.type).toMatch(/already-rated$/)
  })

  it('lists ratings and tasks, skipping broken rows', async () => {
    answer(200, { items: [RAW_RATING, { id: 0 }] })
    expect((await fetchRatings({ department: 'scjg' })).map((r) => r.id)).toEqual([7])
    const mock = answer(200, { items: [{ id: 3, state: 'callback', steps: [] }, 'x'] })
    expect((await fetchTasks({ state: 'open' })).map((t) => t.id)).toEqual([3])
    expect(sent(mock).url).toBe('/api/v1/feedback/tasks?state=open')
  })

  it('acts on a task with the action in the path', async () => {
    const mock = answer(200, { id: 3, state: 'verifying', steps: [] })
    const t = await actOnTask(3, 'callback', { reached: false, note: '无人接听' })
    expect(t.state).toBe('verifying')
    expect(sent(mock)).toEqual({ url: '/api/v1/feedback/tasks/3/callback', method: 'POST', body: { reached: false, note: '无人接听' } })
  })

  it('records a visit and opens it with its token', async () => {
    let mock = answer(201, { id: 5, token: 'a b', rate_url: '/rate/5?token=a%20b', rated: false })
    expect((await recordVisit('SCJG-011')).id).toBe(5)
    expect(sent(mock).body).toEqual({ item: 'SCJG-011' })
    mock = answer(200, { id: 5, rated: true })
    expect((await fetchVisit(5, 'a b')).rated).toBe(true)
    expect(sent(mock).url).toBe('/api/v1/feedback/visits/5?token=a%20b')
  })
})
