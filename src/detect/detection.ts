// Streaming detection: a pipeline listener that runs every enabled rule on each durable batch,
// feeds correlations per tenant, and raises alerts. It owns the rule catalog of the data
// directory, recompiles in the background when rules are enabled, disabled or reloaded (and
// swaps the result in at once, carrying correlation state over), and saves correlation state so
// windows survive restarts. Nothing here throws into the pipeline.
import type { Logger } from 'pino';
import type { AlertService } from '../alerts/index.js';
import type { VigilEvent } from '../event/event.js';
import type { Metrics } from '../metrics/metrics.js';
import type { StateDb } from '../store/state/database.js';
import { candidatesOf } from './batch.js';
import { compileRules, type CompiledRules } from './compile.js';
import { createCorrelator, type Correlator } from './correlate/index.js';
import { loadCorrelationState, saveCorrelationState } from './correlation-state.js';
import { loadCatalog, type RuleCatalog } from './rules/catalog.js';
import { rulesChangedAt, ruleSets, type RuleLibrary } from './rules/library.js';
import { enabledKeys, ruleStates, type EnablePolicy, type RuleState } from './rules/policy.js';
import { readRuleOverrides, writeRuleOverrides } from './rules/settings.js';
import type { RuleError } from './sigma/index.js';

export interface DetectionOptions {
  db: StateDb;
  metrics: Metrics;
  logger: Logger;
  alerts: AlertService;
  library: RuleLibrary;
  policy: EnablePolicy;
  /** Run rules on events; when false the catalog is still served but nothing is matched. */
  enabled?: boolean;
  /** Correlation groups kept per correlation rule and tenant. */
  maxGroups?: number;
  /** How often correlation state is saved; 0 saves only on close. */
  snapshotIntervalMs?: number;
  /** How often the rules-changed marker is looked at; 0 never. */
  reloadCheckMs?: number;
  /** Quiet time before a recompile, so a burst of changes costs one. */
  debounceMs?: number;
}

export interface DetectionStatus {
  /** Rule files read and the rules and correlations loaded from them. */
  files: number;
  rules: number;
  enabled: number;
  correlations: number;
  /** Load and compile errors. */
  errors: number;
  /** Enabled rules whose logsource no mapping covers. */
  unmapped: number;
  loaded_at: number;
  compiled_at: number;
  /** Tenants with correlation state, and the groups they hold. */
  tenants: number;
  correlation_groups: number;
}

export interface DetectionService {
  /** The pipeline listener: matches a durable batch and raises its alerts. Never throws. */
  onEvents(events: VigilEvent[]): void;
  catalog(): RuleCatalog;
  states(): ReadonlyMap<string, RuleState>;
  /** Load and compile errors, file:line. */
  errors(): RuleError[];
  /**
   * Enables or disables rules (explicit overrides). A disable stops the rule's alerts at once;
   * an enable takes effect when the background recompile swaps in.
   */
  setEnabled(ids: readonly string[], enabled: boolean, by: string): void;
  /** Re-reads the rule files and settings, recompiles and swaps; resolves when done. */
  reload(): Promise<DetectionStatus>;
  /** Resolves when no recompile or reload is pending. */
  settled(): Promise<void>;
  status(): DetectionStatus;
  /** Saves correlation state now (when it changed since the last save). */
  saveState(): void;
  close(): Promise<void>;
}

type Work = 'none' | 'compile' | 'reload';
const RANK: Record<Work, number> = { none: 0, compile: 1, reload: 2 };

export async function createDetectionService(options: DetectionOptions): Promise<DetectionService> {
  const { db, metrics, alerts, library, policy } = options;
  const logger = options.logger.child({ component: 'detection' });
  const active = options.enabled ?? true;
  const maxGroups = options.maxGroups ?? 10_000;
  const debounceMs = options.debounceMs ?? 100;

  let catalog = await loadCatalog(await ruleSets(library));
  let overrides = readRuleOverrides(db);
  let states = ruleStates(catalog, overrides, policy);
  let compiled = compileRules(catalog, enabledKeys(states));
  let loadedAt = Date.now();
  let compiledAt = loadedAt;
  let failures = 0;
  let dirty = false;

  const correlators = new Map<string, Correlator>();
  const newCorrelator = (rules: CompiledRules): Correlator => createCorrelator(rules.correlations, {
    documents: rules.documents,
    maxGroups,
    onEvict: () => metrics.correlationEvictions.inc(),
  });
  for (const [tenant, snapshot] of loadCorrelationState(db)) {
    const correlator = newCorrelator(compiled);
    try {
      correlator.restore(snapshot);
      correlators.set(tenant, correlator);
    } catch (error) {
      metrics.errors.inc({ stage: 'detect' });
      logger.error({ err: error, tenant }, 'correlation state not restored');
    }
  }
  logSummary('rules loaded');

  function logSummary(message: string): void {
    const s = status();
    logger.info({ rules: s.rules, enabled: s.enabled, correlations: s.correlations, errors: s.errors, unmapped: s.unmapped }, message);
  }

  function correlatorFor(tenant: string): Correlator {
    let correlator = correlators.get(tenant);
    if (!correlator) correlators.set(tenant, (correlator = newCorrelator(compiled)));
    return correlator;
  }

  /** Puts a new compilation in place; correlation state moves over (groups of rules gone are dropped). */
  function swap(next: CompiledRules): void {
    for (const [tenant, old] of correlators) {
      const fresh = newCorrelator(next);
      try {
        fresh.restore(old.snapshot());
      } catch (error) {
        metrics.errors.inc({ stage: 'detect' });
        logger.error({ err: error, tenant }, 'correlation state lost in recompile');
      }
      correlators.set(tenant, fresh);
    }
    compiled = next;
    compiledAt = Date.now();
    dirty = true;
  }

  let wanted: Work = 'none';
  let worker: Promise<void> | null = null;

  async function work(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, debounceMs));
    while (wanted !== 'none') {
      const kind = wanted;
      wanted = 'none';
      try {
        if (kind === 'reload') {
          catalog = await loadCatalog(await ruleSets(library));
          loadedAt = Date.now();
        }
        overrides = readRuleOverrides(db);
        states = ruleStates(catalog, overrides, policy);
        swap(compileRules(catalog, enabledKeys(states)));
        logSummary(kind === 'reload' ? 'rules reloaded' : 'rules recompiled');
      } catch (error) {
        metrics.errors.inc({ stage: 'detect' });
        logger.error({ err: error }, 'rule recompilation failed; the previous rules keep running');
      }
    }
  }

  function request(kind: Work): Promise<void> {
    if (RANK[kind] > RANK[wanted]) wanted = kind;
    worker ??= work().finally(() => {
      worker = null;
    });
    return worker;
  }

  function status(): DetectionStatus {
    let groups = 0;
    for (const c of correlators.values()) groups += c.stats().groups;
    let enabled = 0;
    for (const s of states.values()) if (s.enabled) enabled++;
    return {
      files: catalog.files,
      rules: catalog.rules.length,
      enabled,
      correlations: compiled.correlations.length,
      errors: catalog.errors.length + compiled.errors.length,
      unmapped: compiled.unmapped,
      loaded_at: loadedAt,
      compiled_at: compiledAt,
      tenants: correlators.size,
      correlation_groups: groups,
    };
  }

  function saveState(): void {
    if (!dirty) return;
    try {
      const snapshots = new Map([...correlators].map(([tenant, c]) => [tenant, c.snapshot()] as const));
      saveCorrelationState(db, snapshots);
      dirty = false;
    } catch (error) {
      metrics.errors.inc({ stage: 'detect' });
      logger.error({ err: error }, 'could not save correlation state');
    }
  }

  const timers: NodeJS.Timeout[] = [];
  const snapshotMs = options.snapshotIntervalMs ?? 60_000;
  if (snapshotMs > 0) timers.push(setInterval(saveState, snapshotMs).unref());
  const reloadMs = options.reloadCheckMs ?? 0;
  if (reloadMs > 0) {
    let seen = await rulesChangedAt(library);
    let checking = false;
    timers.push(setInterval(() => {
      if (checking) return;
      checking = true;
      rulesChangedAt(library).then((changed) => {
        if (changed > seen) {
          seen = changed;
          logger.info('rule changes found, reloading');
          void request('reload');
        }
      }).finally(() => {
        checking = false;
      });
    }, reloadMs).unref());
  }

  return {
    onEvents(events) {
      if (!active || events.length === 0) return;
      try {
        const current = compiled;
        const before = current.engine.stats().failedEvents;
        let failed = 0;
        const candidates = candidatesOf(current, events, correlatorFor, (correlationFailures) => {
          dirty = true;
          failed += correlationFailures;
        });
        failed += current.engine.stats().failedEvents - before;
        if (failed > 0) {
          failures += failed;
          metrics.errors.inc({ stage: 'detect' }, failed);
        }
        alerts.raise(candidates);
      } catch (error) {
        metrics.errors.inc({ stage: 'detect' });
        logger.error({ err: error, events: events.length }, 'detection failed on a batch');
      }
    },
    catalog: () => catalog,
    states: () => states,
    errors: () => [...catalog.errors, ...compiled.errors],
    setEnabled(ids, enabled, by) {
      writeRuleOverrides(db, ids, enabled, by);
      for (const id of ids) overrides.set(id, enabled);
      states = ruleStates(catalog, overrides, policy);
      if (!enabled) {
        // Disabling needs no compiler: the rules stop alerting now, and leave the engine later.
        const alerting = new Set(compiled.alerting);
        for (const id of ids) alerting.delete(id);
        compiled = { ...compiled, alerting };
      }
      void request('compile');
    },
    async reload() {
      await request('reload');
      return status();
    },
    settled: () => worker ?? Promise.resolve(),
    status,
    saveState,
    async close() {
      for (const timer of timers) clearInterval(timer);
      await (worker ?? Promise.resolve());
      saveState();
      if (failures > 0) logger.warn({ failures }, 'events and matches detection failed on during this run');
    },
  };
}
