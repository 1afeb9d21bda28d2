// The whole server as a process: first start, durability across kill -9, and real shippers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFile, appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from './test-support/temp-dir.js';
import { eventually, runVigil, startServerProcess } from './test-support/server-process.js';

/** Every matching event, page by page. */
async function searchAll(http: string, key: string, q: string): Promise<{ total: number; events: Record<string, unknown>[] }> {
  const events: Record<string, unknown>[] = [];
  let cursor: string | undefined;
  let total = 0;
  do {
    const url = `${http}/api/events/search?q=${encodeURIComponent(q)}&limit=5000${cursor ? `&cursor=${cursor}` : ''}`;
    const response = await fetch(url, { headers: { authorization: `Bearer ${key}` } });
    assert.equal(response.status, 200, await response.clone().text());
    const page = (await response.json()) as { total: number; events: Record<string, unknown>[]; next_cursor?: string };
    total = page.total;
    events.push(...page.events);
    cursor = page.next_cursor;
  } while (cursor);
  return { total, events };
}

function newKey(dataDir: string, role: string): string {
  const result = runVigil(['apikey', 'create', '--name', role, '--role', role, '--data', dataDir]);
  assert.equal(result.status, 0, result.stderr);
  return result.stdout.trim().split('\n').pop()!;
}

test('first start prints the addresses and the generated admin password, once', async (t) => {
  const dataDir = await tempDir(t);
  let server = await startServerProcess(t, dataDir);
  await eventually(async () => server.output().includes('password:'), 'the banner');
  const password = /password: (\S+)/.exec(server.output())![1]!;
  const basic = `Basic ${Buffer.from(`admin:${password}`).toString('base64')}`;
  assert.equal((await fetch(`${server.http}/api/events/search`, { headers: { authorization: basic } })).status, 200);
  assert.equal((await fetch(`${server.http}/health`)).status, 200);
  await server.stop();
  server = await startServerProcess(t, dataDir);
  assert.doesNotMatch(server.output(), /password/);
  await server.stop();
});

test('after kill -9 and a restart, every acknowledged event is there exactly once', async (t) => {
  const dataDir = await tempDir(t);
  const key = newKey(dataDir, 'admin');
  let server = await startServerProcess(t, dataDir);
  const acknowledged = new Set<string>();
  let batch = 0;
  let killed = false;
  // Four senders post batches continuously; the server is killed while they are in flight.
  const senders = Array.from({ length: 4 }, async () => {
    while (!killed) {
      const n = batch++;
      const lines = Array.from({ length: 200 }, (_, i) => JSON.stringify({ message: `marker-${n}-${i}`, labels: { batch: n } }));
      try {
        const response = await fetch(`${server.http}/api/ingest`, { method: 'POST', body: lines.join('\n'), headers: { authorization: `Bearer ${key}` } });
        if (response.status === 200) for (let i = 0; i < 200; i++) acknowledged.add(`marker-${n}-${i}`);
      } catch {
        // The connection died with the server: these events were never acknowledged.
      }
    }
  });
  await eventually(async () => acknowledged.size >= 5000, 'some acknowledged events');
  await server.kill9();
  killed = true;
  await Promise.all(senders);

  server = await startServerProcess(t, dataDir);
  const found = await eventually(async () => {
    const result = await searchAll(server.http, key, 'message:marker-*');
    return result.total >= acknowledged.size ? result : undefined;
  }, 'the recovered events', 60_000);
  const seen = new Map<string, number>();
  for (const event of found.events) seen.set(String(event.message), (seen.get(String(event.message)) ?? 0) + 1);
  for (const marker of acknowledged) assert.equal(seen.get(marker), 1, `${marker} stored exactly once`);
  for (const [marker, count] of seen) assert.equal(count, 1, `${marker} not duplicated`);
  await server.stop();
});

test('rsyslog ships to the _bulk endpoint with omelasticsearch, unchanged', async (t) => {
  const dataDir = await tempDir(t);
  const key = newKey(dataDir, 'ingest');
  const admin = newKey(dataDir, 'admin');
  const server = await startServerProcess(t, dataDir);
  const port = new URL(server.http).port;
  const work = join(dataDir, 'rsyslog');
  await mkdir(work, { recursive: true });
  const input = join(work, 'input.log');
  await writeFile(input, '');
  const conf = join(work, 'rsyslog.conf');
  await writeFile(conf, `
global(workDirectory="${work}")
module(load="imfile")
module(load="omelasticsearch")
template(name="ecs" type="list" option.jsonf="on") {
  property(outname="@timestamp" name="timereported" dateFormat="rfc3339" format="jsonf")
  property(outname="host.name" name="hostname" format="jsonf")
  property(outname="message" name="msg" format="jsonf")
}
input(type="imfile" File="${input}" Tag="app" ruleset="ship" freshStartTail="off")
ruleset(name="ship") {
  action(type="omelasticsearch" server="127.0.0.1" serverport="${port}" template="ecs" searchIndex="rsyslog-test"
         bulkmode="on" uid="rsyslog" pwd="${key}" esVersion.major="8" action.resumeRetryCount="-1" queue.type="linkedlist" queue.dequeueBatchSize="100")
}
`);
  const rsyslog = spawn('rsyslogd', ['-n', '-f', conf, '-i', join(work, 'rsyslog.pid')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let rsyslogOutput = '';
  rsyslog.stdout.on('data', (d: Buffer) => { rsyslogOutput += d; });
  rsyslog.stderr.on('data', (d: Buffer) => { rsyslogOutput += d; });
  t.after(() => { rsyslog.kill('SIGKILL'); });
  const lines = Array.from({ length: 50 }, (_, i) => `rsyslog-bulk-${i} user=alice action=login`);
  await appendFile(input, lines.join('\n') + '\n');
  const found = await eventually(async () => {
    const result = await searchAll(server.http, admin, 'message:rsyslog-bulk-*');
    return result.total >= 50 ? result : undefined;
  }, `rsyslog's events (rsyslog said: ${rsyslogOutput})`, 60_000);
  assert.equal(found.total, 50);
  const messages = new Set(found.events.map((e) => String(e.message).trim()));
  for (const line of lines) assert.ok(messages.has(line), `${line} arrived`);
  assert.ok(found.events.every((e) => typeof e['host.name'] === 'string'));
  await server.stop();
});
