// A deliberately plain Sigma interpreter, written apart from the compiled engine, for
// differential tests: it walks the rule tree for every event, turns each wildcard value into a
// RegExp on the spot, and uses no index, grouping or caching. Slow, and easy to check by eye.

import type { FieldValue, Fields } from '../../../event/event.js';
import { fold } from '../compile/fold.js';
import { buildRegex } from '../compile/regex.js';
import { resolveOf } from '../condition.js';
import { inCidr, parseIp } from '../ip.js';
import { fieldSource, type LogsourceMapping } from '../mapping/index.js';
import type { Condition, Detection, DetectionItem, Detections, SigmaValue } from '../types.js';
import { isWildcard } from '../values.js';

function read(fields: Fields, mapping: LogsourceMapping | null, name: string): FieldValue | undefined {
  const { source, spaced } = fieldSource(mapping, name);
  let value: FieldValue | undefined;
  for (const f of source.from) {
    if (fields[f] !== undefined) {
      value = fields[f];
      break;
    }
  }
  if (value === undefined && spaced) {
    for (const key of Object.keys(fields)) if (spaced.includes(key.split(' ').join(''))) value = fields[key];
  }
  if (Array.isArray(value) && source.pluck) {
    value = value.map((x) => (x !== null && typeof x === 'object' && !Array.isArray(x) ? (x[source.pluck!] as FieldValue) : x));
  }
  if (value !== undefined && source.values && (typeof value === 'string' || typeof value === 'number')) {
    const mapped = source.values[fold(String(value))];
    if (mapped) value = [...mapped];
  }
  return value;
}

function scalars(v: FieldValue | undefined): FieldValue[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

function text(v: FieldValue): string | null {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : null;
}

const built = new WeakMap<object, Map<boolean, RegExp>>();

function wildcardRegex(value: Extract<SigmaValue, { kind: 'string' }>, anywhere: boolean): RegExp {
  // Built once per value: the corpus-wide differential test would otherwise spend its time here.
  const cached = built.get(value)?.get(anywhere);
  if (cached) return cached;
  let source = '';
  for (const p of value.parts) {
    if (typeof p === 'string') source += (value.cased ? p : fold(p)).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    else if (isWildcard(p)) source += p.wildcard === '*' ? '[\\s\\S]*' : '[\\s\\S]';
  }
  const re = new RegExp(anywhere ? source : `^${source}$`);
  if (!built.has(value)) built.set(value, new Map());
  built.get(value)!.set(anywhere, re);
  return re;
}

function stringMatches(value: Extract<SigmaValue, { kind: 'string' }>, t: string, anywhere: boolean): boolean {
  return wildcardRegex(value, anywhere).test(value.cased ? t : fold(t));
}

function valueMatches(value: SigmaValue, v: FieldValue | undefined, fields: Fields, mapping: LogsourceMapping | null): boolean {
  switch (value.kind) {
    case 'null':
      return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
    case 'exists':
      return (v !== undefined) === value.value;
    case 'fieldref': {
      const other = text(scalars(read(fields, mapping, value.field))[0] ?? null);
      if (other === null) return false;
      const b = value.cased ? other : fold(other);
      return scalars(v).some((x) => {
        const t = text(x);
        if (t === null) return false;
        const a = value.cased ? t : fold(t);
        return value.mode === 'equals' ? a === b : value.mode === 'startswith' ? a.startsWith(b) : value.mode === 'endswith' ? a.endsWith(b) : a.includes(b);
      });
    }
    default:
      return scalars(v).some((x) => scalarMatches(value, x));
  }
}

function scalarMatches(value: SigmaValue, x: FieldValue): boolean {
  const t = text(x);
  switch (value.kind) {
    case 'string':
      return t !== null && stringMatches(value, t, false);
    case 'number':
      return typeof x === 'number' ? x === value.value : typeof x === 'string' && (fold(x) === fold(value.text) || x === String(value.value));
    case 'bool':
      return x === value.value || (typeof x === 'string' && x.toLowerCase() === String(value.value));
    case 'regex':
      return t !== null && buildRegex(value.pattern, value.flags).test(t);
    case 'cidr': {
      const ip = typeof x === 'string' ? parseIp(x) : null;
      return ip !== null && inCidr(ip, value.version, value.bits, value.prefix);
    }
    case 'compare': {
      const n = typeof x === 'number' ? x : typeof x === 'string' && x.trim() !== '' ? Number(x) : NaN;
      if (!Number.isFinite(n)) return false;
      return value.op === 'gt' ? n > value.value : value.op === 'gte' ? n >= value.value : value.op === 'lt' ? n < value.value : n <= value.value;
    }
    default:
      return false;
  }
}

function keywordMatches(value: SigmaValue, fields: Fields): boolean {
  for (const v of Object.values(fields)) {
    for (const x of scalars(v)) {
      if (typeof x !== 'string') continue;
      if (value.kind === 'string' && stringMatches(value, x, true)) return true;
      if (value.kind === 'regex' && buildRegex(value.pattern, value.flags).test(x)) return true;
      if ((value.kind === 'number' || value.kind === 'bool') && fold(x).includes(fold(value.kind === 'number' ? value.text : String(value.value)))) return true;
    }
  }
  return false;
}

function itemMatches(item: DetectionItem, fields: Fields, mapping: LogsourceMapping | null): boolean {
  if (item.timePart) throw new Error('the reference matcher does not do time modifiers');
  let result: boolean;
  if (item.field === null) {
    const each = item.values.map((v) => keywordMatches(v, fields));
    result = item.all ? each.every(Boolean) : each.some(Boolean);
  } else {
    const v = read(fields, mapping, item.field);
    const each = item.values.map((value) => valueMatches(value, v, fields, mapping));
    result = item.all ? each.every(Boolean) : each.some(Boolean);
  }
  return item.negate ? !result : result;
}

function detectionMatches(d: Detection, fields: Fields, mapping: LogsourceMapping | null): boolean {
  return d.kind === 'map' ? d.items.every((i) => itemMatches(i, fields, mapping)) : d.entries.some((e) => detectionMatches(e, fields, mapping));
}

function conditionMatches(c: Condition, det: Detections, fields: Fields, mapping: LogsourceMapping | null): boolean {
  switch (c.kind) {
    case 'and':
      return c.operands.every((o) => conditionMatches(o, det, fields, mapping));
    case 'or':
      return c.operands.some((o) => conditionMatches(o, det, fields, mapping));
    case 'not':
      return !conditionMatches(c.operand, det, fields, mapping);
    case 'ref':
      return detectionMatches(det.searches.get(c.name)!, fields, mapping);
    case 'of': {
      const names = resolveOf(c.target, [...det.searches.keys()]);
      const hits = names.filter((n) => detectionMatches(det.searches.get(n)!, fields, mapping)).length;
      return c.count === 'all' ? hits === names.length : hits >= c.count;
    }
  }
}

/** Whether the detection section matches the event under the mapping (logsource conditions not checked). */
export function referenceMatch(det: Detections, fields: Fields, mapping: LogsourceMapping | null): boolean {
  return det.conditions.some((c) => conditionMatches(c, det, fields, mapping));
}

/** Whether the event meets the mapping's logsource conditions. */
export function referenceInLogsource(fields: Fields, mapping: LogsourceMapping): boolean {
  return mapping.conditions.every((c) => {
    const v = fields[c.field];
    if ('exists' in c) return v !== undefined;
    const wanted = c.equals.map((x) => fold(String(x)));
    return scalars(v).some((x) => {
      const t = text(x);
      return t !== null && wanted.includes(fold(t));
    });
  });
}
