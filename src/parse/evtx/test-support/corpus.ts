// Test support: the EVTX files of the shared corpus (../shared/corpus from the project root) and
// what evtx-index.csv says python-evtx made of each.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

export const CORPUS = resolve(process.cwd(), '../shared/corpus');
const COLLECTIONS = ['evtx-attack-samples', 'evtx-to-mitre-attack', 'sigma-regression'];

export interface CorpusFile {
  path: string;
  /** Path below the corpus root, for messages. */
  name: string;
  /** python-evtx's error on this file according to evtx-index.csv ('' when it read it). */
  pythonError: string;
}

function walk(dir: string, out: string[]): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names.sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (name.toLowerCase().endsWith('.evtx')) out.push(path);
  }
  return out;
}

/** One CSV line's fields (quoted fields may hold commas and doubled quotes). */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  const re = /("((?:[^"]|"")*)"|[^,]*)(,|$)/g;
  for (const m of line.matchAll(re)) {
    fields.push(m[2] !== undefined ? m[2].replace(/""/g, '"') : m[1]);
    if (m[3] === '') break;
  }
  return fields;
}

function pythonErrors(): Map<string, string> {
  const errors = new Map<string, string>();
  let text = '';
  try {
    text = readFileSync(join(CORPUS, 'evtx-index.csv'), 'utf8');
  } catch {
    return errors;
  }
  const [head, ...lines] = text.split(/\r?\n/);
  const columns = csvFields(head);
  const collection = columns.indexOf('collection');
  const path = columns.indexOf('path');
  const error = columns.indexOf('python_evtx_error');
  for (const line of lines) {
    if (!line.trim()) continue;
    const fields = csvFields(line);
    errors.set(`${fields[collection]}/${fields[path]}`, fields[error] ?? '');
  }
  return errors;
}

/** Every EVTX file in the corpus collections, sorted by path; empty when the corpus is absent. */
export function corpusEvtxFiles(): CorpusFile[] {
  const errors = pythonErrors();
  return COLLECTIONS.flatMap((collection) => walk(join(CORPUS, collection), [])).map((path) => {
    const name = relative(CORPUS, path);
    return { path, name, pythonError: errors.get(name) ?? '' };
  });
}

/** The JSON documents of a file holding several pretty-printed objects one after another. */
export function concatenatedJson(text: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' && depth++ === 0) start = i;
    else if (c === '}' && --depth === 0) out.push(JSON.parse(text.slice(start, i + 1)) as Record<string, unknown>);
  }
  return out;
}
