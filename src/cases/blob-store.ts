// Content-addressed file storage for attachments: a file lives at <dir>/<aa>/<sha256>, so the
// same bytes uploaded twice are stored once, and reading checks the bytes still match the name.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { VigilError } from '../errors.js';

export interface StoredBlob {
  sha256: string;
  size: number;
  /** False when the same content was already stored. */
  created: boolean;
}

export interface BlobStore {
  /** Stores a stream's bytes, refusing (413) past maxBytes. */
  put(content: Readable, maxBytes: number): Promise<StoredBlob>;
  /** The content, after checking it still hashes to its name. */
  open(sha256: string): Promise<{ stream: Readable; size: number }>;
  has(sha256: string): Promise<boolean>;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function createBlobStore(dir: string): BlobStore {
  const pathOf = (sha256: string): string => {
    if (!SHA256_HEX.test(sha256)) throw new VigilError('bad_request', 'not a SHA-256 hex digest');
    return join(dir, sha256.slice(0, 2), sha256);
  };
  const exists = async (path: string): Promise<boolean> => stat(path).then(() => true, () => false);

  return {
    async put(content, maxBytes) {
      const tmpDir = join(dir, 'tmp');
      await mkdir(tmpDir, { recursive: true });
      const tmp = join(tmpDir, randomUUID());
      const hash = createHash('sha256');
      let size = 0;
      const file = await open(tmp, 'wx');
      try {
        for await (const chunk of content) {
          const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
          size += bytes.length;
          if (size > maxBytes) {
            content.destroy();
            throw new VigilError('payload_too_large', `attachments are limited to ${maxBytes} bytes`);
          }
          hash.update(bytes);
          await file.write(bytes);
        }
        // The database will point at this file once the upload is answered: it must be on disk first.
        await file.sync();
      } catch (error) {
        await file.close();
        await rm(tmp, { force: true });
        throw error;
      }
      await file.close();
      const sha256 = hash.digest('hex');
      const final = pathOf(sha256);
      if (await exists(final)) {
        await rm(tmp, { force: true });
        return { sha256, size, created: false };
      }
      await mkdir(join(dir, sha256.slice(0, 2)), { recursive: true });
      await rename(tmp, final);
      return { sha256, size, created: true };
    },

    async open(sha256) {
      const path = pathOf(sha256);
      const info = await stat(path).catch(() => null);
      if (!info) throw new VigilError('internal', `attachment content ${sha256} is missing from the store`);
      if (await sha256OfFile(path) !== sha256) throw new VigilError('internal', `attachment content ${sha256} no longer matches its hash`);
      return { stream: createReadStream(path), size: info.size };
    },

    async has(sha256) {
      return exists(pathOf(sha256));
    },
  };
}
