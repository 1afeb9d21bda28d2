// Case management types, in the shape the API returns them (snake_case, times as epoch ms).
import type { AuditActor } from '../audit/audit.js';

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Traffic Light Protocol 2.0; "white" is the 1.0 name of "clear" and is stored as "clear". */
export const TLPS = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;
export type Tlp = (typeof TLPS)[number];

/** Permissible Actions Protocol; "white" is the older name of "clear". */
export const PAPS = ['clear', 'green', 'amber', 'red'] as const;
export type Pap = (typeof PAPS)[number];

export const CASE_STATUSES = ['new', 'in_progress', 'resolved'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const RESOLUTION_STATUSES = ['true_positive', 'false_positive', 'duplicate', 'indeterminate', 'other'] as const;
export type ResolutionStatus = (typeof RESOLUTION_STATUSES)[number];

export const TASK_STATUSES = ['waiting', 'in_progress', 'completed', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const CUSTOM_FIELD_TYPES = ['string', 'number', 'boolean', 'date'] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];
/** Dates are stored as ISO 8601 text, so every value is JSON. */
export type CustomFieldValue = string | number | boolean;
export type CustomFieldValues = Record<string, CustomFieldValue>;

/** Who did something: the audit log's actor, kept with the record. */
export type Actor = AuditActor;

export interface Case {
  id: string;
  tenant: string;
  /** Per-tenant sequence, shown as #42. */
  number: number;
  title: string;
  /** Markdown. */
  description: string;
  severity: Severity;
  tlp: Tlp;
  pap: Pap;
  status: CaseStatus;
  resolution_status: ResolutionStatus | null;
  summary: string | null;
  /** A user id of the case's tenant or of the SOC staff. */
  assignee: string | null;
  tags: string[];
  custom_fields: CustomFieldValues;
  template_id: string | null;
  /** Set when this case was merged into another one. */
  merged_into: string | null;
  alert_count: number;
  created_at: number;
  created_by: Actor;
  updated_at: number;
  resolved_at: number | null;
  version: number;
}

/** An alert as linked to a case: a snapshot, so the case reads the same after alert retention. */
export interface CaseAlertLink {
  alert_id: string;
  title: string;
  severity: string;
  rule: string | null;
  added_at: number;
  added_by: Actor;
}

export interface Task {
  id: string;
  case_id: string;
  tenant: string;
  title: string;
  description: string;
  assignee: string | null;
  status: TaskStatus;
  order: number;
  created_at: number;
  created_by: Actor;
  updated_at: number;
  started_at: number | null;
  completed_at: number | null;
  version: number;
}

export interface TaskLog {
  id: string;
  task_id: string;
  case_id: string;
  /** Markdown. */
  message: string;
  attachment_id: string | null;
  author: Actor;
  created_at: number;
}

export interface Comment {
  id: string;
  case_id: string;
  /** Markdown. */
  body: string;
  author: Actor;
  created_at: number;
}

export interface Attachment {
  id: string;
  case_id: string;
  filename: string;
  content_type: string;
  size: number;
  /** SHA-256 of the content, hex; also where the content lives on disk. */
  sha256: string;
  created_at: number;
  created_by: Actor;
}

export interface CaseTemplate {
  id: string;
  /** null: offered to every tenant. */
  tenant: string | null;
  name: string;
  title_prefix: string;
  description: string;
  severity: Severity;
  tlp: Tlp;
  pap: Pap;
  tags: string[];
  tasks: { title: string; description: string }[];
  custom_fields: CustomFieldValues;
  created_at: number;
  updated_at: number;
  version: number;
}

export interface CustomFieldDefinition {
  id: string;
  /** null: defined for every tenant. */
  tenant: string | null;
  /** The key in a case's custom_fields. */
  name: string;
  label: string;
  type: CustomFieldType;
  description: string;
  created_at: number;
  updated_at: number;
  version: number;
}

/** Who is acting and what they may see, decided once at the edge from the request's principal. */
export interface CaseActor {
  /** Their tenant; null for SOC staff, who see every tenant. */
  tenant: string | null;
  actor: Actor;
}

export interface Page<T> {
  items: T[];
  next_cursor?: string;
}

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function maxSeverity(a: Severity, b: Severity): Severity {
  return severityRank(a) >= severityRank(b) ? a : b;
}
