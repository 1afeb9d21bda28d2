// The vigil command as a user runs it: parse, ingest, search, apikey, and its errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { tempDir } from '../test-support/temp-dir.js';
import { runVigil } from '../test-support/server-process.js';

const AUTH_LOG = [
  'Nov 20 10:00:01 web01 sshd[100]: Failed password for root from 198.51.100.4 port 50000 ssh2',
  'Nov 20 10:00:02 web01 sshd[100]: Accepted password for alice from 10.1.2.3 port 50001 ssh2',
].join('\n') + '\n';

test('vigil parse prints normalized events as JSON lines and stores nothing', async (t) => {
  const dir = await tempDir(t);
  const file = join(dir, 'auth.log');
  await writeFile(file, AUTH_LOG);
  const result = runVigil(['parse', file]);
  assert.equal(result.status, 0, result.stderr);
  const events = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
  assert.equal(events.length, 2);
  assert.equal(events[0]['event.original'], AUTH_LOG.split('\n')[0]);
  assert.equal(events[0]['source.ip'], '198.51.100.4');
  assert.equal(events[0]['event.outcome'], 'failure');
  assert.equal(events[1]['user.name'], 'alice');
});

test('vigil ingest stores plain and gzipped files; vigil search finds them as table and jsonl', async (t) => {
  const dir = await tempDir(t);
  const data = join(dir, 'data');
  await writeFile(join(dir, 'auth.log'), AUTH_LOG);
  await writeFile(join(dir, 'app.ndjson.gz'), gzipSync('{"@timestamp":"2026-11-20T10:00:03Z","message":"json event","user":{"name":"bob"}}\n{"truncated json": \n'));
  const ingest = runVigil(['ingest', '--data', data, join(dir, 'auth.log'), join(dir, 'app.ndjson.gz')]);
  assert.equal(ingest.status, 0, ingest.stderr);
  assert.match(ingest.stdout, /ingested 4 events/);

  const jsonl = runVigil(['search', 'source.ip:198.51.100.0/24 OR user.name:bob', '--data', data, '--format', 'jsonl']);
  assert.equal(jsonl.status, 0, jsonl.stderr);
  const found = jsonl.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(found.map((e) => e['user.name'] ?? e['source.ip']).sort(), ['bob', 'root']);

  const table = runVigil(['search', '', '--data', data, '--limit', '10', '--from', '2026-11-20T00:00:00Z', '--to', '2026-11-21T00:00:00Z']);
  assert.equal(table.status, 0, table.stderr);
  assert.match(table.stdout, /@timestamp\s+host\.name/);
  // The unreadable record has no time of its own: it is dated when received, outside this range.
  assert.match(table.stdout, /3 of 3 events/);

  const broken = runVigil(['search', 'tags:parse_failure', '--data', data, '--format', 'jsonl']);
  assert.equal(JSON.parse(broken.stdout.trim())['event.original'], '{"truncated json": ');
});

test('vigil reports bad usage and bad queries clearly', async (t) => {
  const dir = await tempDir(t);
  const badQuery = runVigil(['search', 'user.name:(alice', '--data', dir]);
  assert.equal(badQuery.status, 1);
  assert.match(badQuery.stderr, /position/);
  const unknown = runVigil(['frobnicate']);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /unknown command/);
  const badRole = runVigil(['apikey', 'create', '--name', 'x', '--role', 'wizard', '--data', dir]);
  assert.equal(badRole.status, 2);
  assert.match(badRole.stderr, /--role/);
  const badPort = runVigil(['serve', '--data', dir, '--http-port', 'eighty']);
  assert.equal(badPort.status, 2);
  assert.match(badPort.stderr, /--http-port/);
  const key = runVigil(['apikey', 'create', '--name', 'shipper', '--data', dir]);
  assert.equal(key.status, 0, key.stderr);
  assert.match(key.stdout.trim().split('\n').pop()!, /^vgl_[A-Za-z0-9_-]{32}$/);
});
