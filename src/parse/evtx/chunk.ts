// One EVTX chunk: its header and checksums, then its records in order, with every problem
// reported and reading resumed at the next record that can be found.

import { CHUNK_HEADER_SIZE, createChunkContext, readRecordXml } from './binxml.js';
import { crc32 } from './crc32.js';
import { EvtxFormatError } from './format-error.js';
import type { EvtxItem, EvtxProblem, EvtxProblemCode } from './types.js';
import { filetimeToMs } from './values.js';

export const CHUNK_SIZE = 65536;
const CHUNK_SIGNATURE = Buffer.from('ElfChnk\0', 'latin1');
const RECORD_SIGNATURE = Buffer.from([0x2a, 0x2a, 0x00, 0x00]);
/** Record header (24 bytes) plus the trailing copy of the size. */
const RECORD_OVERHEAD = 28;

/** What the file reader needs to know about a chunk once it has been read. */
export interface ChunkSummary {
  /** False when the block is not a chunk (empty, unreadable, or cut inside its header). */
  isChunk: boolean;
}

function isZero(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (buf[i] !== 0) return false;
  return true;
}

/** Size of a well-formed record at pos, or 0: signature, size within the chunk, size copy. */
function recordSizeAt(buf: Buffer, pos: number): number {
  if (pos + RECORD_OVERHEAD > buf.length || buf.readUInt32LE(pos) !== 0x2a2a) return 0;
  const size = buf.readUInt32LE(pos + 4);
  if (size < RECORD_OVERHEAD || pos + size > buf.length || buf.readUInt32LE(pos + size - 4) !== size) return 0;
  return size;
}

function readUInt64(buf: Buffer, pos: number): number {
  return buf.readUInt32LE(pos + 4) * 4294967296 + buf.readUInt32LE(pos);
}

/**
 * Reads the chunk in `buf` (a full 64 KiB chunk, or less when the file is cut short), found at
 * `fileOffset`. Yields records and problems; returns what the file reader needs to know.
 */
export function* readChunk(buf: Buffer, index: number, fileOffset: number): Generator<EvtxItem, ChunkSummary> {
  const problem = (code: EvtxProblemCode, message: string, pos: number, recordId?: number): EvtxProblem =>
    ({ kind: 'problem', code, message, offset: fileOffset + pos, chunk: index, ...(recordId === undefined ? {} : { recordId }) });

  if (buf.length < CHUNK_HEADER_SIZE && buf.subarray(0, 8).equals(CHUNK_SIGNATURE.subarray(0, Math.min(8, buf.length)))) {
    yield problem('truncated', `file ends ${buf.length} bytes into the chunk header`, buf.length);
    return { isChunk: false };
  }
  if (buf.length < CHUNK_HEADER_SIZE || !buf.subarray(0, 8).equals(CHUNK_SIGNATURE)) {
    // Space a log has allocated but not used yet is zero: not a problem.
    if (isZero(buf, 0, Math.min(buf.length, CHUNK_HEADER_SIZE))) return { isChunk: false };
    // A damaged signature on an otherwise sound chunk: its records are still worth reading.
    if (recordSizeAt(buf, CHUNK_HEADER_SIZE) === 0) {
      yield problem('chunk_header', 'no chunk signature', 0);
      return { isChunk: false };
    }
    yield problem('chunk_header', 'no chunk signature; records read anyway', 0);
  }

  const headerCrc = crc32(buf.subarray(128, CHUNK_HEADER_SIZE), crc32(buf.subarray(0, 120)));
  const headerSound = headerCrc === buf.readUInt32LE(124);
  if (!headerSound) yield problem('chunk_checksum', 'chunk header checksum mismatch', 124);

  const declaredFree = buf.readUInt32LE(48);
  const freeSpaceValid = declaredFree >= CHUNK_HEADER_SIZE && declaredFree <= CHUNK_SIZE;
  // An impossible free-space offset vouches for no record: all are checked by their ids.
  const freeSpace = freeSpaceValid ? declaredFree : CHUNK_HEADER_SIZE;
  if (freeSpaceValid && freeSpace <= buf.length) {
    const dataCrc = crc32(buf.subarray(CHUNK_HEADER_SIZE, freeSpace));
    if (dataCrc !== buf.readUInt32LE(52)) yield problem('chunk_data_checksum', 'record data checksum mismatch', 52);
  }

  const ctx = createChunkContext(buf);
  let pastFreeSpace = 0;
  let lastId = -1;
  let pos = CHUNK_HEADER_SIZE;
  while (pos + RECORD_OVERHEAD <= buf.length) {
    const size = recordSizeAt(buf, pos);
    if (size === 0) {
      // Past the records the header vouches for, anything that is not a record is free space.
      if (pos >= freeSpace) break;
      if (buf.length < CHUNK_SIZE && buf.readUInt32LE(pos) === 0x2a2a && pos + buf.readUInt32LE(pos + 4) > buf.length) {
        yield problem('truncated', 'record cut off by the end of the file', pos);
        break;
      }
      let next = pos;
      do next = buf.indexOf(RECORD_SIGNATURE, next + 1);
      while (next >= 0 && recordSizeAt(buf, next) === 0);
      yield problem('record_header', `no record here; skipped ${next < 0 ? 'to the end of the chunk' : `${next - pos} bytes`}`, pos);
      if (next < 0) break;
      pos = next;
      continue;
    }
    const recordId = readUInt64(buf, pos + 8);
    if (pos >= freeSpace) {
      // Records written after the header was last saved (unclean shutdown) carry on the id
      // sequence; anything else there is slack left from the chunk's earlier use. A damaged
      // header cannot say where the sequence starts: the first record found starts it.
      const expected = lastId >= 0 ? lastId + 1 : headerSound ? readUInt64(buf, 24) : recordId;
      if (recordId !== expected) break;
      pastFreeSpace++;
    }
    lastId = recordId;
    ctx.notes.length = 0;
    let item: EvtxItem;
    try {
      const event = readRecordXml(ctx, pos + 24, pos + size - 4);
      const written = filetimeToMs(buf.readUInt32LE(pos + 16), buf.readUInt32LE(pos + 20));
      item = { kind: 'record', recordId, written, offset: fileOffset + pos, chunk: index, event };
    } catch (error) {
      // Any error, not only format errors: a record must never take the reader down.
      const where = error instanceof EvtxFormatError ? ` at chunk offset ${error.offset}` : '';
      item = problem('record_binxml', `record ${recordId} lost: ${error instanceof Error ? error.message : String(error)}${where}`, pos, recordId);
    }
    yield item;
    for (const note of ctx.notes) yield problem('record_binxml', `record ${recordId}: ${note}`, pos, recordId);
    pos += size;
  }
  if (!freeSpaceValid) yield problem('chunk_header_stale', `free space offset ${declaredFree} out of range; ${pastFreeSpace} records read by their ids`, 48);
  else if (pastFreeSpace > 0) yield problem('chunk_header_stale', `${pastFreeSpace} records after the header's free space offset ${freeSpace}`, 48);
  return { isChunk: true };
}
