// The query language parser: text → AST (see docs/query-language.md), by recursive descent
// straight over the characters, because what a character means depends on where it is
// (`:` separates a field from its value, but is part of an IPv6 value).
// Values are typed here for the field they apply to, so a bad number, date, IP or CIDR is
// reported with its position like any other syntax error.

import { QuerySyntaxError } from '../errors.js';
import type { MatchValue, QueryNode, RangeOperator, RangeValue } from './ast.js';
import { parseCidr, parseIp } from '../event/ip.js';
import { parseDatePeriod, parseNumber } from './literals.js';
import { fieldStorage, isValidFieldName, MAX_FIELD_NAME_LENGTH, type FieldStorage } from './schema.js';

/** Longest query accepted, in characters. */
export const MAX_QUERY_LENGTH = 32 * 1024;
/** Deepest nesting of parentheses and NOTs accepted (the parser recurses on them). */
export const MAX_QUERY_DEPTH = 100;

/** Characters a backslash makes literal (and white space); before others a backslash is kept. */
const ESCAPABLE = new Set(['\\', '"', '*', '?', '(', ')', ':', '<', '>', '=']);
/** Where a bare word at term position ends. */
const WORD_END = new Set(['(', ')', '"', ':', '<', '>', '=']);
/** Where an unquoted value ends: a value may hold `:`, `/`, `<`... (IPv6, CIDR, URLs). */
const VALUE_END = new Set(['(', ')', '"']);
/** Characters after which an AND / OR / NOT is a keyword rather than the start of a word. */
const KEYWORD_END = new Set(['(', ')', '"']);

type Keyword = 'AND' | 'OR' | 'NOT';

/** The field of a term: its name, where it is stored, where it starts in the query. */
interface FieldRef {
  name: string;
  storage: FieldStorage;
  start: number;
}

/** A word or value as read: its text with escapes resolved, and its wildcard pattern. */
interface Token {
  /** The characters meant, escapes resolved (wildcards appear as `*` and `?`). */
  text: string;
  /** Same text in the WildcardValue form: literal `*`, `?`, `\` escaped with `\`. */
  pattern: string;
  wildcard: boolean;
  escaped: boolean;
  quoted: boolean;
  start: number;
}

function isSpace(c: string | undefined): boolean {
  return c !== undefined && /\s/.test(c);
}

function isEscapable(c: string | undefined): boolean {
  return c !== undefined && (ESCAPABLE.has(c) || isSpace(c));
}

function fail(message: string, position: number): never {
  throw new QuerySyntaxError(message, position);
}

/** Parses a query; throws QuerySyntaxError with the 0-based position of the first problem. */
export function parseQuery(text: string): QueryNode {
  if (text.length > MAX_QUERY_LENGTH) fail(`the query is longer than ${MAX_QUERY_LENGTH} characters`, MAX_QUERY_LENGTH);
  let pos = 0;
  let depth = 0;

  const peek = (): string | undefined => text[pos];
  const atEnd = (): boolean => pos >= text.length;
  const skipSpace = (): void => {
    while (isSpace(text[pos])) pos++;
  };

  function keywordAt(): Keyword | undefined {
    for (const keyword of ['AND', 'OR', 'NOT'] as const) {
      const end = pos + keyword.length;
      if (text.slice(pos, end).toUpperCase() !== keyword) continue;
      const after = text[end];
      if (after === undefined || isSpace(after) || KEYWORD_END.has(after)) return keyword;
    }
    return undefined;
  }

  function deeper(position: number): void {
    if (++depth > MAX_QUERY_DEPTH) fail(`the query nests deeper than ${MAX_QUERY_DEPTH} levels`, position);
  }

  /** After an operator: there must be an operand, and not another AND / OR. */
  function expectOperand(operator: Keyword, operatorPos: number, what: string): void {
    skipSpace();
    if (atEnd() || peek() === ')') fail(`${operator} must be followed by ${what}`, operatorPos);
    const keyword = keywordAt();
    if (keyword === 'AND' || keyword === 'OR') fail(`${keyword} cannot follow ${operator}`, pos);
  }

  function readQuoted(): Token {
    const start = pos++;
    let out = '';
    for (;;) {
      const c = text[pos];
      if (c === undefined) fail('unterminated quoted string', start);
      if (c === '"') break;
      if (c === '\\' && isEscapable(text[pos + 1])) {
        out += text[pos + 1];
        pos += 2;
      } else {
        out += c;
        pos++;
      }
    }
    pos++;
    const pattern = out.replace(/[\\*?]/g, '\\$&');
    return { text: out, pattern, wildcard: false, escaped: false, quoted: true, start };
  }

  function readUnquoted(end: Set<string>): Token {
    const start = pos;
    let out = '';
    let pattern = '';
    let wildcard = false;
    let escaped = false;
    for (;;) {
      const c = text[pos];
      if (c === undefined || isSpace(c) || end.has(c)) break;
      if (c === '\\') {
        const next = text[pos + 1];
        if (next === undefined) fail(`a '\\' must be followed by the character it escapes`, pos);
        if (isEscapable(next)) {
          escaped = true;
          out += next;
          pattern += next === '*' || next === '?' || next === '\\' ? `\\${next}` : next;
          pos += 2;
          continue;
        }
        // A backslash before an ordinary character stays: C:\Windows needs no doubling.
        out += '\\';
        pattern += '\\\\';
        pos++;
        continue;
      }
      if (c === '*' || c === '?') wildcard = true;
      out += c;
      pattern += c;
      pos++;
    }
    return { text: out, pattern, wildcard, escaped, quoted: false, start };
  }

  function readValue(): Token {
    return peek() === '"' ? readQuoted() : readUnquoted(VALUE_END);
  }

  function parseOr(): QueryNode {
    const children = [parseAnd()];
    for (;;) {
      skipSpace();
      if (keywordAt() !== 'OR') break;
      const opPos = pos;
      pos += 2;
      expectOperand('OR', opPos, 'a term');
      children.push(parseAnd());
    }
    return children.length === 1 ? children[0]! : { type: 'or', children };
  }

  function parseAnd(): QueryNode {
    const children = [parseNot()];
    for (;;) {
      skipSpace();
      if (atEnd() || peek() === ')') break;
      const keyword = keywordAt();
      if (keyword === 'OR') break;
      if (keyword === 'AND') {
        const opPos = pos;
        pos += 3;
        expectOperand('AND', opPos, 'a term');
      }
      // Adjacent terms without an operator are ANDed.
      children.push(parseNot());
    }
    return children.length === 1 ? children[0]! : { type: 'and', children };
  }

  function parseNot(): QueryNode {
    skipSpace();
    if (keywordAt() !== 'NOT') return parsePrimary();
    const opPos = pos;
    pos += 3;
    expectOperand('NOT', opPos, 'a term');
    deeper(opPos);
    const child = parseNot();
    depth--;
    return { type: 'not', child };
  }

  function parsePrimary(): QueryNode {
    skipSpace();
    const c = peek();
    const start = pos;
    if (c === '(') {
      deeper(start);
      pos++;
      skipSpace();
      if (peek() === ')') fail('empty parentheses', start);
      if (atEnd()) fail(`missing ')' to close this '('`, start);
      const node = parseOr();
      skipSpace();
      if (peek() !== ')') fail(`missing ')' to close this '('`, start);
      pos++;
      depth--;
      return node;
    }
    if (c === ')') fail(`unexpected ')' without a matching '('`, start);
    if (c === '"') {
      const phrase = readQuoted();
      if (phrase.text === '') fail('empty phrase', start);
      return { type: 'text', value: { kind: 'string', value: phrase.text }, position: start };
    }
    if (c === ':' || c === '<' || c === '>' || c === '=') fail(`'${c}' must follow a field name`, start);
    const keyword = keywordAt();
    if (keyword) fail(`${keyword} needs a term on its left`, start);

    const word = readUnquoted(WORD_END);
    const afterWord = pos;
    skipSpace();
    const next = peek();
    if (next === ':') return parseFieldTerm(fieldName(word));
    if (next === '<' || next === '>') return parseRange(fieldName(word));
    if (next === '=') fail(`write field:value to match a value, or >=, <= for a range`, pos);
    pos = afterWord;
    if (word.wildcard && word.text === '*') return { type: 'all' };
    return {
      type: 'text',
      value: word.wildcard ? { kind: 'wildcard', pattern: word.pattern } : { kind: 'string', value: word.text },
      position: start,
    };
  }

  function fieldName(word: Token): FieldRef {
    if (word.escaped || word.wildcard || !isValidFieldName(word.text)) {
      fail(
        word.text.length > MAX_FIELD_NAME_LENGTH
          ? `field name longer than ${MAX_FIELD_NAME_LENGTH} characters`
          : `invalid field name '${word.text}': use letters, digits, '_', '-', '@' and dots`,
        word.start,
      );
    }
    return { name: word.text, storage: fieldStorage(word.text), start: word.start };
  }

  function parseFieldTerm(field: FieldRef): QueryNode {
    pos++; // the ':'
    skipSpace();
    const c = peek();
    if (atEnd() || c === ')') fail(`missing value after '${field.name}:'`, pos);
    if (c === '(') return parseValueGroup(field);
    if (c === '<' || c === '>' || c === '=') fail(`a range is written without ':', as ${field.name}${c}value`, pos);
    if (keywordAt()) fail(`missing value after '${field.name}:' (quote the word to search for it)`, pos);
    return valueTerm(field, readValue());
  }

  function valueTerm(field: FieldRef, token: Token): QueryNode {
    if (token.wildcard && token.text === '*') return { type: 'exists', field: field.name, position: field.start };
    if (token.quoted && token.text === '') fail(`empty value for '${field.name}'`, token.start);
    return { type: 'match', field: field.name, value: matchValue(field.name, field.storage, token), position: field.start };
  }

  function parseValueGroup(field: FieldRef): QueryNode {
    const start = pos;
    deeper(start);
    pos++;
    skipSpace();
    if (peek() === ')') fail(`empty value list for '${field.name}'`, start);
    if (atEnd()) fail(`missing ')' to close this '('`, start);
    const node = parseValueOr(field);
    skipSpace();
    if (peek() !== ')') fail(`missing ')' to close this '('`, start);
    pos++;
    depth--;
    return node;
  }

  // Inside a value group, values side by side are a list: any of them may match (OR).
  function parseValueOr(field: FieldRef): QueryNode {
    const children = [parseValueAnd(field)];
    for (;;) {
      skipSpace();
      if (atEnd() || peek() === ')') break;
      if (keywordAt() === 'OR') {
        const opPos = pos;
        pos += 2;
        expectOperand('OR', opPos, 'a value');
      }
      children.push(parseValueAnd(field));
    }
    return children.length === 1 ? children[0]! : { type: 'or', children };
  }

  function parseValueAnd(field: FieldRef): QueryNode {
    const children = [parseValueNot(field)];
    for (;;) {
      skipSpace();
      if (keywordAt() !== 'AND') break;
      const opPos = pos;
      pos += 3;
      expectOperand('AND', opPos, 'a value');
      children.push(parseValueNot(field));
    }
    return children.length === 1 ? children[0]! : { type: 'and', children };
  }

  function parseValueNot(field: FieldRef): QueryNode {
    skipSpace();
    if (keywordAt() !== 'NOT') return parseValuePrimary(field);
    const opPos = pos;
    pos += 3;
    expectOperand('NOT', opPos, 'a value');
    deeper(opPos);
    const child = parseValueNot(field);
    depth--;
    return { type: 'not', child };
  }

  function parseValuePrimary(field: FieldRef): QueryNode {
    skipSpace();
    const c = peek();
    if (c === '(') return parseValueGroup(field);
    if (c === ')') fail(`unexpected ')' without a matching '('`, pos);
    const keyword = keywordAt();
    if (keyword) fail(`${keyword} needs a value on its left`, pos);
    return valueTerm(field, readValue());
  }

  function parseRange(field: FieldRef): QueryNode {
    const opPos = pos;
    const op: RangeOperator = text[pos + 1] === '=' ? (`${text[pos]}=` as RangeOperator) : (text[pos] as RangeOperator);
    pos += op.length;
    skipSpace();
    const c = peek();
    if (atEnd() || c === ')' || keywordAt()) fail(`bad range operand: missing value after '${field.name}${op}'`, opPos);
    if (c === '(') fail('bad range operand: a range takes a single value', pos);
    const token = readValue();
    if (token.wildcard) fail('bad range operand: wildcards cannot be used in a range', token.start);
    if (token.text === '') fail('bad range operand: empty value', token.start);
    return { type: 'range', field: field.name, op, value: rangeValue(field.name, field.storage, token), position: field.start };
  }

  skipSpace();
  if (atEnd()) return { type: 'all' };
  const root = parseOr();
  skipSpace();
  if (!atEnd()) fail(`unexpected ')' without a matching '('`, pos);
  return root;
}

/** The value of `field:value`, typed for the field. */
function matchValue(field: string, storage: FieldStorage, token: Token): MatchValue {
  const kind = storage.in === 'extra' ? 'extra' : storage.kind;
  const raw = token.text;
  switch (kind) {
    case 'keyword':
    case 'text':
      return token.wildcard ? { kind: 'wildcard', pattern: token.pattern } : { kind: 'string', value: raw };
    case 'extra': {
      if (token.wildcard) return { kind: 'wildcard', pattern: token.pattern };
      // Fields outside the typed columns have no declared type: a value that reads as a
      // network is matched as one, anything else as text.
      const cidr = splitCidr(raw);
      if (cidr && typeof parseCidr(cidr.address, cidr.prefix) !== 'string') {
        return { kind: 'cidr', address: cidr.address, prefix: Number(cidr.prefix) };
      }
      return { kind: 'string', value: raw };
    }
    case 'number': {
      if (token.wildcard) fail(`wildcards cannot be used on '${field}', which holds numbers`, token.start);
      const value = parseNumber(raw);
      if (value === undefined) fail(`'${raw}' is not a number ('${field}' holds numbers)`, token.start);
      return { kind: 'number', value };
    }
    case 'date': {
      if (token.wildcard) fail(`wildcards cannot be used on '${field}', which holds dates`, token.start);
      const period = parseDatePeriod(raw);
      if (!period) fail(`'${raw}' is not a date: write ISO 8601 (2024-01-31, 2024-01-31T10:00:00Z) or epoch milliseconds`, token.start);
      return { kind: 'date', ...period };
    }
    case 'ip': {
      if (token.wildcard) return { kind: 'wildcard', pattern: token.pattern };
      const cidr = splitCidr(raw);
      if (cidr) {
        const parsed = parseCidr(cidr.address, cidr.prefix);
        if (typeof parsed === 'string') fail(`bad CIDR '${raw}': ${parsed}`, token.start);
        return { kind: 'cidr', address: cidr.address, prefix: Number(cidr.prefix) };
      }
      if (!parseIp(raw)) fail(`'${raw}' is not an IP address or CIDR network ('${field}' holds IP addresses)`, token.start);
      return { kind: 'ip', address: raw };
    }
  }
}

function splitCidr(raw: string): { address: string; prefix: string } | undefined {
  const slash = raw.lastIndexOf('/');
  return slash < 0 ? undefined : { address: raw.slice(0, slash), prefix: raw.slice(slash + 1) };
}

/** The operand of a range, typed for the field. */
function rangeValue(field: string, storage: FieldStorage, token: Token): RangeValue {
  const raw = token.text;
  const kind = storage.in === 'extra' ? 'extra' : storage.kind;
  switch (kind) {
    case 'number': {
      const value = parseNumber(raw);
      if (value === undefined) fail(`bad range operand: '${raw}' is not a number ('${field}' holds numbers)`, token.start);
      return { kind: 'number', value };
    }
    case 'date': {
      const period = parseDatePeriod(raw);
      if (!period) fail(`bad range operand: '${raw}' is not a date (ISO 8601 or epoch milliseconds)`, token.start);
      return { kind: 'date', ...period };
    }
    case 'ip': {
      if (!parseIp(raw)) fail(`bad range operand: '${raw}' is not an IP address`, token.start);
      return { kind: 'ip', address: raw };
    }
    case 'keyword':
    case 'text':
    case 'extra': {
      const value = parseNumber(raw);
      if (value !== undefined) return { kind: 'number', value };
      const period = parseDatePeriod(raw);
      if (period) return { kind: 'date', ...period };
      return fail(`bad range operand: '${raw}' is neither a number nor a date`, token.start);
    }
  }
}
