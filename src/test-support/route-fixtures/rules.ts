// Route fixtures of detection rules: shared by every tenant, changed only by SOC staff.
import type { RouteFixture, World } from './types.js';

const SHARED = { unscoped: 'rules are shared by every tenant; what a tenant sees of one (its alert counts) is scoped by the route' };

/** Ids of the first rules of the catalogue, as the API lists them. */
async function ruleIds(w: World, count: number): Promise<string[]> {
  const page = (await w.send(w.user('admin', null), { method: 'GET', url: `/api/rules?limit=${count}` })).json();
  if (!Array.isArray(page.items) || page.items.length < count) throw new Error(`fixture: the catalogue has fewer than ${count} rules`);
  return page.items.map((rule: { id: string }) => rule.id);
}

export const RULE_ROUTES: RouteFixture[] = [
  { route: 'GET /api/rules' },
  { route: 'GET /api/rules/errors' },
  { route: 'GET /api/rules/coverage' },
  { route: 'GET /api/rules/:id', isolation: SHARED },
  ...(['enable', 'disable'] as const).map((action): RouteFixture => ({
    route: `POST /api/rules/:id/${action}`,
    isolation: SHARED,
    change: { audit: `rule.${action}`, request: async (w) => ({ method: 'POST', url: `/api/rules/${(await ruleIds(w, 1))[0]}/${action}` }) },
  })),
  {
    route: 'POST /api/rules/bulk',
    change: { audit: 'rule.bulk_enable', request: async (w) => ({ method: 'POST', url: '/api/rules/bulk', payload: { ids: await ruleIds(w, 2), enabled: true } }) },
  },
  { route: 'POST /api/rules/reload', change: { audit: 'rule.reload', request: async () => ({ method: 'POST', url: '/api/rules/reload' }) } },
];

export const RULE_UNAUDITED: Record<string, string> = {
  'POST /api/rules/test': 'a dry run of pasted rules on pasted events: nothing is stored',
};
