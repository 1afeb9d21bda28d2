// Route fixtures of the alerts domain: alerts, triage, comments, exceptions, TheHive intake,
// SOC metrics and the alert stream.
import { randomBytes } from 'node:crypto';
import { getAlert, getException, raiseAlerts } from '../../alerts/index.js';
import { hit } from '../../alerts/test-support.js';
import type { LockedResource, ResourceFactory, RouteFixture, World } from './types.js';

function unique(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

export const ALERT_RESOURCES: Record<string, ResourceFactory> = {
  async alert(world, tenant) {
    const [outcome] = raiseAlerts(world.db, [{ ...hit({ tenant, ruleId: unique('rule'), host: unique('host') }), group: false }]).outcomes;
    const id = outcome!.alertId!;
    return { id, tenant, version: getAlert(world.db, null, id).version, snapshot: async () => getAlert(world.db, null, id) };
  },
  async exception(world, tenant) {
    const created = await world.send(world.user('admin', null), {
      method: 'POST', url: '/api/exceptions', payload: { tenant, rule_id: unique('rule'), reason: 'fixture' },
    });
    const id = created.json().id as string;
    return { id, tenant, snapshot: async () => getException(world.db, null, id) };
  },
};

const alertOfA = (w: World) => ALERT_RESOURCES.alert!(w, w.tenantA);

export const ALERT_ROUTES: RouteFixture[] = [
  { route: 'GET /api/alerts' },
  { route: 'GET /api/alerts/stream', endless: 'server-sent events: the stream stays open' },
  { route: 'GET /api/alerts/:id', isolation: { resource: 'alert' } },
  {
    route: 'PATCH /api/alerts/:id',
    isolation: { resource: 'alert', request: (r) => ({ payload: { version: r.version, status: 'acknowledged' } }) },
    change: { audit: 'alert.update', request: async (w) => { const a = await alertOfA(w); return { method: 'PATCH', url: `/api/alerts/${a.id}`, payload: { version: a.version, status: 'in_progress' } }; } },
  },
  {
    route: 'POST /api/alerts/:id/comments',
    isolation: { resource: 'alert', request: () => ({ payload: { body: 'from another tenant' } }) },
    change: { audit: 'alert.comment', request: async (w) => ({ method: 'POST', url: `/api/alerts/${(await alertOfA(w)).id}/comments`, payload: { body: 'looked at it' } }) },
  },
  {
    route: 'POST /api/alerts/bulk',
    change: { audit: 'alert.update', request: async (w) => ({ method: 'POST', url: '/api/alerts/bulk', payload: { ids: [(await alertOfA(w)).id], change: { status: 'acknowledged' } } }) },
  },
  {
    route: 'POST /api/alerts/:id/exceptions',
    isolation: { resource: 'alert', request: () => ({ payload: { fields: ['host.name'], reason: 'from another tenant' } }) },
    change: { audit: 'exception.create', request: async (w) => ({ method: 'POST', url: `/api/alerts/${(await alertOfA(w)).id}/exceptions`, payload: { fields: ['host.name'], reason: 'known admin host' } }) },
  },
  { route: 'GET /api/exceptions' },
  { route: 'GET /api/exceptions/:id', isolation: { resource: 'exception' } },
  {
    route: 'POST /api/exceptions',
    change: { audit: 'exception.create', request: async (w) => ({ method: 'POST', url: '/api/exceptions', payload: { tenant: w.tenantA, rule_id: unique('rule'), reason: 'noisy rule' } }) },
  },
  {
    route: 'DELETE /api/exceptions/:id',
    isolation: { resource: 'exception' },
    change: { audit: 'exception.delete', request: async (w) => ({ method: 'DELETE', url: `/api/exceptions/${(await ALERT_RESOURCES.exception!(w, w.tenantA)).id}` }) },
  },
  ...['/api/alert', '/api/v1/alert'].map((url): RouteFixture => ({
    route: `POST ${url}`,
    change: {
      audit: 'alert.create',
      request: async (w) => ({ method: 'POST', url: `${url}?tenant=${w.tenantA}`, payload: { title: 'From ElastAlert', type: 'external', source: 'elastalert', sourceRef: unique('ref'), description: 'fixture' } }),
    },
  })),
  { route: 'GET /api/metrics/soc' },
];

export const ALERT_LOCKS: LockedResource[] = [
  {
    name: 'alert',
    routes: ['PATCH /api/alerts/:id'],
    create: (w) => alertOfA(w),
    write: (_w, r, version, value) => ({ method: 'PATCH', url: `/api/alerts/${r.id}`, payload: { version, assignee: value } }),
    read: async (w, r) => String(getAlert(w.db, null, r.id).assignee),
  },
];
