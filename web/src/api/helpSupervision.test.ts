import { describe, expect, it } from 'vitest'

import { accompanimentBody, accompanimentsPath, normalizeAccompaniment, normalizeAccompaniments, normalizeBoard } from './helpSupervision'

describe('the board', () => {
  it('reads helpers, the queue in its order, active conversations with timers and misses', () => {
    const b = normalizeBoard({
      generated_at: '2026-11-27T02:00:00Z',
      helpers: [
        { account: 7, username: 'helper.demo', name: '陈晓帮', department: 'yylu', skills: ['scjg', '*'], seats: 5, presence: 'online', presence_at: '2026-11-27T01:59:40Z', active: 2 },
        { account: 0, name: 'broken' },
      ],
      queued: [
        { id: 12, applicant_name: '李明', item: '', department: '', created_at: '2026-11-27T01:58:00Z', queue_position: 2, waited_seconds: 90 },
        { id: 11, applicant_name: '王', item: 'SCJG-011', department: 'scjg', created_at: '2026-11-27T01:57:00Z', queue_position: 1, waited_seconds: 150 },
      ],
      active: [
        {
          id: 9, applicant_name: '上海宝晟', item: 'SCJG-011', department: 'scjg', helper: 7, helper_name: '陈晓帮',
          created_at: '2026-11-27T01:59:00Z', first_response_at: '',
          sla: [{ kind: 'first_response', state: 'active', started_at: '2026-11-27T01:59:00Z', due_at: '2026-11-27T02:00:00Z', stopped_at: '' }],
        },
      ],
      missed: [{ conversation_id: 4, kind: 'next_response', helper: 7, helper_name: '陈晓帮', due_at: '2026-11-27T01:30:00Z', at: '2026-11-27T01:30:05Z', business_minutes: 3.1, item: 'RSJ-002' }],
    })
    expect(b.generatedAt).toBe('2026-11-27T02:00:00Z')
    expect(b.helpers).toHaveLength(1)
    expect(b.helpers[0]).toMatchObject({ account: 7, presence: 'online', active: 2, seats: 5, skills: ['scjg', '*'] })
    expect(b.queued.map((q) => q.id)).toEqual([11, 12])
    expect(b.queued[0]).toMatchObject({ applicantName: '王', queuePosition: 1, waitedSeconds: 150 })
    expect(b.active[0]!.sla[0]).toEqual({ kind: 'first_response', state: 'active', startedAt: '2026-11-27T01:59:00Z', dueAt: '2026-11-27T02:00:00Z', stoppedAt: '' })
    expect(b.missed[0]).toMatchObject({ conversation: 4, kind: 'next_response', helperName: '陈晓帮', businessMinutes: 3.1, item: 'RSJ-002' })
  })

  it('counts the wait from the opening when the server does not say', () => {
    const b = normalizeBoard({ generated_at: '2026-11-27T02:00:00Z', queued: [{ id: 1, created_at: '2026-11-27T01:58:30Z', queue_position: 1 }] })
    expect(b.queued[0]!.waitedSeconds).toBe(90)
  })

  it('survives an empty or odd answer', () => {
    expect(normalizeBoard(null)).toEqual({ generatedAt: '', helpers: [], queued: [], active: [], missed: [] })
    expect(normalizeBoard({ queued: 'x', active: [1, null], missed: [{}] })).toEqual({ generatedAt: '', helpers: [], queued: [], active: [], missed: [] })
  })
})

describe('领导干部帮办', () => {
  it('reads a record, dropping blank problems and unknown statuses', () => {
    const a = normalizeAccompaniment({
      id: 3, leader_name: '张伟', leader_title: '副区长', unit: '区政府', date: '2026-11-20', item: 'SCJG-011',
      process: '以企业身份申请食品经营许可', problems: ['材料清单不一致', ' ', 5], follow_up: '', status: 'bogus',
      recorded_by: '陈晓帮', created_at: '2026-11-20T08:00:00Z', updated_at: '2026-11-20T08:00:00Z',
    })
    expect(a).toMatchObject({ id: 3, leaderName: '张伟', leaderTitle: '副区长', item: 'SCJG-011', problems: ['材料清单不一致', '5'], status: 'open', recordedBy: '陈晓帮' })
    expect(normalizeAccompaniments({ items: [{ id: 1, status: 'done' }, { id: 0 }] }).map((x) => x.status)).toEqual(['done'])
  })

  it('sends a trimmed body without empty optional fields', () => {
    expect(
      accompanimentBody({
        leaderName: ' 张伟 ', leaderTitle: '副区长', unit: '区政府', date: '2026-11-20', item: ' ', process: ' 走了一遍 ',
        problems: [' 一 ', '', '二'], followUp: '',
      }),
    ).toEqual({ leader_name: '张伟', leader_title: '副区长', unit: '区政府', date: '2026-11-20', process: '走了一遍', problems: ['一', '二'] })
    expect(
      accompanimentBody({ leaderName: 'a', leaderTitle: 'b', unit: 'c', date: '2026-11-20', item: 'SCJG-011', process: 'p', problems: [], followUp: '已整改' }),
    ).toMatchObject({ item: 'SCJG-011', follow_up: '已整改', problems: [] })
  })

  it('queries a period', () => {
    expect(accompanimentsPath({})).toBe('/api/v1/help/accompaniments')
    expect(accompanimentsPath({ from: '2026-11-01', to: '2026-11-30' })).toBe('/api/v1/help/accompaniments?from=2026-11-01&to=2026-11-30')
  })
})
