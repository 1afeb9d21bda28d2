// Glue for file sources: an EVTX file as batches of RawRecords (XML text plus evtx_dump JSON),
// and the parser that turns those records into normalized events.

import type { ParsedEvent } from '../../event/event.js';
import { DEFAULT_TENANT } from '../../event/event.js';
import { ECS } from '../../event/fields.js';
import type { Parser, RawRecord } from '../../pipeline/stages.js';
import { fromEventXmlJson, isEventXmlJson } from '../windows/event-xml-json.js';
import { normalizeWindowsEvent } from '../windows/normalize.js';
import { evtxEventRecordId } from './event.js';
import { evtxToJson } from './json.js';
import { readEvtxFile } from './reader.js';
import type { EvtxProblem } from './types.js';
import { evtxToXml } from './xml.js';

/** RawRecord.format of records read from EVTX files, and the name of their parser. */
export const EVTX_FORMAT = 'evtx';

export interface EvtxRawOptions {
  /** Origin source name; default `file:<path>`. */
  source?: string;
  tenant?: string;
  /** Records per batch (default 1000). */
  batchSize?: number;
  /** Receive time stamped on the records (default: when each batch is built). */
  now?: () => number;
  /** Told about every problem in the file; records that could be read are still yielded. */
  onProblem?: (problem: EvtxProblem) => void;
}

/**
 * The records of an EVTX file in batches. Each record's origin has the file and, as `line`,
 * its EventRecordID (see evtxEventRecordId). Rejects only when the file cannot be opened or read.
 */
export async function* evtxToRawRecords(path: string, options: EvtxRawOptions = {}): AsyncGenerator<RawRecord[]> {
  const source = options.source ?? `file:${path}`;
  const tenant = options.tenant ?? DEFAULT_TENANT;
  const batchSize = Math.max(1, options.batchSize ?? 1000);
  const now = options.now ?? Date.now;
  let batch: RawRecord[] = [];
  let received = now();
  for await (const item of readEvtxFile(path)) {
    if (item.kind === 'problem') {
      options.onProblem?.(item);
      continue;
    }
    batch.push({
      text: evtxToXml(item.event),
      json: evtxToJson(item.event),
      received,
      origin: { source, file: path, line: evtxEventRecordId(item) },
      tenant,
      format: EVTX_FORMAT,
    });
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
      received = now();
    }
  }
  if (batch.length > 0) yield batch;
}

/** Parses records from evtxToRawRecords: the JSON gives the fields, the XML is event.original. */
export const evtxParser: Parser = {
  name: EVTX_FORMAT,
  description: 'Windows event records read from .evtx files by the native EVTX reader',
  parse(record: RawRecord): ParsedEvent | null {
    if (!record.json || !isEventXmlJson(record.json)) return null;
    const input = fromEventXmlJson(record.json);
    if (!input) return null;
    const event = normalizeWindowsEvent(input, record.received);
    event.fields[ECS.event.original] = record.text;
    return event;
  },
};
