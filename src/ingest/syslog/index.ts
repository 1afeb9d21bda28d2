// The `syslog` source kind: RFC 5424/3164 messages over UDP, TCP or TLS.
//
// One kind with a `protocol` setting rather than three kinds: the settings, the records
// and the framing are the same, only the transport differs, so one schema and one
// example cover them (as Vector's `syslog` source with its `mode`). A deployment that
// takes syslog over both UDP and TCP configures two sources, which also keeps their
// metrics apart ("syslog-udp", "syslog-tcp").

import type { Source, SourceContext, SourceKind } from '../../pipeline/stages.js';
import { createBatcher } from '../batcher.js';
import { syslogConfigSchema } from './config.js';
import type { SyslogConfig } from './config.js';
import type { Listener } from './listener.js';
import { createStreamListener } from './stream.js';
import { createUdpListener } from './udp.js';

export { syslogConfigSchema };
export type { SyslogConfig };

export function createSyslogSource(config: SyslogConfig, ctx: SourceContext): Source {
  const name = config.name ?? `syslog-${config.protocol}`;
  const batcher = createBatcher({
    intake: ctx.intake,
    component: name,
    metrics: ctx.metrics,
    logger: ctx.logger,
    batchSize: config.batch_size,
    batchWaitMs: config.batch_wait_ms,
    maxInFlight: config.max_pending_batches,
    onOverload: config.protocol === 'udp' ? 'drop' : 'wait',
    onFlow: (paused) => listener.setPaused?.(paused),
  });
  const listenerContext = { name, config, batcher, logger: ctx.logger, metrics: ctx.metrics };
  const listener: Listener = config.protocol === 'udp' ? createUdpListener(listenerContext) : createStreamListener(listenerContext);

  return {
    name,
    async start() {
      try {
        await listener.start();
      } catch (error) {
        // A second address failing to bind must not leave the first one open.
        await listener.stop();
        throw error;
      }
      ctx.logger.info({ source: name, addresses: listener.addresses() }, 'syslog source listening');
    },
    async stop() {
      await listener.stop();
      await batcher.close();
    },
    addresses: () => listener.addresses(),
  };
}

export const syslogSource: SourceKind<SyslogConfig> = {
  type: 'syslog',
  description: 'Syslog (RFC 5424 and RFC 3164) over UDP, TCP or TLS; TCP framing (octet-counted or newline) detected per message.',
  configSchema: syslogConfigSchema,
  create: createSyslogSource,
};
