// The alert model: what detection hands in (AlertCandidate), what is stored and served (Alert),
// and the value sets of the triage lifecycle.
import type { Fields, FieldValue } from '../event/event.js';

export const SEVERITIES = ['informational', 'low', 'medium', 'high', 'critical'] as const;
/** A Sigma level; an alert's severity starts as its rule's level and may be changed by triage. */
export type Severity = (typeof SEVERITIES)[number];

export const ALERT_STATUSES = ['new', 'acknowledged', 'in_progress', 'closed'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export const DISPOSITIONS = ['true_positive', 'benign', 'false_positive', 'duplicate'] as const;
/** Why an alert was closed; required to close one. */
export type Disposition = (typeof DISPOSITIONS)[number];

/** Where an alert came from: Vigil's own detection or an integration. */
export type AlertSource = 'sigma' | 'correlation' | 'thehive' | (string & {});

/** What the raiser knows about the rule that fired. Author is kept because the SigmaHQ licence (DRL) requires showing it. */
export interface AlertRule {
  id: string;
  title: string;
  level: Severity;
  author?: string;
  description?: string;
  references?: string[];
  /** Sigma tags, ATT&CK ones included ("attack.t1059.001", "attack.execution"). */
  tags?: string[];
  /** The rule's maturity (stable, test, experimental...). */
  status?: string;
  falsepositives?: string[];
  source: AlertSource;
}

/** The key entities alerts are grouped and searched by. */
export interface AlertEntities {
  host?: string | null;
  user?: string | null;
  sourceIp?: string | null;
}

/** One detection hit, as detection (or an integration) hands it to raiseAlerts. */
export interface AlertCandidate {
  tenant: string;
  rule: AlertRule;
  /** The event that matched (a VigilEvent's id, time and fields). */
  event: { id: string; timestamp: number; fields: Fields };
  /** The field values that made the rule match, shown on the alert page. */
  matchedFields?: Record<string, FieldValue>;
  /** Overrides the entities read from the event's ECS fields. */
  entities?: AlertEntities;
  /** False: always a new alert, never folded into an open one (integrations' alerts). Default true. */
  group?: boolean;
  /** The sender's identity for the alert, unique per tenant and source (TheHive's type/source/sourceRef). */
  externalRef?: string;
  /** Source-specific data kept with the alert (TheHive observables, TLP, custom fields). */
  details?: Record<string, unknown>;
}

export interface StoredRule extends AlertRule {
  author: string;
  references: string[];
  tags: string[];
  falsepositives: string[];
}

/** An alert as stored and as the API shows it (snake_case, times in epoch ms). */
export interface Alert {
  id: string;
  tenant: string;
  source: AlertSource;
  rule: StoredRule & { attack_techniques: string[] };
  severity: Severity;
  status: AlertStatus;
  assignee: string | null;
  disposition: Disposition | null;
  entities: { host: string | null; user: string | null; source_ip: string | null };
  /** Hits folded into this alert; exact even when the id list is capped. */
  count: number;
  /** Event times of the earliest and latest hit. */
  first_seen: number;
  last_seen: number;
  created_at: number;
  updated_at: number;
  acknowledged_at: number | null;
  closed_at: number | null;
  /** Time to detect: alert creation minus the triggering event's time (never negative). */
  mttd_ms: number;
  external_ref: string | null;
  details: Record<string, unknown> | null;
  version: number;
}

export interface AlertSample {
  event_id: string;
  timestamp: number;
  fields: Fields;
  matched_fields: Record<string, FieldValue>;
}

export interface AlertComment {
  id: string;
  alert_id: string;
  author: { kind: string; id: string | null; name: string };
  /** Markdown, shown as written. */
  body: string;
  created_at: number;
}

/** Everything the one-page alert view needs. */
export interface AlertView extends Alert {
  /** The first hits' event ids (capped, see MAX_EVENT_IDS); `count` is exact. */
  event_ids: string[];
  samples: AlertSample[];
  comments: AlertComment[];
  /** Other alerts of the tenant on the same host or user, newest first. */
  related: RelatedAlert[];
}

export interface RelatedAlert {
  id: string;
  rule_title: string;
  severity: Severity;
  status: AlertStatus;
  host: string | null;
  user: string | null;
  last_seen: number;
  created_at: number;
  /** Which entity it shares with the alert viewed. */
  shared: ('host' | 'user')[];
}

/** Which tenants a caller may touch: all (null) or these. Decided at the API edge. */
export type TenantScope = string[] | null;

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}
