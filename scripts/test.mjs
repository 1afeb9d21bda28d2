#!/usr/bin/env node
// Runs every *.test.ts under src/, test/, bench/ and web/ (the console's code and its end-to-end tests) with Node's test runner (TypeScript through tsx).
// Arguments narrow the run to files whose path contains one of them: `npm test -- sigma evtx`.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const roots = ['src', 'test', 'bench', 'web/src', 'web/e2e'];
const filters = process.argv.slice(2);

function walk(dir, out) {
  let names;
  try { names = readdirSync(dir); } catch { return out; }
  for (const name of names) {
    if (name === 'node_modules' || name === 'dist') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const files = roots.flatMap((root) => walk(root, []))
  .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const result = spawnSync(process.execPath, [
  '--import', 'tsx',
  '--test', '--test-concurrency=2', '--test-reporter=spec',
  ...files,
], { stdio: 'inherit', env: { ...process.env, VIGIL_LOG_LEVEL: process.env.VIGIL_LOG_LEVEL ?? 'silent' } });
process.exit(result.status ?? 1);
