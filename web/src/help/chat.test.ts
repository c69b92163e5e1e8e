import { describe, expect, it } from 'vitest'

import { normalizeConversation, normalizeMessages, type HelpMessage, type SlaTimer } from '@/api/help'
import {
  applicantActions,
  firstResponseOverdue,
  lastSeq,
  loadHelpConversation,
  mergeMessages,
  phoneProblem,
  queueText,
  ReadTracker,
  receiptText,
  saveHelpConversation,
  slaCountdown,
  sortQueue,
  unreadCount,
  withRead,
} from './chat'

const msg = (seq: number, senderKind: HelpMessage['senderKind'] = 'applicant', body = `m${seq}`): HelpMessage => ({
  id: seq * 10,
  conversation: 1,
  seq,
  senderKind,
  senderName: '',
  body,
  clientId: '',
  createdAt: '',
  attachment: null,
  kbTask: 0,
})

describe('mergeMessages', () => {
  it('orders by seq and drops duplicates from events, catch-up and own posts', () => {
    const a = mergeMessages([msg(1), msg(3)], [msg(2), msg(3, 'applicant', 'dup')])
    expect(a.map((m) => m.seq)).toEqual([1, 2, 3])
    expect(a[2]!.body).toBe('m3')
    expect(lastSeq(a)).toBe(3)
  })
  it('returns the same array when nothing is new', () => {
    const cur = [msg(1)]
    expect(mergeMessages(cur, [msg(1)])).toBe(cur)
    expect(lastSeq([])).toBe(0)
  })
})

describe('queueText', () => {
  it('counts the people ahead', () => {
    expect(queueText(3)).toBe('您前面还有 2 位')
    expect(queueText(1)).toMatch(/下一位/)
  })
})

const timer = (over: Partial<SlaTimer>): SlaTimer => ({
  kind: 'first_response',
  state: 'active',
  startedAt: '2026-11-27T10:00:00Z',
  dueAt: '2026-11-27T10:01:00Z',
  stoppedAt: '',
  ...over,
})
const at = (iso: string) => Date.parse(iso)

describe('slaCountdown', () => {
  it('says how long is left, then how late', () => {
    expect(slaCountdown(timer({}), at('2026-11-27T10:00:15Z'))).toEqual({ text: '首次响应 剩 45 秒', overdue: false })
    expect(slaCountdown(timer({}), at('2026-11-27T10:02:05Z'))).toEqual({ text: '首次响应 超时 1 分 05 秒', overdue: true })
    expect(slaCountdown(timer({ kind: 'resolution', dueAt: '2026-11-27T14:00:00Z' }), at('2026-11-27T10:00:00Z'))?.text).toBe(
      '解决 剩 4 小时 0 分',
    )
    expect(slaCountdown(null, 0)).toBeNull()
    expect(slaCountdown(timer({ dueAt: '' }), 0)).toBeNull()
  })
})

describe('firstResponseOverdue', () => {
  it('is red while the first answer is late, not once it came', () => {
    expect(firstResponseOverdue({ sla: [timer({})] }, at('2026-11-27T10:00:30Z'))).toBe(false)
    expect(firstResponseOverdue({ sla: [timer({})] }, at('2026-11-27T10:01:30Z'))).toBe(true)
    expect(firstResponseOverdue({ sla: [timer({ state: 'missed' })] }, 0)).toBe(true)
    expect(firstResponseOverdue({ sla: [timer({ state: 'missed', stoppedAt: 'x' })] }, 0)).toBe(false)
    expect(firstResponseOverdue({ sla: [timer({ state: 'met' })] }, at('2026-11-27T11:00:00Z'))).toBe(false)
  })
})

describe('sortQueue and unread', () => {
  it('puts active conversations first, oldest first', () => {
    const c = (id: number, state: string, createdAt: string) => normalizeConversation({ id, state, created_at: createdAt })
    const sorted = sortQueue([c(1, 'resolved', 'a'), c(2, 'active', 'c'), c(3, 'active', 'b'), c(4, 'queued', 'a')])
    expect(sorted.map((x) => x.id)).toEqual([3, 2, 4, 1])
  })
  it('counts the other side’s messages after the last one seen', () => {
    const list = [msg(1), msg(2, 'helper'), msg(3), msg(4, 'system')]
    expect(unreadCount(list, 1, 'helper')).toBe(1)
    expect(unreadCount(list, 0, 'applicant')).toBe(1)
  })
})

describe('applicant actions', () => {
  it('follows the state', () => {
    expect(applicantActions({ state: 'unstaffed', rating: 0, unstaffedChoice: '' }).chooseUnstaffed).toBe(true)
    expect(applicantActions({ state: 'unstaffed', rating: 0, unstaffedChoice: 'ticket' }).chooseUnstaffed).toBe(false)
    expect(applicantActions({ state: 'resolved', rating: 0, unstaffedChoice: '' })).toEqual({
      canSend: false,
      chooseUnstaffed: false,
      confirm: true,
      rate: true,
    })
    expect(applicantActions({ state: 'closed', rating: 5, unstaffedChoice: '' }).rate).toBe(false)
  })
  it('checks the callback number', () => {
    expect(phoneProblem('')).toBe('请填写回电号码')
    expect(phoneProblem('12345')).not.toBeNull()
    expect(phoneProblem('13800138000')).toBeNull()
    expect(phoneProblem('021-66661234')).toBeNull()
  })
})

describe('conversation id storage', () => {
  it('keeps a positive id and forgets it', () => {
    const data = new Map<string, string>()
    const storage = {
      getItem: (k: string) => data.get(k) ?? null,
      setItem: (k: string, v: string) => void data.set(k, v),
      removeItem: (k: string) => void data.delete(k),
    }
    expect(loadHelpConversation(storage)).toBeNull()
    saveHelpConversation(storage, 42)
    expect(loadHelpConversation(storage)).toBe(42)
    saveHelpConversation(storage, null)
    expect(loadHelpConversation(storage)).toBeNull()
    expect(loadHelpConversation(null)).toBeNull()
  })
})

describe('normalize', () => {
  it('reads the server’s conversation and messages', () => {
    const c = normalizeConversation({
      id: 7,
      state: 'queued',
      queue_position: 2,
      item: 'SCJG-011',
      application: 0,
      rating: 0,
      sla: [{ kind: 'first_response', state: 'active', started_at: 'a', due_at: 'b', stopped_at: '' }],
    })
    expect(c).toMatchObject({ id: 7, state: 'queued', queuePosition: 2, item: 'SCJG-011', application: 0 })
    expect(c.sla[0]).toEqual({ kind: 'first_response', state: 'active', startedAt: 'a', dueAt: 'b', stoppedAt: '' })
    expect(normalizeConversation({ state: 'weird' }).state).toBe('queued')
    const ms = normalizeMessages({ items: [{ seq: 1, sender_kind: 'helper', body: 'hi', client_id: 'x' }, { seq: 0 }, 3] })
    expect(ms).toHaveLength(1)
    expect(ms[0]).toMatchObject({ seq: 1, senderKind: 'helper', body: 'hi', clientId: 'x' })
  })
})

describe('read receipts', () => {
  const conv = { applicantReadSeq: 3, helperReadSeq: 5 }
  it('say 已读 under one’s own messages the other party has seen', () => {
    expect(receiptText(msg(5, 'applicant'), 'applicant', conv)).toBe('已读')
    expect(receiptText(msg(6, 'applicant'), 'applicant', conv)).toBe('未读')
    expect(receiptText(msg(3, 'helper'), 'helper', conv)).toBe('已读')
    expect(receiptText(msg(4, 'helper'), 'helper', conv)).toBe('未读')
    expect(receiptText(msg(4, 'helper'), 'applicant', conv)).toBe('')
    expect(receiptText(msg(1, 'system'), 'applicant', conv)).toBe('')
  })

  it('only move forward', () => {
    expect(withRead(conv, 'helper', 7).helperReadSeq).toBe(7)
    expect(withRead(conv, 'helper', 2)).toBe(conv)
    expect(withRead(conv, 'applicant', 4).applicantReadSeq).toBe(4)
    expect(withRead(conv, '', 9)).toBe(conv)
  })

  it('are posted once per new seq, again after a failure, never when unsupported', () => {
    const t = new ReadTracker()
    expect(t.next(3)).toBe(true)
    expect(t.next(3)).toBe(false)
    expect(t.next(2)).toBe(false)
    expect(t.next(5)).toBe(true)
    t.failed()
    expect(t.next(5)).toBe(true)
    t.unsupported()
    expect(t.next(9)).toBe(false)
  })
})
