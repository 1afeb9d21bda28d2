// vigil ingest and vigil parse: log files through exactly the pipeline the server runs.
import { pino } from 'pino';
import { openEngine } from '../core.js';
import { DEFAULT_TENANT } from '../event/event.js';
import { createMetrics } from '../metrics/metrics.js';
import { listLogFiles, readLogFile } from '../parse/files.js';
import { parseRecord } from '../parse/index.js';
import { createPipeline } from '../pipeline/pipeline.js';
import { CONFIG_OPTIONS, configFrom, parse, UsageError } from './args.js';

/** Problems with a file (a damaged EVTX chunk, a skipped part) go to stderr; the rest is read. */
const warn = (message: string) => process.stderr.write(`warning: ${message}\n`);

const FILE_OPTIONS = {
  format: { type: 'string' },
  tenant: { type: 'string' },
} as const;

/** vigil parse <files…>: prints the normalized events as JSON lines, stores nothing. */
export async function parseFiles(args: string[]): Promise<void> {
  const { values, positionals } = parse(args, FILE_OPTIONS);
  if (positionals.length === 0) throw new UsageError('usage: vigil parse [--format F] <files or folders…>');
  const logger = pino({ level: 'silent' });
  // The same pipeline as the server, with a store that prints instead of keeping.
  const pipeline = createPipeline({
    parse: parseRecord,
    enrichers: [],
    store: async () => undefined,
    storeBacklog: () => 0,
    listeners: [],
    metrics: createMetrics(),
    logger,
    maxInFlight: Number.MAX_SAFE_INTEGER,
    maxStoreBacklogBytes: Number.MAX_SAFE_INTEGER,
  });
  for (const file of await listLogFiles(positionals)) {
    for await (const batch of readLogFile(file, { tenant: values.tenant ?? DEFAULT_TENANT, format: values.format, onWarning: warn })) {
      const lines = pipeline.normalize(batch).map((event) =>
        JSON.stringify({ '@timestamp': new Date(event.timestamp).toISOString(), ...event.fields }));
      if (!process.stdout.write(lines.join('\n') + '\n')) await new Promise((r) => process.stdout.once('drain', r));
    }
  }
}

/** vigil ingest <files…>: stores the files' events in the data directory. */
export async function ingestFiles(args: string[]): Promise<void> {
  const { values, positionals } = parse(args, { ...CONFIG_OPTIONS, ...FILE_OPTIONS });
  if (positionals.length === 0) throw new UsageError('usage: vigil ingest [--data DIR] [--format F] [--tenant T] <files or folders…>');
  const config = configFrom(values);
  const logger = pino({ level: process.env.VIGIL_LOG_LEVEL ?? 'warn' }, pino.destination(2));
  const engine = await openEngine(config, logger);
  const tenant = values.tenant ?? DEFAULT_TENANT;
  let total = 0;
  try {
    for (const file of await listLogFiles(positionals)) {
      let count = 0;
      for await (const batch of readLogFile(file, { tenant, format: values.format, onWarning: warn })) {
        await engine.pipeline.whenReady();
        await engine.pipeline.submit(batch);
        count += batch.length;
      }
      total += count;
      process.stderr.write(`${file}: ${count} events\n`);
    }
    await engine.events.flush();
  } finally {
    await engine.close();
  }
  process.stdout.write(`ingested ${total} events into ${config.data_dir}\n`);
}
