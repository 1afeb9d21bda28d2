// Sigma string values: wildcards `*` and `?`, the backslash escapes of the spec, placeholders for
// `expand`, and helpers to inspect and rebuild the parts.

import { ONE, STAR, type Placeholder, type StringPart, type Wildcard } from './types.js';

export function isWildcard(part: StringPart): part is Wildcard {
  return typeof part === 'object' && 'wildcard' in part;
}

export function isPlaceholder(part: StringPart): part is Placeholder {
  return typeof part === 'object' && 'placeholder' in part;
}

/**
 * Splits a rule string into text and wildcards. `\*`, `\?` and `\\` escape; a backslash before
 * anything else is a plain backslash (so `C:\Windows\` needs no escaping). With `placeholders`,
 * `%name%` becomes a placeholder and `\%` a plain percent sign.
 */
export function parseSigmaString(raw: string, options: { placeholders?: boolean } = {}): StringPart[] {
  const parts: StringPart[] = [];
  let text = '';
  const flush = (): void => {
    if (text) parts.push(text);
    text = '';
  };
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === '\\') {
      const next = raw[i + 1];
      if (next === '*' || next === '?' || next === '\\' || (options.placeholders && next === '%')) {
        text += next;
        i++;
      } else {
        text += c;
      }
    } else if (c === '*') {
      flush();
      parts.push(STAR);
    } else if (c === '?') {
      flush();
      parts.push(ONE);
    } else if (c === '%' && options.placeholders) {
      const end = raw.indexOf('%', i + 1);
      const name = end > i + 1 ? raw.slice(i + 1, end) : '';
      if (name && /^[\w.-]+$/.test(name)) {
        flush();
        parts.push({ placeholder: name });
        i = end;
      } else {
        text += c;
      }
    } else {
      text += c;
    }
  }
  flush();
  return parts;
}

/** Parts with neighbouring text merged and runs of `*` collapsed. */
export function normalizeParts(parts: readonly StringPart[]): StringPart[] {
  const out: StringPart[] = [];
  for (const part of parts) {
    const last = out[out.length - 1];
    if (typeof part === 'string') {
      if (part === '') continue;
      if (typeof last === 'string') out[out.length - 1] = last + part;
      else out.push(part);
    } else if (part === STAR || (isWildcard(part) && part.wildcard === '*')) {
      if (!(last !== undefined && isWildcard(last) && last.wildcard === '*')) out.push(STAR);
    } else {
      out.push(part);
    }
  }
  return out;
}

export function hasWildcards(parts: readonly StringPart[]): boolean {
  return parts.some(isWildcard);
}

export function hasPlaceholders(parts: readonly StringPart[]): boolean {
  return parts.some(isPlaceholder);
}

/** The text of parts that hold only text (callers check for wildcards first). */
export function plainText(parts: readonly StringPart[]): string {
  return parts.map((p) => (typeof p === 'string' ? p : isWildcard(p) ? p.wildcard : `%${p.placeholder}%`)).join('');
}
