// `vigil hunt` benchmark: MB/s and events/s of hunting with the full SigmaHQ rule set over every
// EVTX file of the shared corpus, in process on one core. The rules are loaded once (load time
// reported apart); the files are then scanned in rounds (from the page cache after the first)
// and the median round is reported, next to decoding alone (no rules) and the built-in rules.
//
//   node --import tsx bench/hunt.bench.ts [--seconds 10]
import { extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { createHunter, BUILTIN_RULES_DIR, type Hunter } from '../src/detect/index.js';
import { fileEvents, openFiles } from '../src/detect/hunt/file-events.js';
import { listLogFiles } from '../src/parse/index.js';
import { stat } from 'node:fs/promises';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' } } });
const SECONDS = Number(values.seconds);
const CORPUS = join(process.cwd(), '..', 'shared', 'corpus');
const SIGMA_DIRS = ['rules', 'rules-emerging-threats', 'rules-threat-hunting', 'rules-placeholder', 'rules-compliance'].map((d) => join(CORPUS, 'sigma', d));
const EVTX_DIRS = ['evtx-attack-samples', 'evtx-to-mitre-attack', 'sigma-regression'].map((d) => join(CORPUS, d));

const files = (await listLogFiles(EVTX_DIRS)).filter((f) => extname(f).toLowerCase() === '.evtx');
let bytes = 0;
for (const f of files) bytes += (await stat(f)).size;
const MB = bytes / 1e6;
console.log(`${files.length} EVTX files, ${MB.toFixed(1)} MB`);

function median(list: number[]): number {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function rounds(name: string, once: () => Promise<{ events: number; matches: number }>): Promise<void> {
  const times: number[] = [];
  let last = { events: 0, matches: 0 };
  const until = performance.now() + SECONDS * 1000;
  await once(); // warm-up: JIT and page cache
  do {
    const t = performance.now();
    last = await once();
    times.push((performance.now() - t) / 1000);
  } while (performance.now() < until || times.length < 3);
  const s = median(times);
  console.log(`${name.padEnd(34)} ${(MB / s).toFixed(1).padStart(6)} MB/s  ${Math.round(last.events / s).toString().padStart(7)} events/s  ${last.matches} matches  (${times.length} rounds, median ${(s * 1000).toFixed(0)} ms)`);
}

async function decodeOnly(): Promise<{ events: number; matches: number }> {
  let events = 0;
  let seq = 0;
  for await (const file of openFiles(files)) {
    for await (const batch of fileEvents(file, { tenant: 'default', nextId: () => `b${++seq}`, onWarning: () => undefined })) events += batch.length;
  }
  return { events, matches: 0 };
}

function scanner(hunter: Hunter) {
  return async () => {
    const summary = await hunter.scan({ paths: files, onHit: () => undefined });
    return { events: summary.events, matches: summary.matches };
  };
}

await rounds('decode only (no rules)', decodeOnly);
const builtin = await createHunter({ rules: [BUILTIN_RULES_DIR] });
await rounds(`built-in rules (${builtin.rules})`, scanner(builtin));
const sigma = await createHunter({ rules: SIGMA_DIRS });
console.log(`SigmaHQ: ${sigma.rules} rules loaded and compiled in ${(sigma.loadMs / 1000).toFixed(2)} s (${sigma.unmapped} without a mapping, ${sigma.ruleErrors.length} errors)`);
await rounds(`SigmaHQ rules (${sigma.rules})`, scanner(sigma));
