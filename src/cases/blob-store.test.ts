import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { VigilError } from '../errors.js';
import { tempDir } from '../test-support/temp-dir.js';
import { createBlobStore } from './blob-store.js';

const bytes = Buffer.from('MZ\x90\x00 evidence bytes \u00e9\u4e2d', 'utf8');
const sha256 = createHash('sha256').update(bytes).digest('hex');

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

test('content is stored once under <aa>/<sha256> and read back the same', async (t) => {
  const dir = await tempDir(t);
  const store = createBlobStore(dir);
  const first = await store.put(Readable.from([bytes.subarray(0, 5), bytes.subarray(5)]), 1024);
  assert.deepEqual(first, { sha256, size: bytes.length, created: true });
  const again = await store.put(Readable.from([bytes]), 1024);
  assert.deepEqual(again, { sha256, size: bytes.length, created: false });
  assert.deepEqual(await readdir(join(dir, sha256.slice(0, 2))), [sha256]);
  assert.deepEqual(await readdir(join(dir, 'tmp')), []);
  assert.deepEqual(await readFile(join(dir, sha256.slice(0, 2), sha256)), bytes);
  const { stream, size } = await store.open(sha256);
  assert.equal(size, bytes.length);
  assert.deepEqual(await readAll(stream), bytes);
  assert.equal(await store.has(sha256), true);
});

test('content over the limit is refused with 413 and leaves nothing behind', async (t) => {
  const dir = await tempDir(t);
  const store = createBlobStore(dir);
  await assert.rejects(store.put(Readable.from([Buffer.alloc(600), Buffer.alloc(600)]), 1000), (e: unknown) => e instanceof VigilError && e.status === 413);
  assert.deepEqual(await readdir(join(dir, 'tmp')), []);
  assert.deepEqual((await readdir(dir)).sort(), ['tmp']);
});

test('content changed on disk is not served', async (t) => {
  const dir = await tempDir(t);
  const store = createBlobStore(dir);
  await store.put(Readable.from([bytes]), 1024);
  await writeFile(join(dir, sha256.slice(0, 2), sha256), 'tampered');
  await assert.rejects(store.open(sha256), /no longer matches its hash/);
});

test('only SHA-256 digests name content (no paths)', async (t) => {
  const store = createBlobStore(await tempDir(t));
  await assert.rejects(store.open('../../etc/passwd'), /not a SHA-256/);
});
