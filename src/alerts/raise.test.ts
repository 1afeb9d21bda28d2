import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createMetrics } from '../metrics/metrics.js';
import { getAlertView, listAlerts } from './query.js';
import { MAX_EVENT_IDS, MAX_SAMPLES, raiseAlerts } from './raise.js';
import { HOUR, hit, memoryDb, MINUTE, T0 } from './test-support.js';
import { updateAlert } from './triage.js';

const system = { kind: 'system' as const, id: null, name: 'system' };

describe('raiseAlerts', () => {
  test('500 hits of one rule on one host become one alert counting 500', () => {
    const db = memoryDb();
    const hits = Array.from({ length: 500 }, (_, i) => hit({ at: T0 + i * 1000 }));
    const result = raiseAlerts(db, hits, { now: T0 + 600_000 });
    assert.equal(result.created, 1);
    assert.equal(result.grouped, 499);
    const { items } = listAlerts(db, { tenants: null });
    assert.equal(items.length, 1);
    const alert = getAlertView(db, null, items[0]!.id);
    assert.equal(alert.count, 500);
    assert.equal(alert.first_seen, T0);
    assert.equal(alert.last_seen, T0 + 499_000);
    assert.equal(alert.event_ids.length, 500);
    assert.deepEqual(alert.event_ids.slice(0, 2), [hits[0]!.event.id, hits[1]!.event.id]);
    assert.equal(alert.samples.length, MAX_SAMPLES);
    assert.equal(alert.samples[0]!.fields['process.command_line'], 'powershell.exe -enc SQBFAFgA');
    assert.deepEqual(alert.samples[0]!.matched_fields, { 'process.command_line': 'powershell.exe -enc SQBFAFgA' });
  });

  test('the event id list is capped while the count stays exact, also across batches', () => {
    const db = memoryDb();
    for (let batch = 0; batch < 3; batch++) {
      raiseAlerts(db, Array.from({ length: 400 }, (_, i) => hit({ at: T0 + (batch * 400 + i) * 1000 })), { now: T0 + 3 * HOUR });
    }
    const [alert] = listAlerts(db, { tenants: null }).items;
    const view = getAlertView(db, null, alert!.id);
    assert.equal(view.count, 1200);
    assert.equal(view.event_ids.length, MAX_EVENT_IDS);
  });

  test('the alert stores rule metadata, entities and time to detect', () => {
    const db = memoryDb();
    const [outcome] = raiseAlerts(db, [hit({ ip: '203.0.113.9', at: T0 })], { now: T0 + 90_000 }).outcomes;
    const alert = getAlertView(db, null, outcome!.alertId!);
    assert.equal(alert.rule.author, 'Jane Doe');
    assert.deepEqual(alert.rule.tags, ['attack.execution', 'attack.t1059.001']);
    assert.deepEqual(alert.rule.attack_techniques, ['T1059.001']);
    assert.deepEqual(alert.rule.falsepositives, ['Admin scripts']);
    assert.equal(alert.rule.level, 'high');
    assert.equal(alert.severity, 'high');
    assert.equal(alert.status, 'new');
    assert.equal(alert.source, 'sigma');
    assert.deepEqual(alert.entities, { host: 'ws01', user: 'alice', source_ip: '203.0.113.9' });
    assert.equal(alert.created_at, T0 + 90_000);
    assert.equal(alert.mttd_ms, 90_000);
    assert.equal(alert.version, 1);
  });

  // Each case: hits after a first one at T0 on ws01/alice; how many alerts in the end.
  const cases: { name: string; later: Parameters<typeof hit>[0][]; alerts: number }[] = [
    { name: 'same rule and entities within the window', later: [{ at: T0 + 59 * MINUTE }], alerts: 1 },
    { name: 'the window slides with last_seen', later: [{ at: T0 + 50 * MINUTE }, { at: T0 + 100 * MINUTE }, { at: T0 + 150 * MINUTE }], alerts: 1 },
    { name: 'beyond the window after last_seen', later: [{ at: T0 + 61 * MINUTE }], alerts: 2 },
    { name: 'an earlier event within the window', later: [{ at: T0 - 30 * MINUTE }], alerts: 1 },
    { name: 'another host', later: [{ host: 'ws02' }], alerts: 2 },
    { name: 'another user', later: [{ user: 'bob' }], alerts: 2 },
    { name: 'another source ip', later: [{ ip: '198.51.100.1' }], alerts: 2 },
    { name: 'another rule', later: [{ ruleId: 'other-rule' }], alerts: 2 },
    { name: 'another tenant', later: [{ tenant: 'acme' }], alerts: 2 },
  ];
  for (const c of cases) {
    test(`grouping: ${c.name} → ${c.alerts} alert(s)`, () => {
      const db = memoryDb();
      raiseAlerts(db, [hit({ at: T0 })], { now: T0 });
      // Once in the same batch, once batch by batch: both must give the same answer.
      raiseAlerts(db, c.later.map((o) => hit(o)), { now: T0 + 3 * HOUR });
      assert.equal(listAlerts(db, { tenants: null }).items.length, c.alerts);
      const single = memoryDb();
      raiseAlerts(single, [hit({ at: T0 }), ...c.later.map((o) => hit(o))], { now: T0 + 3 * HOUR });
      assert.equal(listAlerts(single, { tenants: null }).items.length, c.alerts);
    });
  }

  test('the window is configurable', () => {
    const db = memoryDb();
    raiseAlerts(db, [hit({ at: T0 }), hit({ at: T0 + 10 * MINUTE })], { now: T0, groupWindowMs: 5 * MINUTE });
    assert.equal(listAlerts(db, { tenants: null }).items.length, 2);
  });

  test('a closed alert takes no more hits; a new one opens', () => {
    const db = memoryDb();
    const [first] = raiseAlerts(db, [hit({ at: T0 })], { now: T0 }).outcomes;
    updateAlert(db, system, null, first!.alertId!, { status: 'closed', disposition: 'benign' }, 1, T0 + MINUTE);
    const [second] = raiseAlerts(db, [hit({ at: T0 + 2 * MINUTE })], { now: T0 + 2 * MINUTE }).outcomes;
    assert.equal(second!.outcome, 'created');
    assert.notEqual(second!.alertId, first!.alertId);
    assert.equal(getAlertView(db, null, first!.alertId!).count, 1);
  });

  test('grouping does not change the version an analyst holds', () => {
    const db = memoryDb();
    const [first] = raiseAlerts(db, [hit({ at: T0 })], { now: T0 }).outcomes;
    updateAlert(db, system, null, first!.alertId!, { status: 'acknowledged' }, 1, T0 + MINUTE);
    raiseAlerts(db, [hit({ at: T0 + 2 * MINUTE })], { now: T0 + 2 * MINUTE });
    const alert = getAlertView(db, null, first!.alertId!);
    assert.equal(alert.count, 2);
    assert.equal(alert.version, 2);
    assert.equal(alert.status, 'acknowledged');
  });

  test('hits marked not to group always make new alerts', () => {
    const db = memoryDb();
    const result = raiseAlerts(db, [{ ...hit(), group: false }, { ...hit(), group: false }], { now: T0 });
    assert.equal(result.created, 2);
  });

  test('entities: explicit ones win over the event fields; host falls back to host.hostname', () => {
    const db = memoryDb();
    const explicit = { ...hit({ ip: '10.0.0.1' }), entities: { host: 'dc01', user: null } };
    const fallback = hit({ host: null, fields: { 'host.hostname': 'web7' } });
    const [a, b] = raiseAlerts(db, [explicit, fallback], { now: T0 }).outcomes;
    assert.deepEqual(getAlertView(db, null, a!.alertId!).entities, { host: 'dc01', user: null, source_ip: '10.0.0.1' });
    assert.equal(getAlertView(db, null, b!.alertId!).entities.host, 'web7');
  });

  test('careless hits are repaired, not refused: no level, no time, no event id', () => {
    const db = memoryDb();
    const bad = hit();
    const candidate = { ...bad, rule: { ...bad.rule, level: 'severe' as never }, event: { id: '', timestamp: Number.NaN, fields: bad.event.fields } };
    const [outcome] = raiseAlerts(db, [candidate], { now: T0 }).outcomes;
    const alert = getAlertView(db, null, outcome!.alertId!);
    assert.equal(alert.severity, 'medium');
    assert.equal(alert.first_seen, T0);
    assert.equal(alert.event_ids.length, 1);
    assert.notEqual(alert.event_ids[0], '');
  });

  test('counts created and grouped hits in the metrics by rule level', async () => {
    const db = memoryDb();
    const metrics = createMetrics();
    raiseAlerts(db, [hit(), hit(), hit({ level: 'low', ruleId: 'r2' })], { now: T0, metrics });
    const text = await metrics.registry.metrics();
    assert.match(text, /alerts_raised_total\{rule_level="high"\} 1/);
    assert.match(text, /alerts_raised_total\{rule_level="low"\} 1/);
    assert.match(text, /alerts_grouped_total\{rule_level="high"\} 1/);
  });
});
