import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { absoluteRange, apiRange, durationOf, formatDuration, rangeLabel, timeOf } from './time.js';

const NOW = Date.UTC(2026, 10, 22, 12, 0, 0);

describe('time ranges from the URL', () => {
  const cases: [Record<string, string>, { from: string; to?: string }][] = [
    [{}, { from: 'now-24h' }],
    [{ range: '15m' }, { from: 'now-15m' }],
    [{ range: '7d' }, { from: 'now-7d' }],
    [{ range: 'forever' }, { from: 'now-24h' }],
    [{ from: '1700000000000', to: '1700003600000' }, { from: '1700000000000', to: '1700003600000' }],
    [{ from: '2026-11-22T10:00:00Z' }, { from: String(Date.UTC(2026, 10, 22, 10)) }],
    [{ from: 'garbage', range: '1h' }, { from: 'now-1h' }],
  ];
  for (const [search, expected] of cases) test(JSON.stringify(search), () => assert.deepEqual(apiRange(search), expected));

  test('absolute ranges', () => {
    assert.deepEqual(absoluteRange({ range: '1h' }, NOW), { from: NOW - 3_600_000, to: NOW });
    assert.deepEqual(absoluteRange({ from: '1000' }, NOW), { from: 1000, to: NOW });
    assert.deepEqual(absoluteRange({ from: '1000', to: '2000' }, NOW), { from: 1000, to: 2000 });
  });

  test('labels', () => {
    assert.equal(rangeLabel({ range: '30d' }), 'Last 30d');
    assert.equal(rangeLabel({}), 'Last 24h');
    assert.match(rangeLabel({ from: String(NOW) }), /→ now$/);
  });
});

describe('durations', () => {
  const cases: [number | null, string][] = [[null, '—'], [450, '450 ms'], [42_000, '42s'], [252_000, '4m 12s'], [3 * 3_600_000 + 5 * 60_000, '3h 05m'], [52 * 3_600_000, '2d 4h']];
  for (const [ms, label] of cases) test(`${ms} ms → ${label}`, () => assert.equal(formatDuration(ms), label));
  test('parsing', () => {
    assert.equal(durationOf('15m'), 900_000);
    assert.equal(durationOf('2w'), 1_209_600_000);
    assert.equal(durationOf('15 m'), null);
    assert.equal(timeOf(''), null);
    assert.equal(timeOf('123'), 123);
  });
});
