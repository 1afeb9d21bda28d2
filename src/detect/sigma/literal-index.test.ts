// The literal index must never hide a match. On events built from every SigmaHQ rule's own
// values — all its selections at once, keywords inside other fields' text, in changed case — the
// indexed engine returns exactly what the same engine without the index returns. Small cases
// check that the index does filter: a rule runs only when a literal of each ANDed selection is
// present, and long literals that share their beginning keep rules apart.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { Fields, VigilEvent } from '../../event/event.js';
import type { Accessor } from './compile/context.js';
import { allOf, anyOf, MAX_CLAUSES, type Atom, type Requirement } from './compile/requirement.js';
import { fieldSource } from './mapping/index.js';
import { createSigmaEngine, loadRules, loadRulesFromText, mappingsFor, type Detection, type DetectionItem, type SigmaRule } from './index.js';
import { REGRESSION_DIR, SIGMA_RULE_DIRS } from './test-support/regression.js';
import { isWildcard } from './values.js';

/** The text of an item's first value with wildcards filled, or null when it has none. */
function valueText(item: DetectionItem): string | null {
  const v = item.values[0];
  if (v?.kind === 'number' || v?.kind === 'bool') return String(v.value);
  if (v?.kind !== 'string') return null;
  return v.parts.map((p) => (typeof p === 'string' ? p : isWildcard(p) ? (p.wildcard === '*' ? 'x' : 'y') : '')).join('');
}

/** The items of a selection: a map's own, a list's first entry's. */
function itemsOf(d: Detection): DetectionItem[] {
  return d.kind === 'map' ? d.items : d.entries[0] ? itemsOf(d.entries[0]) : [];
}

/**
 * Two events holding the values of every selection of the rule that is not a filter: one as
 * written with keywords in a field of their own, one in upper case with keywords inside the text
 * of another field.
 */
function eventsFromRule(rule: SigmaRule, index: number): VigilEvent[] {
  const mapping = mappingsFor(rule.logsource)[0];
  if (!mapping) return [];
  const plain: Fields = {};
  const keywords: string[] = [];
  for (const c of mapping.conditions) if ('equals' in c) plain[c.field] = c.equals[0]!;
  for (const [name, search] of rule.detection.searches) {
    if (name.startsWith('filter')) continue;
    for (const item of itemsOf(search)) {
      const text = valueText(item);
      if (text === null) continue;
      if (item.field === null) keywords.push(text);
      else plain[fieldSource(mapping, item.field).source.from[0]!] ??= text;
    }
  }
  const shouted: Fields = {};
  for (const [k, v] of Object.entries(plain)) shouted[k] = typeof v === 'string' && !mapping.conditions.some((c) => c.field === k) ? v.toUpperCase() : v;
  const carrier = Object.keys(shouted).find((k) => typeof shouted[k] === 'string' && !mapping.conditions.some((c) => c.field === k)) ?? 'message';
  if (keywords.length > 0) {
    plain['winlog.event_data.Data'] = keywords.join(' ');
    shouted[carrier] = `${String(shouted[carrier] ?? '')} -- ${keywords.map((k) => k.toUpperCase()).join(' and ')} --`;
  }
  return [
    { id: `rule-${index}-plain`, tenant: 'default', timestamp: 0, fields: plain },
    { id: `rule-${index}-shouted`, tenant: 'default', timestamp: 0, fields: shouted },
  ];
}

describe('the literal index on events built from every rule', { skip: !existsSync(REGRESSION_DIR) && 'corpus not present' }, () => {
  let rules: SigmaRule[] = [];
  const events: VigilEvent[] = [];

  before(() => {
    rules = loadRules([...SIGMA_RULE_DIRS, 'rules/builtin']).rules.filter((r): r is SigmaRule => r.kind === 'rule');
    rules.forEach((r, i) => events.push(...eventsFromRule(r, i)));
  });

  test('never hides a match', () => {
    const indexed = createSigmaEngine(rules);
    const plain = createSigmaEngine(rules, { index: false });
    const keywordRules = new Set(rules.filter((r) => [...r.detection.searches.values()].some((s) => itemsOf(s).some((i) => i.field === null))).map((r) => r.key));
    let matches = 0;
    let keywordMatches = 0;
    for (const event of events) {
      const want = plain.match(event).map((m) => m.rule.key);
      assert.deepEqual(indexed.match(event).map((m) => m.rule.key), want, `event ${event.id}: ${JSON.stringify(event.fields).slice(0, 300)}`);
      matches += want.length;
      keywordMatches += want.filter((k) => keywordRules.has(k)).length;
    }
    // The events must exercise the positive paths, keyword rules included.
    assert.ok(matches > 3000, `${matches} matches`);
    assert.ok(keywordMatches > 20, `${keywordMatches} keyword rule matches`);
    // And the index must still spare most evaluations.
    assert.ok(indexed.stats().evaluations * 20 < plain.stats().evaluations, `${indexed.stats().evaluations} vs ${plain.stats().evaluations} evaluations`);
  });
});

function ruleText(title: string, detection: string): string {
  return `title: ${title}\nlogsource:\n  product: windows\n  category: process_creation\ndetection:\n${detection}\n`;
}

const PROCESS = { 'winlog.channel': 'Microsoft-Windows-Sysmon/Operational', 'winlog.event_id': 1 };

function runs(rulesYaml: string, fields: Fields): { evaluations: number; matched: string[] } {
  const loaded = loadRulesFromText(rulesYaml);
  assert.deepEqual(loaded.errors, []);
  const engine = createSigmaEngine(loaded.rules);
  const matched = engine.match({ id: 'e', tenant: 'default', timestamp: 0, fields: { ...PROCESS, ...fields } }).map((m) => m.rule.title);
  return { evaluations: engine.stats().evaluations, matched };
}

test('a rule runs only when a literal of each ANDed selection is present', () => {
  const rule = ruleText(
    'Notepad From Explorer',
    "  parent:\n    ParentImage|endswith: '\\explorer.exe'\n  child:\n    Image|endswith: '\\notepad.exe'\n  condition: parent and child",
  );
  assert.deepEqual(runs(rule, { 'winlog.event_data.ParentImage': 'C:\\Windows\\explorer.exe', 'winlog.event_data.Image': 'C:\\x\\calc.exe' }), { evaluations: 0, matched: [] });
  assert.deepEqual(runs(rule, { 'winlog.event_data.ParentImage': 'C:\\Windows\\EXPLORER.EXE', 'winlog.event_data.Image': 'C:\\x\\Notepad.exe' }), {
    evaluations: 1,
    matched: ['Notepad From Explorer'],
  });
});

test('long literals sharing their beginning do not make each other run', () => {
  const key = '\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\';
  const rules = ['Run', 'RunOnce', 'Explorer\\Shell Folders'].map((k, i) => `${i > 0 ? '---\n' : ''}${ruleText(`Key ${k}`, `  selection:\n    CommandLine|contains: '${key}${k}'\n  condition: selection`)}`).join('');
  const found = runs(rules, { 'winlog.event_data.CommandLine': `reg add HKLM${key}RunOnce /v x` });
  // "RunOnce" holds "Run": both match, the Shell Folders rule is not even run.
  assert.deepEqual(found, { evaluations: 2, matched: ['Key Run', 'Key RunOnce'] });
});

describe('requirements', () => {
  const atom = (text: string, shape: Atom['shape'] = 'contains'): Atom => ({ acc: null, shape, text });
  const texts = (r: Requirement): string[][] | null => r && r.map((c) => c.map((a) => a.text));

  test('allOf keeps every clause, rarest first, up to MAX_CLAUSES', () => {
    assert.deepEqual(texts(allOf([[[atom('abcdef')]], null, [[atom('a-much-longer-literal')]]])), [['a-much-longer-literal'], ['abcdef']]);
    const many = Array.from({ length: MAX_CLAUSES + 2 }, (_, i) => [[atom(`literal-number-${i}`)]] as Requirement);
    assert.equal(allOf(many)!.length, MAX_CLAUSES);
    assert.equal(allOf([null, null]), null);
  });

  test('allOf drops clauses that would hardly filter, but keeps the first', () => {
    assert.deepEqual(texts(allOf([[[atom('.exe', 'suffix')]], [[atom('-')]]])), [['.exe']]);
  });

  test('anyOf needs every part indexed and unions their best clauses', () => {
    assert.deepEqual(texts(anyOf([[[atom('long-and-rare')], [atom('ab')]], [[atom('other-literal')]]])), [['long-and-rare', 'other-literal']]);
    assert.equal(anyOf([[[atom('x')]], null]), null);
    const only: Requirement = [[atom('long-and-rare')], [atom('ab')]];
    assert.equal(anyOf([only]), only);
  });

  const field: Accessor = { slot: 0, from: ['CommandLine'], values: null, spaced: null, pluck: null, indexable: true };
  const onField = (text: string, shape: Atom['shape'] = 'contains'): Atom => ({ acc: field, shape, text });

  test('anyOf keeps each rank of its parts as a clause: first clauses together, then second ones', () => {
    // (svchost parent and whoami child) or (excel parent and regsvr32 child): a parent alone is not enough.
    const svchost: Requirement = [[onField('\\svchost.exe', 'suffix')], [onField('\\whoami.exe', 'suffix')]];
    const excel: Requirement = [[onField('\\excel.exe', 'suffix')], [onField('\\regsvr32.exe', 'suffix')]];
    const unordered = (r: Requirement): string[][] => texts(r)!.map((c) => c.sort()).sort();
    assert.deepEqual(unordered(anyOf([svchost, excel])), [['\\excel.exe', '\\svchost.exe'], ['\\regsvr32.exe', '\\whoami.exe']]);
    // A part with one clause stands in its own first clause again at the next rank.
    const single: Requirement = [[onField('mimikatz')]];
    assert.deepEqual(unordered(anyOf([svchost, single])), [['\\svchost.exe', 'mimikatz'], ['\\whoami.exe', 'mimikatz']]);
  });

  test('allOf keeps a later clause of many rare field literals, but not of keywords or short ones', () => {
    const words = ['captcha', 'robot', 'verify', 'human', 'fraud', 'identity', 'validation', 'challenge'];
    const rare = allOf([[[onField('\\explorer.exe', 'suffix')]], [words.map((w) => onField(w))]]);
    assert.deepEqual(texts(rare), [['\\explorer.exe'], words]);
    assert.equal(allOf([[[onField('\\explorer.exe', 'suffix')]], [words.map((w) => atom(w))]])!.length, 1);
    assert.equal(allOf([[[onField('\\explorer.exe', 'suffix')]], [[...words, 'ab'].map((w) => onField(w))]])!.length, 1);
  });
});
