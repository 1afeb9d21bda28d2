// Whole EVTX files, from memory or from disk: the file header, then every chunk the file holds
// (not only those the header counts, which lags behind in files left dirty).

import { open } from 'node:fs/promises';
import { CHUNK_SIZE, readChunk, type ChunkSummary } from './chunk.js';
import { crc32 } from './crc32.js';
import type { EvtxItem, EvtxProblem } from './types.js';

/** Chunks start after the 4 KiB header block (the header's own field says so too, when intact). */
export const FILE_HEADER_BLOCK = 4096;
const FILE_SIGNATURE = Buffer.from('ElfFile\0', 'latin1');

export interface EvtxFileHeader {
  /** Chunk count the header claims. */
  chunks: number;
  dirty: boolean;
  full: boolean;
  majorVersion: number;
  minorVersion: number;
  nextRecordId: number;
}

function fileProblem(code: EvtxProblem['code'], message: string, offset: number): EvtxProblem {
  return { kind: 'problem', code, message, offset };
}

/** Reads the file header; problems with it are reported, never fatal. */
export function readFileHeader(buf: Buffer, fileSize: number): { header?: EvtxFileHeader; problems: EvtxProblem[] } {
  if (buf.length < 128 || !buf.subarray(0, 8).equals(FILE_SIGNATURE)) {
    return { problems: [fileProblem('file_header', 'no EVTX file signature; looking for chunks anyway', 0)] };
  }
  const problems: EvtxProblem[] = [];
  if (crc32(buf.subarray(0, 120)) !== buf.readUInt32LE(124)) problems.push(fileProblem('file_checksum', 'file header checksum mismatch', 124));
  const flags = buf.readUInt32LE(120);
  const header: EvtxFileHeader = {
    chunks: buf.readUInt16LE(42),
    dirty: (flags & 1) !== 0,
    full: (flags & 2) !== 0,
    majorVersion: buf.readUInt16LE(38),
    minorVersion: buf.readUInt16LE(36),
    nextRecordId: buf.readUInt32LE(28) * 4294967296 + buf.readUInt32LE(24),
  };
  if (header.majorVersion !== 3) problems.push(fileProblem('file_header', `unknown format version ${header.majorVersion}.${header.minorVersion}`, 36));
  if (fileSize < FILE_HEADER_BLOCK) problems.push(fileProblem('truncated', 'file ends inside its header block', fileSize));
  return { header, problems };
}

/** Problems the whole file shows once every chunk has been read. */
function finalProblems(header: EvtxFileHeader | undefined, chunksFound: number): EvtxProblem[] {
  if (!header || chunksFound <= header.chunks) return [];
  const why = header.dirty ? 'left dirty' : 'not updated';
  return [fileProblem('file_header_stale', `header counts ${header.chunks} chunks, file holds ${chunksFound} (${why}); all were read`, 42)];
}

function truncatedChunk(offset: number, length: number, index: number): EvtxProblem {
  return { kind: 'problem', code: 'truncated', message: `file ends ${length} bytes into chunk ${index}`, offset: offset + length, chunk: index };
}

/** Every record and problem of an EVTX file held in memory. Never throws. */
export function* parseEvtx(buf: Buffer): Generator<EvtxItem> {
  const { header, problems } = readFileHeader(buf, buf.length);
  yield* problems;
  let chunks = 0;
  for (let offset = FILE_HEADER_BLOCK, index = 0; offset < buf.length; offset += CHUNK_SIZE, index++) {
    const chunk = buf.subarray(offset, Math.min(offset + CHUNK_SIZE, buf.length));
    const summary: ChunkSummary = yield* readChunk(chunk, index, offset);
    if (summary.isChunk) {
      chunks++;
      if (chunk.length < CHUNK_SIZE) yield truncatedChunk(offset, chunk.length, index);
    }
  }
  yield* finalProblems(header, chunks);
}

/**
 * Every record and problem of an EVTX file on disk, read one chunk at a time so memory stays
 * at one chunk whatever the file's size. Rejects only when the file cannot be opened or read.
 */
export async function* readEvtxFile(path: string): AsyncGenerator<EvtxItem> {
  const file = await open(path, 'r');
  try {
    const size = (await file.stat()).size;
    const head = Buffer.alloc(Math.min(FILE_HEADER_BLOCK, size));
    await file.read(head, 0, head.length, 0);
    const { header, problems } = readFileHeader(head, size);
    yield* problems;
    // Decoded records hold copies of their strings, so one buffer serves every chunk.
    const buf = Buffer.alloc(CHUNK_SIZE);
    let chunks = 0;
    for (let offset = FILE_HEADER_BLOCK, index = 0; offset < size; offset += CHUNK_SIZE, index++) {
      const { bytesRead } = await file.read(buf, 0, CHUNK_SIZE, offset);
      const chunk = buf.subarray(0, bytesRead);
      const summary: ChunkSummary = yield* readChunk(chunk, index, offset);
      if (summary.isChunk) {
        chunks++;
        if (bytesRead < CHUNK_SIZE) yield truncatedChunk(offset, bytesRead, index);
      }
    }
    yield* finalProblems(header, chunks);
  } finally {
    await file.close();
  }
}
