// `vigil rules` as a real process: update from a local HTTP server serving a zip of the SigmaHQ
// rules (and refusing bad downloads without touching the installed rules), import, list with
// filters and errors, enable and disable by id and by filter.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import { zipSync } from 'fflate';
import { openStateDb } from '../store/state/database.js';
import { ROOT, runVigil } from '../test-support/server-process.js';
import { tempDir } from '../test-support/temp-dir.js';

const SIGMA = join(process.cwd(), '..', 'shared', 'corpus', 'sigma');
const CLI = ['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts')];

/** Runs the CLI without blocking this process (the test's HTTP server must keep answering). */
function runAsync(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...CLI, ...args], { cwd: ROOT, env: { ...process.env, VIGIL_LOG_LEVEL: 'warn' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    child.on('close', (status) => resolve({ status: status ?? -1, stdout, stderr }));
  });
}

/** A zip of the corpus' rules* folders, laid out as SigmaHQ's release is. */
function sigmaZip(): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.yml')) files[relative(SIGMA, path)] = readFileSync(path);
    }
  };
  for (const name of readdirSync(SIGMA)) if (name.startsWith('rules')) walk(join(SIGMA, name));
  return zipSync(files, { level: 0 });
}

async function serve(t: { after(fn: () => unknown): void }, routes: Record<string, { status: number; body: Uint8Array | string }>): Promise<string> {
  const server: Server = createServer((request, response) => {
    const route = routes[request.url ?? ''];
    response.writeHead(route?.status ?? 404);
    response.end(route?.body ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => server.close(resolve)));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function countYaml(dir: string): Promise<number> {
  return (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.yml')).length;
}

const LEVELS = ['informational', 'low', 'medium', 'high', 'critical'];

describe('vigil rules update', { skip: !existsSync(SIGMA) && 'corpus not present' }, () => {
  test('installs the release zip; a bad URL or a non-zip is a clear error and the installed rules stay', async (t) => {
    const data = await tempDir(t);
    const zip = sigmaZip();
    const base = await serve(t, { '/sigma_all_rules.zip': { status: 200, body: zip }, '/page.html': { status: 200, body: '<html>not a zip</html>' } });
    const installed = join(data, 'rules', 'sigmahq');

    const ok = await runAsync(['rules', 'update', '--url', `${base}/sigma_all_rules.zip`, '--data', data]);
    assert.equal(ok.status, 0, ok.stderr);
    const files = await countYaml(installed);
    assert.match(ok.stdout, new RegExp(`^installed ${files} rule files from ${base}/sigma_all_rules.zip`, 'm'));
    assert.match(ok.stdout, /^sigmahq: 3780 rules loaded, \d+ enabled by the default policy or settings, 0 errors$/m);
    assert.ok(existsSync(join(data, 'rules', '.changed')), 'a running server is told');

    const notFound = await runAsync(['rules', 'update', '--url', `${base}/missing.zip`, '--data', data]);
    assert.equal(notFound.status, 1);
    assert.match(notFound.stderr, /answered HTTP 404; the installed rules are unchanged/);
    const notZip = await runAsync(['rules', 'update', '--url', `${base}/page.html`, '--data', data]);
    assert.equal(notZip.status, 1);
    assert.match(notZip.stderr, /not a readable zip archive.*the installed rules are unchanged/);
    const unreachable = await runAsync(['rules', 'update', '--url', 'http://127.0.0.1:1/sigma.zip', '--data', data]);
    assert.equal(unreachable.status, 1);
    assert.match(unreachable.stderr, /cannot download http:\/\/127\.0\.0\.1:1\/sigma\.zip/);
    assert.equal(await countYaml(installed), files);
    assert.deepEqual((await readdir(join(data, 'rules'))).sort(), ['.changed', 'sigmahq']);

    // The listing applies the default policy: stable or test, medium and up.
    const listed = runVigil(['rules', 'list', '--source', 'sigmahq', '--format', 'jsonl', '--data', data]);
    assert.equal(listed.status, 0, listed.stderr);
    const rules = listed.stdout.trim().split('\n').map((l) => JSON.parse(l) as { enabled: boolean; status: string; level: string; source: string });
    assert.equal(rules.length, 3780);
    const wrong = rules.filter((r) => r.enabled !== (['stable', 'test'].includes(r.status) && LEVELS.indexOf(r.level) >= 2));
    assert.deepEqual(wrong, []);
    assert.ok(rules.some((r) => r.enabled) && rules.some((r) => !r.enabled));
    assert.match(listed.stderr, new RegExp(`^3795 rules loaded from ${files + 11} files \\(${rules.filter((r) => r.enabled).length + 15} enabled\\), 0 errors$`, 'm'));
  });
});

describe('vigil rules import, list, enable, disable', () => {
  test('an imported set is listed with its errors; rules are switched by id and by filter, and audited', async (t) => {
    const data = await tempDir(t);
    const source = join(await tempDir(t), 'team-rules');
    await mkdir(source);
    await writeFile(join(source, 'whoami.yml'), 'title: Whoami Run\nid: 55555555-0000-4000-8000-000000000001\nstatus: test\nlevel: medium\nauthor: Team\ntags: [attack.discovery, attack.t1033]\nlogsource: { product: windows, category: process_creation }\ndetection:\n  sel: { CommandLine|contains: whoami }\n  condition: sel\n');
    await writeFile(join(source, 'low.yml'), 'title: Net View\nid: 55555555-0000-4000-8000-000000000002\nstatus: stable\nlevel: low\nlogsource: { product: windows, category: process_creation }\ndetection:\n  sel: { CommandLine|contains: net view }\n  condition: sel\n');
    await writeFile(join(source, 'broken.yml'), 'title: Broken\nlogsource: { product: windows }\ndetection:\n  sel: { Image|nope: x }\n  condition: sel\n');

    const imported = runVigil(['rules', 'import', source, '--name', 'team', '--data', data]);
    assert.equal(imported.status, 0, imported.stderr);
    assert.match(imported.stdout, /^imported 3 rule files as the set imported\/team$/m);
    assert.match(imported.stdout, /^imported\/team: 2 rules loaded, 1 enabled by the default policy or settings, 1 errors$/m);
    assert.match(imported.stdout, /broken\.yml:4: /);

    const table = runVigil(['rules', 'list', '--source', 'imported', '--errors', '--data', data]);
    assert.equal(table.status, 0, table.stderr);
    const lines = table.stdout.split('\n');
    assert.match(lines[0]!, /^ID\s+LEVEL\s+STATUS\s+ON\s+SET\s+TITLE$/);
    assert.match(table.stdout, /^55555555-0000-4000-8000-000000000001\s+medium\s+test\s+yes\s+imported\/team\s+Whoami Run$/m);
    assert.match(table.stdout, /^55555555-0000-4000-8000-000000000002\s+low\s+stable\s+no\s+imported\/team\s+Net View$/m);
    assert.match(table.stdout, /^2 of 17 rules$/m);
    assert.match(table.stdout, /^17 rules loaded from 14 files \(16 enabled\), 1 errors \(--errors lists them\)$/m);
    assert.match(table.stdout, /team\/broken\.yml:4: /);

    const on = runVigil(['rules', 'enable', '55555555-0000-4000-8000-000000000002', '--data', data]);
    assert.equal(on.status, 0, on.stderr);
    assert.match(on.stdout, /^enabled 1 rules \(1 changed\)$/m);
    const off = runVigil(['rules', 'disable', '--logsource', 'linux/sshd', '--data', data]);
    assert.equal(off.status, 0, off.stderr);
    assert.match(off.stdout, /^disabled 2 rules \(2 changed\)$/m);
    const disabled = runVigil(['rules', 'list', '--enabled', 'false', '--format', 'jsonl', '--data', data]);
    assert.deepEqual(disabled.stdout.trim().split('\n').map((l) => JSON.parse(l).title), ['SSH Brute Force From One Address', 'SSH Authentication Failure']);

    const db = openStateDb(join(data, 'state.db'));
    try {
      const audit = db.prepare("SELECT action, actor_kind, entity_id FROM audit_log WHERE entity_type = 'rule' ORDER BY id").all();
      assert.deepEqual(audit.map((a) => [(a as { action: string }).action, (a as { actor_kind: string }).actor_kind, (a as { entity_id: string | null }).entity_id]), [
        ['rule.enable', 'system', '55555555-0000-4000-8000-000000000002'],
        ['rule.bulk_disable', 'system', null],
      ]);
      assert.equal(db.prepare('SELECT COUNT(*) FROM rule_settings').pluck().get(), 3);
    } finally {
      db.close();
    }

    assert.equal(runVigil(['rules', 'disable', 'no-such-rule', '--data', data]).status, 1);
    assert.equal(runVigil(['rules', 'disable', '--data', data]).status, 1);
    assert.equal(runVigil(['rules', 'list', '--level', 'severe', '--data', data]).status, 2);
    assert.equal(runVigil(['rules', 'frobnicate', '--data', data]).status, 2);
    assert.equal(runVigil(['rules', 'import', join(data, 'nope'), '--data', data]).status, 1);
  });
});
