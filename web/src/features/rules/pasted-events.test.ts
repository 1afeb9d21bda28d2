import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEvents } from './pasted-events.js';

const cases: [string, string, (Record<string, unknown> | string)[]][] = [
  ['nothing', '  \n ', []],
  ['one object per line', '{"a":1}\n\n{"b":"x"}', [{ a: 1 }, { b: 'x' }]],
  ['raw log lines stay text', 'Nov 22 04:52:15 web01 sshd[42]: Failed password for root from 203.0.113.7 port 22 ssh2\n{"a":1}', ['Nov 22 04:52:15 web01 sshd[42]: Failed password for root from 203.0.113.7 port 22 ssh2', { a: 1 }]],
  ['a JSON array of objects and lines', '[{"a":1}, "raw line"]', [{ a: 1 }, 'raw line']],
  ['a broken JSON line is sent as text for the server to judge', '{"a":', ['{"a":']],
  ['an array-looking line that is not JSON', '[x] something', ['[x] something']],
];
for (const [name, text, expected] of cases) test(name, () => assert.deepEqual(parseEvents(text), expected));
