// Correlator state handling beyond the behaviour cases: the bound on groups (with eviction
// reporting, in one sweep past large caps), event-time ordering inside a batch, and snapshots
// that survive JSON and rule changes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { VigilEvent } from '../../event/event.js';
import { createSigmaEngine, loadRulesFromText } from '../sigma/index.js';
import { createCorrelator } from './index.js';

const RULES = `title: Burst
id: 5a0b4f9e-3c1d-4c4b-9d7e-2f6a8b9c0d1e
correlation:
  type: event_count
  rules: [hit]
  group-by: [host]
  timespan: 1m
  condition: { gte: 2 }
---
title: Hit
name: hit
logsource: { product: test }
detection:
  sel: { kind: hit }
  condition: sel
`;

function setup(options: Parameters<typeof createCorrelator>[1] = {}) {
  const { rules } = loadRulesFromText(RULES);
  const engine = createSigmaEngine(rules, { unmapped: 'all-events' });
  const correlator = createCorrelator(rules, { documents: rules, ...options });
  const feed = (events: [host: string, t: number][]) =>
    correlator.process(engine.matchBatch(events.map(([host, t], i): VigilEvent => ({ id: `${host}@${t}#${i}`, tenant: 'default', timestamp: t, fields: { kind: 'hit', host } }))));
  return { rules, engine, correlator, feed };
}

test('beyond maxGroups the least recently used group is evicted and reported', () => {
  const evicted: string[] = [];
  const { correlator, feed } = setup({ maxGroups: 2, onEvict: (e) => evicted.push(e.group) });
  assert.deepEqual(feed([['a', 1000], ['b', 2000], ['c', 3000]]), []);
  assert.deepEqual(evicted, ['["a"]']);
  assert.equal(correlator.stats().evictions, 1);
  assert.equal(correlator.stats().groups, 2);
  // a starts over: its first event was dropped with the group.
  assert.deepEqual(feed([['a', 4000]]), []);
  const fired = feed([['a', 5000]]);
  assert.equal(fired.length, 1);
  assert.deepEqual(fired[0]!.group, { host: 'a' });
});

test('past a large cap the least recently used groups go in one sweep, a 16th of the cap, in order', () => {
  const evicted: string[] = [];
  const { correlator, feed } = setup({ maxGroups: 32, onEvict: (e) => evicted.push(e.group) });
  const hosts = Array.from({ length: 32 }, (_, i) => `h${i}`);
  feed(hosts.map((h, i): [string, number] => [h, 1000 + i]));
  // h0 used again (its second event fires): h1 is now the least recently used.
  assert.equal(feed([['h0', 2000]]).length, 1);
  assert.deepEqual(evicted, []);
  feed([['new', 2001]]);
  assert.deepEqual(evicted, ['["h1"]', '["h2"]', '["h3"]']);
  assert.equal(correlator.stats().groups, 30);
  assert.equal(correlator.stats().evictions, 3);
  // h4, the oldest kept, still has its first event: one more makes two within the minute.
  assert.equal(feed([['h4', 3000]]).length, 1);
});

test('matches of one batch are taken in event-time order', () => {
  const { feed } = setup();
  // Out of order in the batch; in time order the two events of h are 50 s apart.
  const fired = feed([['h', 60_000], ['x', 0], ['h', 10_000]]);
  assert.equal(fired.length, 1);
  assert.equal(fired[0]!.start, 10_000);
  assert.equal(fired[0]!.end, 60_000);
});

test('a snapshot is plain JSON and restores into a new correlator; unknown rules are ignored', () => {
  const first = setup();
  first.feed([['h', 1000]]);
  const snap = JSON.parse(JSON.stringify(first.correlator.snapshot()));
  snap.rules['no-such-rule'] = { type: 'event_count', groups: [['["z"]', { group: { host: 'z' }, entries: [], windowStart: 0 }]] };
  const second = setup();
  second.correlator.restore(snap);
  assert.equal(second.correlator.stats().groups, 1);
  const fired = second.feed([['h', 2000]]);
  assert.equal(fired.length, 1);
  assert.equal(fired[0]!.value, 2);
  assert.throws(() => second.correlator.restore({ ...snap, version: 2 }), /version/);
});

test('advance drops groups whose window has passed', () => {
  const { correlator, feed } = setup();
  feed([['h', 1000]]);
  assert.equal(correlator.stats().groups, 1);
  correlator.advance(1000 + 61_000);
  assert.equal(correlator.stats().groups, 0);
});
