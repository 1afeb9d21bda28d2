// Turns one YAML document into a Sigma rule, correlation rule or filter, deciding the kind by
// its sections (correlation:, filter:, detection:).

import { parseDetections } from './parse-detection.js';
import { fail, parseLogSource, parseMeta, requireString, stringList, type ParseContext } from './parse-meta.js';
import {
  CORRELATION_TYPES,
  COUNT_OPS,
  type CorrelationCondition,
  type CorrelationRule,
  type CorrelationType,
  type CountOp,
  type SigmaDocument,
  type SigmaFilter,
  type SigmaRule,
} from './types.js';
import { entry, type YNode } from './yaml-tree.js';

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90m`, `1h`, `30s`, `2d` in milliseconds, or null. */
export function parseTimespan(text: string): number | null {
  const m = /^(\d+)([smhd])$/.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]);
  return n > 0 ? n * UNITS[m[2]!]! : null;
}

function parseBool(ctx: ParseContext, node: YNode | undefined, what: string): boolean | undefined {
  if (!node) return undefined;
  if (node.kind === 'scalar' && typeof node.value === 'boolean') return node.value;
  fail(ctx, 'schema', `${what} must be true or false`, node.line);
}

const VALUE_TYPES: ReadonlySet<CorrelationType> = new Set(['value_count', 'value_sum', 'value_avg', 'value_percentile']);

function parseCorrelationCondition(ctx: ParseContext, type: CorrelationType, node: YNode | undefined, line: number): CorrelationCondition | undefined {
  if (!node) {
    if (type === 'temporal' || type === 'temporal_ordered') return undefined;
    fail(ctx, 'schema', `${type} correlation needs a condition`, line);
  }
  if (node.kind !== 'map') fail(ctx, 'schema', 'correlation condition must be a map of gt, gte, lt, lte, eq, neq (and field)', node.line);
  const bounds: CorrelationCondition['bounds'] = [];
  let field: string[] | undefined;
  for (const e of node.entries) {
    if (e.key === 'field') {
      field = stringList(ctx, e.value, 'condition field');
      if (field.length === 0) fail(ctx, 'schema', 'condition field is empty', e.line);
      continue;
    }
    if (!COUNT_OPS.includes(e.key as CountOp)) fail(ctx, 'schema', `unknown correlation condition '${e.key}'`, e.line);
    const v = e.value;
    if (v.kind !== 'scalar' || typeof v.value !== 'number') fail(ctx, 'schema', `correlation condition '${e.key}' needs a number`, e.line);
    bounds.push({ op: e.key as CountOp, value: v.value });
  }
  if (bounds.length === 0) fail(ctx, 'schema', 'correlation condition needs at least one of gt, gte, lt, lte, eq, neq', node.line);
  if (VALUE_TYPES.has(type) && !field) fail(ctx, 'schema', `${type} correlation needs condition.field`, node.line);
  return { bounds, field };
}

function parseCorrelation(ctx: ParseContext, root: YNode, line: number): CorrelationRule {
  const meta = parseMeta(ctx, root, line);
  const section = entry(root, 'correlation')!;
  const c = section.value;
  if (c.kind !== 'map') fail(ctx, 'schema', 'correlation must be a map', section.line);
  const typeEntry = entry(c, 'type');
  if (!typeEntry) fail(ctx, 'schema', 'correlation needs a type', section.line);
  const type = requireString(ctx, typeEntry.value, 'correlation type');
  if (!CORRELATION_TYPES.includes(type as CorrelationType)) fail(ctx, 'schema', `correlation type '${type}' is not one of ${CORRELATION_TYPES.join(', ')}`, typeEntry.line);
  const ctype = type as CorrelationType;
  const rules = stringList(ctx, entry(c, 'rules')?.value, 'correlation rules');
  if (rules.length === 0) fail(ctx, 'schema', 'correlation needs rules', section.line);
  const groupBy = stringList(ctx, entry(c, 'group-by')?.value, 'group-by');
  const spanEntry = entry(c, 'timespan');
  if (!spanEntry) fail(ctx, 'schema', 'correlation needs a timespan', section.line);
  const timespanText = requireString(ctx, spanEntry.value, 'timespan');
  const timespan = parseTimespan(timespanText);
  if (timespan === null) fail(ctx, 'schema', `timespan '${timespanText}' must be a number followed by s, m, h or d`, spanEntry.line);

  const aliases: Record<string, Record<string, string>> = {};
  const aliasNode = entry(c, 'aliases')?.value;
  if (aliasNode) {
    if (aliasNode.kind !== 'map') fail(ctx, 'schema', 'aliases must be a map', aliasNode.line);
    for (const a of aliasNode.entries) {
      if (a.value.kind !== 'map') fail(ctx, 'schema', `alias '${a.key}' must map rule names to field names`, a.line);
      aliases[a.key] = Object.fromEntries(a.value.entries.map((r) => [r.key, requireString(ctx, r.value, `alias '${a.key}' field`)]));
    }
  }
  for (const field of groupBy) {
    // An alias must say which field to use for every correlated rule.
    const alias = aliases[field];
    if (alias) for (const r of rules) if (!(r in alias)) fail(ctx, 'reference', `alias '${field}' has no field for rule '${r}'`, section.line);
  }
  const generate = parseBool(ctx, entry(c, 'generate')?.value, 'generate') ?? parseBool(ctx, entry(root, 'generate')?.value, 'generate') ?? false;
  return {
    ...meta,
    kind: 'correlation',
    type: ctype,
    rules,
    groupBy,
    timespan,
    timespanText,
    condition: parseCorrelationCondition(ctx, ctype, entry(c, 'condition')?.value, section.line),
    aliases,
    generate,
  };
}

function parseFilter(ctx: ParseContext, root: YNode, line: number): SigmaFilter {
  const meta = parseMeta(ctx, root, line);
  const section = entry(root, 'filter')!;
  const f = section.value;
  if (f.kind !== 'map') fail(ctx, 'schema', 'filter must be a map', section.line);
  const rulesEntry = entry(f, 'rules');
  if (!rulesEntry) fail(ctx, 'schema', "filter needs rules (a list of rule ids or names, or 'any')", section.line);
  let rules: string[] | 'any';
  const rv = rulesEntry.value;
  if (rv.kind === 'scalar' && typeof rv.value === 'string' && ['any', 'all'].includes(rv.value.toLowerCase())) rules = 'any';
  else {
    rules = stringList(ctx, rv, 'filter rules');
    if (rules.length === 0) rules = 'any';
  }
  return {
    ...meta,
    kind: 'filter',
    logsource: parseLogSource(ctx, entry(root, 'logsource')?.value, line),
    rules,
    detection: parseDetections(ctx, f, section.line, new Set(['rules'])),
  };
}

function parseRule(ctx: ParseContext, root: YNode, line: number): SigmaRule {
  const meta = parseMeta(ctx, root, line);
  return {
    ...meta,
    kind: 'rule',
    logsource: parseLogSource(ctx, entry(root, 'logsource')?.value, line),
    detection: parseDetections(ctx, entry(root, 'detection')?.value, line),
  };
}

/** Parses one document; throws RuleError. */
export function parseDocument(ctx: ParseContext, root: YNode, line: number): SigmaDocument {
  if (root.kind !== 'map') fail(ctx, 'schema', 'a Sigma document must be a map', root.line);
  if (entry(root, 'correlation')) return parseCorrelation(ctx, root, line);
  if (entry(root, 'filter') && !entry(root, 'detection')) return parseFilter(ctx, root, line);
  return parseRule(ctx, root, line);
}
