// Case templates: the starting point of a kind of case (phishing, ransomware…): title prefix,
// description, severity, TLP/PAP, tags, a task list and custom field values. Global or per tenant.
import { randomUUID } from 'node:crypto';
import { recordAudit } from '../audit/audit.js';
import { NotFoundError, VigilError } from '../errors.js';
import type { StateDb } from '../store/state/database.js';
import { tenantExists } from '../tenants/tenants.js';
import { checkVersion, visibleTo } from './access.js';
import { applyCustomFields } from './custom-fields.js';
import { pageOf, type PageRequest } from './pagination.js';
import { toTemplate, type TemplateRow } from './rows.js';
import type { CaseActor, CaseTemplate, Page, Pap, Severity, Tlp } from './types.js';
import { uniqueTags } from './values.js';

export interface NewTemplate {
  /** null: for every tenant (SOC staff only). Ignored for tenant users, whose own tenant it is. */
  tenant?: string | null;
  name: string;
  title_prefix?: string;
  description?: string;
  severity?: Severity;
  tlp?: Tlp;
  pap?: Pap;
  tags?: string[];
  tasks?: { title: string; description?: string }[];
  custom_fields?: Record<string, unknown>;
}

export type TemplatePatch = Partial<Omit<NewTemplate, 'tenant'>>;

function loadTemplate(db: StateDb, who: CaseActor, id: string): TemplateRow {
  const row = db.prepare('SELECT * FROM case_templates WHERE id = ?').get(id) as TemplateRow | undefined;
  if (!row || !visibleTo(who, row.tenant_id)) throw new NotFoundError('case template');
  return row;
}

function loadTemplateForChange(db: StateDb, who: CaseActor, id: string): TemplateRow {
  const row = loadTemplate(db, who, id);
  if (who.tenant !== null && row.tenant_id === null) throw new VigilError('forbidden', 'global case templates are managed by the SOC staff');
  return row;
}

/** A template usable for a case of this tenant: global or the tenant's own. */
export function templateForTenant(db: StateDb, who: CaseActor, id: string, tenant: string): CaseTemplate {
  const row = loadTemplate(db, who, id);
  if (row.tenant_id !== null && row.tenant_id !== tenant) throw new VigilError('bad_request', `template ${row.name} belongs to another tenant`);
  return toTemplate(row);
}

export function getTemplate(db: StateDb, who: CaseActor, id: string): CaseTemplate {
  return toTemplate(loadTemplate(db, who, id));
}

export function listTemplates(db: StateDb, who: CaseActor, page: PageRequest): Page<CaseTemplate> {
  const where = who.tenant === null ? [] : ['(t.tenant_id IS NULL OR t.tenant_id = ?)'];
  const params = who.tenant === null ? [] : [who.tenant];
  return pageOf<TemplateRow, CaseTemplate>(db, { select: 'SELECT t.* FROM case_templates t', where, params, keys: ['t.name', 't.id'], direction: 'asc' }, page, toTemplate);
}

function nameTaken(db: StateDb, tenant: string | null, name: string, except: string | null): boolean {
  return db.prepare('SELECT 1 FROM case_templates WHERE COALESCE(tenant_id, \'\') = ? AND name = ? AND id IS NOT ?').get(tenant ?? '', name, except) !== undefined;
}

function tasksOf(tasks: NewTemplate['tasks']): CaseTemplate['tasks'] {
  return (tasks ?? []).map((t) => ({ title: t.title, description: t.description ?? '' }));
}

export function createTemplate(db: StateDb, who: CaseActor, input: NewTemplate, now = Date.now()): CaseTemplate {
  const tenant = who.tenant ?? input.tenant ?? null;
  if (tenant !== null && !tenantExists(db, tenant)) throw new VigilError('bad_request', `tenant: unknown tenant ${tenant}`);
  return db.transaction(() => {
    if (nameTaken(db, tenant, input.name, null)) throw new VigilError('conflict', `a case template named ${input.name} already exists`);
    const row: TemplateRow = {
      id: randomUUID(), tenant_id: tenant, name: input.name, title_prefix: input.title_prefix ?? '', description: input.description ?? '',
      severity: input.severity ?? 'medium', tlp: input.tlp ?? 'amber', pap: input.pap ?? 'amber',
      tags: JSON.stringify(uniqueTags(input.tags ?? [])), tasks: JSON.stringify(tasksOf(input.tasks)),
      custom_fields: JSON.stringify(applyCustomFields(db, tenant, {}, input.custom_fields ?? {})),
      created_at: now, updated_at: now, version: 1,
    };
    db.prepare(`INSERT INTO case_templates (id, tenant_id, name, title_prefix, description, severity, tlp, pap, tags, tasks, custom_fields, created_at, updated_at, version)
      VALUES (@id, @tenant_id, @name, @title_prefix, @description, @severity, @tlp, @pap, @tags, @tasks, @custom_fields, @created_at, @updated_at, @version)`).run(row);
    const created = toTemplate(row);
    recordAudit(db, who.actor, { action: 'case_template.create', entityType: 'case_template', entityId: row.id, tenant, after: created }, now);
    return created;
  })();
}

export function updateTemplate(db: StateDb, who: CaseActor, id: string, version: number, patch: TemplatePatch, now = Date.now()): CaseTemplate {
  return db.transaction(() => {
    const row = loadTemplateForChange(db, who, id);
    checkVersion('case template', version, row.version);
    if (patch.name !== undefined && nameTaken(db, row.tenant_id, patch.name, id)) throw new VigilError('conflict', `a case template named ${patch.name} already exists`);
    const next: TemplateRow = {
      ...row,
      name: patch.name ?? row.name,
      title_prefix: patch.title_prefix ?? row.title_prefix,
      description: patch.description ?? row.description,
      severity: patch.severity ?? row.severity,
      tlp: patch.tlp ?? row.tlp,
      pap: patch.pap ?? row.pap,
      tags: patch.tags === undefined ? row.tags : JSON.stringify(uniqueTags(patch.tags)),
      tasks: patch.tasks === undefined ? row.tasks : JSON.stringify(tasksOf(patch.tasks)),
      // The template's values are replaced as a whole: a template is edited as one form.
      custom_fields: patch.custom_fields === undefined ? row.custom_fields : JSON.stringify(applyCustomFields(db, row.tenant_id, {}, patch.custom_fields)),
      updated_at: now,
      version: row.version + 1,
    };
    db.prepare(`UPDATE case_templates SET name = @name, title_prefix = @title_prefix, description = @description, severity = @severity, tlp = @tlp, pap = @pap,
      tags = @tags, tasks = @tasks, custom_fields = @custom_fields, updated_at = @updated_at, version = @version WHERE id = @id`).run(next);
    const after = toTemplate(next);
    recordAudit(db, who.actor, { action: 'case_template.update', entityType: 'case_template', entityId: id, tenant: row.tenant_id, before: toTemplate(row), after }, now);
    return after;
  })();
}

/** Deletes a template; cases made from it keep their copy of its content and its id. */
export function deleteTemplate(db: StateDb, who: CaseActor, id: string, version: number, now = Date.now()): void {
  db.transaction(() => {
    const row = loadTemplateForChange(db, who, id);
    checkVersion('case template', version, row.version);
    db.prepare('DELETE FROM case_templates WHERE id = ?').run(id);
    recordAudit(db, who.actor, { action: 'case_template.delete', entityType: 'case_template', entityId: id, tenant: row.tenant_id, before: toTemplate(row) }, now);
  })();
}
