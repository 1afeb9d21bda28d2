// Cases: opened from alerts, from a template or from scratch; read, listed, changed with
// optimistic locking; alerts linked to them with their observables extracted.
import { randomUUID } from 'node:crypto';
import { recordAudit } from '../audit/audit.js';
import { NotFoundError, VigilError } from '../errors.js';
import type { StateDb } from '../store/state/database.js';
import { tenantExists } from '../tenants/tenants.js';
import { checkVersion, loadCase, loadCaseForChange, tenantFilter } from './access.js';
import type { AlertSource, CaseAlertInput } from './alert-source.js';
import { checkAssignee } from './assignee.js';
import { applyCustomFields } from './custom-fields.js';
import { extractObservables } from './extract.js';
import { addObservablesToCase } from './observables.js';
import { pageOf, type PageRequest } from './pagination.js';
import { CASE_SELECT, toCase, toCaseAlert, type CaseAlertRow, type CaseRow } from './rows.js';
import { insertTask } from './tasks.js';
import { templateForTenant } from './templates.js';
import { recordCaseEvent } from './timeline.js';
import {
  maxSeverity, SEVERITIES, type Case, type CaseActor, type CaseAlertLink, type CaseStatus, type CaseTemplate, type Page, type Pap,
  type ResolutionStatus, type Severity, type Tlp,
} from './types.js';
import { changedFields, uniqueTags } from './values.js';

export interface NewCase {
  /** For SOC staff opening a case without alerts: whose case it is (default "default"). */
  tenant?: string;
  title?: string;
  description?: string;
  severity?: Severity;
  tlp?: Tlp;
  pap?: Pap;
  tags?: string[];
  assignee?: string | null;
  custom_fields?: Record<string, unknown>;
  template_id?: string;
  /** Alerts to open the case from; all of one tenant, none already in a case. */
  alert_ids?: string[];
}

export interface CasePatch {
  title?: string;
  description?: string;
  severity?: Severity;
  tlp?: Tlp;
  pap?: Pap;
  status?: CaseStatus;
  resolution_status?: ResolutionStatus;
  summary?: string;
  assignee?: string | null;
  tags?: string[];
  /** Values to set; null removes a field. Fields not named are kept. */
  custom_fields?: Record<string, unknown>;
}

export interface CaseFilter {
  status?: CaseStatus[];
  severity?: Severity[];
  /** A user id; null: unassigned cases. */
  assignee?: string | null;
  tag?: string;
  /** Words of the title or description, or a case number ("42", "#42"). */
  q?: string;
  /** For SOC staff: one tenant's cases. */
  tenant?: string;
}

export interface AlertsAdded {
  case: Case;
  alerts: CaseAlertLink[];
  observables_added: number;
}

const DEFAULT_TLP: Tlp = 'amber';
const DEFAULT_PAP: Pap = 'amber';
const DEFAULT_SEVERITY: Severity = 'medium';

/** An alert's severity on the case scale: "informational" counts as low. */
function caseSeverity(alertSeverity: string): Severity {
  if (alertSeverity === 'informational') return 'low';
  return (SEVERITIES as readonly string[]).includes(alertSeverity) ? (alertSeverity as Severity) : DEFAULT_SEVERITY;
}

function nextNumber(db: StateDb, tenant: string): number {
  return db.prepare(`INSERT INTO case_sequences (tenant_id, last_number) VALUES (?, 1)
    ON CONFLICT (tenant_id) DO UPDATE SET last_number = last_number + 1 RETURNING last_number`).pluck().get(tenant) as number;
}

function readCase(db: StateDb, id: string): Case {
  return toCase(db.prepare(`${CASE_SELECT} WHERE c.id = ?`).get(id) as CaseRow);
}

/** The alerts, all visible to the actor and of one tenant; unknown ones are not found. */
function fetchAlerts(db: StateDb, who: CaseActor, source: AlertSource, ids: readonly string[]): CaseAlertInput[] {
  const unique = [...new Set(ids)];
  const alerts = source.getAlerts(db, who.tenant, unique);
  const found = new Set(alerts.map((a) => a.id));
  const missing = unique.filter((id) => !found.has(id));
  if (missing.length > 0) throw new NotFoundError(`alert ${missing.join(', ')}`);
  const tenants = new Set(alerts.map((a) => a.tenant));
  if (tenants.size > 1) throw new VigilError('bad_request', `alert_ids: the alerts belong to different tenants (${[...tenants].join(', ')}); a case holds one tenant's alerts`);
  return alerts;
}

function titleFromAlerts(alerts: readonly CaseAlertInput[]): string | undefined {
  const titles = [...new Set(alerts.map((a) => a.title))];
  if (titles.length === 0) return undefined;
  return titles.length === 1 ? titles[0] : `${titles[0]} and ${titles.length - 1} other alert${titles.length > 2 ? 's' : ''}`;
}

function descriptionFromAlerts(alerts: readonly CaseAlertInput[]): string {
  return ['Opened from alerts:', ...alerts.map((a) => `- ${a.title} (${a.severity}${a.rule ? `, rule ${a.rule}` : ''})`)].join('\n');
}

/**
 * Links alerts to the case (those already linked to it are skipped; one linked to another case
 * is a conflict), records them on the timeline and adds the observables found in their events.
 * Runs inside the caller's transaction.
 */
function linkAlerts(db: StateDb, who: CaseActor, target: CaseRow, alerts: readonly CaseAlertInput[], source: AlertSource, now: number): { links: CaseAlertLink[]; observables: number } {
  const linkedTo = db.prepare('SELECT c.id, c.number FROM case_alerts a JOIN cases c ON c.id = a.case_id WHERE a.alert_id = ?');
  const fresh: CaseAlertInput[] = [];
  for (const alert of alerts) {
    if (alert.tenant !== target.tenant_id) throw new NotFoundError(`alert ${alert.id}`);
    const owner = linkedTo.get(alert.id) as { id: string; number: number } | undefined;
    if (owner?.id === target.id) continue;
    if (owner) throw new VigilError('conflict', `alert ${alert.id} is already in case #${owner.number}`, { details: { case_id: owner.id, number: owner.number } });
    fresh.push(alert);
  }
  const insert = db.prepare(`INSERT INTO case_alerts (alert_id, case_id, tenant_id, title, severity, rule, added_at, added_by)
    VALUES (@alert_id, @case_id, @tenant_id, @title, @severity, @rule, @added_at, @added_by)`);
  const links: CaseAlertLink[] = [];
  for (const alert of fresh) {
    const row: CaseAlertRow = {
      alert_id: alert.id, case_id: target.id, tenant_id: target.tenant_id, title: alert.title, severity: alert.severity, rule: alert.rule,
      added_at: now, added_by: JSON.stringify(who.actor),
    };
    insert.run(row);
    links.push(toCaseAlert(row));
    recordCaseEvent(db, who, target, { kind: 'alert.added', entity_type: 'alert', entity_id: alert.id, data: { title: alert.title, severity: alert.severity, rule: alert.rule } }, now);
  }
  if (fresh.length === 0) return { links, observables: 0 };
  source.linked?.(db, fresh.map((a) => a.id), { id: target.id, number: target.number });
  const extracted = extractObservables(fresh);
  const added = addObservablesToCase(db, who, target, extracted, 'alert', now);
  return { links, observables: added.length };
}

/** Opens a case; with a template its tasks are created, with alerts they are linked. */
export function createCase(db: StateDb, who: CaseActor, input: NewCase, source: AlertSource, now = Date.now()): Case {
  return db.transaction(() => {
    const alerts = input.alert_ids?.length ? fetchAlerts(db, who, source, input.alert_ids) : [];
    const alertTenant = alerts[0]?.tenant;
    if (who.tenant !== null && input.tenant !== undefined && input.tenant !== who.tenant) throw new NotFoundError(`tenant ${input.tenant}`);
    if (alertTenant !== undefined && input.tenant !== undefined && input.tenant !== alertTenant) {
      throw new VigilError('bad_request', `tenant: the alerts belong to tenant ${alertTenant}, not ${input.tenant}`);
    }
    const tenant = alertTenant ?? who.tenant ?? input.tenant ?? 'default';
    if (!tenantExists(db, tenant)) throw new VigilError('bad_request', `tenant: unknown tenant ${tenant}`);
    const template: CaseTemplate | undefined = input.template_id ? templateForTenant(db, who, input.template_id, tenant) : undefined;

    const base = input.title ?? titleFromAlerts(alerts) ?? template?.name;
    if (base === undefined) throw new VigilError('bad_request', 'title: required for a case opened without alerts or template');
    const alertSeverity = alerts.map((a) => caseSeverity(a.severity)).reduce<Severity | undefined>((a, b) => (a ? maxSeverity(a, b) : b), undefined);
    checkAssignee(db, tenant, input.assignee);
    const customFields = applyCustomFields(db, tenant, applyCustomFields(db, tenant, {}, template?.custom_fields ?? {}), input.custom_fields ?? {});

    const row: CaseRow = {
      id: randomUUID(),
      tenant_id: tenant,
      number: nextNumber(db, tenant),
      title: `${template?.title_prefix ?? ''}${base}`,
      description: input.description ?? template?.description ?? (alerts.length ? descriptionFromAlerts(alerts) : ''),
      severity: input.severity ?? template?.severity ?? alertSeverity ?? DEFAULT_SEVERITY,
      tlp: input.tlp ?? template?.tlp ?? DEFAULT_TLP,
      pap: input.pap ?? template?.pap ?? DEFAULT_PAP,
      status: 'new',
      resolution_status: null,
      summary: null,
      assignee: input.assignee ?? null,
      tags: JSON.stringify(uniqueTags([...(template?.tags ?? []), ...(input.tags ?? [])])),
      custom_fields: JSON.stringify(customFields),
      template_id: template?.id ?? null,
      merged_into: null,
      created_at: now,
      created_by: JSON.stringify(who.actor),
      updated_at: now,
      resolved_at: null,
      version: 1,
    };
    db.prepare(`INSERT INTO cases (id, tenant_id, number, title, description, severity, tlp, pap, status, resolution_status, summary, assignee, tags,
      custom_fields, template_id, merged_into, created_at, created_by, updated_at, resolved_at, version)
      VALUES (@id, @tenant_id, @number, @title, @description, @severity, @tlp, @pap, @status, @resolution_status, @summary, @assignee, @tags,
      @custom_fields, @template_id, @merged_into, @created_at, @created_by, @updated_at, @resolved_at, @version)`).run(row);
    recordCaseEvent(db, who, row, { kind: 'case.created', entity_type: 'case', entity_id: row.id, data: { number: row.number, title: row.title, template: template?.name ?? null } }, now);
    const tasks = (template?.tasks ?? []).map((task) => insertTask(db, who, row, task, now));
    const linked = linkAlerts(db, who, row, alerts, source, now);
    const created = readCase(db, row.id);
    recordAudit(db, who.actor, {
      action: 'case.create', entityType: 'case', entityId: row.id, tenant,
      after: { ...created, tasks: tasks.map((t) => t.title), alert_ids: linked.links.map((l) => l.alert_id), observables_added: linked.observables },
    }, now);
    return created;
  })();
}

export function getCase(db: StateDb, who: CaseActor, id: string): Case {
  return toCase(loadCase(db, who, id));
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Cases visible to the actor, newest first. */
export function listCases(db: StateDb, who: CaseActor, filter: CaseFilter, page: PageRequest): Page<Case> {
  const { where, params } = tenantFilter(who, 'c.tenant_id');
  if (filter.tenant !== undefined) { where.push('c.tenant_id = ?'); params.push(filter.tenant); }
  if (filter.status?.length) { where.push(`c.status IN (${filter.status.map(() => '?').join(', ')})`); params.push(...filter.status); }
  if (filter.severity?.length) { where.push(`c.severity IN (${filter.severity.map(() => '?').join(', ')})`); params.push(...filter.severity); }
  if (filter.assignee === null) where.push('c.assignee IS NULL');
  else if (filter.assignee !== undefined) { where.push('c.assignee = ?'); params.push(filter.assignee); }
  if (filter.tag) { where.push('EXISTS (SELECT 1 FROM json_each(c.tags) WHERE json_each.value = ?)'); params.push(filter.tag); }
  if (filter.q) {
    const number = /^#?(\d+)$/.exec(filter.q.trim());
    if (number) { where.push('c.number = ?'); params.push(Number(number[1])); }
    else {
      where.push("(c.title LIKE ? ESCAPE '\\' OR c.description LIKE ? ESCAPE '\\')");
      params.push(likePattern(filter.q), likePattern(filter.q));
    }
  }
  return pageOf<CaseRow, Case>(db, { select: CASE_SELECT, where, params, keys: ['c.created_at', 'c.rowid'], direction: 'desc' }, page, toCase);
}

/** The case fields after a patch, with the resolution rules applied. */
function patched(row: CaseRow, patch: CasePatch, customFields: string, now: number): CaseRow {
  const status = patch.status ?? (row.status as CaseStatus);
  const next: CaseRow = {
    ...row,
    title: patch.title ?? row.title,
    description: patch.description ?? row.description,
    severity: patch.severity ?? row.severity,
    tlp: patch.tlp ?? row.tlp,
    pap: patch.pap ?? row.pap,
    status,
    assignee: patch.assignee === undefined ? row.assignee : patch.assignee,
    tags: patch.tags === undefined ? row.tags : JSON.stringify(uniqueTags(patch.tags)),
    custom_fields: customFields,
  };
  if (status === 'resolved') {
    next.resolution_status = patch.resolution_status ?? row.resolution_status;
    next.summary = patch.summary ?? row.summary;
    if (!next.resolution_status) throw new VigilError('bad_request', 'resolution_status: required to resolve a case');
    if (!next.summary?.trim()) throw new VigilError('bad_request', 'summary: required to resolve a case');
    next.resolved_at = row.resolved_at ?? now;
  } else {
    if (patch.resolution_status !== undefined || patch.summary !== undefined) throw new VigilError('bad_request', 'resolution_status and summary belong to a resolved case');
    next.resolution_status = null;
    next.summary = null;
    next.resolved_at = null;
  }
  return next;
}

/** Changes a case read at `version`; a stale version is a conflict and changes nothing. */
export function updateCase(db: StateDb, who: CaseActor, id: string, version: number, patch: CasePatch, now = Date.now()): Case {
  return db.transaction(() => {
    const row = loadCaseForChange(db, who, id);
    checkVersion(`case #${row.number}`, version, row.version);
    if (patch.assignee !== undefined) checkAssignee(db, row.tenant_id, patch.assignee);
    const customFields = patch.custom_fields === undefined ? row.custom_fields
      : JSON.stringify(applyCustomFields(db, row.tenant_id, JSON.parse(row.custom_fields) as Record<string, never>, patch.custom_fields));
    const next = patched(row, patch, customFields, now);
    const before = toCase(row);
    const candidate = toCase(next);
    const fields = ['title', 'description', 'severity', 'tlp', 'pap', 'status', 'resolution_status', 'summary', 'assignee', 'tags', 'custom_fields'] as const;
    const changes = changedFields(before, candidate, fields);
    if (Object.keys(changes).length === 0) return before;

    next.updated_at = now;
    next.version = row.version + 1;
    db.prepare(`UPDATE cases SET title = @title, description = @description, severity = @severity, tlp = @tlp, pap = @pap, status = @status,
      resolution_status = @resolution_status, summary = @summary, assignee = @assignee, tags = @tags, custom_fields = @custom_fields,
      updated_at = @updated_at, resolved_at = @resolved_at, version = @version WHERE id = @id`).run(next);

    const { status, resolution_status, summary, assignee, severity, ...rest } = changes;
    if (status || resolution_status || summary) {
      recordCaseEvent(db, who, row, { kind: 'case.status_changed', entity_type: 'case', entity_id: id, data: { from: row.status, to: next.status, resolution_status: next.resolution_status, summary: next.summary } }, now);
    }
    if (assignee) recordCaseEvent(db, who, row, { kind: 'case.assignee_changed', entity_type: 'case', entity_id: id, data: assignee }, now);
    if (severity) recordCaseEvent(db, who, row, { kind: 'case.severity_changed', entity_type: 'case', entity_id: id, data: severity }, now);
    if (Object.keys(rest).length > 0) recordCaseEvent(db, who, row, { kind: 'case.updated', entity_type: 'case', entity_id: id, data: { changes: rest } }, now);
    const after = readCase(db, id);
    recordAudit(db, who.actor, { action: 'case.update', entityType: 'case', entityId: id, tenant: row.tenant_id, before, after }, now);
    return after;
  })();
}

/** Links more alerts to a case and extracts their observables. */
export function addAlertsToCase(db: StateDb, who: CaseActor, id: string, alertIds: readonly string[], source: AlertSource, now = Date.now()): AlertsAdded {
  return db.transaction(() => {
    const target = loadCaseForChange(db, who, id);
    // Fetch with the case's tenant, so staff cannot pull another tenant's alert in.
    const alerts = fetchAlerts(db, { ...who, tenant: target.tenant_id }, source, alertIds);
    const linked = linkAlerts(db, who, target, alerts, source, now);
    if (linked.links.length > 0) {
      db.prepare('UPDATE cases SET updated_at = ? WHERE id = ?').run(now, id);
      recordAudit(db, who.actor, {
        action: 'case.add_alerts', entityType: 'case', entityId: id, tenant: target.tenant_id,
        after: { alert_ids: linked.links.map((l) => l.alert_id), observables_added: linked.observables },
      }, now);
    }
    return { case: readCase(db, id), alerts: linked.links, observables_added: linked.observables };
  })();
}

export function listCaseAlerts(db: StateDb, who: CaseActor, id: string, page: PageRequest): Page<CaseAlertLink> {
  loadCase(db, who, id);
  return pageOf<CaseAlertRow, CaseAlertLink>(db, { select: 'SELECT a.* FROM case_alerts a', where: ['a.case_id = ?'], params: [id], keys: ['a.added_at', 'a.rowid'], direction: 'asc' }, page, toCaseAlert);
}

/** The case each of these alerts is in (alerts in none are left out): for the alert views. */
export function casesOfAlerts(db: StateDb, alertIds: readonly string[]): Map<string, { id: string; number: number }> {
  const out = new Map<string, { id: string; number: number }>();
  const find = db.prepare('SELECT c.id, c.number FROM case_alerts a JOIN cases c ON c.id = a.case_id WHERE a.alert_id = ?');
  for (const alertId of alertIds) {
    const found = find.get(alertId) as { id: string; number: number } | undefined;
    if (found) out.set(alertId, found);
  }
  return out;
}
