import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Alert } from '../alerts/types.js';
import { bucketAlerts, countByStatus, topBy } from './aggregate.js';

const H = 3_600_000;
const T0 = Date.UTC(2026, 10, 22, 0, 0, 0);

function alert(hour: number, severity: Alert['severity'], status: Alert['status'], host: string | null, title = 'Rule A'): Alert {
  return {
    id: `${hour}-${severity}-${host}`, tenant: 'default', source: 'sigma', severity, status, assignee: null, disposition: null,
    rule: { id: title, title, level: severity, author: '', references: [], tags: [], falsepositives: [], source: 'sigma', attack_techniques: [] },
    entities: { host, user: null, source_ip: null }, count: 1, first_seen: T0, last_seen: T0,
    created_at: T0 + hour * H, updated_at: T0, acknowledged_at: null, closed_at: null, mttd_ms: 0, external_ref: null, details: null, version: 1,
  };
}

const alerts = [alert(0, 'high', 'new', 'ws-01'), alert(0.5, 'high', 'closed', 'ws-01', 'Rule B'), alert(5, 'critical', 'acknowledged', 'ws-02'), alert(23.9, 'low', 'new', null)];

test('alerts are counted per hour and severity over a day', () => {
  const buckets = bucketAlerts(alerts, T0, T0 + 24 * H, 24);
  assert.equal(buckets.intervalMs, H);
  assert.equal(buckets.times.length, 24);
  assert.equal(buckets.times[0], T0);
  assert.equal(buckets.bySeverity.high![0], 2);
  assert.equal(buckets.bySeverity.critical![5], 1);
  assert.equal(buckets.bySeverity.low![23], 1);
  const sum = Object.values(buckets.bySeverity).flat().reduce((a, b) => a + b, 0);
  assert.equal(sum, 4);
});

test('alerts outside the range are left out', () => {
  const buckets = bucketAlerts(alerts, T0 + 2 * H, T0 + 6 * H, 48);
  assert.equal(Object.values(buckets.bySeverity).flat().reduce((a, b) => a + b, 0), 1);
});

test('counts by status and top entities', () => {
  assert.deepEqual(countByStatus(alerts), { new: 2, acknowledged: 1, in_progress: 0, closed: 1 });
  assert.deepEqual(topBy(alerts, (a) => a.entities.host), [{ key: 'ws-01', count: 2 }, { key: 'ws-02', count: 1 }]);
  assert.deepEqual(topBy(alerts, (a) => a.rule.title, 1), [{ key: 'Rule A', count: 3 }]);
});
