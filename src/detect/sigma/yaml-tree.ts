// YAML documents as a small tree that remembers the line of every node and how each scalar was
// written, so rule errors point at a line and `0x10` or `0123` keep their text for matching.

import { LineCounter, parseAllDocuments, isAlias, isMap, isScalar, isSeq, type Node } from 'yaml';

export type YScalarValue = string | number | boolean | null;

export type YNode =
  | { kind: 'scalar'; value: YScalarValue; text: string; quoted: boolean; line: number }
  | { kind: 'map'; entries: YEntry[]; line: number }
  | { kind: 'seq'; items: YNode[]; line: number };

export interface YEntry {
  key: string;
  line: number;
  value: YNode;
}

export interface YDocument {
  /** Null for an empty document (e.g. a trailing `---`). */
  root: YNode | null;
  line: number;
  errors: { message: string; line: number }[];
}

export function parseYamlDocuments(text: string): YDocument[] {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const lineOf = (offset: number | undefined): number => (offset === undefined ? 1 : lines.linePos(offset).line);
  // parseAllDocuments returns an EmptyStream (an array) for empty input.
  const list = Array.isArray(docs) ? docs : [docs];
  return list.map((doc) => {
    const errors = doc.errors.map((e) => ({ message: e.message.split('\n')[0] ?? e.message, line: lineOf(e.pos[0]) }));
    const contents = doc.contents as Node | null;
    let root: YNode | null = null;
    if (errors.length === 0 && contents) {
      try {
        root = convert(contents, lineOf);
      } catch (err) {
        errors.push({ message: (err as Error).message, line: lineOf(contents.range?.[0]) });
      }
    }
    return { root, line: lineOf(contents?.range?.[0] ?? doc.range?.[0]), errors };
  });
}

function convert(node: unknown, lineOf: (offset: number | undefined) => number): YNode {
  if (isAlias(node)) throw new Error('YAML aliases are not supported in Sigma rules');
  if (isScalar(node)) {
    const line = lineOf(node.range?.[0]);
    const type = node.type;
    const quoted = type === 'QUOTE_SINGLE' || type === 'QUOTE_DOUBLE' || type === 'BLOCK_LITERAL' || type === 'BLOCK_FOLDED';
    const raw = node.value;
    let value: YScalarValue;
    if (raw === null || typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') value = raw;
    else if (typeof raw === 'bigint') value = Number(raw);
    // Timestamps and other tagged scalars are kept as their text.
    else value = node.source ?? String(raw);
    const text = typeof node.source === 'string' && !quoted ? node.source : value === null ? '' : String(value);
    return { kind: 'scalar', value, text, quoted, line };
  }
  if (isMap(node)) {
    const entries: YEntry[] = [];
    for (const pair of node.items) {
      const keyNode = pair.key as unknown;
      let key: string;
      let line: number;
      if (isScalar(keyNode)) {
        key = keyNode.value === null ? '' : String(keyNode.value);
        line = lineOf(keyNode.range?.[0]);
      } else if (keyNode === null || keyNode === undefined) {
        key = '';
        line = lineOf(node.range?.[0]);
      } else {
        throw new Error('map keys must be plain values');
      }
      const value: YNode = pair.value === null || pair.value === undefined
        ? { kind: 'scalar', value: null, text: '', quoted: false, line }
        : convert(pair.value, lineOf);
      entries.push({ key, line, value });
    }
    return { kind: 'map', entries, line: lineOf(node.range?.[0]) };
  }
  if (isSeq(node)) {
    return { kind: 'seq', items: node.items.map((item) => convert(item, lineOf)), line: lineOf(node.range?.[0]) };
  }
  throw new Error('unsupported YAML node');
}

export function entry(node: YNode, key: string): YEntry | undefined {
  return node.kind === 'map' ? node.entries.find((e) => e.key === key) : undefined;
}

/** The node as plain JavaScript (for custom fields and for hashing). */
export function toPlain(node: YNode): unknown {
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map(toPlain);
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const e of node.entries) out[e.key] = toPlain(e.value);
      return out;
    }
  }
}

/**
 * Deep merge for the legacy multi-document `action: global` / `repeat` forms: maps merge key by
 * key, anything else in `over` replaces what is in `base`.
 */
export function mergeNodes(base: YNode, over: YNode): YNode {
  if (base.kind !== 'map' || over.kind !== 'map') return over;
  const entries = base.entries.map((e) => ({ ...e }));
  for (const e of over.entries) {
    const i = entries.findIndex((b) => b.key === e.key);
    if (i < 0) entries.push(e);
    else entries[i] = { key: e.key, line: e.line, value: mergeNodes(entries[i]!.value, e.value) };
  }
  return { kind: 'map', entries, line: over.line };
}
