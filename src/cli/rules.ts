// vigil rules list|enable|disable|update|import: the rule library of a data directory. Changes
// are written to the state database and the rule folders, then the "rules changed" marker is
// touched: a running `vigil serve` sees it within detection.reload_check_seconds and reloads.
import { userInfo } from 'node:os';
import { join, resolve, sep } from 'node:path';
import type { AuditActor } from '../audit/audit.js';
import type { Config } from '../config/config.js';
import {
  changeRules, importRules, loadCatalog, markRulesChanged, readRuleOverrides, ruleLibrary, ruleSets, ruleStates, rulesByIds, rulesForBulk,
  selectRules, summarize, updateSigmaRules, writeRuleOverrides, RULE_LEVELS, RULE_STATUSES, type RuleCatalog, type RuleQuery, type RuleSetDir, type RuleSummary,
} from '../detect/index.js';
import { openStateDb, type StateDb } from '../store/state/database.js';
import { CONFIG_OPTIONS, configFrom, parse, UsageError } from './args.js';

const FILTER_OPTIONS = {
  status: { type: 'string' },
  level: { type: 'string' },
  tag: { type: 'string' },
  logsource: { type: 'string' },
  source: { type: 'string' },
  kind: { type: 'string' },
  q: { type: 'string' },
} as const;

const USAGE = `usage:
  vigil rules list [filters] [--enabled true|false] [--format table|jsonl] [--errors]
  vigil rules enable|disable <id…>        or   vigil rules enable|disable <filters>
  vigil rules update [--url URL]           download SigmaHQ's rule release into <data>/rules/sigmahq
  vigil rules import <folder|zip> [--name N]
filters: --status S,… --level L,… --tag T,… --logsource product/category/service --source builtin|sigmahq|imported[/N] --kind rule|correlation --q words
all take --data DIR / --config FILE`;

function list(text: string | undefined, allowed: readonly string[] | null, flag: string): string[] | undefined {
  if (text === undefined) return undefined;
  const values = text.split(',').map((v) => v.trim()).filter(Boolean);
  const wrong = allowed ? values.filter((v) => !allowed.includes(v)) : [];
  if (wrong.length > 0) throw new UsageError(`--${flag}: unknown ${wrong.join(', ')}; expected ${allowed!.join(', ')}`);
  return values;
}

function queryFrom(values: Partial<Record<keyof typeof FILTER_OPTIONS | 'enabled', string>>): RuleQuery {
  if (values.kind !== undefined && values.kind !== 'rule' && values.kind !== 'correlation') throw new UsageError(`--kind: expected rule or correlation, got "${values.kind}"`);
  if (values.enabled !== undefined && values.enabled !== 'true' && values.enabled !== 'false') throw new UsageError(`--enabled: expected true or false, got "${values.enabled}"`);
  const query: RuleQuery = {
    status: list(values.status, RULE_STATUSES, 'status'),
    level: list(values.level, RULE_LEVELS, 'level'),
    tag: list(values.tag, null, 'tag'),
    logsource: values.logsource,
    source: values.source,
    kind: values.kind as RuleQuery['kind'],
    q: values.q,
    enabled: values.enabled === undefined ? undefined : values.enabled === 'true',
  };
  for (const key of Object.keys(query) as (keyof RuleQuery)[]) if (query[key] === undefined) delete query[key];
  return query;
}

interface Library {
  config: Config;
  db: StateDb;
  catalog: RuleCatalog;
  library: ReturnType<typeof ruleLibrary>;
  sets: RuleSetDir[];
}

async function openLibrary(values: Parameters<typeof configFrom>[0]): Promise<Library> {
  const config = configFrom(values);
  const library = ruleLibrary(config.data_dir);
  const sets = await ruleSets(library);
  const catalog = await loadCatalog(sets);
  // SQLite in WAL mode takes these reads and writes safely beside a running server.
  const db = openStateDb(join(resolve(config.data_dir), 'state.db'));
  return { config, db, catalog, library, sets };
}

function policyOf(config: Config) {
  return { statuses: config.detection.default_enable.statuses, minLevel: config.detection.default_enable.min_level };
}

function fit(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat.padEnd(width);
}

export function rulesTable(rules: readonly RuleSummary[]): string {
  const header = `${fit('ID', 36)}  ${fit('LEVEL', 13)}  ${fit('STATUS', 12)}  ${fit('ON', 3)}  ${fit('SET', 18)}  TITLE`;
  const rows = rules.map((r) => `${fit(r.id, 36)}  ${fit(r.level ?? '-', 13)}  ${fit(r.status ?? '-', 12)}  ${fit(r.enabled ? 'yes' : 'no', 3)}  ${fit(r.source, 18)}  ${r.title}`);
  return [header, ...rows].join('\n');
}

function loadSummary(catalog: RuleCatalog, enabled: number): string {
  return `${catalog.rules.length} rules loaded from ${catalog.files} files (${enabled} enabled), ${catalog.errors.length} errors${catalog.errors.length > 0 ? ' (--errors lists them)' : ''}`;
}

async function listRules(args: string[]): Promise<void> {
  const { values, positionals } = parse(args, { ...CONFIG_OPTIONS, ...FILTER_OPTIONS, enabled: { type: 'string' }, format: { type: 'string' }, errors: { type: 'boolean' } });
  if (positionals.length > 0) throw new UsageError(USAGE);
  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'jsonl') throw new UsageError(`--format: expected table or jsonl, got "${format}"`);
  const query = queryFrom(values);
  const { config, db, catalog } = await openLibrary(values);
  try {
    const states = ruleStates(catalog, readRuleOverrides(db), policyOf(config));
    const selected = selectRules(catalog, states, query).map((r) => summarize(r, states.get(r.key)!));
    let enabled = 0;
    for (const s of states.values()) if (s.enabled) enabled++;
    if (format === 'jsonl') {
      process.stdout.write(selected.map((r) => JSON.stringify(r)).join('\n') + (selected.length > 0 ? '\n' : ''));
    } else {
      process.stdout.write(`${rulesTable(selected)}\n${selected.length} of ${catalog.rules.length} rules\n`);
    }
    const out = format === 'jsonl' ? process.stderr : process.stdout;
    out.write(`${loadSummary(catalog, enabled)}\n`);
    if (values.errors) for (const error of catalog.errors) out.write(`${error.where()}\n`);
  } finally {
    db.close();
  }
}

function cliActor(): AuditActor {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // No user name in this environment (a container without a passwd entry).
  }
  return { kind: 'system', id: null, name: `cli:${user}` };
}

async function setEnabled(args: string[], enabled: boolean): Promise<void> {
  const { values, positionals } = parse(args, { ...CONFIG_OPTIONS, ...FILTER_OPTIONS });
  const query = queryFrom(values);
  const { config, db, catalog, library } = await openLibrary(values);
  try {
    const states = ruleStates(catalog, readRuleOverrides(db), policyOf(config));
    const rules = positionals.length > 0 ? rulesByIds(catalog, positionals) : rulesForBulk(catalog, states, [], query);
    const write = (ids: readonly string[], on: boolean, by: string) => writeRuleOverrides(db, ids, on, by);
    const result = changeRules(db, write, cliActor(), { rules, states, ...(positionals.length > 0 ? {} : { query }) }, enabled);
    await markRulesChanged(library);
    process.stdout.write(`${enabled ? 'enabled' : 'disabled'} ${result.matched} rules (${result.changed.length} changed)\n`);
    process.stdout.write(`a running vigil serve applies this within ${config.detection.reload_check_seconds}s (or at once: POST /api/rules/reload)\n`);
  } finally {
    db.close();
  }
}

/** Loads the rules again after a change of files and reports what a server will now load. */
async function reportLoad(values: Parameters<typeof configFrom>[0], setName: string): Promise<void> {
  const { config, db, catalog, sets } = await openLibrary(values);
  try {
    const states = ruleStates(catalog, readRuleOverrides(db), policyOf(config));
    const inSet = catalog.rules.filter((r) => r.set === setName);
    const dir = sets.find((s) => s.name === setName)?.dir;
    const errors = dir === undefined ? [] : catalog.errors.filter((e) => e.location?.file?.startsWith(dir + sep));
    process.stdout.write(`${setName}: ${inSet.length} rules loaded, ${inSet.filter((r) => states.get(r.key)!.enabled).length} enabled by the default policy or settings, ${errors.length} errors\n`);
    for (const error of errors.slice(0, 20)) process.stdout.write(`  ${error.where()}\n`);
    if (errors.length > 20) process.stdout.write(`  … ${errors.length - 20} more (vigil rules list --errors)\n`);
    process.stdout.write(`a running vigil serve reloads within ${config.detection.reload_check_seconds}s (or at once: POST /api/rules/reload)\n`);
  } finally {
    db.close();
  }
}

async function update(args: string[]): Promise<void> {
  const { values, positionals } = parse(args, { ...CONFIG_OPTIONS, url: { type: 'string' } });
  if (positionals.length > 0) throw new UsageError(USAGE);
  const config = configFrom(values);
  const library = ruleLibrary(config.data_dir);
  const url = values.url ?? config.detection.sigmahq_url;
  process.stderr.write(`downloading ${url}\n`);
  const result = await updateSigmaRules(library, url);
  await markRulesChanged(library);
  process.stdout.write(`installed ${result.files} rule files from ${result.url} in ${library.sigmahq}\n`);
  await reportLoad(values, 'sigmahq');
}

async function importSet(args: string[]): Promise<void> {
  const { values, positionals } = parse(args, { ...CONFIG_OPTIONS, name: { type: 'string' } });
  if (positionals.length !== 1) throw new UsageError(USAGE);
  const config = configFrom(values);
  const library = ruleLibrary(config.data_dir);
  const result = await importRules(library, positionals[0]!, values.name);
  await markRulesChanged(library);
  process.stdout.write(`imported ${result.files} rule files as the set imported/${result.name}\n`);
  await reportLoad(values, `imported/${result.name}`);
}

export async function rules(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  switch (action) {
    case 'list': return listRules(rest);
    case 'enable': return setEnabled(rest, true);
    case 'disable': return setEnabled(rest, false);
    case 'update': return update(rest);
    case 'import': return importSet(rest);
    default: throw new UsageError(USAGE);
  }
}
