import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Fastify from 'fastify';
import { raiseAlerts, updateAlert } from '../../alerts/index.js';
import { createApiKey } from '../../auth/api-keys.js';
import type { Role } from '../../auth/roles.js';
import { openStateDb, type StateDb } from '../../store/state/database.js';
import { createTenant, ensureDefaultTenant } from '../../tenants/tenants.js';
import { eventually } from '../../test-support/server-process.js';
import { tempDir } from '../../test-support/temp-dir.js';
import type { AppContext } from '../context.js';
import { registerAuth } from '../auth.js';
import { registerErrorHandler } from '../errors.js';
import { alertStreamRoutes, createAlertFeed, type AlertChangeEvent } from './alert-stream.js';

interface Received { id: string; event: AlertChangeEvent }

async function streamServer(t: TestContext) {
  const dir = await tempDir(t);
  const db = openStateDb(join(dir, 'state.db'));
  ensureDefaultTenant(db);
  createTenant(db, 'acme', 'Acme');
  const app = Fastify();
  registerErrorHandler(app);
  registerAuth(app, db);
  await app.register(alertStreamRoutes(createAlertFeed(db, { pollMs: 25 })), { db } as AppContext);
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const aborts: AbortController[] = [];
  t.after(async () => {
    for (const a of aborts) a.abort();
    await app.close();
    db.close();
  });
  const key = (role: Role, tenant: string | null = null) => `Bearer ${createApiKey(db, { name: role, role, tenant }).key}`;

  /** Opens the stream and collects its alert events as they come. */
  async function listen(authorization: string, lastEventId?: string) {
    const abort = new AbortController();
    aborts.push(abort);
    const response = await fetch(`${address}/api/alerts/stream`, { headers: { authorization, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) }, signal: abort.signal });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
    const received: Received[] = [];
    const decoder = new TextDecoder();
    let buffer = '';
    (async () => {
      for await (const chunk of response.body!) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const field = (name: string) => block.split('\n').find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
          if (field('event') === 'alert') received.push({ id: field('id')!, event: JSON.parse(field('data')!) as AlertChangeEvent });
        }
      }
    })().catch(() => undefined);
    return received;
  }
  return { db, address, key, listen };
}

function raise(db: StateDb, tenant: string, title: string, host: string): string {
  const result = raiseAlerts(db, [{
    tenant,
    rule: { id: `rule-${title}`, title, level: 'high', source: 'sigma', tags: ['attack.t1059.001'] },
    event: { id: `ev-${title}`, timestamp: Date.now(), fields: { 'host.name': host } },
  }]);
  return result.outcomes[0]!.alertId!;
}

test('new and changed alerts reach the listeners whose tenants they belong to', async (t) => {
  const { db, key, listen } = await streamServer(t);
  const staff = await listen(key('analyst'));
  const client = await listen(key('client_viewer', 'acme'));

  const ours = raise(db, 'default', 'Encoded PowerShell', 'ws-01');
  const theirs = raise(db, 'acme', 'SSH brute force', 'web-01');
  await eventually(async () => staff.length >= 2, 'two alerts on the staff stream');
  await eventually(async () => client.length >= 1, 'one alert on the client stream');
  assert.deepEqual(staff.map((r) => [r.event.change, r.event.alert.id, r.event.alert.rule.title]), [
    ['created', ours, 'Encoded PowerShell'],
    ['created', theirs, 'SSH brute force'],
  ]);
  assert.deepEqual(client.map((r) => r.event.alert.id), [theirs]);
  assert.deepEqual(staff[0]!.event.alert.rule.attack_techniques, ['T1059.001']);
  assert.equal(staff[0]!.id, String(staff[0]!.event.alert.updated_at));

  updateAlert(db, { kind: 'user', id: 'u1', name: 'alice' }, null, ours, { status: 'acknowledged', assignee: 'alice' }, 1);
  await eventually(async () => staff.length >= 3, 'the change');
  const change = staff[2]!.event;
  assert.equal(change.change, 'updated');
  assert.equal(change.alert.status, 'acknowledged');
  assert.equal(change.alert.assignee, 'alice');
  assert.equal(change.alert.version, 2);
  // The client's stream, in order, skipped the other tenant's change.
  const later = raise(db, 'acme', 'Later', 'web-02');
  await eventually(async () => client.length >= 2, 'the later client alert');
  assert.deepEqual(client.map((r) => r.event.alert.id), [theirs, later]);
});

test('a reconnecting client is caught up from Last-Event-ID', async (t) => {
  const { db, key, listen } = await streamServer(t);
  const analyst = key('analyst');
  const first = await listen(analyst);
  const a = raise(db, 'default', 'First', 'h1');
  await eventually(async () => first.length >= 1, 'the first alert');
  const lastId = first[0]!.id;
  await new Promise((r) => setTimeout(r, 5));
  const b = raise(db, 'default', 'Second', 'h2');
  await eventually(async () => first.length >= 2, 'the second alert');
  const again = await listen(analyst, lastId);
  await eventually(async () => again.some((r) => r.event.alert.id === b), 'the catch-up');
  assert.ok(again.every((r) => r.event.alert.id === a || r.event.alert.id === b));
  const c = raise(db, 'default', 'Third', 'h3');
  await eventually(async () => again.some((r) => r.event.alert.id === c), 'a live alert after the catch-up');
  assert.equal(again.filter((r) => r.event.alert.id === b).length, 1);
});

test('the stream needs alerts:read', async (t) => {
  const { address, key } = await streamServer(t);
  assert.equal((await fetch(`${address}/api/alerts/stream`)).status, 401);
  assert.equal((await fetch(`${address}/api/alerts/stream`, { headers: { authorization: key('ingest', 'default') } })).status, 403);
});
