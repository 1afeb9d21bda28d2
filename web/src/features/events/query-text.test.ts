import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withFilter } from './query-text.js';

const cases: [string, string, unknown, boolean, string][] = [
  ['', 'host.name', 'web01', false, 'host.name:"web01"'],
  ['*', 'host.name', 'web01', true, 'NOT host.name:"web01"'],
  ['event.code:4625', 'user.name', 'bob', false, 'event.code:4625 AND user.name:"bob"'],
  ['a OR b', 'user.name', 'bob', true, '(a OR b) AND NOT user.name:"bob"'],
  ['', 'process.command_line', 'cmd /c "echo \\x"', false, 'process.command_line:"cmd /c \\"echo \\\\x\\""'],
  ['', 'event.code', 4624, false, 'event.code:"4624"'],
  ['x', 'user.name', null, false, 'x AND NOT user.name:*'],
];
for (const [query, field, value, exclude, expected] of cases) {
  test(`${JSON.stringify(query)} ${exclude ? '−' : '+'} ${field}=${JSON.stringify(value)}`, () => assert.equal(withFilter(query, field, value, exclude), expected));
}
