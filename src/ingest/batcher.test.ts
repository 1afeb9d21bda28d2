import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { OverloadedError } from '../errors.js';
import { createMetrics } from '../metrics/metrics.js';
import type { Intake, RawRecord } from '../pipeline/stages.js';
import { createBatcher } from './batcher.js';
import type { BatcherOptions } from './batcher.js';
import { counterValue, createFakeIntake } from './test-support.js';

function record(i: number): RawRecord {
  return { text: `m${i}`, received: 0, origin: { source: 't' }, tenant: 'default' };
}

function setup(intake: Intake, overrides: Partial<BatcherOptions> = {}) {
  const metrics = createMetrics();
  const flow: boolean[] = [];
  const batcher = createBatcher({
    intake,
    component: 't',
    metrics,
    logger: pino({ level: 'silent' }),
    batchSize: 10,
    batchWaitMs: 1,
    maxInFlight: 2,
    onOverload: 'wait',
    onFlow: (paused) => flow.push(paused),
    ...overrides,
  });
  return { batcher, metrics, flow };
}

describe('batcher', () => {
  test('submits full batches at batch_size and the rest after the wait', async () => {
    const intake = createFakeIntake();
    const { batcher, metrics } = setup(intake);
    for (let i = 0; i < 25; i++) batcher.add(record(i));
    await batcher.drain();
    assert.deepEqual(intake.batches, [10, 10, 5]);
    assert.deepEqual(intake.texts(), Array.from({ length: 25 }, (_, i) => `m${i}`));
    assert.equal(await counterValue(metrics, 'received', { component: 't' }), 25);
  });

  test('a partial batch goes out on its own after batch_wait_ms', async () => {
    const intake = createFakeIntake();
    const { batcher } = setup(intake);
    batcher.add(record(1));
    await intake.waitFor(1);
    assert.deepEqual(intake.batches, [1]);
  });

  test('wait mode: overload pauses the source, holds the records, and loses none', async () => {
    const intake = createFakeIntake({ overloaded: true });
    const { batcher, flow } = setup(intake);
    for (let i = 0; i < 40; i++) batcher.add(record(i));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(batcher.paused, true);
    assert.deepEqual(flow, [true]);
    assert.equal(intake.records.length, 0);
    assert.equal(batcher.held, 40);
    intake.setOverloaded(false);
    await batcher.drain();
    assert.equal(batcher.paused, false);
    assert.deepEqual(flow, [true, false]);
    assert.deepEqual([...intake.texts()].sort(), Array.from({ length: 40 }, (_, i) => `m${i}`).sort());
  });

  test('wait mode: a slow intake pauses the source once max_pending batches and one more are held', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const taken: RawRecord[] = [];
    const slow: Intake = {
      overloaded: false,
      whenReady: async () => {},
      async submit(batch) {
        await gate;
        taken.push(...batch);
      },
    };
    const { batcher, flow } = setup(slow);
    for (let i = 0; i < 29; i++) batcher.add(record(i));
    assert.equal(batcher.paused, false);
    batcher.add(record(29));
    assert.equal(batcher.paused, true, 'two batches pending and a third full');
    release();
    await batcher.drain();
    assert.deepEqual(flow, [true, false]);
    assert.deepEqual(taken.map((r) => r.text), Array.from({ length: 30 }, (_, i) => `m${i}`));
  });

  test('drop mode: records arriving while overloaded are dropped and counted', async () => {
    const intake = createFakeIntake({ overloaded: true });
    const { batcher, metrics, flow } = setup(intake, { onOverload: 'drop' });
    for (let i = 0; i < 7; i++) batcher.add(record(i));
    intake.setOverloaded(false);
    for (let i = 7; i < 10; i++) batcher.add(record(i));
    await batcher.drain();
    assert.deepEqual(intake.texts(), ['m7', 'm8', 'm9']);
    assert.equal(await counterValue(metrics, 'dropped', { component: 't', reason: 'overload' }), 7);
    assert.deepEqual(flow, []);
  });

  test('drop mode: a batch refused with OverloadedError is dropped and counted', async () => {
    const refusing: Intake = {
      overloaded: false,
      whenReady: async () => {},
      submit: async () => {
        throw new OverloadedError();
      },
    };
    const { batcher, metrics } = setup(refusing, { onOverload: 'drop' });
    for (let i = 0; i < 3; i++) batcher.add(record(i));
    await batcher.drain();
    assert.equal(await counterValue(metrics, 'dropped', { component: 't', reason: 'overload' }), 3);
  });

  test('a batch the intake fails on is dropped and counted as an intake error, and the batcher goes on', async () => {
    let fail = true;
    const taken: string[] = [];
    const failing: Intake = {
      overloaded: false,
      whenReady: async () => {},
      submit: async (batch) => {
        if (fail) {
          fail = false;
          throw new Error('disk full');
        }
        taken.push(...batch.map((r) => r.text));
      },
    };
    const { batcher, metrics } = setup(failing);
    for (let i = 0; i < 3; i++) batcher.add(record(i));
    await batcher.drain();
    batcher.add(record(3));
    await batcher.drain();
    assert.deepEqual(taken, ['m3']);
    assert.equal(await counterValue(metrics, 'dropped', { component: 't', reason: 'error' }), 3);
    assert.equal(await counterValue(metrics, 'errors', { stage: 'intake' }), 1);
  });

  test('close gives up on an intake that stays overloaded, counting shutdown drops', async () => {
    const intake = createFakeIntake({ overloaded: true });
    const { batcher, metrics } = setup(intake);
    for (let i = 0; i < 4; i++) batcher.add(record(i));
    await new Promise((resolve) => setTimeout(resolve, 10));
    await batcher.close();
    assert.equal(intake.records.length, 0);
    assert.equal(await counterValue(metrics, 'dropped', { component: 't', reason: 'shutdown' }), 4);
  });
});
