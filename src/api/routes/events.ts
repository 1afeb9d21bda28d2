// Event search, histogram and top values, scoped to the caller's tenants.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { tenantScope } from '../../auth/principal.js';
import { VigilError } from '../../errors.js';
import type { SearchScope } from '../../search/service.js';
import type { AppContext } from '../context.js';

/** A time as epoch ms or an ISO 8601 date, or a relative "now-15m". */
export function parseTime(text: string, name: string, now = Date.now()): number {
  const relative = /^now(?:-(\d+)([smhdw]))?$/.exec(text);
  if (relative) {
    if (!relative[1]) return now;
    const unit = { s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7, w: 6.048e8 }[relative[2] as 's' | 'm' | 'h' | 'd' | 'w'];
    return now - Number(relative[1]) * unit;
  }
  if (/^\d+$/.test(text)) return Number(text);
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new VigilError('bad_request', `${name}: expected epoch ms, an ISO 8601 time or now-<n><s|m|h|d|w>, got "${text}"`);
  return ms;
}

const Common = {
  q: z.string().max(10_000).default(''),
  from: z.string().optional(),
  to: z.string().optional(),
  tenant: z.string().optional(),
};

function scopeOf(request: FastifyRequest, input: { q: string; from?: string; to?: string; tenant?: string }): SearchScope {
  const allowed = tenantScope(request.principal);
  let tenants = allowed;
  if (input.tenant !== undefined) {
    if (allowed !== null && !allowed.includes(input.tenant)) throw new VigilError('forbidden', `not allowed to read tenant ${input.tenant}`);
    tenants = [input.tenant];
  }
  const from = input.from === undefined ? undefined : parseTime(input.from, 'from');
  const to = input.to === undefined ? undefined : parseTime(input.to, 'to');
  if (from !== undefined && to !== undefined && from > to) throw new VigilError('bad_request', 'from is after to');
  return { query: input.q, from, to, tenants };
}

const querystring = (extra: Record<string, unknown>) => ({
  type: 'object',
  properties: {
    q: { type: 'string', description: 'Query (see docs/query-language.md)' },
    from: { type: 'string', description: 'Start: epoch ms, ISO 8601 or now-15m' },
    to: { type: 'string', description: 'End (exclusive)' },
    tenant: { type: 'string' },
    ...extra,
  },
});

export async function eventRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const read = { permission: 'events:read' as const };

  app.get('/api/events/search', {
    config: read,
    schema: { summary: 'Search events', tags: ['events'], querystring: querystring({ limit: { type: 'integer' }, cursor: { type: 'string' } }) },
  }, async (request) => {
    const input = z.strictObject({ ...Common, limit: z.coerce.number().int().min(1).max(10_000).default(100), cursor: z.string().optional() }).parse(request.query);
    return ctx.search.search({ ...scopeOf(request, input), limit: input.limit, cursor: input.cursor });
  });

  app.get('/api/events/histogram', {
    config: read,
    schema: { summary: 'Event counts over time', tags: ['events'], querystring: querystring({ buckets: { type: 'integer' } }) },
  }, async (request) => {
    const input = z.strictObject({ ...Common, buckets: z.coerce.number().int().min(1).max(1000).default(60) }).parse(request.query);
    return ctx.search.histogram({ ...scopeOf(request, input), buckets: input.buckets });
  });

  app.get('/api/events/top', {
    config: read,
    schema: { summary: 'Most frequent values of a field', tags: ['events'], querystring: querystring({ field: { type: 'string' }, size: { type: 'integer' } }) },
  }, async (request) => {
    const input = z.strictObject({ ...Common, field: z.string().min(1), size: z.coerce.number().int().min(1).max(1000).default(10) }).parse(request.query);
    return ctx.search.top({ ...scopeOf(request, input), field: input.field, size: input.size });
  });
}
