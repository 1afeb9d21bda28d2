// The detection condition language: tokenizer and recursive-descent parser into the Condition
// AST, and the helpers that resolve `x of pattern` against a rule's search identifiers.
// Precedence, loosest first: or, and, not, `x of`, parentheses.

import type { Condition } from './types.js';

export class ConditionSyntaxError extends Error {
  readonly position: number;
  constructor(message: string, position: number) {
    super(`${message} at position ${position}`);
    this.position = position;
  }
}

type Token =
  | { kind: 'lparen' | 'rparen' | 'and' | 'or' | 'not' | 'of' | 'all' | 'them' | 'pipe' | 'end'; pos: number }
  | { kind: 'number'; value: number; pos: number }
  | { kind: 'ident'; text: string; pos: number };

const KEYWORDS = new Set(['and', 'or', 'not', 'of', 'all', 'them']);

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(') {
      tokens.push({ kind: 'lparen', pos: i++ });
    } else if (c === ')') {
      tokens.push({ kind: 'rparen', pos: i++ });
    } else if (c === '|') {
      // Everything after a pipe is v1 aggregation syntax; the parser reports it.
      tokens.push({ kind: 'pipe', pos: i });
      break;
    } else {
      const start = i;
      while (i < text.length && /[\w*.\-]/.test(text[i]!)) i++;
      if (i === start) throw new ConditionSyntaxError(`unexpected character '${c}'`, start);
      const word = text.slice(start, i);
      const lower = word.toLowerCase();
      if (/^\d+$/.test(word)) tokens.push({ kind: 'number', value: Number(word), pos: start });
      else if (KEYWORDS.has(lower)) tokens.push({ kind: lower as 'and', pos: start });
      else tokens.push({ kind: 'ident', text: word, pos: start });
    }
  }
  tokens.push({ kind: 'end', pos: text.length });
  return tokens;
}

/** Thrown for the Sigma v1 aggregation syntax (`| count() by x > 5`, `| near`), which v2 replaced by correlation rules. */
export class LegacyAggregationError extends ConditionSyntaxError {}

export function parseCondition(text: string): Condition {
  const tokens = tokenize(text);
  let at = 0;
  const peek = (): Token => tokens[at]!;
  const next = (): Token => tokens[at++]!;

  const describe = (t: Token): string => (t.kind === 'ident' ? `'${t.text}'` : t.kind === 'number' ? `'${t.value}'` : t.kind === 'end' ? 'end of condition' : `'${t.kind}'`);

  function orExpr(): Condition {
    const operands = [andExpr()];
    while (peek().kind === 'or') {
      next();
      operands.push(andExpr());
    }
    return operands.length === 1 ? operands[0]! : { kind: 'or', operands };
  }

  function andExpr(): Condition {
    const operands = [notExpr()];
    while (peek().kind === 'and') {
      next();
      operands.push(notExpr());
    }
    return operands.length === 1 ? operands[0]! : { kind: 'and', operands };
  }

  function notExpr(): Condition {
    if (peek().kind === 'not') {
      next();
      return { kind: 'not', operand: notExpr() };
    }
    return primary();
  }

  function primary(): Condition {
    const t = next();
    switch (t.kind) {
      case 'lparen': {
        const inner = orExpr();
        const close = next();
        if (close.kind !== 'rparen') throw new ConditionSyntaxError(`expected ')' but found ${describe(close)}`, close.pos);
        return inner;
      }
      case 'all':
      case 'number': {
        const count = t.kind === 'number' ? t.value : 'all';
        const of = next();
        if (of.kind !== 'of') throw new ConditionSyntaxError(`expected 'of' but found ${describe(of)}`, of.pos);
        if (count !== 'all' && count < 1) throw new ConditionSyntaxError('count before "of" must be at least 1', t.pos);
        const target = next();
        if (target.kind === 'them') return { kind: 'of', count, target: { kind: 'them' } };
        if (target.kind === 'ident') return { kind: 'of', count, target: { kind: 'pattern', pattern: target.text } };
        throw new ConditionSyntaxError(`expected a search identifier pattern or 'them' but found ${describe(target)}`, target.pos);
      }
      case 'ident':
        if (t.text.includes('*')) throw new ConditionSyntaxError(`wildcard identifier '${t.text}' needs '1 of' or 'all of'`, t.pos);
        return { kind: 'ref', name: t.text };
      case 'pipe':
        throw new LegacyAggregationError('aggregation expressions (| count, | near) are Sigma v1; use a correlation rule', t.pos);
      default:
        throw new ConditionSyntaxError(`unexpected ${describe(t)}`, t.pos);
    }
  }

  const ast = orExpr();
  const rest = peek();
  if (rest.kind === 'pipe') throw new LegacyAggregationError('aggregation expressions (| count, | near) are Sigma v1; use a correlation rule', rest.pos);
  if (rest.kind !== 'end') throw new ConditionSyntaxError(`unexpected ${describe(rest)}`, rest.pos);
  return ast;
}

/** Search identifiers matched by an `of` target, in rule order. `them` skips names starting with `_`. */
export function resolveOf(target: Extract<Condition, { kind: 'of' }>['target'], names: readonly string[]): string[] {
  if (target.kind === 'them') return names.filter((n) => !n.startsWith('_'));
  const re = new RegExp(`^${target.pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\-]/g, '\\$&')).join('.*')}$`);
  return names.filter((n) => re.test(n));
}

/** Every identifier the condition uses directly (not through patterns). */
export function referencedNames(condition: Condition, out: Set<string> = new Set()): Set<string> {
  switch (condition.kind) {
    case 'and':
    case 'or':
      for (const c of condition.operands) referencedNames(c, out);
      break;
    case 'not':
      referencedNames(condition.operand, out);
      break;
    case 'ref':
      out.add(condition.name);
      break;
    case 'of':
      break;
  }
  return out;
}
