import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorSpan } from './query-error.js';

const cases: [string, number, string][] = [
  ['user.name:(alice OR', 17, 'OR'],
  ['source.port:abc', 12, 'abc'],
  ['a AND', 99, 'D'],
  ['(x', 0, '('],
  ['"unterminated', 0, '"unterminated'],
  ['x y', 1, ' '],
];
for (const [query, position, underlined] of cases) {
  test(`${JSON.stringify(query)} at ${position} underlines ${JSON.stringify(underlined)}`, () => {
    const [start, end] = errorSpan(query, position);
    assert.equal(query.slice(start, end), underlined);
  });
}

test('an empty query has nothing to underline', () => assert.deepEqual(errorSpan('', 0), [0, 0]));
