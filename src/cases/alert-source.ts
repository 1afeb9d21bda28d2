// What cases need from alerts: the alerts to link, with sample events to extract observables
// from. An interface (tests and other alert stores can stand in), and its implementation over src/alerts.
import { getAlertView, type AlertView } from '../alerts/index.js';
import { NotFoundError } from '../errors.js';
import type { Fields } from '../event/event.js';
import type { StateDb } from '../store/state/database.js';

export interface CaseAlertInput {
  id: string;
  tenant: string;
  title: string;
  /** The alert's severity as the alerts domain spells it ("informational" … "critical"). */
  severity: string;
  /** The rule that raised it, for the case's alert list. */
  rule: string | null;
  /** Entities the detector named; `type` is an observable type or the ECS field they came from. */
  entities: { type: string; value: string }[];
  /** A sample of the events that raised it. */
  events: { timestamp: number; fields: Fields }[];
}

export interface AlertSource {
  /** The alerts among `ids` that the tenant (null: every tenant) may see; others are left out. */
  getAlerts(db: StateDb, tenant: string | null, ids: readonly string[]): CaseAlertInput[];
  /** Told, in the transaction that links them, that alerts now belong to a case. */
  linked?(db: StateDb, alertIds: readonly string[], caseRef: { id: string; number: number }): void;
}

/** TheHive data types that are not spelled like Vigil's observable types. */
const THEHIVE_TYPES: Record<string, string> = { 'user-account': 'user', username: 'user', uri_path: 'other' };

interface TheHiveObservableDetail { dataType?: unknown; data?: unknown; truncated?: unknown }

/** Entities of an alert: its key entities, and the observables a TheHive alert came with. */
function entitiesOf(alert: AlertView): CaseAlertInput['entities'] {
  const out: CaseAlertInput['entities'] = [];
  if (alert.entities.host) out.push({ type: 'hostname', value: alert.entities.host });
  if (alert.entities.user) out.push({ type: 'user', value: alert.entities.user });
  if (alert.entities.source_ip) out.push({ type: 'ip', value: alert.entities.source_ip });
  const thehive = alert.details?.thehive as { observables?: TheHiveObservableDetail[] } | undefined;
  for (const o of thehive?.observables ?? []) {
    if (typeof o.dataType !== 'string' || typeof o.data !== 'string' || o.truncated) continue;
    out.push({ type: THEHIVE_TYPES[o.dataType] ?? o.dataType, value: o.data });
  }
  return out;
}

/** The alerts domain (src/alerts) as the cases' alert source. */
export const alertsDomain: AlertSource = {
  getAlerts(db, tenant, ids) {
    const scope = tenant === null ? null : [tenant];
    const out: CaseAlertInput[] = [];
    for (const id of ids) {
      let alert: AlertView;
      try {
        alert = getAlertView(db, scope, id);
      } catch (error) {
        if (error instanceof NotFoundError) continue;
        throw error;
      }
      out.push({
        id: alert.id,
        tenant: alert.tenant,
        title: alert.rule.title,
        severity: alert.severity,
        rule: alert.rule.id,
        entities: entitiesOf(alert),
        events: alert.samples.map((s) => ({ timestamp: s.timestamp, fields: s.fields })),
      });
    }
    return out;
  },
};
