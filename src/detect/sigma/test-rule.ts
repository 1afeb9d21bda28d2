// "Test a rule against pasted events": load rules from YAML text and run them over the given
// events at once, with unmapped logsources run on every event so any rule can be tried.

import type { VigilEvent } from '../../event/event.js';
import { createSigmaEngine, type EngineOptions, type EngineStats, type RuleMatch } from './engine.js';
import type { RuleError } from './errors.js';
import { loadRulesFromText } from './load.js';

export interface RuleTestResult {
  matches: RuleMatch[];
  /** Load and compile errors, with lines in the pasted text. */
  errors: RuleError[];
  unmapped: EngineStats['unmapped'];
}

export function testRules(yaml: string, events: readonly VigilEvent[], options: EngineOptions = {}): RuleTestResult {
  const loaded = loadRulesFromText(yaml, '<rule>');
  const engine = createSigmaEngine(loaded.rules, { unmapped: 'all-events', ...options });
  const stats = engine.stats();
  return { matches: engine.matchBatch(events), errors: [...loaded.errors, ...stats.errors], unmapped: stats.unmapped };
}
