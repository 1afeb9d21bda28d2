// Test support: runs the independent EVTX parsers (python-evtx's evtx_dump.py and libevtx's
// evtxexport) over corpus files and reads their XML into comparable events.

import { execFile, spawn } from 'node:child_process';
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { promisify } from 'node:util';
import { readXml, type XmlElement } from './xml-reader.js';

const execFileAsync = promisify(execFile);

/** The fields the comparison looks at, as text, from one event of a reference tool. */
export interface ReferenceEvent {
  recordId?: string;
  eventId?: string;
  channel?: string;
  provider?: string;
  computer?: string;
  systemTime?: string;
  /** EventData values by name (a repeated name gathers a list); unnamed Data as param1, param2 … */
  data: Record<string, string | string[]>;
}

/** A reference tool's reading of one file: its events, or the error it stopped with. */
export interface ReferenceResult {
  events: ReferenceEvent[];
  error?: string;
}

function which(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    try {
      accessSync(`${dir}/${command}`, constants.X_OK);
      return `${dir}/${command}`;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

export const EVTX_DUMP = which('evtx_dump.py');
export const EVTXEXPORT = which('evtxexport');

function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((c): c is XmlElement => typeof c !== 'string' && c.name === name);
}

function text(element: XmlElement | undefined): string | undefined {
  if (!element) return undefined;
  return element.children.filter((c): c is string => typeof c === 'string').join('');
}

function toReferenceEvent(event: XmlElement): ReferenceEvent {
  const system = child(event, 'System');
  const data: Record<string, string | string[]> = {};
  const eventData = child(event, 'EventData');
  let unnamed = 0;
  for (const item of eventData?.children ?? []) {
    if (typeof item === 'string') continue;
    const name = item.name === 'Data' ? item.attributes.Name : item.name;
    const value = text(item) ?? '';
    if (name === undefined) data[`param${++unnamed}`] = value;
    else if (!(name in data)) data[name] = value;
    else data[name] = [data[name], value].flat();
  }
  return {
    recordId: text(child(system, 'EventRecordID')),
    eventId: text(child(system, 'EventID')),
    channel: text(child(system, 'Channel')),
    provider: child(system, 'Provider')?.attributes.Name,
    computer: text(child(system, 'Computer')),
    systemTime: child(system, 'TimeCreated')?.attributes.SystemTime,
    data,
  };
}

/** The <Event> elements of a tool's XML output, in order. */
export function referenceEvents(xml: string): ReferenceEvent[] {
  const events: ReferenceEvent[] = [];
  const visit = (nodes: (XmlElement | string)[]) => {
    for (const node of nodes) {
      if (typeof node === 'string') continue;
      if (node.name === 'Event') events.push(toReferenceEvent(node));
      else visit(node.children);
    }
  };
  visit(readXml(xml));
  return events;
}

const FILE_MARK = '=====vigil-file ';
const ERROR_MARK = '=====vigil-error ';

/**
 * Runs evtx_dump.py on every file, each file once, with `workers` interpreters working in
 * parallel. Each interpreter runs the real script (runpy) once per file, which spares a Python
 * start-up per file; an exception from the script is recorded as that file's error.
 */
export async function runEvtxDump(files: string[], workers: number): Promise<Map<string, ReferenceResult>> {
  if (!EVTX_DUMP) throw new Error('evtx_dump.py not found');
  const script = EVTX_DUMP;
  const interpreter = readFileSync(script, 'utf8').split('\n')[0].replace(/^#!\s*/, '').trim();
  const driver = [
    'import runpy, sys',
    `script = sys.argv[1]`,
    'for path in sys.argv[2:]:',
    `    print(${JSON.stringify(FILE_MARK)} + path, flush=True)`,
    '    sys.argv = [script, path]',
    '    try:',
    "        runpy.run_path(script, run_name='__main__')",
    '    except BaseException as error:',
    `        print(${JSON.stringify(ERROR_MARK)} + repr(error).replace('\\n', ' '), flush=True)`,
    '    sys.stdout.flush()',
  ].join('\n');
  // Largest first onto the least loaded worker, so the workers finish together.
  const sized = files.map((file) => ({ file, size: statSync(file).size })).sort((a, b) => b.size - a.size);
  const shares: { files: string[]; load: number }[] = Array.from({ length: workers }, () => ({ files: [], load: 0 }));
  for (const { file, size } of sized) {
    const share = shares.reduce((a, b) => (b.load < a.load ? b : a));
    share.files.push(file);
    share.load += size;
  }
  const outputs = await Promise.all(shares.filter((s) => s.files.length > 0).map((share) => new Promise<string>((resolve, reject) => {
    const proc = spawn(interpreter, ['-c', driver, script, ...share.files], { stdio: ['ignore', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    proc.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    proc.on('error', reject);
    proc.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  })));
  const results = new Map<string, ReferenceResult>();
  for (const output of outputs) {
    const parts = output.split(FILE_MARK).slice(1);
    for (const part of parts) {
      const newline = part.indexOf('\n');
      const file = part.slice(0, newline);
      const body = part.slice(newline + 1);
      const errorAt = body.indexOf(ERROR_MARK);
      const xml = errorAt < 0 ? body : body.slice(0, errorAt);
      let events: ReferenceEvent[] = [];
      let error = errorAt < 0 ? undefined : body.slice(errorAt + ERROR_MARK.length).trim();
      try {
        events = referenceEvents(xml);
      } catch (parseError) {
        error ??= `unreadable output: ${String(parseError)}`;
      }
      results.set(file, { events, error });
    }
  }
  return results;
}

/** Runs evtxexport -f xml on one file. */
export async function runEvtxexport(file: string): Promise<ReferenceResult> {
  if (!EVTXEXPORT) throw new Error('evtxexport not found');
  try {
    const { stdout, stderr } = await execFileAsync(EVTXEXPORT, ['-f', 'xml', file], { maxBuffer: 256 * 1024 * 1024 });
    return { events: referenceEvents(stdout.slice(stdout.indexOf('<'))), error: stderr.trim() || undefined };
  } catch (error) {
    const e = error as { stdout?: string; message: string };
    const out = e.stdout ?? '';
    return { events: out.includes('<Event') ? referenceEvents(out.slice(out.indexOf('<'))) : [], error: e.message.split('\n')[0] };
  }
}

/** Runs `task` over `items` with at most `limit` running at once. */
export async function pool<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
