// Loads Sigma documents from files, folders and pasted text. Each document is parsed on its own:
// a bad one becomes a RuleError with file and line and the rest still load. Handles multi-document
// files, including the legacy `action: global / repeat / reset` forms.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RuleError } from './errors.js';
import { parseDocument } from './parse-document.js';
import type { SigmaDocument } from './types.js';
import { entry, mergeNodes, parseYamlDocuments, type YNode } from './yaml-tree.js';

export interface LoadResult {
  /** Rules, correlation rules and filters, in file order. */
  rules: SigmaDocument[];
  errors: RuleError[];
}

function withoutAction(root: YNode): YNode {
  return root.kind === 'map' ? { ...root, entries: root.entries.filter((e) => e.key !== 'action') } : root;
}

/** Parses every document of one YAML text. `file` names the text in errors. */
export function loadRulesFromText(text: string, file = '<input>'): LoadResult {
  const rules: SigmaDocument[] = [];
  const errors: RuleError[] = [];
  let global: YNode | null = null;
  let previous: YNode | null = null;
  parseYamlDocuments(text).forEach((doc, document) => {
    if (doc.errors.length > 0) {
      const first = doc.errors[0]!;
      errors.push(new RuleError('yaml', first.message, { location: { file, line: first.line } }));
      return;
    }
    const root = doc.root;
    if (root === null) return;
    const actionEntry = entry(root, 'action');
    const action = actionEntry?.value.kind === 'scalar' ? String(actionEntry.value.value) : undefined;
    let merged: YNode;
    let templated = false;
    if (action === 'global') {
      global = withoutAction(root);
      return;
    } else if (action === 'reset') {
      global = null;
      return;
    } else if (action === 'repeat') {
      if (!previous) {
        errors.push(new RuleError('schema', "'action: repeat' has no previous document to repeat", { location: { file, line: doc.line } }));
        return;
      }
      merged = mergeNodes(previous, withoutAction(root));
      templated = true;
    } else if (action !== undefined) {
      errors.push(new RuleError('schema', `unknown action '${action}'`, { location: { file, line: actionEntry!.line } }));
      return;
    } else {
      merged = global ? mergeNodes(global, root) : root;
      templated = global !== null;
    }
    previous = merged;
    try {
      const parsed = parseDocument({ file, document }, merged, doc.line);
      // Documents built from one template share its id; the key tells them apart.
      rules.push(templated ? { ...parsed, key: `${parsed.key}#${document}` } : parsed);
    } catch (err) {
      if (err instanceof RuleError) errors.push(err);
      else errors.push(new RuleError('schema', (err as Error).message, { location: { file, line: doc.line }, cause: err }));
    }
  });
  return dropDuplicates({ rules, errors });
}

function yamlFiles(path: string, out: string[]): void {
  const st = statSync(path);
  if (st.isDirectory()) {
    for (const name of readdirSync(path).sort()) {
      const child = join(path, name);
      if (statSync(child).isDirectory()) yamlFiles(child, out);
      else if (/\.ya?ml$/i.test(name)) out.push(child);
    }
  } else {
    out.push(path);
  }
}

/**
 * Loads every `.yml`/`.yaml` under the given files and folders. A rule whose id was already
 * loaded is reported as a duplicate and skipped, so ids stay unique.
 */
export function loadRules(paths: readonly string[]): LoadResult {
  const result: LoadResult = { rules: [], errors: [] };
  for (const path of paths) {
    const files: string[] = [];
    try {
      yamlFiles(path, files);
    } catch (err) {
      result.errors.push(new RuleError('io', `cannot read ${path}: ${(err as Error).message}`, { location: { file: path }, cause: err }));
      continue;
    }
    for (const file of files) {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        result.errors.push(new RuleError('io', `cannot read ${file}: ${(err as Error).message}`, { location: { file }, cause: err }));
        continue;
      }
      const one = loadRulesFromText(text, file);
      result.rules.push(...one.rules);
      result.errors.push(...one.errors);
    }
  }
  return dropDuplicates(result);
}

/** Keeps the first document of each key and reports the others. */
export function dropDuplicates(result: LoadResult): LoadResult {
  const seen = new Map<string, SigmaDocument>();
  const rules: SigmaDocument[] = [];
  const errors = [...result.errors];
  for (const doc of result.rules) {
    const first = seen.get(doc.key);
    if (first) {
      errors.push(
        new RuleError('duplicate_id', `id ${doc.key} is already used by '${first.title}' (${first.source.file}:${first.source.line})`, {
          location: { file: doc.source.file, line: doc.source.line },
          rule: doc.title,
        }),
      );
      continue;
    }
    seen.set(doc.key, doc);
    rules.push(doc);
  }
  return { rules, errors };
}
