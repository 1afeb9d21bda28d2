import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { MAX_RECORD_BYTES } from '../../event/fields.js';
import { wasCut } from '../record-text.js';
import { endPosition, openTailer, READ_BUFFER_BYTES, startPosition } from './tailer.js';

const dir = mkdtempSync(join(os.tmpdir(), 'vigil-tailer-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

async function tail(content: string | Buffer, fromEnd = false) {
  const path = join(dir, `f${n++}.log`);
  writeFileSync(path, content);
  const tailer = await openTailer(path, async (_key, handle) => (fromEnd ? endPosition(path, handle) : startPosition(path)));
  return { path, tailer, buffer: Buffer.alloc(READ_BUFFER_BYTES) };
}

describe('file tailer', () => {
  test('complete lines only; the partial last line waits for its newline', async () => {
    const { path, tailer, buffer } = await tail('one\r\ntwo\n\nthree');
    const first = await tailer.read(buffer, 100);
    assert.deepEqual(first.lines, [{ text: 'one', line: 1 }, { text: 'two', line: 2 }]);
    assert.equal(first.next.offset, 10);
    assert.equal(first.atEnd, true);
    tailer.commit(first.next);
    appendFileSync(path, ' and more\nfour\n');
    const second = await tailer.read(buffer, 100);
    assert.deepEqual(second.lines, [{ text: 'three and more', line: 4 }, { text: 'four', line: 5 }]);
    await tailer.close();
  });

  test('reads at most maxLines and does not move until committed', async () => {
    const { tailer, buffer } = await tail('a\nb\nc\n');
    const first = await tailer.read(buffer, 2);
    assert.deepEqual(first.lines.map((l) => l.text), ['a', 'b']);
    assert.equal(first.atEnd, false);
    assert.deepEqual((await tailer.read(buffer, 2)).lines.map((l) => l.text), ['a', 'b']);
    tailer.commit(first.next);
    assert.deepEqual((await tailer.read(buffer, 2)).lines, [{ text: 'c', line: 3 }]);
    await tailer.close();
  });

  test('a line longer than the limit is cut, the rest skipped, even while it is still being written', async () => {
    const long = 'L'.repeat(MAX_RECORD_BYTES * 3);
    const { path, tailer, buffer } = await tail(`first\n${long}`);
    const first = await tailer.read(buffer, 100);
    assert.equal(first.lines.length, 2);
    assert.equal(first.lines[1]!.text, long.slice(0, MAX_RECORD_BYTES));
    assert.ok(wasCut(first.lines[1]!.text));
    assert.equal(first.next.skipping, true);
    tailer.commit(first.next);
    appendFileSync(path, 'LLL tail of the long line\nafter\n');
    const second = await tailer.read(buffer, 100);
    assert.deepEqual(second.lines, [{ text: 'after', line: 3 }]);
    await tailer.close();
  });

  test('final read takes a last line without newline', async () => {
    const { tailer, buffer } = await tail('x\nno newline');
    assert.deepEqual((await tailer.read(buffer, 100, true)).lines.map((l) => l.text), ['x', 'no newline']);
    await tailer.close();
  });

  test('start at end skips existing complete lines and has no line numbers', async () => {
    const { path, tailer, buffer } = await tail('old 1\nold 2\npart', true);
    appendFileSync(path, 'ial\nnew\n');
    assert.deepEqual((await tailer.read(buffer, 100)).lines, [{ text: 'partial', line: null }, { text: 'new', line: null }]);
    await tailer.close();
  });

  test('a truncated or rewritten file is noticed', async () => {
    const { path, tailer, buffer } = await tail('hello\nworld\n');
    tailer.commit((await tailer.read(buffer, 100)).next);
    assert.equal(await tailer.replaced(), false);
    writeFileSync(path, 'HELLO\nworld\nand more\n');
    assert.equal(await tailer.replaced(), true);
    writeFileSync(path, '');
    assert.equal(await tailer.replaced(), true);
    await tailer.close();
  });
});
