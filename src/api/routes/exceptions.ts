// Exception (suppression) routes: list with hit counts, read, create from scratch, delete.
// Creating one from an alert is POST /api/alerts/:id/exceptions (alerts.ts).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createException, DEFAULT_PAGE, deleteException, getException, listExceptions, MAX_PAGE } from '../../alerts/index.js';
import { actorOf } from '../../audit/audit.js';
import { tenantScope } from '../../auth/principal.js';
import { actingTenant } from '../auth.js';
import type { AppContext } from '../context.js';
import { ExpiresAt, listScope } from './alert-params.js';

const CreateBody = z.strictObject({
  tenant: z.string().optional(),
  rule_id: z.string().min(1).nullable().default(null),
  conditions: z.array(z.strictObject({
    field: z.string().min(1).max(200),
    value: z.union([z.string().max(8192), z.number(), z.boolean()]).transform(String),
  })).max(20).default([]),
  reason: z.string().min(1).max(2000),
  expires_at: ExpiresAt.optional(),
});

const ListQuery = z.strictObject({
  tenant: z.string().optional(),
  rule_id: z.string().optional(),
  active: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(DEFAULT_PAGE),
  cursor: z.string().optional(),
});

const idParams = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] };

export function exceptionRoutes(app: FastifyInstance, ctx: AppContext): void {
  const tags = ['exceptions'];

  app.get('/api/exceptions', {
    config: { permission: 'alerts:read' },
    schema: {
      summary: 'List exceptions with their hit counts, newest first', tags,
      querystring: {
        type: 'object',
        properties: {
          tenant: { type: 'string' }, rule_id: { type: 'string' },
          active: { type: 'string', enum: ['true', 'false'], description: 'true: only unexpired ones' },
          limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE }, cursor: { type: 'string' },
        },
      },
    },
  }, async (request) => {
    const q = ListQuery.parse(request.query);
    return listExceptions(ctx.db, {
      tenants: listScope(request, q.tenant), ruleId: q.rule_id, includeExpired: q.active !== 'true', limit: q.limit, cursor: q.cursor,
    });
  });

  app.get('/api/exceptions/:id', {
    config: { permission: 'alerts:read' },
    schema: { summary: 'One exception', tags, params: idParams },
  }, async (request) => getException(ctx.db, tenantScope(request.principal), (request.params as { id: string }).id));

  app.post('/api/exceptions', {
    config: { permission: 'exceptions:write' },
    schema: {
      summary: 'Create an exception: a rule and/or field values that stop raising alerts until it expires', tags,
      body: {
        type: 'object', required: ['reason'],
        properties: {
          tenant: { type: 'string', description: 'SOC staff: the tenant it applies to (default "default")' },
          rule_id: { type: ['string', 'null'], description: 'null or absent: every rule' },
          conditions: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, value: {} } } },
          reason: { type: 'string' },
          expires_at: { anyOf: [{ type: 'integer' }, { type: 'string' }], description: 'Epoch ms or ISO 8601; default 30 days, at most 365' },
        },
      },
    },
  }, async (request, reply) => {
    const input = CreateBody.parse(request.body);
    const tenant = actingTenant(request, ctx.db, input.tenant);
    const exception = createException(ctx.db, actorOf(request.principal), {
      tenant, ruleId: input.rule_id, conditions: input.conditions, reason: input.reason, expiresAt: input.expires_at,
    });
    return reply.status(201).send(exception);
  });

  app.delete('/api/exceptions/:id', {
    config: { permission: 'exceptions:write' },
    schema: { summary: 'Delete an exception (alerts are raised again)', tags, params: idParams },
  }, async (request, reply) => {
    deleteException(ctx.db, actorOf(request.principal), tenantScope(request.principal), (request.params as { id: string }).id);
    return reply.status(204).send();
  });
}
