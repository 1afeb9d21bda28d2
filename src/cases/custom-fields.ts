// Custom fields: typed definitions, global or per tenant, and the check of a case's values
// against them. A definition's name and type never change, so stored values stay valid.
import { randomUUID } from 'node:crypto';
import { recordAudit } from '../audit/audit.js';
import { NotFoundError, VigilError } from '../errors.js';
import type { StateDb } from '../store/state/database.js';
import { tenantExists } from '../tenants/tenants.js';
import { checkVersion, visibleTo } from './access.js';
import { pageOf, type PageRequest } from './pagination.js';
import { toCustomField, type CustomFieldRow } from './rows.js';
import type { CaseActor, CustomFieldDefinition, CustomFieldType, CustomFieldValue, CustomFieldValues, Page } from './types.js';

export const CUSTOM_FIELD_NAME = /^[a-z][a-z0-9_]{0,63}$/;

export interface NewCustomField {
  /** null: for every tenant (SOC staff only). Ignored for tenant users, whose own tenant it is. */
  tenant?: string | null;
  name: string;
  label?: string;
  type: CustomFieldType;
  description?: string;
}

export interface CustomFieldPatch {
  label?: string;
  description?: string;
}

/** The definitions a tenant's cases may use: the global ones and the tenant's own (null: global only). */
export function definitionsFor(db: StateDb, tenant: string | null): Map<string, CustomFieldDefinition> {
  const rows = db.prepare('SELECT * FROM case_custom_fields WHERE tenant_id IS NULL OR tenant_id = ?').all(tenant) as CustomFieldRow[];
  return new Map(rows.map((row) => [row.name, toCustomField(row)]));
}

function coerce(definition: CustomFieldDefinition, value: unknown): CustomFieldValue {
  const wrong = (): never => {
    throw new VigilError('bad_request', `custom_fields.${definition.name}: expected a ${definition.type}`);
  };
  switch (definition.type) {
    case 'string':
      return typeof value === 'string' ? value : wrong();
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? value : wrong();
    case 'boolean':
      return typeof value === 'boolean' ? value : wrong();
    case 'date': {
      const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : NaN;
      return Number.isFinite(ms) ? new Date(ms).toISOString() : wrong();
    }
  }
}

/**
 * The case's custom fields once `changes` are applied to `current`: each name must be defined
 * for the tenant and each value of its type (dates become ISO 8601); null removes a field.
 */
export function applyCustomFields(db: StateDb, tenant: string | null, current: CustomFieldValues, changes: Record<string, unknown>): CustomFieldValues {
  const names = Object.keys(changes);
  if (names.length === 0) return current;
  const definitions = definitionsFor(db, tenant);
  const next: CustomFieldValues = { ...current };
  for (const name of names) {
    const definition = definitions.get(name);
    if (!definition) throw new VigilError('bad_request', `custom_fields.${name}: no such custom field${tenant === null ? ' defined globally' : ` for tenant ${tenant}`}`);
    const value = changes[name];
    if (value === null || value === undefined) delete next[name];
    else next[name] = coerce(definition, value);
  }
  return next;
}

function loadDefinition(db: StateDb, who: CaseActor, id: string): CustomFieldRow {
  const row = db.prepare('SELECT * FROM case_custom_fields WHERE id = ?').get(id) as CustomFieldRow | undefined;
  if (!row || !visibleTo(who, row.tenant_id)) throw new NotFoundError('custom field');
  return row;
}

/** Tenant users may read global definitions but change only their tenant's. */
function loadDefinitionForChange(db: StateDb, who: CaseActor, id: string): CustomFieldRow {
  const row = loadDefinition(db, who, id);
  if (who.tenant !== null && row.tenant_id === null) throw new VigilError('forbidden', 'global custom fields are managed by the SOC staff');
  return row;
}

export function getCustomField(db: StateDb, who: CaseActor, id: string): CustomFieldDefinition {
  return toCustomField(loadDefinition(db, who, id));
}

export function listCustomFields(db: StateDb, who: CaseActor, page: PageRequest): Page<CustomFieldDefinition> {
  const where = who.tenant === null ? [] : ['(f.tenant_id IS NULL OR f.tenant_id = ?)'];
  const params = who.tenant === null ? [] : [who.tenant];
  return pageOf<CustomFieldRow, CustomFieldDefinition>(db, { select: 'SELECT f.* FROM case_custom_fields f', where, params, keys: ['f.name', 'f.id'], direction: 'asc' }, page, toCustomField);
}

export function createCustomField(db: StateDb, who: CaseActor, input: NewCustomField, now = Date.now()): CustomFieldDefinition {
  if (!CUSTOM_FIELD_NAME.test(input.name)) throw new VigilError('bad_request', 'name: lower-case letters, digits and _, starting with a letter (at most 64)');
  const tenant = who.tenant ?? input.tenant ?? null;
  if (tenant !== null && !tenantExists(db, tenant)) throw new VigilError('bad_request', `tenant: unknown tenant ${tenant}`);
  return db.transaction(() => {
    // A name means one thing to a tenant: its own definitions may not shadow global ones, nor the reverse.
    const clash = tenant === null
      ? db.prepare('SELECT 1 FROM case_custom_fields WHERE name = ?').get(input.name)
      : db.prepare('SELECT 1 FROM case_custom_fields WHERE name = ? AND (tenant_id IS NULL OR tenant_id = ?)').get(input.name, tenant);
    if (clash) throw new VigilError('conflict', `a custom field named ${input.name} already exists`);
    const row: CustomFieldRow = {
      id: randomUUID(), tenant_id: tenant, name: input.name, label: input.label ?? input.name, type: input.type,
      description: input.description ?? '', created_at: now, updated_at: now, version: 1,
    };
    db.prepare(`INSERT INTO case_custom_fields (id, tenant_id, name, label, type, description, created_at, updated_at, version)
      VALUES (@id, @tenant_id, @name, @label, @type, @description, @created_at, @updated_at, @version)`).run(row);
    const created = toCustomField(row);
    recordAudit(db, who.actor, { action: 'custom_field.create', entityType: 'custom_field', entityId: row.id, tenant, after: created }, now);
    return created;
  })();
}

export function updateCustomField(db: StateDb, who: CaseActor, id: string, version: number, patch: CustomFieldPatch, now = Date.now()): CustomFieldDefinition {
  return db.transaction(() => {
    const row = loadDefinitionForChange(db, who, id);
    checkVersion('custom field', version, row.version);
    const next: CustomFieldRow = { ...row, label: patch.label ?? row.label, description: patch.description ?? row.description, updated_at: now, version: row.version + 1 };
    db.prepare('UPDATE case_custom_fields SET label = ?, description = ?, updated_at = ?, version = ? WHERE id = ?')
      .run(next.label, next.description, next.updated_at, next.version, id);
    const after = toCustomField(next);
    recordAudit(db, who.actor, { action: 'custom_field.update', entityType: 'custom_field', entityId: id, tenant: row.tenant_id, before: toCustomField(row), after }, now);
    return after;
  })();
}

/** Deletes a definition no case uses any more. */
export function deleteCustomField(db: StateDb, who: CaseActor, id: string, version: number, now = Date.now()): void {
  db.transaction(() => {
    const row = loadDefinitionForChange(db, who, id);
    checkVersion('custom field', version, row.version);
    const path = `$."${row.name}"`;
    const used = row.tenant_id === null
      ? db.prepare('SELECT COUNT(*) FROM cases WHERE json_extract(custom_fields, ?) IS NOT NULL').pluck().get(path)
      : db.prepare('SELECT COUNT(*) FROM cases WHERE tenant_id = ? AND json_extract(custom_fields, ?) IS NOT NULL').pluck().get(row.tenant_id, path);
    if ((used as number) > 0) throw new VigilError('conflict', `custom field ${row.name} is set on ${used as number} case(s); clear it there first`);
    db.prepare('DELETE FROM case_custom_fields WHERE id = ?').run(id);
    recordAudit(db, who.actor, { action: 'custom_field.delete', entityType: 'custom_field', entityId: id, tenant: row.tenant_id, before: toCustomField(row) }, now);
  })();
}
