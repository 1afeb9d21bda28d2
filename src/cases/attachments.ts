// A case's attachments: files uploaded to the case, stored once per content (blob-store.ts)
// and described by a row naming the file, its type, size and SHA-256.
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { recordAudit } from '../audit/audit.js';
import { NotFoundError, VigilError } from '../errors.js';
import type { StateDb } from '../store/state/database.js';
import { loadCase, loadCaseForChange } from './access.js';
import type { BlobStore } from './blob-store.js';
import { pageOf, type PageRequest } from './pagination.js';
import { toAttachment, type AttachmentRow } from './rows.js';
import { recordCaseEvent } from './timeline.js';
import type { Attachment, CaseActor, Page } from './types.js';

/** Largest attachment accepted: evidence files, not disk images. */
export const ATTACHMENT_MAX_BYTES = 50 * 1024 * 1024;

export interface Upload {
  filename: string;
  content_type: string;
  content: Readable;
}

/** A file name without directories or control characters, at most 255 characters. */
export function safeFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim().slice(0, 255);
  return clean === '' || clean === '.' || clean === '..' ? 'attachment' : clean;
}

/**
 * Stores an upload and attaches it to the case. The same file (content and name) uploaded
 * again to the same case gives the attachment already there (`created: false`).
 */
export async function uploadAttachment(
  db: StateDb, blobs: BlobStore, who: CaseActor, caseId: string, upload: Upload, now = Date.now(), maxBytes = ATTACHMENT_MAX_BYTES,
): Promise<{ attachment: Attachment; created: boolean }> {
  // Refuse before reading the body when the case is not there for this caller.
  loadCaseForChange(db, who, caseId);
  const blob = await blobs.put(upload.content, maxBytes);
  if (blob.size === 0) throw new VigilError('bad_request', 'the request body is the file to attach; it is empty');
  const filename = safeFilename(upload.filename);
  return db.transaction(() => {
    const target = loadCaseForChange(db, who, caseId);
    const same = db.prepare('SELECT * FROM case_attachments WHERE case_id = ? AND sha256 = ? AND filename = ?').get(caseId, blob.sha256, filename) as AttachmentRow | undefined;
    if (same) return { attachment: toAttachment(same), created: false };
    const row: AttachmentRow = {
      id: randomUUID(), case_id: caseId, tenant_id: target.tenant_id, filename, content_type: upload.content_type, size: blob.size,
      sha256: blob.sha256, created_at: now, created_by: JSON.stringify(who.actor),
    };
    db.prepare(`INSERT INTO case_attachments (id, case_id, tenant_id, filename, content_type, size, sha256, created_at, created_by)
      VALUES (@id, @case_id, @tenant_id, @filename, @content_type, @size, @sha256, @created_at, @created_by)`).run(row);
    const attachment = toAttachment(row);
    recordCaseEvent(db, who, target, { kind: 'attachment.added', entity_type: 'attachment', entity_id: row.id, data: { filename, size: blob.size, sha256: blob.sha256 } }, now);
    recordAudit(db, who.actor, { action: 'case_attachment.create', entityType: 'case_attachment', entityId: row.id, tenant: target.tenant_id, after: attachment }, now);
    db.prepare('UPDATE cases SET updated_at = ? WHERE id = ?').run(now, caseId);
    return { attachment, created: true };
  })();
}

export function listAttachments(db: StateDb, who: CaseActor, caseId: string, page: PageRequest): Page<Attachment> {
  loadCase(db, who, caseId);
  return pageOf<AttachmentRow, Attachment>(db, { select: 'SELECT f.* FROM case_attachments f', where: ['f.case_id = ?'], params: [caseId], keys: ['f.created_at', 'f.rowid'], direction: 'asc' }, page, toAttachment);
}

export function getAttachment(db: StateDb, who: CaseActor, caseId: string, attachmentId: string): Attachment {
  loadCase(db, who, caseId);
  const row = db.prepare('SELECT * FROM case_attachments WHERE id = ? AND case_id = ?').get(attachmentId, caseId) as AttachmentRow | undefined;
  if (!row) throw new NotFoundError('attachment');
  return toAttachment(row);
}

/** The attachment and its verified content. */
export async function openAttachment(db: StateDb, blobs: BlobStore, who: CaseActor, caseId: string, attachmentId: string): Promise<{ attachment: Attachment; content: Readable }> {
  const attachment = getAttachment(db, who, caseId, attachmentId);
  const { stream } = await blobs.open(attachment.sha256);
  return { attachment, content: stream };
}
