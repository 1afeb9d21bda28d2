// Test support for the sources: an Intake that collects what it is given and can be
// made overloaded, plus the quiet context (silent logger, fresh metrics) sources need.

import { pino } from 'pino';
import { OverloadedError } from '../errors.js';
import { createMetrics } from '../metrics/metrics.js';
import type { Metrics } from '../metrics/metrics.js';
import type { Intake, RawRecord, SourceContext } from '../pipeline/stages.js';

export interface FakeIntake extends Intake {
  /** Every record taken, in the order submitted. */
  readonly records: RawRecord[];
  /** Size of each batch taken. */
  readonly batches: number[];
  /** Submissions refused because the fake was overloaded. */
  readonly refused: number;
  setOverloaded(value: boolean): void;
  /** Resolves once at least `count` records were taken; rejects after `timeoutMs` saying how many came. */
  waitFor(count: number, timeoutMs?: number): Promise<RawRecord[]>;
  texts(): string[];
}

export function createFakeIntake(options: { overloaded?: boolean } = {}): FakeIntake {
  const records: RawRecord[] = [];
  const batches: number[] = [];
  let overloaded = options.overloaded ?? false;
  let refused = 0;
  let readyWaiters: (() => void)[] = [];
  let countWaiters: (() => void)[] = [];

  return {
    records,
    batches,
    get refused() {
      return refused;
    },
    get overloaded() {
      return overloaded;
    },
    async submit(batch: RawRecord[]): Promise<void> {
      if (overloaded) {
        refused++;
        throw new OverloadedError();
      }
      records.push(...batch);
      batches.push(batch.length);
      const wake = countWaiters;
      countWaiters = [];
      for (const fn of wake) fn();
    },
    whenReady(): Promise<void> {
      if (!overloaded) return Promise.resolve();
      return new Promise((resolve) => readyWaiters.push(resolve));
    },
    setOverloaded(value: boolean): void {
      overloaded = value;
      if (!value) {
        const wake = readyWaiters;
        readyWaiters = [];
        for (const fn of wake) fn();
      }
    },
    async waitFor(count: number, timeoutMs = 10_000): Promise<RawRecord[]> {
      const deadline = Date.now() + timeoutMs;
      while (records.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`expected ${count} records, got ${records.length}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(left, 200));
          countWaiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return records;
    },
    texts(): string[] {
      return records.map((r) => r.text);
    },
  };
}

export function testContext(intake: Intake): SourceContext & { metrics: Metrics } {
  return { intake, logger: pino({ level: 'silent' }), metrics: createMetrics() };
}

/** Current value of a counter for the given labels (0 when never incremented). */
export async function counterValue(metrics: Metrics, name: 'received' | 'dropped' | 'errors', labels: Record<string, string>): Promise<number> {
  const data = await metrics[name].get();
  const match = data.values.find((v) => Object.entries(labels).every(([k, want]) => (v.labels as Record<string, unknown>)[k] === want));
  return match?.value ?? 0;
}
