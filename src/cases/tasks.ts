// A case's tasks (ordered, assigned, with a status) and their logs: the analyst's notes on
// the work, in markdown, each optionally with one of the case's attachments.
import { randomUUID } from 'node:crypto';
import { recordAudit } from '../audit/audit.js';
import { VigilError } from '../errors.js';
import type { StateDb } from '../store/state/database.js';
import { checkVersion, loadCase, loadCaseForChange, loadTask } from './access.js';
import { checkAssignee } from './assignee.js';
import { pageOf, type PageRequest } from './pagination.js';
import { toTask, toTaskLog, type CaseRow, type TaskLogRow, type TaskRow } from './rows.js';
import { recordCaseEvent } from './timeline.js';
import type { CaseActor, Page, Task, TaskLog, TaskStatus } from './types.js';
import { changedFields } from './values.js';

export interface NewTask {
  title: string;
  description?: string;
  assignee?: string | null;
  /** Position in the case's list; after the last task when absent. */
  order?: number;
}

export interface TaskPatch {
  title?: string;
  description?: string;
  assignee?: string | null;
  status?: TaskStatus;
  order?: number;
}

export interface NewTaskLog {
  message: string;
  /** One of the case's attachments. */
  attachment_id?: string | null;
}

/** Adds a task inside the caller's transaction and records it on the timeline. */
export function insertTask(db: StateDb, who: CaseActor, target: CaseRow, input: NewTask, now: number): Task {
  const order = input.order ?? ((db.prepare('SELECT MAX(position) FROM case_tasks WHERE case_id = ?').pluck().get(target.id) as number | null) ?? 0) + 1;
  const row: TaskRow = {
    id: randomUUID(), case_id: target.id, tenant_id: target.tenant_id, title: input.title, description: input.description ?? '',
    assignee: input.assignee ?? null, status: 'waiting', position: order, created_at: now, created_by: JSON.stringify(who.actor),
    updated_at: now, started_at: null, completed_at: null, version: 1,
  };
  db.prepare(`INSERT INTO case_tasks (id, case_id, tenant_id, title, description, assignee, status, position, created_at, created_by, updated_at, started_at, completed_at, version)
    VALUES (@id, @case_id, @tenant_id, @title, @description, @assignee, @status, @position, @created_at, @created_by, @updated_at, @started_at, @completed_at, @version)`).run(row);
  recordCaseEvent(db, who, target, { kind: 'task.created', entity_type: 'task', entity_id: row.id, data: { title: row.title, assignee: row.assignee, order } }, now);
  return toTask(row);
}

export function createTask(db: StateDb, who: CaseActor, caseId: string, input: NewTask, now = Date.now()): Task {
  return db.transaction(() => {
    const target = loadCaseForChange(db, who, caseId);
    checkAssignee(db, target.tenant_id, input.assignee);
    const task = insertTask(db, who, target, input, now);
    recordAudit(db, who.actor, { action: 'case_task.create', entityType: 'case_task', entityId: task.id, tenant: target.tenant_id, after: task }, now);
    db.prepare('UPDATE cases SET updated_at = ? WHERE id = ?').run(now, caseId);
    return task;
  })();
}

export function getTask(db: StateDb, who: CaseActor, id: string): Task {
  return toTask(loadTask(db, who, id));
}

export function listTasks(db: StateDb, who: CaseActor, caseId: string, filter: { status?: TaskStatus; assignee?: string }, page: PageRequest): Page<Task> {
  loadCase(db, who, caseId);
  const where = ['t.case_id = ?'];
  const params: unknown[] = [caseId];
  if (filter.status) { where.push('t.status = ?'); params.push(filter.status); }
  if (filter.assignee) { where.push('t.assignee = ?'); params.push(filter.assignee); }
  return pageOf<TaskRow, Task>(db, { select: 'SELECT t.* FROM case_tasks t', where, params, keys: ['t.position', 't.rowid'], direction: 'asc' }, page, toTask);
}

/** Start and end times follow the status: started on leaving "waiting", completed on reaching "completed". */
function withStatus(row: TaskRow, status: TaskStatus, now: number): Pick<TaskRow, 'status' | 'started_at' | 'completed_at'> {
  return {
    status,
    started_at: row.started_at ?? (status !== 'waiting' && status !== 'cancelled' ? now : null),
    completed_at: status === 'completed' ? row.completed_at ?? now : null,
  };
}

export function updateTask(db: StateDb, who: CaseActor, id: string, version: number, patch: TaskPatch, now = Date.now()): Task {
  return db.transaction(() => {
    const row = loadTask(db, who, id);
    const target = loadCaseForChange(db, who, row.case_id);
    checkVersion('task', version, row.version);
    if (patch.assignee !== undefined) checkAssignee(db, row.tenant_id, patch.assignee);
    const next: TaskRow = {
      ...row,
      title: patch.title ?? row.title,
      description: patch.description ?? row.description,
      assignee: patch.assignee === undefined ? row.assignee : patch.assignee,
      position: patch.order ?? row.position,
      ...(patch.status && patch.status !== row.status ? withStatus(row, patch.status, now) : {}),
      updated_at: now,
      version: row.version + 1,
    };
    db.prepare(`UPDATE case_tasks SET title = @title, description = @description, assignee = @assignee, status = @status, position = @position,
      updated_at = @updated_at, started_at = @started_at, completed_at = @completed_at, version = @version WHERE id = @id`).run(next);
    const before = toTask(row);
    const after = toTask(next);
    if (next.status !== row.status) {
      recordCaseEvent(db, who, target, { kind: 'task.status_changed', entity_type: 'task', entity_id: id, data: { title: next.title, from: row.status, to: next.status } }, now);
    }
    const changes = changedFields(before, after, ['title', 'description', 'assignee', 'order']);
    if (Object.keys(changes).length > 0) {
      recordCaseEvent(db, who, target, { kind: 'task.updated', entity_type: 'task', entity_id: id, data: { title: next.title, changes } }, now);
    }
    recordAudit(db, who.actor, { action: 'case_task.update', entityType: 'case_task', entityId: id, tenant: row.tenant_id, before, after }, now);
    db.prepare('UPDATE cases SET updated_at = ? WHERE id = ?').run(now, row.case_id);
    return after;
  })();
}

/** Adds a log to a task; the first log of a waiting task starts it. */
export function addTaskLog(db: StateDb, who: CaseActor, taskId: string, input: NewTaskLog, now = Date.now()): TaskLog {
  return db.transaction(() => {
    const task = loadTask(db, who, taskId);
    const target = loadCaseForChange(db, who, task.case_id);
    if (input.attachment_id) {
      const owner = db.prepare('SELECT case_id FROM case_attachments WHERE id = ?').pluck().get(input.attachment_id) as string | undefined;
      if (owner !== task.case_id) throw new VigilError('bad_request', `attachment_id: the case has no attachment ${input.attachment_id}`);
    }
    const row: TaskLogRow = {
      id: randomUUID(), task_id: taskId, case_id: task.case_id, tenant_id: task.tenant_id, message: input.message,
      attachment_id: input.attachment_id ?? null, author: JSON.stringify(who.actor), created_at: now,
    };
    db.prepare(`INSERT INTO case_task_logs (id, task_id, case_id, tenant_id, message, attachment_id, author, created_at)
      VALUES (@id, @task_id, @case_id, @tenant_id, @message, @attachment_id, @author, @created_at)`).run(row);
    recordCaseEvent(db, who, target, { kind: 'task.log_added', entity_type: 'task', entity_id: taskId, data: { task: task.title, log_id: row.id, attachment_id: row.attachment_id } }, now);
    if (task.status === 'waiting') {
      db.prepare("UPDATE case_tasks SET status = 'in_progress', started_at = ?, updated_at = ?, version = version + 1 WHERE id = ?").run(now, now, taskId);
      recordCaseEvent(db, who, target, { kind: 'task.status_changed', entity_type: 'task', entity_id: taskId, data: { title: task.title, from: 'waiting', to: 'in_progress' } }, now);
    }
    const log = toTaskLog(row);
    recordAudit(db, who.actor, { action: 'case_task_log.create', entityType: 'case_task_log', entityId: row.id, tenant: task.tenant_id, after: log }, now);
    db.prepare('UPDATE cases SET updated_at = ? WHERE id = ?').run(now, task.case_id);
    return log;
  })();
}

export function listTaskLogs(db: StateDb, who: CaseActor, taskId: string, page: PageRequest): Page<TaskLog> {
  loadTask(db, who, taskId);
  return pageOf<TaskLogRow, TaskLog>(db, { select: 'SELECT l.* FROM case_task_logs l', where: ['l.task_id = ?'], params: [taskId], keys: ['l.created_at', 'l.rowid'], direction: 'asc' }, page, toTaskLog);
}
