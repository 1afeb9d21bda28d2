import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfig } from './config.js';
import { ConfigError } from '../errors.js';
import { tempDir } from '../test-support/temp-dir.js';

test('defaults give a working configuration', () => {
  const config = loadConfig();
  assert.equal(config.data_dir, './data');
  assert.equal(config.http.port, 8080);
  assert.equal(config.syslog.port, 5514);
  assert.equal(config.syslog.udp, true);
});

test('file < environment < flags', async (t) => {
  const dir = await tempDir(t);
  const file = join(dir, 'vigil.yml');
  await writeFile(file, 'http:\n  port: 9000\nsyslog:\n  port: 1514\nretention_days: 7\n');
  const config = loadConfig({ file, env: { VIGIL_HTTP_PORT: '9001', VIGIL_DATA_DIR: '/srv/vigil' }, flags: { 'http.port': 9002 } });
  assert.equal(config.http.port, 9002);
  assert.equal(config.syslog.port, 1514);
  assert.equal(config.data_dir, '/srv/vigil');
  assert.equal(config.retention_days, 7);
});

test('errors name the bad key', async (t) => {
  const dir = await tempDir(t);
  const file = join(dir, 'vigil.yml');
  await writeFile(file, 'http:\n  port: "eighty"\n  colour: blue\n');
  assert.throws(() => loadConfig({ file }), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.match(error.message, /http\.port/);
    assert.match(error.message, /unknown key http\.colour/);
    return true;
  });
  assert.throws(() => loadConfig({ env: { VIGIL_HTTP_PORT: 'abc' } }), /VIGIL_HTTP_PORT: expected a number/);
  assert.throws(() => loadConfig({ flags: { 'http.port': 70000 } }), /http\.port/);
});

test('a YAML syntax error names the file and line', async (t) => {
  const dir = await tempDir(t);
  const file = join(dir, 'vigil.yml');
  await writeFile(file, 'http:\n  port: 8080\n bad: [\n');
  assert.throws(() => loadConfig({ file }), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.equal(error.location?.file, file);
    assert.ok(error.location?.line);
    return true;
  });
});
