import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { raiseAlerts } from './raise.js';
import { computeSocMetrics, isoWeek, stats, type DurationMetric } from './soc-metrics.js';
import { hit, HOUR, memoryDb, MINUTE, T0 } from './test-support.js';
import { updateAlert } from './triage.js';

const actor = { kind: 'user' as const, id: 'u1', name: 'carol' };
const WEEK = 7 * 24 * HOUR;
const R1 = 'rule-encoded-powershell';

/** Four alerts with known times: see each line for what it contributes. */
function scenario() {
  const db = memoryDb();
  const raise = (options: Parameters<typeof hit>[0], now: number, extra = 0) => {
    const hits = [hit(options), ...Array.from({ length: extra }, () => hit({ ...options, at: (options?.at ?? T0) + 1000 }))];
    return raiseAlerts(db, hits, { now }).outcomes[0]!.alertId!;
  };
  // A1 default/high/R1: detected after 2 min, acknowledged 10 min later, closed as false positive 1 h after creation; 5 hits.
  const a1 = raise({ host: 'h1', at: T0 }, T0 + 2 * MINUTE, 4);
  updateAlert(db, actor, null, a1, { status: 'acknowledged' }, 1, T0 + 12 * MINUTE);
  updateAlert(db, actor, null, a1, { status: 'closed', disposition: 'false_positive' }, 2, T0 + 62 * MINUTE);
  // A2 default/low/r2: detected after 4 min, acknowledged 20 min later, still open.
  const a2 = raise({ host: 'h2', ruleId: 'r2', title: 'Rule two', level: 'low', at: T0 }, T0 + 4 * MINUTE);
  updateAlert(db, actor, null, a2, { status: 'in_progress' }, 1, T0 + 24 * MINUTE);
  // A3 acme/high/R1: detected after 6 min, closed straight from new as a true positive 30 min later.
  const a3 = raise({ host: 'h3', tenant: 'acme', at: T0 }, T0 + 6 * MINUTE);
  updateAlert(db, actor, null, a3, { status: 'closed', disposition: 'true_positive' }, 1, T0 + 36 * MINUTE);
  // A4 default/high/R1, a week later: detected after 1 min, untouched.
  raise({ host: 'h4', at: T0 + WEEK - MINUTE }, T0 + WEEK);
  return db;
}

const ALL = { from: T0 - HOUR, to: T0 + 2 * WEEK, tenants: null };

describe('SOC metrics', () => {
  test('overall medians, means and counts', () => {
    const m = computeSocMetrics(scenario(), ALL);
    assert.equal(m.overall.alerts, 4);
    assert.deepEqual(m.overall.mttd, { count: 4, mean_ms: 195_000, median_ms: 180_000 });
    assert.deepEqual(m.overall.mtta, { count: 3, mean_ms: 1_200_000, median_ms: 1_200_000 });
    assert.deepEqual(m.overall.mttr, { count: 2, mean_ms: 2_700_000, median_ms: 2_700_000 });
  });

  test('by tenant, severity and ISO week', () => {
    const m = computeSocMetrics(scenario(), ALL);
    assert.deepEqual(m.by_tenant.map((b) => [b.tenant, b.alerts, b.mttd]), [
      ['acme', 1, { count: 1, mean_ms: 360_000, median_ms: 360_000 }],
      ['default', 3, { count: 3, mean_ms: 140_000, median_ms: 120_000 }],
    ]);
    assert.deepEqual(m.by_severity.map((b) => [b.severity, b.alerts, b.mttr]), [
      ['high', 3, { count: 2, mean_ms: 2_700_000, median_ms: 2_700_000 }],
      ['low', 1, { count: 0, mean_ms: null, median_ms: null }],
    ]);
    assert.deepEqual(m.by_week.map((b) => [b.week, b.alerts]), [['2026-W47', 3], ['2026-W48', 1]]);
  });

  test('noisiest rules and false-positive rate by rule', () => {
    const m = computeSocMetrics(scenario(), ALL);
    assert.deepEqual(m.noisiest_rules, [
      { rule_id: R1, rule_title: 'Encoded PowerShell command line', alerts: 3, hits: 7 },
      { rule_id: 'r2', rule_title: 'Rule two', alerts: 1, hits: 1 },
    ]);
    assert.deepEqual(m.false_positive_rate, [{ rule_id: R1, rule_title: 'Encoded PowerShell command line', closed: 2, false_positives: 1, rate: 0.5 }]);
  });

  test('the period and the tenants narrow everything', () => {
    const db = scenario();
    const lateWeek = computeSocMetrics(db, { from: T0 + WEEK - HOUR, to: T0 + 2 * WEEK, tenants: null });
    assert.equal(lateWeek.overall.alerts, 1);
    assert.deepEqual(lateWeek.overall.mttd, { count: 1, mean_ms: 60_000, median_ms: 60_000 });
    const acme = computeSocMetrics(db, { ...ALL, tenants: ['acme'] });
    assert.equal(acme.overall.alerts, 1);
    assert.deepEqual(acme.false_positive_rate.map((r) => r.rate), [0]);
    assert.equal(computeSocMetrics(db, { ...ALL, tenants: [] }).overall.alerts, 0);
  });

  test('another domain adds a duration figure by adding a row', () => {
    const cases: DurationMetric = {
      name: 'mttr_cases',
      description: 'case opened → closed',
      samples: () => [{ tenant: 'acme', severity: 'high', at: T0, ms: 5000 }, { tenant: 'acme', severity: 'high', at: T0, ms: 7000 }],
    };
    const m = computeSocMetrics(scenario(), ALL, [cases]);
    assert.deepEqual(m.overall.mttr_cases, { count: 2, mean_ms: 6000, median_ms: 6000 });
    assert.deepEqual(m.by_tenant.find((b) => b.tenant === 'acme')?.mttr_cases, { count: 2, mean_ms: 6000, median_ms: 6000 });
    assert.throws(() => computeSocMetrics(scenario(), ALL, [cases, cases]), /duplicate SOC metric/);
  });

  test('stats of nothing, one and an even count', () => {
    assert.deepEqual(stats([]), { count: 0, mean_ms: null, median_ms: null });
    assert.deepEqual(stats([5]), { count: 1, mean_ms: 5, median_ms: 5 });
    assert.deepEqual(stats([9, 1, 4, 2]), { count: 4, mean_ms: 4, median_ms: 3 });
  });

  const weeks: [string, string][] = [
    ['2026-11-20T10:00:00Z', '2026-W47'],
    ['2026-01-01T00:00:00Z', '2026-W01'],
    ['2021-01-03T23:59:59Z', '2020-W53'],
    ['2024-12-30T00:00:00Z', '2025-W01'],
    ['2027-01-03T12:00:00Z', '2026-W53'],
  ];
  for (const [date, week] of weeks) {
    test(`ISO week of ${date} is ${week}`, () => assert.equal(isoWeek(Date.parse(date)), week));
  }
});
