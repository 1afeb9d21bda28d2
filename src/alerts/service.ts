// The alert service detection calls: raiseAlerts bound to the state database, the metrics and
// the grouping window, and safe on the event path (a failure is logged and counted, never thrown).
import type { Logger } from 'pino';
import type { Metrics } from '../metrics/metrics.js';
import type { StateDb } from '../store/state/database.js';
import { DEFAULT_GROUP_WINDOW_MS, raiseAlerts, type RaiseResult } from './raise.js';
import type { AlertCandidate } from './types.js';

export interface AlertService {
  /** Exceptions, grouping, creation for a batch of hits. Never throws. */
  raise(candidates: readonly AlertCandidate[]): RaiseResult;
  readonly groupWindowMs: number;
}

export function createAlertService(deps: { db: StateDb; metrics: Metrics; logger: Logger; groupWindowMs?: number }): AlertService {
  const groupWindowMs = deps.groupWindowMs ?? DEFAULT_GROUP_WINDOW_MS;
  const logger = deps.logger.child({ component: 'alerts' });
  return {
    groupWindowMs,
    raise(candidates) {
      if (candidates.length === 0) return { created: 0, grouped: 0, suppressed: 0, outcomes: [] };
      try {
        return raiseAlerts(deps.db, candidates, { groupWindowMs, metrics: deps.metrics });
      } catch (error) {
        deps.metrics.errors.inc({ stage: 'alerts' });
        logger.error({ err: error, hits: candidates.length }, 'could not raise alerts');
        return { created: 0, grouped: 0, suppressed: 0, outcomes: [] };
      }
    },
  };
}
