// Assembles and starts the core: state and event stores, the pipeline, sources and the
// HTTP API. `vigil serve` runs this; tests start it on a temporary data directory.
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import type { FastifyInstance } from 'fastify';
import { createAlertService } from './alerts/service.js';
import { buildApp } from './api/app.js';
import type { AppContext } from './api/context.js';
import { ensureAdmin } from './auth/users.js';
import type { Config } from './config/config.js';
import { createDetectionService, ruleLibrary, type EnablePolicy } from './detect/index.js';
import { ConfigError } from './errors.js';
import { sourceKindsByType } from './ingest/index.js';
import { createMetrics, type Metrics } from './metrics/metrics.js';
import { parseRecord } from './parse/index.js';
import { createPipeline, type Pipeline } from './pipeline/pipeline.js';
import { createRowDeriver } from './pipeline/row-deriver.js';
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
function configuredSources(config: Config, dataDir: string, ctx: SourceContext): Source[] {
  const kinds = sourceKindsByType();
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
  // File sources keep their read positions in the data directory unless told otherwise.
  wanted.push(...config.sources.map((s) => (s.type === 'file' && s.state_dir === undefined ? { ...s, state_dir: join(dataDir, 'ingest') } : s)));
  return wanted.map((entry, i) => {
    const kind = kinds.get(entry.type);
    if (!kind) throw new ConfigError(`sources[${i}].type: unknown source type "${entry.type}"; known: ${[...kinds.keys()].join(', ')}`);
    const { type: _type, ...settings } = entry;
    const parsed = kind.configSchema.safeParse(settings);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `sources[${i}].${issue.path.join('.')}: ${issue.message}`);
      throw new ConfigError(`invalid source configuration: ${problems.join('; ')}`);
    }
    return kind.create(parsed.data, ctx);
  });
}

/** The default enable policy of SigmaHQ and imported rules, from the configuration. */
function enablePolicy(config: Config): EnablePolicy {
  return { statuses: config.detection.default_enable.statuses, minLevel: config.detection.default_enable.min_level };
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
    const deriver = createRowDeriver();
    const events = await openEventStore({
      deriveRows: deriver.derive,
      dir: join(dataDir, 'events'),
      logger: logger.child({ component: 'event-store' }),
      retentionDays: config.retention_days,
      readSetup: SEARCH_SQL_MACROS,
      onQuarantined: (lines) => metrics.dropped.inc({ component: 'event-store', reason: 'quarantined' }, lines),
    });
    const alerts = createAlertService({ db, metrics, logger, groupWindowMs: config.alerts.group_window_minutes * 60_000 });
    const detection = await createDetectionService({
      db, metrics, logger, alerts,
      library: ruleLibrary(dataDir),
      policy: enablePolicy(config),
      enabled: config.detection.enabled,
      maxGroups: config.detection.correlation_max_groups,
      snapshotIntervalMs: config.detection.snapshot_interval_seconds * 1000,
      reloadCheckMs: config.detection.reload_check_seconds * 1000,
    });
    const pipeline = createPipeline({
      parse: parseRecord,
      enrichers: [],
      store: (batch, records) => events.append(batch, records),
      storeBacklog: () => events.backlogBytes,
      listeners: [(batch) => detection.onEvents(batch)],
      metrics,
      logger: logger.child({ component: 'pipeline' }),
      maxInFlight: config.ingest.max_in_flight,
      maxStoreBacklogBytes: config.ingest.max_backlog_mb * 1024 * 1024,
    });
    const ctx: AppContext = { config, logger, metrics, db, events, search: createSearchService(events), pipeline, alerts, detection };
    return {
      config, db, events, pipeline, metrics, ctx, firstAdmin,
      async close() {
        await pipeline.drain();
        await detection.close();
        await events.close();
        await deriver.close();
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
    sources = configuredSources(config, resolve(config.data_dir), { intake: pipeline, logger: logger.child({ component: 'source' }), metrics });
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
