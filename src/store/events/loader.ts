// Moves a closed WAL segment into Parquet, one file per event day, then deletes the segment.
// Deleting the segment is the commit point: a crash before it leaves the segment in place,
// and the next start removes whatever this segment had already produced and loads it again,
// so every acknowledged event ends up stored exactly once.

import type { DuckDBConnection } from '@duckdb/node-api';
import { mkdir, open, readdir, rename, rm, stat, truncate, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { tableColumns } from './columns.js';
import { quoteIdent, quoteLiteral } from './duckdb.js';
import { parseDayDirName, parseParquetFileName, rangePrefix, type StoreLayout } from './layout.js';
import { EPOCH_MS_COLUMNS } from './row.js';

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
      const range = parseParquetFileName(name);
      if (range && range.first === id && range.last === id) await unlink(join(layout.events, day, name));
    }
  }
}

export interface LoadResult {
  rows: number;
  days: string[];
}

export async function loadSegment(connection: DuckDBConnection, layout: StoreLayout, id: number, path: string): Promise<LoadResult> {
  const bytes = await dropTornTail(path);
  if (bytes === 0) {
    await unlink(path);
    return { rows: 0, days: [] };
  }
  const work = join(layout.tmp, `segment-${id}`);
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  const prefix = rangePrefix({ first: id, last: id });
  const reader = await connection.runAndReadAll(`
    COPY (
      SELECT ${SELECT_LIST}, strftime(epoch_ms(${quoteIdent('@timestamp')}), '%Y-%m-%d') AS day
      FROM read_ndjson(${quoteLiteral(path)}, columns = ${WAL_COLUMNS}, format = 'newline_delimited')
      ORDER BY day, ${quoteIdent('@timestamp')}
    ) TO ${quoteLiteral(work)} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (day), FILENAME_PATTERN ${quoteLiteral(`${prefix}_{i}`)}, ROW_GROUP_SIZE 122880)`);
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
