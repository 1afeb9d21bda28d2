// Search over stored events: the query language compiled to SQL, scoped to the caller's
// tenants and a time range, with cursor paging, histograms and top values.
import type { EventStore } from '../store/events/index.js';
import { EXTRA_COLUMN, FILE_COLUMN, ID_COLUMN, ROW_COLUMN, TENANT_COLUMN, TIMESTAMP_COLUMN, quoteIdent, readEventsSql, type FileRead } from '../store/events/index.js';
import { VigilError } from '../errors.js';
import { ECS } from '../event/fields.js';
import { compileQuery, fieldExpression, parseQuery, type QueryNode } from './index.js';
import { candidateFiles } from './prune.js';
import { newestRowsBound, rowGroupSpans, timeSpan } from './row-groups.js';

export interface SearchScope {
  /** Query text; empty matches everything. */
  query: string;
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
  /** Tenants the caller may see; null for all. */
  tenants: string[] | null;
}

export type EventDocument = Record<string, unknown> & { id: string; tenant: string; '@timestamp': string };

export interface SearchResult {
  total: number;
  events: EventDocument[];
  /** Pass back as `cursor` for the next page; absent on the last page. */
  next_cursor?: string;
}

export interface HistogramResult {
  interval_ms: number;
  buckets: { time: string; count: number }[];
}

export interface TopResult {
  field: string;
  /** Events in scope that have the field. */
  total: number;
  values: { value: unknown; count: number }[];
}

export interface SearchService {
  search(scope: SearchScope & { limit?: number; cursor?: string }): Promise<SearchResult>;
  histogram(scope: SearchScope & { buckets?: number }): Promise<HistogramResult>;
  top(scope: SearchScope & { field: string; size?: number }): Promise<TopResult>;
}

const TS = quoteIdent(TIMESTAMP_COLUMN);
const ID = quoteIdent(ID_COLUMN);
const TENANT = quoteIdent(TENANT_COLUMN);
const FILE = quoteIdent(FILE_COLUMN);
const ROW = quoteIdent(ROW_COLUMN);
/** Where buckets are counted from: time_bucket's default origin, a Monday (weekly buckets start on Mondays). */
const BUCKET_ORIGIN_MS = Date.UTC(2000, 0, 3);
const NICE_INTERVALS_MS = [1_000, 5_000, 10_000, 30_000, 60_000, 300_000, 600_000, 1_800_000, 3_600_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000, 604_800_000, 2_592_000_000];

interface Where {
  sql: string;
  params: unknown[];
}

function scopeWhere(scope: SearchScope, query: QueryNode): Where {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (scope.from !== undefined) {
    parts.push(`${TS} >= epoch_ms(CAST(? AS BIGINT))`);
    params.push(scope.from);
  }
  if (scope.to !== undefined) {
    parts.push(`${TS} < epoch_ms(CAST(? AS BIGINT))`);
    params.push(scope.to);
  }
  if (scope.tenants !== null) {
    if (scope.tenants.length === 0) parts.push('FALSE');
    else {
      parts.push(`${TENANT} IN (${scope.tenants.map(() => '?').join(', ')})`);
      params.push(...scope.tenants);
    }
  }
  if (query.type !== 'all') {
    const compiled = compileQuery(query);
    parts.push(`(${compiled.where})`);
    params.push(...compiled.params);
  }
  return { sql: parts.length > 0 ? parts.join(' AND ') : 'TRUE', params };
}

function encodeCursor(timestamp: number, id: string): string {
  return Buffer.from(JSON.stringify([timestamp, id])).toString('base64url');
}

function decodeCursor(cursor: string): { timestamp: number; id: string } {
  try {
    const [timestamp, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof timestamp === 'number' && typeof id === 'string') return { timestamp, id };
  } catch {
    // fall through to the error below
  }
  throw new VigilError('bad_request', 'invalid cursor: pass back next_cursor from the previous page unchanged');
}

/** A stored row as the event an analyst sees: flat ECS fields, extra fields merged back. */
export function rowToDocument(row: Record<string, unknown>): EventDocument {
  const doc: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (value === null || key === EXTRA_COLUMN) continue;
    doc[key] = key === TIMESTAMP_COLUMN || key === ECS.event.ingested ? new Date(value as number).toISOString() : value;
  }
  const extra = row[EXTRA_COLUMN];
  if (typeof extra === 'string' && extra !== '{}') Object.assign(doc, JSON.parse(extra) as Record<string, unknown>);
  return doc as EventDocument;
}

/** Row numbers as ranges of consecutive rows: a page of neighbours is one condition, not hundreds. */
function rowRanges(rows: number[]): { first: number; last: number }[] {
  const ranges: { first: number; last: number }[] = [];
  for (const row of rows.sort((a, b) => a - b)) {
    const last = ranges[ranges.length - 1];
    if (last && row <= last.last + 1) last.last = Math.max(last.last, row);
    else ranges.push({ first: row, last: row });
  }
  return ranges;
}

/** DuckDB's errors for a listed file that is no longer there. */
const VANISHED_FILE = /IO Error: (No files found that match the pattern|Cannot open file)/;

/**
 * Runs a read once more, on a fresh listing of the files, when one it listed vanished before
 * it was read: compaction deletes a merge's inputs once its output is in place.
 */
async function retryingVanishedFiles<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (!(error instanceof Error) || !VANISHED_FILE.test(error.message)) throw error;
    return read();
  }
}

export function createSearchService(store: EventStore): SearchService {
  const service = searchOnce(store);
  return {
    search: (scope) => retryingVanishedFiles(() => service.search(scope)),
    histogram: (scope) => retryingVanishedFiles(() => service.histogram(scope)),
    top: (scope) => retryingVanishedFiles(() => service.top(scope)),
  };
}

/** The searches, each over the files listed when it starts. */
function searchOnce(store: EventStore): SearchService {
  /** The files to read (narrowed by the free-text index), their relation, and the condition rows must meet. */
  async function prepare(scope: SearchScope): Promise<{ query: QueryNode; files: FileRead[]; relation: string; where: Where }> {
    const query = parseQuery(scope.query);
    const files = await candidateFiles(store, query, scope.from, scope.to);
    return { query, files, relation: readEventsSql(files), where: scopeWhere(scope, query) };
  }

  /**
   * A page of whole events in two steps: where the page's rows are (sorting only time and id
   * is cheap), then those rows alone. Sorting whole rows would read every column of every match.
   */
  async function pageRows(files: FileRead[], where: Where, limit: number, newestFrom?: number): Promise<Record<string, unknown>[]> {
    const located = readEventsSql(files, { locate: true });
    const locate = (extra: Where) => store.read(
      `SELECT ${FILE} AS file, ${ROW} AS row FROM ${located} WHERE ${where.sql}${extra.sql} ORDER BY ${TS} DESC, ${ID} DESC LIMIT ?`,
      [...where.params, ...extra.params, limit]);
    // From the newest row groups alone when they are known to hold a full page; the rows
    // before them only when the condition left too few.
    let keys = newestFrom === undefined ? [] : await locate({ sql: ` AND ${TS} >= epoch_ms(CAST(? AS BIGINT))`, params: [newestFrom] });
    if (keys.length < limit) keys = await locate({ sql: '', params: [] });
    if (keys.length === 0) return [];
    const rowsByFile = new Map<string, number[]>();
    for (const key of keys) {
      const file = String(key.file);
      const list = rowsByFile.get(file);
      if (list) list.push(Number(key.row));
      else rowsByFile.set(file, [Number(key.row)]);
    }
    const wanted = [...rowsByFile].map(([path, rows]) => ({ path, rows: rowRanges(rows) }));
    return store.read(`SELECT * FROM ${readEventsSql(wanted)} ORDER BY ${TS} DESC, ${ID} DESC`);
  }

  return {
    async search(scope) {
      const limit = Math.min(Math.max(scope.limit ?? 100, 1), 10_000);
      const { query, files, relation, where } = await prepare(scope);
      const count = async () => ((await store.read(`SELECT count(*) AS total FROM ${relation} WHERE ${where.sql}`, where.params)) as [{ total: number }])[0].total;
      const pageWhere = { sql: where.sql, params: [...where.params] };
      let before = scope.to === undefined ? undefined : scope.to - 1;
      if (scope.cursor) {
        const cursor = decodeCursor(scope.cursor);
        pageWhere.sql += ` AND (${TS} < epoch_ms(CAST(? AS BIGINT)) OR (${TS} = epoch_ms(CAST(? AS BIGINT)) AND ${ID} < ?))`;
        pageWhere.params.push(cursor.timestamp, cursor.timestamp, cursor.id);
        before = Math.min(before ?? Infinity, cursor.timestamp - 1);
      }
      // Only for pages of everything (the console's first view) over whole files: a narrower
      // query may match too few of the newest rows, and a second pass would cost a needle
      // search more than it saves.
      const groups = query.type === 'all' && !files.some((f) => f.rows) ? await rowGroupSpans(store, files) : undefined;
      const newestFrom = groups && newestRowsBound(groups, limit + 1, { from: scope.from, before });
      // A later page is counted beside it, on another connection: a search narrowed to a few row
      // groups keeps one thread busy per query, so the two run side by side. A first page that
      // is not full holds every match and is its own count: a needle search scans once, not twice.
      const [rows, counted] = await Promise.all([pageRows(files, pageWhere, limit + 1, newestFrom), scope.cursor ? count() : undefined]);
      const more = rows.length > limit;
      const total = counted ?? (more ? await count() : rows.length);
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        total,
        events: page.map(rowToDocument),
        ...(more && last ? { next_cursor: encodeCursor(last[TIMESTAMP_COLUMN] as number, String(last[ID_COLUMN])) } : {}),
      };
    },

    async histogram(scope) {
      const { files, relation, where } = await prepare(scope);
      let from = scope.from;
      let to = scope.to;
      if (from === undefined || to === undefined) {
        // The span of the files read, from their footers, rather than a scan for the span of the
        // matches: it holds every match, so the buckets still cover them all.
        const groups = await rowGroupSpans(store, files);
        let bounds = groups && timeSpan(groups);
        if (bounds === undefined) {
          const [scanned] = await store.read(`SELECT min(${TS}) AS lo, max(${TS}) AS hi FROM ${relation} WHERE ${where.sql}`, where.params);
          bounds = typeof scanned?.lo === 'number' ? { lo: scanned.lo, hi: scanned.hi as number } : null;
        }
        from ??= bounds?.lo ?? Date.now() - 3_600_000;
        to ??= (bounds?.hi ?? Date.now()) + 1;
      }
      const wanted = Math.min(Math.max(scope.buckets ?? 60, 1), 1000);
      const span = Math.max(to - from, 1);
      const interval = NICE_INTERVALS_MS.find((ms) => span / ms <= wanted) ?? Math.ceil(span / wanted);
      // Buckets numbered from the one holding `from`, on integers: much cheaper per row than
      // time_bucket(), same buckets. Every row is at or after `from` (the scope's bound, or a
      // bound of the rows read), so integer division rounds down as bucketing must.
      const first = BUCKET_ORIGIN_MS + Math.floor((from - BUCKET_ORIGIN_MS) / interval) * interval;
      const rows = await store.read(
        `SELECT (epoch_ms(${TS}) - CAST(? AS BIGINT)) // CAST(? AS BIGINT) AS bucket, count(*) AS count FROM ${relation} WHERE ${where.sql} GROUP BY bucket ORDER BY bucket`,
        [first, interval, ...where.params]);
      return {
        interval_ms: interval,
        buckets: rows.map((r) => ({ time: new Date(first + (r.bucket as number) * interval).toISOString(), count: r.count as number })),
      };
    },

    async top(scope) {
      const size = Math.min(Math.max(scope.size ?? 10, 1), 1000);
      const { relation, where } = await prepare(scope);
      const field = fieldExpression(scope.field);
      // List-valued fields count each element; the expression yields one row per value.
      const values = `SELECT ${field.sql} AS value FROM ${relation} WHERE ${where.sql}`;
      // The total is the empty grouping set, counted in the same pass as the values: one scan, not two.
      const rows = await store.read(
        `SELECT value, count(*) AS count, grouping(value) AS is_total FROM (${values}) WHERE value IS NOT NULL
          GROUP BY GROUPING SETS ((value), ()) ORDER BY is_total DESC, count DESC, value LIMIT ?`,
        [...field.params, ...where.params, size + 1]);
      const total = Number(rows.find((r) => r.is_total === 1)?.count ?? 0);
      const top = rows.filter((r) => r.is_total !== 1);
      return { field: scope.field, total, values: top.map((r) => ({ value: r.value, count: r.count as number })) };
    },
  };
}
