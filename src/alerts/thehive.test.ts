import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { TheHiveAlertSchema, theHiveCandidate, theHiveDetails } from './thehive.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`./testdata/thehive/${name}.json`, import.meta.url), 'utf8'));
const NOW = Date.parse('2026-11-21T07:00:00Z');

// Each case: a payload as an integration sends it, and what Vigil makes of it.
const cases = [
  {
    name: 'Wazuh (thehive4py 1.x Alert)',
    file: 'wazuh',
    ruleId: 'thehive:wazuh:wazuh_alert',
    level: 'medium',
    date: Date.parse('2026-11-21T06:00:00Z'),
    fields: { 'source.ip': '203.0.113.45', 'event.provider': 'wazuh', 'event.id': '3f9c1a' },
    customFields: {},
    observables: 2,
  },
  {
    name: 'ElastAlert2 HiveAlerter',
    file: 'elastalert2',
    ruleId: 'thehive:elastalert:external',
    level: 'high',
    date: Date.parse('2026-11-21T06:00:00Z'),
    fields: { 'source.ip': '198.51.100.7', 'host.name': 'db01.corp.example', 'user.name': 'svc_backup' },
    customFields: { detection_rule: 'Too many failed logins', hit_count: 12 },
    observables: 3,
  },
  {
    name: 'TheHive 5 (observables, label severity, ISO date, custom field list)',
    file: 'thehive5',
    ruleId: 'thehive:crowdstrike:edr',
    level: 'critical',
    date: Date.parse('2026-11-21T06:30:00Z'),
    fields: { 'host.name': 'FIN-WS-042', 'file.hash.sha256': '0a9b5c2f1e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b' },
    customFields: { 'sensor-version': '7.18' },
    observables: 3,
  },
];

describe('TheHive alert mapping', () => {
  for (const c of cases) {
    test(c.name, () => {
      const input = TheHiveAlertSchema.parse(fixture(c.file));
      const details = theHiveDetails(input, NOW);
      const candidate = theHiveCandidate('acme', details);
      assert.equal(candidate.tenant, 'acme');
      assert.equal(candidate.rule.id, c.ruleId);
      assert.equal(candidate.rule.source, 'thehive');
      assert.equal(candidate.rule.level, c.level);
      assert.equal(candidate.rule.title, input.title);
      assert.equal(candidate.event.timestamp, c.date);
      assert.equal(candidate.group, false);
      assert.equal(candidate.externalRef, JSON.stringify([input.type, input.source, input.sourceRef]));
      for (const [field, value] of Object.entries(c.fields)) assert.equal(candidate.event.fields[field], value, field);
      assert.deepEqual(details.customFields, c.customFields);
      assert.equal(details.observables.length, c.observables);
    });
  }

  test('defaults: severity 2, TLP and PAP amber, date now', () => {
    const details = theHiveDetails(TheHiveAlertSchema.parse({ title: 't', type: 'x', source: 's', sourceRef: 1 }), NOW);
    assert.deepEqual([details.severity, details.tlp, details.pap, details.date, details.sourceRef], [2, 2, 2, NOW, '1']);
  });

  const invalid: [string, Record<string, unknown>][] = [
    ['no title', { type: 'x', source: 's', sourceRef: 'r' }],
    ['no sourceRef', { title: 't', type: 'x', source: 's' }],
    ['severity 5', { title: 't', type: 'x', source: 's', sourceRef: 'r', severity: 5 }],
    ['severity "urgent"', { title: 't', type: 'x', source: 's', sourceRef: 'r', severity: 'urgent' }],
    ['a date that is not one', { title: 't', type: 'x', source: 's', sourceRef: 'r', date: 'yesterday-ish' }],
  ];
  for (const [name, body] of invalid) {
    test(`refused: ${name}`, () => assert.equal(TheHiveAlertSchema.safeParse(body).success, false));
  }

  test('file observables are cut to a sane length and not used as fields', () => {
    const input = TheHiveAlertSchema.parse({ title: 't', type: 'x', source: 's', sourceRef: 'r', artifacts: [{ dataType: 'filename', data: 'x'.repeat(10_000) }] });
    const details = theHiveDetails(input, NOW);
    assert.equal(details.observables[0]!.data!.length, 4096);
    assert.equal(details.observables[0]!.truncated, true);
    assert.equal(theHiveCandidate('default', details).event.fields['file.name'], undefined);
  });
});
