// Groups a push source's records into batches for Intake.submit and tells the source
// when to stop reading. Used by the syslog listeners; the file source pulls at its own
// pace and submits directly.
//
// Flow control: at most `maxInFlight` submits are pending at once, and one more batch
// fills meanwhile. When that batch is full too, or the intake says it is overloaded,
// `onFlow(true)` asks the source to stop reading (TCP pauses its sockets) until the
// intake has room again. Records held here are so bounded by (maxInFlight + 1) batches
// plus whatever the source had already read when it was asked to pause.
//
// On overload, `wait` keeps the refused batch and submits it again once the intake is
// ready (TCP: nothing lost); `drop` gives it up and counts it (UDP cannot push back).
// Batches refused and resubmitted may land after later ones: order is kept except then.

import type { Logger } from 'pino';
import { OverloadedError } from '../errors.js';
import type { Metrics } from '../metrics/metrics.js';
import type { Intake, RawRecord } from '../pipeline/stages.js';

export type OverloadPolicy = 'wait' | 'drop';

export interface BatcherOptions {
  intake: Intake;
  /** Metrics label: the source's name. */
  component: string;
  metrics: Metrics;
  logger: Logger;
  batchSize: number;
  /** A batch not yet full is submitted this long after its first record. */
  batchWaitMs: number;
  maxInFlight: number;
  onOverload: OverloadPolicy;
  /** Called with true when the source should stop reading, false when it may go on. */
  onFlow?(paused: boolean): void;
}

export interface Batcher {
  /** Takes one record. Never throws; in `drop` mode it may drop the record (counted). */
  add(record: RawRecord): void;
  /** Submits what is buffered and resolves when every pending submit has settled. */
  drain(): Promise<void>;
  /** Like drain, but refused batches are dropped (reason `shutdown`) rather than retried. */
  close(): Promise<void>;
  /** Whether the source is asked not to read now. */
  readonly paused: boolean;
  /** Records taken and not yet settled (buffered plus pending submits). */
  readonly held: number;
}

export function createBatcher(options: BatcherOptions): Batcher {
  const { intake, component, metrics, logger, batchSize, maxInFlight } = options;
  let buffer: RawRecord[] = [];
  let timer: NodeJS.Timeout | undefined;
  let inFlight = 0;
  let inFlightRecords = 0;
  /** Submits waiting for the intake to have room again. */
  let waitingForRoom = 0;
  let paused = false;
  let closing = false;
  let droppedUncounted = 0;
  const pending = new Set<Promise<void>>();
  let closed: () => void = () => {};
  const closedSignal = new Promise<void>((resolve) => {
    closed = resolve;
  });

  function updateFlow(): void {
    const shouldPause = waitingForRoom > 0 || (inFlight >= maxInFlight && buffer.length >= batchSize);
    if (shouldPause === paused) return;
    paused = shouldPause;
    options.onFlow?.(paused);
  }

  function countDrops(reason: string, count: number): void {
    if (count > 0) metrics.dropped.inc({ component, reason }, count);
  }

  function add(record: RawRecord): void {
    if (options.onOverload === 'drop' && (intake.overloaded || (inFlight >= maxInFlight && buffer.length >= batchSize))) {
      // Counted when the next batch goes out, so the counter moves per batch, not per record.
      droppedUncounted++;
      if (!timer) timer = setTimeout(flush, options.batchWaitMs);
      return;
    }
    buffer.push(record);
    if (buffer.length >= batchSize) flush();
    else if (!timer) timer = setTimeout(flush, options.batchWaitMs);
  }

  function flush(): void {
    if (timer) {
      clearTimeout(timer);
      timer = undefined;
    }
    countDrops('overload', droppedUncounted);
    droppedUncounted = 0;
    if (buffer.length === 0 || inFlight >= maxInFlight) {
      updateFlow();
      return;
    }
    const batch = buffer.length <= batchSize ? buffer : buffer.slice(0, batchSize);
    buffer = batch === buffer ? [] : buffer.slice(batchSize);
    metrics.received.inc({ component }, batch.length);
    inFlight++;
    inFlightRecords += batch.length;
    const done = submit(batch).finally(() => {
      inFlight--;
      inFlightRecords -= batch.length;
      pending.delete(done);
      // What filled up meanwhile goes out now rather than after another wait.
      if (buffer.length > 0) flush();
      else updateFlow();
    });
    pending.add(done);
    updateFlow();
  }

  async function submit(batch: RawRecord[]): Promise<void> {
    for (;;) {
      if (options.onOverload === 'wait' && intake.overloaded && !closing) await waitForRoom();
      try {
        await intake.submit(batch);
        return;
      } catch (error) {
        if (!(error instanceof OverloadedError)) {
          metrics.errors.inc({ stage: 'intake' });
          countDrops('error', batch.length);
          logger.error({ err: error, component, records: batch.length }, 'intake refused a batch; records dropped');
          return;
        }
        if (options.onOverload === 'drop' || closing) {
          countDrops(closing ? 'shutdown' : 'overload', batch.length);
          return;
        }
        await waitForRoom();
      }
    }
  }

  async function waitForRoom(): Promise<void> {
    waitingForRoom++;
    updateFlow();
    try {
      await Promise.race([intake.whenReady(), closedSignal]);
    } finally {
      waitingForRoom--;
      updateFlow();
    }
  }

  async function drain(): Promise<void> {
    while (buffer.length > 0 || pending.size > 0 || droppedUncounted > 0) {
      flush();
      if (pending.size > 0) await Promise.race(pending);
    }
  }

  async function close(): Promise<void> {
    closing = true;
    closed();
    await drain();
  }

  return {
    add,
    drain,
    close,
    get paused() {
      return paused;
    },
    get held() {
      return buffer.length + inFlightRecords;
    },
  };
}
