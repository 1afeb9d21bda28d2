// SOC metrics: MTTD, MTTA, MTTR of alerts and of cases (and any figure added to DURATION_METRICS),
// by tenant, severity and ISO week; noisiest rules; false-positive rate by rule.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ALERT_DURATION_METRICS, computeSocMetrics, type DurationMetric } from '../../alerts/index.js';
import { caseDurations } from '../../cases/index.js';
import { VigilError } from '../../errors.js';
import type { AppContext } from '../context.js';
import { listScope } from './alert-params.js';
import { parseTime } from './events.js';

/** Case resolution time, for cases resolved in the period (bucketed by the week they were resolved in). */
const CASE_RESOLUTION: DurationMetric = {
  name: 'mttr_cases',
  description: 'time to resolve a case: opened → resolved',
  samples: (db, range) => caseDurations(db, range.tenants, range.from, range.to)
    .map((c) => ({ tenant: c.tenant, severity: c.severity, at: c.resolved_at, ms: c.duration_ms })),
};

/** Every duration figure reported; a domain adds its own as a row here. */
export const DURATION_METRICS: readonly DurationMetric[] = [...ALERT_DURATION_METRICS, CASE_RESOLUTION];

const DEFAULT_PERIOD_MS = 30 * 86_400_000;

const Query = z.strictObject({ from: z.string().optional(), to: z.string().optional(), tenant: z.string().optional() });

export function socMetricRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/metrics/soc', {
    config: { permission: 'metrics:read' },
    schema: {
      summary: 'SOC metrics for alerts created in [from, to): MTTD, MTTA, MTTR, noisiest rules, false-positive rates', tags: ['metrics', 'alerts'],
      querystring: {
        type: 'object',
        properties: {
          from: { type: 'string', description: 'Epoch ms, ISO 8601 or now-30d (default: 30 days before to)' },
          to: { type: 'string', description: 'Default: now' },
          tenant: { type: 'string' },
        },
      },
    },
  }, async (request) => {
    const q = Query.parse(request.query);
    const now = Date.now();
    const to = q.to === undefined ? now : parseTime(q.to, 'to', now);
    const from = q.from === undefined ? to - DEFAULT_PERIOD_MS : parseTime(q.from, 'from', now);
    if (from >= to) throw new VigilError('bad_request', 'from must be before to');
    return computeSocMetrics(ctx.db, { from, to, tenants: listScope(request, q.tenant) }, DURATION_METRICS);
  });
}
