// The rule catalog: every rule, correlation and filter of the rule sets, with the set each came
// from and the load errors (file:line). Files are read asynchronously and parsed one at a time,
// giving the event loop a turn every few files, so a running server stays responsive while it
// reloads thousands of rules.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  loadRulesFromText, RuleError, type CorrelationRule, type LogSource, type SigmaDocument, type SigmaFilter, type SigmaRule,
} from '../sigma/index.js';
import type { RuleSetDir } from './library.js';

/** A rule or correlation rule as the catalog lists it. */
export interface CatalogRule {
  /** The rule's id (or content-hash key when it has none); what the API and settings call it. */
  key: string;
  doc: SigmaRule | CorrelationRule;
  /** builtin, sigmahq, imported/<name>, or the path given to `vigil hunt --rules`. */
  set: string;
  /** A rule's logsource; for a correlation, the logsource of the first rule it correlates. */
  logsource: Pick<LogSource, 'product' | 'category' | 'service'>;
}

export interface RuleCatalog {
  /** Rules and correlations in load order (sets in order, files sorted within a set). */
  rules: CatalogRule[];
  byKey: ReadonlyMap<string, CatalogRule>;
  filters: SigmaFilter[];
  /** Every document, rules, correlations and filters, in load order. */
  documents: SigmaDocument[];
  errors: RuleError[];
  /** Rule files read. */
  files: number;
}

/** Files parsed between two turns given to the event loop. */
const FILES_PER_TURN = 20;

const YAML_FILE = /\.ya?ml$/i;

async function yamlFiles(path: string, out: string[]): Promise<void> {
  const info = await stat(path);
  if (!info.isDirectory()) {
    out.push(path);
    return;
  }
  const names = (await readdir(path)).sort();
  for (const name of names) {
    const child = join(path, name);
    const childInfo = await stat(child);
    if (childInfo.isDirectory()) await yamlFiles(child, out);
    else if (YAML_FILE.test(name)) out.push(child);
  }
}

function referenceIndex(documents: readonly SigmaDocument[]): Map<string, SigmaDocument> {
  const index = new Map<string, SigmaDocument>();
  for (const doc of documents) {
    for (const ref of [doc.key, doc.id, doc.name]) if (ref !== undefined && !index.has(ref)) index.set(ref, doc);
  }
  return index;
}

/** The logsource a correlation is shown under: that of the first rule it reaches. */
function correlationLogsource(doc: CorrelationRule, index: ReadonlyMap<string, SigmaDocument>): CatalogRule['logsource'] {
  const seen = new Set<string>();
  let current: SigmaDocument | undefined = doc;
  while (current?.kind === 'correlation' && !seen.has(current.key)) {
    seen.add(current.key);
    current = current.rules.map((ref) => index.get(ref)).find((d) => d !== undefined);
  }
  return current?.kind === 'rule' ? pickLogsource(current.logsource) : {};
}

function pickLogsource(ls: LogSource): CatalogRule['logsource'] {
  const out: CatalogRule['logsource'] = {};
  if (ls.product !== undefined) out.product = ls.product;
  if (ls.category !== undefined) out.category = ls.category;
  if (ls.service !== undefined) out.service = ls.service;
  return out;
}

/**
 * Loads every `.yml`/`.yaml` under the sets' folders (or files). A document whose key was
 * already loaded is reported as a duplicate and skipped: the first set wins, so a built-in rule
 * is never replaced by a copy from another set.
 */
export async function loadCatalog(sets: readonly RuleSetDir[]): Promise<RuleCatalog> {
  const documents: SigmaDocument[] = [];
  const sourceSet: string[] = [];
  const errors: RuleError[] = [];
  const first = new Map<string, SigmaDocument>();
  let files = 0;
  for (const set of sets) {
    const paths: string[] = [];
    try {
      await yamlFiles(set.dir, paths);
    } catch (error) {
      errors.push(new RuleError('io', `cannot read ${set.dir}: ${(error as Error).message}`, { location: { file: set.dir }, cause: error }));
      continue;
    }
    for (const file of paths) {
      if (++files % FILES_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        errors.push(new RuleError('io', `cannot read ${file}: ${(error as Error).message}`, { location: { file }, cause: error }));
        continue;
      }
      const loaded = loadRulesFromText(text, file);
      errors.push(...loaded.errors);
      for (const doc of loaded.rules) {
        const earlier = first.get(doc.key);
        if (earlier) {
          errors.push(new RuleError('duplicate_id', `id ${doc.key} is already used by '${earlier.title}' (${earlier.source.file}:${earlier.source.line})`, {
            location: { file: doc.source.file, line: doc.source.line },
            rule: doc.title,
          }));
          continue;
        }
        first.set(doc.key, doc);
        documents.push(doc);
        sourceSet.push(set.name);
      }
    }
  }
  const index = referenceIndex(documents);
  const rules: CatalogRule[] = [];
  const filters: SigmaFilter[] = [];
  documents.forEach((doc, i) => {
    if (doc.kind === 'filter') filters.push(doc);
    else rules.push({ key: doc.key, doc, set: sourceSet[i]!, logsource: doc.kind === 'rule' ? pickLogsource(doc.logsource) : correlationLogsource(doc, index) });
  });
  return { rules, byKey: new Map(rules.map((r) => [r.key, r])), filters, documents, errors, files };
}

/** Documents reachable from a reference (id, name or key), resolving correlation chains. */
export function referencedDocuments(catalog: Pick<RuleCatalog, 'documents'>, roots: readonly SigmaDocument[]): SigmaDocument[] {
  const index = referenceIndex(catalog.documents);
  const out = new Map<string, SigmaDocument>();
  const stack = [...roots];
  while (stack.length > 0) {
    const doc = stack.pop()!;
    if (out.has(doc.key)) continue;
    out.set(doc.key, doc);
    if (doc.kind !== 'correlation') continue;
    for (const ref of doc.rules) {
      const target = index.get(ref);
      if (target) stack.push(target);
    }
  }
  return [...out.values()];
}
