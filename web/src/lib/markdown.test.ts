import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseInline, parseMarkdown, safeHref, type Block, type Inline } from './markdown.js';

const text = (t: string): Inline => ({ type: 'text', text: t });

describe('inline markdown', () => {
  const cases: [string, Inline[]][] = [
    ['plain words', [text('plain words')]],
    ['run `whoami /all` now', [text('run '), { type: 'code', text: 'whoami /all' }, text(' now')]],
    ['**bold** and *it* and _it_', [{ type: 'strong', children: [text('bold')] }, text(' and '), { type: 'em', children: [text('it')] }, text(' and '), { type: 'em', children: [text('it')] }]],
    ['2 * 3 * 4', [text('2 * 3 * 4')]],
    ['snake_case_name stays', [text('snake_case_name stays')]],
    ['see [the rule](https://example.org/r?a=1)', [text('see '), { type: 'link', href: 'https://example.org/r?a=1', children: [text('the rule')] }]],
    ['[click](javascript:alert(1))', [text('click'), text(')')]],
    ['<img src=x onerror=alert(1)>', [text('<img src=x onerror=alert(1)>')]],
    ['go to https://attack.mitre.org/techniques/T1059/.', [text('go to '), { type: 'link', href: 'https://attack.mitre.org/techniques/T1059/', children: [text('https://attack.mitre.org/techniques/T1059/')] }, text('.')]],
    ['line one\nline two', [text('line one'), { type: 'break' }, text('line two')]],
    ['\\*not italic\\*', [text('*not italic*')]],
    ['**unclosed', [text('**unclosed')]],
  ];
  for (const [input, expected] of cases) test(JSON.stringify(input), () => assert.deepEqual(parseInline(input), expected));
});

describe('block markdown', () => {
  const cases: [string, Block[]][] = [
    ['one\ntwo\n\nthree', [
      { type: 'paragraph', children: [text('one'), { type: 'break' }, text('two')] },
      { type: 'paragraph', children: [text('three')] },
    ]],
    ['## Findings\n- host **ws-01**\n- user `bob`', [
      { type: 'heading', level: 2, children: [text('Findings')] },
      { type: 'list', ordered: false, items: [[text('host '), { type: 'strong', children: [text('ws-01')] }], [text('user '), { type: 'code', text: 'bob' }]] },
    ]],
    ['1. isolate\n2. reset password', [{ type: 'list', ordered: true, items: [[text('isolate')], [text('reset password')]] }]],
    ['```powershell\npowershell -enc SQBFAFgA\n<script>x</script>\n```\nafter', [
      { type: 'code', lang: 'powershell', text: 'powershell -enc SQBFAFgA\n<script>x</script>' },
      { type: 'paragraph', children: [text('after')] },
    ]],
    ['> quoted\n> twice', [{ type: 'quote', children: [text('quoted'), { type: 'break' }, text('twice')] }]],
    ['---', [{ type: 'rule' }]],
    ['```\nnever closed', [{ type: 'code', lang: '', text: 'never closed' }]],
  ];
  for (const [input, expected] of cases) test(JSON.stringify(input), () => assert.deepEqual(parseMarkdown(input), expected));
});

test('only web and mail links are kept', () => {
  assert.equal(safeHref('https://x.org'), 'https://x.org');
  assert.equal(safeHref('mailto:soc@example.org'), 'mailto:soc@example.org');
  for (const bad of ['javascript:alert(1)', ' JAVASCRIPT:alert(1)', 'data:text/html,x', 'vbscript:x', '//evil.org', 'file:///etc/passwd']) assert.equal(safeHref(bad), null, bad);
});
