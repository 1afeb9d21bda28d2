// Every view and its URL. Screens load on first visit (one chunk each); signed-in views check
// the session first and send anyone without one to /login, remembering where they were going.
import type { QueryClient } from '@tanstack/react-query';
import { createRootRouteWithContext, createRoute, createRouter, lazyRouteComponent, Outlet, redirect } from '@tanstack/react-router';
import { parseSearch, stringifySearch } from '../lib/search-params.js';
import { Login } from '../features/session/Login.js';
import { sessionQuery } from '../features/session/useSession.js';
import { Shell } from './Shell.js';
import { NotFound, RouteError } from './RouteError.js';

interface RouterContext { queryClient: QueryClient }

const root = createRootRouteWithContext<RouterContext>()({ component: Outlet, notFoundComponent: NotFound });

async function requireSession({ context, location }: { context: RouterContext; location: { href: string } }) {
  const session = await context.queryClient.ensureQueryData(sessionQuery);
  if (!session.authenticated) throw redirect({ to: '/login', search: { next: location.href } } as never);
}

const login = createRoute({ getParentRoute: () => root, path: '/login', component: Login });

const app = createRoute({ getParentRoute: () => root, id: 'app', beforeLoad: requireSession, component: Shell, errorComponent: RouteError });
const page = (path: string, load: () => Promise<Record<string, unknown>>, name: string) =>
  createRoute({ getParentRoute: () => app, path, component: lazyRouteComponent(load as never, name as never), errorComponent: RouteError });

const screen = createRoute({
  getParentRoute: () => root, path: '/screen', beforeLoad: requireSession, errorComponent: RouteError,
  component: lazyRouteComponent(() => import('../features/screen/Wallboard.js'), 'Wallboard'),
});

const routeTree = root.addChildren([
  login,
  screen,
  app.addChildren([
    page('/', () => import('../features/dashboard/Dashboard.js'), 'Dashboard'),
    page('/alerts', () => import('../features/alerts/AlertQueue.js'), 'AlertQueue'),
    page('/alerts/$alertId', () => import('../features/alerts/AlertPage.js'), 'AlertPage'),
    page('/events', () => import('../features/events/EventSearch.js'), 'EventSearch'),
    page('/cases', () => import('../features/cases/CaseList.js'), 'CaseList'),
    page('/cases/$caseId', () => import('../features/cases/CasePage.js'), 'CasePage'),
    page('/rules', () => import('../features/rules/RuleList.js'), 'RuleList'),
    page('/rules/coverage', () => import('../features/rules/AttackCoverage.js'), 'AttackCoverage'),
    page('/rules/test', () => import('../features/rules/RuleTest.js'), 'RuleTest'),
    page('/rules/$ruleId', () => import('../features/rules/RulePage.js'), 'RulePage'),
    createRoute({ getParentRoute: () => app, path: '/admin', beforeLoad: () => { throw redirect({ to: '/admin/users' } as never); } }),
    page('/admin/users', () => import('../features/admin/Users.js'), 'Users'),
    page('/admin/roles', () => import('../features/admin/Roles.js'), 'Roles'),
    page('/admin/tenants', () => import('../features/admin/Tenants.js'), 'Tenants'),
    page('/admin/apikeys', () => import('../features/admin/ApiKeys.js'), 'ApiKeys'),
    page('/admin/exceptions', () => import('../features/admin/Exceptions.js'), 'Exceptions'),
    page('/admin/audit', () => import('../features/admin/AuditLog.js'), 'AuditLog'),
  ]),
]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    parseSearch,
    stringifySearch,
    defaultPreload: 'intent',
    defaultPendingMs: 300,
    scrollRestoration: true,
  });
}
