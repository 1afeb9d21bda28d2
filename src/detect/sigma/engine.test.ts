// Differential tests of the compiled engine: on regression events, generated events and events
// built from the rules themselves, the engine must return exactly the rules that a plain
// reference interpreter (test-support/reference.ts) says match, and the same with the literal
// index switched off. This catches false positives as well as misses.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { Fields, VigilEvent } from '../../event/event.js';
import { expandPlaceholders } from './compile/placeholders.js';
import { createSigmaEngine, loadRules, mappingsFor, type Detections, type LogsourceMapping, type SigmaEngine, type SigmaRule } from './index.js';
import { readEvents, regressionCases, REGRESSION_DIR, SIGMA_RULE_DIRS } from './test-support/regression.js';
import { referenceInLogsource, referenceMatch } from './test-support/reference.js';
import { generateWindowsEvents } from './test-support/windows-events.js';
import { isWildcard } from './values.js';

/** An event that the rule's first selection should match: its first value of each item, wildcards filled. */
function eventFromRule(rule: SigmaRule, index: number): VigilEvent | null {
  const mapping = mappingsFor(rule.logsource)[0];
  const first = [...rule.detection.searches.values()][0];
  if (!mapping || !first || first.kind !== 'map') return null;
  const fields: Fields = {};
  for (const c of mapping.conditions) if ('equals' in c) fields[c.field] = c.equals[0]!;
  for (const item of first.items) {
    const v = item.values[0];
    if (item.field === null || !v || v.kind !== 'string') continue;
    const text = v.parts.map((p) => (typeof p === 'string' ? p : isWildcard(p) ? (p.wildcard === '*' ? 'x' : 'y') : '')).join('');
    const prefix = mapping.fields.prefixes[0] ?? '';
    fields[prefix + item.field] = text;
  }
  return { id: `rule-${index}`, tenant: 'default', timestamp: 0, fields };
}

describe('engine against the reference interpreter', { skip: !existsSync(REGRESSION_DIR) && 'corpus not present' }, () => {
  let rules: SigmaRule[] = [];
  let engine: SigmaEngine;
  let plain: SigmaEngine;
  const events: VigilEvent[] = [];

  before(() => {
    const loaded = loadRules([...SIGMA_RULE_DIRS, 'rules/builtin']);
    rules = loaded.rules.filter((r): r is SigmaRule => r.kind === 'rule');
    engine = createSigmaEngine(rules);
    plain = createSigmaEngine(rules, { index: false });
    for (const c of regressionCases()) if (c.eventsFile?.endsWith('.json')) events.push(...readEvents(c.eventsFile));
    events.push(...generateWindowsEvents(400, 7));
    rules.forEach((r, i) => {
      if (i % 4 !== 0) return;
      const e = eventFromRule(r, i);
      if (e) events.push(e);
    });
  });

  /** Per mapping, the rules (with placeholders expanded) that read events through it. */
  const byMapping = new Map<LogsourceMapping, { key: string; detection: Detections }[]>();

  function expected(event: VigilEvent): string[] {
    if (byMapping.size === 0) {
      for (const rule of rules) {
        let detection: Detections;
        try {
          detection = expandPlaceholders(rule.detection, {}, 'reject');
        } catch {
          continue;
        }
        for (const m of mappingsFor(rule.logsource)) {
          const list = byMapping.get(m) ?? [];
          list.push({ key: rule.key, detection });
          byMapping.set(m, list);
        }
      }
    }
    const out = new Set<string>();
    for (const [mapping, list] of byMapping) {
      if (!referenceInLogsource(event.fields, mapping)) continue;
      for (const { key, detection } of list) if (referenceMatch(detection, event.fields, mapping)) out.add(key);
    }
    return [...out].sort();
  }

  test('the engine matches exactly what the reference interpreter matches', () => {
    let compared = 0;
    let positives = 0;
    for (const event of events) {
      const want = expected(event);
      const got = engine.match(event).map((m) => m.rule.key).sort();
      assert.deepEqual(got, want, `event ${event.id}: ${JSON.stringify(event.fields).slice(0, 300)}`);
      compared++;
      positives += want.length;
    }
    assert.ok(compared > 1000, `compared ${compared} events`);
    assert.ok(positives > 300, `${positives} expected matches exercise the positive paths`);
  });

  test('a batch (matched kind by kind) gives the matches of its events one by one, in event order', () => {
    const describe = (m: ReturnType<SigmaEngine['match']>[number]): string => `${m.event.id} ${m.rule.key} ${JSON.stringify(m.matched)}`;
    const oneByOne = events.flatMap((e) => engine.match(e).map(describe));
    const batched = engine.matchBatch(events).map(describe);
    assert.ok(oneByOne.length > 300);
    assert.deepEqual(batched, oneByOne);
  });

  test('the literal index never hides a match', () => {
    for (const event of events) {
      assert.deepEqual(
        engine.match(event).map((m) => m.rule.key),
        plain.match(event).map((m) => m.rule.key),
        `event ${event.id}`,
      );
    }
  });
});
