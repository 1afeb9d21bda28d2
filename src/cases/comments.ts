// Comments on a case: markdown notes, kept as written (a record of the discussion).
import { randomUUID } from 'node:crypto';
import { recordAudit } from '../audit/audit.js';
import type { StateDb } from '../store/state/database.js';
import { loadCase, loadCaseForChange } from './access.js';
import { pageOf, type PageRequest } from './pagination.js';
import { toComment, type CommentRow } from './rows.js';
import { recordCaseEvent } from './timeline.js';
import type { CaseActor, Comment, Page } from './types.js';

/** The first characters of a comment, shown on the timeline. */
const EXCERPT_LENGTH = 200;

export function addComment(db: StateDb, who: CaseActor, caseId: string, body: string, now = Date.now()): Comment {
  return db.transaction(() => {
    const target = loadCaseForChange(db, who, caseId);
    const row: CommentRow = { id: randomUUID(), case_id: caseId, tenant_id: target.tenant_id, body, author: JSON.stringify(who.actor), created_at: now };
    db.prepare('INSERT INTO case_comments (id, case_id, tenant_id, body, author, created_at) VALUES (@id, @case_id, @tenant_id, @body, @author, @created_at)').run(row);
    const comment = toComment(row);
    recordCaseEvent(db, who, target, { kind: 'comment.added', entity_type: 'comment', entity_id: row.id, data: { excerpt: body.slice(0, EXCERPT_LENGTH) } }, now);
    recordAudit(db, who.actor, { action: 'case_comment.create', entityType: 'case_comment', entityId: row.id, tenant: target.tenant_id, after: comment }, now);
    db.prepare('UPDATE cases SET updated_at = ? WHERE id = ?').run(now, caseId);
    return comment;
  })();
}

export function listComments(db: StateDb, who: CaseActor, caseId: string, page: PageRequest): Page<Comment> {
  loadCase(db, who, caseId);
  return pageOf<CommentRow, Comment>(db, { select: 'SELECT m.* FROM case_comments m', where: ['m.case_id = ?'], params: [caseId], keys: ['m.created_at', 'm.rowid'], direction: 'asc' }, page, toComment);
}
