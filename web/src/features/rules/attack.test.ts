import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildMatrix, tacticOf, techniqueOf } from './attack.js';

test('tags to techniques and tactics', () => {
  const cases: [string, string | null, string | null][] = [
    ['attack.t1059.001', 'T1059.001', null],
    ['attack.T1110', 'T1110', null],
    ['attack.execution', null, 'execution'],
    ['attack.defense-evasion', null, 'defense_evasion'],
    ['attack.credential_access', null, 'credential_access'],
    ['attack.g0016', null, null],
    ['cve.2021-44228', null, null],
  ];
  for (const [tag, technique, tactic] of cases) {
    assert.equal(techniqueOf(tag), technique, tag);
    assert.equal(tacticOf(tag), tactic, tag);
  }
});

test('the matrix puts each technique under its rules\' tactics, with rules and alert counts', () => {
  const rules = [
    { title: 'Encoded PowerShell', tags: ['attack.execution', 'attack.t1059.001', 'attack.defense-evasion', 'attack.t1027'] },
    { title: 'PowerShell download', tags: ['attack.execution', 'attack.t1059.001'] },
    { title: 'SSH brute force', tags: ['attack.credential_access', 'attack.t1110'] },
    { title: 'Odd rule', tags: ['attack.t1003'] },
    { title: 'No ATT&CK', tags: ['custom'] },
  ];
  const matrix = buildMatrix(rules, new Map([['T1059.001', 7], ['T1110', 2]]));
  const column = (tactic: string) => matrix.find((c) => c.tactic === tactic)!;
  assert.equal(matrix[0]!.tactic, 'reconnaissance');
  assert.deepEqual(column('execution').techniques, [
    { id: 'T1027', rules: ['Encoded PowerShell'], alerts: 0 },
    { id: 'T1059.001', rules: ['Encoded PowerShell', 'PowerShell download'], alerts: 7 },
  ]);
  assert.deepEqual(column('credential_access').techniques, [{ id: 'T1110', rules: ['SSH brute force'], alerts: 2 }]);
  assert.deepEqual(column('other').techniques.map((t) => t.id), ['T1003']);
  assert.equal(column('impact').techniques.length, 0);
});

test('no "Other" column when every technique has a tactic', () => {
  const matrix = buildMatrix([{ title: 'r', tags: ['attack.impact', 'attack.t1486'] }], new Map());
  assert.equal(matrix.some((c) => c.tactic === 'other'), false);
  assert.equal(matrix.length, 14);
});
