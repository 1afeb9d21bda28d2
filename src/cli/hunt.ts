// vigil hunt: Sigma rules over log files (EVTX, JSON lines, text, .gz, Zeek, CloudTrail) with no
// server. Prints a table with a summary, or one JSON object per match. Exit status 0 whether or
// not anything matched; 1 on an error (a path that does not exist, no rules loaded).
import { stat } from 'node:fs/promises';
import { parseTime } from '../api/routes/events.js';
import { hunt, ruleLibrary, RULE_LEVELS, type HuntHit, type HuntSummary } from '../detect/index.js';
import type { Level } from '../detect/sigma/index.js';
import { CONFIG_OPTIONS, configFrom, parse, UsageError } from './args.js';

const USAGE = 'usage: vigil hunt [--rules FILE|DIR]… [--min-level L] [--from T] [--to T] [--format table|jsonl] <log files or folders…>';

/** One match as a JSON line. */
export function huntJson(hit: HuntHit): Record<string, unknown> {
  return {
    rule_id: hit.rule_id,
    rule_title: hit.rule_title,
    level: hit.level,
    author: hit.author,
    kind: hit.kind,
    file: hit.file,
    record_id: hit.record_id,
    timestamp: new Date(hit.timestamp).toISOString(),
    host: hit.host,
    tags: hit.tags,
    matched: hit.matched,
    ...(hit.kind === 'correlation' ? { value: hit.value, event_count: hit.event_count, start: new Date(hit.start!).toISOString() } : {}),
  };
}

const WIDTHS = { time: 24, level: 13, rule: 56, host: 24 };

function fit(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat.padEnd(width);
}

export const HUNT_TABLE_HEADER = `${fit('TIME', WIDTHS.time)}  ${fit('LEVEL', WIDTHS.level)}  ${fit('RULE', WIDTHS.rule)}  ${fit('HOST', WIDTHS.host)}  FILE:RECORD`;

export function huntRow(hit: HuntHit): string {
  const rule = hit.kind === 'correlation' ? `${hit.rule_title} (${hit.event_count} events)` : hit.rule_title;
  return `${fit(new Date(hit.timestamp).toISOString(), WIDTHS.time)}  ${fit(hit.level, WIDTHS.level)}  ${fit(rule, WIDTHS.rule)}  ${fit(hit.host ?? '-', WIDTHS.host)}  ${hit.file}:${hit.record_id}`;
}

export function huntSummaryText(s: HuntSummary): string {
  const scan = Math.max(s.scanMs / 1000, 1e-6);
  const levels = [...RULE_LEVELS].reverse().map((l) => `${l} ${s.byLevel[l]}`).join(', ');
  return [
    `files: ${s.files} (${(s.bytes / 1e6).toFixed(1)} MB), events: ${s.events}, matches: ${s.matches} (${levels})`,
    `rules: ${s.rules} loaded, ${s.rulesRun} run, ${s.unmapped} without a logsource mapping, rule errors: ${s.ruleErrors.length}`,
    `elapsed: ${(s.elapsedMs / 1000).toFixed(2)} s (rules ${(s.loadMs / 1000).toFixed(2)} s, files ${scan.toFixed(2)} s: ${(s.bytes / 1e6 / scan).toFixed(1)} MB/s, ${Math.round(s.events / scan)} events/s)`,
  ].join('\n');
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

export async function huntFiles(args: string[]): Promise<void> {
  const { values, positionals } = parse(args, {
    ...CONFIG_OPTIONS,
    rules: { type: 'string', multiple: true },
    'min-level': { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    format: { type: 'string' },
    tenant: { type: 'string' },
  });
  if (positionals.length === 0) throw new UsageError(USAGE);
  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'jsonl') throw new UsageError(`--format: expected table or jsonl, got "${format}"`);
  const minLevel = values['min-level'];
  if (minLevel !== undefined && !(RULE_LEVELS as readonly string[]).includes(minLevel)) throw new UsageError(`--min-level: expected one of ${RULE_LEVELS.join(', ')}, got "${minLevel}"`);
  let rules = values.rules;
  if (!rules || rules.length === 0) {
    // The built-in rules, and SigmaHQ's when `vigil rules update` has installed them.
    const library = ruleLibrary(configFrom(values).data_dir);
    rules = [library.builtin, ...((await exists(library.sigmahq)) ? [library.sigmahq] : [])];
  }
  const out = process.stdout;
  const write = async (line: string): Promise<void> => {
    if (!out.write(line + '\n')) await new Promise((r) => out.once('drain', r));
  };
  if (format === 'table') await write(HUNT_TABLE_HEADER);
  const summary = await hunt({
    rules,
    paths: positionals,
    minLevel: minLevel as Level | undefined,
    from: values.from === undefined ? undefined : parseTime(values.from, '--from'),
    to: values.to === undefined ? undefined : parseTime(values.to, '--to'),
    tenant: values.tenant,
    onHit: (hit) => write(format === 'jsonl' ? JSON.stringify(huntJson(hit)) : huntRow(hit)),
    onWarning: (message) => process.stderr.write(`warning: ${message}\n`),
  });
  // In jsonl mode stdout holds only matches; the summary goes to stderr.
  (format === 'jsonl' ? process.stderr : out).write(`${huntSummaryText(summary)}\n`);
}
