import { describe, expect, it } from 'vitest'

import type { AssessmentRow, Helper, SlaTimer } from '@/api/help'
import type { Accompaniment, HelpBoard } from '@/api/helpSupervision'

import {
  accompanimentCounts,
  assessmentChart,
  boardCounters,
  chinaToday,
  clockTime,
  draftProblems,
  durationText,
  emptyDraft,
  fieldErrors,
  filterAccompaniments,
  followUpProblem,
  helperLoads,
  missesByKind,
  runningTimers,
  serverNow,
  sortByPressure,
  timerStatus,
  upsertRecord,
  waitedNow,
  waitUrgency,
  worstUrgency,
} from './supervision'

// Friday 2026-11-27, 10:00:00 China time.
const T0 = Date.parse('2026-11-27T02:00:00Z')
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString().replace('.000', '')

const timer = (kind: string, dueIn: number, over: Partial<SlaTimer> = {}): SlaTimer => ({
  kind,
  state: 'active',
  startedAt: at(-10),
  dueAt: at(dueIn),
  stoppedAt: '',
  ...over,
})

const helper = (over: Partial<Helper>): Helper => ({
  account: 1,
  username: 'h',
  name: '帮办',
  department: 'yylu',
  skills: ['*'],
  seats: 3,
  presence: 'online',
  presenceAt: '',
  active: 0,
  ...over,
})

describe('time', () => {
  it('estimates the server clock from the board’s generation time', () => {
    // The client's clock runs 90 s behind: the board says 10:00:00 when the client reads 09:58:30.
    const fetchedAt = T0 - 90_000
    expect(serverNow(at(0), fetchedAt, fetchedAt + 5_000)).toBe(T0 + 5_000)
    expect(serverNow('', fetchedAt, 123)).toBe(123)
  })

  it('formats durations and China-time clocks', () => {
    expect(durationText(45.4)).toBe('45 秒')
    expect(durationText(65)).toBe('1 分 05 秒')
    expect(durationText(2 * 3600 + 600)).toBe('2 小时 10 分')
    expect(durationText(-3)).toBe('0 秒')
    expect(clockTime(at(9))).toBe('10:00:09')
    expect(clockTime('nonsense')).toBe('')
    expect(chinaToday(Date.parse('2026-11-27T16:30:00Z'))).toBe('2026-11-28')
  })
})

describe('SLA countdowns', () => {
  it('keeps the running timers, most pressing kind first', () => {
    const sla = [
      timer('resolution', 3600),
      timer('first_response', 30, { state: 'met', stoppedAt: at(-1) }),
      timer('next_response', 100),
      timer('next_response', -5, { state: 'cancelled', stoppedAt: at(-2) }),
      timer('first_response', -20, { state: 'missed' }),
    ]
    expect(runningTimers(sla).map((t) => `${t.kind}:${t.state}`)).toEqual(['first_response:missed', 'next_response:active', 'resolution:active'])
  })

  it('turns amber at half the target and red at a sixth, per kind', () => {
    expect(timerStatus(timer('first_response', 45), T0)).toMatchObject({ urgency: 'ok', text: '剩 45 秒', label: '首次响应' })
    expect(timerStatus(timer('first_response', 30), T0).urgency).toBe('warn')
    expect(timerStatus(timer('first_response', 10), T0).urgency).toBe('danger')
    expect(timerStatus(timer('next_response', 100), T0).urgency).toBe('ok')
    expect(timerStatus(timer('next_response', 60), T0).urgency).toBe('warn')
    expect(timerStatus(timer('resolution', 3 * 3600), T0).urgency).toBe('ok')
    expect(timerStatus(timer('resolution', 30 * 60), T0)).toMatchObject({ urgency: 'danger', text: '剩 30 分 00 秒' })
  })

  it('counts past the due time, and a recorded miss is overdue even if the clocks disagree', () => {
    expect(timerStatus(timer('first_response', -65), T0)).toMatchObject({ urgency: 'overdue', text: '超时 1 分 05 秒' })
    expect(timerStatus(timer('first_response', 2, { state: 'missed' }), T0).urgency).toBe('overdue')
    expect(timerStatus(timer('first_response', 0, { dueAt: '' }), T0)).toMatchObject({ urgency: 'ok', text: '计时中' })
  })

  it('shows a due time on a later working day instead of hours that do not count', () => {
    // Asked at 16:59 on Friday: resolution is due on Monday.
    const friday1659 = Date.parse('2026-11-27T08:59:00Z')
    const t = { ...timer('resolution', 0), dueAt: '2026-11-30T04:59:00Z' }
    expect(timerStatus(t, friday1659)).toMatchObject({ urgency: 'ok', text: '截止 11-30 12:59:00' })
  })

  it('orders conversations by the nearest due time and picks the worst urgency', () => {
    const list = [
      { id: 1, sla: [timer('resolution', 9000)] },
      { id: 2, sla: [timer('first_response', 20)] },
      { id: 3, sla: [] },
      { id: 4, sla: [timer('first_response', -5, { state: 'missed' })] },
    ]
    expect(sortByPressure(list, T0).map((c) => c.id)).toEqual([4, 2, 1, 3])
    expect(worstUrgency(['ok', 'warn', 'danger'])).toBe('danger')
    expect(worstUrgency([])).toBe('ok')
  })
})

describe('the queue and the counters', () => {
  it('keeps counting the wait after the board was fetched', () => {
    expect(waitedNow({ waitedSeconds: 50 }, T0, T0 + 15_000)).toBe(65)
    expect(waitedNow({ waitedSeconds: 50 }, T0, T0 - 1_000)).toBe(50)
    expect([10, 30, 60, 180].map(waitUrgency)).toEqual(['ok', 'warn', 'danger', 'overdue'])
  })

  it('counts who is online, free seats, the queue, overdue active conversations and today’s misses', () => {
    const board: HelpBoard = {
      generatedAt: at(0),
      helpers: [
        helper({ account: 1, seats: 5, active: 5 }),
        helper({ account: 2, seats: 3, active: 1 }),
        helper({ account: 3, presence: 'away', seats: 3, active: 0 }),
      ],
      queued: [{ id: 5, applicantName: '', item: '', department: '', createdAt: '', queuePosition: 1, waitedSeconds: 40 }],
      active: [
        { id: 1, applicantName: '', item: '', department: '', helper: 1, helperName: '', createdAt: '', firstResponseAt: '', sla: [timer('first_response', -3)] },
        { id: 2, applicantName: '', item: '', department: '', helper: 2, helperName: '', createdAt: '', firstResponseAt: '', sla: [timer('resolution', 600)] },
      ],
      missed: [{ conversation: 1, kind: 'first_response', helper: 1, helperName: '', dueAt: '', at: '', businessMinutes: 1, item: '' }],
    }
    expect(boardCounters(board, T0)).toEqual({ online: 2, helpers: 3, freeSeats: 2, queued: 1, active: 2, overdueActive: 1, missedToday: 1 })
  })

  it('breaks today’s misses down by kind', () => {
    expect(missesByKind([{ kind: 'resolution' }, { kind: 'first_response' }, { kind: 'first_response' }])).toBe('首次响应 2 · 解决 1')
    expect(missesByKind([])).toBe('')
  })

  it('lists helpers online first, busiest first', () => {
    const loads = helperLoads([
      helper({ account: 1, name: '乙', presence: 'offline', active: 0 }),
      helper({ account: 2, name: '甲', seats: 4, active: 1 }),
      helper({ account: 3, name: '丙', seats: 2, active: 3 }),
      helper({ account: 4, name: '丁', presence: 'away', seats: 0, active: 0 }),
    ])
    expect(loads.map((l) => l.helper.account)).toEqual([3, 2, 4, 1])
    expect(loads[0]).toMatchObject({ share: 1, full: true })
    expect(loads[1]).toMatchObject({ share: 0.25, full: false })
  })
})

const row = (over: Partial<AssessmentRow>): AssessmentRow => ({
  key: 'k',
  name: 'n',
  conversations: 2,
  responded: 2,
  firstResponseMedian: 20,
  firstResponseP90: 30,
  withinTarget: 2,
  withinTargetShare: 1,
  resolved: 1,
  resolutionRate: 0.5,
  reopened: 0,
  reopenRate: 0,
  rated: 1,
  satisfaction: 5,
  escalations: 1,
  score: 85,
  ...over,
})

describe('the assessment chart', () => {
  // docs/helpdesk.md's worked example: 王 85, 赵 40.
  const rows = [row({ key: 'wang', name: '王', score: 85, firstResponseP90: 30 }), row({ key: 'zhao', name: '赵', score: 40, firstResponseP90: 90, responded: 1 })]

  it('bars scores from 0 to 100, best first, toned by band', () => {
    const c = assessmentChart([row({ key: 'none', name: '空', conversations: 0, score: 0 }), ...rows.slice().reverse()], 'score')
    expect(c.target).toBeNull()
    expect(c.bars.map((b) => [b.name, b.width, b.tone, b.label])).toEqual([
      ['王', 85, 'good', '85 分'],
      ['赵', 40, 'poor', '40 分'],
    ])
  })

  it('bars the first-response p90 against the 60 s line, slowest first', () => {
    const c = assessmentChart([...rows, row({ key: 'silent', responded: 0, firstResponseP90: 0 })], 'p90')
    // The scale is twice the target (120 s) unless someone is slower.
    expect(c.target).toBe(50)
    expect(c.bars.map((b) => [b.name, b.width, b.tone, b.label])).toEqual([
      ['赵', 75, 'fair', '1 分 30 秒'],
      ['王', 25, 'good', '30 秒'],
    ])
    const slow = assessmentChart([row({ firstResponseP90: 600 })], 'p90')
    expect(slow.bars[0]!.width).toBeCloseTo(100 / 1.1)
    expect(slow.bars[0]!.tone).toBe('poor')
    expect(slow.target).toBeCloseTo((60 / 660) * 100)
  })
})

const record = (over: Partial<Accompaniment>): Accompaniment => ({
  id: 1,
  leaderName: '张伟',
  leaderTitle: '副区长',
  unit: '区政府',
  date: '2026-11-20',
  item: '',
  process: '以企业身份办理食品经营许可',
  problems: [],
  followUp: '',
  status: 'open',
  recordedBy: '',
  createdAt: '',
  updatedAt: '',
  ...over,
})

describe('领导干部帮办', () => {
  it('checks a draft by the server’s field names', () => {
    expect(draftProblems(emptyDraft('2026-11-27'), '2026-11-27')).toEqual({
      leader_name: '请填写领导姓名',
      leader_title: '请填写职务',
      unit: '请填写所在单位',
      process: '请填写走流程的过程',
    })
    const ok = { ...emptyDraft('2026-11-27'), leaderName: '张伟', leaderTitle: '副区长', unit: '区政府', process: '走了一遍' }
    expect(draftProblems(ok, '2026-11-27')).toEqual({})
    expect(draftProblems({ ...ok, date: '2026-11-28' }, '2026-11-27')).toEqual({ date: '日期不能晚于今天' })
    expect(draftProblems({ ...ok, date: '' }, '2026-11-27')).toEqual({ date: '请选择日期' })
    expect(draftProblems({ ...ok, leaderName: '张'.repeat(21) }, '2026-11-27')).toEqual({ leader_name: '领导姓名不能超过 20 个字' })
    expect(draftProblems({ ...ok, problems: Array(21).fill('问题') }, '2026-11-27')).toEqual({ problems: '最多记录 20 个问题' })
    expect(draftProblems({ ...ok, problems: ['问'.repeat(501), ''] }, '2026-11-27')).toEqual({ problems: '每个问题不能超过 500 个字' })
  })

  it('needs what was done before a record is closed', () => {
    expect(followUpProblem('done', ' ', 2)).toBe('办结前请填写整改情况')
    expect(followUpProblem('done', '已统一材料清单', 2)).toBeNull()
    expect(followUpProblem('done', '', 0)).toBeNull()
    expect(followUpProblem('rectifying', '', 2)).toBeNull()
  })

  it('maps the server’s field errors, a problem item counting for the list', () => {
    expect(
      fieldErrors({
        errors: [
          { field: 'problems/1', message: '问题不能为空' },
          { field: 'leader_name', message: '必填' },
          { field: 'leader_name', message: '第二条' },
          { field: 3, message: 'x' },
        ],
      }),
    ).toEqual({ problems: '问题不能为空', leader_name: '必填' })
    expect(fieldErrors(null)).toEqual({})
  })

  it('filters by status and text, newest walk first, and counts', () => {
    const list = [
      record({ id: 1, date: '2026-11-02', status: 'done', problems: ['排队久'] }),
      record({ id: 2, date: '2026-11-20', unit: '友谊路街道', problems: ['材料清单不一致', '系统卡顿'] }),
      record({ id: 3, date: '2026-11-20', status: 'rectifying', item: 'SCJG-011' }),
    ]
    expect(filterAccompaniments(list, { status: '', text: '' }).map((a) => a.id)).toEqual([3, 2, 1])
    expect(filterAccompaniments(list, { status: 'open', text: '' }).map((a) => a.id)).toEqual([2])
    expect(filterAccompaniments(list, { status: '', text: '卡顿' }).map((a) => a.id)).toEqual([2])
    expect(filterAccompaniments(list, { status: '', text: 'scjg' }).map((a) => a.id)).toEqual([3])
    expect(accompanimentCounts(list)).toEqual({ all: 3, open: 1, rectifying: 1, done: 1, problems: 3 })
  })

  it('puts a new record first and replaces an updated one in place', () => {
    const list = [record({ id: 1 }), record({ id: 2 })]
    expect(upsertRecord(list, record({ id: 3 })).map((a) => a.id)).toEqual([3, 1, 2])
    expect(upsertRecord(list, record({ id: 2, status: 'done' }))[1]!.status).toBe('done')
  })
})
