// What the syslog source needs from a protocol's listener, and what it gives one.

import type { Logger } from 'pino';
import type { Metrics } from '../../metrics/metrics.js';
import type { Batcher } from '../batcher.js';
import type { SyslogConfig } from './config.js';

export interface Listener {
  start(): Promise<void>;
  /** Stops receiving; records already taken stay with the batcher. */
  stop(): Promise<void>;
  addresses(): string[];
  /** Stop or go on reading, as the batcher asks (stream listeners; UDP cannot). */
  setPaused?(paused: boolean): void;
}

export interface ListenerContext {
  name: string;
  config: SyslogConfig;
  batcher: Batcher;
  logger: Logger;
  metrics: Metrics;
}
