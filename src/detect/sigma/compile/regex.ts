// Sigma regular expressions (a PCRE subset) as JavaScript RegExps. Leading inline flag groups
// such as `(?i)`, which JavaScript does not accept, become RegExp flags.

const INLINE_FLAGS = /^\(\?([imsx]+)\)/;

/** Builds the RegExp; throws SyntaxError when the pattern is not valid. */
export function buildRegex(pattern: string, flags: string): RegExp {
  let source = pattern;
  let all = flags;
  const inline = INLINE_FLAGS.exec(source);
  if (inline) {
    if (inline[1]!.includes('x')) throw new SyntaxError('the extended (?x) flag is not supported');
    source = source.slice(inline[0].length);
    for (const f of inline[1]!) if (!all.includes(f)) all += f;
  }
  return new RegExp(source, all);
}
