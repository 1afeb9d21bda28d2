// Loading from files and folders: errors carry the file and line, unreadable paths are reported,
// the built-in rule set loads cleanly, and the rule model keeps every spec field.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from '../../test-support/temp-dir.js';
import { loadRules, loadRulesFromText, testRules } from './index.js';

test('errors name the file and line; other files and documents still load', async (t) => {
  const dir = await tempDir(t);
  await mkdir(join(dir, 'sub'));
  await writeFile(join(dir, 'good.yml'), 'title: good\nlogsource: { product: windows, service: security }\ndetection:\n  sel: { EventID: 4624 }\n  condition: sel\n');
  await writeFile(join(dir, 'sub', 'bad.yaml'), 'title: bad\nlogsource: { product: windows }\ndetection:\n  sel:\n    Image|nosuch: x\n  condition: sel\n');
  await writeFile(join(dir, 'notes.txt'), 'not a rule');
  const result = loadRules([dir, join(dir, 'missing')]);
  assert.deepEqual(result.rules.map((r) => r.title), ['good']);
  const [bad, missing] = result.errors;
  assert.equal(bad?.reason, 'modifier');
  assert.equal(bad?.location?.file, join(dir, 'sub', 'bad.yaml'));
  assert.equal(bad?.location?.line, 5);
  assert.match(bad!.where(), /bad\.yaml:5: 'Image\|nosuch': unknown modifier 'nosuch'/);
  assert.equal(missing?.reason, 'io');
  assert.equal(result.errors.length, 2);
});

test('the built-in rule set loads without errors and every rule has an id, a level and Vigil as author', () => {
  const result = loadRules([join(process.cwd(), 'rules', 'builtin')]);
  assert.deepEqual(result.errors.map((e) => e.where()), []);
  assert.ok(result.rules.length >= 10);
  for (const r of result.rules) {
    assert.ok(r.id, `${r.title} has an id`);
    assert.equal(r.author, 'Vigil');
    assert.equal(r.license, 'Apache-2.0');
    if (r.kind === 'rule' && r.level === undefined) assert.ok(r.name, `${r.title}: a rule without level only feeds a correlation`);
  }
});

test('every rule field of the spec is kept, unknown keys too', () => {
  const { rules, errors } = loadRulesFromText(`title: Full
id: 929a690e-bef0-4204-a928-ef5e620d6fcc
name: full_rule
related:
  - id: 08fbc97d-0a2f-491c-ae21-8ffcfd3174e9
    type: derived
taxonomy: sigma
status: test
description: everything
license: DRL-1.1
author: Someone
references: [https://example.org/a]
date: 2024-01-02
modified: 2024-02-03
logsource: { category: process_creation, product: windows, definition: Sysmon, custom_key: x }
detection:
  sel: { Image|endswith: '\\x.exe' }
  condition: sel
fields: [CommandLine]
falsepositives: [Admins]
level: medium
tags: [attack.execution, attack.t1059]
scope: [server]
regression_tests_path: regression_data/x/info.yml
`);
  assert.deepEqual(errors, []);
  const r = rules[0]!;
  assert.equal(r.kind, 'rule');
  if (r.kind !== 'rule') return;
  assert.equal(r.key, '929a690e-bef0-4204-a928-ef5e620d6fcc');
  assert.equal(r.name, 'full_rule');
  assert.deepEqual(r.related, [{ id: '08fbc97d-0a2f-491c-ae21-8ffcfd3174e9', type: 'derived' }]);
  assert.equal(r.status, 'test');
  assert.equal(r.license, 'DRL-1.1');
  assert.equal(r.date, '2024-01-02');
  assert.equal(r.modified, '2024-02-03');
  assert.deepEqual(r.logsource, { category: 'process_creation', product: 'windows', definition: 'Sysmon', custom: { custom_key: 'x' } });
  assert.deepEqual(r.fields, ['CommandLine']);
  assert.deepEqual(r.falsepositives, ['Admins']);
  assert.deepEqual(r.tags, ['attack.execution', 'attack.t1059']);
  assert.deepEqual(r.scope, ['server']);
  assert.deepEqual(r.custom, { regression_tests_path: 'regression_data/x/info.yml' });
  assert.equal(r.source.line, 1);
});

test('a rule without id gets a key from its content, stable across loads', () => {
  const text = 'title: no id\nlogsource: { product: test }\ndetection:\n  sel: { A: 1 }\n  condition: sel\n';
  const a = loadRulesFromText(text).rules[0]!;
  const b = loadRulesFromText(text, 'other-name').rules[0]!;
  assert.match(a.key, /^sha1:[0-9a-f]{16}$/);
  assert.equal(a.key, b.key);
});

test('testRules runs pasted rules on pasted events, whatever their logsource', () => {
  const result = testRules('title: t\nlogsource: { product: acme }\ndetection:\n  sel: { user: root }\n  condition: sel\n', [
    { id: 'a', tenant: 'default', timestamp: 0, fields: { user: 'ROOT' } },
    { id: 'b', tenant: 'default', timestamp: 0, fields: { user: 'alice' } },
  ]);
  assert.deepEqual(result.matches.map((m) => m.event.id), ['a']);
  assert.deepEqual(result.errors, []);
  assert.equal(result.unmapped.length, 1);
});
