// vigil serve: runs the core until SIGINT or SIGTERM.
import { pino } from 'pino';
import { startCore } from '../core.js';
import { CONFIG_OPTIONS, configFrom, parse } from './args.js';

export async function serve(args: string[]): Promise<void> {
  const { values } = parse(args, CONFIG_OPTIONS);
  const config = configFrom(values);
  const logger = pino({ level: process.env.VIGIL_LOG_LEVEL ?? config.log_level });
  const core = await startCore(config, logger, { adminPassword: process.env.VIGIL_ADMIN_PASSWORD || undefined });
  const out = process.stdout;
  out.write(`Vigil is running. Data: ${config.data_dir}\n`);
  for (const address of core.addresses) out.write(`  listening on ${address}\n`);
  if (core.firstAdmin) {
    out.write(`\nFirst start: created the user "${core.firstAdmin.username}"`);
    out.write(core.firstAdmin.generatedPassword
      ? ` with password: ${core.firstAdmin.generatedPassword}\n(shown once; change it after logging in)\n`
      : ' with the password from VIGIL_ADMIN_PASSWORD\n');
  }
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    core.stop().then(() => process.exit(0), (error) => {
      logger.error({ err: error }, 'stop failed');
      process.exit(1);
    });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}
