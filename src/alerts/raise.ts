// Turning detection hits into alerts: exceptions first, then grouping into an open alert of the
// same rule and entities, else a new alert. One transaction per batch; each touched alert is
// written once at the end of the batch however many hits it took.
import { DEFAULT_TENANT } from '../event/event.js';
import { newEventId } from '../event/id.js';
import type { Metrics } from '../metrics/metrics.js';
import type { StateDb } from '../store/state/database.js';
import { entitiesOf, groupKey, type KeyEntities } from './entities.js';
import type { RuleExtras } from './rows.js';
import { loadActiveExceptions, matchException, recordExceptionHits } from './suppress.js';
import { isSeverity, type AlertCandidate, type Severity } from './types.js';

/** Hits this long after an open alert's last event (or before its first) still join it. */
export const DEFAULT_GROUP_WINDOW_MS = 3_600_000;
/** Event ids kept per alert; the count stays exact beyond it. */
export const MAX_EVENT_IDS = 1000;
/** Full events (with matched fields) kept per alert for its page. */
export const MAX_SAMPLES = 10;
/** Level of a rule that states none. */
export const DEFAULT_LEVEL: Severity = 'medium';

export interface RaiseOptions {
  /** Alert creation time (epoch ms); tests set it. */
  now?: number;
  groupWindowMs?: number;
  metrics?: Metrics;
}

export interface RaiseOutcome {
  outcome: 'created' | 'grouped' | 'suppressed';
  /** The alert created or grown; null when suppressed. */
  alertId: string | null;
  /** The exception that suppressed the hit. */
  exceptionId?: string;
}

export interface RaiseResult {
  created: number;
  grouped: number;
  suppressed: number;
  /** One per candidate, in order. */
  outcomes: RaiseOutcome[];
}

/** An alert touched by the batch, with its counters as the batch leaves them. */
interface Touched {
  id: string;
  count: number;
  firstSeen: number;
  lastSeen: number;
  /** Hits added by this batch and not yet written to the alert row. */
  pending: number;
}

/** Fills what a careless caller left out, so one bad hit cannot fail the batch. */
function normalized(candidate: AlertCandidate, now: number): AlertCandidate {
  const rule = candidate.rule;
  const id = typeof rule.id === 'string' && rule.id !== '' ? rule.id : (rule.title || 'unknown');
  const timestamp = Number.isFinite(candidate.event.timestamp) ? candidate.event.timestamp : now;
  return {
    ...candidate,
    tenant: candidate.tenant || DEFAULT_TENANT,
    rule: { ...rule, id, title: rule.title || id, source: rule.source || 'unknown', level: isSeverity(rule.level) ? rule.level : DEFAULT_LEVEL },
    event: { ...candidate.event, id: candidate.event.id || newEventId(now), timestamp },
  };
}

export function raiseAlerts(db: StateDb, candidates: readonly AlertCandidate[], options: RaiseOptions = {}): RaiseResult {
  const now = options.now ?? Date.now();
  const window = options.groupWindowMs ?? DEFAULT_GROUP_WINDOW_MS;
  const result: RaiseResult = { created: 0, grouped: 0, suppressed: 0, outcomes: [] };
  const perLevel = new Map<string, { created: number; grouped: number; suppressed: number }>();
  const count = (level: string, what: 'created' | 'grouped' | 'suppressed') => {
    const entry = perLevel.get(level) ?? { created: 0, grouped: 0, suppressed: 0 };
    entry[what] += 1;
    perLevel.set(level, entry);
    result[what] += 1;
  };

  const insertAlert = db.prepare(`INSERT INTO alerts (id, tenant_id, source, rule_id, rule_title, rule_level, rule_json, severity, status,
      host_name, user_name, source_ip, group_key, external_ref, details_json, event_count, first_seen, last_seen, created_at, updated_at, mttd_ms, version)
    VALUES (@id, @tenant_id, @source, @rule_id, @rule_title, @rule_level, @rule_json, @severity, 'new',
      @host_name, @user_name, @source_ip, @group_key, @external_ref, @details_json, 1, @ts, @ts, @now, @now, @mttd_ms, 1)`);
  const insertEventId = db.prepare('INSERT INTO alert_events (alert_id, seq, event_id) VALUES (?, ?, ?)');
  const insertSample = db.prepare('INSERT INTO alert_samples (alert_id, seq, event_id, event_time, fields_json, matched_json) VALUES (?, ?, ?, ?, ?, ?)');
  const findOpen = db.prepare(`SELECT id, event_count AS count, first_seen AS firstSeen, last_seen AS lastSeen FROM alerts
    WHERE tenant_id = ? AND group_key = ? AND status <> 'closed' AND last_seen >= ? AND first_seen <= ?
    ORDER BY last_seen DESC LIMIT 1`);
  const writeCounters = db.prepare(`UPDATE alerts SET event_count = event_count + ?, first_seen = MIN(first_seen, ?), last_seen = MAX(last_seen, ?), updated_at = ?
    WHERE id = ?`);

  const evidence = (alert: Touched, candidate: AlertCandidate, seq: number) => {
    if (seq < MAX_EVENT_IDS) insertEventId.run(alert.id, seq, candidate.event.id);
    if (seq < MAX_SAMPLES) {
      insertSample.run(alert.id, seq, candidate.event.id, candidate.event.timestamp,
        JSON.stringify(candidate.event.fields), JSON.stringify(candidate.matchedFields ?? {}));
    }
  };

  db.transaction(() => {
    const tenants = [...new Set(candidates.map((c) => c.tenant || DEFAULT_TENANT))];
    const exceptions = loadActiveExceptions(db, tenants, now);
    const exceptionHits = new Map<string, { count: number; last: number }>();
    /** Alerts touched by this batch, by tenant and group key, and by id. */
    const touchedByKey = new Map<string, Touched[]>();
    const touchedById = new Map<string, Touched>();
    const within = (alert: Touched, ts: number) => ts <= alert.lastSeen + window && ts >= alert.firstSeen - window;

    for (const raw of candidates) {
      const candidate = normalized(raw, now);
      const { tenant, rule, event } = candidate;
      const entities = entitiesOf(candidate);

      const exception = matchException(exceptions.get(tenant), candidate, entities);
      if (exception) {
        const hit = exceptionHits.get(exception.id) ?? { count: 0, last: now };
        hit.count += 1;
        exceptionHits.set(exception.id, hit);
        count(rule.level, 'suppressed');
        result.outcomes.push({ outcome: 'suppressed', alertId: null, exceptionId: exception.id });
        continue;
      }

      const key = candidate.group === false ? null : groupKey(rule.source, rule.id, entities);
      const slot = key === null ? null : `${tenant}\u0000${key}`;
      if (key !== null && slot !== null) {
        let alert = touchedByKey.get(slot)?.find((a) => within(a, event.timestamp));
        if (!alert) {
          const row = findOpen.get(tenant, key, event.timestamp - window, event.timestamp + window) as Omit<Touched, 'pending'> | undefined;
          if (row) {
            alert = touchedById.get(row.id) ?? { ...row, pending: 0 };
            remember(touchedByKey, touchedById, slot, alert);
          }
        }
        if (alert) {
          evidence(alert, candidate, alert.count);
          alert.count += 1;
          alert.pending += 1;
          alert.firstSeen = Math.min(alert.firstSeen, event.timestamp);
          alert.lastSeen = Math.max(alert.lastSeen, event.timestamp);
          count(rule.level, 'grouped');
          result.outcomes.push({ outcome: 'grouped', alertId: alert.id });
          continue;
        }
      }

      const id = newEventId(now);
      insertAlert.run(alertRow(candidate, entities, id, key, now));
      const alert: Touched = { id, count: 1, firstSeen: event.timestamp, lastSeen: event.timestamp, pending: 0 };
      evidence(alert, candidate, 0);
      if (slot !== null) remember(touchedByKey, touchedById, slot, alert);
      count(rule.level, 'created');
      result.outcomes.push({ outcome: 'created', alertId: id });
    }

    for (const alert of touchedById.values()) {
      if (alert.pending > 0) writeCounters.run(alert.pending, alert.firstSeen, alert.lastSeen, now, alert.id);
    }
    recordExceptionHits(db, exceptionHits);
  })();

  if (options.metrics) {
    for (const [level, n] of perLevel) {
      if (n.created) options.metrics.alerts.inc({ rule_level: level }, n.created);
      if (n.grouped) options.metrics.alertsGrouped.inc({ rule_level: level }, n.grouped);
      if (n.suppressed) options.metrics.alertsSuppressed.inc({ rule_level: level }, n.suppressed);
    }
  }
  return result;
}

function remember(byKey: Map<string, Touched[]>, byId: Map<string, Touched>, slot: string, alert: Touched): void {
  byId.set(alert.id, alert);
  const list = byKey.get(slot) ?? [];
  list.push(alert);
  byKey.set(slot, list);
}

function alertRow(candidate: AlertCandidate, entities: KeyEntities, id: string, key: string | null, now: number): Record<string, unknown> {
  const { rule, event } = candidate;
  const extras: RuleExtras = {
    author: rule.author ?? '',
    ...(rule.description !== undefined ? { description: rule.description } : {}),
    references: rule.references ?? [],
    tags: rule.tags ?? [],
    ...(rule.status !== undefined ? { status: rule.status } : {}),
    falsepositives: rule.falsepositives ?? [],
  };
  return {
    id,
    tenant_id: candidate.tenant,
    source: rule.source,
    rule_id: rule.id,
    rule_title: rule.title,
    rule_level: rule.level,
    rule_json: JSON.stringify(extras),
    severity: rule.level,
    host_name: entities.host,
    user_name: entities.user,
    source_ip: entities.sourceIp,
    group_key: key,
    external_ref: candidate.externalRef ?? null,
    details_json: candidate.details === undefined ? null : JSON.stringify(candidate.details),
    ts: event.timestamp,
    now,
    // A hit whose event claims a time after the alert (clock skew) counts as detected at once.
    mttd_ms: Math.max(0, now - event.timestamp),
  };
}
