// Log files as batches of normalized events for hunting, each with the record number it is
// reported by. EVTX files skip rendering each record's XML (hunting never prints it) and small
// ones are read whole, which decodes faster than chunk by chunk; other files go through
// readLogFile and parseRecord like `vigil ingest`.
import { readFile, stat } from 'node:fs/promises';
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

/** EVTX files up to this size are read into memory at once. */
const WHOLE_FILE_BYTES = 256 * 1024 * 1024;

async function* evtxItems(path: string): AsyncGenerator<EvtxItem> {
  const size = (await stat(path)).size;
  if (size <= WHOLE_FILE_BYTES) yield* parseEvtx(await readFile(path));
  else yield* readEvtxFile(path);
}

async function* evtxEvents(path: string, options: FileEventOptions): AsyncGenerator<LocatedEvent[]> {
  const size = options.batchSize ?? 1000;
  const received = Date.now();
  let batch: LocatedEvent[] = [];
  for await (const item of evtxItems(path)) {
    if (item.kind === 'problem') {
      options.onWarning(`${path}: ${item.message}`);
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

async function* parsedEvents(path: string, options: FileEventOptions): AsyncGenerator<LocatedEvent[]> {
  for await (const records of readLogFile(path, { tenant: options.tenant, onWarning: options.onWarning, batchSize: options.batchSize })) {
    yield records.map((record) => {
      const parsed = parseRecord(record);
      return { event: { id: options.nextId(), tenant: options.tenant, timestamp: parsed.timestamp, fields: parsed.fields }, record: record.origin.line ?? 0 };
    });
  }
}

export function fileEvents(path: string, options: FileEventOptions): AsyncGenerator<LocatedEvent[]> {
  return extname(path).toLowerCase() === '.evtx' ? evtxEvents(path, options) : parsedEvents(path, options);
}
