import { describe, expect, it } from 'vitest'

import { CANNED_ANSWERS, insertText, kbCitation, plainText } from './canned'

describe('canned answers and citations', () => {
  it('inserts on a new line after what the draft already says', () => {
    expect(insertText('', '您好')).toBe('您好')
    expect(insertText('  \n', '您好')).toBe('您好')
    expect(insertText('关于许可证：\n', '请稍等')).toBe('关于许可证：\n请稍等')
  })
  it('has distinct labels and no empty text', () => {
    const labels = CANNED_ANSWERS.map((c) => c.label)
    expect(new Set(labels).size).toBe(labels.length)
    expect(CANNED_ANSWERS.every((c) => c.text.trim().length > 0)).toBe(true)
  })
  it('turns the highlighted snippet into plain text and links the entry', () => {
    expect(plainText('办理<mark>食品</mark>经营许可 &lt;新办&gt; &amp; 变更')).toBe('办理食品经营许可 <新办> & 变更')
    const c = kbCitation({ id: 42, title: '食品经营许可办理时限', snippetHtml: '一般<mark>10个工作日</mark>' }, 'https://hb.example')
    expect(c).toBe('【食品经营许可办理时限】一般10个工作日\n详见：https://hb.example/portal/knowledge/42')
  })
})
