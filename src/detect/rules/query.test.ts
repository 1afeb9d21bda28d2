import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { SigmaRule } from '../sigma/index.js';
import type { CatalogRule } from './catalog.js';
import type { RuleState } from './policy.js';
import { decodeCursor, pageOf, ruleMatchesQuery, type RuleQuery } from './query.js';

const RULE = {
  key: '5f1c-aaaa', doc: {
    kind: 'rule', key: '5f1c-aaaa', title: 'Suspicious Encoded PowerShell Command Line', status: 'test', level: 'high',
    tags: ['attack.execution', 'attack.t1059.001'], logsource: { product: 'windows', category: 'process_creation', custom: {} },
  } as unknown as SigmaRule,
  set: 'imported/acme-rules', logsource: { product: 'windows', category: 'process_creation' },
} satisfies CatalogRule;
const ON: RuleState = { enabled: true, byDefault: true, override: null };

// [query, selects the rule]
const CASES: [RuleQuery, boolean][] = [
  [{}, true],
  [{ status: ['test', 'stable'] }, true],
  [{ status: ['stable'] }, false],
  [{ level: ['high'] }, true],
  [{ level: ['low', 'medium'] }, false],
  [{ tag: ['attack.t1059'] }, true],
  [{ tag: ['ATTACK.T1059.001'] }, true],
  [{ tag: ['attack.t105'] }, false],
  [{ tag: ['attack.persistence', 'attack.execution'] }, true],
  [{ logsource: 'windows' }, true],
  [{ logsource: 'windows / process_creation' }, true],
  [{ logsource: 'process_creation/windows' }, true],
  [{ logsource: 'windows/file_event' }, false],
  [{ source: 'imported' }, true],
  [{ source: 'imported/acme-rules' }, true],
  [{ source: 'imported/acme' }, false],
  [{ source: 'sigmahq' }, false],
  [{ enabled: true }, true],
  [{ enabled: false }, false],
  [{ kind: 'correlation' }, false],
  [{ q: 'encoded powershell' }, true],
  [{ q: 'encoded mimikatz' }, false],
  [{ q: '5f1c-aaaa' }, true],
  [{ level: ['high'], status: ['test'], logsource: 'windows', q: 'command' }, true],
];

describe('selecting rules', () => {
  for (const [query, expected] of CASES) {
    test(`${JSON.stringify(query)} → ${expected ? 'selected' : 'not selected'}`, () => {
      assert.equal(ruleMatchesQuery(RULE, ON, query), expected);
    });
  }

  test('pages: cursors walk the list once; a foreign cursor is refused', () => {
    const items = Array.from({ length: 7 }, (_, i) => i);
    const first = pageOf(items, 3, undefined);
    const second = pageOf(items, 3, first.next_cursor);
    const third = pageOf(items, 3, second.next_cursor);
    assert.deepEqual([first.items, second.items, third.items, third.next_cursor, first.total], [[0, 1, 2], [3, 4, 5], [6], undefined, 7]);
    assert.throws(() => decodeCursor('bm9wZQ'), /cursor/);
  });
});
