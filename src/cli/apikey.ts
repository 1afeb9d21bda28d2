// vigil apikey create --name N [--role R] [--tenant T]: prints the new key as its last line.
import { join, resolve } from 'node:path';
import { createApiKey } from '../auth/api-keys.js';
import { isRole, ROLES } from '../auth/roles.js';
import { openStateDb } from '../store/state/database.js';
import { ensureDefaultTenant, tenantExists } from '../tenants/tenants.js';
import { CONFIG_OPTIONS, configFrom, parse, UsageError } from './args.js';

export async function apikey(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  if (action !== 'create') throw new UsageError('usage: vigil apikey create --name NAME [--role ROLE] [--tenant TENANT]');
  const { values } = parse(rest, { ...CONFIG_OPTIONS, name: { type: 'string' }, role: { type: 'string' }, tenant: { type: 'string' } });
  if (!values.name) throw new UsageError('--name is required');
  const role = values.role ?? 'ingest';
  if (!isRole(role)) throw new UsageError(`--role: expected one of ${ROLES.join(', ')}, got "${role}"`);
  const config = configFrom(values);
  // SQLite in WAL mode takes this write safely beside a running server.
  const db = openStateDb(join(resolve(config.data_dir), 'state.db'));
  try {
    ensureDefaultTenant(db);
    const tenant = values.tenant ?? (role === 'ingest' || role === 'client_viewer' ? 'default' : null);
    if (tenant !== null && !tenantExists(db, tenant)) throw new UsageError(`--tenant: unknown tenant "${tenant}"`);
    const { key, info } = createApiKey(db, { name: values.name, role, tenant, createdBy: 'cli' });
    process.stderr.write(`created API key "${info.name}" (id ${info.id}, role ${info.role}${info.tenant ? `, tenant ${info.tenant}` : ''}); it is shown once:\n`);
    process.stdout.write(`${key}\n`);
  } finally {
    db.close();
  }
}
