// The event store: durable appends through the WAL, background loading into day-partitioned
// Parquet, compaction and retention, and read access for search.

import type { DuckDBConnection } from '@duckdb/node-api';
import { mkdir, rm, stat } from 'node:fs/promises';
import type { Logger } from 'pino';
import type { VigilEvent } from '../../event/event.js';
import type { RawRecord } from '../../pipeline/stages.js';
import { openDuckDb, type DuckDb } from './duckdb.js';
import { applyRetention, compact, filesInRange, highestSegmentId, removeSuperseded } from './files.js';
import { storeLayout, type StoreLayout } from './layout.js';
import { loadSegment, loadSegmentIsolating, removeOutputsOf, segmentRows, type DeriveRows } from './loader.js';
import { readEventsSql } from './parquet.js';
import { recordLine } from './record-line.js';
import { toRow } from './row.js';
import { openWal, type Wal } from './wal.js';

export interface EventStoreOptions {
  dir: string;
  logger: Logger;
  retentionDays?: number;
  /** A WAL segment is loaded into Parquet once it is this big or this old. */
  maxSegmentBytes?: number;
  maxSegmentAgeMs?: number;
  /** SQL run on every read connection (e.g. macros the query compiler relies on). */
  readSetup?: readonly string[];
  threads?: number;
  memoryLimit?: string;
  /** Only read: no WAL, no loading, no maintenance (for a CLI beside a running server). */
  readOnly?: boolean;
  /** Called with the number of rows of each loaded segment. */
  onLoaded?(rows: number): void;
  /**
   * Failed attempts at loading a segment after which the loader looks for the lines DuckDB
   * refuses, sets them aside in the quarantine folder and loads the rest (default 5).
   */
  isolateAfterFailures?: number;
  /** Called when lines of a segment were set aside. */
  onQuarantined?(lines: number): void;
  /**
   * Turns a WAL segment holding record lines into one of rows. With it, events appended with
   * their records are logged as the compact records and derived again at load time.
   */
  deriveRows?: DeriveRows;
}

export interface EventStore {
  readonly layout: StoreLayout;
  /**
   * Resolves once the events are durable. `records`, when given, are the records the events
   * were derived from (see PipelineOptions.store); the WAL then keeps those instead.
   */
  append(events: VigilEvent[], records?: readonly RawRecord[]): Promise<void>;
  /** Bytes written to the WAL and not yet in Parquet. */
  readonly backlogBytes: number;
  /** Makes everything appended so far searchable. */
  flush(): Promise<void>;
  /** SQL of a relation over the events whose time may fall in [from, to]. */
  relation(from?: number, to?: number): Promise<string>;
  /** Runs a read query with parameters; returns rows as JSON-friendly objects. */
  read(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  /** Merges and rewrites files as the background pass does, settled days included all at once
   *  (the pass rewrites one file of them at a time); returns how many files were replaced. */
  compact(): Promise<number>;
  applyRetention(now?: number): Promise<string[]>;
  close(): Promise<void>;
}

/** Row values as plain JSON-ready values: safe integers as numbers, times as epoch ms. */
function plainValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Date) return value.getTime();
  if (Array.isArray(value)) return value.map(plainValue);
  return value;
}

function plainRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in row) out[key] = plainValue(row[key]);
  return out;
}

/** A read function over a pool of connections. */
function reading(db: DuckDb, pool: DuckDBConnection[]) {
  return async (sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> => {
    const connection = pool.pop() ?? (await db.connect());
    try {
      const reader = await connection.runAndReadAll(sql, params as never);
      return reader.getRowObjectsJS().map(plainRow);
    } finally {
      pool.push(connection);
    }
  };
}

async function relationOf(layout: StoreLayout, from?: number, to?: number): Promise<string> {
  return readEventsSql((await filesInRange(layout, from, to)).map((path) => ({ path })));
}

async function openReadOnly(layout: StoreLayout, options: EventStoreOptions): Promise<EventStore> {
  const db = await openDuckDb({ threads: options.threads, memoryLimit: options.memoryLimit, setup: options.readSetup });
  const pool: DuckDBConnection[] = [];
  const refuse = () => Promise.reject(new Error('the event store was opened read-only'));
  return {
    layout,
    append: refuse,
    backlogBytes: 0,
    flush: async () => undefined,
    relation: (from, to) => relationOf(layout, from, to),
    read: reading(db, pool),
    compact: refuse,
    applyRetention: refuse,
    async close() {
      for (const connection of pool) connection.closeSync();
      db.close();
    },
  };
}

interface QueuedSegment {
  id: number;
  path: string;
  bytes: number;
  /** The segment's rows being readied (see segmentRows), once started. */
  rows?: Promise<string | undefined>;
}

export async function openEventStore(options: EventStoreOptions): Promise<EventStore> {
  const layout = storeLayout(options.dir);
  const log = options.logger;
  if (options.readOnly) return openReadOnly(layout, options);
  await mkdir(layout.events, { recursive: true });
  await rm(layout.tmp, { recursive: true, force: true });
  await mkdir(layout.tmp, { recursive: true });
  const superseded = await removeSuperseded(layout);
  if (superseded > 0) log.warn({ superseded }, 'removed files left by an interrupted merge');

  const db: DuckDb = await openDuckDb({ threads: options.threads, memoryLimit: options.memoryLimit, setup: options.readSetup });
  const writer = await db.connect();
  // Its own connection: a connection runs one statement at a time, and a long merge must not
  // hold back loading (how soon events become searchable).
  const compactor = await db.connect();
  const readers: DuckDBConnection[] = [];
  const retentionDays = options.retentionDays ?? 0;

  let backlogBytes = 0;
  /** Segments waiting to be loaded, in id order; the loader takes them one at a time. */
  const queue: QueuedSegment[] = [];
  let loading: Promise<void> | undefined;
  let failures = 0;

  let closing = false;

  const isolateAfter = options.isolateAfterFailures ?? 5;

  async function loadQueued(): Promise<void> {
    while (queue.length > 0) {
      const segment = queue[0]!;
      try {
        segment.rows ??= readyRows(segment);
        const rowsPath = await segment.rows;
        let rows: number;
        if (failures < isolateAfter) {
          ({ rows } = await loadSegment(writer, layout, segment.id, segment.path, rowsPath));
        } else {
          const result = await loadSegmentIsolating(writer, layout, segment.id, segment.path, rowsPath);
          rows = result.rows;
          if (result.quarantined > 0) {
            log.error({ segment: segment.id, lines: result.quarantined, file: result.quarantineFile }, 'lines of a WAL segment could not be stored and were set aside; the rest is loaded');
            options.onQuarantined?.(result.quarantined);
          }
        }
        queue.shift();
        backlogBytes -= segment.bytes;
        failures = 0;
        options.onLoaded?.(rows);
      } catch (error) {
        // The segment stays in the WAL and is tried again (after a few failures, line by line).
        failures++;
        segment.rows = undefined;
        log.error({ err: error, segment: segment.id }, 'loading a WAL segment failed; will retry');
        // On close the segment simply stays in the WAL: the next start loads it.
        if (closing) break;
        await new Promise((r) => setTimeout(r, Math.min(30_000, 500 * 2 ** Math.min(failures, 6))));
      }
    }
    loading = undefined;
  }

  /** Starts readying a segment's rows now, so deriving them overlaps loading earlier segments. */
  function readyRows(segment: QueuedSegment): Promise<string | undefined> {
    const rows = segmentRows(layout, segment.id, segment.path, options.deriveRows);
    rows.catch(() => undefined); // awaited, and its failure handled, by the loader
    return rows;
  }

  function enqueue(id: number, path: string, bytes: number) {
    const segment: QueuedSegment = { id, path, bytes };
    if (options.deriveRows) segment.rows = readyRows(segment);
    queue.push(segment);
    backlogBytes += bytes;
    loading ??= loadQueued();
  }

  const nextId = (await highestSegmentId(layout)) + 1;
  const wal: Wal = await openWal({
    dir: layout.wal,
    nextId,
    maxSegmentBytes: options.maxSegmentBytes ?? 64 * 1024 * 1024,
    maxSegmentAgeMs: options.maxSegmentAgeMs ?? 1000,
    onSegmentClosed: enqueue,
  });
  for (const segment of wal.leftover) {
    await removeOutputsOf(layout, segment.id);
    enqueue(segment.id, segment.path, (await stat(segment.path)).size);
  }
  if (wal.leftover.length > 0) log.info({ segments: wal.leftover.length }, 'recovering WAL segments from the last run');

  const read = reading(db, readers);

  const compaction = {
    smallFileBytes: 32 * 1024 * 1024,
    minFiles: 8,
  };
  let compacting: Promise<number> | undefined;
  async function runCompaction(settledRewrites?: number): Promise<number> {
    const belowSegment = queue[0]?.id ?? Number.MAX_SAFE_INTEGER;
    return compact(compactor, layout, { ...compaction, belowSegment, settledRewrites });
  }
  async function maintain(): Promise<number> {
    // Retention first, so that no day is rewritten just before it is dropped.
    if (retentionDays > 0) await applyRetention(layout, retentionDays);
    // A settled day's rewrite is the costliest work here and nothing waits for it: one per pass,
    // and none while loading lags behind (the CPU goes to making events searchable first).
    return runCompaction(queue.length === 0 ? 1 : 0);
  }
  const maintenance = setInterval(() => {
    compacting ??= maintain()
      .catch((error) => {
        if (!closing) log.error({ err: error }, 'event store maintenance failed');
        return 0;
      })
      .finally(() => { compacting = undefined; });
  }, 30_000);
  maintenance.unref();

  return {
    layout,
    append(events, records) {
      if (records && options.deriveRows) return wal.append(events.map((event, i) => recordLine(event.id, records[i]!)));
      return wal.append(events.map(toRow));
    },
    get backlogBytes() {
      return backlogBytes;
    },
    async flush() {
      await wal.rotate();
      while (loading) await loading;
    },
    relation: (from, to) => relationOf(layout, from, to),
    read,
    async compact() {
      while (compacting) await compacting;
      // Marked as running, so that the maintenance timer does not start the same merges.
      const run = runCompaction().finally(() => { compacting = undefined; });
      compacting = run;
      return run;
    },
    applyRetention(now) {
      return applyRetention(layout, retentionDays, now);
    },
    async close() {
      closing = true;
      clearInterval(maintenance);
      // A rewrite can take a minute; stopped, it leaves only work files, which the next start deletes.
      if (compacting) compactor.interrupt();
      while (compacting) await compacting.catch(() => 0);
      await wal.close();
      while (loading) await loading;
      for (const connection of readers) connection.closeSync();
      writer.closeSync();
      compactor.closeSync();
      db.close();
    },
  };
}
