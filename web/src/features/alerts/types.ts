// The shapes of the alerts API (GET /api/alerts, /api/alerts/:id, the stream and bulk changes).

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'informational'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const STATUSES = ['new', 'acknowledged', 'in_progress', 'closed'] as const;
export type AlertStatus = (typeof STATUSES)[number];
export const DISPOSITIONS = ['true_positive', 'benign', 'false_positive', 'duplicate'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

export interface AlertRule {
  id: string;
  title: string;
  level: Severity;
  author: string;
  description?: string;
  references: string[];
  tags: string[];
  status?: string;
  falsepositives: string[];
  source: string;
  attack_techniques: string[];
}

export interface Alert {
  id: string;
  tenant: string;
  source: string;
  rule: AlertRule;
  severity: Severity;
  status: AlertStatus;
  assignee: string | null;
  disposition: Disposition | null;
  entities: { host: string | null; user: string | null; source_ip: string | null };
  count: number;
  first_seen: number;
  last_seen: number;
  created_at: number;
  updated_at: number;
  acknowledged_at: number | null;
  closed_at: number | null;
  mttd_ms: number;
  external_ref: string | null;
  details: Record<string, unknown> | null;
  version: number;
}

export interface AlertSample {
  event_id: string;
  timestamp: number;
  fields: Record<string, unknown>;
  matched_fields: Record<string, unknown>;
}

export interface AlertComment {
  id: string;
  author: { kind: string; id: string | null; name: string };
  body: string;
  created_at: number;
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
  shared: ('host' | 'user')[];
}

export interface AlertView extends Alert {
  event_ids: string[];
  samples: AlertSample[];
  comments: AlertComment[];
  related: RelatedAlert[];
}

export interface AlertPage {
  items: Alert[];
  next_cursor?: string;
}

export interface AlertChange {
  status?: AlertStatus;
  assignee?: string | null;
  severity?: Severity;
  disposition?: Disposition;
}

export type BulkResult =
  | { id: string; ok: true; version: number; status: AlertStatus }
  | { id: string; ok: false; error: { code: string; message: string } };

export interface AlertStreamEvent {
  change: 'created' | 'updated';
  alert: Alert;
}

export function label(value: string): string {
  return value.replace(/_/g, ' ');
}
