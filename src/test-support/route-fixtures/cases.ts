// Route fixtures of the cases domain: cases, their alerts, tasks and logs, observables,
// comments, attachments, templates and custom fields. Resources are made through the API as SOC
// staff, so the fixtures follow the domain's own rules.
import { randomBytes } from 'node:crypto';
import { ALERT_RESOURCES } from './alerts.js';
import type { Headers, LockedResource, Resource, ResourceFactory, RouteFixture, RouteRequest, World } from './types.js';

function unique(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

const staff = (w: World): Headers => w.user('admin', null);

async function made(w: World, request: RouteRequest): Promise<{ id: string; version?: number }> {
  const response = await w.send(staff(w), request);
  if (response.statusCode >= 300) throw new Error(`fixture ${request.method} ${request.url}: ${response.statusCode} ${response.body}`);
  return response.json();
}

function readBack(w: World, url: string): () => Promise<unknown> {
  return async () => (await w.send(staff(w), { method: 'GET', url })).json();
}

async function newCase(w: World, tenant: string): Promise<Resource> {
  const c = await made(w, { method: 'POST', url: '/api/cases', payload: { tenant, title: unique('Case') } });
  return { id: c.id, tenant, version: c.version, snapshot: readBack(w, `/api/cases/${c.id}`) };
}

export const CASE_RESOURCES: Record<string, ResourceFactory> = {
  case: newCase,
  /** A case and an alert of its tenant not yet in it. */
  async 'case-with-alert'(w, tenant) {
    const c = await newCase(w, tenant);
    return { ...c, refs: { alert: (await ALERT_RESOURCES.alert!(w, tenant)).id } };
  },
  /** Two cases of one tenant: the resource, and refs.source to merge into it. */
  async 'case-pair'(w, tenant) {
    const c = await newCase(w, tenant);
    return { ...c, refs: { source: (await newCase(w, tenant)).id } };
  },
  async task(w, tenant) {
    const c = await newCase(w, tenant);
    const task = await made(w, { method: 'POST', url: `/api/cases/${c.id}/tasks`, payload: { title: unique('Task') } });
    return { id: task.id, tenant, version: task.version, snapshot: readBack(w, `/api/tasks/${task.id}`) };
  },
  async observable(w, tenant) {
    const c = await newCase(w, tenant);
    const value = `198.51.100.${1 + randomBytes(1)[0]! % 250}`;
    const observable = await made(w, { method: 'POST', url: `/api/cases/${c.id}/observables`, payload: { type: 'ip', value } });
    return { id: observable.id, tenant, version: observable.version, snapshot: readBack(w, `/api/observables/${observable.id}`) };
  },
  async attachment(w, tenant) {
    const c = await newCase(w, tenant);
    const attachment = await made(w, {
      method: 'POST', url: `/api/cases/${c.id}/attachments?filename=notes.txt`, payload: unique('attachment body'), headers: { 'content-type': 'text/plain' },
    });
    return { id: attachment.id, tenant, refs: { id: c.id, attachmentId: attachment.id }, snapshot: readBack(w, `/api/cases/${c.id}/attachments`) };
  },
  async 'case-template'(w, tenant) {
    const template = await made(w, { method: 'POST', url: '/api/case-templates', payload: { tenant, name: unique('Template') } });
    return { id: template.id, tenant, version: template.version, snapshot: readBack(w, `/api/case-templates/${template.id}`) };
  },
  async 'custom-field'(w, tenant) {
    const field = await made(w, { method: 'POST', url: '/api/custom-fields', payload: { tenant, name: unique('field').replace('-', '_'), type: 'string' } });
    return { id: field.id, tenant, version: field.version, snapshot: readBack(w, `/api/custom-fields/${field.id}`) };
  },
};

/** A change made in tenant A on a fresh resource, as staff. */
function changeOn(resource: string, audit: string, request: (r: Resource, w: World) => RouteRequest): RouteFixture['change'] {
  return { audit, request: async (w) => request(await CASE_RESOURCES[resource]!(w, w.tenantA), w) };
}

export const CASE_ROUTES: RouteFixture[] = [
  { route: 'GET /api/cases' },
  { route: 'POST /api/cases', change: { audit: 'case.create', request: async (w) => ({ method: 'POST', url: '/api/cases', payload: { tenant: w.tenantA, title: 'Phishing wave' } }) } },
  { route: 'GET /api/cases/:id', isolation: { resource: 'case' } },
  {
    route: 'PATCH /api/cases/:id',
    isolation: { resource: 'case', request: (r) => ({ payload: { version: r.version, title: 'Renamed by another tenant' } }) },
    change: changeOn('case', 'case.update', (r) => ({ method: 'PATCH', url: `/api/cases/${r.id}`, payload: { version: r.version, severity: 'high' } })),
  },
  { route: 'GET /api/cases/:id/alerts', isolation: { resource: 'case' } },
  {
    route: 'POST /api/cases/:id/alerts',
    isolation: { resource: 'case-with-alert', request: (r) => ({ payload: { alert_ids: [r.refs!.alert] } }) },
    change: changeOn('case-with-alert', 'case.add_alerts', (r) => ({ method: 'POST', url: `/api/cases/${r.id}/alerts`, payload: { alert_ids: [r.refs!.alert] } })),
  },
  {
    route: 'POST /api/cases/:id/merge',
    isolation: { resource: 'case-pair', request: (r) => ({ payload: { version: r.version, source_id: r.refs!.source } }) },
    change: changeOn('case-pair', 'case.merge', (r) => ({ method: 'POST', url: `/api/cases/${r.id}/merge`, payload: { version: r.version, source_id: r.refs!.source } })),
  },
  { route: 'GET /api/cases/:id/timeline', isolation: { resource: 'case' } },
  { route: 'GET /api/cases/:id/tasks', isolation: { resource: 'case' } },
  {
    route: 'POST /api/cases/:id/tasks',
    isolation: { resource: 'case', request: () => ({ payload: { title: 'From another tenant' } }) },
    change: changeOn('case', 'case_task.create', (r) => ({ method: 'POST', url: `/api/cases/${r.id}/tasks`, payload: { title: 'Reset passwords' } })),
  },
  { route: 'GET /api/tasks/:id', isolation: { resource: 'task' } },
  {
    route: 'PATCH /api/tasks/:id',
    isolation: { resource: 'task', request: (r) => ({ payload: { version: r.version, title: 'Renamed by another tenant' } }) },
    change: changeOn('task', 'case_task.update', (r) => ({ method: 'PATCH', url: `/api/tasks/${r.id}`, payload: { version: r.version, status: 'in_progress' } })),
  },
  { route: 'GET /api/tasks/:id/logs', isolation: { resource: 'task' } },
  {
    route: 'POST /api/tasks/:id/logs',
    isolation: { resource: 'task', request: () => ({ payload: { message: 'from another tenant' } }) },
    change: changeOn('task', 'case_task_log.create', (r) => ({ method: 'POST', url: `/api/tasks/${r.id}/logs`, payload: { message: 'done' } })),
  },
  { route: 'GET /api/cases/:id/observables', isolation: { resource: 'case' } },
  {
    route: 'POST /api/cases/:id/observables',
    isolation: { resource: 'case', request: () => ({ payload: { type: 'domain', value: 'from-another-tenant.example' } }) },
    change: changeOn('case', 'case_observable.create', (r) => ({ method: 'POST', url: `/api/cases/${r.id}/observables`, payload: { type: 'domain', value: 'evil.example' } })),
  },
  { route: 'GET /api/observables/:id', isolation: { resource: 'observable' } },
  {
    route: 'PATCH /api/observables/:id',
    isolation: { resource: 'observable', request: (r) => ({ payload: { version: r.version, ioc: true } }) },
    change: changeOn('observable', 'case_observable.update', (r) => ({ method: 'PATCH', url: `/api/observables/${r.id}`, payload: { version: r.version, ioc: true } })),
  },
  {
    route: 'DELETE /api/observables/:id',
    isolation: { resource: 'observable', request: (r) => ({ url: `/api/observables/${r.id}?version=${r.version}` }) },
    change: changeOn('observable', 'case_observable.delete', (r) => ({ method: 'DELETE', url: `/api/observables/${r.id}?version=${r.version}` })),
  },
  { route: 'GET /api/cases/:id/comments', isolation: { resource: 'case' } },
  {
    route: 'POST /api/cases/:id/comments',
    isolation: { resource: 'case', request: () => ({ payload: { body: 'from another tenant' } }) },
    change: changeOn('case', 'case_comment.create', (r) => ({ method: 'POST', url: `/api/cases/${r.id}/comments`, payload: { body: 'Contained.' } })),
  },
  { route: 'GET /api/cases/:id/attachments', isolation: { resource: 'case' } },
  { route: 'GET /api/cases/:id/attachments/:attachmentId', isolation: { resource: 'attachment' } },
  {
    route: 'POST /api/cases/:id/attachments',
    isolation: { resource: 'case', request: (r) => ({ url: `/api/cases/${r.id}/attachments?filename=x.txt`, payload: 'from another tenant', headers: { 'content-type': 'text/plain' } }) },
    change: changeOn('case', 'case_attachment.create', (r) => ({
      method: 'POST', url: `/api/cases/${r.id}/attachments?filename=mail.eml`, payload: 'Subject: invoice', headers: { 'content-type': 'message/rfc822' },
    })),
  },
  { route: 'GET /api/case-templates' },
  { route: 'POST /api/case-templates', change: { audit: 'case_template.create', request: async (w) => ({ method: 'POST', url: '/api/case-templates', payload: { tenant: w.tenantA, name: unique('Ransomware') } }) } },
  { route: 'GET /api/case-templates/:id', isolation: { resource: 'case-template' } },
  {
    route: 'PATCH /api/case-templates/:id',
    isolation: { resource: 'case-template', request: (r) => ({ payload: { version: r.version, name: unique('Renamed') } }) },
    change: changeOn('case-template', 'case_template.update', (r) => ({ method: 'PATCH', url: `/api/case-templates/${r.id}`, payload: { version: r.version, severity: 'high' } })),
  },
  {
    route: 'DELETE /api/case-templates/:id',
    isolation: { resource: 'case-template', request: (r) => ({ url: `/api/case-templates/${r.id}?version=${r.version}` }) },
    change: changeOn('case-template', 'case_template.delete', (r) => ({ method: 'DELETE', url: `/api/case-templates/${r.id}?version=${r.version}` })),
  },
  { route: 'GET /api/custom-fields' },
  {
    route: 'POST /api/custom-fields',
    change: { audit: 'custom_field.create', request: async (w) => ({ method: 'POST', url: '/api/custom-fields', payload: { tenant: w.tenantA, name: unique('ticket').replace('-', '_'), type: 'string' } }) },
  },
  { route: 'GET /api/custom-fields/:id', isolation: { resource: 'custom-field' } },
  {
    route: 'PATCH /api/custom-fields/:id',
    isolation: { resource: 'custom-field', request: (r) => ({ payload: { version: r.version, label: 'Renamed by another tenant' } }) },
    change: changeOn('custom-field', 'custom_field.update', (r) => ({ method: 'PATCH', url: `/api/custom-fields/${r.id}`, payload: { version: r.version, label: 'Ticket' } })),
  },
  {
    route: 'DELETE /api/custom-fields/:id',
    isolation: { resource: 'custom-field', request: (r) => ({ url: `/api/custom-fields/${r.id}?version=${r.version}` }) },
    change: changeOn('custom-field', 'custom_field.delete', (r) => ({ method: 'DELETE', url: `/api/custom-fields/${r.id}?version=${r.version}` })),
  },
];

/** A versioned resource of tenant A changed through PATCH with one field. */
function locked(name: string, route: string, url: (id: string) => string, field: string): LockedResource {
  return {
    name,
    routes: [route],
    create: (w) => CASE_RESOURCES[name]!(w, w.tenantA),
    write: (_w, r, version, value) => ({ method: 'PATCH', url: url(r.id), payload: { version, [field]: value } }),
    read: async (w, r) => String((await w.send(staff(w), { method: 'GET', url: url(r.id) })).json()[field]),
  };
}

export const CASE_LOCKS: LockedResource[] = [
  locked('case', 'PATCH /api/cases/:id', (id) => `/api/cases/${id}`, 'title'),
  locked('task', 'PATCH /api/tasks/:id', (id) => `/api/tasks/${id}`, 'title'),
  locked('observable', 'PATCH /api/observables/:id', (id) => `/api/observables/${id}`, 'description'),
  locked('case-template', 'PATCH /api/case-templates/:id', (id) => `/api/case-templates/${id}`, 'name'),
  locked('custom-field', 'PATCH /api/custom-fields/:id', (id) => `/api/custom-fields/${id}`, 'label'),
];
