// The Parquet files of the event store: listing them by day, merging small ones, and
// dropping whole days for retention.

import type { DuckDBConnection } from '@duckdb/node-api';
import { readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { compactedFileName, dayDirName, isCompactedFileName, dayOf, parseDayDirName, parseParquetFileName, type SegmentRange, type StoreLayout } from './layout.js';
import { syncDir } from './loader.js';
import { copyEventsSql, readEventsSql } from './parquet.js';
import { planMerges, type MergePlanOptions } from './merge-plan.js';
import { dataPathOf, indexPathOf, isIndexFileName, writeTextIndex } from './text-index.js';

/** Compaction runs in the background and rewrites each event once: it can afford harder compression. */
const COMPACTION_LEVEL = 9;

export interface StoredFile {
  day: string;
  path: string;
  name: string;
  range: SegmentRange;
}

export async function listDays(layout: StoreLayout): Promise<string[]> {
  const names = await readdir(layout.events).catch(() => [] as string[]);
  return names.map(parseDayDirName).filter((d): d is string => d !== undefined).sort();
}

export async function listFiles(layout: StoreLayout, day: string): Promise<StoredFile[]> {
  const dir = join(layout.events, dayDirName(day));
  const names = await readdir(dir).catch(() => [] as string[]);
  const files: StoredFile[] = [];
  for (const name of names) {
    const range = parseParquetFileName(name);
    if (range) files.push({ day, path: join(dir, name), name, range });
  }
  return files.sort((a, b) => a.range.first - b.range.first || a.name.localeCompare(b.name));
}

/**
 * Files holding events whose time may fall in [from, to] (epoch ms, either open). Inputs of a
 * merge that are still there beside its output are left out, so no event is read twice.
 */
export async function filesInRange(layout: StoreLayout, from?: number, to?: number): Promise<string[]> {
  const first = from === undefined ? undefined : dayOf(from);
  const last = to === undefined ? undefined : dayOf(to);
  const days = (await listDays(layout)).filter((d) => (!first || d >= first) && (!last || d <= last));
  const lists = await Promise.all(days.map((d) => listFiles(layout, d)));
  return lists.flatMap((files) => files.filter((file) => !files.some((other) => supersedes(other, file)))).map((f) => f.path);
}

/** The highest segment id any Parquet file came from. */
export async function highestSegmentId(layout: StoreLayout): Promise<number> {
  let highest = -1;
  for (const day of await listDays(layout)) {
    for (const file of await listFiles(layout, day)) highest = Math.max(highest, file.range.last);
  }
  return highest;
}

/** Whether `other` holds every event of `file`: a wider range over it, or its own range compacted. */
function supersedes(other: StoredFile, file: StoredFile): boolean {
  if (other === file || other.range.first > file.range.first || other.range.last < file.range.last) return false;
  const wider = (other.range.last - other.range.first) > (file.range.last - file.range.first);
  return wider || (isCompactedFileName(other.name) && !isCompactedFileName(file.name));
}

/**
 * Deletes files whose segments another file of the same day already holds: what a merge
 * interrupted between writing its output and deleting its inputs leaves behind.
 */
export async function removeSuperseded(layout: StoreLayout): Promise<number> {
  let removed = 0;
  for (const day of await listDays(layout)) {
    const files = await listFiles(layout, day);
    for (const file of files) {
      if (files.some((other) => supersedes(other, file))) {
        await removeDataFile(file.path);
        removed++;
      }
    }
    // An index whose data file is gone: a merge stopped between its two renames.
    const dir = join(layout.events, dayDirName(day));
    for (const name of await readdir(dir)) {
      if (isIndexFileName(name) && !files.some((f) => f.path === dataPathOf(join(dir, name)))) await unlink(join(dir, name));
    }
  }
  return removed;
}

/** Deletes a data file, then its index if it has one. */
async function removeDataFile(path: string): Promise<void> {
  await unlink(path);
  await rm(indexPathOf(path), { force: true });
}

/** A data file to read and the path of its index, when it has one. */
export interface IndexedFile {
  path: string;
  index?: string;
}

/** Files holding events whose time may fall in [from, to], with their indexes. */
export async function indexedFilesInRange(layout: StoreLayout, from?: number, to?: number): Promise<IndexedFile[]> {
  const paths = await filesInRange(layout, from, to);
  const indexes = new Set<string>();
  for (const dir of new Set(paths.map((path) => dirname(path)))) for (const index of await indexesIn(dir)) indexes.add(index);
  return paths.map((path) => (indexes.has(indexPathOf(path)) ? { path, index: indexPathOf(path) } : { path }));
}

/** Paths of the index files in a day folder: one listing tells which exist, rather than a stat per file. */
async function indexesIn(dir: string): Promise<string[]> {
  return (await readdir(dir).catch(() => [] as string[])).filter(isIndexFileName).map((name) => join(dir, name));
}

export interface CompactionOptions extends Omit<MergePlanOptions, 'sizeRatio'> {
  /** Only files from segments below this id: later ones may still be being loaded. */
  belowSegment: number;
}

const DAY_MS = 86_400_000;
/** How long after its end a day may still get late events. */
const SETTLE_MS = 3_600_000;

/**
 * The files in segment order, those of one segment range together: a merge takes all of them or
 * none, since the merged file's range would cover one left out and a restart would delete it.
 */
export function sameRangeUnits(files: StoredFile[]): StoredFile[][] {
  const units: StoredFile[][] = [];
  for (const file of files) {
    const last = units[units.length - 1];
    if (last && last[0]!.range.first === file.range.first && last[0]!.range.last === file.range.last) last.push(file);
    else units.push([file]);
  }
  return units;
}

/** Merges small files per day (planMerges decides which); returns how many files were merged away. */
export async function compact(connection: DuckDBConnection, layout: StoreLayout, options: CompactionOptions): Promise<number> {
  let merged = 0;
  const days = await listDays(layout);
  for (const day of days) {
    // Days before the latest get few new files: compact even one (the file of the segment that
    // spanned midnight), so that all their events get the harder compression and the index.
    // Once a day is over by an hour, late events have stopped: its small files become one.
    const latest = day === days[days.length - 1];
    const settled = !latest && Date.parse(`${day}T00:00:00Z`) + DAY_MS + SETTLE_MS <= Date.now();
    const plan = { smallFileBytes: options.smallFileBytes, minFiles: latest ? options.minFiles : 1, sizeRatio: settled ? Infinity : undefined };
    const units = sameRangeUnits((await listFiles(layout, day)).filter((f) => f.range.last < options.belowSegment));
    const indexes = new Set(await indexesIn(join(layout.events, dayDirName(day))));
    const candidates = await Promise.all(units.map(async (unit) => {
      let bytes = 0;
      for (const file of unit) bytes += (await stat(file.path)).size;
      // Only compaction writes a free-text index: a file with one has been merged already.
      return { bytes, compacted: unit.every((file) => indexes.has(indexPathOf(file.path))) };
    }));
    for (const members of planMerges(candidates, plan)) {
      const group = members.flatMap((i) => units[i]!);
      const range = { first: group[0]!.range.first, last: group[group.length - 1]!.range.last };
      const name = compactedFileName(range);
      const work = join(layout.tmp, `merge-${day}-${name}`);
      await connection.run(copyEventsSql(readEventsSql(group.map((f) => ({ path: f.path }))), work, { compressionLevel: COMPACTION_LEVEL }));
      await writeTextIndex(connection, work, indexPathOf(work));
      const dir = join(layout.events, dayDirName(day));
      // The index goes first: a data file is never seen beside an index that is not its own.
      await rename(indexPathOf(work), indexPathOf(join(dir, name)));
      await rename(work, join(dir, name));
      await syncDir(dir);
      for (const file of group) await removeDataFile(file.path);
      merged += group.length;
    }
  }
  return merged;
}

/**
 * Drops every day older than the cutoff whose files were all written before it too, so
 * that old logs imported today (a forensic import) are not deleted on arrival.
 */
export async function applyRetention(layout: StoreLayout, retentionDays: number, now = Date.now()): Promise<string[]> {
  if (retentionDays <= 0) return [];
  const cutoff = now - retentionDays * 86_400_000;
  const cutoffDay = dayOf(cutoff);
  const dropped: string[] = [];
  for (const day of await listDays(layout)) {
    if (day >= cutoffDay) continue;
    const files = await listFiles(layout, day);
    const mtimes = await Promise.all(files.map((f) => stat(f.path).then((s) => s.mtimeMs)));
    if (mtimes.some((m) => m >= cutoff)) continue;
    await rm(join(layout.events, dayDirName(day)), { recursive: true, force: true });
    dropped.push(day);
  }
  return dropped;
}
