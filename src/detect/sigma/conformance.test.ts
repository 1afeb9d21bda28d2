// Conformance with the SigmaHQ regression data: every SigmaHQ rule is loaded and compiled, each
// case's events (evtx_dump JSON, normalized like the Windows parsers do) are run through the
// engine, and the case's rule must match at least `match_count` times.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import type { VigilEvent } from '../../event/event.js';
import { createSigmaEngine, loadRules, type SigmaDocument, type SigmaEngine } from './index.js';
import { readEvents, regressionCases, REGRESSION_DIR, SIGMA_RULE_DIRS } from './test-support/regression.js';

const cases = regressionCases();

describe('SigmaHQ regression cases', { skip: !existsSync(REGRESSION_DIR) && 'corpus not present' }, () => {
  let rules: SigmaDocument[] = [];
  let engine: SigmaEngine;
  const outcome = { passed: 0, failed: 0 };

  before(() => {
    const loaded = loadRules(SIGMA_RULE_DIRS);
    assert.deepEqual(loaded.errors.map((e) => e.where()), [], 'every SigmaHQ rule loads');
    rules = loaded.rules;
    engine = createSigmaEngine(rules);
  });

  after(() => {
    const total = outcome.passed + outcome.failed;
    // The pass rate, for the report.
    console.log(`sigma regression: ${outcome.passed}/${total} cases pass (${total ? ((100 * outcome.passed) / total).toFixed(1) : 0}%)`);
  });

  for (const c of cases) {
    test(`${c.name} (${c.type}, >= ${c.matchCount})`, () => {
      assert.ok(c.eventsFile, 'case has events');
      let found: number;
      if (c.eventsFile.endsWith('.json')) {
        const events = readEvents(c.eventsFile);
        assert.ok(events.length > 0, 'events parsed');
        found = engine.matchBatch(events).filter((m) => m.rule.id === c.ruleId).length;
      } else {
        // The raw case (commented out in SigmaHQ CI): a syslog line, run as the message of an
        // event against its own rule, whose logsource has no mapping.
        const line = readFileSync(c.eventsFile, 'utf8').trim();
        const event: VigilEvent = { id: 'raw', tenant: 'default', timestamp: 0, fields: { message: line, 'event.original': line } };
        const own = createSigmaEngine(rules.filter((r) => r.id === c.ruleId), { unmapped: 'all-events' });
        found = own.match(event).length;
      }
      const ok = found >= c.matchCount;
      if (ok) outcome.passed++;
      else outcome.failed++;
      assert.ok(ok, `rule ${c.ruleId} matched ${found} times, expected at least ${c.matchCount}`);
    });
  }
});
