// Worker thread entry: derives the rows of WAL segments (see derive-rows.ts) on another core,
// so re-parsing for the store never competes with the ingest path's own thread.

import { parentPort } from 'node:worker_threads';
import { deriveRows } from './derive-rows.js';

export interface DeriveRequest {
  segmentPath: string;
  rowsPath: string;
}

export type DeriveReply = { ok: true } | { ok: false; error: string };

parentPort?.on('message', (request: DeriveRequest) => {
  deriveRows(request.segmentPath, request.rowsPath).then(
    () => parentPort?.postMessage({ ok: true } satisfies DeriveReply),
    (error: unknown) => parentPort?.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) } satisfies DeriveReply),
  );
});
