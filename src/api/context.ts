// What route handlers may use: the domain services, never the HTTP server itself.
import type { Logger } from 'pino';
import type { AlertService } from '../alerts/service.js';
import type { Config } from '../config/config.js';
import type { DetectionService } from '../detect/index.js';
import type { Metrics } from '../metrics/metrics.js';
import type { Pipeline } from '../pipeline/pipeline.js';
import type { EventStore } from '../store/events/index.js';
import type { StateDb } from '../store/state/database.js';
import type { SearchService } from '../search/service.js';

export interface AppContext {
  config: Config;
  logger: Logger;
  metrics: Metrics;
  db: StateDb;
  events: EventStore;
  search: SearchService;
  pipeline: Pipeline;
  alerts: AlertService;
  detection: DetectionService;
}
