// The audit log, newest first, filtered; readers who belong to a tenant see only its entries.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { PAGE_QUERY_SCHEMA, PageQuery } from '../../auth/page.js';
import { tenantScope } from '../../auth/principal.js';
import { queryAudit } from '../../audit/audit.js';
import { VigilError } from '../../errors.js';
import type { AppContext } from '../context.js';
import { parseTime } from './events.js';

const Query = z.strictObject({
  ...PageQuery,
  from: z.string().optional(),
  to: z.string().optional(),
  actor: z.string().max(200).optional(),
  action: z.string().max(200).optional(),
  entity_type: z.string().max(200).optional(),
  entity_id: z.string().max(200).optional(),
  tenant: z.string().max(200).optional(),
});

export async function auditRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get('/api/audit', {
    config: { permission: 'audit:read' },
    schema: {
      summary: 'Audit log entries, newest first',
      tags: ['audit'],
      querystring: {
        type: 'object',
        properties: {
          from: { type: 'string', description: 'Start (inclusive): epoch ms, ISO 8601 or now-24h' },
          to: { type: 'string', description: 'End (exclusive)' },
          actor: { type: 'string', description: 'An actor id or name' },
          action: { type: 'string', description: 'An action ("user.update") or a family ("user.*")' },
          entity_type: { type: 'string' },
          entity_id: { type: 'string' },
          tenant: { type: 'string' },
          ...PAGE_QUERY_SCHEMA,
        },
      },
    },
  }, async (request) => {
    const input = Query.parse(request.query);
    const scope = tenantScope(request.principal);
    if (input.tenant !== undefined && scope !== null && !scope.includes(input.tenant)) throw new VigilError('forbidden', `not allowed to read tenant ${input.tenant}`);
    const from = input.from === undefined ? undefined : parseTime(input.from, 'from');
    const to = input.to === undefined ? undefined : parseTime(input.to, 'to');
    return queryAudit(ctx.db, {
      scope, from, to,
      actor: input.actor, action: input.action, entityType: input.entity_type, entityId: input.entity_id, tenant: input.tenant,
      limit: input.limit, cursor: input.cursor,
    });
  });
}
