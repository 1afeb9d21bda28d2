import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hit } from '../../alerts/test-support.js';
import { createTenant } from '../../tenants/tenants.js';
import { testEngine } from '../../test-support/engine.js';

test('exceptions over HTTP: from an alert, from scratch, hit counts, expiry rules, tenant scope, delete, audit', async (t) => {
  const engine = await testEngine(t);
  createTenant(engine.db, 'acme', 'ACME Corp');
  const handler = { authorization: engine.bearer('incident_handler') };
  const call = async (method: 'GET' | 'POST' | 'DELETE', url: string, headers: { authorization: string }, payload?: object) => {
    const r = await engine.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
    return { status: r.statusCode, body: r.body ? r.json() : undefined };
  };

  const [first] = engine.ctx.alerts.raise([hit({ host: 'sccm01' })]).outcomes;
  const fromAlert = await call('POST', `/api/alerts/${first!.alertId}/exceptions`, handler, {
    fields: ['host.name', 'process.command_line'], reason: 'SCCM client health script', expires_at: new Date(Date.now() + 86_400_000).toISOString(),
  });
  assert.equal(fromAlert.status, 201, JSON.stringify(fromAlert.body));
  assert.equal(fromAlert.body.rule_id, 'rule-encoded-powershell');
  assert.equal(fromAlert.body.created_by.name, 'test incident_handler');
  assert.equal((await call('POST', `/api/alerts/${first!.alertId}/exceptions`, handler, { fields: ['no.such.field'], reason: 'x' })).status, 400);

  // The same hits again are silenced and counted; another host still alerts.
  const result = engine.ctx.alerts.raise([hit({ host: 'sccm01' }), hit({ host: 'sccm01' }), hit({ host: 'ws77' })]);
  assert.deepEqual([result.suppressed, result.created], [2, 1]);
  const listed = await call('GET', '/api/exceptions', handler);
  assert.equal(listed.body.items.length, 1);
  assert.equal(listed.body.items[0].hit_count, 2);
  assert.equal(typeof listed.body.items[0].last_hit_at, 'number');

  // From scratch, for a tenant; tenant-scoped callers cannot name another tenant.
  const scratch = await call('POST', '/api/exceptions', handler, { tenant: 'acme', rule_id: null, conditions: [{ field: 'user.name', value: 'svc_scan' }], reason: 'scanner' });
  assert.equal(scratch.status, 201, JSON.stringify(scratch.body));
  assert.equal(scratch.body.tenant, 'acme');
  const acmeHandler = { authorization: engine.bearer('incident_handler', 'acme') };
  assert.equal((await call('POST', '/api/exceptions', acmeHandler, { tenant: 'default', rule_id: 'r', reason: 'x' })).status, 403);
  assert.equal((await call('POST', '/api/exceptions', handler, { tenant: 'nowhere', rule_id: 'r', reason: 'x' })).status, 400);
  assert.deepEqual((await call('GET', '/api/exceptions', acmeHandler)).body.items.map((e: { id: string }) => e.id), [scratch.body.id]);
  // The acme exception does not silence default's alerts for the same user.
  assert.equal(engine.ctx.alerts.raise([hit({ user: 'svc_scan', host: 'h1' })]).created, 1);
  assert.equal(engine.ctx.alerts.raise([hit({ user: 'svc_scan', host: 'h1', tenant: 'acme' })]).suppressed, 1);

  const refusals: [object, RegExp][] = [
    [{ rule_id: null, reason: 'everything' }, /silence everything/],
    [{ rule_id: 'r', reason: 'x', expires_at: '2001-01-01T00:00:00Z' }, /future/],
    [{ rule_id: 'r', reason: 'x', expires_at: Date.now() + 400 * 86_400_000 }, /365 days/],
    [{ rule_id: 'r', reason: 'x', expires_at: 'next tuesday' }, /expires_at/],
    [{ rule_id: 'r' }, /reason/],
  ];
  for (const [payload, message] of refusals) {
    const r = await call('POST', '/api/exceptions', handler, payload);
    assert.equal(r.status, 400, JSON.stringify(payload));
    assert.match(r.body.error.message, message);
  }

  assert.equal((await call('DELETE', `/api/exceptions/${fromAlert.body.id}`, handler)).status, 204);
  assert.equal((await call('GET', `/api/exceptions/${fromAlert.body.id}`, handler)).status, 404);
  // Raised again: into the sccm01 alert still open.
  assert.equal(engine.ctx.alerts.raise([hit({ host: 'sccm01' })]).grouped, 1);
  const audit = engine.db.prepare("SELECT action FROM audit_log WHERE entity_type = 'alert_exception' ORDER BY id").pluck().all();
  assert.deepEqual(audit, ['exception.create', 'exception.create', 'exception.delete']);

  const metrics = await engine.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: engine.bearer('admin') } });
  assert.match(metrics.body, /alerts_suppressed_total\{rule_level="high"\} 3/);
  assert.match(metrics.body, /alerts_raised_total\{rule_level="high"\} 3/);
  assert.match(metrics.body, /alerts_grouped_total\{rule_level="high"\} 1/);
});
