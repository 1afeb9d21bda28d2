// Reads a detection section (or a filter's selection section): search identifiers into
// Detection trees of items with typed, modified values, and the condition into its AST.

import { ConditionSyntaxError, LegacyAggregationError, parseCondition, referencedNames, resolveOf } from './condition.js';
import { applyModifiers, type WorkingValue } from './modifiers.js';
import { fail, type ParseContext } from './parse-meta.js';
import type { Condition, Detection, DetectionItem, Detections } from './types.js';
import { parseSigmaString } from './values.js';
import type { YEntry, YNode } from './yaml-tree.js';

/** Legacy v1 key: a window for `| count()` conditions, meaningless without them. */
const LEGACY_KEYS = new Set(['timeframe']);

function toWorking(ctx: ParseContext, node: YNode): WorkingValue {
  if (node.kind !== 'scalar') fail(ctx, 'value', 'values must be plain values or a list of plain values', node.line);
  const v = node.value;
  if (v === null) return { value: { kind: 'null' } };
  if (typeof v === 'boolean') return { value: { kind: 'bool', value: v } };
  if (typeof v === 'number') return { value: { kind: 'number', value: v, text: node.text } };
  return { value: { kind: 'string', parts: parseSigmaString(v), cased: false, bytes: false }, written: v };
}

function parseItem(ctx: ParseContext, key: string, keyLine: number, valueNode: YNode): DetectionItem {
  const [fieldPart, ...modifiers] = key.split('|');
  const field = fieldPart === undefined || fieldPart === '' ? null : fieldPart;
  const raw = valueNode.kind === 'seq' ? valueNode.items : [valueNode];
  if (raw.length === 0) fail(ctx, 'value', `'${key}' has an empty list of values`, keyLine);
  const working = raw.map((n) => toWorking(ctx, n));
  const result = applyModifiers(modifiers, working);
  if ('error' in result) fail(ctx, result.reason, `'${key}': ${result.error}`, keyLine);
  if (field === null && result.values.some((v) => v.kind === 'null' || v.kind === 'exists' || v.kind === 'fieldref')) {
    fail(ctx, 'value', `keyword search cannot use null, exists or fieldref`, keyLine);
  }
  return {
    field,
    modifiers,
    values: result.values,
    all: result.flags.all,
    negate: result.flags.negate,
    timePart: result.flags.timePart,
    line: keyLine,
  };
}

function parseMap(ctx: ParseContext, entries: YEntry[], line: number): Detection {
  return { kind: 'map', items: entries.map((e) => parseItem(ctx, e.key, e.line, e.value)), line };
}

/** A search identifier's body: map, list of maps, keyword list, or a mix of maps and keywords. */
export function parseSearch(ctx: ParseContext, name: string, node: YNode): Detection {
  if (node.kind === 'map') {
    if (node.entries.length === 0) fail(ctx, 'schema', `search identifier '${name}' is empty`, node.line);
    return parseMap(ctx, node.entries, node.line);
  }
  if (node.kind === 'seq') {
    if (node.items.length === 0) fail(ctx, 'schema', `search identifier '${name}' is an empty list`, node.line);
    const keywords = node.items.filter((n) => n.kind === 'scalar');
    const entries: Detection[] = [];
    if (keywords.length > 0) {
      const item = parseItem(ctx, '', keywords[0]!.line, { kind: 'seq', items: keywords, line: keywords[0]!.line });
      entries.push({ kind: 'map', items: [item], line: keywords[0]!.line });
    }
    for (const n of node.items) {
      if (n.kind === 'map') entries.push(parseMap(ctx, n.entries, n.line));
      else if (n.kind === 'seq') fail(ctx, 'schema', `search identifier '${name}' holds a nested list`, n.line);
    }
    return entries.length === 1 ? entries[0]! : { kind: 'list', entries, line: node.line };
  }
  if (node.value === null) fail(ctx, 'schema', `search identifier '${name}' is empty`, node.line);
  // A single keyword written without a list.
  return { kind: 'map', items: [parseItem(ctx, '', node.line, node)], line: node.line };
}

function parseConditionText(ctx: ParseContext, text: string, line: number): Condition {
  try {
    return parseCondition(text);
  } catch (err) {
    if (err instanceof LegacyAggregationError) fail(ctx, 'legacy_aggregation', `condition '${text}': ${err.message}`, line);
    if (err instanceof ConditionSyntaxError) fail(ctx, 'condition', `condition '${text}': ${err.message}`, line);
    throw err;
  }
}

/** Every identifier and pattern the condition names must exist among the searches. */
function checkReferences(ctx: ParseContext, condition: Condition, names: string[], text: string, line: number): void {
  for (const name of referencedNames(condition)) {
    if (!names.includes(name)) fail(ctx, 'condition', `condition '${text}' refers to unknown search identifier '${name}'`, line);
  }
  const visit = (c: Condition): void => {
    if (c.kind === 'and' || c.kind === 'or') c.operands.forEach(visit);
    else if (c.kind === 'not') visit(c.operand);
    else if (c.kind === 'of' && resolveOf(c.target, names).length === 0) {
      const what = c.target.kind === 'them' ? 'them' : c.target.pattern;
      fail(ctx, 'condition', `condition '${text}': '${what}' matches no search identifier`, line);
    }
  };
  visit(condition);
}

/**
 * Reads search identifiers and the condition from a map. `skip` names keys that belong to the
 * enclosing section (a filter's `rules`).
 */
export function parseDetections(ctx: ParseContext, node: YNode | undefined, line: number, skip: ReadonlySet<string> = new Set()): Detections {
  if (!node) fail(ctx, 'schema', 'missing detection', line);
  if (node.kind !== 'map') fail(ctx, 'schema', 'detection must be a map', node.line);
  const searches = new Map<string, Detection>();
  let conditionEntry: YEntry | undefined;
  for (const e of node.entries) {
    if (e.key === 'condition') conditionEntry = e;
    else if (skip.has(e.key) || LEGACY_KEYS.has(e.key)) continue;
    else searches.set(e.key, parseSearch(ctx, e.key, e.value));
  }
  if (!conditionEntry) fail(ctx, 'schema', 'detection has no condition', node.line);
  const cv = conditionEntry.value;
  const texts: { text: string; line: number }[] = [];
  if (cv.kind === 'scalar' && typeof cv.value === 'string') texts.push({ text: cv.value, line: cv.line });
  else if (cv.kind === 'seq' && cv.items.length > 0) {
    for (const item of cv.items) {
      if (item.kind !== 'scalar' || typeof item.value !== 'string') fail(ctx, 'schema', 'condition list entries must be strings', item.line);
      texts.push({ text: item.value, line: item.line });
    }
  } else fail(ctx, 'schema', 'condition must be a string or a list of strings', cv.line);
  const names = [...searches.keys()];
  const conditions = texts.map(({ text, line: l }) => {
    const ast = parseConditionText(ctx, text, l);
    checkReferences(ctx, ast, names, text, l);
    return ast;
  });
  return { searches, conditions, conditionText: texts.map((t) => t.text), line: node.line };
}
