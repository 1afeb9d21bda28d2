#!/usr/bin/env node
// Entry point of the vigil command: runs the built CLI (npm start or npm run build makes it).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(built))) {
  process.stderr.write('vigil: not built yet; run `npm run build` (or `npm start`) in the project folder first\n');
  process.exit(1);
}
const { main } = await import(built.href);
const code = await main(process.argv.slice(2));
if (process.argv[2] !== 'serve' || code !== 0) process.exitCode = code;
