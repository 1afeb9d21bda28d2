// The vigil command: one binary for the core, offline work and administration.
import { VigilError } from '../errors.js';
import { apikey } from './apikey.js';
import { UsageError } from './args.js';
import { ingestFiles, parseFiles } from './files.js';
import { huntFiles } from './hunt.js';
import { rules } from './rules.js';
import { search } from './search.js';
import { serve } from './serve.js';

const COMMANDS: Record<string, { run(args: string[]): Promise<void>; help: string }> = {
  serve: { run: serve, help: 'run the core: sources, pipeline, storage, API  [--config F --data D --http-port N --syslog-port N]' },
  ingest: { run: ingestFiles, help: 'store log files (JSON lines, text, .gz, EVTX) in the data directory' },
  parse: { run: parseFiles, help: 'print log files as normalized events (JSON lines) without storing them' },
  search: { run: search, help: "search stored events: vigil search '<query>' [--from --to --limit --format table|jsonl]" },
  apikey: { run: apikey, help: 'vigil apikey create --name N [--role R] [--tenant T]' },
  rules: { run: rules, help: 'detection rules: list [filters] | enable|disable <id…|filters> | update [--url U] | import <dir|zip> [--name N]' },
  hunt: { run: huntFiles, help: 'run Sigma rules over log files (EVTX too): vigil hunt [--rules R]… [--min-level L] [--format table|jsonl] <files…>' },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return ['usage: vigil <command> [options]', '', ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.help}`)].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage() + '\n');
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`vigil: unknown command "${name}"\n${usage()}\n`);
    return 2;
  }
  try {
    await command.run(args);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`vigil ${name}: ${error.message}\n`);
      return 2;
    }
    if (error instanceof VigilError) {
      process.stderr.write(`vigil ${name}: ${error.where()}\n`);
      return 1;
    }
    process.stderr.write(`vigil ${name}: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}

// Run when executed directly (`node --import tsx src/cli/main.ts`); bin/vigil.js calls main() itself.
const invoked = process.argv[1] ?? '';
if (invoked.endsWith('/cli/main.js') || invoked.endsWith('/cli/main.ts')) {
  const code = await main(process.argv.slice(2));
  // serve keeps running on its own; everything else exits with its status.
  if (process.argv[2] !== 'serve' || code !== 0) process.exitCode = code;
}
