// Merging two cases of a tenant: the target takes the source's alerts, tasks (with their logs),
// observables (one per type and value), comments, attachments and a copy of its timeline; the
// source is resolved as a duplicate pointing at the target.
import { recordAudit } from '../audit/audit.js';
import { VigilError } from '../errors.js';
import type { StateDb } from '../store/state/database.js';
import { checkVersion, loadCaseForChange } from './access.js';
import { CASE_SELECT, toCase, type CaseRow, type ObservableRow } from './rows.js';
import { copyTimeline, recordCaseEvent } from './timeline.js';
import { maxSeverity, type Case, type CaseActor, type CustomFieldValues, type Severity } from './types.js';
import { uniqueTags } from './values.js';

export interface MergeResult {
  target: Case;
  source: Case;
  moved: { alerts: number; tasks: number; observables: number; observables_merged: number; comments: number; attachments: number; timeline: number };
}

/** Folds a source observable into the target's one with the same type and value: flags add up, tags join. */
function foldObservable(db: StateDb, kept: ObservableRow, dropped: ObservableRow, now: number): void {
  const tags = JSON.stringify(uniqueTags([...(JSON.parse(kept.tags) as string[]), ...(JSON.parse(dropped.tags) as string[])]));
  const ioc = kept.ioc || dropped.ioc ? 1 : 0;
  const sighted = kept.sighted || dropped.sighted ? 1 : 0;
  const description = kept.description || dropped.description;
  if (tags !== kept.tags || ioc !== kept.ioc || sighted !== kept.sighted || description !== kept.description) {
    db.prepare('UPDATE case_observables SET tags = ?, ioc = ?, sighted = ?, description = ?, updated_at = ?, version = version + 1 WHERE id = ?')
      .run(tags, ioc, sighted, description, now, kept.id);
  }
  db.prepare('DELETE FROM case_observables WHERE id = ?').run(dropped.id);
}

/** Merges `sourceId` into `targetId`, the target read at `targetVersion`. */
export function mergeCases(db: StateDb, who: CaseActor, targetId: string, targetVersion: number, sourceId: string, now = Date.now()): MergeResult {
  return db.transaction(() => {
    if (targetId === sourceId) throw new VigilError('bad_request', 'a case cannot be merged into itself');
    const target = loadCaseForChange(db, who, targetId);
    const source = loadCaseForChange(db, who, sourceId);
    if (target.tenant_id !== source.tenant_id) throw new VigilError('bad_request', 'only cases of the same tenant can be merged');
    checkVersion(`case #${target.number}`, targetVersion, target.version);
    const before = { target: toCase(target), source: toCase(source) };
    const move = (table: string): number => db.prepare(`UPDATE ${table} SET case_id = ? WHERE case_id = ?`).run(targetId, sourceId).changes;

    const alerts = move('case_alerts');
    const lastPosition = (db.prepare('SELECT MAX(position) FROM case_tasks WHERE case_id = ?').pluck().get(targetId) as number | null) ?? 0;
    const tasks = db.prepare('UPDATE case_tasks SET case_id = ?, position = position + ? WHERE case_id = ?').run(targetId, lastPosition, sourceId).changes;
    move('case_task_logs');
    const comments = move('case_comments');
    const attachments = move('case_attachments');

    let observables = 0;
    let observablesMerged = 0;
    const same = db.prepare('SELECT * FROM case_observables WHERE case_id = ? AND type = ? AND value = ?');
    for (const row of db.prepare('SELECT * FROM case_observables WHERE case_id = ? ORDER BY rowid').all(sourceId) as ObservableRow[]) {
      const kept = same.get(targetId, row.type, row.value) as ObservableRow | undefined;
      if (kept) {
        foldObservable(db, kept, row, now);
        observablesMerged++;
      } else {
        db.prepare('UPDATE case_observables SET case_id = ? WHERE id = ?').run(targetId, row.id);
        observables++;
      }
    }
    const timeline = copyTimeline(db, sourceId, targetId);

    const customFields: CustomFieldValues = { ...(JSON.parse(source.custom_fields) as CustomFieldValues), ...(JSON.parse(target.custom_fields) as CustomFieldValues) };
    db.prepare('UPDATE cases SET tags = ?, severity = ?, custom_fields = ?, updated_at = ?, version = version + 1 WHERE id = ?').run(
      JSON.stringify(uniqueTags([...(JSON.parse(target.tags) as string[]), ...(JSON.parse(source.tags) as string[])])),
      maxSeverity(target.severity as Severity, source.severity as Severity),
      JSON.stringify(customFields), now, targetId,
    );
    db.prepare(`UPDATE cases SET status = 'resolved', resolution_status = 'duplicate', summary = ?, merged_into = ?, resolved_at = COALESCE(resolved_at, ?),
      updated_at = ?, version = version + 1 WHERE id = ?`).run(`Merged into case #${target.number}.`, targetId, now, now, sourceId);

    const moved = { alerts, tasks, observables, observables_merged: observablesMerged, comments, attachments, timeline };
    recordCaseEvent(db, who, target, { kind: 'case.merged', entity_type: 'case', entity_id: sourceId, data: { source_id: sourceId, source_number: source.number, source_title: source.title, moved } }, now);
    recordCaseEvent(db, who, source, { kind: 'case.merged_into', entity_type: 'case', entity_id: targetId, data: { target_id: targetId, target_number: target.number } }, now);
    const read = (id: string): Case => toCase(db.prepare(`${CASE_SELECT} WHERE c.id = ?`).get(id) as CaseRow);
    const after = { target: read(targetId), source: read(sourceId) };
    recordAudit(db, who.actor, { action: 'case.merge', entityType: 'case', entityId: targetId, tenant: target.tenant_id, before, after, detail: { source_id: sourceId, moved } }, now);
    return { ...after, moved };
  })();
}
