import { test, describe, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, copyFileSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, truncateSync, writeFileSync, closeSync, writeSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import type { Source } from '../../pipeline/stages.js';
import { createFakeIntake, testContext } from '../test-support.js';
import type { FakeIntake } from '../test-support.js';
import { fileSource } from './index.js';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

function workspace() {
  const dir = mkdtempSync(join(os.tmpdir(), 'vigil-file-'));
  cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
  return { dir, log: join(dir, 'app.log'), state: join(dir, 'state') };
}

async function start(config: Record<string, unknown>, intake: FakeIntake = createFakeIntake()) {
  const source: Source = fileSource.create(fileSource.configSchema.parse({ poll_interval_ms: 50, rotate_wait_ms: 100, ...config }), testContext(intake));
  await source.start();
  let stopped = false;
  const stop = async () => {
    if (!stopped) await source.stop();
    stopped = true;
  };
  cleanup.push(stop);
  return { source, intake, stop };
}

const lines = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix} ${i}`);
const text = (list: string[]) => list.map((l) => `${l}\n`).join('');
/** Gives a misbehaving source time to read something twice: several poll rounds. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe('file source', { timeout: 30_000 }, () => {
  test('reads existing lines from the beginning, then appended lines, with origin and line numbers', async () => {
    const { dir, log, state } = workspace();
    writeFileSync(log, text(['one', 'two']));
    const { intake } = await start({ paths: [join(dir, '*.log')], start_at: 'beginning', state_dir: state, tenant: 'acme', format: 'linux-auth' });
    await intake.waitFor(2);
    appendFileSync(log, text(['three']));
    await intake.waitFor(3);
    await settle();
    assert.deepEqual(intake.texts(), ['one', 'two', 'three']);
    assert.deepEqual(intake.records[2]!.origin, { source: 'file', file: log, line: 3 });
    assert.equal(intake.records[2]!.tenant, 'acme');
    assert.equal(intake.records[2]!.format, 'linux-auth');
  });

  test('start_at end skips what is there at the first start only', async () => {
    const { dir, log, state } = workspace();
    writeFileSync(log, text(['old']));
    const { intake } = await start({ paths: [join(dir, '*.log')], state_dir: state });
    appendFileSync(log, text(['new']));
    writeFileSync(join(dir, 'later.log'), text(['from a file created later']));
    await intake.waitFor(2);
    await settle();
    assert.deepEqual(intake.texts().sort(), ['from a file created later', 'new']);
  });

  test('a partial last line is held until its newline arrives', async () => {
    const { dir, log, state } = workspace();
    writeFileSync(log, 'first\nhalf a li');
    const { intake } = await start({ paths: [join(dir, '*.log')], start_at: 'beginning', state_dir: state });
    await intake.waitFor(1);
    await settle();
    assert.deepEqual(intake.texts(), ['first']);
    appendFileSync(log, 'ne\n');
    await intake.waitFor(2);
    assert.deepEqual(intake.texts(), ['first', 'half a line']);
  });

  test('rotation by rename: the old file is read to its end, the new one from its start', async () => {
    const { dir, log, state } = workspace();
    writeFileSync(log, text(lines('before', 3)));
    const { intake } = await start({ paths: [join(dir, '*.log')], start_at: 'beginning', state_dir: state });
    await intake.waitFor(3);
    // The writer still holds the old file open for a moment after the rename, as daemons do.
    const writer = openSync(log, 'a');
    renameSync(log, `${log}.1`);
    writeFileSync(log, text(lines('after', 2)));
    writeSync(writer, text(lines('late write to the old file', 2)));
    closeSync(writer);
    await intake.waitFor(7);
    await settle();
    const got = intake.texts();
    assert.deepEqual(got.filter((l) => !l.startsWith('after')), [...lines('before', 3), ...lines('late write to the old file', 2)]);
    assert.deepEqual(got.filter((l) => l.startsWith('after')), lines('after', 2));
  });

  test('copytruncate: lines after the truncation are read, nothing twice', async () => {
    const { dir, log, state } = workspace();
    writeFileSync(log, text(lines('before', 3)));
    const { intake } = await start({ paths: [join(dir, '*.log')], start_at: 'beginning', state_dir: state });
    await intake.waitFor(3);
    copyFileSync(log, `${log}.1`);
    truncateSync(log, 0);
    appendFileSync(log, text(lines('after', 2)));
    await intake.waitFor(5);
    await settle();
    assert.deepEqual(intake.texts(), [...lines('before', 3), ...lines('after', 2)]);
  });

  test('rotated .gz files are never read', async () => {
    const { log, state } = workspace();
    writeFileSync(`${log}.2.gz`, text(['compressed']));
    writeFileSync(log, text(['plain']));
    const { intake } = await start({ paths: [`${log}*`], start_at: 'beginning', state_dir: state });
    await intake.waitFor(1);
    await settle();
    assert.deepEqual(intake.texts(), ['plain']);
  });

  test('restart: positions survive, no line lost or repeated, even across a rotation while stopped', async () => {
    const { dir, log, state } = workspace();
    const config = { paths: [join(dir, '*.log')], start_at: 'beginning', state_dir: state };
    writeFileSync(log, text(lines('run1', 4)) + 'partial ');
    const first = await start(config);
    await first.intake.waitFor(4);
    await first.stop();
    const saved = JSON.parse(readFileSync(join(state, 'file-file.json'), 'utf8')) as { files: Record<string, { offset: number; path: string }> };
    assert.deepEqual(Object.values(saved.files).map((f) => [f.path, f.offset]), [[log, text(lines('run1', 4)).length]]);

    appendFileSync(log, `line\n${text(lines('while stopped', 2))}`);
    renameSync(log, `${log}.1`);
    writeFileSync(log, text(lines('new file', 2)));
    const second = await start(config);
    await second.intake.waitFor(5);
    await settle();
    const got = second.intake.texts();
    assert.deepEqual(got.filter((l) => !l.startsWith('new file')), ['partial line', ...lines('while stopped', 2)]);
    assert.deepEqual(got.filter((l) => l.startsWith('new file')), lines('new file', 2));
  });

  test('overload: nothing is committed until the intake takes the lines; stopping then loses nothing', async () => {
    const { dir, log, state } = workspace();
    const config = { paths: [join(dir, '*.log')], start_at: 'beginning', state_dir: state };
    writeFileSync(log, text(lines('x', 3)));
    const blocked = createFakeIntake({ overloaded: true });
    const first = await start(config, blocked);
    await settle();
    assert.equal(blocked.records.length, 0);
    await first.stop();
    const saved = JSON.parse(readFileSync(join(state, 'file-file.json'), 'utf8')) as { files: Record<string, { offset: number }> };
    assert.deepEqual(Object.values(saved.files).map((f) => f.offset), [0]);

    const second = await start(config, createFakeIntake({ overloaded: true }));
    second.intake.setOverloaded(false);
    await second.intake.waitFor(3);
    await settle();
    assert.deepEqual(second.intake.texts(), lines('x', 3));
  });

  test('many lines arrive in batches of batch_size, in order', async () => {
    const { log, state } = workspace();
    writeFileSync(log, text(lines('bulk', 2500)));
    const { intake } = await start({ paths: [log], start_at: 'beginning', state_dir: state, batch_size: 1000 });
    await intake.waitFor(2500);
    assert.deepEqual(intake.batches, [1000, 1000, 500]);
    assert.deepEqual(intake.texts(), lines('bulk', 2500));
  });

  test('config: paths required, unknown keys rejected, state file named after the source', () => {
    assert.equal(fileSource.configSchema.safeParse({}).success, false);
    assert.equal(fileSource.configSchema.safeParse({ paths: ['/x'], follow: true }).success, false);
    assert.equal(fileSource.configSchema.safeParse({ paths: ['/x'], name: '../evil' }).success, false);
    const defaults = fileSource.configSchema.parse({ paths: ['/var/log/*.log'] });
    assert.equal(defaults.start_at, 'end');
    assert.equal(defaults.tenant, 'default');
    assert.equal(defaults.name, 'file');
  });
});
