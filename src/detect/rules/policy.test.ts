import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Level, SigmaRule, Status } from '../sigma/index.js';
import type { CatalogRule } from './catalog.js';
import { DEFAULT_ENABLE_POLICY, enabledByDefault, ruleStates, type EnablePolicy } from './policy.js';

function rule(set: string, status: Status | undefined, level: Level | undefined, key = 'r1'): CatalogRule {
  const doc = { kind: 'rule', key, title: key, status, level, tags: [], logsource: { custom: {} } } as unknown as SigmaRule;
  return { key, doc, set, logsource: {} };
}

// [set, status, level, enabled by default]
const CASES: [string, Status | undefined, Level | undefined, boolean][] = [
  ['builtin', 'stable', 'low', true],
  ['builtin', 'experimental', 'informational', true],
  ['builtin', 'deprecated', 'high', false],
  ['sigmahq', 'stable', 'medium', true],
  ['sigmahq', 'test', 'critical', true],
  ['sigmahq', 'test', 'low', false],
  ['sigmahq', 'test', 'informational', false],
  ['sigmahq', 'experimental', 'critical', false],
  ['sigmahq', 'deprecated', 'critical', false],
  ['sigmahq', 'unsupported', 'high', false],
  ['sigmahq', undefined, 'high', false],
  // A rule without a level counts as medium, the level its alerts get.
  ['sigmahq', 'stable', undefined, true],
  ['imported/local', 'test', 'high', true],
  ['imported/local', 'experimental', 'high', false],
];

describe('the default enable policy', () => {
  for (const [set, status, level, expected] of CASES) {
    test(`${set} ${status ?? 'no status'} ${level ?? 'no level'} → ${expected ? 'enabled' : 'disabled'}`, () => {
      assert.equal(enabledByDefault(rule(set, status, level), DEFAULT_ENABLE_POLICY), expected);
    });
  }

  test('the policy is configuration: experimental rules from high up', () => {
    const policy: EnablePolicy = { statuses: ['stable', 'test', 'experimental'], minLevel: 'high' };
    assert.equal(enabledByDefault(rule('sigmahq', 'experimental', 'high'), policy), true);
    assert.equal(enabledByDefault(rule('sigmahq', 'stable', 'medium'), policy), false);
  });

  test('an explicit setting wins over the policy, both ways', () => {
    const catalog = { rules: [rule('sigmahq', 'experimental', 'high', 'a'), rule('builtin', 'stable', 'high', 'b'), rule('sigmahq', 'test', 'high', 'c')] };
    const states = ruleStates(catalog, new Map([['a', true], ['b', false]]), DEFAULT_ENABLE_POLICY);
    assert.deepEqual([...states], [
      ['a', { enabled: true, byDefault: false, override: true }],
      ['b', { enabled: false, byDefault: true, override: false }],
      ['c', { enabled: true, byDefault: true, override: null }],
    ]);
  });
});
