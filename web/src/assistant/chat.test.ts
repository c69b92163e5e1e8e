import { describe, expect, it } from 'vitest'

import { normalizeAnswer, normalizeConversation } from '@/api/assistant'

import {
  answered,
  ask,
  CONVERSATION_KEY,
  entryPath,
  failed,
  fromHistory,
  isWaiting,
  itemPath,
  loadConversationId,
  questionProblem,
  remove,
  saveConversationId,
} from './chat'

// POST /api/v1/assistant/messages {text: 开饭店要办什么证} (abridged)
const ANSWER = normalizeAnswer({
  conversation: 'cacfe309006adecf7a82905bf1542ff3c',
  text: '办理食品经营许可需准备以下材料：\n1. 申请书',
  citations: [{ entry: 10740, code: 'qa:SCJG-011:1', title: '办理食品经营许可需要哪些材料？', type: 'qa' }, { entry: 0, title: 'broken' }],
  related_items: [
    { code: 'SCJG-011', name: '食品经营许可（新办）', department: '区市场监管局', online: true, online_help: true, action: { label: '立即办理', href: '/portal/items/SCJG-011' } },
  ],
  confidence: 0.78,
  low_confidence: false,
  intent: 'consult',
  intent_label: '咨询',
  context_item: 'SCJG-011',
  handover: null,
})

describe('the answer', () => {
  it('is normalised with its citations, related items and no hand-over', () => {
    expect(ANSWER.citations).toEqual([{ entry: 10740, code: 'qa:SCJG-011:1', title: '办理食品经营许可需要哪些材料？', type: 'qa' }])
    expect(ANSWER.relatedItems).toEqual([
      { code: 'SCJG-011', name: '食品经营许可（新办）', department: '区市场监管局', online: true, onlineHelp: true, actionLabel: '立即办理' },
    ])
    expect(ANSWER.contextItem).toBe('SCJG-011')
    expect(ANSWER.handover).toBeNull()
  })

  it('reads a hand-over offer and a low confidence', () => {
    const a = normalizeAnswer({ text: '抱歉', low_confidence: true, handover: { offered: true, reason: '小宝没有把握' }, related_items: [{ code: 'X', online: false }] })
    expect(a.lowConfidence).toBe(true)
    expect(a.handover).toEqual({ reason: '小宝没有把握' })
    expect(a.relatedItems[0]?.actionLabel).toBe('查看办事指南')
    expect(a.contextItem).toBeNull()
  })
})

describe('the message list', () => {
  it('a question waits, then its answer follows it', () => {
    let list = ask([], '  开饭店要办什么证 ')
    expect(list).toHaveLength(1)
    expect(list[0]).toMatchObject({ role: 'user', text: '开饭店要办什么证', state: 'pending' })
    expect(isWaiting(list)).toBe(true)
    list = answered(list, list[0]!.key, ANSWER)
    expect(isWaiting(list)).toBe(false)
    expect(list.map((m) => [m.role, m.state])).toEqual([
      ['user', 'sent'],
      ['assistant', 'sent'],
    ])
    expect(list[1]!.citations).toHaveLength(1)
    expect(list[1]!.relatedItems[0]!.code).toBe('SCJG-011')
  })

  it('a failure keeps the question, marked, and it can be removed to retry', () => {
    let list = ask([], '要多久')
    const key = list[0]!.key
    list = failed(list, key, '无法连接服务器，请稍后重试')
    expect(list[0]).toMatchObject({ state: 'failed', error: '无法连接服务器，请稍后重试' })
    expect(isWaiting(list)).toBe(false)
    expect(remove(list, key)).toEqual([])
  })

  it('an answer to an unknown question changes nothing', () => {
    const list = ask([], '你好')
    expect(answered(list, 'nope', ANSWER)).toEqual(list)
  })

  it('comes back from the server’s history', () => {
    const history = normalizeConversation({
      id: 'c1',
      messages: [
        { role: 'user', text: '开饭店要办什么证', at: '2026-11-27T10:16:07Z', citations: [] },
        { role: 'assistant', text: '办理…', at: '2026-11-27T10:16:07Z', citations: [{ entry: 10740, code: 'qa:1', title: '材料', type: 'qa' }] },
        { role: 'assistant', text: '' },
      ],
    })
    const list = fromHistory(history)
    expect(list.map((m) => m.role)).toEqual(['user', 'assistant'])
    expect(list[1]!.citations[0]!.entry).toBe(10740)
    expect(new Set(list.map((m) => m.key)).size).toBe(2)
  })
})

describe('questions, links and the kept conversation', () => {
  it('refuses empty and overlong questions', () => {
    expect(questionProblem('  ')).toBe('请输入您的问题')
    expect(questionProblem('要'.repeat(501))).toBe('问题请不要超过 500 个字')
    expect(questionProblem('要多久')).toBeNull()
  })

  it('links to the item guide and the entry page', () => {
    expect(itemPath('SCJG-011')).toBe('/portal/guide/items/SCJG-011')
    expect(entryPath(10740)).toBe('/portal/knowledge/10740')
  })

  it('keeps the conversation id in session storage, ignoring junk and storage errors', () => {
    const store = new Map<string, string>()
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
      removeItem: (k: string) => void store.delete(k),
    }
    expect(loadConversationId(storage)).toBeNull()
    saveConversationId(storage, 'cacfe309006adecf7a82905bf1542ff3c')
    expect(store.get(CONVERSATION_KEY)).toBe('cacfe309006adecf7a82905bf1542ff3c')
    expect(loadConversationId(storage)).toBe('cacfe309006adecf7a82905bf1542ff3c')
    store.set(CONVERSATION_KEY, '../../etc')
    expect(loadConversationId(storage)).toBeNull()
    saveConversationId(storage, null)
    expect(store.has(CONVERSATION_KEY)).toBe(false)
    const broken = { getItem: () => { throw new Error('denied') } }
    expect(loadConversationId(broken)).toBeNull()
    expect(loadConversationId(null)).toBeNull()
  })
})
