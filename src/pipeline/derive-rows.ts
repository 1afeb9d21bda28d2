// Derives the store's rows from a WAL segment of record lines: each record is parsed again
// exactly as the pipeline parsed it on arrival, so the stored event is the one detection saw.
// Row lines (events appended without their records) pass through unchanged.

import { open, readFile } from 'node:fs/promises';
import { parseRecord } from '../parse/index.js';
import { isRecordLine, readRecordLine } from '../store/events/record-line.js';
import { toRow } from '../store/events/row.js';
import { toEvent } from './pipeline.js';

const LINES_PER_WRITE = 4096;

function rowOf(line: string): string {
  if (!isRecordLine(line)) return line;
  let walRecord;
  try {
    walRecord = readRecordLine(line);
  } catch {
    // A damaged line (a disk fault) passes through as it is: loading refuses it, and the loader
    // then sets it aside in quarantine with its error instead of holding back its segment.
    return line;
  }
  const { id, record } = walRecord;
  return toRow(toEvent(record, parseRecord(record), id));
}

/** Writes the rows of the segment's lines to `rowsPath`; returns how many. */
export async function deriveRows(segmentPath: string, rowsPath: string): Promise<number> {
  const text = await readFile(segmentPath, 'utf8');
  const out = await open(rowsPath, 'w');
  try {
    let rows: string[] = [];
    let count = 0;
    for (let start = 0; start < text.length;) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      if (end > start) {
        rows.push(rowOf(text.slice(start, end)));
        count++;
        if (rows.length === LINES_PER_WRITE) {
          await out.write(rows.join('\n') + '\n');
          rows = [];
        }
      }
      start = end + 1;
    }
    if (rows.length > 0) await out.write(rows.join('\n') + '\n');
    return count;
  } finally {
    await out.close();
  }
}
