// Moves a closed WAL segment into Parquet, one file per event day, then deletes the segment.
// Deleting the segment is the commit point: a crash before it leaves the segment in place,
// and the next start removes whatever this segment had already produced and loads it again,
// so every acknowledged event ends up stored exactly once.

import type { DuckDBConnection } from '@duckdb/node-api';
import { mkdir, open, readdir, readFile, rename, rm, stat, truncate, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tableColumns } from './columns.js';
import { quoteIdent, quoteLiteral } from './duckdb.js';
import { parseDayDirName, parseParquetFileName, rangePrefix, type StoreLayout } from './layout.js';
import { copyEventsSql } from './parquet.js';
import type { VigilEvent } from '../../event/event.js';
import { EPOCH_MS_COLUMNS, toRow } from './row.js';

const epochColumns = new Set(EPOCH_MS_COLUMNS);

/** read_ndjson's column spec: dates travel as epoch ms in the WAL. */
function walColumnSpec(): string {
  const entries = tableColumns().map(({ name, sqlType }) =>
    `${quoteLiteral(name)}: ${quoteLiteral(epochColumns.has(name) ? 'BIGINT' : sqlType)}`);
  return `{${entries.join(', ')}}`;
}

function selectList(): string {
  return tableColumns()
    .map(({ name }) => (epochColumns.has(name) ? `epoch_ms(${quoteIdent(name)}) AS ${quoteIdent(name)}` : quoteIdent(name)))
    .join(', ');
}

const WAL_COLUMNS = walColumnSpec();
const SELECT_LIST = selectList();

/** Cuts a segment back to its last complete line: a torn last write was never acknowledged. */
async function dropTornTail(path: string): Promise<number> {
  const size = (await stat(path)).size;
  if (size === 0) return 0;
  const file = await open(path, 'r');
  try {
    const tail = Buffer.alloc(Math.min(size, 1 << 20));
    let end = size;
    while (end > 0) {
      const start = Math.max(0, end - tail.length);
      const { bytesRead } = await file.read(tail, 0, end - start, start);
      const at = tail.subarray(0, bytesRead).lastIndexOf(0x0a);
      if (at >= 0) {
        const keep = start + at + 1;
        if (keep < size) await truncate(path, keep);
        return keep;
      }
      end = start;
    }
  } finally {
    await file.close();
  }
  await truncate(path, 0);
  return 0;
}

/** Removes the Parquet files an interrupted load of this segment may have left. */
export async function removeOutputsOf(layout: StoreLayout, id: number): Promise<void> {
  const days = await readdir(layout.events).catch(() => [] as string[]);
  for (const day of days) {
    if (!parseDayDirName(day)) continue;
    for (const name of await readdir(join(layout.events, day))) {
      const file = parseParquetFileName(name);
      if (file?.stage === 'loaded' && file.range.first === id && file.range.last === id) await unlink(join(layout.events, day, name));
    }
  }
}

export interface LoadResult {
  rows: number;
  days: string[];
}

/** Writes `rowsPath`: the segment's lines, record lines replaced by the rows of their events. */
export type DeriveRows = (segmentPath: string, rowsPath: string) => Promise<unknown>;

/** Where a segment's derived rows are written: a scratch copy, the segment stays the durable record. */
function derivedRowsPath(layout: StoreLayout, id: number): string {
  return join(layout.tmp, `segment-${id}.rows.ndjson`);
}

/**
 * Readies a segment for loading: cuts a torn tail, then gives the file of its rows (the segment
 * itself, or rows derived from its record lines), or undefined when the segment is empty.
 * It may run ahead of loading, so deriving one segment overlaps loading the one before.
 */
export async function segmentRows(layout: StoreLayout, id: number, path: string, deriveRows?: DeriveRows): Promise<string | undefined> {
  if ((await dropTornTail(path)) === 0) return undefined;
  if (!deriveRows) return path;
  const rowsPath = derivedRowsPath(layout, id);
  await deriveRows(path, rowsPath);
  return rowsPath;
}

/** The segment's rows as the table has them, read from its rows file. */
function rowsSource(rowsPath: string): string {
  return `(SELECT ${SELECT_LIST} FROM read_ndjson(${quoteLiteral(rowsPath)}, columns = ${WAL_COLUMNS}, format = 'newline_delimited'))`;
}

/** Loads a segment's rows (from segmentRows) into Parquet, then deletes the segment: the commit point. */
export async function loadSegment(connection: DuckDBConnection, layout: StoreLayout, id: number, path: string, rowsPath: string | undefined): Promise<LoadResult> {
  if (rowsPath === undefined) {
    await unlink(path);
    return { rows: 0, days: [] };
  }
  return writeSegment(connection, layout, id, path, rowsPath, rowsSource(rowsPath));
}

/** A row that always loads, to tell a bad line from a failing environment. */
const GOOD_ROW: VigilEvent = { id: 'probe', tenant: 'default', timestamp: 0, fields: { 'event.original': 'probe' } };

/** Rows tried at once while looking for the ones DuckDB refuses. */
const ISOLATION_CHUNK = 10_000;

export interface IsolatedLoad extends LoadResult {
  /** Lines set aside in the quarantine folder. */
  quarantined: number;
  quarantineFile?: string;
}

/**
 * Loads what can be loaded of a segment that keeps failing, so one line DuckDB refuses cannot
 * hold back every event after it. The rows are tried in chunks; a failing chunk is halved until
 * the lines that fail on their own are found. Those are set aside in the quarantine folder, each
 * with its error, and the rest is loaded as usual — but only if a row known to be good loads:
 * otherwise the cause is not the data (disk, memory), the error is thrown and the segment is
 * retried whole.
 */
export async function loadSegmentIsolating(connection: DuckDBConnection, layout: StoreLayout, id: number, path: string, rowsPath: string | undefined): Promise<IsolatedLoad> {
  if (rowsPath === undefined) return { ...(await loadSegment(connection, layout, id, path, rowsPath)), quarantined: 0 };
  const lines = (await readFile(rowsPath, 'utf8')).split('\n').filter((line) => line.length > 0);
  const table = `vigil_isolate_${id}`;
  const chunkPath = join(layout.tmp, `segment-${id}.chunk.ndjson`);
  const refused: { line: string; error: string }[] = [];
  const tryLines = async (part: string[]): Promise<void> => {
    await writeFile(chunkPath, part.join('\n') + '\n');
    try {
      await connection.run(`INSERT INTO ${table} SELECT * FROM ${rowsSource(chunkPath)}`);
    } catch (error) {
      if (part.length === 1) {
        refused.push({ line: part[0]!, error: error instanceof Error ? error.message : String(error) });
        return;
      }
      const half = part.length >>> 1;
      await tryLines(part.slice(0, half));
      await tryLines(part.slice(half));
    }
  };
  await connection.run(`CREATE OR REPLACE TEMP TABLE ${table} AS SELECT * FROM ${rowsSource(rowsPath)} LIMIT 0`);
  try {
    for (let i = 0; i < lines.length; i += ISOLATION_CHUNK) await tryLines(lines.slice(i, i + ISOLATION_CHUNK));
    let quarantineFile: string | undefined;
    if (refused.length > 0) {
      // Throws when even a good row cannot be read now.
      await writeFile(chunkPath, toRow(GOOD_ROW) + '\n');
      await connection.run(`SELECT count(*) FROM ${rowsSource(chunkPath)}`);
      // Durable before the segment is deleted: these lines exist nowhere else.
      await mkdir(layout.quarantine, { recursive: true });
      quarantineFile = join(layout.quarantine, `segment-${id}.ndjson`);
      const handle = await open(quarantineFile, 'w');
      try {
        await handle.writeFile(refused.map((r) => JSON.stringify(r)).join('\n') + '\n');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await syncDir(layout.quarantine);
    }
    const result = await writeSegment(connection, layout, id, path, rowsPath, `(SELECT * FROM ${table})`);
    return { ...result, quarantined: refused.length, quarantineFile };
  } finally {
    await connection.run(`DROP TABLE IF EXISTS ${table}`);
    await rm(chunkPath, { force: true });
  }
}

/** Writes the rows of `source` into Parquet, one file per day, then deletes the segment. */
async function writeSegment(connection: DuckDBConnection, layout: StoreLayout, id: number, path: string, rowsPath: string, source: string): Promise<LoadResult> {
  const work = join(layout.tmp, `segment-${id}`);
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  const prefix = rangePrefix({ first: id, last: id });
  // parquet.ts decides how the rows are written.
  const reader = await connection.runAndReadAll(copyEventsSql(source, work, { partitionByDay: { filenamePattern: `${prefix}_{i}` } }));
  const rows = Number(reader.getRows()[0]?.[0] ?? 0);
  const days: string[] = [];
  for (const dayDir of await readdir(work)) {
    const day = parseDayDirName(dayDir);
    if (!day) continue;
    days.push(day);
    const target = join(layout.events, dayDir);
    await mkdir(target, { recursive: true });
    for (const name of await readdir(join(work, dayDir))) await rename(join(work, dayDir, name), join(target, name));
    await syncDir(target);
  }
  await unlink(path);
  await syncDir(layout.wal);
  await rm(work, { recursive: true, force: true });
  if (rowsPath !== path) await rm(rowsPath, { force: true });
  return { rows, days };
}

export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
