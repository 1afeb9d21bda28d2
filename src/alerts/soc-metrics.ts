// SOC performance figures over a period: time to detect, acknowledge and resolve (medians and
// means by tenant, severity and ISO week), the noisiest rules and false-positive rates by rule.
// Durations come from a list of DurationMetric rows, so another domain (cases) adds its own
// figure by adding a row, without this module knowing about it.
import { VigilError } from '../errors.js';
import type { StateDb } from '../store/state/database.js';
import type { TenantScope } from './types.js';

export interface MetricRange {
  /** Epoch ms, [from, to). */
  from: number;
  to: number;
  tenants: TenantScope;
}

/** One measured span: what it belongs to and how long it took. */
export interface DurationSample {
  tenant: string;
  severity: string;
  /** When the span started (epoch ms): picks the ISO week. */
  at: number;
  ms: number;
}

export interface DurationMetric {
  /** Key in the answer ("mttd"); unique. */
  name: string;
  description: string;
  /** The spans counted for the range and its tenants (each metric says which: alert figures take alerts created in it). */
  samples(db: StateDb, range: MetricRange): DurationSample[];
}

export interface Stats {
  count: number;
  mean_ms: number | null;
  median_ms: number | null;
}

export type Bucket = { alerts: number } & Record<string, Stats | number>;

export interface SocMetrics {
  from: number;
  to: number;
  overall: Bucket;
  by_tenant: (Bucket & { tenant: string })[];
  by_severity: (Bucket & { severity: string })[];
  by_week: (Bucket & { week: string })[];
  /** Rules by alerts raised in the period, most first. */
  noisiest_rules: { rule_id: string; rule_title: string; alerts: number; hits: number }[];
  /** Per rule: of its alerts closed, the share closed as false_positive. */
  false_positive_rate: { rule_id: string; rule_title: string; closed: number; false_positives: number; rate: number }[];
}

export const TOP_RULES = 20;

function scopeSql(range: MetricRange): { sql: string; params: (string | number)[] } {
  const params: (string | number)[] = [range.from, range.to];
  let sql = 'created_at >= ? AND created_at < ?';
  if (range.tenants !== null) {
    sql += ` AND tenant_id IN (${range.tenants.length ? range.tenants.map(() => '?').join(', ') : 'NULL'})`;
    params.push(...range.tenants);
  }
  return { sql, params };
}

/** Alert spans counted for alerts created in the range (a cohort: late closures count for the period the alert was raised). */
function alertSpan(name: string, description: string, end: string): DurationMetric {
  return {
    name,
    description,
    samples(db, range) {
      const scope = scopeSql(range);
      return db.prepare(`SELECT tenant_id AS tenant, severity, created_at AS at, ${end} AS ms FROM alerts
        WHERE ${scope.sql} AND (${end}) IS NOT NULL`).all(...scope.params) as DurationSample[];
    },
  };
}

export const ALERT_DURATION_METRICS: readonly DurationMetric[] = [
  alertSpan('mttd', 'time to detect: triggering event time → alert created', 'mttd_ms'),
  alertSpan('mtta', 'time to acknowledge: alert created → first left "new"', 'acknowledged_at - created_at'),
  alertSpan('mttr', 'time to resolve: alert created → closed', 'closed_at - created_at'),
];

export function stats(values: readonly number[]): Stats {
  if (values.length === 0) return { count: 0, mean_ms: null, median_ms: null };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const mean = sorted.reduce((sum, v) => sum + v, 0) / sorted.length;
  return { count: sorted.length, mean_ms: Math.round(mean), median_ms: Math.round(median) };
}

/** ISO 8601 week of a UTC time: "2026-W47" (the week's Thursday decides the year). */
export function isoWeek(ms: number): string {
  const date = new Date(ms);
  const day = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  const weekday = new Date(day).getUTCDay() || 7;
  const thursday = new Date(day + (4 - weekday) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

type Dimension = 'tenant' | 'severity' | 'week';
const keyOf: Record<Dimension, (s: { tenant: string; severity: string; at: number }) => string> = {
  tenant: (s) => s.tenant,
  severity: (s) => s.severity,
  week: (s) => isoWeek(s.at),
};

export function computeSocMetrics(db: StateDb, range: MetricRange, metrics: readonly DurationMetric[] = ALERT_DURATION_METRICS): SocMetrics {
  const names = new Set<string>(['alerts']);
  for (const metric of metrics) {
    if (names.has(metric.name)) throw new VigilError('internal', `duplicate SOC metric name "${metric.name}"`);
    names.add(metric.name);
  }
  const scope = scopeSql(range);
  const alerts = db.prepare(`SELECT tenant_id AS tenant, severity, created_at AS at FROM alerts WHERE ${scope.sql}`)
    .all(...scope.params) as { tenant: string; severity: string; at: number }[];
  const samples = metrics.map((m) => ({ name: m.name, samples: m.samples(db, range) }));

  const bucketOf = (count: number, values: ReadonlyMap<string, number[]>): Bucket => {
    const out: Bucket = { alerts: count };
    for (const m of samples) out[m.name] = stats(values.get(m.name) ?? []);
    return out;
  };
  /** One pass over alerts and samples: each key computed once per row. */
  const split = <D extends Dimension>(dimension: D) => {
    const groups = new Map<string, { alerts: number; values: Map<string, number[]> }>();
    const group = (key: string) => {
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { alerts: 0, values: new Map() }));
      return g;
    };
    for (const a of alerts) group(keyOf[dimension](a)).alerts += 1;
    for (const m of samples) {
      for (const s of m.samples) {
        const values = group(keyOf[dimension](s)).values;
        const list = values.get(m.name) ?? [];
        list.push(s.ms);
        values.set(m.name, list);
      }
    }
    return [...groups.keys()].sort().map((key) => {
      const g = groups.get(key)!;
      return { [dimension]: key, ...bucketOf(g.alerts, g.values) } as Bucket & Record<D, string>;
    });
  };

  const noisiest = db.prepare(`SELECT rule_id, MAX(rule_title) AS rule_title, COUNT(*) AS alerts, SUM(event_count) AS hits FROM alerts
    WHERE ${scope.sql} GROUP BY rule_id ORDER BY alerts DESC, hits DESC, rule_id LIMIT ?`).all(...scope.params, TOP_RULES) as SocMetrics['noisiest_rules'];
  const closed = db.prepare(`SELECT rule_id, MAX(rule_title) AS rule_title, COUNT(*) AS closed,
      SUM(CASE WHEN disposition = 'false_positive' THEN 1 ELSE 0 END) AS false_positives FROM alerts
    WHERE ${scope.sql} AND status = 'closed' GROUP BY rule_id`).all(...scope.params) as Omit<SocMetrics['false_positive_rate'][number], 'rate'>[];
  const falsePositiveRate = closed
    .map((r) => ({ ...r, rate: r.false_positives / r.closed }))
    .sort((a, b) => b.rate - a.rate || b.closed - a.closed || a.rule_id.localeCompare(b.rule_id));

  return {
    from: range.from,
    to: range.to,
    overall: bucketOf(alerts.length, new Map(samples.map((m) => [m.name, m.samples.map((s) => s.ms)]))),
    by_tenant: split('tenant'),
    by_severity: split('severity'),
    by_week: split('week'),
    noisiest_rules: noisiest,
    false_positive_rate: falsePositiveRate,
  };
}
