// A case's timeline: every change to the case, written in the same transaction as the change
// (case_events), read back in time order.
import type { StateDb } from '../store/state/database.js';
import { loadCase } from './access.js';
import { pageOf, type PageRequest } from './pagination.js';
import type { Actor, CaseActor, Page } from './types.js';

export const TIMELINE_KINDS = [
  'case.created', 'case.updated', 'case.status_changed', 'case.assignee_changed', 'case.severity_changed',
  'case.merged', 'case.merged_into',
  'alert.added',
  'task.created', 'task.updated', 'task.status_changed', 'task.log_added',
  'observable.added', 'observable.updated', 'observable.deleted',
  'comment.added', 'attachment.added',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export interface TimelineEntry {
  id: number;
  case_id: string;
  at: number;
  actor: Actor;
  kind: TimelineKind;
  /** What the entry is about: "case", "task", "observable"… and its id. */
  entity_type: string;
  entity_id: string | null;
  data: Record<string, unknown>;
  /** Set on entries copied from a case merged into this one: the id of that case. */
  merged_from: string | null;
}

export interface NewTimelineEntry {
  kind: TimelineKind;
  entity_type: string;
  entity_id?: string | null;
  data?: Record<string, unknown>;
}

interface EventRow {
  id: number;
  case_id: string;
  tenant_id: string;
  at: number;
  actor: string;
  kind: string;
  entity_type: string;
  entity_id: string | null;
  data: string;
  merged_from: string | null;
}

function toEntry(row: EventRow): TimelineEntry {
  return {
    id: row.id, case_id: row.case_id, at: row.at, actor: JSON.parse(row.actor) as Actor, kind: row.kind as TimelineKind,
    entity_type: row.entity_type, entity_id: row.entity_id, data: JSON.parse(row.data) as Record<string, unknown>, merged_from: row.merged_from,
  };
}

/** Appends an entry; call it inside the transaction that makes the change. */
export function recordCaseEvent(db: StateDb, who: CaseActor, target: { id: string; tenant_id: string }, entry: NewTimelineEntry, at: number): void {
  db.prepare('INSERT INTO case_events (case_id, tenant_id, at, actor, kind, entity_type, entity_id, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    .run(target.id, target.tenant_id, at, JSON.stringify(who.actor), entry.kind, entry.entity_type, entry.entity_id ?? null, JSON.stringify(entry.data ?? {}));
}

/** Copies one case's timeline into another, keeping each entry's time and actor and naming where it came from. */
export function copyTimeline(db: StateDb, fromCaseId: string, toCaseId: string): number {
  return db.prepare(`INSERT INTO case_events (case_id, tenant_id, at, actor, kind, entity_type, entity_id, data, merged_from)
    SELECT ?, tenant_id, at, actor, kind, entity_type, entity_id, data, COALESCE(merged_from, case_id) FROM case_events WHERE case_id = ? ORDER BY id`)
    .run(toCaseId, fromCaseId).changes;
}

/** The case's timeline, oldest first. */
export function caseTimeline(db: StateDb, who: CaseActor, caseId: string, filter: { kind?: TimelineKind }, page: PageRequest): Page<TimelineEntry> {
  loadCase(db, who, caseId);
  const where = ['e.case_id = ?'];
  const params: unknown[] = [caseId];
  if (filter.kind) {
    where.push('e.kind = ?');
    params.push(filter.kind);
  }
  return pageOf<EventRow, TimelineEntry>(db, { select: 'SELECT e.* FROM case_events e', where, params, keys: ['e.at', 'e.id'], direction: 'asc' }, page, toEntry);
}
