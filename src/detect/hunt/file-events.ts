// Log files as batches of normalized events for hunting, each with the record number it is
// reported by. EVTX files skip rendering each record's XML (hunting never prints it); those up
// to WHOLE_FILE_BYTES are read whole, one file ahead of the caller so reading overlaps matching.
// Other files go through readLogFile and parseRecord like `vigil ingest`.
import { open, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { VigilEvent } from '../../event/event.js';
import { evtxEventRecordId, evtxRecordToEvent, parseEvtx, readEvtxFile, type EvtxItem } from '../../parse/evtx/index.js';
import { parseRecord, readLogFile } from '../../parse/index.js';

export interface LocatedEvent {
  event: VigilEvent;
  /** EVTX EventRecordID, or the 1-based line. */
  record: number;
}

export interface FileEventOptions {
  tenant: string;
  /** Gives each event its id. */
  nextId: () => string;
  onWarning: (message: string) => void;
  batchSize?: number;
}

/** A file about to be read: its size, and its bytes when it is an EVTX file read whole. */
export interface OpenedFile {
  path: string;
  size: number;
  evtx: Buffer | null;
  isEvtx: boolean;
}

/** EVTX files up to this size are read into memory at once; larger ones chunk by chunk. */
const WHOLE_FILE_BYTES = 256 * 1024 * 1024;

async function load(path: string): Promise<OpenedFile> {
  const isEvtx = extname(path).toLowerCase() === '.evtx';
  if (!isEvtx) return { path, size: (await stat(path)).size, evtx: null, isEvtx };
  const handle = await open(path, 'r');
  try {
    const size = (await handle.stat()).size;
    return { path, size, evtx: size <= WHOLE_FILE_BYTES ? await handle.readFile() : null, isEvtx };
  } finally {
    await handle.close();
  }
}

/** The files in order, each loaded while the caller works on the one before. */
export async function* openFiles(paths: readonly string[]): AsyncGenerator<OpenedFile> {
  let next: Promise<OpenedFile> | null = paths.length > 0 ? load(paths[0]!) : null;
  for (let i = 0; next !== null; i++) {
    const current = next;
    next = i + 1 < paths.length ? load(paths[i + 1]!) : null;
    // A failure of the file read ahead surfaces when its turn comes, not as an unhandled rejection.
    next?.catch(() => undefined);
    yield await current;
  }
}

function evtxItems(file: OpenedFile): Iterable<EvtxItem> | AsyncIterable<EvtxItem> {
  return file.evtx ? parseEvtx(file.evtx) : readEvtxFile(file.path);
}

async function* evtxEvents(file: OpenedFile, options: FileEventOptions): AsyncGenerator<LocatedEvent[]> {
  const size = options.batchSize ?? 1000;
  const received = Date.now();
  let batch: LocatedEvent[] = [];
  for await (const item of evtxItems(file)) {
    if (item.kind === 'problem') {
      options.onWarning(`${file.path}: ${item.message}`);
      continue;
    }
    const parsed = evtxRecordToEvent(item, received, { original: false });
    batch.push({ event: { id: options.nextId(), tenant: options.tenant, timestamp: parsed.timestamp, fields: parsed.fields }, record: evtxEventRecordId(item) });
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

async function* parsedEvents(file: OpenedFile, options: FileEventOptions): AsyncGenerator<LocatedEvent[]> {
  for await (const records of readLogFile(file.path, { tenant: options.tenant, onWarning: options.onWarning, batchSize: options.batchSize })) {
    yield records.map((record) => {
      const parsed = parseRecord(record);
      return { event: { id: options.nextId(), tenant: options.tenant, timestamp: parsed.timestamp, fields: parsed.fields }, record: record.origin.line ?? 0 };
    });
  }
}

export function fileEvents(file: OpenedFile, options: FileEventOptions): AsyncGenerator<LocatedEvent[]> {
  return file.isEvtx ? evtxEvents(file, options) : parsedEvents(file, options);
}
