// The per-event evaluation context and field accessors. Every distinct "where to read a Sigma
// field" gets a slot; a field's value and its folded text are computed at most once per event
// and kept in slot arrays that are reused from event to event (no per-event allocation beyond
// the folded strings themselves).

import type { FieldValue, Fields } from '../../../event/event.js';
import type { FieldSource } from '../mapping/types.js';
import { fold } from './fold.js';

export interface Accessor {
  readonly slot: number;
  /** Event fields tried in order. */
  readonly from: readonly string[];
  /** Value rewrite (folded event text → values rules see), from the mapping. */
  readonly values: ReadonlyMap<string, FieldValue> | null;
  /** Field names (prefix + Sigma name) to look for among event fields whose names hold spaces. */
  readonly spaced: readonly string[] | null;
  /** For lists of objects: the key read from each object. */
  readonly pluck: string | null;
  /** True when the event text is what rules compare with, so it may be used for the literal index. */
  readonly indexable: boolean;
}

/** Hands out one accessor per distinct source, so rules reading the same field share its cache. */
export class AccessorTable {
  readonly list: Accessor[] = [];
  private readonly byKey = new Map<string, Accessor>();

  get(source: FieldSource, spaced: readonly string[] | null): Accessor {
    const key = JSON.stringify([source.from, source.values ?? null, source.pluck ?? null, spaced]);
    let acc = this.byKey.get(key);
    if (!acc) {
      const values = source.values
        ? new Map(Object.entries(source.values).map(([k, v]) => [fold(k), [...v] as FieldValue]))
        : null;
      acc = { slot: this.list.length, from: [...source.from], values, spaced, pluck: source.pluck ?? null, indexable: values === null };
      this.byKey.set(key, acc);
      this.list.push(acc);
    }
    return acc;
  }
}

export interface EvalContext {
  fields: Fields;
  /** Increments per event; slot entries stamped with an older value are stale. */
  gen: number;
  valueGen: Uint32Array;
  values: (FieldValue | undefined)[];
  textGen: Uint32Array;
  texts: (string | string[] | null)[];
  spacedGen: number;
  spacedNames: Map<string, string>;
}

export function createContext(slots: number): EvalContext {
  return {
    fields: {},
    gen: 0,
    valueGen: new Uint32Array(slots),
    values: new Array<FieldValue | undefined>(slots).fill(undefined),
    textGen: new Uint32Array(slots),
    texts: new Array<string | string[] | null>(slots).fill(null),
    spacedGen: 0,
    spacedNames: new Map(),
  };
}

export function beginEvent(ctx: EvalContext, fields: Fields): void {
  ctx.fields = fields;
  ctx.gen = (ctx.gen + 1) >>> 0;
  if (ctx.gen === 0) {
    // Wrapped around: clear the stamps so no old entry looks current.
    ctx.valueGen.fill(0);
    ctx.textGen.fill(0);
    ctx.spacedGen = 0;
    ctx.gen = 1;
  }
}

function spacedLookup(ctx: EvalContext, names: readonly string[]): FieldValue | undefined {
  if (ctx.spacedGen !== ctx.gen) {
    ctx.spacedGen = ctx.gen;
    ctx.spacedNames.clear();
    for (const key in ctx.fields) {
      if (key.indexOf(' ') >= 0) ctx.spacedNames.set(key.replace(/ /g, ''), key);
    }
  }
  if (ctx.spacedNames.size === 0) return undefined;
  for (const name of names) {
    const real = ctx.spacedNames.get(name);
    if (real !== undefined) return ctx.fields[real];
  }
  return undefined;
}

/** The field's value as the rule sees it; undefined when absent. */
export function readField(ctx: EvalContext, acc: Accessor): FieldValue | undefined {
  const slot = acc.slot;
  if (ctx.valueGen[slot] === ctx.gen) return ctx.values[slot];
  const fields = ctx.fields;
  let value: FieldValue | undefined;
  const from = acc.from;
  for (let i = 0; i < from.length; i++) {
    value = fields[from[i]!];
    if (value !== undefined) break;
  }
  if (value === undefined && acc.spaced) value = spacedLookup(ctx, acc.spaced);
  if (acc.pluck !== null && Array.isArray(value)) value = pluck(value, acc.pluck);
  if (value !== undefined && acc.values) {
    const key = scalarText(value);
    const mapped = key === null ? undefined : acc.values.get(fold(key));
    if (mapped !== undefined) value = mapped;
  }
  ctx.valueGen[slot] = ctx.gen;
  ctx.values[slot] = value;
  return value;
}

function pluck(list: FieldValue[], key: string): FieldValue[] {
  const out: FieldValue[] = [];
  for (const item of list) {
    if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
      const v = item[key];
      if (v !== undefined) out.push(v);
    } else {
      out.push(item);
    }
  }
  return out;
}

/** The event field an accessor read (the first present one), to report evidence. */
export function sourceField(ctx: EvalContext, acc: Accessor): string {
  for (const name of acc.from) if (ctx.fields[name] !== undefined) return name;
  if (acc.spaced) {
    spacedLookup(ctx, acc.spaced);
    for (const name of acc.spaced) {
      const real = ctx.spacedNames.get(name);
      if (real !== undefined) return real;
    }
  }
  return acc.from[0] ?? '';
}

/** Text of a scalar; null for null, objects and arrays. */
export function scalarText(value: FieldValue | undefined): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

/**
 * The folded text of the field: a string, a list for multi-valued fields, or null when it has
 * no text (absent, null, an object).
 */
export function readText(ctx: EvalContext, acc: Accessor): string | string[] | null {
  const slot = acc.slot;
  if (ctx.textGen[slot] === ctx.gen) return ctx.texts[slot]!;
  const value = readField(ctx, acc);
  let text: string | string[] | null;
  if (Array.isArray(value)) {
    text = [];
    for (const v of value) {
      const t = scalarText(v);
      if (t !== null) text.push(fold(t));
    }
  } else {
    const t = scalarText(value);
    text = t === null ? null : fold(t);
  }
  ctx.textGen[slot] = ctx.gen;
  ctx.texts[slot] = text;
  return text;
}
