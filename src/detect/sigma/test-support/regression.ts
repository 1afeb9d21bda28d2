// Reads the SigmaHQ regression cases (info.yml + evtx_dump JSON) from the shared corpus and turns
// their events into VigilEvents the way the Windows parsers do. Used by tests, the report script
// and the benchmark.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { VigilEvent } from '../../../event/event.js';
import { fromEventXmlJson } from '../../../parse/windows/event-xml-json.js';
import { normalizeWindowsEvent } from '../../../parse/windows/normalize.js';

/** The corpus, resolved from the repository root (the working directory of tests and scripts). */
export const CORPUS = join(process.cwd(), '..', 'shared', 'corpus');
export const SIGMA_RULE_DIRS = ['rules', 'rules-emerging-threats', 'rules-threat-hunting', 'rules-placeholder', 'rules-compliance'].map((d) => join(CORPUS, 'sigma', d));
export const REGRESSION_DIR = join(CORPUS, 'sigma-regression', 'regression_data');

export interface RegressionCase {
  /** Folder relative to regression_data. */
  name: string;
  ruleId: string;
  type: string;
  /** Minimum matches; 1 when info.yml gives none. */
  matchCount: number;
  /** The events file, or null when the case has none in a JSON form. */
  eventsFile: string | null;
  /** Why the case cannot run as given, when it cannot. */
  commentedOut: boolean;
  dir: string;
}

/** Splits concatenated (or listed, or NDJSON) JSON documents. */
export function splitJsonDocuments(text: string): unknown[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) return JSON.parse(trimmed) as unknown[];
  const out: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{') {
      if (depth++ === 0) start = i;
    } else if (c === '}') {
      if (--depth === 0) out.push(JSON.parse(text.slice(start, i + 1)));
    }
  }
  return out;
}

export function windowsEvent(doc: Record<string, unknown>, index: number): VigilEvent | null {
  const input = fromEventXmlJson(doc);
  if (!input) return null;
  const parsed = normalizeWindowsEvent(input, 0);
  return { ...parsed, id: `e${index}`, tenant: 'default' };
}

export function readEvents(file: string): VigilEvent[] {
  return splitJsonDocuments(readFileSync(file, 'utf8'))
    .map((d, i) => windowsEvent(d as Record<string, unknown>, i))
    .filter((e): e is VigilEvent => e !== null);
}

function findInfo(dir: string, out: string[]): void {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) findInfo(p, out);
    else if (name === 'info.yml') out.push(p);
  }
}

export function regressionCases(): RegressionCase[] {
  const infos: string[] = [];
  if (existsSync(REGRESSION_DIR)) findInfo(REGRESSION_DIR, infos);
  return infos.sort().map((infoFile) => {
    const dir = join(infoFile, '..');
    const info = parseYaml(readFileSync(infoFile, 'utf8')) as {
      rule_metadata?: { id: string }[];
      regression_tests_info?: { type?: string; match_count?: number }[];
    };
    const ruleId = info.rule_metadata?.[0]?.id ?? '';
    const test = info.regression_tests_info?.[0];
    const json = readdirSync(dir).find((f) => f.endsWith('.json'));
    const raw = readdirSync(dir).find((f) => f.endsWith('.raw'));
    const commentedOut = !test;
    // A commented-out test still names its type in the comment.
    const commentType = /#\s*type:\s*(\S+)/.exec(readFileSync(infoFile, 'utf8'))?.[1];
    return {
      name: relative(REGRESSION_DIR, dir),
      ruleId,
      type: test?.type ?? commentType ?? 'unknown',
      matchCount: test?.match_count ?? 1,
      eventsFile: json ? join(dir, json) : raw ? join(dir, raw) : null,
      commentedOut,
      dir,
    };
  });
}
