// "Does my rule fire on these events?": Sigma YAML and pasted events (JSON objects, or raw log
// lines that go through the parsers first) → which rules matched which events, on which fields,
// and what correlations in the pasted YAML completed.
import type { FieldValue, VigilEvent } from '../../event/event.js';
import { VigilError } from '../../errors.js';
import { parseRecord } from '../../parse/index.js';
import type { RawRecord } from '../../pipeline/stages.js';
import { createCorrelator } from '../correlate/index.js';
import { loadRulesFromText, testRules } from '../sigma/index.js';

export interface PastedRuleTest {
  /** Events tested, after parsing. */
  events: number;
  matches: { index: number; rule_id: string; rule_title: string; level: string | null; alert: boolean; matched_fields: Record<string, FieldValue> }[];
  correlations: { rule_id: string; rule_title: string; level: string | null; group: Record<string, FieldValue>; value: number; events: number[] }[];
  /** Problems in the YAML, with their line in it. */
  errors: { message: string; line: number | null; reason: string }[];
  /** Rules whose logsource has no mapping: they were run on every event, by the field names they use. */
  unmapped: string[];
}

function toEvent(input: unknown, index: number, tenant: string, now: number): VigilEvent {
  const record: RawRecord = { text: '', received: now, origin: { source: 'rule-test' }, tenant };
  if (typeof input === 'string') record.text = input;
  else if (input !== null && typeof input === 'object' && !Array.isArray(input)) {
    record.text = JSON.stringify(input);
    record.json = input as Record<string, unknown>;
  } else {
    throw new VigilError('bad_request', `events[${index}]: expected a JSON object or a log line`);
  }
  const parsed = parseRecord(record);
  return { id: `e${index}`, tenant, timestamp: parsed.timestamp, fields: parsed.fields };
}

export function testPastedRules(yaml: string, inputs: readonly unknown[], tenant: string, now = Date.now()): PastedRuleTest {
  const events = inputs.map((input, i) => toEvent(input, i, tenant, now));
  const indexOf = new Map(events.map((e, i) => [e.id, i]));
  const result = testRules(yaml, events);
  const out: PastedRuleTest = {
    events: events.length,
    matches: result.matches.map((m) => ({
      index: indexOf.get(m.event.id) ?? -1,
      rule_id: m.rule.key,
      rule_title: m.rule.title,
      level: m.rule.level ?? null,
      alert: m.alert,
      matched_fields: m.matched,
    })),
    correlations: [],
    errors: result.errors.map((e) => ({ message: e.message, line: e.location?.line ?? null, reason: e.reason })),
    unmapped: result.unmapped.map((u) => u.key),
  };
  const documents = loadRulesFromText(yaml, '<rule>').rules;
  const correlations = documents.filter((d) => d.kind === 'correlation');
  if (correlations.length > 0 && result.matches.length > 0) {
    const correlator = createCorrelator(correlations, { documents });
    for (const c of [...correlator.process(result.matches), ...correlator.advance(Number.MAX_SAFE_INTEGER)]) {
      out.correlations.push({
        rule_id: c.rule.key, rule_title: c.rule.title, level: c.rule.level ?? null, group: c.group, value: c.value,
        events: c.events.map((id) => indexOf.get(id) ?? -1),
      });
    }
  }
  return out;
}
