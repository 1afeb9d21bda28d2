// TheHive-compatible alert intake: TheHive 4/5 alert JSON (as Wazuh's integration, ElastAlert2's
// HiveAlerter and thehive4py send it) becomes a Vigil alert, and the answer is shaped like TheHive's.
import { z } from 'zod';
import { recordAudit, type AuditActor } from '../audit/audit.js';
import { VigilError } from '../errors.js';
import type { Fields, FieldValue } from '../event/event.js';
import { ECS } from '../event/fields.js';
import { newEventId } from '../event/id.js';
import type { StateDb } from '../store/state/database.js';
import { getAlert } from './query.js';
import { raiseAlerts, type RaiseOptions } from './raise.js';
import type { Alert, AlertCandidate, Severity } from './types.js';

/** TheHive's severities 1–4, by number and by label. */
const SEVERITY_BY_NUMBER: Record<number, Severity> = { 1: 'low', 2: 'medium', 3: 'high', 4: 'critical' };
const NUMBER_BY_SEVERITY: Record<Severity, number> = { informational: 1, low: 1, medium: 2, high: 3, critical: 4 };
const TLP_LABELS = ['CLEAR', 'GREEN', 'AMBER', 'RED', 'AMBER+STRICT'];
const PAP_LABELS = ['CLEAR', 'GREEN', 'AMBER', 'RED'];

/** Longest observable value kept (file observables carry whole files as base64). */
export const MAX_OBSERVABLE_CHARS = 4096;

const text = (max: number) => z.union([z.string(), z.number()]).transform(String).pipe(z.string().max(max));

const ObservableSchema = z.looseObject({
  dataType: z.string().min(1).max(100),
  data: z.union([z.string(), z.number()]).nullish(),
  message: z.string().nullish(),
  tags: z.array(z.string()).nullish(),
  ioc: z.boolean().nullish(),
  sighted: z.boolean().nullish(),
  tlp: z.number().int().min(0).max(4).nullish(),
});

const SeveritySchema = z.union([
  z.number().int().min(1).max(4),
  z.string().transform((s, ctx) => {
    const n = /^[1-4]$/.test(s) ? Number(s) : ['low', 'medium', 'high', 'critical'].indexOf(s.toLowerCase()) + 1;
    if (n < 1) {
      ctx.addIssue({ code: 'custom', message: 'expected 1-4 or low, medium, high, critical' });
      return z.NEVER;
    }
    return n;
  }),
]);

const DateSchema = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const ms = typeof value === 'number' ? value : /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms)) {
    ctx.addIssue({ code: 'custom', message: 'expected epoch milliseconds or an ISO 8601 date' });
    return z.NEVER;
  }
  return ms;
});

/** TheHive's alert input. Loose: integrations send fields Vigil has no use for (status, follow, caseTemplate, id: null...). */
export const TheHiveAlertSchema = z.looseObject({
  title: z.string().min(1).max(1000),
  description: z.string().max(1_000_000).nullish(),
  type: text(200).pipe(z.string().min(1)),
  source: text(200).pipe(z.string().min(1)),
  sourceRef: text(500).pipe(z.string().min(1)),
  severity: SeveritySchema.nullish(),
  date: DateSchema.nullish(),
  tags: z.array(z.string().max(500)).max(1000).nullish(),
  tlp: z.number().int().min(0).max(4).nullish(),
  pap: z.number().int().min(0).max(3).nullish(),
  externalLink: z.string().max(2000).nullish(),
  /** TheHive 4 (and thehive4py 1.x, ElastAlert2) name them artifacts; TheHive 5 observables. */
  artifacts: z.array(ObservableSchema).max(1000).nullish(),
  observables: z.array(ObservableSchema).max(1000).nullish(),
  /** v4: { name: { order, string: value } }; v5: [{ name, value }] or { name: value }. */
  customFields: z.union([z.record(z.string(), z.unknown()), z.array(z.looseObject({ name: z.string(), value: z.unknown() }))]).nullish(),
});
export type TheHiveAlertInput = z.infer<typeof TheHiveAlertSchema>;

export interface TheHiveObservable {
  dataType: string;
  data: string | null;
  message: string | null;
  tags: string[];
  ioc: boolean;
  tlp: number;
  truncated?: true;
}

/** What Vigil keeps of a TheHive alert beyond the alert fields (alert.details.thehive). */
export interface TheHiveDetails {
  type: string;
  source: string;
  sourceRef: string;
  title: string;
  description: string;
  severity: number;
  date: number;
  tags: string[];
  tlp: number;
  pap: number;
  externalLink: string | null;
  observables: TheHiveObservable[];
  customFields: Record<string, unknown>;
}

function observablesOf(input: TheHiveAlertInput): TheHiveObservable[] {
  return [...(input.artifacts ?? []), ...(input.observables ?? [])].map((o) => {
    const data = o.data === undefined || o.data === null ? null : String(o.data);
    const long = data !== null && data.length > MAX_OBSERVABLE_CHARS;
    return {
      dataType: o.dataType,
      data: long ? data.slice(0, MAX_OBSERVABLE_CHARS) : data,
      message: o.message ?? null,
      tags: o.tags ?? [],
      ioc: o.ioc ?? false,
      tlp: o.tlp ?? 2,
      ...(long ? { truncated: true as const } : {}),
    };
  });
}

/** Custom fields as { name: value }, whichever of TheHive's three shapes they came in. */
function customFieldsOf(input: TheHiveAlertInput): Record<string, unknown> {
  const raw = input.customFields;
  if (!raw) return {};
  if (Array.isArray(raw)) return Object.fromEntries(raw.map((f) => [f.name, f.value]));
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(raw)) {
    // v4 wraps the value with its order and type: { order: 0, string: "x" }.
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const typed = Object.entries(value as Record<string, unknown>).filter(([k]) => k !== 'order');
      out[name] = typed.length === 1 ? typed[0]![1] : value;
    } else {
      out[name] = value;
    }
  }
  return out;
}

/** Observable types that name an ECS field; the first observable of a type fills it. */
const OBSERVABLE_FIELDS: Record<string, string> = {
  ip: ECS.source.ip,
  hostname: ECS.host.name,
  fqdn: ECS.host.name,
  user: ECS.user.name,
  username: ECS.user.name,
  'user-account': ECS.user.name,
  mail: ECS.user.email,
  url: ECS.url.original,
  domain: ECS.url.domain,
  filename: ECS.file.name,
};
const HASH_FIELDS: Record<number, string> = { 32: ECS.file.md5, 40: ECS.file.sha1, 64: ECS.file.sha256 };

/** ECS fields for the observables: what exceptions match and the alert page shows. */
function observableFields(observables: readonly TheHiveObservable[]): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const o of observables) {
    if (o.data === null || o.truncated) continue;
    const field = o.dataType === 'hash' ? HASH_FIELDS[o.data.length] : OBSERVABLE_FIELDS[o.dataType];
    if (field && out[field] === undefined) out[field] = o.data;
  }
  return out;
}

export function theHiveDetails(input: TheHiveAlertInput, now: number): TheHiveDetails {
  return {
    type: input.type,
    source: input.source,
    sourceRef: input.sourceRef,
    title: input.title,
    description: input.description ?? '',
    severity: input.severity ?? 2,
    date: input.date ?? now,
    tags: input.tags ?? [],
    tlp: input.tlp ?? 2,
    pap: input.pap ?? 2,
    externalLink: input.externalLink ?? null,
    observables: observablesOf(input),
    customFields: customFieldsOf(input),
  };
}

/** TheHive refuses a second alert with the same type, source and sourceRef; so does Vigil, per tenant. */
export function theHiveRef(details: Pick<TheHiveDetails, 'type' | 'source' | 'sourceRef'>): string {
  return JSON.stringify([details.type, details.source, details.sourceRef]);
}

export function theHiveCandidate(tenant: string, details: TheHiveDetails): AlertCandidate {
  const matched = observableFields(details.observables);
  const fields: Fields = {
    [ECS.timestamp]: new Date(details.date).toISOString(),
    [ECS.event.kind]: 'alert',
    [ECS.event.module]: 'thehive',
    [ECS.event.provider]: details.source,
    [ECS.event.dataset]: details.type,
    [ECS.event.id]: details.sourceRef,
    [ECS.rule.name]: details.title,
    [ECS.message]: details.description,
    [ECS.tags]: details.tags,
    ...matched,
  };
  return {
    tenant,
    rule: {
      id: `thehive:${details.source}:${details.type}`,
      title: details.title,
      level: SEVERITY_BY_NUMBER[details.severity] ?? 'medium',
      author: details.source,
      description: details.description,
      references: details.externalLink ? [details.externalLink] : [],
      tags: details.tags,
      falsepositives: [],
      source: 'thehive',
    },
    event: { id: newEventId(), timestamp: details.date, fields },
    matchedFields: matched,
    group: false,
    externalRef: theHiveRef(details),
    details: { thehive: details },
  };
}

export interface TheHiveIntakeResult {
  details: TheHiveDetails;
  /** The alert created; null when an exception suppressed it. */
  alert: Alert | null;
  suppressedBy?: string;
}

/** Creates the alert (or lets an exception suppress it); a repeated type/source/sourceRef is refused with 400 as TheHive does. */
export function intakeTheHiveAlert(
  db: StateDb, actor: AuditActor, tenant: string, input: TheHiveAlertInput, options: RaiseOptions = {},
): TheHiveIntakeResult {
  const now = options.now ?? Date.now();
  const details = theHiveDetails(input, now);
  const ref = theHiveRef(details);
  return db.transaction((): TheHiveIntakeResult => {
    const existing = db.prepare("SELECT id FROM alerts WHERE tenant_id = ? AND source = 'thehive' AND external_ref = ?").pluck().get(tenant, ref) as string | undefined;
    if (existing !== undefined) {
      throw new VigilError('bad_request', `an alert with type "${details.type}", source "${details.source}" and sourceRef "${details.sourceRef}" already exists`, {
        details: { type: 'ConflictError', alert_id: existing },
      });
    }
    const [outcome] = raiseAlerts(db, [theHiveCandidate(tenant, details)], { ...options, now }).outcomes;
    if (!outcome || outcome.alertId === null) return { details, alert: null, suppressedBy: outcome?.exceptionId };
    const alert = getAlert(db, [tenant], outcome.alertId);
    recordAudit(db, actor, { action: 'alert.create', entityType: 'alert', entityId: alert.id, tenant, after: alert }, now);
    return { details, alert };
  })();
}

const THEHIVE_STATUS: Record<Alert['status'], string> = { new: 'New', acknowledged: 'InProgress', in_progress: 'InProgress', closed: 'Closed' };

/** The answer TheHive gives to an alert creation (v4 and v5 field names both present). */
export function theHiveResponse(result: TheHiveIntakeResult, createdBy: string): Record<string, unknown> {
  const { details, alert } = result;
  const severity = alert ? NUMBER_BY_SEVERITY[alert.severity] : details.severity;
  const status = alert ? THEHIVE_STATUS[alert.status] : 'Ignored';
  const createdAt = alert?.created_at ?? Date.now();
  return {
    _id: alert?.id ?? null,
    id: alert?.id ?? null,
    _type: 'Alert',
    _createdBy: createdBy,
    _createdAt: createdAt,
    createdBy,
    createdAt,
    type: details.type,
    source: details.source,
    sourceRef: details.sourceRef,
    externalLink: details.externalLink,
    title: details.title,
    description: details.description,
    severity,
    severityLabel: ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'][severity - 1],
    date: details.date,
    tags: details.tags,
    tlp: details.tlp,
    tlpLabel: TLP_LABELS[details.tlp],
    pap: details.pap,
    papLabel: PAP_LABELS[details.pap],
    follow: true,
    customFields: details.customFields,
    observableCount: details.observables.length,
    artifacts: details.observables,
    status,
    stage: status,
    ...(alert ? { timeToDetect: alert.mttd_ms, newDate: alert.created_at } : { suppressedBy: result.suppressedBy ?? null }),
  };
}
