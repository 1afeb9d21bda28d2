import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createTenant } from '../../tenants/tenants.js';
import { testEngine, type TestEngine } from '../../test-support/engine.js';

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../../alerts/testdata/thehive/${name}.json`, import.meta.url), 'utf8'));

async function post(engine: TestEngine, url: string, authorization: string, body: unknown) {
  // Sent as the integrations send it: a JSON text with Content-Type application/json.
  const response = await engine.app.inject({ method: 'POST', url, headers: { authorization, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
  return { status: response.statusCode, body: response.json() };
}

test("Wazuh's and ElastAlert2's TheHive alerts are taken unchanged, in the key's tenant, answered in TheHive's shape", async (t) => {
  const engine = await testEngine(t);
  createTenant(engine.db, 'acme', 'ACME Corp');
  const key = engine.bearer('analyst', 'acme');

  const wazuh = await post(engine, '/api/alert', key, fixture('wazuh'));
  assert.equal(wazuh.status, 201, JSON.stringify(wazuh.body));
  assert.equal(typeof wazuh.body._id, 'string');
  assert.equal(wazuh.body.id, wazuh.body._id);
  assert.equal(wazuh.body._type, 'Alert');
  assert.equal(wazuh.body.title, 'sshd: Attempt to login using a non-existent user');
  assert.equal(wazuh.body.status, 'New');
  assert.equal(wazuh.body.severity, 2);
  assert.equal(wazuh.body.sourceRef, '3f9c1a');
  assert.equal(wazuh.body.observableCount, 2);
  assert.equal(typeof wazuh.body.createdAt, 'number');

  const elastalert = await post(engine, '/api/alert', key, fixture('elastalert2'));
  assert.equal(elastalert.status, 201, JSON.stringify(elastalert.body));
  const v5 = await post(engine, '/api/v1/alert', key, fixture('thehive5'));
  assert.equal(v5.status, 201, JSON.stringify(v5.body));
  assert.deepEqual([v5.body.severity, v5.body.severityLabel, v5.body.tlpLabel], [4, 'CRITICAL', 'AMBER+STRICT']);

  const alert = (await engine.app.inject({ method: 'GET', url: `/api/alerts/${elastalert.body._id}`, headers: { authorization: key } })).json();
  assert.equal(alert.tenant, 'acme');
  assert.equal(alert.source, 'thehive');
  assert.equal(alert.rule.id, 'thehive:elastalert:external');
  assert.equal(alert.rule.author, 'elastalert');
  assert.equal(alert.severity, 'high');
  assert.deepEqual(alert.entities, { host: 'db01.corp.example', user: 'svc_backup', source_ip: '198.51.100.7' });
  assert.equal(alert.details.thehive.customFields.hit_count, 12);
  assert.equal(alert.details.thehive.observables.length, 3);
  assert.equal(alert.first_seen, Date.parse('2026-11-21T06:00:00Z'));

  const audit = engine.db.prepare("SELECT action, actor_name, tenant_id FROM audit_log WHERE entity_id = ?").all(wazuh.body._id);
  assert.deepEqual(audit, [{ action: 'alert.create', actor_name: 'test analyst', tenant_id: 'acme' }]);
});

test('the same type, source and sourceRef twice is refused with 400, per tenant', async (t) => {
  const engine = await testEngine(t);
  createTenant(engine.db, 'acme', 'ACME Corp');
  const acme = engine.bearer('analyst', 'acme');
  const first = await post(engine, '/api/alert', acme, fixture('wazuh'));
  assert.equal(first.status, 201);
  const again = await post(engine, '/api/alert', acme, fixture('wazuh'));
  assert.equal(again.status, 400);
  assert.equal(again.body.error.details.type, 'ConflictError');
  assert.equal(again.body.error.details.alert_id, first.body._id);
  assert.match(again.body.error.message, /already exists/);
  // Another type with the same source and sourceRef is another alert, as in TheHive.
  assert.equal((await post(engine, '/api/alert', acme, { ...fixture('wazuh'), type: 'wazuh_fim' })).status, 201);
  // Another tenant has its own namespace.
  assert.equal((await post(engine, '/api/alert', engine.bearer('analyst', 'default'), fixture('wazuh'))).status, 201);
  // A SOC staff key says which tenant it posts for; default otherwise.
  const staff = engine.bearer('analyst');
  assert.equal((await post(engine, '/api/alert?tenant=acme', staff, { ...fixture('wazuh'), sourceRef: 'x2' })).status, 201);
  assert.equal((await post(engine, '/api/alert?tenant=default', acme, { ...fixture('wazuh'), sourceRef: 'x3' })).status, 403);
  const count = engine.db.prepare("SELECT tenant_id, COUNT(*) AS n FROM alerts GROUP BY tenant_id ORDER BY tenant_id").all();
  assert.deepEqual(count, [{ tenant_id: 'acme', n: 3 }, { tenant_id: 'default', n: 1 }]);
});

test('an exception silences an integration alert too: answered 201 with status Ignored', async (t) => {
  const engine = await testEngine(t);
  const key = engine.bearer('incident_handler', 'default');
  const exception = await engine.app.inject({
    method: 'POST', url: '/api/exceptions', headers: { authorization: key },
    payload: { rule_id: 'thehive:wazuh:wazuh_alert', conditions: [{ field: 'source.ip', value: '203.0.113.45' }], reason: 'our scanner' },
  });
  assert.equal(exception.statusCode, 201, exception.body);
  const r = await post(engine, '/api/alert', key, fixture('wazuh'));
  assert.equal(r.status, 201);
  assert.equal(r.body.status, 'Ignored');
  assert.equal(r.body._id, null);
  assert.equal(r.body.suppressedBy, exception.json().id);
  assert.equal(engine.db.prepare('SELECT COUNT(*) FROM alerts').pluck().get(), 0);
});

test('a malformed TheHive alert is a 400 naming the field', async (t) => {
  const engine = await testEngine(t);
  const key = engine.bearer('analyst');
  const r = await post(engine, '/api/alert', key, { ...fixture('wazuh'), severity: 9 });
  assert.equal(r.status, 400);
  assert.match(r.body.error.message, /severity/);
  const missing = await post(engine, '/api/alert', key, { title: 'x', type: 'y', source: 'z' });
  assert.equal(missing.status, 400);
  assert.match(missing.body.error.message, /sourceRef/);
});
