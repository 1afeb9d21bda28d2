import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { allColumns, toCsv, toNdjson } from './export.js';

describe('CSV export', () => {
  const cases: [string, Record<string, unknown>[], string[], string][] = [
    ['plain values', [{ a: 'x', b: 1 }], ['a', 'b'], 'a,b\r\nx,1\r\n'],
    ['missing and null values are empty', [{ a: null }], ['a', 'b'], 'a,b\r\n,\r\n'],
    ['quotes, commas and newlines are quoted', [{ a: 'say "hi", then\nleave' }], ['a'], 'a\r\n"say ""hi"", then\nleave"\r\n'],
    ['arrays and objects as JSON', [{ tags: ['ssh', 'brute'] }], ['tags'], 'tags\r\n"[""ssh"",""brute""]"\r\n'],
    ['formulas are defused', [{ cmd: '=HYPERLINK("x")', n: '-2+3', at: '@SUM(A1)' }], ['cmd', 'n', 'at'], 'cmd,n,at\r\n"\'=HYPERLINK(""x"")",\'-2+3,\'@SUM(A1)\r\n'],
    ['no rows', [], ['a'], 'a\r\n'],
  ];
  for (const [name, rows, columns, expected] of cases) test(name, () => assert.equal(toCsv(rows, columns), expected));
});

test('NDJSON keeps every field, one event per line', () => {
  const rows = [{ id: '1', 'user.name': 'bob' }, { id: '2', tags: ['a'] }];
  const text = toNdjson(rows);
  assert.equal(text, '{"id":"1","user.name":"bob"}\n{"id":"2","tags":["a"]}\n');
  assert.deepEqual(text.trim().split('\n').map((l) => JSON.parse(l)), rows);
  assert.equal(toNdjson([]), '');
});

test('all columns: leading ones first, then the rest sorted', () => {
  assert.deepEqual(allColumns([{ b: 1, '@timestamp': 2 }, { a: 3, id: 4 }], ['@timestamp', 'id', 'missing']), ['@timestamp', 'id', 'a', 'b']);
});
