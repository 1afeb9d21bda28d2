// Reads the metadata every Sigma document shares (title, id, status, level, tags, …) and the
// small typed accessors the other document parsers use. Problems are RuleErrors with a line.

import { createHash } from 'node:crypto';
import { RuleError, type RuleErrorReason } from './errors.js';
import { LEVELS, RELATION_TYPES, STATUSES, type Level, type LogSource, type RelatedRule, type RelationType, type RuleMeta, type RuleSource, type Status } from './types.js';
import { entry, toPlain, type YNode } from './yaml-tree.js';

/** What a document parser needs to report errors. */
export interface ParseContext {
  file: string;
  document: number;
  /** Title or id once known, to name the rule in errors. */
  rule?: string;
}

export function fail(ctx: ParseContext, reason: RuleErrorReason, message: string, line: number): never {
  throw new RuleError(reason, message, { location: { file: ctx.file, line }, rule: ctx.rule });
}

export function scalarText(node: YNode): string | undefined {
  return node.kind === 'scalar' && node.value !== null ? String(node.value) : undefined;
}

export function requireString(ctx: ParseContext, node: YNode, what: string): string {
  const text = node.kind === 'scalar' && node.value !== null && typeof node.value !== 'boolean' ? String(node.value) : undefined;
  if (text === undefined) fail(ctx, 'schema', `${what} must be a string`, node.line);
  return text;
}

/** A list of strings; a single string is taken as a one-item list, as rule authors often write it. */
export function stringList(ctx: ParseContext, node: YNode | undefined, what: string): string[] {
  if (!node || (node.kind === 'scalar' && node.value === null)) return [];
  if (node.kind === 'scalar') return [requireString(ctx, node, what)];
  if (node.kind !== 'seq') fail(ctx, 'schema', `${what} must be a list of strings`, node.line);
  return node.items.map((item) => requireString(ctx, item, `${what} entries`));
}

function optionalString(ctx: ParseContext, root: YNode, key: string): string | undefined {
  const e = entry(root, key);
  if (!e || (e.value.kind === 'scalar' && e.value.value === null)) return undefined;
  return requireString(ctx, e.value, key);
}

const KNOWN_META = new Set([
  'title', 'id', 'name', 'related', 'taxonomy', 'status', 'description', 'license', 'author', 'references',
  'date', 'modified', 'fields', 'falsepositives', 'level', 'tags', 'scope',
]);

/** Keys each document kind reads itself; everything else lands in `custom`. */
export const DOCUMENT_KEYS = new Set(['logsource', 'detection', 'correlation', 'filter', 'generate']);

/** A stable key for the rule: its id, else a hash of its content (same text, same key across restarts). */
export function ruleKey(id: string | undefined, root: YNode): string {
  if (id) return id;
  return `sha1:${createHash('sha1').update(JSON.stringify(toPlain(root))).digest('hex').slice(0, 16)}`;
}

export function parseMeta(ctx: ParseContext, root: YNode, line: number): RuleMeta {
  if (root.kind !== 'map') fail(ctx, 'schema', 'a Sigma document must be a map', root.line);
  const titleEntry = entry(root, 'title');
  if (!titleEntry) fail(ctx, 'schema', 'missing title', line);
  const title = requireString(ctx, titleEntry.value, 'title');
  ctx.rule = title;
  const id = optionalString(ctx, root, 'id');
  if (id) ctx.rule = `${title} (${id})`;

  const statusText = optionalString(ctx, root, 'status');
  if (statusText !== undefined && !STATUSES.includes(statusText as Status)) {
    fail(ctx, 'schema', `status '${statusText}' is not one of ${STATUSES.join(', ')}`, entry(root, 'status')!.line);
  }
  const levelText = optionalString(ctx, root, 'level');
  if (levelText !== undefined && !LEVELS.includes(levelText as Level)) {
    fail(ctx, 'schema', `level '${levelText}' is not one of ${LEVELS.join(', ')}`, entry(root, 'level')!.line);
  }

  const related: RelatedRule[] = [];
  const relatedNode = entry(root, 'related')?.value;
  if (relatedNode && !(relatedNode.kind === 'scalar' && relatedNode.value === null)) {
    if (relatedNode.kind !== 'seq') fail(ctx, 'schema', 'related must be a list', relatedNode.line);
    for (const item of relatedNode.items) {
      const rid = entry(item, 'id');
      const rtype = entry(item, 'type');
      if (!rid || !rtype) fail(ctx, 'schema', 'related entries need id and type', item.line);
      const type = requireString(ctx, rtype.value, 'related type');
      if (!RELATION_TYPES.includes(type as RelationType)) fail(ctx, 'schema', `related type '${type}' is not one of ${RELATION_TYPES.join(', ')}`, rtype.line);
      related.push({ id: requireString(ctx, rid.value, 'related id'), type: type as RelationType });
    }
  }

  const custom: Record<string, unknown> = {};
  for (const e of root.entries) {
    if (!KNOWN_META.has(e.key) && !DOCUMENT_KEYS.has(e.key)) custom[e.key] = toPlain(e.value);
  }

  const source: RuleSource = { file: ctx.file, line, document: ctx.document };
  return {
    key: ruleKey(id, root),
    title,
    id,
    name: optionalString(ctx, root, 'name'),
    related,
    taxonomy: optionalString(ctx, root, 'taxonomy') ?? 'sigma',
    status: statusText as Status | undefined,
    description: optionalString(ctx, root, 'description'),
    license: optionalString(ctx, root, 'license'),
    author: optionalString(ctx, root, 'author'),
    references: stringList(ctx, entry(root, 'references')?.value, 'references'),
    date: optionalString(ctx, root, 'date'),
    modified: optionalString(ctx, root, 'modified'),
    fields: stringList(ctx, entry(root, 'fields')?.value, 'fields'),
    falsepositives: stringList(ctx, entry(root, 'falsepositives')?.value, 'falsepositives'),
    level: levelText as Level | undefined,
    tags: stringList(ctx, entry(root, 'tags')?.value, 'tags'),
    scope: stringList(ctx, entry(root, 'scope')?.value, 'scope'),
    custom,
    source,
  };
}

export function parseLogSource(ctx: ParseContext, node: YNode | undefined, line: number): LogSource {
  if (!node) fail(ctx, 'schema', 'missing logsource', line);
  if (node.kind !== 'map') fail(ctx, 'schema', 'logsource must be a map', node.line);
  const out: LogSource = { custom: {} };
  for (const e of node.entries) {
    if (e.value.kind === 'scalar' && e.value.value === null) continue;
    const value = requireString(ctx, e.value, `logsource ${e.key}`);
    if (e.key === 'category' || e.key === 'product' || e.key === 'service' || e.key === 'definition') out[e.key] = value;
    else out.custom[e.key] = value;
  }
  return out;
}
