import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../config/config.js';
import { openEngine, type Engine } from '../core.js';
import type { VigilEvent } from '../event/event.js';
import type { RawRecord } from '../pipeline/stages.js';
import { silentLogger } from '../test-support/logger.js';
import { markRulesChanged, ruleLibrary } from './index.js';

const SSH_BRUTE_FORCE = '9dcd1a02-8d5c-4539-bbad-8464684e32e5';
const T0 = Date.parse('2026-03-03T10:00:00Z');

function sshFailure(ip: string, second: number): RawRecord {
  const stamp = `Mar  3 ${new Date(T0 + second * 1000).toISOString().slice(11, 19)}`;
  return { text: `<38>${stamp} web01 sshd[${2200 + second}]: Failed password for root from ${ip} port ${50000 + second} ssh2`, received: T0 + 3_600_000, origin: { source: 'test' }, tenant: 'default' };
}

/** A data directory and engines on it; the engines are closed before the directory is removed. */
async function workspace(t: TestContext): Promise<{ dir: string; open(detection?: Partial<Config['detection']>): Promise<Engine> }> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-detect-'));
  const engines: Engine[] = [];
  t.after(async () => {
    for (const engine of engines) await engine.close();
    await rm(dir, { recursive: true, force: true });
  });
  return {
    dir,
    async open(detection = {}) {
      const base = loadConfig({ flags: { data_dir: dir } });
      const engine = await openEngine({ ...base, detection: { ...base.detection, ...detection } }, silentLogger, { adminPassword: 'admin-password-for-tests' });
      let closed = false;
      const close = engine.close;
      engine.close = async () => {
        if (closed) return;
        closed = true;
        await close();
      };
      engines.push(engine);
      return engine;
    },
  };
}

function countAlerts(engine: Engine, ruleId: string): number {
  return engine.db.prepare('SELECT COUNT(*) FROM alerts WHERE rule_id = ?').pluck().get(ruleId) as number;
}

async function metric(engine: Engine, name: string): Promise<string> {
  return (await engine.metrics.registry.metrics()).split('\n').filter((l) => l.startsWith(name)).join('\n');
}

test('a brute force half before a restart and half after raises one correlation alert', async (t) => {
  const ws = await workspace(t);
  const first = await ws.open();
  await first.pipeline.ingest([0, 10, 20, 30, 40].map((s) => sshFailure('203.0.113.50', s)));
  assert.equal(countAlerts(first, SSH_BRUTE_FORCE), 0);
  await first.close();

  const second = await ws.open();
  const saved = second.db.prepare('SELECT tenant_id, snapshot_json FROM correlation_state').all() as { tenant_id: string; snapshot_json: string }[];
  assert.deepEqual(saved.map((r) => r.tenant_id), ['default']);
  assert.equal(second.ctx.detection.status().correlation_groups, 1, 'the open window is back');
  await second.pipeline.ingest([50, 60, 70, 80].map((s) => sshFailure('203.0.113.50', s)));
  assert.equal(countAlerts(second, SSH_BRUTE_FORCE), 0, 'nine failures are not ten');
  await second.pipeline.ingest([sshFailure('203.0.113.50', 90)]);
  assert.equal(countAlerts(second, SSH_BRUTE_FORCE), 1);
  const event = second.db.prepare('SELECT event_count, source_ip FROM alerts WHERE rule_id = ?').get(SSH_BRUTE_FORCE);
  assert.deepEqual(event, { event_count: 1, source_ip: '203.0.113.50' });
});

test('without the saved state the same split raises nothing (the test above depends on it)', async (t) => {
  const ws = await workspace(t);
  const first = await ws.open();
  await first.pipeline.ingest([0, 10, 20, 30, 40].map((s) => sshFailure('203.0.113.50', s)));
  await first.close();
  const second = await ws.open();
  second.db.prepare('DELETE FROM correlation_state').run();
  await second.close();
  const third = await ws.open();
  await third.pipeline.ingest([50, 60, 70, 80, 90].map((s) => sshFailure('203.0.113.50', s)));
  assert.equal(countAlerts(third, SSH_BRUTE_FORCE), 0);
});

test('correlation state is bounded: groups beyond the cap are evicted and counted', async (t) => {
  const engine = await (await workspace(t)).open({ correlation_max_groups: 2 });
  await engine.pipeline.ingest(['198.51.100.1', '198.51.100.2', '198.51.100.3', '198.51.100.4'].map((ip, i) => sshFailure(ip, i)));
  assert.match(await metric(engine, 'correlation_state_evictions_total'), /^correlation_state_evictions_total 2$/m);
  assert.equal(engine.ctx.detection.status().correlation_groups, 2);
});

test('detection never throws into the pipeline: an event that breaks matching is counted under stage="detect"', async (t) => {
  const engine = await (await workspace(t)).open();
  const poisoned = new Proxy({}, { get() { throw new Error('unreadable field'); }, has() { throw new Error('unreadable field'); } });
  const events: VigilEvent[] = [{ id: 'x1', tenant: 'default', timestamp: T0, fields: poisoned }];
  assert.doesNotThrow(() => engine.ctx.detection.onEvents(events));
  assert.match(await metric(engine, 'errors_total'), /^errors_total\{stage="detect"\} 1$/m);
  // The next batch is matched as usual.
  await engine.pipeline.ingest(Array.from({ length: 10 }, (_, i) => sshFailure('203.0.113.9', i)));
  assert.equal(countAlerts(engine, SSH_BRUTE_FORCE), 1);
});

test('the server reloads when the CLI marks the rules changed', async (t) => {
  const ws = await workspace(t);
  const dir = ws.dir;
  const engine = await ws.open({ reload_check_seconds: 0.05 });
  const set = join(dir, 'rules', 'imported', 'mine');
  await mkdir(set, { recursive: true });
  await writeFile(join(set, 'r.yml'), 'title: Mine\nid: 44444444-3333-4444-5555-666666666666\nstatus: stable\nlevel: high\nlogsource: { product: linux, service: sshd }\ndetection:\n  sel: { event.outcome: failure }\n  condition: sel\n');
  assert.equal(engine.ctx.detection.status().rules, 15);
  await markRulesChanged(ruleLibrary(dir));
  const until = Date.now() + 10_000;
  while (engine.ctx.detection.status().rules !== 16 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  await engine.ctx.detection.settled();
  assert.equal(engine.ctx.detection.status().rules, 16);
  await engine.pipeline.ingest([sshFailure('203.0.113.77', 0)]);
  assert.equal(countAlerts(engine, '44444444-3333-4444-5555-666666666666'), 1);
});
