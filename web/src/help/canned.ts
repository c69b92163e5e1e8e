// The helper console's 常用语 (canned answers) and knowledge-base citations: pure text rules.
import type { SearchHit } from '@/api/knowledge'

/** Phrases a helper sends many times a day; inserted into the reply box, not sent directly. */
export const CANNED_ANSWERS: readonly { label: string; text: string }[] = [
  { label: '问候', text: '您好，我是在线帮办工作人员，很高兴为您服务。请问有什么可以帮您？' },
  { label: '稍等', text: '好的，我帮您查一下，请稍等。' },
  { label: '补充材料', text: '请您在办件页面“材料”处上传所缺材料，上传后系统会自动重新核验。' },
  { label: '电子证照', text: '已在电子证照库中的证照无需再次上传，系统会自动调取。' },
  { label: '办理进度', text: '您可以在“我的办件”中查看办理进度，状态变化时系统也会通知您。' },
  { label: '线下办理', text: '该事项也可到宝山区行政服务中心窗口办理，工作日 9:00–17:00。' },
  { label: '结束语', text: '请问还有其他问题吗？如问题已解决，请点击“确认已解决”并为本次服务评价，谢谢！' },
]

/** The draft with `text` added: on a new paragraph when the draft already says something. */
export function insertText(draft: string, text: string): string {
  const d = draft.replace(/\s+$/, '')
  return d ? `${d}\n${text}` : text
}

/** Plain text of the server's highlighted HTML (its only tags are <mark>; entities decoded). */
export function plainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
}

/** A knowledge entry cited in a reply: its title, the snippet and where the applicant can read it. */
export function kbCitation(hit: Pick<SearchHit, 'id' | 'title' | 'snippetHtml'>, origin = ''): string {
  const snippet = plainText(hit.snippetHtml).trim()
  const link = `${origin}/portal/knowledge/${hit.id}`
  return `【${hit.title}】${snippet ? snippet : ''}\n详见：${link}`
}
