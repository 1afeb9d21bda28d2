// Compiled queries over events written by the real event store (WAL → Parquet), read through
// the store's own connections with SEARCH_SQL_MACROS as their setup.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { VigilEvent } from '../event/event.js';
import { openEventStore, type EventStore } from '../store/events/event-store.js';
import { silentLogger } from '../test-support/logger.js';
import { tempDir } from '../test-support/temp-dir.js';
import { compileQuery, SEARCH_SQL_MACROS } from './index.js';
import { createSearchService } from './service.js';

const T0 = Date.UTC(2024, 4, 1, 12);

function event(id: string, offsetMs: number, fields: VigilEvent['fields']): VigilEvent {
  return { id, tenant: 'default', timestamp: T0 + offsetMs, fields: { 'event.original': `original ${id}`, ...fields } };
}

/** An event store (closed after the test) holding the events, all searchable. */
async function storedEvents(t: TestContext, events: VigilEvent[]): Promise<EventStore> {
  const dir = await tempDir(t);
  const store = await openEventStore({ dir, logger: silentLogger, readSetup: SEARCH_SQL_MACROS });
  t.after(() => store.close());
  await store.append(events);
  await store.flush();
  return store;
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
  const store = await storedEvents(t, EVENTS);
  const relation = await store.relation();
  for (const [query, ids] of CASES) {
    const { where, params } = compileQuery(query);
    const rows = await store.read(`SELECT id FROM ${relation} WHERE ${where} ORDER BY id`, params);
    assert.deepEqual(rows.map((r) => r.id), ids, query);
  }
});

test('an IPv4-mapped IPv6 address in an IP column is found by its IPv4 address and network', async (t) => {
  const store = await storedEvents(t, [
    event('mapped', 0, { 'source.ip': '::ffff:192.0.2.77', 'host.ip': ['::FFFF:c000:24e', 'fe80::1'] }),
    event('v4', 1, { 'source.ip': '192.0.2.78', 'host.ip': ['192.0.2.77'] }),
    event('v6', 2, { 'source.ip': '2001:db8::77' }),
  ]);
  const service = createSearchService(store);
  const ids = async (query: string) => (await service.search({ query, tenants: null })).events.map((e) => e.id).sort();
  assert.deepEqual(await ids('source.ip:192.0.2.77'), ['mapped']);
  assert.deepEqual(await ids('source.ip:192.0.2.0/24'), ['mapped', 'v4']);
  assert.deepEqual(await ids('source.ip:"::ffff:192.0.2.77"'), ['mapped']);
  assert.deepEqual(await ids('source.ip:::ffff:0:0/96'), ['mapped', 'v4']);
  assert.deepEqual(await ids('source.ip:2001:db8::77'), ['v6']);
  assert.deepEqual(await ids('source.ip:2001:db8::/32'), ['v6']);
  assert.deepEqual(await ids('source.ip:::/0'), ['mapped', 'v4', 'v6']);
  assert.deepEqual(await ids('host.ip:192.0.2.78'), ['mapped']);
  assert.deepEqual(await ids('host.ip:192.0.2.64/26'), ['mapped', 'v4']);
  assert.deepEqual(await ids('host.ip:fe80::/10'), ['mapped']);
  // Stored as the IPv4 address it is, so top values list it as such.
  const top = await service.top({ query: '', tenants: null, field: 'source.ip' });
  assert.deepEqual(top.values.map((v) => v.value).sort(), ['192.0.2.77', '192.0.2.78', '2001:db8::77']);
});

test('the total is exact whether or not the first page holds every match', async (t) => {
  const store = await storedEvents(t, EVENTS);
  const service = createSearchService(store);
  const search = (query: string, limit: number, cursor?: string) => service.search({ query, tenants: null, limit, ...(cursor ? { cursor } : {}) });
  for (const limit of [1, 2, 3, 4, 5]) {
    const first = await search('original', limit);
    assert.equal(first.total, 4, `limit ${limit}`);
    assert.equal(first.next_cursor !== undefined, limit < 4, `limit ${limit}`);
    if (first.next_cursor) assert.equal((await search('original', limit, first.next_cursor)).total, 4);
  }
  assert.equal((await search('user.name:alice', 1)).total, 1);
  assert.equal((await search('user.name:nobody', 1)).total, 0);
});

test('a histogram without a time range spans the stored events (footer statistics) and counts every match', async (t) => {
  const store = await storedEvents(t, EVENTS);
  const service = createSearchService(store);
  const all = await service.histogram({ query: '', tenants: null, buckets: 60 });
  // Events from T0 to two days later: 48 h / 60 buckets → hourly.
  assert.equal(all.interval_ms, 3_600_000);
  assert.deepEqual(all.buckets, [
    { time: new Date(T0).toISOString(), count: 2 },
    { time: new Date(T0 + 86_400_000).toISOString(), count: 1 },
    { time: new Date(T0 + 2 * 86_400_000).toISOString(), count: 1 },
  ]);
  // The span is that of the files read, not of the matches: one match still gets hourly buckets.
  const one = await service.histogram({ query: 'user.name:alice', tenants: null, buckets: 60 });
  assert.deepEqual(one, { interval_ms: 3_600_000, buckets: [{ time: new Date(T0).toISOString(), count: 1 }] });
  const none = await service.histogram({ query: 'user.name:nobody', tenants: null, buckets: 60 });
  assert.deepEqual(none.buckets, []);
});

test('histogram buckets fall where time_bucket() puts them, whatever the range', async (t) => {
  // Epoch 0 is before time_bucket's origin (2000-01-03); 2024-05-01 is a Wednesday.
  const times = [0, Date.UTC(2024, 4, 1, 12), Date.UTC(2024, 4, 5, 23, 59, 59, 999), Date.UTC(2024, 4, 6)];
  const store = await storedEvents(t, times.map((time, i) => ({ id: `w${i}`, tenant: 'default', timestamp: time, fields: { 'event.original': 'x' } })));
  const service = createSearchService(store);
  const relation = await store.relation();
  const reference = async (interval: number, from: number) => (await store.read(
    `SELECT time_bucket(to_milliseconds(CAST(? AS BIGINT)), "@timestamp") AS bucket, count(*) AS count FROM ${relation}
      WHERE "@timestamp" >= epoch_ms(CAST(? AS BIGINT)) GROUP BY bucket ORDER BY bucket`, [interval, from]))
    .map((r) => ({ time: new Date(r.bucket as number).toISOString(), count: r.count }));
  // Weekly buckets (from a Friday): they start on Mondays.
  const weekly = await service.histogram({ query: '', tenants: null, from: Date.UTC(2024, 0, 5), to: Date.UTC(2024, 11, 31), buckets: 100 });
  assert.equal(weekly.interval_ms, 604_800_000);
  assert.deepEqual(weekly.buckets, [{ time: '2024-04-29T00:00:00.000Z', count: 2 }, { time: '2024-05-06T00:00:00.000Z', count: 1 }]);
  assert.deepEqual(weekly.buckets, await reference(weekly.interval_ms, Date.UTC(2024, 0, 5)));
  // No nice interval fits 54 years in 7 buckets: an odd one, from before the origin.
  const odd = await service.histogram({ query: '', tenants: null, buckets: 7 });
  assert.ok(odd.interval_ms > 2_592_000_000);
  assert.equal(odd.buckets.reduce((n, b) => n + b.count, 0), 4);
  assert.deepEqual(odd.buckets, await reference(odd.interval_ms, 0));
});

test('top values: counts, ties by value, the total in scope, nothing for no match', async (t) => {
  const store = await storedEvents(t, [
    event('t1', 0, { tags: ['b', 'a'], 'user.name': 'x' }),
    event('t2', 1, { tags: ['c', 'b'], 'user.name': 'x' }),
    event('t3', 2, { tags: ['a'] }),
    event('t4', 3, { 'user.name': 'y' }),
  ]);
  const service = createSearchService(store);
  assert.deepEqual(await service.top({ query: '', tenants: null, field: 'tags', size: 2 }), {
    field: 'tags', total: 5, values: [{ value: 'a', count: 2 }, { value: 'b', count: 2 }],
  });
  assert.deepEqual(await service.top({ query: 'tags:a', tenants: null, field: 'user.name' }), { field: 'user.name', total: 1, values: [{ value: 'x', count: 1 }] });
  assert.deepEqual(await service.top({ query: 'tags:z', tenants: null, field: 'user.name' }), { field: 'user.name', total: 0, values: [] });
});

test('a message that is part of event.original is stored once and comes back whole', async (t) => {
  const cases: [id: string, original: string, message: string | undefined][] = [
    ['tail', '<38>Nov 21 00:00:00 hôst-🙂 sshd[1]: Failed password for root', 'Failed password for root'],
    ['middle', '{"signature":"ET SCAN Nmap","x":1}', 'ET SCAN Nmap'],
    ['apart', 'original text', 'a message of its own'],
    ['empty', 'something', ''],
    ['none', 'no message here', undefined],
  ];
  const store = await storedEvents(t, cases.map(([id, original, message], i) => event(id, i, message === undefined ? { 'event.original': original } : { 'event.original': original, message })));
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

test('a search whose files a merge deletes before they are read runs again on the merged file', async (t) => {
  const store = await storedEvents(t, [event('a', 0, {})]);
  await store.append([event('b', 1000, {})]);
  await store.flush();
  await store.append([event('c', 86_400_000, {})]);
  await store.flush();
  // The first read of each search finds compaction just done: the day before holds two files,
  // which it merges, deleting the files the search listed.
  let merged = false;
  const racing: EventStore = {
    ...store,
    read: async (sql, params) => {
      if (!merged) {
        merged = true;
        assert.equal(await store.compact(), 2);
      }
      return store.read(sql, params);
    },
  };
  const result = await createSearchService(racing).search({ tenants: null, query: '' });
  assert.ok(merged);
  assert.equal(result.total, 3);
  assert.deepEqual(result.events.map((e) => e.id).sort(), ['a', 'b', 'c']);
});
