// The literals a regular expression needs in every match (one of a few alternatives), found
// conservatively so regex-only rules can still be indexed (how useful they are, the index's cost
// model decides), and a lower bound on the length of a match.

import { fold } from './fold.js';
import { literalChance } from './requirement.js';

const SIMPLE_ESCAPES = new Set(['.', '\\', '/', '-', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|', '^', '$', ' ', ':', '"', "'", '=', '<', '>', '!', '@', '#', '%', '&', ',', ';', '_', '~', '`']);

/** Escapes standing for one control character. */
const CONTROL_ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', f: '\f', v: '\v' };

/**
 * The one character the escape at `at` (just after its backslash) stands for, folded: `\.`,
 * `\n`, `\x41`, `\u0041`; null for escapes standing for sets, anchors or anything else.
 */
function escapedChar(source: string, at: number): string | null {
  const letter = source[at];
  if (letter === undefined) return null;
  if (SIMPLE_ESCAPES.has(letter)) return fold(letter);
  const control = CONTROL_ESCAPES[letter];
  if (control !== undefined) return control;
  const digits = letter === 'x' ? 2 : letter === 'u' ? 4 : 0;
  const hex = source.slice(at + 1, at + 1 + digits);
  if (digits === 0 || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== digits) return null;
  return fold(String.fromCharCode(parseInt(hex, 16)));
}

/**
 * How many characters after `\\x` belong to the escape: the digits of `\\x41`, `\\u0041` and
 * `\\u{41}`, the letter of `\\cA`, the braces of `\\p{L}` and the name of `\\k<name>`.
 */
function escapeTail(source: string, at: number, letter: string): number {
  const closing = (open: string, close: string): number => {
    if (source[at] !== open) return 0;
    const end = source.indexOf(close, at);
    return end < 0 ? source.length - at : end - at + 1;
  };
  switch (letter) {
    case 'x':
      return 2;
    case 'u':
      return source[at] === '{' ? closing('{', '}') : 4;
    case 'c':
      return 1;
    case 'p':
    case 'P':
      return closing('{', '}');
    case 'k':
      return closing('<', '>');
    default:
      return 0;
  }
}

/** Index of the ']' closing the class opened at `open` (a ']' first in the class is literal). */
function classEnd(source: string, open: number): number {
  let j = open + 1;
  if (source[j] === '^') j++;
  if (source[j] === ']') j++;
  while (j < source.length && source[j] !== ']') j += source[j] === '\\' ? 2 : 1;
  return j;
}

/** Most characters a class may have to be taken as alternatives (`[ "']` gives three). */
const MAX_CLASS = 4;
/** Most alternatives a run may grow to before it ends. */
const MAX_ALTERNATIVES = 16;

/**
 * Expected share of texts holding one of the alternatives (all of one length): lower is better.
 * A single character filters next to nothing (a path separator, a dot), so any longer run wins.
 */
function alternativesCost(list: readonly string[]): number {
  const length = list[0]?.length ?? 0;
  if (length === 0) return Infinity;
  return length === 1 ? 1_000 + list.length : list.reduce((sum, text) => sum + literalChance(text), 0);
}

/**
 * The characters of a small class (`[ "']`, `[aA]`), folded; null for anything else: negated,
 * ranges, escapes standing for sets (`\d`), or more than MAX_CLASS characters.
 */
function smallClass(body: string): string[] | null {
  if (body.startsWith('^')) return null;
  const chars = new Set<string>();
  for (let i = 0; i < body.length; i++) {
    let c = body[i]!;
    if (c === '\\') {
      const char = escapedChar(body, i + 1);
      if (char === null) return null;
      c = char;
      i += 1 + escapeTail(body, i + 2, body[i + 1]!);
    } else if (c === '-' && i > 0 && i < body.length - 1) {
      return null;
    }
    chars.add(fold(c));
  }
  return chars.size > 0 && chars.size <= MAX_CLASS ? [...chars] : null;
}

/**
 * Folded literals one of which every match contains, or null. Only text outside groups counts;
 * small classes branch into alternatives (`\.[ "']` needs `. `, `."` or `.'`); optional parts
 * end a run, and any top-level alternation gives up.
 */
export function requiredLiterals(pattern: string): string[] | null {
  let source = pattern;
  const inline = /^\(\?[imsx]+\)/.exec(source);
  if (inline) source = source.slice(inline[0].length);
  let best: string[] = [];
  let runs: string[] = [''];
  const end = (): void => {
    if (alternativesCost(runs) < alternativesCost(best)) best = runs;
    runs = [''];
  };
  const append = (chars: readonly string[]): void => {
    if (runs.length * chars.length > MAX_ALTERNATIVES) end();
    runs = runs.flatMap((r) => chars.map((c) => r + c));
  };
  /** Quantifier at i: 'optional' (?, *, {0…}), 'more' (+, {n…} but {1}), or 'once'. */
  const quantifier = (i: number): 'optional' | 'more' | 'once' => {
    const q = source[i];
    if (q === '?' || q === '*' || (q === '{' && source[i + 1] === '0')) return 'optional';
    if (q === '+') return 'more';
    if (q === '{') return source.startsWith('{1}', i) ? 'once' : 'more';
    return 'once';
  };
  const skipQuantifier = (i: number): number => {
    if (source[i] === '{') {
      const close = source.indexOf('}', i);
      return close < 0 ? source.length : close + 1;
    }
    return '?*+'.includes(source[i] ?? '') ? i + 1 : i;
  };
  let depth = 0;
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (depth > 0) {
      // Inside a group: only its end matters (a parenthesis in a class is a character).
      if (c === '\\') i += 2;
      else if (c === '[') i = classEnd(source, i) + 1;
      else {
        if (c === '(') depth++;
        else if (c === ')') depth--;
        i++;
      }
      continue;
    }
    if (c === '(') {
      end();
      depth++;
      i++;
      continue;
    }
    if (c === '|') return null;
    let chars: string[] | null;
    let next: number;
    if (c === '\\') {
      const escaped = source[i + 1];
      if (escaped === undefined) return null;
      const char = escapedChar(source, i + 1);
      chars = char === null ? null : [char];
      next = i + 2 + escapeTail(source, i + 2, escaped);
    } else if (c === '[') {
      const j = classEnd(source, i);
      chars = smallClass(source.slice(i + 1, j));
      next = j + 1;
    } else if ('.^$)'.includes(c)) {
      chars = null;
      next = i + 1;
    } else if ('?*+{'.includes(c)) {
      // A quantifier on a group or an anchor: nothing to take.
      end();
      i = skipQuantifier(i);
      continue;
    } else {
      chars = [fold(c)];
      next = i + 1;
    }
    const q = quantifier(next);
    if (chars === null || q === 'optional') end();
    else append(chars);
    if (q === 'more') end();
    i = skipQuantifier(next);
  }
  end();
  return best.length > 0 ? [...new Set(best)] : null;
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
      else if (c === '[') i = classEnd(source, i);
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
      const next = source[i + 1] ?? '';
      i += 1 + escapeTail(source, i + 2, next);
      // Anchors and boundaries match no character.
      last = next === 'b' || next === 'B' || next === 'A' || next === 'Z' || next === 'z' ? 0 : 1;
      total += last;
    } else if (c === '[') {
      i = classEnd(source, i);
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
