import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Role } from '../session/SessionProvider';

export interface Page {
  path: string;
  /** Key under `nav.*` in the catalogs: the menu entry. */
  nav:
    | 'myRequests'
    | 'newRequest'
    | 'triageQueue'
    | 'myCases'
    | 'notifications'
    | 'dashboard'
    | 'audit'
    | 'retention'
    | 'roleGrants'
    | 'organizations'
    | 'users'
    | 'emailSettings'
    | 'sessions'
    | 'changePassword'
    | 'security';
  roles: readonly Role[];
  /** Loaded on first visit: each page is its own chunk, so the requester never downloads staff screens. */
  component: LazyExoticComponent<ComponentType>;
}

const STAFF = ['investigator', 'supervisor'] as const;
const EVERYONE = ['requester', 'investigator', 'supervisor', 'admin'] as const;

/**
 * Every page behind the login, in menu order (docs/web.md "Adding a page"). A role sees exactly
 * the pages that list it; any other path is the 404 page. The first page of a role is its home.
 */
export const PAGES: readonly Page[] = [
  {
    path: '/requests',
    nav: 'myRequests',
    roles: ['requester'],
    component: lazy(() => import('../pages/requester/MyRequestsPage')),
  },
  {
    path: '/requests/new',
    nav: 'newRequest',
    roles: ['requester'],
    component: lazy(() => import('../pages/requester/NewRequestPage')),
  },
  {
    path: '/queue',
    nav: 'triageQueue',
    roles: STAFF,
    component: lazy(() => import('../pages/staff/TriageQueuePage')),
  },
  {
    path: '/cases',
    nav: 'myCases',
    roles: STAFF,
    component: lazy(() => import('../pages/staff/MyCasesPage')),
  },
  {
    path: '/notifications',
    nav: 'notifications',
    roles: STAFF,
    component: lazy(() => import('../pages/staff/NotificationsPage')),
  },
  {
    path: '/dashboard',
    nav: 'dashboard',
    roles: ['supervisor'],
    component: lazy(() => import('../pages/staff/DashboardPage')),
  },
  {
    path: '/audit',
    nav: 'audit',
    roles: ['supervisor'],
    component: lazy(() => import('../pages/staff/AuditPage')),
  },
  {
    path: '/retention',
    nav: 'retention',
    roles: ['supervisor'],
    component: lazy(() => import('../pages/staff/RetentionPage')),
  },
  {
    path: '/role-grants',
    nav: 'roleGrants',
    roles: ['supervisor'],
    component: lazy(() => import('../pages/staff/grants/RoleGrantsPage')),
  },
  {
    path: '/organizations',
    nav: 'organizations',
    roles: ['admin'],
    component: lazy(() => import('../pages/admin/OrganizationsPage')),
  },
  {
    path: '/users',
    nav: 'users',
    roles: ['admin'],
    component: lazy(() => import('../pages/admin/UsersPage')),
  },
  {
    path: '/settings/email',
    nav: 'emailSettings',
    roles: EVERYONE,
    component: lazy(() => import('../pages/shared/EmailSettingsPage')),
  },
  {
    path: '/settings/security',
    nav: 'security',
    roles: EVERYONE,
    component: lazy(() => import('../pages/shared/SecurityPage')),
  },
  {
    path: '/settings/sessions',
    nav: 'sessions',
    roles: EVERYONE,
    component: lazy(() => import('../pages/shared/SessionsPage')),
  },
  {
    path: '/settings/password',
    nav: 'changePassword',
    roles: EVERYONE,
    component: lazy(() => import('../pages/shared/ChangePasswordPage')),
  },
];

export function pagesFor(role: Role): Page[] {
  return PAGES.filter((page) => page.roles.includes(role));
}

export function homeOf(role: Role): string {
  return pagesFor(role)[0]?.path ?? '/';
}

/** Pages reached by a link, not the menu (a case, its access log, a report). Same role check. */
export const DETAIL_PAGES: readonly Omit<Page, 'nav'>[] = [
  {
    path: '/cases/:id',
    roles: STAFF,
    component: lazy(() => import('../pages/staff/case/CasePage')),
  },
  {
    path: '/cases/:id/access-log',
    roles: ['supervisor'],
    component: lazy(() => import('../pages/staff/audit/AccessLogPage')),
  },
  {
    path: '/audit/access-report',
    roles: ['supervisor'],
    component: lazy(() => import('../pages/staff/audit/AccessReportPage')),
  },
];
