// The file source's read positions, kept in a small JSON file so a restart goes on where
// the last acknowledged batch ended. Written whole to a temporary file, flushed, then
// renamed over the old one: a crash leaves either the old or the new positions, never half.

import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { VigilError } from '../../errors.js';

/** Where reading stands in one file, identified by device and inode ("dev:ino"). */
export interface FilePosition {
  /** The path it was last seen under. */
  path: string;
  /** Byte offset of the first byte not yet handed to the intake. */
  offset: number;
  /** 1-based number of the line starting at `offset`; null when reading began mid-file. */
  line: number | null;
  /** Inside a line longer than the limit whose kept part was already handed on. */
  skipping: boolean;
  /**
   * Base64 of the file's first bytes (up to HEAD_BYTES, never past `offset`): tells a
   * rewritten file, or a new file that got a deleted file's inode, from the one read before.
   */
  head: string;
}

export interface StateFile {
  version: 1;
  files: Record<string, FilePosition>;
}

export async function loadState(path: string): Promise<StateFile | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<StateFile>;
    return { version: 1, files: parsed.files ?? {} };
  } catch (error) {
    // Starting over from a guess would lose or repeat lines: better to stop and say so.
    throw new VigilError('internal', `file source state is not valid JSON; fix or remove it`, { cause: error, location: { file: path } });
  }
}

export async function saveState(path: string, state: StateFile): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.tmp`;
  const handle = await open(temporary, 'w');
  try {
    await handle.writeFile(JSON.stringify(state));
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
}
