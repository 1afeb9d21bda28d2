// EVTX reader benchmark: records/s and MB/s on one core over every EVTX file of the shared
// corpus, side by side with python-evtx's evtx_dump.py on the same files, and the ratio.
//
//   node --import tsx bench/evtx.bench.ts                 # all corpus files, evtx_dump.py too
//   node --import tsx bench/evtx.bench.ts --seconds 5 --no-python
//
// Files are read into memory first: the figures are decoding speed, not disk speed. MB/s is
// given on file bytes (what `vigil hunt` reads) and on bytes holding records (most corpus files
// are one 64 KiB chunk with a few records, so file MB/s flatters every parser).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { evtxRecordToEvent, parseEvtx, type EvtxRecord } from '../src/parse/evtx/index.js';
import { corpusEvtxFiles } from '../src/parse/evtx/test-support/corpus.js';
import { EVTX_DUMP } from '../src/parse/evtx/test-support/reference-tools.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '3' },
    'no-python': { type: 'boolean', default: false },
  },
});
const SECONDS = Number(values.seconds);

interface Input {
  path: string;
  buf: Buffer;
}

/** Bytes between each chunk's header and its free-space offset: the part holding records. */
function recordBytes(buf: Buffer): number {
  let total = 0;
  for (let offset = 4096; offset + 512 <= buf.length; offset += 65536) {
    if (buf.toString('latin1', offset, offset + 8) !== 'ElfChnk\0') continue;
    total += Math.max(0, Math.min(buf.readUInt32LE(offset + 48), 65536) - 512);
  }
  return total;
}

interface Result {
  name: string;
  records: number;
  seconds: number;
}

/** CPU seconds (user + system) this process has used: steadier than wall time on a shared machine. */
function cpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

/** Runs `pass` over the inputs again and again for at least SECONDS of CPU; records and CPU seconds per pass. */
function measure(name: string, inputs: Input[], pass: (input: Input) => number): Result {
  for (const input of inputs) pass(input); // warm-up: JIT and caches
  let passes = 0;
  let records = 0;
  const start = cpuSeconds();
  let elapsed = 0;
  do {
    for (const input of inputs) records += pass(input);
    passes++;
    elapsed = cpuSeconds() - start;
  } while (elapsed < SECONDS);
  return { name, records: records / passes, seconds: elapsed / passes };
}

function decode(input: Input): number {
  let n = 0;
  for (const item of parseEvtx(input.buf)) if (item.kind === 'record') n++;
  return n;
}

function toEvents(original: boolean) {
  return (input: Input): number => {
    let n = 0;
    const received = Date.now();
    for (const item of parseEvtx(input.buf)) {
      if (item.kind !== 'record') continue;
      evtxRecordToEvent(item as EvtxRecord, received, { original });
      n++;
    }
    return n;
  };
}

/**
 * evtx_dump.py over the same files in one interpreter (the script run once per file through
 * runpy), so Python's start-up is paid once: the kindest setting for it. Output is counted, not
 * kept; the time is the interpreter's own CPU time, as for ours.
 */
async function runPython(paths: string[]): Promise<Result> {
  const script = EVTX_DUMP;
  if (!script) throw new Error('evtx_dump.py not found (apt-get install python3-evtx), or pass --no-python');
  const interpreter = readFileSync(script, 'utf8').split('\n')[0].replace(/^#!\s*/, '').trim();
  const driver = [
    'import resource, runpy, sys',
    'script = sys.argv[1]',
    'for path in sys.argv[2:]:',
    '    sys.argv = [script, path]',
    '    try:',
    "        runpy.run_path(script, run_name='__main__')",
    '    except Exception:',
    '        pass',
    'usage = resource.getrusage(resource.RUSAGE_SELF)',
    "sys.stderr.write('cpu %f\\n' % (usage.ru_utime + usage.ru_stime))",
  ].join('\n');
  const { records, cpu } = await new Promise<{ records: number; cpu: number }>((resolve, reject) => {
    const proc = spawn(interpreter, ['-c', driver, script, ...paths], { stdio: ['ignore', 'pipe', 'pipe'] });
    let count = 0;
    let tail = '';
    let errors = '';
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (text: string) => {
      const chunk = tail + text;
      count += chunk.split('<Event xmlns').length - 1;
      tail = chunk.slice(-16);
    });
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (text: string) => {
      errors += text;
    });
    proc.on('error', reject);
    proc.on('close', () => resolve({ records: count, cpu: Number(/cpu ([\d.]+)/.exec(errors)?.[1] ?? NaN) }));
  });
  return { name: 'evtx_dump.py (python-evtx 0.6.1)', records, seconds: cpu };
}

function row(result: Result, fileBytes: number, usedBytes: number): string {
  const rate = result.records / result.seconds;
  return `${result.name.padEnd(44)} ${String(Math.round(result.records)).padStart(7)} rec ${result.seconds.toFixed(3).padStart(9)} s cpu ` +
    `${Math.round(rate).toLocaleString('en-US').padStart(11)} rec/s ${(fileBytes / 1e6 / result.seconds).toFixed(1).padStart(9)} MB/s files ` +
    `${(usedBytes / 1e6 / result.seconds).toFixed(1).padStart(8)} MB/s records`;
}

const files = corpusEvtxFiles();
if (files.length === 0) throw new Error('no EVTX files under ../shared/corpus');
const all: Input[] = files.map((f) => ({ path: f.path, buf: readFileSync(f.path) }));
// The multi-chunk files are full logs: the closest thing here to a real Security.evtx.
const dense = all.filter((input) => input.buf.length > 1_000_000);
const bytes = (inputs: Input[]) => inputs.reduce((n, i) => n + i.buf.length, 0);
const used = (inputs: Input[]) => inputs.reduce((n, i) => n + recordBytes(i.buf), 0);

console.log(`EVTX benchmark, node ${process.version}, one core`);
console.log(`corpus: ${all.length} files, ${(bytes(all) / 1e6).toFixed(1)} MB, ${(used(all) / 1e6).toFixed(1)} MB holding records; ` +
  `${dense.length} multi-chunk files, ${(bytes(dense) / 1e6).toFixed(1)} MB\n`);

const ours = [
  measure('vigil: decode records (parseEvtx)', all, decode),
  measure('vigil: records -> events, no event.original', all, toEvents(false)),
  measure('vigil: records -> events with XML original', all, toEvents(true)),
];
console.log('all corpus files');
for (const result of ours) console.log(row(result, bytes(all), used(all)));

console.log('\nmulti-chunk files only');
for (const [name, pass] of [['vigil: decode records (parseEvtx)', decode], ['vigil: records -> events, no event.original', toEvents(false)], ['vigil: records -> events with XML original', toEvents(true)]] as const) {
  console.log(row(measure(name, dense, pass), bytes(dense), used(dense)));
}

if (!values['no-python']) {
  console.log('\nevtx_dump.py on all corpus files (one run; it takes a while)');
  const python = await runPython(all.map((i) => i.path));
  console.log(row(python, bytes(all), used(all)));
  const pythonRate = python.records / python.seconds;
  for (const result of ours) {
    console.log(`ratio ${result.name}: ${((result.records / result.seconds) / pythonRate).toFixed(0)}x evtx_dump.py`);
  }
}
