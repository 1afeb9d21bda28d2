import { test } from 'node:test';
import assert from 'node:assert/strict';
import { raiseAlerts } from '../../alerts/raise.js';
import { alertsDomain, caseActor, createCase, updateCase } from '../../cases/index.js';
import { hit, HOUR, MINUTE } from '../../alerts/test-support.js';
import { createTenant } from '../../tenants/tenants.js';
import { testEngine } from '../../test-support/engine.js';

test('GET /api/metrics/soc: MTTD/MTTA/MTTR from alerts triaged over HTTP, scoped to the tenant', async (t) => {
  const engine = await testEngine(t);
  createTenant(engine.db, 'acme', 'ACME Corp');
  const now = Date.now();
  // Detected 5 and 15 minutes after their events.
  const a = raiseAlerts(engine.db, [hit({ host: 'h1', at: now - 5 * MINUTE })], { now }).outcomes[0]!.alertId!;
  raiseAlerts(engine.db, [hit({ host: 'h2', at: now - 15 * MINUTE, tenant: 'acme' })], { now });
  const analyst = engine.bearer('analyst');
  const patch = (payload: object) => engine.app.inject({ method: 'PATCH', url: `/api/alerts/${a}`, headers: { authorization: analyst }, payload });
  assert.equal((await patch({ version: 1, status: 'closed', disposition: 'false_positive' })).statusCode, 200);

  const get = (query: string, authorization = analyst) => engine.app.inject({ method: 'GET', url: `/api/metrics/soc${query}`, headers: { authorization } });
  const later = (await get(`?from=${now - HOUR}&to=${now + MINUTE}`)).json();
  assert.equal(later.overall.alerts, 2);
  assert.deepEqual(later.overall.mttd, { count: 2, mean_ms: 10 * MINUTE, median_ms: 10 * MINUTE });
  assert.equal(later.overall.mttr.count, 1);
  assert.equal(later.overall.mtta.count, 1);
  assert.deepEqual(later.false_positive_rate.map((r: { rate: number }) => r.rate), [1]);

  // Case resolution time comes from the cases domain: a case opened and resolved 20 minutes later.
  const who = caseActor({ kind: 'user', id: 'u1', name: 'carol', role: 'incident_handler', tenant: null });
  const opened = createCase(engine.db, who, { title: 'Phishing wave', severity: 'high' }, alertsDomain, now - 30 * MINUTE);
  updateCase(engine.db, who, opened.id, opened.version, { status: 'resolved', resolution_status: 'true_positive', summary: 'blocked' }, now - 10 * MINUTE);
  const withCases = (await get(`?from=${now - HOUR}&to=${now + MINUTE}`)).json();
  assert.deepEqual(withCases.overall.mttr_cases, { count: 1, mean_ms: 20 * MINUTE, median_ms: 20 * MINUTE });
  assert.deepEqual(withCases.by_tenant.find((b: { tenant: string }) => b.tenant === 'default').mttr_cases.count, 1);

  const viewer = engine.bearer('client_viewer', 'acme');
  const acme = (await get(`?from=${now - HOUR}&to=${now + MINUTE}`, viewer)).json();
  assert.equal(acme.overall.alerts, 1);
  assert.deepEqual(acme.by_tenant.map((b: { tenant: string }) => b.tenant), ['acme']);
  assert.equal((await get('?tenant=default', viewer)).statusCode, 403);
  assert.equal((await get(`?from=${now}&to=${now - HOUR}`)).statusCode, 400);
  assert.equal((await get('', engine.bearer('ingest'))).statusCode, 403);
});
