import { test } from 'node:test';
import assert from 'node:assert/strict';
import { needleTerms } from './text-index.js';

test('a needle gives the 4-character pieces of its words, and short words bounded on both sides', () => {
  assert.deepEqual(needleTerms('needle event'), ['need', 'eedl', 'edle', 'even', 'vent']);
  // "ab" has separators on both sides, so it is a whole word of the text; "x" and "cd" may be
  // parts of longer words ("…x", "cd…") and give nothing.
  assert.deepEqual(needleTerms('x ab cd'), ['=ab']);
  assert.deepEqual(needleTerms('fail'), ['fail']);
  assert.deepEqual(needleTerms('ab'), []);
  assert.deepEqual(needleTerms('192.0.2.77'), ['=0', '=2']);
  // Characters outside ASCII punctuation belong to words, counted as code points.
  assert.deepEqual(needleTerms('é🙂ab'), ['é🙂ab']);
});
