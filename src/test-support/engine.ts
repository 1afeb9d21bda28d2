// A core without network listeners on a temporary data directory, for in-process API tests.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../api/app.js';
import { createApiKey } from '../auth/api-keys.js';
import type { Role } from '../auth/roles.js';
import { loadConfig, type Config } from '../config/config.js';
import { openEngine, type Engine } from '../core.js';
import { silentLogger } from './logger.js';

export interface TestEngine extends Engine {
  app: FastifyInstance;
  dataDir: string;
  /** A new API key with this role (and tenant), as an Authorization header value. */
  bearer(role: Role, tenant?: string | null): string;
}

export async function testEngine(t: TestContext, overrides: Partial<Config> = {}): Promise<TestEngine> {
  const dataDir = await mkdtemp(join(tmpdir(), 'vigil-test-'));
  const config = { ...loadConfig({ flags: { data_dir: dataDir } }), ...overrides };
  const engine = await openEngine(config, silentLogger, { adminPassword: 'admin-password-for-tests' });
  const app = await buildApp(engine.ctx);
  // Closed before its directory goes: the event store cannot finish loading its WAL into a removed directory.
  t.after(async () => {
    await app.close();
    await engine.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  return {
    ...engine,
    app,
    dataDir,
    bearer(role, tenant) {
      const { key } = createApiKey(engine.db, { name: `test ${role}`, role, tenant: tenant === undefined ? (role === 'ingest' || role === 'client_viewer' ? 'default' : null) : tenant });
      return `Bearer ${key}`;
    },
  };
}
