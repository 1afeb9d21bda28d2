import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { anyTime, epochToMs, newMonthTime, parseApacheTime, parseDeviceTime, parseIsoTime, readMonthTime, withYear } from './time.js';

const at = (iso: string): number => Date.parse(iso);

describe('parseIsoTime', () => {
  const cases: [string, string | null][] = [
    ['2017-01-30T16:12:26.985026+0100', '2017-01-30T15:12:26.985Z'],
    ['2024-03-01T10:00:00Z', '2024-03-01T10:00:00.000Z'],
    ['2024-03-01T10:00:00.5-05:30', '2024-03-01T15:30:00.500Z'],
    ['2024-03-01 10:00:00', '2024-03-01T10:00:00.000Z'],
    ['2024-03-01 10:00:00,123', '2024-03-01T10:00:00.123Z'],
    ['2024-03-01 10:00:00 UTC', '2024-03-01T10:00:00.000Z'],
    ['2024-03-01 10:00:00 +0200', '2024-03-01T08:00:00.000Z'],
    ['2024-03-01T10:00+01', '2024-03-01T09:00:00.000Z'],
    ['2024-03-01', '2024-03-01T00:00:00.000Z'],
    ['2017-01-30T16:12:26.985026+0100asloefbnjhowebfg', null],
    ['2024-13-01T10:00:00Z', null],
    ['2024-03-01T25:00:00Z', null],
    ['yesterday', null],
    ['', null],
  ];
  for (const [text, expected] of cases) {
    test(JSON.stringify(text), () => {
      const t = parseIsoTime(text);
      if (expected === null) assert.ok(Number.isNaN(t));
      else assert.equal(new Date(t).toISOString(), expected);
    });
  }
});

describe('other notations', () => {
  test('Apache/nginx access log time', () => {
    assert.equal(parseApacheTime('10/Oct/2000:13:55:36 -0700'), at('2000-10-10T20:55:36Z'));
    assert.ok(Number.isNaN(parseApacheTime('10/Foo/2000:13:55:36 -0700')));
  });

  test('epoch numbers by magnitude', () => {
    assert.equal(epochToMs(1521911720.629574), 1521911720629);
    assert.equal(epochToMs(1521911720629), 1521911720629);
    assert.equal(epochToMs(1521911720629574), 1521911720629);
    assert.equal(epochToMs(1521911720629574000), 1521911720629);
    assert.equal(anyTime('1588205199.82437'), 1588205199824);
    assert.equal(anyTime('2018-03-24T17:15:20.629574Z'), at('2018-03-24T17:15:20.629Z'));
    assert.ok(Number.isNaN(anyTime('soon')));
  });

  test('BSD month-name times, with and without year', () => {
    const t = newMonthTime();
    assert.ok(readMonthTime('Oct  1 02:03:04 rest', 0, t));
    assert.deepEqual([t.month, t.day, t.year, t.hour, t.minute, t.second, t.end], [9, 1, -1, 2, 3, 4, 15]);
    assert.equal(withYear(t, at('2024-12-01T00:00:00Z')), at('2024-10-01T02:03:04Z'));
    assert.equal(withYear(t, at('2024-03-01T00:00:00Z')), at('2023-10-01T02:03:04Z'));
    assert.ok(readMonthTime('Oct 11 2022 22:14:15.250', 0, t));
    assert.equal(withYear(t, 0), at('2022-10-11T22:14:15.250Z'));
    assert.ok(!readMonthTime('Octo 11 22:14:15', 0, t));
    assert.ok(!readMonthTime('Oct 11 22:61:15', 0, t));
  });

  test('CEF/LEEF device times', () => {
    const received = at('2024-03-10T12:00:00Z');
    assert.equal(parseDeviceTime('1709985600000', received), 1709985600000);
    assert.equal(parseDeviceTime('Mar 09 2024 12:00:00', received), at('2024-03-09T12:00:00Z'));
    assert.equal(parseDeviceTime('Mar 09 2024 12:00:00.500 UTC', received), at('2024-03-09T12:00:00.500Z'));
    assert.equal(parseDeviceTime('Mar 09 2024 12:00:00 +02:00', received), at('2024-03-09T10:00:00Z'));
    assert.equal(parseDeviceTime('Mar 09 12:00:00', received), at('2024-03-09T12:00:00Z'));
    assert.ok(Number.isNaN(parseDeviceTime('whenever', received)));
  });
});
