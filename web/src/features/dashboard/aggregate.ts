// Dashboard figures from a list of alerts: counts per time bucket and severity, per status,
// and the most frequent rules, hosts and users.
import { SEVERITIES, STATUSES, type Alert } from '../alerts/types.js';

export interface TimeBuckets {
  /** Bucket start times (epoch ms). */
  times: number[];
  /** Per severity, a count per bucket. */
  bySeverity: Record<string, number[]>;
  intervalMs: number;
}

const NICE_MS = [60_000, 300_000, 900_000, 1_800_000, 3_600_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000];

/** About `target` buckets of a round size covering [from, to). */
export function bucketAlerts(alerts: readonly Alert[], from: number, to: number, target = 48): TimeBuckets {
  const span = Math.max(1, to - from);
  const intervalMs = NICE_MS.find((ms) => span / ms <= target) ?? NICE_MS[NICE_MS.length - 1]!;
  const start = Math.floor(from / intervalMs) * intervalMs;
  const count = Math.max(1, Math.ceil((to - start) / intervalMs));
  const times = Array.from({ length: count }, (_, i) => start + i * intervalMs);
  const bySeverity: Record<string, number[]> = Object.fromEntries(SEVERITIES.map((s) => [s, new Array<number>(count).fill(0)]));
  for (const alert of alerts) {
    const i = Math.floor((alert.created_at - start) / intervalMs);
    if (i >= 0 && i < count) bySeverity[alert.severity]![i]! += 1;
  }
  return { times, bySeverity, intervalMs };
}

export function countByStatus(alerts: readonly Alert[]): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(STATUSES.map((s) => [s, 0]));
  for (const alert of alerts) counts[alert.status] = (counts[alert.status] ?? 0) + 1;
  return counts;
}

/** The `size` most frequent keys (nulls skipped), most first, ties by name. */
export function topBy(alerts: readonly Alert[], key: (alert: Alert) => string | null, size = 8): { key: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const alert of alerts) {
    const k = key(alert);
    if (k !== null && k !== '') counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts].map(([k, count]) => ({ key: k, count })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)).slice(0, size);
}
