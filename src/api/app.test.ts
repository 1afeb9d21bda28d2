import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { createTenant } from '../tenants/tenants.js';
import { testEngine } from '../test-support/engine.js';

const SSH_FAIL = '<38>Nov 22 04:52:15 web01 sshd[4242]: Failed password for invalid user oracle from 203.0.113.7 port 51234 ssh2';

test('every route but /health requires credentials', async (t) => {
  const { app } = await testEngine(t);
  assert.equal((await app.inject({ method: 'GET', url: '/health' })).statusCode, 200);
  for (const [method, url] of [['GET', '/api/events/search'], ['POST', '/api/ingest'], ['POST', '/_bulk'], ['GET', '/'], ['GET', '/metrics'], ['GET', '/api/apikeys'], ['GET', '/api/docs/json'], ['GET', '/no/such/route']] as const) {
    const response = await app.inject({ method, url });
    assert.equal(response.statusCode, 401, `${method} ${url}`);
    assert.equal(response.json().error.code, 'unauthorized');
  }
  const wrong = await app.inject({ method: 'GET', url: '/api/events/search', headers: { authorization: 'Bearer vgl_not-a-real-key' } });
  assert.equal(wrong.statusCode, 401);
});

test('an ingest key can send events and nothing else; events become searchable', async (t) => {
  const engine = await testEngine(t);
  const ingest = engine.bearer('ingest');
  const analyst = engine.bearer('analyst');
  const body = [JSON.stringify({ message: 'hello', 'user.name': 'alice' }), SSH_FAIL].join('\n');
  const sent = await engine.app.inject({ method: 'POST', url: '/api/ingest', headers: { authorization: ingest, 'content-type': 'application/x-ndjson' }, payload: body });
  assert.equal(sent.statusCode, 200, sent.body);
  assert.deepEqual(sent.json(), { accepted: 2 });
  assert.equal((await engine.app.inject({ method: 'GET', url: '/api/events/search', headers: { authorization: ingest } })).statusCode, 403);
  await engine.events.flush();

  const found = await engine.app.inject({ method: 'GET', url: '/api/events/search?q=user.name:alice', headers: { authorization: analyst } });
  assert.equal(found.statusCode, 200, found.body);
  assert.equal(found.json().total, 1);
  assert.equal(found.json().events[0].message, 'hello');

  const ssh = await engine.app.inject({ method: 'GET', url: `/api/events/search?q=${encodeURIComponent('source.ip:203.0.113.0/24 AND event.outcome:failure')}`, headers: { authorization: analyst } });
  assert.equal(ssh.json().total, 1, ssh.body);
  const event = ssh.json().events[0];
  assert.equal(event['user.name'], 'oracle');
  assert.equal(event['host.name'], 'web01');
  assert.equal(event['event.original'], SSH_FAIL);

  const top = await engine.app.inject({ method: 'GET', url: '/api/events/top?field=host.name', headers: { authorization: analyst } });
  assert.deepEqual(top.json().values, [{ value: 'web01', count: 1 }]);
  const histogram = await engine.app.inject({ method: 'GET', url: '/api/events/histogram', headers: { authorization: analyst } });
  assert.equal(histogram.json().buckets.reduce((n: number, b: { count: number }) => n + b.count, 0), 2);
});

test('a query syntax error answers 400 with its position', async (t) => {
  const engine = await testEngine(t);
  const response = await engine.app.inject({ method: 'GET', url: `/api/events/search?q=${encodeURIComponent('user.name:(alice OR')}`, headers: { authorization: engine.bearer('analyst') } });
  assert.equal(response.statusCode, 400);
  assert.equal(response.json().error.code, 'query_syntax');
  assert.equal(typeof response.json().error.details.position, 'number');
});

test('Elasticsearch-compatible probes and _bulk, gzip bodies included', async (t) => {
  const engine = await testEngine(t);
  const auth = { authorization: engine.bearer('ingest') };
  const info = await engine.app.inject({ method: 'GET', url: '/', headers: auth });
  assert.equal(info.headers['x-elastic-product'], 'Elasticsearch');
  assert.match(info.json().version.number, /^8\./);
  assert.equal((await engine.app.inject({ method: 'HEAD', url: '/', headers: auth })).statusCode, 200);
  assert.equal((await engine.app.inject({ method: 'GET', url: '/_license', headers: auth })).json().license.status, 'active');
  assert.equal((await engine.app.inject({ method: 'PUT', url: '/_index_template/filebeat-8', headers: auth, payload: '{}' })).json().acknowledged, true);

  const bulk = [
    '{"create":{"_index":"filebeat-8.17.0"}}', '{"@timestamp":"2026-11-20T10:00:00Z","message":"from beats","host":{"name":"srv1"}}',
    '{"index":{}}', 'this is not json',
    '{"delete":{"_id":"x"}}',
  ].join('\n') + '\n';
  const response = await engine.app.inject({
    method: 'POST', url: '/logs/_bulk',
    headers: { ...auth, 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' },
    payload: gzipSync(bulk),
  });
  assert.equal(response.statusCode, 200, response.body);
  const result = response.json();
  assert.equal(result.errors, true);
  assert.equal(result.items.length, 3);
  assert.equal(result.items[0].create.status, 201);
  assert.equal(result.items[0].create._index, 'filebeat-8.17.0');
  assert.equal(result.items[1].index._index, 'logs');
  assert.equal(result.items[1].index.status, 201);
  assert.equal(result.items[2].delete.status, 400);

  await engine.events.flush();
  const analyst = { authorization: engine.bearer('analyst') };
  const stored = (await engine.app.inject({ method: 'GET', url: '/api/events/search', headers: analyst })).json();
  assert.equal(stored.total, 2);
  const beats = stored.events.find((e: Record<string, unknown>) => e.message === 'from beats');
  assert.equal(beats['host.name'], 'srv1');
  assert.equal(beats['@timestamp'], '2026-11-20T10:00:00.000Z');
  // Garbage is kept, with its text and a parse_failure tag: never dropped.
  const garbage = stored.events.find((e: Record<string, unknown>) => e['event.original'] === 'this is not json');
  assert.ok(garbage, 'the malformed document is stored');

  const malformed = await engine.app.inject({ method: 'POST', url: '/_bulk', headers: auth, payload: 'nonsense\n' });
  assert.equal(malformed.statusCode, 400);
  assert.match(malformed.json().error.message, /line 1/);
});

test('Beats-style ApiKey and basic credentials are accepted', async (t) => {
  const engine = await testEngine(t);
  const key = engine.bearer('ingest').slice('Bearer '.length);
  const beats = `ApiKey ${Buffer.from(`someid:${key}`).toString('base64')}`;
  assert.equal((await engine.app.inject({ method: 'GET', url: '/', headers: { authorization: beats } })).statusCode, 200);
  assert.equal((await engine.app.inject({ method: 'GET', url: '/', headers: { authorization: `ApiKey ${key}` } })).statusCode, 200);
  const basic = `Basic ${Buffer.from(`anything:${key}`).toString('base64')}`;
  assert.equal((await engine.app.inject({ method: 'GET', url: '/', headers: { authorization: basic } })).statusCode, 200);
  const admin = `Basic ${Buffer.from('admin:admin-password-for-tests').toString('base64')}`;
  assert.equal((await engine.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: admin } })).statusCode, 200);
  const bad = `Basic ${Buffer.from('admin:wrong').toString('base64')}`;
  assert.equal((await engine.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: bad } })).statusCode, 401);
});

test('events belong to the tenant of the key that sent them, and searches see only their tenant', async (t) => {
  const engine = await testEngine(t);
  createTenant(engine.db, 'acme', 'ACME Corp');
  const send = async (tenant: string, text: string) => {
    const r = await engine.app.inject({ method: 'POST', url: '/api/ingest', headers: { authorization: engine.bearer('ingest', tenant) }, payload: text });
    assert.equal(r.statusCode, 200, r.body);
  };
  await send('default', 'default tenant event');
  await send('acme', 'acme tenant event');
  // An ingest key cannot write into another tenant.
  const cross = await engine.app.inject({ method: 'POST', url: '/api/ingest?tenant=default', headers: { authorization: engine.bearer('ingest', 'acme') }, payload: 'x' });
  assert.equal(cross.statusCode, 403);
  // Staff may name a tenant, but only one that exists: nothing is stored under a typo.
  for (const url of ['/api/ingest?tenant=acmee', '/_bulk?tenant=acmee']) {
    const unknown = await engine.app.inject({ method: 'POST', url, headers: { authorization: engine.bearer('admin') }, payload: '{"create":{}}\n{"message":"x"}\n' });
    assert.equal(unknown.statusCode, 400, url);
    assert.match(unknown.json().error.message, /unknown tenant acmee/);
  }
  await engine.events.flush();
  const acmeViewer = engine.bearer('client_viewer', 'acme');
  const seen = (await engine.app.inject({ method: 'GET', url: '/api/events/search', headers: { authorization: acmeViewer } })).json();
  assert.deepEqual(seen.events.map((e: Record<string, unknown>) => e.message), ['acme tenant event']);
  assert.equal((await engine.app.inject({ method: 'GET', url: '/api/events/search?tenant=default', headers: { authorization: acmeViewer } })).statusCode, 403);
  const staff = (await engine.app.inject({ method: 'GET', url: '/api/events/search', headers: { authorization: engine.bearer('analyst') } })).json();
  assert.equal(staff.total, 2);
});

test('when ingestion is behind, HTTP answers 429 with Retry-After, and takes events again once it caught up', async (t) => {
  const engine = await testEngine(t, { ingest: { max_in_flight: 1, max_backlog_mb: 2048 } });
  const auth = { authorization: engine.bearer('ingest') };
  // A batch still on its way to disk fills the pipeline (its limit is one record here).
  const pending = engine.pipeline.ingest([{ text: 'in flight', received: Date.now(), origin: { source: 'test' }, tenant: 'default' }]);
  assert.equal(engine.pipeline.overloaded, true);
  const refused = await engine.app.inject({ method: 'POST', url: '/api/ingest', headers: auth, payload: 'three' });
  assert.equal(refused.statusCode, 429);
  assert.equal(refused.headers['retry-after'], '1');
  assert.equal(refused.json().error.code, 'overloaded');
  await pending;
  await engine.pipeline.whenReady();
  const accepted = await engine.app.inject({ method: 'POST', url: '/api/ingest', headers: auth, payload: 'one\ntwo' });
  assert.equal(accepted.statusCode, 200);
  const metrics = await engine.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: engine.bearer('admin') } });
  assert.match(metrics.body, /events_dropped_total\{component="http",reason="overload_refused"\} 1/);
  assert.match(metrics.body, /events_stored_total\{component="http"\} 2/);
});

test('API keys: created with a role, listed without the secret, revoked', async (t) => {
  const engine = await testEngine(t);
  const admin = { authorization: engine.bearer('admin') };
  const created = await engine.app.inject({ method: 'POST', url: '/api/apikeys', headers: admin, payload: { name: 'fluent-bit', role: 'ingest' } });
  assert.equal(created.statusCode, 201, created.body);
  const { key, id } = created.json();
  assert.match(key, /^vgl_/);
  const list = (await engine.app.inject({ method: 'GET', url: '/api/apikeys', headers: admin })).json();
  assert.ok(list.items.some((k: { id: string }) => k.id === id));
  assert.ok(!JSON.stringify(list).includes(key));
  assert.equal((await engine.app.inject({ method: 'DELETE', url: `/api/apikeys/${id}`, headers: admin })).statusCode, 204);
  assert.equal((await engine.app.inject({ method: 'GET', url: '/', headers: { authorization: `Bearer ${key}` } })).statusCode, 401);
  const bad = await engine.app.inject({ method: 'POST', url: '/api/apikeys', headers: admin, payload: { name: 'x', role: 'wizard' } });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.json().error.message, /role/);
});
