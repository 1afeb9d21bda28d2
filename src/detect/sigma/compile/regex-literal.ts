// The longest literal a regular expression needs in every match, found conservatively so
// regex-only rules can still be indexed (how useful a short one is, the index's cost model decides): only text outside groups, classes and optional
// quantifiers counts, and any top-level alternation gives up.

import { fold } from './fold.js';

const SIMPLE_ESCAPES = new Set(['.', '\\', '/', '-', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|', '^', '$', ' ', ':', '"', "'", '=', '<', '>', '!', '@', '#', '%', '&', ',', ';', '_', '~', '`']);

/** Folded literal every match contains, or null. */
export function requiredLiteral(pattern: string): string | null {
  let source = pattern;
  const inline = /^\(\?[imsx]+\)/.exec(source);
  if (inline) source = source.slice(inline[0].length);
  let best = '';
  let run = '';
  const end = (): void => {
    if (run.length > best.length) best = run;
    run = '';
  };
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      const next = source[i + 1];
      if (next === undefined) return null;
      i++;
      if (depth > 0) continue;
      if (!SIMPLE_ESCAPES.has(next)) {
        end();
        continue;
      }
      const q = source[i + 1];
      if (q === '?' || q === '*' || (q === '{' && source[i + 2] === '0')) end();
      else {
        run += next;
        if (q === '+' || q === '{') end();
      }
      continue;
    }
    if (c === '[') {
      end();
      // Skip the class; a ']' first in the class is literal.
      let j = i + 1;
      if (source[j] === '^') j++;
      if (source[j] === ']') j++;
      while (j < source.length && source[j] !== ']') j += source[j] === '\\' ? 2 : 1;
      i = j;
      continue;
    }
    if (c === '(') {
      end();
      depth++;
      continue;
    }
    if (c === ')') {
      depth--;
      continue;
    }
    if (depth > 0) continue;
    if (c === '|') return null;
    if ('.^$'.includes(c)) {
      end();
      continue;
    }
    if ('?*+{'.includes(c)) {
      // The quantifier applies to the last character of the run.
      if (c === '+' || (c === '{' && source[i + 1] !== '0')) end();
      else {
        run = run.slice(0, -1);
        end();
      }
      if (c === '{') while (i < source.length && source[i] !== '}') i++;
      continue;
    }
    const q = source[i + 1];
    if (q === '?' || q === '*' || (q === '{' && source[i + 2] === '0')) {
      end();
      continue;
    }
    run += c;
  }
  end();
  return best.length > 0 ? fold(best) : null;
}

/**
 * A lower bound on the length of any match (0 when unsure), so `.{1000,}` can refuse short text
 * without running. Counts top-level characters, classes and escapes with their quantifiers;
 * groups count as zero and alternation gives up.
 */
export function minimumLength(pattern: string): number {
  let source = pattern;
  const inline = /^\(\?[imsx]+\)/.exec(source);
  if (inline) source = source.slice(inline[0].length);
  let total = 0;
  let last = 0;
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (depth > 0) {
      if (c === '\\') i++;
      else if (c === '(') depth++;
      else if (c === ')') depth--;
      last = 0;
      continue;
    }
    if (c === '|') return 0;
    if (c === '(') {
      depth++;
      last = 0;
    } else if (c === '\\') {
      const next = source[i + 1];
      i++;
      // Anchors and boundaries match no character.
      last = next === 'b' || next === 'B' || next === 'A' || next === 'Z' || next === 'z' ? 0 : 1;
      total += last;
    } else if (c === '[') {
      let j = i + 1;
      if (source[j] === '^') j++;
      if (source[j] === ']') j++;
      while (j < source.length && source[j] !== ']') j += source[j] === '\\' ? 2 : 1;
      i = j;
      last = 1;
      total += 1;
    } else if (c === '?' || c === '*') {
      total -= last;
      last = 0;
    } else if (c === '+') {
      last = 0;
    } else if (c === '{') {
      const m = /^\{(\d+)(,\d*)?\}/.exec(source.slice(i));
      if (!m) return 0;
      total += last * (Number(m[1]) - 1);
      i += m[0].length - 1;
      last = 0;
    } else if (c === '^' || c === '$') {
      last = 0;
    } else {
      last = 1;
      total += 1;
    }
  }
  return Math.max(0, total);
}
