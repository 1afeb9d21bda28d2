// Where the event store keeps its files, and how their names encode what they hold.
//
//   <dir>/wal/<segment>.ndjson                 write-ahead log segments, not yet in Parquet
//   <dir>/events/day=YYYY-MM-DD/s<a>-<b>_<n>.parquet   events of that day from segments a..b,
//                                              as loaded (n numbers the files of one load)
//   <dir>/events/day=YYYY-MM-DD/s<a>-<b>_c.parquet     the same, written by a compaction merge
//   <dir>/events/day=YYYY-MM-DD/s<a>-<b>_s.parquet     the same, rewritten once its day had settled
//   <dir>/tmp/                                 work in progress; emptied at start
//   <dir>/quarantine/segment-<n>.ndjson        WAL lines the loader could not store, with why
//
// A Parquet file's name says which WAL segments it came from, so recovery after a crash
// can tell what was loaded without any other bookkeeping.

import { join } from 'node:path';

export interface StoreLayout {
  root: string;
  wal: string;
  events: string;
  tmp: string;
  quarantine: string;
}

export function storeLayout(root: string): StoreLayout {
  return { root, wal: join(root, 'wal'), events: join(root, 'events'), tmp: join(root, 'tmp'), quarantine: join(root, 'quarantine') };
}

const ID_DIGITS = 12;

export function segmentFileName(id: number): string {
  return `${String(id).padStart(ID_DIGITS, '0')}.ndjson`;
}

export function parseSegmentFileName(name: string): number | undefined {
  const m = /^(\d+)\.ndjson$/.exec(name);
  return m ? Number(m[1]) : undefined;
}

/** Range of WAL segments a Parquet file holds. */
export interface SegmentRange {
  first: number;
  last: number;
}

export function rangePrefix(range: SegmentRange): string {
  return `s${String(range.first).padStart(ID_DIGITS, '0')}-${String(range.last).padStart(ID_DIGITS, '0')}`;
}

/**
 * How far a file has come: as loaded, merged while its day was still growing, or rewritten
 * (compressed hardest) once its day had settled. Of two files with the same segments, the
 * later stage replaces the earlier.
 */
export type FileStage = 'loaded' | 'compacted' | 'settled';

const STAGE_SUFFIX = { compacted: 'c', settled: 's' } as const;
export const STAGE_RANK: Record<FileStage, number> = { loaded: 0, compacted: 1, settled: 2 };

/** Name of a file written by compaction at a stage after loading. */
export function stageFileName(range: SegmentRange, stage: Exclude<FileStage, 'loaded'>): string {
  return `${rangePrefix(range)}_${STAGE_SUFFIX[stage]}.parquet`;
}

export function parseParquetFileName(name: string): { range: SegmentRange; stage: FileStage } | undefined {
  const m = /^s(\d+)-(\d+)_(\d+|c|s)\.parquet$/.exec(name);
  if (!m) return undefined;
  const stage = m[3] === STAGE_SUFFIX.compacted ? 'compacted' : m[3] === STAGE_SUFFIX.settled ? 'settled' : 'loaded';
  return { range: { first: Number(m[1]), last: Number(m[2]) }, stage };
}

export const DAY_DIR_PREFIX = 'day=';

export function dayDirName(day: string): string {
  return `${DAY_DIR_PREFIX}${day}`;
}

/** "YYYY-MM-DD" from a day directory's name, or undefined for anything else. */
export function parseDayDirName(name: string): string | undefined {
  const m = /^day=(\d{4}-\d{2}-\d{2})$/.exec(name);
  return m ? m[1] : undefined;
}

/** UTC day of an epoch-ms time. */
export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
