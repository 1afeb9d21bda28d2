// Runs derive-rows.ts in a worker thread, one segment at a time (the store loads segments in
// order). A worker that dies fails its request, which the store retries; the next request
// starts a fresh worker.

import { Worker } from 'node:worker_threads';
import type { DeriveReply, DeriveRequest } from './derive-rows.worker.js';

export interface RowDeriver {
  derive(segmentPath: string, rowsPath: string): Promise<void>;
  close(): Promise<void>;
}

const RUNNING_TYPESCRIPT = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(`./derive-rows.worker${RUNNING_TYPESCRIPT ? '.ts' : '.js'}`, import.meta.url);

/** Built, the worker is plain JavaScript; under tsx (tests, benchmarks) Node 20 loads a worker's
 *  entry before the parent's --import hooks, so the worker registers tsx itself first. */
function startWorker(): Worker {
  if (!RUNNING_TYPESCRIPT) return new Worker(WORKER_URL);
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_URL.href)}); })`;
  return new Worker(bootstrap, { eval: true });
}

export function createRowDeriver(): RowDeriver {
  let worker: Worker | undefined;
  let queue: Promise<void> = Promise.resolve();
  let closed = false;

  function run(request: DeriveRequest): Promise<void> {
    const current = worker ??= startWorker();
    current.ref();
    return new Promise<void>((resolve, reject) => {
      const done = () => {
        current.off('message', onMessage);
        current.off('error', onError);
        current.off('exit', onExit);
        current.unref();
      };
      const onMessage = (reply: DeriveReply) => {
        done();
        if (reply.ok) resolve();
        else reject(new Error(`deriving rows of ${request.segmentPath} failed: ${reply.error}`));
      };
      const onError = (error: Error) => {
        done();
        if (worker === current) worker = undefined;
        reject(error);
      };
      const onExit = (code: number) => onError(new Error(`row deriver exited with code ${code}`));
      current.on('message', onMessage);
      current.on('error', onError);
      current.on('exit', onExit);
      current.postMessage(request);
    });
  }

  return {
    derive(segmentPath, rowsPath) {
      if (closed) return Promise.reject(new Error('the row deriver is closed'));
      const result = queue.then(() => run({ segmentPath, rowsPath }));
      queue = result.catch(() => undefined);
      return result;
    },
    async close() {
      closed = true;
      await queue;
      await worker?.terminate();
      worker = undefined;
    },
  };
}
