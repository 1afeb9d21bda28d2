// Shared command-line plumbing: option parsing and turning flags into configuration.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { loadConfig, type Config } from '../config/config.js';
import { VigilError } from '../errors.js';

export class UsageError extends VigilError {
  constructor(message: string) {
    super('bad_request', message);
  }
}

/** The options every command that opens a data directory understands. */
export const CONFIG_OPTIONS = {
  config: { type: 'string' },
  data: { type: 'string' },
  'http-port': { type: 'string' },
  'syslog-port': { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function port(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--${flag}: expected a port number, got "${text}"`);
  return n;
}

export function configFrom(values: { config?: string; data?: string; 'http-port'?: string; 'syslog-port'?: string }, env: NodeJS.ProcessEnv = process.env): Config {
  return loadConfig({
    file: values.config ?? env.VIGIL_CONFIG,
    env,
    flags: {
      data_dir: values.data,
      'http.port': port(values['http-port'], 'http-port'),
      'syslog.port': port(values['syslog-port'], 'syslog-port'),
    },
  });
}
