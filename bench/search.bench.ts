// Store and search benchmark: builds an event store of N generated events through the store's
// real write path (parseRecord → append → WAL → Parquet → compaction), then reports bytes on
// disk per event and as a share of the raw input, and p50/p95 of needle, free-text, histogram
// and top-10 queries through the search service.
//
//   npm run bench:search                                   # 10M events, store deleted after
//   npm run bench:search -- --events 2000000 --keep /tmp/s2m
//   npm run bench:search -- --reuse /tmp/s2m               # queries only, on a kept store
//
// Events come in chunks of one day each (own seed, own day), so values are not copies of one
// another. Worker threads generate and parse; the main thread appends to the store.
import { cpus, totalmem, tmpdir } from 'node:os';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { pino } from 'pino';
import { createGenerator } from './generate.js';
import type { VigilEvent } from '../src/event/event.js';
import { newEventId } from '../src/event/id.js';
import { parseRecord } from '../src/parse/index.js';
import { toEvent } from '../src/pipeline/pipeline.js';
import type { RawRecord } from '../src/pipeline/stages.js';
import { SEARCH_SQL_MACROS } from '../src/search/index.js';
import { createSearchService } from '../src/search/service.js';
import { openEventStore } from '../src/store/events/index.js';

const DAY_MS = 86_400_000;
const FIRST_DAY = Date.UTC(2026, 9, 1);
const BATCH = 5000;
const NEEDLE = { user: 'needle-user-7f3a', ip: '192.0.2.77', text: 'needle event' };

interface WorkerInput {
  /** Chunks (days) this worker makes: chunk c has seed c + 1 and starts on day c. */
  chunks: number[];
  chunkSize: number;
  /** The chunk and position where the one needle event goes. */
  needleAt: { chunk: number; index: number };
}

type WorkerMessage = { events: VigilEvent[]; rawBytes: number } | { done: true };

/** Worker: generates and parses its chunks, one batch per request from the main thread. */
function runWorker(input: WorkerInput) {
  const batches = (function* () {
    for (const chunk of input.chunks) {
      const start = FIRST_DAY + chunk * DAY_MS;
      const generator = createGenerator(chunk + 1, start, input.chunkSize / 86_400);
      let events: VigilEvent[] = [];
      let rawBytes = 0;
      for (let i = 0; i < input.chunkSize; i++) {
        let text = generator.next();
        if (chunk === input.needleAt.chunk && i === input.needleAt.index) {
          text = JSON.stringify({ '@timestamp': new Date(start + DAY_MS / 2).toISOString(), message: NEEDLE.text, user: { name: NEEDLE.user }, source: { ip: NEEDLE.ip } });
        }
        rawBytes += Buffer.byteLength(text) + 1;
        const record: RawRecord = { text, received: Date.now(), origin: { source: 'bench' }, tenant: 'default' };
        events.push(toEvent(record, parseRecord(record), newEventId(record.received)));
        if (events.length === BATCH) {
          yield { events, rawBytes };
          events = [];
          rawBytes = 0;
        }
      }
      if (events.length > 0) yield { events, rawBytes };
    }
  })();
  parentPort!.on('message', () => {
    const next = batches.next();
    parentPort!.postMessage(next.done ? { done: true } : next.value satisfies WorkerMessage);
  });
}

async function dirBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? await dirBytes(path) : (await stat(path)).size;
  }
  return total;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

// A worker does not inherit tsx's loader: it registers it, then imports this file.
const WORKER_BOOT = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); })`;

interface BuildInfo {
  events: number;
  rawBytes: number;
}

async function build(dir: string, total: number, workers: number): Promise<BuildInfo> {
  const logger = pino({ level: 'warn' });
  const store = await openEventStore({ dir, logger });
  // One day per million events, at least two days (compaction treats the latest day apart).
  const chunks = Math.max(2, Math.ceil(total / 1_000_000));
  const chunkSize = Math.ceil(total / chunks);
  const needleAt = { chunk: Math.floor(chunks / 2), index: Math.floor(chunkSize / 2) };
  let rawBytes = 0;
  let events = 0;
  const started = performance.now();
  let lastReport = started;
  await Promise.all(Array.from({ length: Math.min(workers, chunks) }, async (_, w) => {
    const mine = Array.from({ length: chunks }, (_, c) => c).filter((c) => c % workers === w);
    const worker = new Worker(WORKER_BOOT, { eval: true, workerData: { chunks: mine, chunkSize, needleAt } satisfies WorkerInput });
    const next = () => new Promise<WorkerMessage>((resolve) => {
      worker.once('message', resolve);
      worker.postMessage('next');
    });
    for (let message = await next(); !('done' in message); message = await next()) {
      // Backpressure as the pipeline applies it: wait while the loader is behind.
      while (store.backlogBytes > 512 * 1024 * 1024) await new Promise((r) => setTimeout(r, 50));
      await store.append(message.events);
      events += message.events.length;
      rawBytes += message.rawBytes;
      if (performance.now() - lastReport > 10_000) {
        lastReport = performance.now();
        console.log(`  ${events.toLocaleString('en')} events appended, ${Math.round(events / ((lastReport - started) / 1000)).toLocaleString('en')} events/s`);
      }
    }
    await worker.terminate();
  }));
  const appended = performance.now();
  await store.flush();
  const loaded = performance.now();
  const merged = await store.compact();
  const compacted = performance.now();
  await store.close();
  console.log(`built ${events.toLocaleString('en')} events: append ${((appended - started) / 1000).toFixed(0)} s, `
    + `loading the rest ${((loaded - appended) / 1000).toFixed(0)} s, compaction ${((compacted - loaded) / 1000).toFixed(0)} s (${merged} files merged)`);
  return { events, rawBytes };
}

async function main() {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '10000000' },
      workers: { type: 'string', default: String(Math.max(1, cpus().length - 1)) },
      runs: { type: 'string', default: '7' },
      keep: { type: 'string' },
      reuse: { type: 'string' },
    },
  });
  console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model}), ${Math.round(totalmem() / 2 ** 30)} GiB; node ${process.version}`);
  console.log(`command: ${['node', ...process.execArgv, ...process.argv.slice(1)].join(' ')}`);

  const dir = values.reuse ?? values.keep ?? (await mkdtemp(join(tmpdir(), 'vigil-search-bench-')));
  let info: BuildInfo;
  if (values.reuse) {
    info = JSON.parse(await readFile(join(dir, 'bench.json'), 'utf8')) as BuildInfo;
    console.log(`reusing the store in ${dir}`);
  } else {
    await rm(dir, { recursive: true, force: true });
    info = await build(dir, Number(values.events), Number(values.workers));
    await writeFile(join(dir, 'bench.json'), JSON.stringify(info));
  }
  const eventsDir = join(dir, 'events');
  const [disk, files] = await Promise.all([dirBytes(eventsDir), readdir(eventsDir, { recursive: true })]);
  console.log(`stored ${info.events.toLocaleString('en')} events from ${(info.rawBytes / 1e6).toFixed(0)} MB raw (${(info.rawBytes / info.events).toFixed(0)} B/event): `
    + `${(disk / 1e6).toFixed(0)} MB on disk in ${files.filter((f) => String(f).endsWith('.parquet')).length} Parquet files = `
    + `${(disk / info.events).toFixed(1)} B/event, ${((disk / info.rawBytes) * 100).toFixed(1)}% of the raw input`);

  const store = await openEventStore({ dir, logger: pino({ level: 'silent' }), readSetup: SEARCH_SQL_MACROS, readOnly: true });
  const search = createSearchService(store);
  const all = { tenants: null, query: '' };
  const runs = Number(values.runs);
  const queries: [string, () => Promise<unknown>, (result: unknown) => string][] = [
    [`needle: user.name:${NEEDLE.user}`, () => search.search({ ...all, query: `user.name:${NEEDLE.user}` }), hits],
    [`needle: source.ip:${NEEDLE.ip}`, () => search.search({ ...all, query: `source.ip:${NEEDLE.ip}` }), hits],
    [`free text: "${NEEDLE.text}"`, () => search.search({ ...all, query: `"${NEEDLE.text}"` }), hits],
    ['free text: needle', () => search.search({ ...all, query: 'needle' }), hits],
    ['search: all events, first page', () => search.search({ ...all }), hits],
    ['histogram (60 buckets), all events', () => search.histogram({ ...all, buckets: 60 }), (r) => `${(r as { buckets: unknown[] }).buckets.length} buckets`],
    ['top-10 source.ip, all events', () => search.top({ ...all, field: 'source.ip', size: 10 }), topOf],
    ['top-10 user.name where event.outcome:failure', () => search.top({ ...all, query: 'event.outcome:failure', field: 'user.name', size: 10 }), topOf],
  ];
  console.log(`queries through createSearchService, in process, ${runs} runs after a warm-up:`);
  for (const [name, run, describe] of queries) {
    let result = await run();
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      result = await run();
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    console.log(`  ${name.padEnd(48)} p50 ${percentile(times, 50).toFixed(0).padStart(5)} ms  p95 ${percentile(times, 95).toFixed(0).padStart(5)} ms  (${describe(result)})`);
  }
  await store.close();
  if (values.keep || values.reuse) console.log(`store kept in ${dir}`);
  else await rm(dir, { recursive: true, force: true });
}

function hits(result: unknown): string {
  const r = result as { total: number; events: unknown[]; total_is_lower_bound?: boolean };
  return `total ${r.total_is_lower_bound ? '>=' : ''}${r.total.toLocaleString('en')}, ${r.events.length} on the page`;
}

function topOf(result: unknown): string {
  const r = result as { total: number; values: { value: unknown; count: number }[] };
  return `total ${r.total.toLocaleString('en')}, first ${String(r.values[0]?.value)} × ${r.values[0]?.count.toLocaleString('en')}`;
}

if (!isMainThread) runWorker(workerData as WorkerInput);
else await main();
