// Ingest benchmark: end-to-end events/s over HTTP NDJSON and syslog TCP (parse, normalize,
// detect, durable store), both when acknowledged (durable in the WAL) and when searchable (in
// Parquet); `vigil ingest` of a file; bytes on disk per event. Query latency: search.bench.ts.
//
//   npm run bench:ingest                       # defaults below
//   npm run bench:ingest -- --http 2000000 --tcp 1000000 --file 1000000
//
// The server runs as a child process (`vigil serve`), the load comes from this process.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { createGenerator } from './generate.js';
import { openEventStore } from '../src/store/events/index.js';

const { values } = parseArgs({
  options: {
    http: { type: 'string', default: '2000000' },
    tcp: { type: 'string', default: '1000000' },
    file: { type: 'string', default: '1000000' },
    batch: { type: 'string', default: '5000' },
    senders: { type: 'string', default: '4' },
    keep: { type: 'boolean', default: false },
  },
});
const HTTP_EVENTS = Number(values.http);
const TCP_EVENTS = Number(values.tcp);
const FILE_EVENTS = Number(values.file);
const BATCH = Number(values.batch);
const SENDERS = Number(values.senders);
const ROOT = new URL('..', import.meta.url).pathname;
const CLI = [process.execPath, '--import', 'tsx', join(ROOT, 'src/cli/main.ts')];

function vigil(args: string[]): string {
  const result = spawnSync(CLI[0]!, [...CLI.slice(1), ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (result.status !== 0) throw new Error(`vigil ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

async function startServer(dataDir: string): Promise<{ child: ChildProcess; http: string; tcpPort: number }> {
  const child = spawn(CLI[0]!, [...CLI.slice(1), 'serve', '--data', dataDir, '--http-port', '0', '--syslog-port', '0'], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, VIGIL_LOG_LEVEL: 'warn', VIGIL_HTTP_HOST: '127.0.0.1' },
  });
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const http = /listening on (http:\/\/[^\s]+)/.exec(output)?.[1];
      const tcp = /listening on tcp:\/\/[^\s]*:(\d+)/.exec(output)?.[1];
      if (http && tcp) resolve({ child, http: http.replace('0.0.0.0', '127.0.0.1'), tcpPort: Number(tcp) });
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
}

async function stored(http: string, key: string, component: string): Promise<number> {
  const text = await (await fetch(`${http}/metrics`, { headers: { authorization: `Bearer ${key}` } })).text();
  const match = new RegExp(`events_stored_total\\{component="${component}"\\} (\\d+)`).exec(text);
  return match ? Number(match[1]) : 0;
}

async function dirBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? await dirBytes(path) : (await stat(path)).size;
  }
  return total;
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 600_000) {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Resolves once every closed WAL segment is in Parquet, i.e. everything sent is searchable. */
function searchable(dataDir: string): Promise<void> {
  return waitFor(async () => (await readdir(join(dataDir, 'events', 'wal'))).length === 0, 'the WAL to be loaded');
}

function rate(events: number, seconds: number): string {
  return `${seconds.toFixed(1)} s = ${Math.round(events / seconds).toLocaleString('en')} events/s`;
}

async function main() {
  const dataDir = await mkdtemp(join(tmpdir(), 'vigil-bench-'));
  const key = vigil(['apikey', 'create', '--name', 'bench', '--role', 'admin', '--data', dataDir]).trim().split('\n').pop()!;
  const report: string[] = [];
  const say = (line: string) => {
    report.push(line);
    console.log(line);
  };
  say(`machine: ${cpus().length} cores (${cpus()[0]?.model}), ${Math.round(totalmem() / 2 ** 30)} GiB; node ${process.version}`);

  // --- HTTP NDJSON -------------------------------------------------------------------
  const generator = createGenerator(1);
  let rawBytes = 0;
  const bodies: string[] = [];
  for (let sent = 0; sent < HTTP_EVENTS; sent += BATCH) {
    const lines: string[] = [];
    for (let i = 0; i < Math.min(BATCH, HTTP_EVENTS - sent); i++) lines.push(generator.next());
    const body = lines.join('\n') + '\n';
    rawBytes += Buffer.byteLength(body);
    bodies.push(body);
  }
  let server = await startServer(dataDir);
  let retries = 0;
  const httpStart = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: SENDERS }, async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      for (;;) {
        const response = await fetch(`${server.http}/api/ingest`, { method: 'POST', body, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' } });
        await response.arrayBuffer();
        if (response.status === 200) break;
        if (response.status !== 429) throw new Error(`ingest answered ${response.status}`);
        retries++;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }));
  const httpSeconds = (performance.now() - httpStart) / 1000;
  bodies.length = 0;
  await searchable(dataDir);
  const httpSearchable = (performance.now() - httpStart) / 1000;
  say(`HTTP NDJSON: ${HTTP_EVENTS.toLocaleString('en')} events acknowledged (durable) in ${rate(HTTP_EVENTS, httpSeconds)}; all searchable after ${rate(HTTP_EVENTS, httpSearchable)} (${SENDERS} senders, ${BATCH}-line batches, ${retries} retries after 429)`);

  // --- syslog TCP ------------------------------------------------------------------------
  const tcpGenerator = createGenerator(2);
  const tcpStart = performance.now();
  await new Promise<void>((resolve, reject) => {
    const socket = connect(server.tcpPort, '127.0.0.1', () => {
      let sent = 0;
      const write = () => {
        while (sent < TCP_EVENTS) {
          let chunk = '';
          for (let i = 0; i < 1000 && sent < TCP_EVENTS; i++, sent++) {
            const line = tcpGenerator.next();
            rawBytes += Buffer.byteLength(line) + 1;
            chunk += line.startsWith('<') ? line : `<14>1 2026-11-21T00:00:00Z shipper app - - - ${line}`;
            chunk += '\n';
          }
          if (!socket.write(chunk)) return socket.once('drain', write);
        }
        socket.end(resolve);
      };
      write();
    });
    socket.on('error', reject);
  });
  await waitFor(async () => (await stored(server.http, key, 'syslog-tcp')) >= TCP_EVENTS, 'syslog events to be stored');
  const tcpSeconds = (performance.now() - tcpStart) / 1000;
  await searchable(dataDir);
  const tcpSearchable = (performance.now() - tcpStart) / 1000;
  say(`syslog TCP: ${TCP_EVENTS.toLocaleString('en')} events durable in ${rate(TCP_EVENTS, tcpSeconds)}; all searchable after ${rate(TCP_EVENTS, tcpSearchable)} (one connection, newline framing)`);

  server.child.kill('SIGTERM');
  await new Promise((r) => server.child.once('exit', r));

  // --- a file through vigil ingest ------------------------------------------------------
  if (FILE_EVENTS > 0) {
    const file = join(dataDir, 'more.ndjson');
    const out = createWriteStream(file);
    const fill = createGenerator(3);
    for (let i = 0; i < FILE_EVENTS; i++) {
      if (!out.write(fill.next() + '\n')) await new Promise<void>((r) => out.once('drain', () => r()));
    }
    await new Promise<void>((r) => out.end(() => r()));
    const ingestStart = performance.now();
    vigil(['ingest', '--data', dataDir, file]);
    say(`vigil ingest: ${FILE_EVENTS.toLocaleString('en')} events from a file, stored and searchable, in ${rate(FILE_EVENTS, (performance.now() - ingestStart) / 1000)}`);
    rawBytes += (await stat(file)).size;
    await rm(file);
  }

  // --- disk, once the background compaction has merged what it merges ---------------------
  const store = await openEventStore({ dir: join(dataDir, 'events'), logger: pino({ level: 'silent' }) });
  await store.compact();
  await store.close();
  const events = HTTP_EVENTS + TCP_EVENTS + FILE_EVENTS;
  const parquetBytes = await dirBytes(join(dataDir, 'events', 'events'));
  say(`disk: ${(parquetBytes / events).toFixed(1)} bytes/event; ${(100 * parquetBytes / rawBytes).toFixed(1)}% of the ${(rawBytes / 2 ** 20).toFixed(0)} MiB raw input (Parquet, ZSTD, event.original kept, text index included)`);
  if (!values.keep) await rm(dataDir, { recursive: true, force: true });
  else say(`data kept in ${dataDir}`);
}

await main();
