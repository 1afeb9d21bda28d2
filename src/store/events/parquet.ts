// How events are laid out in Parquet, for every writer (the loader, compaction) and reader:
// - a `message` that is part of `event.original` (a syslog line's text) is not stored twice:
//   the file keeps where it starts and its length, and reading puts it back;
// - rows are ordered hour by hour, then by dataset, event code and host: events of one kind
//   side by side compress much better, and recent-time queries read few row groups;
// - Parquet v2 encodings, ZSTD; compaction, which runs in the background, compresses harder,
//   and hardest once a day has settled.

import { tableColumns } from './columns.js';
import { quoteIdent, quoteLiteral } from './duckdb.js';
import { ECS } from '../../event/fields.js';

/** Stored-only columns: where `message` starts in `event.original` (1-based) and its length. */
export const MESSAGE_START_COLUMN = 'message_start';
export const MESSAGE_LENGTH_COLUMN = 'message_length';

/** Rows per row group; also the block size of the text index (text-index.ts). */
export const ROW_GROUP_ROWS = 122_880;

const MESSAGE = quoteIdent(ECS.message);
const ORIGINAL = quoteIdent(ECS.event.original);
const TS = quoteIdent(ECS.timestamp);
const START = quoteIdent(MESSAGE_START_COLUMN);
const LENGTH = quoteIdent(MESSAGE_LENGTH_COLUMN);

/** Position of the message in the original text, NULL when it is not in it (strpos counts characters, as substr does). */
const AT = `nullif(strpos(${ORIGINAL}, ${MESSAGE}), 0)`;

/** The table's columns as stored: message replaced by its position when it can be. */
function storedSelectList(): string {
  return tableColumns().map(({ name }) => name === ECS.message
    ? `CASE WHEN ${AT} IS NULL THEN ${MESSAGE} END AS ${MESSAGE}, ${AT} AS ${START}, CASE WHEN ${AT} IS NOT NULL THEN length(${MESSAGE}) END AS ${LENGTH}`
    : quoteIdent(name)).join(', ');
}

const STORED_SELECT_LIST = storedSelectList();
/**
 * Hour by hour, and within an hour the same kind of events side by side: they compress far
 * better, while a time range or a page of the newest events reads few row groups. (Ordering a
 * whole day by kind saved only 0.4% more on a 1M-event day and spread every hour over all of
 * the day's row groups.)
 */
const ROW_ORDER = `date_trunc('hour', ${TS}), ${quoteIdent(ECS.event.dataset)}, ${quoteIdent(ECS.event.code)}, ${quoteIdent(ECS.host.name)}, ${TS}`;

export interface CopyOptions {
  /** Write one folder per event day (`day=YYYY-MM-DD`) under `target`, files named by this pattern. */
  partitionByDay?: { filenamePattern: string };
  /** ZSTD level; the default (3) is cheap enough for the ingest path. */
  compressionLevel?: number;
}

/**
 * The COPY statement writing `source` — a relation with the table's columns (tableColumns())
 * — as event Parquet to `target` (a file, or a folder with partitionByDay).
 */
export function copyEventsSql(source: string, target: string, options: CopyOptions = {}): string {
  const day = options.partitionByDay ? `, strftime(${TS}, '%Y-%m-%d') AS day` : '';
  const partition = options.partitionByDay
    ? `, PARTITION_BY (day), FILENAME_PATTERN ${quoteLiteral(options.partitionByDay.filenamePattern)}`
    : '';
  return `COPY (SELECT ${STORED_SELECT_LIST}${day} FROM ${source} ORDER BY ${options.partitionByDay ? 'day, ' : ''}${ROW_ORDER})
    TO ${quoteLiteral(target)} (${writeOptions(options.compressionLevel)}${partition})`;
}

/** The COPY statement rewriting a stored file at another ZSTD level, its rows as they are, in the same order. */
export function recompressSql(source: string, target: string, compressionLevel: number): string {
  // A plain scan of one file keeps its row order (DuckDB preserves insertion order by default).
  return `COPY (SELECT * FROM read_parquet(${quoteLiteral(source)})) TO ${quoteLiteral(target)} (${writeOptions(compressionLevel)})`;
}

function writeOptions(compressionLevel?: number): string {
  const level = compressionLevel ? `, COMPRESSION_LEVEL ${Math.trunc(compressionLevel)}` : '';
  return `FORMAT parquet, COMPRESSION zstd${level}, PARQUET_VERSION V2, ROW_GROUP_SIZE ${ROW_GROUP_ROWS}`;
}

/** A stored file to read, whole or only some rows (ranges of file_row_number, inclusive). */
export interface FileRead {
  path: string;
  rows?: { first: number; last: number }[];
}

/** The message as the event had it: stored, or cut from the original text. */
const RESTORED_MESSAGE = `coalesce(${MESSAGE}, substr(${ORIGINAL}, ${START}, ${LENGTH}))`;

/** Columns that say where a row is stored, kept by readEventsSql(files, { locate: true }). */
export const FILE_COLUMN = 'filename';
export const ROW_COLUMN = 'file_row_number';

/**
 * Rows of a file as a condition: single rows in one IN list, longer ranges as BETWEEN. A page of
 * the newest events is a hundred rows scattered over a row group; DuckDB scans for them through
 * one IN list in about 60% of the time it takes through an OR of a hundred BETWEENs.
 */
function rowsCondition(rows: readonly { first: number; last: number }[]): string {
  const singles = rows.filter((r) => r.first === r.last).map((r) => Math.trunc(r.first));
  const ranges = rows.filter((r) => r.first !== r.last).map((r) => `${ROW_COLUMN} BETWEEN ${Math.trunc(r.first)} AND ${Math.trunc(r.last)}`);
  return [...(singles.length > 0 ? [`${ROW_COLUMN} IN (${singles.join(', ')})`] : []), ...ranges].join(' OR ');
}

/**
 * A relation with the table's columns over stored files. Row ranges become file_row_number
 * conditions, which DuckDB turns into skipped row groups. With `locate`, each row also has
 * its file and row number (FILE_COLUMN, ROW_COLUMN), to fetch it again cheaply.
 */
export function readEventsSql(files: readonly FileRead[], options: { locate?: boolean } = {}): string {
  const locate = options.locate ?? false;
  const scan = (list: string, rowNumbers: boolean) =>
    `read_parquet(${list}, union_by_name = true${rowNumbers ? ', file_row_number = true' : ''}${locate ? ', filename = true' : ''})`;
  const select = (rowNumbers: boolean) =>
    `SELECT * EXCLUDE (${MESSAGE}, ${START}, ${LENGTH}${rowNumbers && !locate ? `, ${ROW_COLUMN}` : ''}), ${RESTORED_MESSAGE} AS ${MESSAGE}`;
  const whole = files.filter((f) => !f.rows).map((f) => quoteLiteral(f.path));
  const parts: string[] = [];
  if (whole.length > 0) parts.push(`${select(locate)} FROM ${scan(`[${whole.join(', ')}]`, locate)}`);
  for (const file of files) {
    if (!file.rows || file.rows.length === 0) continue;
    parts.push(`${select(true)} FROM ${scan(quoteLiteral(file.path), true)} WHERE ${rowsCondition(file.rows)}`);
  }
  if (parts.length === 0) return locate ? `(SELECT *, NULL::VARCHAR AS ${FILE_COLUMN}, NULL::BIGINT AS ${ROW_COLUMN} FROM ${EMPTY_RELATION})` : EMPTY_RELATION;
  return `(${parts.join(' UNION ALL BY NAME ')})`;
}

/**
 * SQL listing each row group of the files with its rows (file_row_number, inclusive) and the
 * bounds of the event times in it (epoch ms; NULL where the file has no statistics), read
 * from the files' footers alone: the time span of stored events without a scan.
 */
export function rowGroupTimesSql(paths: readonly string[]): string {
  return `SELECT file_name AS path,
      sum(row_group_num_rows) OVER (PARTITION BY file_name ORDER BY row_group_id) - row_group_num_rows AS first_row,
      sum(row_group_num_rows) OVER (PARTITION BY file_name ORDER BY row_group_id) - 1 AS last_row,
      epoch_ms(CAST(stats_min_value AS TIMESTAMP)) AS lo, epoch_ms(CAST(stats_max_value AS TIMESTAMP)) AS hi
    FROM parquet_metadata([${paths.map(quoteLiteral).join(', ')}]) WHERE path_in_schema = ${quoteLiteral(ECS.timestamp)}`;
}

/** A relation with the table's columns and no rows. */
export const EMPTY_RELATION = `(SELECT ${tableColumns().map((c) => `NULL::${c.sqlType} AS ${quoteIdent(c.name)}`).join(', ')} LIMIT 0)`;
