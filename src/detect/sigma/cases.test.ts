// Runs the detection behaviour cases in ./cases/*.yml: each gives rules (inline or from files),
// events (flat fields) fed in batches, optional restarts of the correlator (snapshot → JSON →
// restore), and the exact matches, correlations and errors expected. Add a case by adding YAML.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { FieldValue, VigilEvent } from '../../event/event.js';
import { parseRecord } from '../../parse/index.js';
import { createCorrelator, type CorrelationMatch, type Correlator } from '../correlate/index.js';
import { createSigmaEngine, loadRules, loadRulesFromText, type RuleMatch, type SigmaDocument } from './index.js';
import type { RuleError } from './errors.js';

const CASES_DIR = join(process.cwd(), 'src', 'detect', 'sigma', 'cases');

/** An event as flat fields, or as a raw record run through the parsers (`raw`, optional `format`). */
const EventSchema = z
  .strictObject({
    id: z.string(),
    time: z.string().optional(),
    fields: z.record(z.string(), z.any()).optional(),
    raw: z.string().optional(),
    format: z.string().optional(),
  })
  .refine((e) => (e.fields === undefined) !== (e.raw === undefined), 'an event has fields or raw, not both');

const StepSchema = z.union([
  z.strictObject({ events: z.array(EventSchema) }),
  z.strictObject({ restart: z.literal(true) }),
  z.strictObject({ advance: z.string() }),
]);

const CaseSchema = z.strictObject({
  name: z.string(),
  rules: z.string().optional(),
  rule_files: z.array(z.string()).optional(),
  options: z
    .strictObject({
      placeholders: z.record(z.string(), z.array(z.string())).optional(),
      unknown_placeholder: z.enum(['reject', 'wildcard']).optional(),
      unmapped: z.enum(['skip', 'all-events']).optional(),
    })
    .optional(),
  events: z.array(EventSchema).optional(),
  batches: z.array(StepSchema).optional(),
  expect: z.strictObject({
    matches: z.array(z.strictObject({ event: z.string(), rule: z.string(), fields: z.record(z.string(), z.any()).optional(), alert: z.boolean().optional() })).default([]),
    correlations: z
      .array(z.strictObject({ rule: z.string(), group: z.record(z.string(), z.any()).optional(), value: z.number().optional(), events: z.array(z.string()).optional() }))
      .default([]),
    errors: z.array(z.strictObject({ reason: z.string(), line: z.number().optional() })).default([]),
    unmapped: z.array(z.string()).optional(),
  }),
});

type Case = z.infer<typeof CaseSchema>;
type CaseEvent = z.infer<typeof EventSchema>;

function toEvent(e: CaseEvent, index: number): VigilEvent {
  const timestamp = e.time ? Date.parse(e.time) : index * 1000;
  assert.ok(Number.isFinite(timestamp), `event ${e.id}: bad time ${e.time}`);
  if (e.raw !== undefined) {
    const parsed = parseRecord({ text: e.raw, received: timestamp, origin: { source: 'case' }, tenant: 'default', format: e.format });
    return { id: e.id, tenant: 'default', timestamp, fields: parsed.fields };
  }
  return { id: e.id, tenant: 'default', timestamp, fields: e.fields as Record<string, FieldValue> };
}

function ruleName(r: { id?: string; title: string }): string[] {
  return r.id ? [r.id, r.title] : [r.title];
}

function run(file: string, c: Case): void {
  const docs: SigmaDocument[] = [];
  const errors: RuleError[] = [];
  if (c.rules) {
    const loaded = loadRulesFromText(c.rules, `${file}#${c.name}`);
    docs.push(...loaded.rules);
    errors.push(...loaded.errors);
  }
  if (c.rule_files) {
    const loaded = loadRules(c.rule_files.map((f) => join(process.cwd(), f)));
    docs.push(...loaded.rules);
    errors.push(...loaded.errors);
  }
  const engine = createSigmaEngine(docs, {
    placeholders: c.options?.placeholders,
    unknownPlaceholder: c.options?.unknown_placeholder,
    unmapped: c.options?.unmapped,
  });
  errors.push(...engine.stats().errors);
  const newCorrelator = (): Correlator => createCorrelator(docs, { documents: docs });
  let correlator = newCorrelator();

  const matches: RuleMatch[] = [];
  const correlations: CorrelationMatch[] = [];
  const steps = c.batches ?? (c.events ? [{ events: c.events }] : []);
  let index = 0;
  for (const step of steps) {
    if ('events' in step) {
      const events = step.events.map((e) => toEvent(e, index++));
      const found = engine.matchBatch(events);
      matches.push(...found);
      correlations.push(...correlator.process(found));
    } else if ('restart' in step) {
      // What a restart keeps is exactly what survives JSON.
      const saved = JSON.parse(JSON.stringify(correlator.snapshot()));
      correlator = newCorrelator();
      correlator.restore(saved);
    } else {
      correlations.push(...correlator.advance(Date.parse(step.advance)));
    }
  }

  const gotErrors = errors.map((e) => ({ reason: e.reason, line: e.location?.line }));
  assert.deepEqual(
    gotErrors.map((e) => e.reason).sort(),
    c.expect.errors.map((e) => e.reason).sort(),
    `errors: ${errors.map((e) => e.where()).join('; ')}`,
  );
  for (const want of c.expect.errors) {
    if (want.line !== undefined) assert.ok(gotErrors.some((g) => g.reason === want.reason && g.line === want.line), `error ${want.reason} at line ${want.line}; got ${JSON.stringify(gotErrors)}`);
  }

  const got = matches.map((m) => `${m.event.id} ${m.rule.id ?? m.rule.title}`).sort();
  const wanted = c.expect.matches
    .map((w) => {
      const rule = matches.find((m) => m.event.id === w.event && ruleName(m.rule).includes(w.rule))?.rule;
      return `${w.event} ${rule ? rule.id ?? rule.title : w.rule}`;
    })
    .sort();
  assert.deepEqual(got, wanted, 'matches');
  for (const w of c.expect.matches) {
    const m = matches.find((x) => x.event.id === w.event && ruleName(x.rule).includes(w.rule))!;
    if (w.alert !== undefined) assert.equal(m.alert, w.alert, `alert flag of ${w.rule} on ${w.event}`);
    for (const [k, v] of Object.entries(w.fields ?? {})) assert.deepEqual(m.matched[k], v, `matched field ${k} of ${w.rule} on ${w.event}`);
  }

  assert.equal(correlations.length, c.expect.correlations.length, `correlations: ${JSON.stringify(correlations.map((x) => [x.rule.title, x.group, x.value]))}`);
  c.expect.correlations.forEach((w, i) => {
    const got1 = correlations[i]!;
    assert.ok(ruleName(got1.rule).includes(w.rule) || got1.rule.name === w.rule, `correlation ${i}: rule ${got1.rule.title}, wanted ${w.rule}`);
    if (w.group) assert.deepEqual(got1.group, w.group, `correlation ${i} group`);
    if (w.value !== undefined) assert.equal(got1.value, w.value, `correlation ${i} value`);
    if (w.events) assert.deepEqual(got1.events, w.events, `correlation ${i} events`);
  });

  if (c.expect.unmapped) assert.deepEqual(engine.stats().unmapped.map((u) => u.title).sort(), [...c.expect.unmapped].sort(), 'unmapped rules');
}

for (const file of readdirSync(CASES_DIR).filter((f) => f.endsWith('.yml')).sort()) {
  const cases = z.array(CaseSchema).parse(parseYaml(readFileSync(join(CASES_DIR, file), 'utf8')));
  for (const c of cases) test(`${file}: ${c.name}`, () => run(file, c));
}
