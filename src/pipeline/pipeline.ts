// The pipeline behind every source: parse → enrich → store durably → tell listeners
// (detection). It bounds the records in flight: past the limit it refuses new work
// (OverloadedError) instead of growing the heap, and says when it has room again.

import type { Logger } from 'pino';
import type { ParsedEvent, VigilEvent } from '../event/event.js';
import { ECS, TAGS } from '../event/fields.js';
import { newEventId } from '../event/id.js';
import { OverloadedError } from '../errors.js';
import type { Metrics } from '../metrics/metrics.js';
import type { Enricher, Intake, RawRecord } from './stages.js';

export interface PipelineOptions {
  parse(record: RawRecord): ParsedEvent;
  enrichers: Enricher[];
  /**
   * Makes events durable; resolves when they are. `records` (the records the events came from,
   * in the same order) is given only when each event is exactly `toEvent(record, parse(record), id)`
   * (no enricher changed it), so the store may keep the compact records instead and derive the
   * events again later — with `parseRecord` (derive-rows.ts): `parse` must be it then (core.ts).
   */
  store(events: VigilEvent[], records?: readonly RawRecord[]): Promise<void>;
  /** Bytes the store has accepted but not yet indexed; part of the overload test. */
  storeBacklog(): number;
  /** Called with every batch once it is durable (detection subscribes here). */
  listeners: ((events: VigilEvent[]) => void | Promise<void>)[];
  metrics: Metrics;
  logger: Logger;
  /** Records accepted and not yet durable before new submissions are refused. */
  maxInFlight: number;
  /** Store backlog beyond which new submissions are refused. */
  maxStoreBacklogBytes: number;
}

export interface Pipeline extends Intake {
  /** Records accepted and not yet durable. */
  readonly inFlight: number;
  /** Parses records exactly as submit() does, without storing them (`vigil parse`). */
  normalize(records: RawRecord[]): VigilEvent[];
  /** submit() that also returns the ids the stored events got, in record order. */
  ingest(records: RawRecord[]): Promise<string[]>;
  /** Resolves once nothing is in flight. */
  drain(): Promise<void>;
}

/** The receive time as ISO text; a batch's records mostly share one, so the last is kept. */
let lastReceived = { ms: NaN, iso: '' };
function receivedIso(ms: number): string {
  if (ms !== lastReceived.ms) lastReceived = { ms, iso: new Date(ms).toISOString() };
  return lastReceived.iso;
}

/** The event a record becomes: a pure function of the record and its id, so it can be derived again. */
export function toEvent(record: RawRecord, parsed: ParsedEvent, id: string): VigilEvent {
  parsed.fields[ECS.event.ingested] = receivedIso(record.received);
  return { id, tenant: record.tenant, timestamp: parsed.timestamp, fields: parsed.fields };
}

export function createPipeline(options: PipelineOptions): Pipeline {
  const { metrics, logger } = options;
  let inFlight = 0;
  let waiters: (() => void)[] = [];
  let drainWaiters: (() => void)[] = [];
  let pollTimer: NodeJS.Timeout | undefined;

  const isOverloaded = () => inFlight >= options.maxInFlight || options.storeBacklog() > options.maxStoreBacklogBytes;

  function wakeIfReady() {
    if (isOverloaded()) {
      // The store's backlog shrinks without any submit finishing: look again shortly.
      if (waiters.length > 0 && !pollTimer) {
        pollTimer = setTimeout(() => {
          pollTimer = undefined;
          wakeIfReady();
        }, 50);
      }
      return;
    }
    const ready = waiters;
    waiters = [];
    for (const wake of ready) wake();
  }

  function normalize(records: RawRecord[]): VigilEvent[] {
    const events = new Array<VigilEvent>(records.length);
    let failures = 0;
    for (let i = 0; i < records.length; i++) {
      const record = records[i]!;
      const event = toEvent(record, options.parse(record), newEventId(record.received));
      const tags = event.fields[ECS.tags];
      if (Array.isArray(tags) && tags.includes(TAGS.parseFailure)) failures++;
      events[i] = event;
    }
    if (failures > 0) metrics.parseFailures.inc({ format: records[0]?.format ?? 'detected' }, failures);
    return events;
  }

  async function process(records: RawRecord[], component: string): Promise<VigilEvent[]> {
    const events = normalize(records);
    for (const enricher of options.enrichers) {
      try {
        await enricher.enrich(events);
      } catch (error) {
        // Context is a bonus: an enricher failing must not cost the events.
        metrics.errors.inc({ stage: `enrich:${enricher.name}` });
        logger.error({ err: error, enricher: enricher.name }, 'enricher failed');
      }
    }
    // Enrichers change events after parsing: such events can no longer be derived from their records.
    await options.store(events, options.enrichers.length === 0 ? records : undefined);
    metrics.stored.inc({ component }, events.length);
    for (const listener of options.listeners) {
      try {
        await listener(events);
      } catch (error) {
        metrics.errors.inc({ stage: 'listener' });
        logger.error({ err: error }, 'pipeline listener failed');
      }
    }
    return events;
  }

  async function ingest(records: RawRecord[]): Promise<string[]> {
    if (records.length === 0) return [];
    const component = records[0]!.origin.source;
    if (isOverloaded()) {
      metrics.dropped.inc({ component, reason: 'overload_refused' }, records.length);
      throw new OverloadedError(1);
    }
    inFlight += records.length;
    metrics.received.inc({ component }, records.length);
    metrics.queueDepth.inc({ component }, records.length);
    try {
      return (await process(records, component)).map((e) => e.id);
    } catch (error) {
      metrics.errors.inc({ stage: 'store' });
      throw error;
    } finally {
      inFlight -= records.length;
      metrics.queueDepth.dec({ component }, records.length);
      wakeIfReady();
      if (inFlight === 0) {
        const drained = drainWaiters;
        drainWaiters = [];
        for (const done of drained) done();
      }
    }
  }

  return {
    get overloaded() {
      return isOverloaded();
    },
    get inFlight() {
      return inFlight;
    },
    normalize,
    ingest,
    async submit(records) {
      await ingest(records);
    },
    whenReady() {
      if (!isOverloaded()) return Promise.resolve();
      return new Promise<void>((resolve) => {
        waiters.push(resolve);
        wakeIfReady();
      });
    },
    drain() {
      if (inFlight === 0) return Promise.resolve();
      return new Promise<void>((resolve) => drainWaiters.push(resolve));
    },
  };
}
