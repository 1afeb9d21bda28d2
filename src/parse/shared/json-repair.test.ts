import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeTruncatedJson } from './json-repair.js';

const cases: [string, string, unknown][] = [
  ['cut inside a string value keeps the part before the cut', '{"a":1,"b":"hello wor', { a: 1, b: 'hello wor' }],
  ['cut inside a key drops the key', '{"a":1,"bc', { a: 1 }],
  ['cut after a colon drops the key', '{"a":1,"b":', { a: 1 }],
  ['cut inside a number drops it', '{"a":1,"b":12', { a: 1 }],
  ['cut after a comma', '{"a":[1,2,', { a: [1, 2] }],
  ['nested objects and arrays are closed', '{"a":{"b":[{"c":"d"},{"e":"f', { a: { b: [{ c: 'd' }, { e: 'f' }] } }],
  ['cut inside an escape drops the half escape', '{"a":"x\\u00', { a: 'x' }],
  ['escaped quotes do not end the string', '{"a":"say \\"hi\\" and', { a: 'say "hi" and' }],
];

for (const [name, text, expected] of cases) {
  test(name, () => assert.deepEqual(closeTruncatedJson(text), expected));
}

test('an object cut in its first key is empty; text that is not JSON gives undefined', () => {
  assert.deepEqual(closeTruncatedJson('{"ab'), {});
  assert.equal(closeTruncatedJson('not json'), undefined);
  assert.equal(closeTruncatedJson('{"complete":true}'), undefined);
});
