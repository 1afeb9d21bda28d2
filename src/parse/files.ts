// Reading log files into records for `vigil ingest`, `vigil parse` and `vigil hunt`: JSON lines,
// plain lines, gzip (streamed), whole-file JSON documents (a top-level array, CloudTrail's
// {"Records":[…]}), and Zeek TSV. Which reader a file gets is decided by READERS, by extension.

import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { DEFAULT_TENANT } from '../event/event.js';
import { NotFoundError } from '../errors.js';
import type { RawRecord } from '../pipeline/stages.js';
import { evtxToRawRecords } from './evtx/index.js';
import { lineSplitter } from './file-readers/lines.js';
import { lineAt, splitTopLevelArray } from './file-readers/json-document.js';
import type { JsonObject } from './format.js';
import { zeek } from './zeek/index.js';
import { zeekLogFromPath } from './zeek/log-name.js';
import { newZeekHeader, readHeaderLine, zeekRow } from './zeek/tsv.js';

export interface ReadLogFileOptions {
  tenant?: string;
  /** Format to name on every record (RawRecord.format); absent means detect. */
  format?: string;
  /** Origin source name; default `file:<path>`. */
  source?: string;
  /** Records per batch (default 1000). */
  batchSize?: number;
  /** Receive time stamped on records (default: when each batch starts). */
  now?: () => number;
  /** Told about files or parts of files that are skipped. */
  onWarning?: (message: string) => void;
}

interface ReadContext {
  path: string;
  tenant: string;
  format: string | undefined;
  source: string;
  batchSize: number;
  now: () => number;
  warn: (message: string) => void;
}

type FileReader = (ctx: ReadContext) => AsyncGenerator<RawRecord[]>;

/** Windows event log files, read by the native EVTX reader; records it cannot recover are reported. */
const readEvtx: FileReader = (ctx) => evtxToRawRecords(ctx.path, {
  source: ctx.source,
  tenant: ctx.tenant,
  batchSize: ctx.batchSize,
  now: ctx.now,
  onProblem: (problem) => ctx.warn(`${ctx.path}: ${problem.message}`),
});

/** The reader for each file extension (any other extension is read as text); `null` skips the file. */
const READERS: ReadonlyMap<string, FileReader | null> = new Map([
  ['.evtx', readEvtx],
]);

/** Longest line kept (in UTF-16 units); longer ones are cut and parseRecord tags them truncated. */
const MAX_LINE_CHARS = 64 * 1024 * 1024;
/** Largest whole-file JSON document read at once (V8 strings stop at 2^29 units); beyond it the file is read line by line. */
const MAX_DOCUMENT_CHARS = 256 * 1024 * 1024;

/** The file's records in batches. Rejects only when the file cannot be opened or read. */
export async function* readLogFile(path: string, options: ReadLogFileOptions = {}): AsyncGenerator<RawRecord[]> {
  const ctx: ReadContext = {
    path,
    tenant: options.tenant ?? DEFAULT_TENANT,
    format: options.format,
    source: options.source ?? `file:${path}`,
    batchSize: Math.max(1, options.batchSize ?? 1000),
    now: options.now ?? Date.now,
    warn: options.onWarning ?? (() => undefined),
  };
  const ext = extname(path).toLowerCase();
  const reader = READERS.get(ext);
  if (reader === null) {
    ctx.warn(`${path}: skipped, no reader for ${ext} files`);
    return;
  }
  yield* (reader ?? readText)(ctx);
}

/** Files under the given paths: files as given, directories walked recursively (sorted, dot-files left out). */
export async function listLogFiles(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (info === undefined) throw new NotFoundError(`log file or folder ${path}`);
    if (info.isDirectory()) await walk(path, out);
    else out.push(path);
  }
  return out;
}

async function walk(dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await walk(path, out);
    else if (entry.isFile()) out.push(path);
  }
}

/** Gzip by its magic bytes, whatever the file is called. */
async function isGzip(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await file.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await file.close();
  }
}

async function textChunks(path: string): Promise<AsyncIterable<string>> {
  const raw = createReadStream(path, { highWaterMark: 256 * 1024 });
  if (!(await isGzip(path))) {
    raw.setEncoding('utf8');
    return raw;
  }
  const gunzip = createGunzip();
  raw.on('error', (err) => gunzip.destroy(err));
  // When the reader stops early the gunzip stream is destroyed; the file must close with it.
  gunzip.on('close', () => raw.destroy());
  raw.pipe(gunzip);
  gunzip.setEncoding('utf8');
  return gunzip;
}

/** Collects records into batches of ctx.batchSize. */
function batcher(ctx: ReadContext) {
  let batch: RawRecord[] = [];
  let received = ctx.now();
  const full: RawRecord[][] = [];
  return {
    add(text: string, line: number, json?: JsonObject, format = ctx.format): void {
      const record: RawRecord = { text, received, origin: { source: ctx.source, file: ctx.path, line }, tenant: ctx.tenant };
      if (json !== undefined) record.json = json;
      if (format !== undefined) record.format = format;
      batch.push(record);
      if (batch.length >= ctx.batchSize) {
        full.push(batch);
        batch = [];
        received = ctx.now();
      }
    },
    /** Batches completed since the last call. */
    take(): RawRecord[][] {
      return full.splice(0, full.length);
    },
    rest(): RawRecord[] {
      const last = batch;
      batch = [];
      return last;
    },
  };
}

function firstNonSpace(text: string): number {
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13 && c !== 0xfeff) break;
    i++;
  }
  return i;
}

type Mode = 'lines' | 'zeek-tsv' | 'document';

/** Text files: decides from the first line how to read the rest. */
async function* readText(ctx: ReadContext): AsyncGenerator<RawRecord[]> {
  const iterator = (await textChunks(ctx.path))[Symbol.asyncIterator]();
  try {
    yield* readTextFrom(ctx, iterator);
  } finally {
    // Closes the file when the caller stops before the end (or reading failed).
    await iterator.return?.();
  }
}

async function* readTextFrom(ctx: ReadContext, iterator: AsyncIterator<string>): AsyncGenerator<RawRecord[]> {
  let head = '';
  let done = false;
  let mode: Mode = 'lines';
  // Read until the first line is complete (or the file ends) to see what kind of file it is.
  for (;;) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    head += next.value;
    const start = firstNonSpace(head);
    if (start === head.length) continue;
    const c = head.charCodeAt(start);
    if (c !== 123 && c !== 91) break;
    if (c === 91) {
      mode = 'document';
      break;
    }
    if (head.indexOf('\n', start) >= 0 || head.length > MAX_LINE_CHARS) break;
  }
  const start = firstNonSpace(head);
  if (start < head.length) {
    const c = head.charCodeAt(start);
    if (c === 35 && head.startsWith('#separator', start)) mode = 'zeek-tsv';
    else if (c === 123) {
      const nl = head.indexOf('\n', start);
      // A first line that is a complete JSON document means JSON lines; otherwise one (pretty-printed) document.
      if (!isJson(head.slice(start, nl < 0 ? head.length : nl))) mode = 'document';
    }
  }

  async function* chunks(): AsyncGenerator<string> {
    if (head !== '') yield head;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }

  if (mode === 'document') {
    let text = '';
    const source = chunks();
    for await (const chunk of source) {
      text += chunk;
      if (text.length > MAX_DOCUMENT_CHARS) {
        ctx.warn(`${ctx.path}: JSON document larger than ${MAX_DOCUMENT_CHARS} characters, read line by line`);
        yield* readLines(ctx, prepend(text, source), 'lines');
        return;
      }
    }
    yield* readDocument(ctx, text);
    return;
  }
  yield* readLines(ctx, chunks(), mode);
}

async function* prepend(first: string, rest: AsyncIterable<string> | Iterable<string>): AsyncGenerator<string> {
  yield first;
  yield* rest;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** CloudTrail log files hold their events in a top-level "Records" array. */
const RECORDS_LINE = /^\s*\{\s*"Records"\s*:\s*\[/;

async function* readLines(ctx: ReadContext, source: AsyncIterable<string>, mode: 'lines' | 'zeek-tsv'): AsyncGenerator<RawRecord[]> {
  const batches = batcher(ctx);
  const splitter = lineSplitter(MAX_LINE_CHARS);
  const header = newZeekHeader();
  const fileLog = zeekLogFromPath(ctx.path);

  const emit = mode === 'zeek-tsv'
    ? (line: string, lineNo: number): void => {
      if (line === '' || readHeaderLine(line, header)) return;
      const row = zeekRow(line, header);
      row._path = header.path ?? fileLog ?? 'unknown';
      batches.add(line, lineNo, row, zeek.name);
    }
    : (line: string, lineNo: number): void => {
      if (firstNonSpace(line) === line.length) return;
      if (line.length < 32 * 1024 * 1024 && RECORDS_LINE.test(line.slice(0, 64))) {
        const records = recordsOf(line);
        if (records !== undefined) {
          for (const item of records) addElement(batches, ctx, item, lineNo);
          return;
        }
      }
      batches.add(line, lineNo);
    };

  for await (const chunk of source) {
    splitter.push(chunk, emit);
    for (const batch of batches.take()) yield batch;
  }
  splitter.end(emit);
  for (const batch of batches.take()) yield batch;
  const last = batches.rest();
  if (last.length > 0) yield last;
}

function recordsOf(text: string): unknown[] | undefined {
  try {
    const doc: unknown = JSON.parse(text);
    const records = (doc as JsonObject | null)?.Records;
    return Array.isArray(records) ? records : undefined;
  } catch {
    return undefined;
  }
}

function addElement(batches: ReturnType<typeof batcher>, ctx: ReadContext, item: unknown, line: number): void {
  if (item !== null && typeof item === 'object' && !Array.isArray(item)) batches.add(JSON.stringify(item), line, item as JsonObject);
  else batches.add(JSON.stringify(item) ?? String(item), line);
}

/** A whole-file JSON document: the elements of a top-level array or of "Records", else the one object. */
async function* readDocument(ctx: ReadContext, text: string): AsyncGenerator<RawRecord[]> {
  const batches = batcher(ctx);
  const start = firstNonSpace(text);
  const startLine = lineAt(text, start);
  let readable = false;
  if (text.charCodeAt(start) === 91) {
    const elements = splitTopLevelArray(text, start, startLine);
    if (elements !== undefined) {
      readable = true;
      for (const element of elements) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(element.text);
        } catch {
          batches.add(element.text, element.line); // kept as it is; parsing will tag it
          continue;
        }
        addElement(batches, ctx, parsed, element.line);
      }
    }
  }
  if (text.charCodeAt(start) === 123) {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      doc = undefined;
    }
    if (doc !== undefined) {
      readable = true;
      const records = (doc as JsonObject).Records;
      if (Array.isArray(records)) for (const item of records) addElement(batches, ctx, item, startLine);
      else addElement(batches, ctx, doc, startLine);
    }
  }
  if (!readable) {
    // Not a readable document after all: line by line, so that every line is kept (and tagged).
    yield* readLines(ctx, prepend(text, []), 'lines');
    return;
  }
  yield* batches.take();
  const last = batches.rest();
  if (last.length > 0) yield last;
}
