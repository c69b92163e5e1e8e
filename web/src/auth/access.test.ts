import { describe, expect, it } from 'vitest'

import type { User } from '@/api/types'

import {
  ACCOMPANIMENT_WRITERS,
  accountTypeLabel,
  areaOfPath,
  canEnterArea,
  COCKPIT_NAV,
  hasAnyRole,
  homePath,
  navItemsFor,
  PORTAL_NAV,
  postLoginPath,
  WORKBENCH_NAV,
} from './access'

function user(overrides: Partial<User> = {}): User {
  return {
    id: 1,
    username: 'u',
    display_name: '测试',
    kind: 'staff',
    roles: [],
    role_labels: [],
    department: null,
    enterprise: null,
    areas: [],
    ...overrides,
  }
}

const labels = (u: User) => navItemsFor(WORKBENCH_NAV, u).map((i) => i.label)

describe('homePath', () => {
  it('uses the first area the server lists', () => {
    expect(homePath(user({ areas: ['portal'] }))).toBe('/portal')
    expect(homePath(user({ areas: ['workbench', 'cockpit'] }))).toBe('/workbench')
    expect(homePath(user({ areas: ['cockpit', 'workbench'] }))).toBe('/cockpit')
  })

  it('skips unknown area names and handles users without areas', () => {
    const odd = user({ areas: ['mars' as never, 'cockpit'] })
    expect(homePath(odd)).toBe('/cockpit')
    expect(homePath(user({ areas: [] }))).toBe('/no-access')
  })
})

describe('areaOfPath / canEnterArea', () => {
  it('finds the area from the first path segment', () => {
    expect(areaOfPath('/workbench/tasks?x=1')).toBe('workbench')
    expect(areaOfPath('/portal')).toBe('portal')
    expect(areaOfPath('/cockpit#top')).toBe('cockpit')
    expect(areaOfPath('/portalx')).toBeNull()
    expect(areaOfPath('/')).toBeNull()
  })

  it('allows exactly the listed areas', () => {
    const admin = user({ areas: ['workbench', 'cockpit'] })
    expect(canEnterArea(admin, 'cockpit')).toBe(true)
    expect(canEnterArea(admin, 'portal')).toBe(false)
  })
})

describe('workbench navigation', () => {
  it('shows items by role', () => {
    expect(labels(user({ roles: ['window_clerk'] }))).toEqual(['待办件', '好差评', '办不成事'])
    expect(labels(user({ roles: ['approver'] }))).toEqual(['待办件', '好差评', '办不成事'])
    expect(labels(user({ roles: ['helper'] }))).toEqual(['帮办会话'])
    expect(labels(user({ roles: ['kb_editor'] }))).toEqual(['知识库'])
    expect(labels(user({ roles: ['policy_admin'] }))).toEqual(['政策兑现'])
    expect(labels(user({ roles: ['admin'] }))).toEqual(['系统管理', '帮办监督', '好差评', '办不成事'])
    expect(labels(user({ roles: ['analyst'] }))).toEqual([])
  })

  it('keeps the menu order and lists shared items once', () => {
    const many = user({ roles: ['admin', 'approver', 'window_clerk', 'helper'] })
    expect(labels(many)).toEqual(['待办件', '帮办会话', '系统管理', '帮办监督', '好差评', '办不成事'])
  })
})

describe('postLoginPath', () => {
  const person = user({ kind: 'person', areas: ['portal'] })

  it('honours a local redirect into an allowed area', () => {
    expect(postLoginPath(person, '/portal/applications?page=2')).toBe('/portal/applications?page=2')
    expect(postLoginPath(person, ['/portal/guide'])).toBe('/portal/guide')
  })

  it('falls back to home for anything else', () => {
    expect(postLoginPath(person, undefined)).toBe('/portal')
    expect(postLoginPath(person, '/workbench')).toBe('/portal')
    expect(postLoginPath(person, '//evil.example/portal')).toBe('/portal')
    expect(postLoginPath(person, 'https://evil.example/portal')).toBe('/portal')
    expect(postLoginPath(person, '/\\evil.example')).toBe('/portal')
    expect(postLoginPath(person, '/login')).toBe('/portal')
  })
})

describe('accountTypeLabel', () => {
  it('names the account type', () => {
    expect(accountTypeLabel(user({ kind: 'person' }))).toBe('个人')
    expect(
      accountTypeLabel(
        user({ kind: 'enterprise', enterprise: { credit_code: '91310113X', name: '上海宝钢示例有限公司' } }),
      ),
    ).toBe('企业 · 上海宝钢示例有限公司')
    expect(accountTypeLabel(user({ kind: 'enterprise' }))).toBe('企业')
    expect(
      accountTypeLabel(
        user({
          kind: 'enterprise',
          display_name: '上海宝钢示例有限公司',
          enterprise: { credit_code: '91310113X', name: '上海宝钢示例有限公司' },
        }),
      ),
    ).toBe('企业')
    expect(accountTypeLabel(user({ kind: 'staff' }))).toBe('工作人员')
  })
})

describe('帮办 supervision', () => {
  it('is offered to the administrator in the workbench and to everyone in the cockpit', () => {
    expect(labels(user({ roles: ['helper'] }))).not.toContain('帮办监督')
    expect(COCKPIT_NAV.map((i) => i.label)).toEqual(['数据总览', '政务服务指数', '帮办监督', '好差评', '办不成事'])
  })

  it('lets helpers and the administrator record 领导干部帮办, analysts only read', () => {
    expect(hasAnyRole(user({ roles: ['helper'] }), ACCOMPANIMENT_WRITERS)).toBe(true)
    expect(hasAnyRole(user({ roles: ['admin'] }), ACCOMPANIMENT_WRITERS)).toBe(true)
    expect(hasAnyRole(user({ roles: ['analyst'] }), ACCOMPANIMENT_WRITERS)).toBe(false)
  })
})

describe('好差评', () => {
  it('is offered to a department’s clerks and approvers and the administrator, first items unchanged', () => {
    for (const roles of [['window_clerk'], ['approver'], ['admin']] as const) expect(labels(user({ roles }))).toContain('好差评')
    expect(labels(user({ roles: ['helper'] }))).not.toContain('好差评')
    expect(labels(user({ roles: ['kb_editor'] }))).not.toContain('好差评')
    // The landing page is the first item: unchanged for everyone.
    expect(labels(user({ roles: ['window_clerk'] }))[0]).toBe('待办件')
    expect(labels(user({ roles: ['admin'] }))[0]).toBe('系统管理')
  })

  it('is in the cockpit for analysts', () => {
    expect(COCKPIT_NAV.find((i) => i.key === 'feedback')).toMatchObject({ label: '好差评', path: '/cockpit/feedback' })
  })
})

describe('办不成事', () => {
  it('is offered to department staff and the administrator in the workbench, last', () => {
    for (const roles of [['window_clerk'], ['approver'], ['admin']] as const) expect(labels(user({ roles })).at(-1)).toBe('办不成事')
    expect(labels(user({ roles: ['helper'] }))).not.toContain('办不成事')
    expect(labels(user({ roles: ['policy_admin'] }))).not.toContain('办不成事')
  })

  it('is in the cockpit for the desk and in the portal as 我的反映', () => {
    expect(COCKPIT_NAV.find((i) => i.key === 'cant-do')).toMatchObject({ label: '办不成事', path: '/cockpit/cant-do' })
    expect(PORTAL_NAV.find((i) => i.key === 'cant-do')).toMatchObject({ label: '我的反映', path: '/portal/cant-do' })
  })
})
