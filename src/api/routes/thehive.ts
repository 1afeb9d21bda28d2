// TheHive-compatible intake: POST /api/alert (TheHive 4, thehive4py 1.x, ElastAlert2, Wazuh
// scripts) and /api/v1/alert (TheHive 5), authenticated with an API key as a Bearer token.
import type { FastifyInstance } from 'fastify';
import { intakeTheHiveAlert, TheHiveAlertSchema, theHiveResponse } from '../../alerts/index.js';
import { actorOf } from '../../audit/audit.js';
import { actingTenant } from '../auth.js';
import type { AppContext } from '../context.js';

export function theHiveRoutes(app: FastifyInstance, ctx: AppContext): void {
  for (const url of ['/api/alert', '/api/v1/alert']) {
    app.post(url, {
      config: { permission: 'alerts:write' },
      schema: {
        summary: "Create an alert from TheHive alert JSON (answers in TheHive's shape); the tenant is the API key's",
        tags: ['alerts', 'thehive'],
        querystring: { type: 'object', properties: { tenant: { type: 'string', description: 'SOC staff keys: the tenant (default "default")' } } },
        body: { type: 'object', required: ['title', 'type', 'source', 'sourceRef'] },
      },
    }, async (request, reply) => {
      const input = TheHiveAlertSchema.parse(request.body);
      const tenant = actingTenant(request, ctx.db, (request.query as { tenant?: string }).tenant);
      const result = intakeTheHiveAlert(ctx.db, actorOf(request.principal), tenant, input, { metrics: ctx.metrics, groupWindowMs: ctx.alerts.groupWindowMs });
      return reply.status(201).send(theHiveResponse(result, request.principal.name));
    });
  }
}
