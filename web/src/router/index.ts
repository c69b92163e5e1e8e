import { ElMessage } from 'element-plus'
import 'element-plus/es/components/message/style/css'
import { createRouter, createWebHistory, type RouteLocationRaw, type RouteRecordRaw } from 'vue-router'

import type { Area, Role } from '@/api/types'
import { setUnauthorizedHandler } from '@/api/http'
import {
  AREA_PATHS,
  canEnterArea,
  hasAnyRole,
  homePath,
  navItemsFor,
  NO_AREA_PATH,
  postLoginPath,
  WORKBENCH_NAV,
} from '@/auth/access'
import { forgetSession, loadSession, session } from '@/auth/session'

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without logging in. */
    public?: boolean
    /** The area this route belongs to; users without it are sent to their own area. */
    area?: Area
    /** Any of these roles is needed (checked in addition to the area). */
    roles?: readonly Role[]
    /** Shown in the browser tab. */
    title?: string
  }
}

const FORBIDDEN_MESSAGE = '无权访问该页面'

function rolesOf(key: string): readonly Role[] | undefined {
  return WORKBENCH_NAV.find((i) => i.key === key)?.roles
}

const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/LoginView.vue'),
    meta: { public: true, title: '登录' },
  },
  {
    path: '/',
    name: 'root',
    // Resolved by the guard below to the user's home or the login page.
    component: { render: () => null },
  },
  {
    // 好差评's counter pad: opened from the link a window clerk hands out, signed in or not.
    path: '/rate/:id',
    name: 'rate-pad',
    component: () => import('@/views/RatePadView.vue'),
    meta: { public: true, title: '服务评价' },
  },
  {
    path: AREA_PATHS.portal,
    component: () => import('@/layouts/PortalLayout.vue'),
    meta: { area: 'portal' },
    children: [
      { path: '', name: 'portal-home', component: () => import('@/views/portal/PortalHome.vue'), meta: { title: '首页' } },
      { path: 'guide', name: 'portal-guide', component: () => import('@/views/portal/PortalGuide.vue'), meta: { title: '办事指南' } },
      { path: 'guide/items/:code', name: 'portal-item', component: () => import('@/views/portal/ItemGuide.vue'), meta: { title: '办事指南' } },
      // The assistant's related-item links (/portal/items/CODE) open the item's guide.
      { path: 'items/:code', redirect: (to) => ({ name: 'portal-item', params: { code: to.params.code } }) },
      { path: 'knowledge', name: 'portal-knowledge', component: () => import('@/views/portal/PortalKnowledge.vue'), meta: { title: '知识问答' } },
      { path: 'knowledge/:id(\\d+)', name: 'portal-knowledge-entry', component: () => import('@/views/portal/KnowledgeEntry.vue'), meta: { title: '知识问答' } },
      { path: 'guide/bundles', name: 'portal-bundles', component: () => import('@/views/portal/BundleList.vue'), meta: { title: '一件事' } },
      { path: 'guide/bundles/:code', name: 'portal-bundle', component: () => import('@/views/portal/BundleQuestionnaire.vue'), meta: { title: '一件事' } },
      { path: 'applications', name: 'portal-applications', component: () => import('@/views/portal/PortalApplications.vue'), meta: { title: '我的办件' } },
      { path: 'applications/:id(\\d+)', name: 'portal-application', component: () => import('@/views/portal/ApplicationDetail.vue'), meta: { title: '办件详情' } },
      { path: 'applications/:id(\\d+)/form', name: 'portal-application-form', component: () => import('@/views/portal/ApplicationForm.vue'), meta: { title: '填写申请' } },
      { path: 'addresses', name: 'portal-addresses', component: () => import('@/views/portal/PortalAddresses.vue'), meta: { title: '无忧快注' } },
      { path: 'materials', name: 'portal-materials', component: () => import('@/views/portal/PortalMaterials.vue'), meta: { title: '我的材料' } },
      { path: 'records', name: 'portal-records', component: () => import('@/views/portal/PortalRecords.vue'), meta: { title: '我的存证' } },
      { path: 'data-access', name: 'portal-data-access', component: () => import('@/views/portal/PortalDataAccess.vue'), meta: { title: '谁查看了我的数据' } },
      { path: 'policies', name: 'portal-policies', component: () => import('@/views/portal/PortalPolicies.vue'), meta: { title: '我的政策' } },
      { path: 'cant-do', name: 'portal-cant-do', component: () => import('@/views/portal/PortalCantDo.vue'), meta: { title: '我的反映' } },
    ],
  },
  {
    path: AREA_PATHS.workbench,
    component: () => import('@/layouts/WorkbenchLayout.vue'),
    meta: { area: 'workbench' },
    children: [
      {
        path: '',
        name: 'workbench-home',
        component: () => import('@/views/workbench/WorkbenchEmpty.vue'),
        meta: { title: '工作台' },
        // Open the first function the user's roles allow; without any, show an explanation.
        beforeEnter: () => {
          const user = session.user
          const first = user ? navItemsFor(WORKBENCH_NAV, user)[0] : undefined
          return first ? { path: first.path, replace: true } : true
        },
      },
      { path: 'tasks', name: 'workbench-tasks', component: () => import('@/views/workbench/WorkbenchTasks.vue'), meta: { title: '待办件', roles: rolesOf('tasks') } },
      { path: 'tasks/:id(\\d+)', name: 'workbench-task', component: () => import('@/views/workbench/TaskDetail.vue'), meta: { title: '办件审查', roles: rolesOf('tasks') } },
      { path: 'helpdesk', name: 'workbench-helpdesk', component: () => import('@/views/workbench/WorkbenchHelpdesk.vue'), meta: { title: '帮办会话', roles: rolesOf('helpdesk') } },
      { path: 'knowledge', name: 'workbench-knowledge', component: () => import('@/views/workbench/WorkbenchKnowledge.vue'), meta: { title: '知识库', roles: rolesOf('knowledge') } },
      { path: 'policies', name: 'workbench-policies', component: () => import('@/views/workbench/WorkbenchPolicies.vue'), meta: { title: '政策兑现', roles: rolesOf('policies') } },
      { path: 'admin', name: 'workbench-admin', component: () => import('@/views/workbench/WorkbenchAdmin.vue'), meta: { title: '系统管理', roles: rolesOf('admin') } },
      {
        path: 'help-supervision',
        name: 'workbench-help-supervision',
        component: () => import('@/components/helpdesk/HelpSupervision.vue'),
        meta: { title: '帮办监督', roles: rolesOf('help-supervision') },
      },
      { path: 'feedback', name: 'workbench-feedback', component: () => import('@/components/feedback/FeedbackPage.vue'), meta: { title: '好差评', roles: rolesOf('feedback') } },
      { path: 'cant-do', name: 'workbench-cant-do', component: () => import('@/components/cantdo/CantDoPage.vue'), meta: { title: '办不成事', roles: rolesOf('cant-do') } },
    ],
  },
  {
    path: AREA_PATHS.cockpit,
    component: () => import('@/layouts/CockpitLayout.vue'),
    meta: { area: 'cockpit' },
    children: [
      { path: '', name: 'cockpit-overview', component: () => import('@/views/cockpit/CockpitOverview.vue'), meta: { title: '数据总览' } },
      // One indicator: trend, departments, items and the rows behind it (ECharts loads with it).
      { path: 'indicators/:key', name: 'cockpit-indicator', component: () => import('@/views/cockpit/IndicatorDetail.vue'), meta: { title: '指标详情' } },
      { path: 'service-index', name: 'cockpit-service-index', component: () => import('@/views/cockpit/ServiceIndex.vue'), meta: { title: '政务服务指数' } },
      { path: 'helpdesk', name: 'cockpit-helpdesk', component: () => import('@/components/helpdesk/HelpSupervision.vue'), meta: { title: '帮办监督' } },
      { path: 'feedback', name: 'cockpit-feedback', component: () => import('@/components/feedback/FeedbackPage.vue'), meta: { title: '好差评' } },
      { path: 'cant-do', name: 'cockpit-cant-do', component: () => import('@/components/cantdo/CantDoPage.vue'), meta: { title: '办不成事' } },
    ],
  },
  {
    path: NO_AREA_PATH,
    name: 'no-access',
    component: () => import('@/views/NoAccessView.vue'),
    meta: { title: '暂无可用功能' },
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('@/views/NotFoundView.vue'),
    meta: { public: true, title: '页面不存在' },
  },
]

export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes,
  scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
})

function warnForbidden(): void {
  ElMessage({ type: 'warning', message: FORBIDDEN_MESSAGE, grouping: true })
}

router.beforeEach(async (to): Promise<boolean | RouteLocationRaw> => {
  if (to.name === 'login') {
    // Already logged in: skip the form.
    const user = await loadSession()
    return user ? postLoginPath(user, to.query.redirect) : true
  }
  if (to.meta.public) return true

  const user = await loadSession()
  if (!user) {
    if (to.name === 'root') return { name: 'login' }
    return { name: 'login', query: { redirect: to.fullPath } }
  }
  if (to.name === 'root') return homePath(user)

  const area = to.meta.area
  if (area && !canEnterArea(user, area)) {
    warnForbidden()
    return homePath(user)
  }
  if (to.meta.roles && !hasAnyRole(user, to.meta.roles)) {
    warnForbidden()
    return area ? AREA_PATHS[area] : homePath(user)
  }
  return true
})

router.afterEach((to) => {
  const title = to.meta.title
  document.title = title ? `${title} - 宝山区 智慧好办` : '宝山区 智慧好办'
})

// An API call answered 401: the session ended (expired, or logged out in another tab).
setUnauthorizedHandler(() => {
  forgetSession()
  const current = router.currentRoute.value
  if (!current.meta.public) {
    void router.replace({ name: 'login', query: { redirect: current.fullPath } })
  }
})
