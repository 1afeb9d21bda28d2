// Event ids: unique across processes, and sorting them sorts events by ingest time.
import { randomBytes } from 'node:crypto';

const processPart = randomBytes(4).readUInt32BE(0).toString(36).padStart(7, '0').slice(-7);
let counter = 0;

/** 9 chars of ms time, 7 of process identity, 6 of a per-process counter (base 36). */
export function newEventId(now = Date.now()): string {
  counter = (counter + 1) % 2_176_782_336; // 36^6
  return now.toString(36).padStart(9, '0') + processPart + counter.toString(36).padStart(6, '0');
}
