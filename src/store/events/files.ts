// The Parquet files of the event store: listing them by day, merging small ones, and
// dropping whole days for retention.

import type { DuckDBConnection } from '@duckdb/node-api';
import { copyFile, readdir, rename, rm, stat, unlink, utimes } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { dayDirName, dayOf, parseDayDirName, parseParquetFileName, STAGE_RANK, stageFileName, type FileStage, type SegmentRange, type StoreLayout } from './layout.js';
import { syncDir } from './loader.js';
import { copyEventsSql, readEventsSql, recompressSql } from './parquet.js';
import { planMerges, type MergePlanOptions } from './merge-plan.js';
import { dataPathOf, indexPathOf, isIndexFileName, writeTextIndex } from './text-index.js';

/** ZSTD level of merges while a day grows: compaction runs in the background and rewrites an
 *  event a few times, so it affords harder compression than loading (level 3), not the hardest. */
const COMPACTION_LEVEL = 9;
/** ZSTD level of a settled day's files, rewritten once more: files ~7% smaller than at level 9
 *  for ~5× the CPU, spent once per event (the idea of ClickHouse's TTL RECOMPRESS). */
const SETTLED_LEVEL = 15;

export interface StoredFile {
  day: string;
  path: string;
  name: string;
  range: SegmentRange;
  stage: FileStage;
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
    const parsed = parseParquetFileName(name);
    if (parsed) files.push({ day, path: join(dir, name), name, ...parsed });
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

/** Whether `other` holds every event of `file`: a wider range over it, or its own range at a later stage. */
function supersedes(other: StoredFile, file: StoredFile): boolean {
  if (other === file || other.range.first > file.range.first || other.range.last < file.range.last) return false;
  const wider = (other.range.last - other.range.first) > (file.range.last - file.range.first);
  return wider || STAGE_RANK[other.stage] > STAGE_RANK[file.stage];
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

export interface CompactionOptions extends Pick<MergePlanOptions, 'smallFileBytes' | 'minFiles'> {
  /** Only files from segments below this id: later ones may still be being loaded. */
  belowSegment: number;
  /** At most this many rewrites of settled days' files (the rest wait for a later call):
   *  a backlog of days, after an upgrade or a bulk import of old logs, is worked off a little
   *  at a time rather than holding up the merges of the growing day. With 0, settled days are
   *  merged as growing ones are, so that old logs being imported are still merged cheaply. */
  settledRewrites?: number;
  /** The time that tells which days have settled; Date.now() by default. */
  now?: number;
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

/**
 * Merges and rewrites files day by day; returns how many files were replaced. Days still growing
 * come first: their small files are merged (planMerges decides which) at COMPACTION_LEVEL. Then
 * days over by an hour (late events have stopped), newest first: every file not yet settled is
 * rewritten at SETTLED_LEVEL, small ones merged into one, big ones each on its own.
 */
export async function compact(connection: DuckDBConnection, layout: StoreLayout, options: CompactionOptions): Promise<number> {
  const days = await listDays(layout);
  const latest = days[days.length - 1];
  const now = options.now ?? Date.now();
  let budget = options.settledRewrites ?? Infinity;
  const settling = budget > 0;
  const isSettled = (day: string) => settling && day !== latest && Date.parse(`${day}T00:00:00Z`) + DAY_MS + SETTLE_MS <= now;
  let replaced = 0;
  for (const day of days.filter((d) => !isSettled(d))) {
    // Days before the latest get few new files: compact even one (the file of the segment that
    // spanned midnight), so that all their events get the harder compression and the index.
    const plan = { smallFileBytes: options.smallFileBytes, minFiles: day === latest ? options.minFiles : 1 };
    replaced += (await compactDay(connection, layout, day, 'compacted', plan, options.belowSegment, Infinity)).replaced;
  }
  for (const day of days.filter(isSettled).reverse()) {
    if (budget <= 0) break;
    const plan = { smallFileBytes: options.smallFileBytes, minFiles: 1, sizeRatio: Infinity, rewriteBig: true };
    const done = await compactDay(connection, layout, day, 'settled', plan, options.belowSegment, budget);
    replaced += done.replaced;
    budget -= done.rewrites;
  }
  return replaced;
}

/** Runs a day's planned rewrites (at most `maxRewrites`) to files of `stage`. */
async function compactDay(
  connection: DuckDBConnection, layout: StoreLayout, day: string, stage: 'compacted' | 'settled',
  plan: MergePlanOptions, belowSegment: number, maxRewrites: number,
): Promise<{ rewrites: number; replaced: number }> {
  const dir = join(layout.events, dayDirName(day));
  const units = sameRangeUnits((await listFiles(layout, day)).filter((f) => f.range.last < belowSegment));
  const indexes = new Set(await indexesIn(dir));
  const candidates = await Promise.all(units.map(async (unit) => {
    let bytes = 0;
    let written = 0;
    for (const file of unit) {
      const { size, mtimeMs } = await stat(file.path);
      bytes += size;
      written = Math.max(written, mtimeMs);
    }
    // While a day grows, a file with a free-text index (only compaction writes one) has been
    // merged already; once it has settled, only a settled file is done.
    const done = unit.every((file) => (stage === 'settled' ? file.stage === 'settled' : indexes.has(indexPathOf(file.path))));
    return { bytes, written, compacted: done };
  }));
  const groups = planMerges(candidates, plan).slice(0, maxRewrites);
  let replaced = 0;
  for (const members of groups) {
    const group = members.flatMap((i) => units[i]!);
    const range = { first: group[0]!.range.first, last: group[group.length - 1]!.range.last };
    const name = stageFileName(range, stage);
    const work = join(layout.tmp, `merge-${day}-${name}`);
    const level = stage === 'settled' ? SETTLED_LEVEL : COMPACTION_LEVEL;
    const lone = group.length === 1 ? group[0]! : undefined;
    if (lone && indexes.has(indexPathOf(lone.path))) {
      // Rewritten as it is, rows in the same order: its index still holds, and nothing is sorted.
      await connection.run(recompressSql(lone.path, work, level));
      await copyFile(indexPathOf(lone.path), indexPathOf(work));
    } else {
      await connection.run(copyEventsSql(readEventsSql(group.map((f) => ({ path: f.path }))), work, { compressionLevel: level }));
      await writeTextIndex(connection, work, indexPathOf(work));
    }
    // Retention goes by when events were written (applyRetention): a rewrite keeps that time,
    // or a backlog of old days rewritten today would be kept a whole retention period more.
    const written = new Date(Math.max(...members.map((i) => candidates[i]!.written)));
    await utimes(work, written, written);
    // The index goes first: a data file is never seen beside an index that is not its own.
    await rename(indexPathOf(work), indexPathOf(join(dir, name)));
    await rename(work, join(dir, name));
    await syncDir(dir);
    for (const file of group) await removeDataFile(file.path);
    replaced += group.length;
  }
  return { rewrites: groups.length, replaced };
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
