// The case tables' row shapes and their conversion to what the API serves.
import type { Observable, ObservableType, HashAlgorithm } from './observable-types.js';
import type {
  Actor, Attachment, Case, CaseAlertLink, CaseStatus, CaseTemplate, Comment, CustomFieldDefinition, CustomFieldType,
  CustomFieldValues, Pap, ResolutionStatus, Severity, Task, TaskLog, TaskStatus, Tlp,
} from './types.js';

export interface CaseRow {
  id: string;
  tenant_id: string;
  number: number;
  title: string;
  description: string;
  severity: string;
  tlp: string;
  pap: string;
  status: string;
  resolution_status: string | null;
  summary: string | null;
  assignee: string | null;
  tags: string;
  custom_fields: string;
  template_id: string | null;
  merged_into: string | null;
  created_at: number;
  created_by: string;
  updated_at: number;
  resolved_at: number | null;
  version: number;
  /** Counted by the query that reads the case. */
  alert_count?: number;
}

/** The SELECT that reads cases with their alert count; `c` is the cases table. */
export const CASE_SELECT = 'SELECT c.*, (SELECT COUNT(*) FROM case_alerts a WHERE a.case_id = c.id) AS alert_count FROM cases c';

export function toCase(row: CaseRow): Case {
  return {
    id: row.id,
    tenant: row.tenant_id,
    number: row.number,
    title: row.title,
    description: row.description,
    severity: row.severity as Severity,
    tlp: row.tlp as Tlp,
    pap: row.pap as Pap,
    status: row.status as CaseStatus,
    resolution_status: row.resolution_status as ResolutionStatus | null,
    summary: row.summary,
    assignee: row.assignee,
    tags: JSON.parse(row.tags) as string[],
    custom_fields: JSON.parse(row.custom_fields) as CustomFieldValues,
    template_id: row.template_id,
    merged_into: row.merged_into,
    alert_count: row.alert_count ?? 0,
    created_at: row.created_at,
    created_by: JSON.parse(row.created_by) as Actor,
    updated_at: row.updated_at,
    resolved_at: row.resolved_at,
    version: row.version,
  };
}

export interface CaseAlertRow {
  alert_id: string;
  case_id: string;
  tenant_id: string;
  title: string;
  severity: string;
  rule: string | null;
  added_at: number;
  added_by: string;
}

export function toCaseAlert(row: CaseAlertRow): CaseAlertLink {
  return { alert_id: row.alert_id, title: row.title, severity: row.severity, rule: row.rule, added_at: row.added_at, added_by: JSON.parse(row.added_by) as Actor };
}

export interface TaskRow {
  id: string;
  case_id: string;
  tenant_id: string;
  title: string;
  description: string;
  assignee: string | null;
  status: string;
  position: number;
  created_at: number;
  created_by: string;
  updated_at: number;
  started_at: number | null;
  completed_at: number | null;
  version: number;
}

export function toTask(row: TaskRow): Task {
  return {
    id: row.id,
    case_id: row.case_id,
    tenant: row.tenant_id,
    title: row.title,
    description: row.description,
    assignee: row.assignee,
    status: row.status as TaskStatus,
    order: row.position,
    created_at: row.created_at,
    created_by: JSON.parse(row.created_by) as Actor,
    updated_at: row.updated_at,
    started_at: row.started_at,
    completed_at: row.completed_at,
    version: row.version,
  };
}

export interface TaskLogRow {
  id: string;
  task_id: string;
  case_id: string;
  tenant_id: string;
  message: string;
  attachment_id: string | null;
  author: string;
  created_at: number;
}

export function toTaskLog(row: TaskLogRow): TaskLog {
  return {
    id: row.id, task_id: row.task_id, case_id: row.case_id, message: row.message,
    attachment_id: row.attachment_id, author: JSON.parse(row.author) as Actor, created_at: row.created_at,
  };
}

export interface ObservableRow {
  id: string;
  case_id: string;
  tenant_id: string;
  type: string;
  value: string;
  hash_algorithm: string | null;
  tags: string;
  tlp: string;
  ioc: number;
  sighted: number;
  description: string;
  source: string;
  created_at: number;
  created_by: string;
  updated_at: number;
  version: number;
}

export function toObservable(row: ObservableRow): Observable {
  return {
    id: row.id,
    case_id: row.case_id,
    type: row.type as ObservableType,
    value: row.value,
    hash_algorithm: row.hash_algorithm as HashAlgorithm | null,
    tags: JSON.parse(row.tags) as string[],
    tlp: row.tlp as Tlp,
    ioc: row.ioc === 1,
    sighted: row.sighted === 1,
    description: row.description,
    source: row.source as Observable['source'],
    created_at: row.created_at,
    created_by: JSON.parse(row.created_by) as Actor,
    updated_at: row.updated_at,
    version: row.version,
  };
}

export interface CommentRow {
  id: string;
  case_id: string;
  tenant_id: string;
  body: string;
  author: string;
  created_at: number;
}

export function toComment(row: CommentRow): Comment {
  return { id: row.id, case_id: row.case_id, body: row.body, author: JSON.parse(row.author) as Actor, created_at: row.created_at };
}

export interface AttachmentRow {
  id: string;
  case_id: string;
  tenant_id: string;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  created_at: number;
  created_by: string;
}

export function toAttachment(row: AttachmentRow): Attachment {
  return {
    id: row.id, case_id: row.case_id, filename: row.filename, content_type: row.content_type, size: row.size,
    sha256: row.sha256, created_at: row.created_at, created_by: JSON.parse(row.created_by) as Actor,
  };
}

export interface TemplateRow {
  id: string;
  tenant_id: string | null;
  name: string;
  title_prefix: string;
  description: string;
  severity: string;
  tlp: string;
  pap: string;
  tags: string;
  tasks: string;
  custom_fields: string;
  created_at: number;
  updated_at: number;
  version: number;
}

export function toTemplate(row: TemplateRow): CaseTemplate {
  return {
    id: row.id,
    tenant: row.tenant_id,
    name: row.name,
    title_prefix: row.title_prefix,
    description: row.description,
    severity: row.severity as Severity,
    tlp: row.tlp as Tlp,
    pap: row.pap as Pap,
    tags: JSON.parse(row.tags) as string[],
    tasks: JSON.parse(row.tasks) as CaseTemplate['tasks'],
    custom_fields: JSON.parse(row.custom_fields) as CustomFieldValues,
    created_at: row.created_at,
    updated_at: row.updated_at,
    version: row.version,
  };
}

export interface CustomFieldRow {
  id: string;
  tenant_id: string | null;
  name: string;
  label: string;
  type: string;
  description: string;
  created_at: number;
  updated_at: number;
  version: number;
}

export function toCustomField(row: CustomFieldRow): CustomFieldDefinition {
  return {
    id: row.id, tenant: row.tenant_id, name: row.name, label: row.label, type: row.type as CustomFieldType,
    description: row.description, created_at: row.created_at, updated_at: row.updated_at, version: row.version,
  };
}
