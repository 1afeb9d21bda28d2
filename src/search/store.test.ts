// Compiled queries over events written by the real event store (WAL → Parquet), read through
// the store's own connections with SEARCH_SQL_MACROS as their setup.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { VigilEvent } from '../event/event.js';
import { openEventStore } from '../store/events/event-store.js';
import { silentLogger } from '../test-support/logger.js';
import { tempDir } from '../test-support/temp-dir.js';
import { compileQuery, SEARCH_SQL_MACROS } from './index.js';
import { createSearchService } from './service.js';

const T0 = Date.UTC(2024, 4, 1, 12);

function event(id: string, offsetMs: number, fields: VigilEvent['fields']): VigilEvent {
  return { id, tenant: 'default', timestamp: T0 + offsetMs, fields: { 'event.original': `original ${id}`, ...fields } };
}

const EVENTS: VigilEvent[] = [
  event('a', 0, { 'source.ip': '10.20.30.40', 'user.name': 'Alice', 'event.category': ['authentication'], 'zeek.conn.history': 'ShAD' }),
  event('b', 1000, { 'source.ip': '2001:db8::7', 'source.port': 'not a number', 'winlog.event_data.IpAddress': '192.168.5.5' }),
  event('c', 86_400_000, { 'process.name': 'powershell.exe', 'dns.answers.data': ['1.1.1.1', '9.9.9.9'], 'custom.count': 42 }),
  event('d', 2 * 86_400_000, { message: 'Failed password for root', tags: ['ssh', 'brute'] }),
];

const CASES: [query: string, ids: string[]][] = [
  ['user.name:alice', ['a']],
  ['source.ip:10.0.0.0/8', ['a']],
  ['source.ip:2001:db8::/32', ['b']],
  ['winlog.event_data.IpAddress:192.168.0.0/16', ['b']],
  ['zeek.conn.history:shad', ['a']],
  ['event.category:authentication', ['a']],
  ['dns.answers.data:9.9.9.9', ['c']],
  ['custom.count>=42', ['c']],
  ['process.name:power*', ['c']],
  ['failed password', ['d']],
  ['original', ['a', 'b', 'c', 'd']],
  ['tags:(ssh AND brute)', ['d']],
  ['@timestamp>=2024-05-02', ['c', 'd']],
  ['@timestamp:2024-05-01', ['a', 'b']],
  ['NOT source.ip:*', ['c', 'd']],
  ['NOT user.name:alice AND NOT tags:ssh', ['b', 'c']],
];

test('queries over events stored as Parquet by the event store', async (t) => {
  const dir = await tempDir(t);
  const store = await openEventStore({ dir, logger: silentLogger, readSetup: SEARCH_SQL_MACROS });
  t.after(() => store.close());
  await store.append(EVENTS);
  await store.flush();
  const relation = await store.relation();
  for (const [query, ids] of CASES) {
    const { where, params } = compileQuery(query);
    const rows = await store.read(`SELECT id FROM ${relation} WHERE ${where} ORDER BY id`, params);
    assert.deepEqual(rows.map((r) => r.id), ids, query);
  }
});

test('a message that is part of event.original is stored once and comes back whole', async (t) => {
  const dir = await tempDir(t);
  const store = await openEventStore({ dir, logger: silentLogger, readSetup: SEARCH_SQL_MACROS });
  t.after(() => store.close());
  const cases: [id: string, original: string, message: string | undefined][] = [
    ['tail', '<38>Nov 21 00:00:00 hôst-🙂 sshd[1]: Failed password for root', 'Failed password for root'],
    ['middle', '{"signature":"ET SCAN Nmap","x":1}', 'ET SCAN Nmap'],
    ['apart', 'original text', 'a message of its own'],
    ['empty', 'something', ''],
    ['none', 'no message here', undefined],
  ];
  await store.append(cases.map(([id, original, message], i) => event(id, i, message === undefined ? { 'event.original': original } : { 'event.original': original, message })));
  await store.flush();
  const service = createSearchService(store);
  const { events } = await service.search({ query: '', tenants: null });
  const byId = new Map(events.map((e) => [e.id, e]));
  for (const [id, original, message] of cases) {
    assert.equal(byId.get(id)?.['event.original'], original, id);
    assert.equal(byId.get(id)?.message, message, id);
    assert.ok(!('message_start' in byId.get(id)!), 'storage columns stay out of the event');
  }
  assert.deepEqual((await service.search({ query: 'message:"password for"', tenants: null })).events.map((e) => e.id), ['tail']);
  assert.deepEqual((await service.search({ query: 'message:nmap', tenants: null })).events.map((e) => e.id), ['middle']);
  const top = await service.top({ query: '', tenants: null, field: 'message' });
  assert.equal(top.total, 4);
});
