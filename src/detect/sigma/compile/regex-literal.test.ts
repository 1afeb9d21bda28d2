// What the literal index may require of a regular expression: for each pattern, a text it
// matches must hold one of the literals found (folded), and the length bound must not exceed the
// match. The patterns cover small classes (alternatives), optional parts, groups, alternation and
// escapes: control characters and code units (\n, \x41, \u0041) are literal characters, others
// with a tail (\u{…}, \p{L}, \k<n>) once left their digits in the literal.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fold } from './fold.js';
import { minimumLength, requiredLiterals } from './regex-literal.js';

const CASES: { pattern: string; flags?: string; matches: string[]; literals: string[] | null }[] = [
  { pattern: String.raw`\\[a-zA-Z0-9]{1,32}\.[a-zA-Z0-9]{1,6}\.[ "']{1}`, matches: [String.raw`C:\x\evil.dat.'`, String.raw`\a.b. `], literals: ['. ', '."', ".'"] },
  { pattern: 'abc[de]f', matches: ['abcdf', 'xxabcef'], literals: ['abcdf', 'abcef'] },
  { pattern: '(?i)power[sS]hell', matches: ['PowerShell -enc'], literals: ['powershell'] },
  { pattern: 'x(abc)?yz', matches: ['xyz', 'xabcyz'], literals: ['yz'] },
  { pattern: 'ab?c', matches: ['ac', 'abc'], literals: ['a'] },
  { pattern: 'ab+c', matches: ['abbbc'], literals: ['ab'] },
  { pattern: 'a{0,2}bc', matches: ['bc', 'aabc'], literals: ['bc'] },
  { pattern: '[ab][cd][ef][gh][ij]x', matches: ['acegix', 'bdfhjx'], literals: ['ix', 'jx'] },
  { pattern: 'cmd|powershell', matches: ['cmd'], literals: null },
  { pattern: '[A-Z]{3}', matches: ['ABC'], literals: null },
  { pattern: String.raw`\u0041bc`, matches: ['Abc'], literals: ['abc'] },
  { pattern: String.raw`\x41\x42cd`, matches: ['ABcd'], literals: ['abcd'] },
  { pattern: String.raw`\xZZab`, matches: ['xZZab'], literals: ['ab'] },
  { pattern: String.raw`\n\n\n\n`, matches: ['a\n\n\n\n'], literals: ['\n\n\n\n'] },
  { pattern: String.raw`x[\r\n]\ty`, matches: ['x\r\ty', 'x\n\ty'], literals: ['x\r\ty', 'x\n\ty'] },
  { pattern: String.raw`a[\x00-\x1f]bc`, matches: ['a\u0001bc'], literals: ['bc'] },
  { pattern: String.raw`ab\u{1F600}cd`, flags: 'u', matches: ['ab\u{1F600}cd'], literals: ['ab'] },
  { pattern: String.raw`\p{L}xyz`, flags: 'u', matches: ['éxyz'], literals: ['xyz'] },
  { pattern: String.raw`(?<n>a)\k<n>zz`, matches: ['aazz'], literals: ['zz'] },
  { pattern: String.raw`a\cJbb`, matches: ['a\nbb'], literals: ['bb'] },
  { pattern: '(a[)]b)c', matches: ['a)bc'], literals: ['c'] },
  { pattern: '([)])', matches: [')'], literals: null },
  { pattern: String.raw`^C:\\Windows\\`, matches: [String.raw`C:\Windows\x`], literals: ['c:\\windows\\'] },
];

describe('literals a regular expression requires', () => {
  for (const c of CASES) {
    test(c.pattern, () => {
      const re = new RegExp(c.pattern.replace(/^\(\?i\)/, ''), (c.flags ?? '') + (c.pattern.startsWith('(?i)') ? 'i' : ''));
      const literals = requiredLiterals(c.pattern);
      assert.deepEqual(literals, c.literals);
      for (const text of c.matches) {
        const match = re.exec(text);
        assert.ok(match, `${c.pattern} matches ${JSON.stringify(text)}`);
        if (literals) assert.ok(literals.some((l) => fold(match[0]).includes(l)), `${JSON.stringify(match[0])} holds one of ${JSON.stringify(literals)}`);
        assert.ok(minimumLength(c.pattern) <= match[0].length, `length bound ${minimumLength(c.pattern)} within ${match[0].length}`);
      }
    });
  }
});
