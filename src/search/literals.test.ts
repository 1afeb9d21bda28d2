import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDatePeriod, parseNumber } from './literals.js';

describe('parseNumber', () => {
  const cases: [string, number | undefined][] = [
    ['0', 0], ['42', 42], ['-7', -7], ['+7', 7], ['1.5', 1.5], ['.5', 0.5], ['5.', 5], ['1e3', 1000], ['2.5E-2', 0.025],
    ['', undefined], ['abc', undefined], ['1,000', undefined], ['0x10', undefined], ['1e999', undefined],
    ['Infinity', undefined], ['NaN', undefined], ['1 2', undefined], ['9223372036854775808', undefined], ['-', undefined],
  ];
  for (const [text, value] of cases) test(JSON.stringify(text), () => assert.equal(parseNumber(text), value));
});

describe('parseDatePeriod', () => {
  const utc = Date.UTC;
  const cases: [string, [number, number] | undefined][] = [
    ['2024-03', [utc(2024, 2, 1), utc(2024, 3, 1)]],
    ['2024-12', [utc(2024, 11, 1), utc(2025, 0, 1)]],
    ['2024-03-05', [utc(2024, 2, 5), utc(2024, 2, 6)]],
    ['2024-02-29', [utc(2024, 1, 29), utc(2024, 2, 1)]],
    ['2024-03-05T10:07', [utc(2024, 2, 5, 10, 7), utc(2024, 2, 5, 10, 8)]],
    ['2024-03-05 10:07:09', [utc(2024, 2, 5, 10, 7, 9), utc(2024, 2, 5, 10, 7, 10)]],
    ['2024-03-05T10:07:09Z', [utc(2024, 2, 5, 10, 7, 9), utc(2024, 2, 5, 10, 7, 10)]],
    ['2024-03-05t10:07:09z', [utc(2024, 2, 5, 10, 7, 9), utc(2024, 2, 5, 10, 7, 10)]],
    ['2024-03-05T10:07:09.2Z', [utc(2024, 2, 5, 10, 7, 9, 200), utc(2024, 2, 5, 10, 7, 9, 300)]],
    ['2024-03-05T10:07:09.25Z', [utc(2024, 2, 5, 10, 7, 9, 250), utc(2024, 2, 5, 10, 7, 9, 260)]],
    ['2024-03-05T10:07:09.123456Z', [utc(2024, 2, 5, 10, 7, 9, 123), utc(2024, 2, 5, 10, 7, 9, 124)]],
    ['2024-03-05T10:07:09+02:00', [utc(2024, 2, 5, 8, 7, 9), utc(2024, 2, 5, 8, 7, 10)]],
    ['2024-03-05T10:07:09-0530', [utc(2024, 2, 5, 15, 37, 9), utc(2024, 2, 5, 15, 37, 10)]],
    ['2024-03-05T10:07+01', [utc(2024, 2, 5, 9, 7), utc(2024, 2, 5, 9, 8)]],
    ['0050-01-01', [new Date('0050-01-01T00:00:00Z').getTime(), new Date('0050-01-02T00:00:00Z').getTime()]],
    ['1700000000000', [1700000000000, 1700000000001]],
    ['-1000', [-1000, -999]],
    ['2024', [2024, 2025]],
    ['2024-13', undefined],
    ['2024-00-10', undefined],
    ['2023-02-29', undefined],
    ['2024-04-31', undefined],
    ['2024-03-05T24:00', undefined],
    ['2024-03-05T10:60', undefined],
    ['2024-03-05T10:00:60', undefined],
    ['2024-03-05T10:00+24:00', undefined],
    ['2024-03-05Z', undefined],
    ['2024-3-5', undefined],
    ['yesterday', undefined],
    ['', undefined],
  ];
  for (const [text, period] of cases) {
    test(JSON.stringify(text), () => {
      const got = parseDatePeriod(text);
      assert.deepEqual(got && [got.from, got.to], period);
    });
  }
});
