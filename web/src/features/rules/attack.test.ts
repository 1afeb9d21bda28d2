import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildMatrix, techniqueOf } from './attack.js';

test('technique ids from Sigma tags', () => {
  const cases: [string, string | null][] = [['attack.t1059.001', 'T1059.001'], ['attack.T1110', 'T1110'], ['attack.execution', null], ['attack.g0016', null], ['cve.2021-44228', null]];
  for (const [tag, technique] of cases) assert.equal(techniqueOf(tag), technique, tag);
});

test('each technique sits under every tactic its rules name, columns in kill-chain order', () => {
  const matrix = buildMatrix([
    { technique: 'T1059.001', tactics: ['defense-evasion', 'execution'], rules: 2, alerts: 7 },
    { technique: 'T1027', tactics: ['defense_evasion'], rules: 1, alerts: 0 },
    { technique: 'T1110', tactics: ['credential-access'], rules: 1, alerts: 2 },
    { technique: 'T1003', tactics: [], rules: 1, alerts: 0 },
    { technique: 'T1021', tactics: ['g0016'], rules: 1, alerts: 0 },
  ]);
  const column = (tactic: string) => matrix.find((c) => c.tactic === tactic)!;
  assert.equal(matrix[0]!.tactic, 'reconnaissance');
  assert.deepEqual(matrix.map((c) => c.tactic).indexOf('execution') < matrix.map((c) => c.tactic).indexOf('defense-evasion'), true);
  assert.deepEqual(column('execution').techniques.map((t) => t.technique), ['T1059.001']);
  assert.deepEqual(column('defense-evasion').techniques.map((t) => [t.technique, t.alerts]), [['T1027', 0], ['T1059.001', 7]]);
  assert.deepEqual(column('credential-access').techniques.map((t) => t.technique), ['T1110']);
  assert.deepEqual(column('other').techniques.map((t) => t.technique), ['T1003', 'T1021']);
  assert.equal(column('impact').techniques.length, 0);
});

test('no "Other" column when every technique has a tactic', () => {
  const matrix = buildMatrix([{ technique: 'T1486', tactics: ['impact'], rules: 1, alerts: 0 }]);
  assert.equal(matrix.some((c) => c.tactic === 'other'), false);
  assert.equal(matrix.length, 14);
});
