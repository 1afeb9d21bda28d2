// Assembles and starts the core: state and event stores, the pipeline, sources and the
// HTTP API. `vigil serve` runs this; tests start it on a temporary data directory.
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './api/app.js';
import type { AppContext } from './api/context.js';
import { ensureAdmin } from './auth/users.js';
import type { Config } from './config/config.js';
import { ConfigError } from './errors.js';
import { SOURCE_KINDS } from './ingest/index.js';
import { createMetrics, type Metrics } from './metrics/metrics.js';
import { parseRecord } from './parse/index.js';
import { createPipeline, type Pipeline } from './pipeline/pipeline.js';
import type { Source, SourceContext } from './pipeline/stages.js';
import { createSearchService } from './search/service.js';
import { SEARCH_SQL_MACROS } from './search/index.js';
import { openEventStore, type EventStore } from './store/events/index.js';
import { lockDataDir } from './store/lock.js';
import { openStateDb, type StateDb } from './store/state/database.js';
import { ensureDefaultTenant } from './tenants/tenants.js';

export interface Core {
  app: FastifyInstance;
  pipeline: Pipeline;
  events: EventStore;
  db: StateDb;
  metrics: Metrics;
  /** "http://127.0.0.1:8080", "udp://0.0.0.0:5514", ... */
  addresses: string[];
  /** Set on the first start only, when the admin password was generated. */
  firstAdmin: { username: string; generatedPassword: string | null } | null;
  stop(): Promise<void>;
}

/** The sources a configuration asks for: the syslog block, then the `sources` list. */
function configuredSources(config: Config, ctx: SourceContext): Source[] {
  const wanted: { type: string; [key: string]: unknown }[] = [];
  const syslog = config.syslog;
  if (syslog.enabled) {
    const common = { hosts: [syslog.host], tenant: syslog.tenant, ...(syslog.format ? { format: syslog.format } : {}) };
    if (syslog.udp) wanted.push({ type: 'syslog', protocol: 'udp', port: syslog.port, ...common });
    if (syslog.tcp) wanted.push({ type: 'syslog', protocol: 'tcp', port: syslog.port, ...common });
    if (syslog.tls) {
      const { port, ...tls } = syslog.tls;
      wanted.push({ type: 'syslog', protocol: 'tls', port, tls, ...common });
    }
  }
  wanted.push(...config.sources);
  return wanted.map((entry, i) => {
    const kind = SOURCE_KINDS.find((k) => k.type === entry.type);
    if (!kind) throw new ConfigError(`sources[${i}].type: unknown source type "${entry.type}"; known: ${SOURCE_KINDS.map((k) => k.type).join(', ')}`);
    const { type: _type, ...settings } = entry;
    const parsed = kind.configSchema.safeParse(settings);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `sources[${i}].${issue.path.join('.')}: ${issue.message}`);
      throw new ConfigError(`invalid source configuration: ${problems.join('; ')}`);
    }
    return kind.create(parsed.data, ctx);
  });
}

export interface Engine {
  config: Config;
  db: StateDb;
  events: EventStore;
  pipeline: Pipeline;
  metrics: Metrics;
  ctx: AppContext;
  firstAdmin: Core['firstAdmin'];
  close(): Promise<void>;
}

/** Everything but the network: stores and pipeline on a locked data directory (also `vigil ingest`). */
export async function openEngine(config: Config, logger: Logger, options: { adminPassword?: string } = {}): Promise<Engine> {
  const dataDir = resolve(config.data_dir);
  const unlock = lockDataDir(dataDir);
  try {
    const metrics = createMetrics({ processMetrics: true });
    const db = openStateDb(join(dataDir, 'state.db'));
    ensureDefaultTenant(db);
    const firstAdmin = await ensureAdmin(db, options.adminPassword);
    const events = await openEventStore({
      dir: join(dataDir, 'events'),
      logger: logger.child({ component: 'event-store' }),
      retentionDays: config.retention_days,
      readSetup: SEARCH_SQL_MACROS,
    });
    const pipeline = createPipeline({
      parse: parseRecord,
      enrichers: [],
      store: (batch) => events.append(batch),
      storeBacklog: () => events.backlogBytes,
      listeners: [],
      metrics,
      logger: logger.child({ component: 'pipeline' }),
      maxInFlight: config.ingest.max_in_flight,
      maxStoreBacklogBytes: config.ingest.max_backlog_mb * 1024 * 1024,
    });
    const ctx: AppContext = { config, logger, metrics, db, events, search: createSearchService(events), pipeline };
    return {
      config, db, events, pipeline, metrics, ctx, firstAdmin,
      async close() {
        await pipeline.drain();
        await events.close();
        db.close();
        unlock();
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}

export async function startCore(config: Config, logger: Logger, options: { adminPassword?: string } = {}): Promise<Core> {
  const engine = await openEngine(config, logger, options);
  const { pipeline, events, db, metrics, ctx } = engine;
  let app: FastifyInstance | undefined;
  const listening = (): FastifyInstance => app!;
  let sources: Source[] = [];
  const stop = async () => {
    await Promise.allSettled(sources.map((s) => s.stop()));
    await app?.close();
    await engine.close();
  };
  try {
    app = await buildApp(ctx);
    sources = configuredSources(config, { intake: pipeline, logger: logger.child({ component: 'source' }), metrics });
    await app.listen({ host: config.http.host, port: config.http.port });
    for (const source of sources) await source.start();
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
  const httpAddresses = (listening().addresses() as AddressInfo[]).map((a) => `http://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}`);
  return {
    app, pipeline, events, db, metrics, firstAdmin: engine.firstAdmin, stop,
    addresses: [...httpAddresses, ...sources.flatMap((s) => s.addresses())],
  };
}
