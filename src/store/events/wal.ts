// The write-ahead log: events are durable once their line is written and fsynced here.
// Appends that arrive while a write is in flight are grouped into the next write and
// share one fsync (group commit), which is what makes durable acknowledgement cheap.

import { open, readdir, mkdir, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { parseSegmentFileName, segmentFileName } from './layout.js';

export interface WalOptions {
  dir: string;
  /** First id to use when the directory holds no segment (ids already used in Parquet). */
  nextId: number;
  /** A segment is closed once it holds this many bytes... */
  maxSegmentBytes: number;
  /** ...or once it is this old and not empty, so recent events become searchable. */
  maxSegmentAgeMs: number;
  /** Called with each closed segment, in id order. */
  onSegmentClosed(id: number, path: string, bytes: number): void;
}

export interface Wal {
  /** Resolves once the lines are on disk (written and fsynced). */
  append(lines: string[]): Promise<void>;
  /** Closes the current segment now if it holds anything. */
  rotate(): Promise<void>;
  /** Segments left by an earlier run, oldest first: they were never loaded. */
  readonly leftover: { id: number; path: string }[];
  close(): Promise<void>;
}

interface Pending {
  chunks: string[];
  waiters: { resolve(): void; reject(error: unknown): void }[];
}

export async function openWal(options: WalOptions): Promise<Wal> {
  await mkdir(options.dir, { recursive: true });
  const leftover = (await readdir(options.dir))
    .map((name) => ({ id: parseSegmentFileName(name), path: join(options.dir, name) }))
    .filter((s): s is { id: number; path: string } => s.id !== undefined)
    .sort((a, b) => a.id - b.id);
  let nextId = Math.max(options.nextId, ...leftover.map((s) => s.id + 1));

  let current: { id: number; path: string; file: FileHandle; bytes: number; openedAt: number } | undefined;
  let pending: Pending = { chunks: [], waiters: [] };
  let writing: Promise<void> | undefined;
  let closed = false;

  async function openSegment() {
    const id = nextId++;
    const path = join(options.dir, segmentFileName(id));
    current = { id, path, file: await open(path, 'a'), bytes: 0, openedAt: Date.now() };
    return current;
  }

  async function closeSegment() {
    const segment = current;
    if (!segment) return;
    current = undefined;
    await segment.file.close();
    options.onSegmentClosed(segment.id, segment.path, segment.bytes);
  }

  async function writeLoop() {
    while (pending.chunks.length > 0) {
      const batch = pending;
      pending = { chunks: [], waiters: [] };
      try {
        const segment = current ?? (await openSegment());
        const data = Buffer.from(batch.chunks.join(''), 'utf8');
        await segment.file.write(data, 0, data.length);
        await segment.file.datasync();
        segment.bytes += data.length;
        for (const w of batch.waiters) w.resolve();
        if (segment.bytes >= options.maxSegmentBytes) await closeSegment();
      } catch (error) {
        for (const w of batch.waiters) w.reject(error);
      }
    }
    writing = undefined;
  }

  const ageTimer = setInterval(() => {
    if (current && current.bytes > 0 && !writing && Date.now() - current.openedAt >= options.maxSegmentAgeMs) {
      void closeSegment();
    }
  }, Math.max(50, Math.floor(options.maxSegmentAgeMs / 4)));
  ageTimer.unref();

  return {
    leftover,
    append(lines) {
      if (closed) return Promise.reject(new Error('write-ahead log is closed'));
      if (lines.length === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        pending.chunks.push(lines.join('\n') + '\n');
        pending.waiters.push({ resolve, reject });
        writing ??= writeLoop();
      });
    },
    async rotate() {
      while (writing) await writing;
      if (current && current.bytes > 0) await closeSegment();
    },
    async close() {
      closed = true;
      clearInterval(ageTimer);
      while (writing) await writing;
      await closeSegment();
    },
  };
}
