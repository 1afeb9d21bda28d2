// Reads one file's complete lines from a position, for the file source. It keeps the file
// open, so a file renamed or deleted by rotation can still be read to its end. Reading
// does not move the position: the source commits it once the intake took the lines.

import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { MAX_RECORD_BYTES, recordText } from '../record-text.js';
import type { FilePosition } from './state.js';

/** How much of a file's start identifies it (see FilePosition.head). */
export const HEAD_BYTES = 256;
/** Twice the longest record, so a read without a newline proves the line is too long. */
export const READ_BUFFER_BYTES = 2 * MAX_RECORD_BYTES;

const LF = 0x0a;
const CR = 0x0d;

export interface Line {
  text: string;
  /** 1-based, null when reading began mid-file. */
  line: number | null;
}

export interface ReadResult {
  lines: Line[];
  /** The position after these lines, to commit once they are durable. */
  next: FilePosition;
  /** Everything complete was read (the rest, if any, is a line still being written). */
  atEnd: boolean;
}

export interface Tailer {
  /** "dev:ino" of the open file. */
  readonly key: string;
  /** The committed position. */
  readonly position: FilePosition;
  /** The file is now seen under another name (renamed by rotation). */
  setPath(path: string): void;
  /**
   * Up to `maxLines` lines from the committed position. With `final`, a last line with
   * no newline is taken too: the file is done being written.
   */
  read(buffer: Buffer, maxLines: number, final?: boolean): Promise<ReadResult>;
  commit(next: FilePosition): void;
  /** Whether the file was truncated or rewritten since the position was committed. */
  replaced(): Promise<boolean>;
  /** Moves the position back to the start (after a truncation). */
  restart(): void;
  /** Current size of the open file. */
  size(): Promise<number>;
  close(): Promise<void>;
}

export function startPosition(path: string): FilePosition {
  return { path, offset: 0, line: 1, skipping: false, head: '' };
}

/** Opens `path`; the key comes from the opened file, so a swap between stat and open cannot fool it. */
export async function openTailer(path: string, initial: (key: string, handle: FileHandle) => Promise<FilePosition>): Promise<Tailer> {
  const handle = await open(path, 'r');
  try {
    const stats = await handle.stat();
    const key = `${stats.dev}:${stats.ino}`;
    const position = await initial(key, handle);
    return createTailer(handle, key, position);
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** The position of the line after the last complete one, for `start_at: end`. */
export async function endPosition(path: string, handle: FileHandle): Promise<FilePosition> {
  const { size } = await handle.stat();
  if (size === 0) return startPosition(path);
  const length = Math.min(size, READ_BUFFER_BYTES);
  const tail = Buffer.alloc(length);
  const { bytesRead } = await handle.read(tail, 0, length, size - length);
  const lastNewline = tail.subarray(0, bytesRead).lastIndexOf(LF);
  // No newline in the last stretch: one huge line still being written; skip it whole.
  const offset = lastNewline === -1 ? size : size - length + lastNewline + 1;
  return { path, offset, line: null, skipping: lastNewline === -1, head: await readHead(handle, offset) };
}

/** Whether the file still starts with the bytes a position recorded. */
export async function sameHead(handle: FileHandle, position: FilePosition): Promise<boolean> {
  const { size } = await handle.stat();
  if (size < position.offset) return false;
  if (!position.head) return true;
  const expected = Buffer.from(position.head, 'base64');
  return (await readHead(handle, expected.length)) === position.head;
}

async function readHead(handle: FileHandle, upTo: number): Promise<string> {
  const length = Math.min(upTo, HEAD_BYTES);
  if (length === 0) return '';
  const head = Buffer.alloc(length);
  const { bytesRead } = await handle.read(head, 0, length, 0);
  return head.subarray(0, bytesRead).toString('base64');
}

function lineText(buffer: Buffer, start: number, end: number): string {
  if (end > start && buffer[end - 1] === CR) end--;
  return recordText(buffer, start, end);
}

function createTailer(handle: FileHandle, key: string, initial: FilePosition): Tailer {
  let position = initial;

  async function read(buffer: Buffer, maxLines: number, final = false): Promise<ReadResult> {
    const lines: Line[] = [];
    let offset = position.offset;
    let line = position.line;
    let skipping = position.skipping;
    let atEnd = false;
    const take = (start: number, end: number) => {
      const text = lineText(buffer, start, end);
      // Blank lines carry nothing; they still count for line numbers.
      if (text.length > 0) lines.push({ text, line });
    };

    while (lines.length < maxLines) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
      if (bytesRead === 0) {
        atEnd = true;
        break;
      }
      const data = buffer.subarray(0, bytesRead);
      let start = 0;
      while (lines.length < maxLines) {
        const newline = data.indexOf(LF, start);
        if (newline === -1) break;
        if (skipping) skipping = false;
        else take(start, newline);
        if (line !== null) line++;
        start = newline + 1;
      }
      if (lines.length >= maxLines) {
        offset += start;
        break;
      }
      const rest = bytesRead - start;
      if (skipping) {
        // Still inside a line already cut and handed on: drop what we have of it.
        offset += bytesRead;
        continue;
      }
      if (rest >= MAX_RECORD_BYTES) {
        take(start, bytesRead);
        offset += bytesRead;
        skipping = true;
        continue;
      }
      offset += start;
      if (bytesRead < buffer.length) {
        atEnd = true;
        if (final && rest > 0) {
          take(start, bytesRead);
          offset += rest;
        }
        break;
      }
    }
    const complete = Buffer.byteLength(position.head, 'base64') >= HEAD_BYTES;
    const head = complete || offset === position.offset ? position.head : await readHead(handle, offset);
    return { lines, next: { path: position.path, offset, line, skipping, head }, atEnd };
  }

  return {
    key,
    get position() {
      return position;
    },
    read,
    commit(next) {
      position = { ...next, path: position.path };
    },
    setPath(path) {
      position = { ...position, path };
    },
    async replaced() {
      return !(await sameHead(handle, position));
    },
    restart() {
      position = startPosition(position.path);
    },
    async size() {
      return (await handle.stat()).size;
    },
    close: () => handle.close(),
  };
}
