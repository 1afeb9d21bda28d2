// Offline hunting (`vigil hunt`): Sigma rules over log files, with no server and nothing stored.
// Every rule loaded runs (down to a minimum level when asked), correlations included: the
// matches correlations consume are gathered over all files, put in event-time order and
// correlated at the end, so a brute force spread over several files is still found.
import { stat } from 'node:fs/promises';
import { DEFAULT_TENANT, type FieldValue } from '../../event/event.js';
import { ECS } from '../../event/fields.js';
import { NotFoundError, VigilError } from '../../errors.js';
import { listLogFiles } from '../../parse/index.js';
import { compileRules, type CompiledRules } from '../compile.js';
import { createCorrelator } from '../correlate/index.js';
import { loadCatalog } from '../rules/catalog.js';
import { RULE_LEVELS } from '../rules/policy.js';
import type { Level, RuleError, RuleMatch } from '../sigma/index.js';
import { fileEvents, openFiles } from './file-events.js';

export interface HunterOptions {
  /** Rule files and folders. */
  rules: readonly string[];
  /** Rules below this level are not run. */
  minLevel?: Level;
}

export interface ScanOptions {
  /** Log files and folders (walked recursively). */
  paths: readonly string[];
  /** Only events in [from, to) (epoch ms). */
  from?: number;
  to?: number;
  tenant?: string;
  /** Told about each match as it is found (awaited when it returns a promise, e.g. output backpressure); correlation matches come after the files are read. */
  onHit: (hit: HuntHit) => void | Promise<void>;
  onWarning?: (message: string) => void;
}

export type HuntOptions = HunterOptions & ScanOptions;

export interface HuntHit {
  kind: 'rule' | 'correlation';
  rule_id: string;
  rule_title: string;
  level: Level;
  author: string | null;
  tags: string[];
  /** The file and record (EVTX EventRecordID or line) of the matching event; of the last correlated one for a correlation. */
  file: string;
  record_id: number;
  /** Event time, epoch ms. */
  timestamp: number;
  host: string | null;
  /** Fields that made the rule match; a correlation's group-by values. */
  matched: Record<string, FieldValue>;
  /** Correlations: the value the condition held on, the events correlated, and when the first was. */
  value?: number;
  event_count?: number;
  start?: number;
}

export interface HuntSummary {
  files: number;
  bytes: number;
  events: number;
  matches: number;
  byLevel: Record<Level, number>;
  /** Rules and correlations loaded, and those run. */
  rules: number;
  rulesRun: number;
  ruleErrors: RuleError[];
  /** Rules run whose logsource no mapping covers (they cannot match). */
  unmapped: number;
  /** Loading and compiling the rules, then reading and matching the files; elapsed is both. */
  loadMs: number;
  scanMs: number;
  elapsedMs: number;
}

/** A rule's level when it states none (alerts use the same). */
const DEFAULT_LEVEL: Level = 'medium';

function levelOf(level: Level | undefined): Level {
  return level ?? DEFAULT_LEVEL;
}

function host(fields: Record<string, FieldValue>): string | null {
  const value = fields[ECS.host.name];
  return typeof value === 'string' ? value : null;
}

/** Rules loaded and compiled once, to scan any number of file sets (the benchmark scans repeatedly). */
export interface Hunter {
  rules: number;
  rulesRun: number;
  ruleErrors: RuleError[];
  unmapped: number;
  loadMs: number;
  scan(options: ScanOptions): Promise<HuntSummary>;
}

export async function createHunter(options: HunterOptions): Promise<Hunter> {
  const started = performance.now();
  for (const path of options.rules) {
    if (!(await stat(path).catch(() => undefined))) throw new NotFoundError(`rule file or folder ${path}`);
  }
  const catalog = await loadCatalog(options.rules.map((path) => ({ name: path, dir: path })));
  if (catalog.rules.length === 0) {
    throw new VigilError('bad_request', `no rules loaded from ${options.rules.join(', ')} (${catalog.errors.length} errors)`);
  }
  const min = RULE_LEVELS.indexOf(options.minLevel ?? 'informational');
  const chosen = new Set(catalog.rules.filter((r) => RULE_LEVELS.indexOf(levelOf(r.doc.level)) >= min).map((r) => r.key));
  const compiled = compileRules(catalog, chosen);
  const base = {
    rules: catalog.rules.length, rulesRun: chosen.size, ruleErrors: [...catalog.errors, ...compiled.errors], unmapped: compiled.unmapped,
    loadMs: performance.now() - started,
  };
  return { ...base, scan: (scan) => scanFiles(compiled, base, scan) };
}

export async function hunt(options: HuntOptions): Promise<HuntSummary> {
  const files = await listLogFiles(options.paths);
  const hunter = await createHunter(options);
  return hunter.scan({ ...options, paths: files });
}

async function scanFiles(compiled: CompiledRules, base: Omit<Hunter, 'scan'>, options: ScanOptions): Promise<HuntSummary> {
  const started = performance.now();
  const files = await listLogFiles(options.paths);
  const warn = options.onWarning ?? (() => undefined);
  const tenant = options.tenant ?? DEFAULT_TENANT;
  const from = options.from ?? -Infinity;
  const to = options.to ?? Infinity;

  const summary: HuntSummary = {
    ...base, files: files.length, bytes: 0, events: 0, matches: 0,
    byLevel: { informational: 0, low: 0, medium: 0, high: 0, critical: 0 }, scanMs: 0, elapsedMs: 0,
  };
  const report = async (hit: HuntHit): Promise<void> => {
    summary.matches++;
    summary.byLevel[hit.level]++;
    await options.onHit(hit);
  };
  /** Matches correlations consume, and where their events are. */
  const toCorrelate: RuleMatch[] = [];
  const located = new Map<string, { file: string; record: number; host: string | null }>();
  let seq = 0;
  const nextId = () => `h${++seq}`;

  for await (const opened of openFiles(files)) {
    const file = opened.path;
    summary.bytes += opened.size;
    for await (const batch of fileEvents(opened, { tenant, nextId, onWarning: warn })) {
      const records = new Map<string, number>();
      const events = [];
      for (const { event, record } of batch) {
        if (event.timestamp < from || event.timestamp >= to) continue;
        records.set(event.id, record);
        events.push(event);
      }
      summary.events += events.length;
      for (const m of compiled.engine.matchBatch(events)) {
        const record = records.get(m.event.id) ?? 0;
        if (compiled.correlated.has(m.rule.key)) {
          toCorrelate.push(m);
          located.set(m.event.id, { file, record, host: host(m.event.fields) });
        }
        if (!m.alert || !compiled.alerting.has(m.rule.key)) continue;
        const r = m.rule;
        await report({
          kind: 'rule', rule_id: r.key, rule_title: r.title, level: levelOf(r.level), author: r.author ?? null, tags: [...r.tags],
          file, record_id: record, timestamp: m.event.timestamp, host: host(m.event.fields), matched: m.matched,
        });
      }
    }
  }

  if (compiled.correlations.length > 0 && toCorrelate.length > 0) {
    const correlator = createCorrelator(compiled.correlations, { documents: compiled.documents });
    const found = [...correlator.process(toCorrelate), ...correlator.advance(Number.MAX_SAFE_INTEGER)];
    for (const c of found) {
      if (!c.alert || !compiled.alerting.has(c.rule.key)) continue;
      const where = located.get(c.events[c.events.length - 1] ?? '');
      await report({
        kind: 'correlation', rule_id: c.rule.key, rule_title: c.rule.title, level: levelOf(c.rule.level), author: c.rule.author ?? null, tags: [...c.rule.tags],
        file: where?.file ?? '', record_id: where?.record ?? 0, timestamp: c.end, host: where?.host ?? null,
        matched: { ...c.group }, value: c.value, event_count: c.events.length, start: c.start,
      });
    }
  }
  summary.scanMs = performance.now() - started;
  summary.elapsedMs = summary.loadMs + summary.scanMs;
  return summary;
}
