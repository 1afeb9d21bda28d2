import { test } from 'node:test';
import assert from 'node:assert/strict';
import { raiseAlerts } from '../../alerts/raise.js';
import { hit, HOUR, MINUTE, T0 } from '../../alerts/test-support.js';
import { createTenant } from '../../tenants/tenants.js';
import { testEngine, type TestEngine } from '../../test-support/engine.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

function client(engine: TestEngine) {
  return async (method: Method, url: string, authorization: string, payload?: unknown) => {
    const response = await engine.app.inject({ method, url, headers: { authorization }, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { status: response.statusCode, body: response.body ? response.json() : undefined };
  };
}

function auditOf(engine: TestEngine, entityId: string): { action: string; actor_name: string; before: any; after: any }[] {
  return (engine.db.prepare('SELECT action, actor_name, before_json, after_json FROM audit_log WHERE entity_id = ? ORDER BY id').all(entityId) as
    { action: string; actor_name: string; before_json: string | null; after_json: string | null }[])
    .map((r) => ({ action: r.action, actor_name: r.actor_name, before: r.before_json && JSON.parse(r.before_json), after: r.after_json && JSON.parse(r.after_json) }));
}

/** Alerts with known times and entities in two tenants. */
function seed(engine: TestEngine) {
  createTenant(engine.db, 'acme', 'ACME Corp');
  const raise = (options: Parameters<typeof hit>[0], now: number) => raiseAlerts(engine.db, [hit(options)], { now }).outcomes[0]!.alertId!;
  return {
    ps: raise({ host: 'ws01', user: 'alice', at: T0 }, T0 + MINUTE),
    lateral: raise({ host: 'ws01', user: 'bob', ruleId: 'psexec', title: 'PsExec service installed', level: 'critical', ip: '10.0.0.9', at: T0 + HOUR }, T0 + HOUR + MINUTE),
    recon: raise({ host: 'ws02', user: 'alice', ruleId: 'whoami', title: 'Whoami /all recon', level: 'low', at: T0 + 2 * HOUR }, T0 + 2 * HOUR + MINUTE),
    acme: raise({ tenant: 'acme', host: 'srv9', user: 'root', at: T0 }, T0 + MINUTE),
  };
}

test('the queue: filters, sort, pages, tenant scope', async (t) => {
  const engine = await testEngine(t);
  const ids = seed(engine);
  const call = client(engine);
  const staff = engine.bearer('analyst');
  const list = async (query: string, auth = staff) => {
    const r = await call('GET', `/api/alerts${query}`, auth);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return (r.body.items as { id: string }[]).map((a) => a.id);
  };
  // Newest first; the two created in the same millisecond come in id order.
  assert.deepEqual(await list(''), [ids.recon, ids.lateral, ids.acme, ids.ps]);
  assert.deepEqual(await list('?tenant=acme'), [ids.acme]);
  assert.deepEqual(await list('?host=WS01&sort=created_at&order=asc'), [ids.ps, ids.lateral]);
  assert.deepEqual(await list('?user=alice&tenant=default&order=asc'), [ids.ps, ids.recon]);
  assert.deepEqual(await list('?source_ip=10.0.0.9'), [ids.lateral]);
  assert.deepEqual(await list('?rule_id=whoami'), [ids.recon]);
  assert.deepEqual(await list('?severity=critical,low&order=asc'), [ids.lateral, ids.recon]);
  assert.deepEqual(await list('?q=psexec'), [ids.lateral]);
  assert.deepEqual(await list(`?from=${T0 + HOUR}&to=${T0 + 2 * HOUR + 2 * MINUTE}&order=asc`), [ids.lateral, ids.recon]);
  assert.deepEqual(await list(`?time_field=last_seen&from=${new Date(T0 + 90 * MINUTE).toISOString()}`), [ids.recon]);
  assert.deepEqual(await list('?sort=severity&tenant=default'), [ids.lateral, ids.ps, ids.recon]);
  assert.deepEqual(await list('?status=closed'), []);
  assert.deepEqual(await list('?unassigned=true&tenant=acme'), [ids.acme]);

  // Pages of 2 in severity order cover everything exactly once.
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const r = await call('GET', `/api/alerts?sort=severity&limit=2${cursor ? `&cursor=${cursor}` : ''}`, staff);
    seen.push(...r.body.items.map((a: { id: string }) => a.id));
    cursor = r.body.next_cursor;
  } while (cursor);
  assert.deepEqual([...seen].sort(), Object.values(ids).sort());

  const viewer = engine.bearer('client_viewer', 'acme');
  assert.deepEqual(await list('', viewer), [ids.acme]);
  assert.equal((await call('GET', '/api/alerts?tenant=default', viewer)).status, 403);
  assert.equal((await call('GET', '/api/alerts?severity=severe', staff)).status, 400);
  assert.equal((await call('GET', '/api/alerts?colour=red', staff)).status, 400);
  assert.equal((await call('GET', '/api/alerts?cursor=garbage', staff)).status, 400);
});

test('the alert page: rule with author, events sample, matched fields, entities, comments, related alerts', async (t) => {
  const engine = await testEngine(t);
  const ids = seed(engine);
  const call = client(engine);
  const staff = engine.bearer('analyst');
  assert.equal((await call('POST', `/api/alerts/${ids.ps}/comments`, staff, { body: 'Checked with **IT**' })).status, 201);
  const r = await call('GET', `/api/alerts/${ids.ps}`, staff);
  assert.equal(r.status, 200);
  const alert = r.body;
  assert.equal(alert.rule.author, 'Jane Doe');
  assert.deepEqual(alert.rule.attack_techniques, ['T1059.001']);
  assert.deepEqual(alert.entities, { host: 'ws01', user: 'alice', source_ip: null });
  assert.equal(alert.samples[0].fields['process.command_line'], 'powershell.exe -enc SQBFAFgA');
  assert.deepEqual(alert.samples[0].matched_fields, { 'process.command_line': 'powershell.exe -enc SQBFAFgA' });
  assert.equal(alert.event_ids.length, 1);
  assert.equal(alert.comments[0].body, 'Checked with **IT**');
  assert.equal(alert.comments[0].author.name, 'test analyst');
  assert.deepEqual(alert.related.map((a: { id: string; shared: string[] }) => [a.id, a.shared]).sort(), [[ids.lateral, ['host']], [ids.recon, ['user']]].sort());
  assert.equal(alert.mttd_ms, MINUTE);
});

test('triage: transitions, disposition rule, 409 on a stale version, an audit entry per change', async (t) => {
  const engine = await testEngine(t);
  const { ps } = seed(engine);
  const call = client(engine);
  const analyst = engine.bearer('analyst');
  const url = `/api/alerts/${ps}`;

  const ack = await call('PATCH', url, analyst, { version: 1, status: 'acknowledged', assignee: 'carol' });
  assert.equal(ack.status, 200, JSON.stringify(ack.body));
  assert.equal(ack.body.version, 2);
  assert.equal(typeof ack.body.acknowledged_at, 'number');
  const stale = await call('PATCH', url, analyst, { version: 1, status: 'in_progress' });
  assert.equal(stale.status, 409);
  assert.equal(stale.body.error.code, 'conflict');
  assert.equal(stale.body.error.details.current_version, 2);
  assert.equal((await call('GET', url, analyst)).body.status, 'acknowledged');

  const noDisposition = await call('PATCH', url, analyst, { version: 2, status: 'closed' });
  assert.equal(noDisposition.status, 400);
  assert.match(noDisposition.body.error.message, /requires a disposition/);
  assert.equal((await call('PATCH', url, analyst, { version: 2, status: 'closed', disposition: 'maybe' })).status, 400);
  assert.equal((await call('PATCH', url, analyst, { status: 'closed', disposition: 'benign' })).status, 400, 'version is required');
  const closed = await call('PATCH', url, analyst, { version: 2, status: 'closed', disposition: 'benign', severity: 'low' });
  assert.equal(closed.status, 200);
  assert.deepEqual([closed.body.status, closed.body.disposition, closed.body.severity, closed.body.rule.level], ['closed', 'benign', 'low', 'high']);
  assert.equal(typeof closed.body.closed_at, 'number');

  const audit = auditOf(engine, ps);
  assert.deepEqual(audit.map((a) => a.action), ['alert.update', 'alert.update']);
  assert.equal(audit[0]!.actor_name, 'test analyst');
  assert.deepEqual([audit[0]!.before.status, audit[0]!.after.status, audit[0]!.after.assignee], ['new', 'acknowledged', 'carol']);
  assert.deepEqual([audit[1]!.before.status, audit[1]!.after.status, audit[1]!.after.disposition], ['acknowledged', 'closed', 'benign']);
});

test('bulk: one change, a result per alert, scoped to the caller', async (t) => {
  const engine = await testEngine(t);
  const ids = seed(engine);
  const call = client(engine);
  const handler = engine.bearer('incident_handler', 'default');
  const r = await call('POST', '/api/alerts/bulk', handler, {
    ids: [ids.ps, ids.lateral, ids.acme, 'no-such-alert'],
    change: { status: 'closed', disposition: 'duplicate' },
    versions: { [ids.lateral]: 9 },
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.results.map((x: { id: string; ok: boolean; error?: { code: string } }) => [x.id, x.ok ? 'ok' : x.error!.code]), [
    [ids.ps, 'ok'], [ids.lateral, 'conflict'], [ids.acme, 'not_found'], ['no-such-alert', 'not_found'],
  ]);
  assert.deepEqual([r.body.updated, r.body.failed], [1, 3]);
  assert.equal((await call('GET', `/api/alerts/${ids.ps}`, handler)).body.disposition, 'duplicate');
  assert.deepEqual(auditOf(engine, ids.ps).map((a) => a.action), ['alert.update']);
  assert.deepEqual(auditOf(engine, ids.lateral), []);
  assert.equal((await call('POST', '/api/alerts/bulk', handler, { ids: [], change: {} })).status, 400);
});

test("another tenant's alert or exception is a 404 on every route", async (t) => {
  const engine = await testEngine(t);
  const { ps } = seed(engine);
  const call = client(engine);
  const staff = engine.bearer('incident_handler');
  const exception = await call('POST', '/api/exceptions', staff, { tenant: 'default', rule_id: 'r', reason: 'test', conditions: [{ field: 'host.name', value: 'x' }] });
  assert.equal(exception.status, 201, JSON.stringify(exception.body));
  const outsider = engine.bearer('incident_handler', 'acme');
  const routes: [Method, string, unknown?][] = [
    ['GET', `/api/alerts/${ps}`],
    ['PATCH', `/api/alerts/${ps}`, { version: 1, status: 'acknowledged' }],
    ['POST', `/api/alerts/${ps}/comments`, { body: 'hello' }],
    ['POST', `/api/alerts/${ps}/exceptions`, { fields: ['host.name'], reason: 'x' }],
    ['GET', `/api/exceptions/${exception.body.id}`],
    ['DELETE', `/api/exceptions/${exception.body.id}`],
  ];
  for (const [method, url, payload] of routes) {
    const r = await call(method, url, outsider, payload);
    assert.equal(r.status, 404, `${method} ${url}`);
    assert.equal(r.body.error.code, 'not_found');
  }
  const bulk = await call('POST', '/api/alerts/bulk', outsider, { ids: [ps], change: { status: 'acknowledged' } });
  assert.equal(bulk.body.results[0].error.code, 'not_found');
  assert.deepEqual((await call('GET', '/api/exceptions', outsider)).body.items, []);
  assert.deepEqual(auditOf(engine, ps), []);
});

test('permissions: viewers read, analysts triage, handlers make exceptions, ingest keys nothing', async (t) => {
  const engine = await testEngine(t);
  const { ps } = seed(engine);
  const call = client(engine);
  const as = {
    viewer: engine.bearer('client_viewer', 'default'),
    analyst: engine.bearer('analyst'),
    handler: engine.bearer('incident_handler'),
    ingest: engine.bearer('ingest'),
  };
  const change: [Method, string, unknown][] = [
    ['PATCH', `/api/alerts/${ps}`, { version: 1, assignee: 'x' }],
    ['POST', `/api/alerts/${ps}/comments`, { body: 'x' }],
    ['POST', '/api/alerts/bulk', { ids: [ps], change: { assignee: 'x' } }],
    ['POST', '/api/alert', { title: 't', type: 'x', source: 's', sourceRef: 'r' }],
  ];
  const exceptions: [Method, string, unknown][] = [
    ['POST', `/api/alerts/${ps}/exceptions`, { fields: ['host.name'], reason: 'x' }],
    ['POST', '/api/exceptions', { rule_id: 'r', reason: 'x' }],
  ];
  const reads: [Method, string][] = [['GET', '/api/alerts'], ['GET', `/api/alerts/${ps}`], ['GET', '/api/exceptions'], ['GET', '/api/metrics/soc']];

  for (const [method, url] of reads) {
    assert.equal((await call(method, url, as.viewer)).status, 200, `viewer ${method} ${url}`);
    assert.equal((await call(method, url, as.ingest)).status, 403, `ingest ${method} ${url}`);
    assert.equal((await engine.app.inject({ method, url })).statusCode, 401, `anonymous ${method} ${url}`);
  }
  for (const [method, url, payload] of [...change, ...exceptions]) {
    assert.equal((await call(method, url, as.viewer, payload)).status, 403, `viewer ${method} ${url}`);
    assert.equal((await call(method, url, as.ingest, payload)).status, 403, `ingest ${method} ${url}`);
  }
  for (const [method, url, payload] of exceptions) {
    const r = await call(method, url, as.analyst, payload);
    assert.equal(r.status, 403, `analyst ${method} ${url}`);
    assert.match(r.body.error.message, /exceptions:write/);
  }
  assert.equal((await call('PATCH', `/api/alerts/${ps}`, as.analyst, { version: 1, assignee: 'x' })).status, 200);
  assert.equal((await call('POST', `/api/alerts/${ps}/exceptions`, as.handler, { fields: ['host.name'], reason: 'x' })).status, 201);
  const exception = await call('POST', '/api/exceptions', as.handler, { rule_id: 'r', reason: 'x' });
  assert.equal(exception.status, 201);
  assert.equal((await call('DELETE', `/api/exceptions/${exception.body.id}`, as.viewer)).status, 403);
  assert.equal((await call('DELETE', `/api/exceptions/${exception.body.id}`, as.analyst)).status, 403);
});
