// The shapes of the cases API (/api/cases and the case's tasks, observables, comments,
// attachments and timeline).

export const CASE_SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export const CASE_STATUSES = ['new', 'in_progress', 'resolved'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const RESOLUTIONS = ['true_positive', 'false_positive', 'duplicate', 'indeterminate', 'other'] as const;
export const TASK_STATUSES = ['waiting', 'in_progress', 'completed', 'cancelled'] as const;
export const TLPS = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;

export interface Actor { kind: string; id: string | null; name: string }

export interface Case {
  id: string;
  tenant: string;
  number: number;
  title: string;
  description: string;
  severity: string;
  tlp: string;
  pap: string;
  status: CaseStatus;
  resolution_status: string | null;
  summary: string | null;
  assignee: string | null;
  tags: string[];
  custom_fields: Record<string, unknown>;
  template_id: string | null;
  merged_into: string | null;
  alert_count: number;
  created_at: number;
  created_by: Actor;
  updated_at: number;
  resolved_at: number | null;
  version: number;
}

export interface CaseAlert { alert_id: string; title: string; severity: string; rule: string | null; added_at: number; added_by: Actor }

export interface Task {
  id: string;
  case_id: string;
  title: string;
  description: string;
  assignee: string | null;
  status: string;
  order: number;
  created_at: number;
  created_by: Actor;
  updated_at: number;
  started_at: number | null;
  completed_at: number | null;
  version: number;
}

export interface TaskLog { id: string; task_id: string; message: string; attachment_id: string | null; author: Actor; created_at: number }

export interface Observable {
  id: string;
  case_id: string;
  type: string;
  value: string;
  tags: string[];
  tlp: string;
  ioc: boolean;
  sighted: boolean;
  description: string;
  source: string;
  created_at: number;
  version: number;
}

export interface CaseComment { id: string; case_id: string; body: string; author: Actor; created_at: number }

export interface Attachment { id: string; case_id: string; filename: string; content_type: string; size: number; sha256: string; created_at: number; created_by: Actor }

export interface TimelineEntry {
  id: number | string;
  at: number;
  actor: Actor | string;
  kind: string;
  entity_type: string;
  entity_id: string | null;
  data: Record<string, unknown>;
}

export interface Page<T> { items: T[]; next_cursor?: string }
