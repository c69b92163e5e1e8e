// Pure navigation rules: which area a user lands in, which menu items they see.
// The server enforces access; these rules only keep the UI from offering dead ends.

import type { Area, Role, User } from '@/api/types'

export const AREAS: readonly Area[] = ['portal', 'workbench', 'cockpit']

export const AREA_PATHS: Readonly<Record<Area, string>> = {
  portal: '/portal',
  workbench: '/workbench',
  cockpit: '/cockpit',
}

export const AREA_LABELS: Readonly<Record<Area, string>> = {
  portal: '办事大厅',
  workbench: '工作台',
  cockpit: '驾驶舱',
}

/** Shown to a logged-in user whose account opens no area at all. */
export const NO_AREA_PATH = '/no-access'

export interface NavItem {
  key: string
  label: string
  path: string
  /** The item is shown when the user has any of these roles; absent means everyone in the area. */
  roles?: readonly Role[]
}

export const PORTAL_NAV: readonly NavItem[] = [
  { key: 'home', label: '首页', path: '/portal' },
  { key: 'guide', label: '办事指南', path: '/portal/guide' },
  { key: 'knowledge', label: '知识问答', path: '/portal/knowledge' },
  { key: 'addresses', label: '无忧快注', path: '/portal/addresses' },
  { key: 'applications', label: '我的办件', path: '/portal/applications' },
  { key: 'materials', label: '我的材料', path: '/portal/materials' },
  { key: 'records', label: '我的存证', path: '/portal/records' },
  { key: 'data-access', label: '谁查看了我的数据', path: '/portal/data-access' },
  { key: 'policies', label: '我的政策', path: '/portal/policies' },
  // 办不成事: the applicant's own reports, the department's replies, 问题已解决 / 仍未解决.
  { key: 'cant-do', label: '我的反映', path: '/portal/cant-do' },
]

export const WORKBENCH_NAV: readonly NavItem[] = [
  { key: 'tasks', label: '待办件', path: '/workbench/tasks', roles: ['window_clerk', 'approver'] },
  { key: 'helpdesk', label: '帮办会话', path: '/workbench/helpdesk', roles: ['helper'] },
  { key: 'knowledge', label: '知识库', path: '/workbench/knowledge', roles: ['kb_editor'] },
  { key: 'policies', label: '政策兑现', path: '/workbench/policies', roles: ['policy_admin'] },
  { key: 'admin', label: '系统管理', path: '/workbench/admin', roles: ['admin'] },
  // The helpers' supervisor: the live SLA board, the assessment and 领导干部帮办.
  { key: 'help-supervision', label: '帮办监督', path: '/workbench/help-supervision', roles: ['admin'] },
  // 好差评: the department's ratings and rectification tasks, counter visits; the administrator
  // sees every department. Last, so that nobody's landing page changes.
  { key: 'feedback', label: '好差评', path: '/workbench/feedback', roles: ['window_clerk', 'approver', 'admin'] },
  // 办不成事: the department's reports to handle and answer (clerks also record walk-ins'); the
  // administrator staffs the desk. Last, so that nobody's landing page changes.
  { key: 'cant-do', label: '办不成事', path: '/workbench/cant-do', roles: ['window_clerk', 'approver', 'admin'] },
]

export const COCKPIT_NAV: readonly NavItem[] = [
  { key: 'overview', label: '数据总览', path: '/cockpit' },
  // 政务服务指数: departments scored from the indicators by data/definitions/service-index.yaml.
  { key: 'service-index', label: '政务服务指数', path: '/cockpit/service-index' },
  // The district analyst's view of 帮办: the board (read-only), the assessment and 领导干部帮办.
  { key: 'helpdesk', label: '帮办监督', path: '/cockpit/helpdesk' },
  // 好差评 across departments (masked raters, read-only); the data bureau's analysts decide appeals.
  { key: 'feedback', label: '好差评', path: '/cockpit/feedback' },
  // 办不成事: the data bureau's analysts staff the desk (classify, assign, plans); other analysts read.
  { key: 'cant-do', label: '办不成事', path: '/cockpit/cant-do' },
]

/** Who may record 领导干部帮办 and update its follow-up; analysts only read. */
export const ACCOMPANIMENT_WRITERS: readonly Role[] = ['helper', 'admin']

export function isArea(value: unknown): value is Area {
  return typeof value === 'string' && (AREAS as readonly string[]).includes(value)
}

export function hasAnyRole(user: Pick<User, 'roles'>, roles: readonly Role[] | undefined): boolean {
  if (!roles || roles.length === 0) return true
  return roles.some((r) => user.roles.includes(r))
}

/** Areas the user may enter, in the server's order, ignoring names this client does not know. */
export function userAreas(user: Pick<User, 'areas'>): Area[] {
  return user.areas.filter(isArea)
}

export function canEnterArea(user: Pick<User, 'areas'>, area: Area): boolean {
  return userAreas(user).includes(area)
}

/** Where the user lands after login: their first area. */
export function homePath(user: Pick<User, 'areas'>): string {
  const first = userAreas(user)[0]
  return first ? AREA_PATHS[first] : NO_AREA_PATH
}

/** The area a path belongs to, e.g. `/workbench/tasks?x=1` → `workbench`. */
export function areaOfPath(path: string): Area | null {
  const segment = path.split(/[?#]/, 1)[0]?.split('/')[1] ?? ''
  return isArea(segment) ? segment : null
}

export function navItemsFor(items: readonly NavItem[], user: Pick<User, 'roles'>): NavItem[] {
  return items.filter((item) => hasAnyRole(user, item.roles))
}

/**
 * Where to go after login. A `redirect` query is honoured only when it is a local path
 * into an area the user may enter; anything else (other hosts, `//evil`, areas the user
 * may not see, the login page itself) falls back to the user's home.
 */
export function postLoginPath(user: Pick<User, 'areas'>, redirect: unknown): string {
  const target = Array.isArray(redirect) ? redirect[0] : redirect
  if (typeof target !== 'string') return homePath(user)
  if (!target.startsWith('/') || target.startsWith('//') || target.includes('\\')) {
    return homePath(user)
  }
  const area = areaOfPath(target)
  if (area === null || !canEnterArea(user, area)) return homePath(user)
  return target
}

/**
 * "个人", "企业 · 上海某某有限公司" or "工作人员". The company name is left out when it is
 * already the account's display name (enterprise accounts are usually named after the company).
 */
export function accountTypeLabel(user: Pick<User, 'kind' | 'enterprise' | 'display_name'>): string {
  switch (user.kind) {
    case 'person':
      return '个人'
    case 'enterprise': {
      const company = user.enterprise?.name?.trim()
      return company && company !== user.display_name.trim() ? `企业 · ${company}` : '企业'
    }
    case 'staff':
      return '工作人员'
  }
}
