// vigil search '<query>': searches the data directory and prints a table or JSON lines.
import { pino } from 'pino';
import { resolve, join } from 'node:path';
import { openEventStore } from '../store/events/index.js';
import { createSearchService, type EventDocument } from '../search/service.js';
import { SEARCH_SQL_MACROS } from '../search/index.js';
import { parseTime } from '../api/routes/events.js';
import { CONFIG_OPTIONS, configFrom, parse, UsageError } from './args.js';

const COLUMNS = ['@timestamp', 'host.name', 'event.dataset', 'message'] as const;

function cell(doc: EventDocument, column: string): string {
  const value = doc[column] ?? (column === 'message' ? doc['event.original'] : undefined);
  return value === undefined ? '-' : typeof value === 'string' ? value : JSON.stringify(value);
}

export function formatTable(docs: EventDocument[], width = process.stdout.columns || 160): string {
  const fixed = [24, 18, 22];
  const rest = Math.max(20, width - fixed.reduce((a, b) => a + b + 2, 0));
  const widths = [...fixed, rest];
  const line = (cells: string[]) => cells.map((c, i) => {
    const flat = c.replace(/\s+/g, ' ');
    return flat.length > widths[i]! ? flat.slice(0, widths[i]! - 1) + '…' : flat.padEnd(widths[i]!);
  }).join('  ').trimEnd();
  return [line([...COLUMNS]), ...docs.map((d) => line(COLUMNS.map((c) => cell(d, c))))].join('\n');
}

export async function search(args: string[]): Promise<void> {
  const { values, positionals } = parse(args, {
    ...CONFIG_OPTIONS,
    from: { type: 'string' },
    to: { type: 'string' },
    limit: { type: 'string' },
    tenant: { type: 'string' },
    format: { type: 'string' },
  });
  if (positionals.length > 1) throw new UsageError("usage: vigil search '<query>' [--from T] [--to T] [--limit N] [--format table|jsonl]");
  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'jsonl') throw new UsageError(`--format: expected table or jsonl, got "${format}"`);
  const limit = values.limit === undefined ? 100 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit: expected a positive whole number, got "${values.limit}"`);
  const config = configFrom(values);
  // Reads the immutable Parquet files only, so it works beside a running server.
  const store = await openEventStore({
    dir: join(resolve(config.data_dir), 'events'),
    logger: pino({ level: 'silent' }),
    readSetup: SEARCH_SQL_MACROS,
    readOnly: true,
  });
  try {
    const result = await createSearchService(store).search({
      query: positionals[0] ?? '',
      from: values.from === undefined ? undefined : parseTime(values.from, '--from'),
      to: values.to === undefined ? undefined : parseTime(values.to, '--to'),
      tenants: values.tenant === undefined ? null : [values.tenant],
      limit,
    });
    if (format === 'jsonl') {
      process.stdout.write(result.events.map((e) => JSON.stringify(e)).join('\n') + (result.events.length ? '\n' : ''));
    } else {
      process.stdout.write(formatTable(result.events) + '\n');
      process.stdout.write(`${result.events.length} of ${result.total} events\n`);
    }
  } finally {
    await store.close();
  }
}
