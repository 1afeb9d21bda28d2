// The value modifiers: one row per modifier, saying which value kinds it takes and what it does
// to a value or to the detection item. Adding a modifier is adding a row.

import { buildRegex } from './compile/regex.js';
import { parseCidr } from './ip.js';
import { STAR, type SigmaValue, type StringPart, type TimePart, type ValueKind } from './types.js';
import { hasPlaceholders, hasWildcards, normalizeParts, plainText } from './values.js';

/** A value while modifiers are applied; `written` is the rule text before wildcard parsing. */
export interface WorkingValue {
  value: SigmaValue;
  written?: string;
}

/** Item-level effects of modifiers. */
export interface ItemFlags {
  all: boolean;
  negate: boolean;
  timePart?: TimePart;
}

export interface ModifierDef {
  readonly description: string;
  /** Value kinds the modifier takes; a number or bool is turned into text for string modifiers. */
  readonly accepts: readonly ValueKind[];
  /** Turns one value into zero or more values; absent for modifiers that only set item flags. */
  readonly apply?: (value: WorkingValue) => WorkingValue[] | string;
  readonly flag?: (flags: ItemFlags) => void;
  /** Reported reason when the modifier refuses a value (regex syntax errors are their own kind). */
  readonly failReason?: 'regex';
}

type StringValue = Extract<SigmaValue, { kind: 'string' }>;

function str(parts: StringPart[], from?: StringValue, bytes = from?.bytes ?? false): WorkingValue {
  return { value: { kind: 'string', parts: normalizeParts(parts), cased: from?.cased ?? false, bytes } };
}

/** Applies `fn` to a string value; a string error message rejects the rule. */
function onString(fn: (v: StringValue, w: WorkingValue) => WorkingValue[] | string): (w: WorkingValue) => WorkingValue[] | string {
  return (w) => (w.value.kind === 'string' ? fn(w.value, w) : `expects a string, got ${w.value.kind}`);
}

function requirePlain(v: StringValue, name: string): string | null {
  if (hasWildcards(v.parts)) return `${name} cannot encode wildcards; put contains/startswith/endswith after it`;
  if (hasPlaceholders(v.parts)) return `${name} cannot encode placeholders`;
  return null;
}

function bytesOf(v: StringValue): Buffer {
  const text = plainText(v.parts);
  return v.bytes ? Buffer.from(text, 'latin1') : Buffer.from(text, 'utf8');
}

function wrap(before: boolean, after: boolean): ModifierDef['apply'] {
  return (w) => {
    const v = w.value;
    if (v.kind === 'fieldref') {
      const mode = before && after ? 'contains' : before ? 'endswith' : 'startswith';
      return [{ value: { ...v, mode } }];
    }
    if (v.kind !== 'string') return `expects a string, got ${v.kind}`;
    const parts = [...(before ? [STAR] : []), ...v.parts, ...(after ? [STAR] : [])];
    return [str(parts, v)];
  };
}

function utf16(encoding: 'le' | 'be', bom: boolean): ModifierDef['apply'] {
  return onString((v) => {
    const parts: StringPart[] = [];
    if (bom) parts.push(encoding === 'le' ? '\xff\xfe' : '\xfe\xff');
    for (const p of v.parts) {
      if (typeof p !== 'string') {
        parts.push(p);
        continue;
      }
      let out = '';
      for (let i = 0; i < p.length; i++) {
        const code = p.charCodeAt(i);
        const lo = String.fromCharCode(code & 0xff);
        const hi = String.fromCharCode(code >> 8);
        out += encoding === 'le' ? lo + hi : hi + lo;
      }
      parts.push(out);
    }
    return [str(parts, v, true)];
  });
}

const WINDASH = ['-', '/', '\u2013', '\u2014', '\u2015'];

/** Every way of writing the value's option dashes (`-x`, `/x`, en/em dash, horizontal bar). */
function windash(v: StringValue): WorkingValue[] {
  // A dash or slash that starts a word: not after a word character, before one.
  const sites: { part: number; index: number }[] = [];
  v.parts.forEach((p, part) => {
    if (typeof p !== 'string') return;
    for (let i = 0; i < p.length; i++) {
      const c = p[i]!;
      if (c !== '-' && c !== '/') continue;
      const prev = i > 0 ? p[i - 1]! : '';
      const next = p[i + 1] ?? '';
      if (!/\w/.test(prev) && /\w/.test(next)) sites.push({ part, index: i });
    }
  });
  if (sites.length === 0) return [str([...v.parts], v)];
  const out: WorkingValue[] = [];
  const choice = new Array<number>(sites.length).fill(0);
  for (;;) {
    const parts = v.parts.map((p, part) => {
      if (typeof p !== 'string') return p;
      let text = p;
      sites.forEach((s, k) => {
        if (s.part === part) text = text.slice(0, s.index) + WINDASH[choice[k]!]! + text.slice(s.index + 1);
      });
      return text;
    });
    out.push(str(parts, v));
    let k = 0;
    while (k < choice.length && ++choice[k]! === WINDASH.length) choice[k++] = 0;
    if (k === choice.length) break;
  }
  return out;
}

/** Re-reads the text parts for `%name%` placeholders (`\%` is a plain percent sign). */
function expand(v: StringValue): WorkingValue[] {
  const parts: StringPart[] = [];
  for (const p of v.parts) {
    if (typeof p !== 'string') {
      parts.push(p);
      continue;
    }
    let text = '';
    for (let i = 0; i < p.length; i++) {
      const c = p[i]!;
      if (c === '\\' && p[i + 1] === '%') {
        text += '%';
        i++;
      } else if (c === '%') {
        const end = p.indexOf('%', i + 1);
        const name = end > i + 1 ? p.slice(i + 1, end) : '';
        if (name && /^[\w.-]+$/.test(name)) {
          if (text) parts.push(text);
          text = '';
          parts.push({ placeholder: name });
          i = end;
        } else {
          text += c;
        }
      } else {
        text += c;
      }
    }
    if (text) parts.push(text);
  }
  return [str(parts, v)];
}

function toNumber(w: WorkingValue): number | null {
  const v = w.value;
  if (v.kind === 'number') return v.value;
  if (v.kind === 'string' && !hasWildcards(v.parts)) {
    const text = plainText(v.parts).trim();
    const n = text === '' ? NaN : Number(text);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

function compare(op: 'gt' | 'gte' | 'lt' | 'lte'): ModifierDef['apply'] {
  return (w) => {
    const n = toNumber(w);
    return n === null ? 'expects a number' : [{ value: { kind: 'compare', op, value: n } }];
  };
}

function regexFlag(flag: 'i' | 'm' | 's'): ModifierDef['apply'] {
  return (w) => {
    const v = w.value;
    if (v.kind !== 'regex') return `must follow re`;
    const flags = v.flags.includes(flag) ? v.flags : v.flags + flag;
    try {
      buildRegex(v.pattern, flags);
    } catch (err) {
      return `invalid regular expression '${v.pattern}': ${(err as Error).message}`;
    }
    return [{ value: { ...v, flags } }];
  };
}

function timePart(part: TimePart): ModifierDef {
  return {
    description: `compares the ${part} of the field's date (UTC)`,
    accepts: ['number', 'string', 'compare'],
    flag: (flags) => {
      flags.timePart = part;
    },
  };
}

const STRINGISH: readonly ValueKind[] = ['string', 'number', 'bool'];

export const MODIFIERS: Readonly<Record<string, ModifierDef>> = {
  contains: { description: 'value anywhere in the field', accepts: [...STRINGISH, 'fieldref'], apply: wrap(true, true) },
  startswith: { description: 'value at the start of the field', accepts: [...STRINGISH, 'fieldref'], apply: wrap(false, true) },
  endswith: { description: 'value at the end of the field', accepts: [...STRINGISH, 'fieldref'], apply: wrap(true, false) },
  all: {
    description: 'every value must match (AND instead of OR)',
    accepts: ['string', 'number', 'bool', 'null', 'regex', 'cidr', 'compare', 'fieldref', 'exists'],
    flag: (flags) => {
      flags.all = true;
    },
  },
  neq: {
    description: 'the field differs from every value',
    accepts: ['string', 'number', 'bool', 'null', 'regex', 'cidr', 'fieldref'],
    flag: (flags) => {
      flags.negate = true;
    },
  },
  cased: {
    description: 'case-sensitive match',
    accepts: [...STRINGISH, 'fieldref'],
    apply: (w) => {
      const v = w.value;
      if (v.kind === 'fieldref') return [{ value: { ...v, cased: true } }];
      if (v.kind !== 'string') return `expects a string, got ${v.kind}`;
      return [{ value: { ...v, cased: true } }];
    },
  },
  exists: {
    description: 'the field is present (true) or absent (false)',
    accepts: ['bool', 'string'],
    apply: (w) => {
      const v = w.value;
      if (v.kind === 'bool') return [{ value: { kind: 'exists', value: v.value } }];
      const text = v.kind === 'string' ? plainText(v.parts).toLowerCase() : '';
      if (text === 'true' || text === 'false') return [{ value: { kind: 'exists', value: text === 'true' } }];
      return 'expects true or false';
    },
  },
  re: {
    description: 'regular expression (case-sensitive unless re|i)',
    accepts: ['string'],
    failReason: 'regex',
    apply: onString((v, w) => {
      if (hasPlaceholders(v.parts)) return 'cannot hold placeholders';
      const pattern = w.written ?? plainText(v.parts);
      try {
        buildRegex(pattern, '');
      } catch (err) {
        return `invalid regular expression '${pattern}': ${(err as Error).message}`;
      }
      return [{ value: { kind: 'regex', pattern, flags: '' } }];
    }),
  },
  i: { description: 're: ignore case', accepts: ['regex'], apply: regexFlag('i'), failReason: 'regex' },
  ignorecase: { description: 're: ignore case', accepts: ['regex'], apply: regexFlag('i'), failReason: 'regex' },
  m: { description: 're: ^ and $ match at line breaks', accepts: ['regex'], apply: regexFlag('m'), failReason: 'regex' },
  multiline: { description: 're: ^ and $ match at line breaks', accepts: ['regex'], apply: regexFlag('m'), failReason: 'regex' },
  s: { description: 're: . matches line breaks', accepts: ['regex'], apply: regexFlag('s'), failReason: 'regex' },
  dotall: { description: 're: . matches line breaks', accepts: ['regex'], apply: regexFlag('s'), failReason: 'regex' },
  cidr: {
    description: 'IPv4 or IPv6 network',
    accepts: ['string'],
    apply: onString((v, w) => {
      const text = (w.written ?? plainText(v.parts)).trim();
      const net = parseCidr(text);
      if (!net) return `'${text}' is not a network`;
      return [{ value: { kind: 'cidr', text, version: net.version, bits: net.words, prefix: net.prefix } }];
    }),
  },
  base64: {
    description: 'value encoded in Base64',
    accepts: STRINGISH,
    apply: onString((v) => requirePlain(v, 'base64') ?? [str([bytesOf(v).toString('base64')])]),
  },
  base64offset: {
    description: 'value inside Base64 text, at any of the three byte offsets',
    accepts: STRINGISH,
    apply: onString((v) => {
      const problem = requirePlain(v, 'base64offset');
      if (problem) return problem;
      const bytes = bytesOf(v);
      const out: WorkingValue[] = [];
      for (let shift = 0; shift < 3; shift++) {
        // Encode behind `shift` filler bytes, then drop the characters that depend on the
        // filler (start) or on whatever follows the value (end).
        const encoded = Buffer.concat([Buffer.alloc(shift, 0x20), bytes]).toString('base64');
        const start = [0, 2, 3][shift]!;
        const end = [0, 3, 2][(bytes.length + shift) % 3]!;
        const text = encoded.slice(start, encoded.length - end);
        if (text) out.push(str([text]));
      }
      return out;
    }),
  },
  utf16le: { description: 'value as UTF-16LE bytes', accepts: STRINGISH, apply: utf16('le', false) },
  wide: { description: 'alias of utf16le', accepts: STRINGISH, apply: utf16('le', false) },
  utf16be: { description: 'value as UTF-16BE bytes', accepts: STRINGISH, apply: utf16('be', false) },
  utf16: { description: 'value as UTF-16LE bytes after a byte order mark', accepts: STRINGISH, apply: utf16('le', true) },
  windash: { description: 'every dash variant of command-line options', accepts: STRINGISH, apply: onString((v) => windash(v)) },
  expand: { description: 'expands %placeholders% from the placeholder configuration', accepts: STRINGISH, apply: onString((v) => expand(v)) },
  fieldref: {
    description: 'compares with another field of the same event',
    accepts: ['string'],
    apply: onString((v) => {
      if (hasWildcards(v.parts)) return 'field name cannot hold wildcards';
      return [{ value: { kind: 'fieldref', field: plainText(v.parts), mode: 'equals', cased: false } }];
    }),
  },
  gt: { description: 'greater than', accepts: ['number', 'string'], apply: compare('gt') },
  gte: { description: 'greater than or equal', accepts: ['number', 'string'], apply: compare('gte') },
  lt: { description: 'less than', accepts: ['number', 'string'], apply: compare('lt') },
  lte: { description: 'less than or equal', accepts: ['number', 'string'], apply: compare('lte') },
  minute: timePart('minute'),
  hour: timePart('hour'),
  day: timePart('day'),
  week: timePart('week'),
  month: timePart('month'),
  year: timePart('year'),
};

/** Numbers and booleans become their text when a string modifier needs text. */
function asText(w: WorkingValue, accepts: readonly ValueKind[]): WorkingValue {
  const v = w.value;
  if (!accepts.includes('string') || (v.kind !== 'number' && v.kind !== 'bool')) return w;
  const text = v.kind === 'number' ? v.text : String(v.value);
  return { value: { kind: 'string', parts: [text], cased: false, bytes: false }, written: text };
}

/**
 * Applies the modifier chain to the item's values in order. Returns the final values and flags,
 * or an error message naming the modifier that refused.
 */
export function applyModifiers(
  modifiers: readonly string[],
  values: WorkingValue[],
): { values: SigmaValue[]; flags: ItemFlags } | { error: string; reason: 'modifier' | 'regex' } {
  const flags: ItemFlags = { all: false, negate: false };
  let current = values;
  for (const name of modifiers) {
    const def = Object.hasOwn(MODIFIERS, name) ? MODIFIERS[name] : undefined;
    if (!def) return { error: `unknown modifier '${name}'`, reason: 'modifier' };
    const next: WorkingValue[] = [];
    for (const w of current) {
      // `null` passes through flag modifiers and is refused by value modifiers.
      if (!def.accepts.includes(w.value.kind) && !(def.accepts.includes('string') && (w.value.kind === 'number' || w.value.kind === 'bool'))) {
        return { error: `modifier '${name}' cannot take a ${w.value.kind} value`, reason: 'modifier' };
      }
      if (!def.apply) {
        next.push(w);
        continue;
      }
      const result = def.apply(asText(w, def.accepts));
      if (typeof result === 'string') return { error: `modifier '${name}': ${result}`, reason: def.failReason ?? 'modifier' };
      next.push(...result);
    }
    def.flag?.(flags);
    current = next;
  }
  return { values: current.map((w) => w.value), flags };
}
