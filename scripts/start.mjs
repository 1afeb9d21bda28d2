#!/usr/bin/env node
// npm start: installs what is missing, builds what is stale, then runs `vigil serve` with
// data under ./data. Arguments after `npm start --` go to vigil serve.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync, spawn } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function newest(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let latest = info.mtimeMs;
  for (const name of readdirSync(path)) {
    if (name === 'node_modules' || name === 'dist') continue;
    latest = Math.max(latest, newest(join(path, name)));
  }
  return latest;
}

const installed = join(root, 'node_modules', '.package-lock.json');
if (!existsSync(installed) || statSync(join(root, 'package-lock.json')).mtimeMs > statSync(installed).mtimeMs) {
  console.log('Installing dependencies…');
  run(npm, ['install', '--no-audit', '--no-fund']);
}

// The core (dist/) and the console (web/dist/) are rebuilt when their sources are newer.
const stale = (output, sources) => !existsSync(output) || Math.max(...sources.map(newest)) > statSync(output).mtimeMs;
if (stale(join(root, 'dist', 'cli', 'main.js'), [join(root, 'src')]) || stale(join(root, 'web', 'dist', 'index.html'), [join(root, 'web', 'src'), join(root, 'web', 'index.html')])) {
  console.log('Building…');
  run(npm, ['run', 'build']);
}

const args = process.argv.slice(2);
if (!args.includes('--data') && !process.env.VIGIL_DATA_DIR) args.push('--data', join(root, 'data'));
const child = spawn(process.execPath, [join(root, 'dist', 'cli', 'main.js'), 'serve', ...args], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
