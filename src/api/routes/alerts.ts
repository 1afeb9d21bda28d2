// Alert triage routes: the queue, the one-page view, changes (optimistic locking through a
// `version` field), comments, bulk changes and exceptions made from an alert. Also registers
// the exception, TheHive intake and SOC metrics routes of the alerts domain.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  addComment, ALERT_SORTS, ALERT_STATUSES, bulkUpdate, createExceptionFromAlert, DEFAULT_PAGE, DISPOSITIONS, getAlertView, listAlerts, MAX_BULK,
  MAX_PAGE, SEVERITIES, updateAlert,
} from '../../alerts/index.js';
import { actorOf } from '../../audit/audit.js';
import { tenantScope } from '../../auth/principal.js';
import type { AppContext } from '../context.js';
import { parseTime } from './events.js';
import { csvOf, ExpiresAt, listScope } from './alert-params.js';
import { exceptionRoutes } from './exceptions.js';
import { socMetricRoutes } from './metrics-soc.js';
import { theHiveRoutes } from './thehive.js';

const ListQuery = z.strictObject({
  from: z.string().optional(),
  to: z.string().optional(),
  time_field: z.enum(['created_at', 'last_seen']).default('created_at'),
  rule_id: z.string().optional(),
  source: z.string().optional(),
  severity: csvOf(SEVERITIES).optional(),
  level: csvOf(SEVERITIES).optional(),
  status: csvOf(ALERT_STATUSES).optional(),
  assignee: z.string().optional(),
  unassigned: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  host: z.string().optional(),
  user: z.string().optional(),
  source_ip: z.string().optional(),
  q: z.string().max(500).optional(),
  tenant: z.string().optional(),
  sort: z.enum(ALERT_SORTS).default('created_at'),
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(DEFAULT_PAGE),
  cursor: z.string().optional(),
});

const Change = {
  status: z.enum(ALERT_STATUSES).optional(),
  assignee: z.string().min(1).max(200).nullable().optional(),
  severity: z.enum(SEVERITIES).optional(),
  disposition: z.enum(DISPOSITIONS).optional(),
};
const PatchBody = z.strictObject({ version: z.number().int().min(1), ...Change });
const BulkBody = z.strictObject({
  ids: z.array(z.string().min(1)).min(1).max(MAX_BULK),
  change: z.strictObject(Change),
  /** The version read per alert; alerts not named here are changed whatever their version. */
  versions: z.record(z.string(), z.number().int().min(1)).optional(),
});
const CommentBody = z.strictObject({ body: z.string().min(1).max(20_000) });
const FromAlertBody = z.strictObject({
  fields: z.array(z.string().min(1).max(200)).min(1).max(20),
  reason: z.string().min(1).max(2000),
  expires_at: ExpiresAt.optional(),
  any_rule: z.boolean().default(false),
});

const idParams = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] };
const changeProperties = {
  status: { type: 'string', enum: [...ALERT_STATUSES] },
  assignee: { type: ['string', 'null'], description: 'User name or id; null unassigns' },
  severity: { type: 'string', enum: [...SEVERITIES] },
  disposition: { type: 'string', enum: [...DISPOSITIONS], description: 'Required to close' },
};
const str = (description: string) => ({ type: 'string', description });

export async function alertRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const read = { permission: 'alerts:read' as const };
  const write = { permission: 'alerts:write' as const };
  const tags = ['alerts'];

  app.get('/api/alerts', {
    config: read,
    schema: {
      summary: 'List alerts (filters, sort, pages)', tags,
      querystring: {
        type: 'object',
        properties: {
          from: str('Start on time_field: epoch ms, ISO 8601 or now-24h'), to: str('End (exclusive)'),
          time_field: { type: 'string', enum: ['created_at', 'last_seen'] },
          rule_id: str('Rule id'), source: str('sigma, correlation, thehive...'),
          severity: str('Current severities, comma-separated'), level: str("Rule levels, comma-separated"),
          status: str('Statuses, comma-separated'), assignee: str('Assigned to'), unassigned: { type: 'string', enum: ['true', 'false'] },
          host: str('host.name'), user: str('user.name'), source_ip: str('source.ip'), q: str('Words in the title'),
          tenant: str('One tenant (SOC staff)'), sort: { type: 'string', enum: [...ALERT_SORTS] }, order: { type: 'string', enum: ['asc', 'desc'] },
          limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE }, cursor: str('next_cursor of the previous page'),
        },
      },
    },
  }, async (request) => {
    const q = ListQuery.parse(request.query);
    return listAlerts(ctx.db, {
      tenants: listScope(request, q.tenant),
      from: q.from === undefined ? undefined : parseTime(q.from, 'from'),
      to: q.to === undefined ? undefined : parseTime(q.to, 'to'),
      timeField: q.time_field,
      ruleId: q.rule_id, source: q.source, severity: q.severity, level: q.level, status: q.status,
      assignee: q.assignee, unassigned: q.unassigned, host: q.host, user: q.user, sourceIp: q.source_ip, text: q.q,
      sort: q.sort, order: q.order, limit: q.limit, cursor: q.cursor,
    });
  });

  app.get('/api/alerts/:id', {
    config: read,
    schema: { summary: 'One alert with its rule, events sample, matched fields, comments and related alerts', tags, params: idParams },
  }, async (request) => getAlertView(ctx.db, tenantScope(request.principal), (request.params as { id: string }).id));

  app.patch('/api/alerts/:id', {
    config: write,
    schema: {
      summary: 'Change status, assignee, severity or disposition; send the version you read (409 if stale)', tags, params: idParams,
      body: { type: 'object', required: ['version'], properties: { version: { type: 'integer' }, ...changeProperties } },
    },
  }, async (request) => {
    const { version, ...change } = PatchBody.parse(request.body);
    return updateAlert(ctx.db, actorOf(request.principal), tenantScope(request.principal), (request.params as { id: string }).id, change, version);
  });

  app.post('/api/alerts/:id/comments', {
    config: write,
    schema: {
      summary: 'Comment on an alert (markdown)', tags, params: idParams,
      body: { type: 'object', required: ['body'], properties: { body: { type: 'string' } } },
    },
  }, async (request, reply) => {
    const { body } = CommentBody.parse(request.body);
    const comment = addComment(ctx.db, actorOf(request.principal), tenantScope(request.principal), (request.params as { id: string }).id, body);
    return reply.status(201).send(comment);
  });

  app.post('/api/alerts/bulk', {
    config: write,
    schema: {
      summary: 'Apply one change to many alerts; a result per alert', tags,
      body: {
        type: 'object', required: ['ids', 'change'],
        properties: {
          ids: { type: 'array', items: { type: 'string' }, maxItems: MAX_BULK },
          change: { type: 'object', properties: changeProperties },
          versions: { type: 'object', additionalProperties: { type: 'integer' }, description: 'Version read, per alert id (optional)' },
        },
      },
    },
  }, async (request) => {
    const input = BulkBody.parse(request.body);
    return bulkUpdate(ctx.db, actorOf(request.principal), tenantScope(request.principal), input.ids, input.change, input.versions);
  });

  app.post('/api/alerts/:id/exceptions', {
    config: { permission: 'exceptions:write' },
    schema: {
      summary: "Create an exception from an alert: its rule and the values these fields have in its event", tags: ['exceptions'], params: idParams,
      body: {
        type: 'object', required: ['fields', 'reason'],
        properties: {
          fields: { type: 'array', items: { type: 'string' }, description: 'e.g. host.name, process.command_line' },
          reason: { type: 'string' },
          expires_at: { anyOf: [{ type: 'integer' }, { type: 'string' }], description: 'Epoch ms or ISO 8601; default 30 days, at most 365' },
          any_rule: { type: 'boolean', description: 'Silence these values for every rule, not just this one' },
        },
      },
    },
  }, async (request, reply) => {
    const input = FromAlertBody.parse(request.body);
    const exception = createExceptionFromAlert(ctx.db, actorOf(request.principal), tenantScope(request.principal), (request.params as { id: string }).id, {
      fields: input.fields, reason: input.reason, expiresAt: input.expires_at, anyRule: input.any_rule,
    });
    return reply.status(201).send(exception);
  });

  exceptionRoutes(app, ctx);
  theHiveRoutes(app, ctx);
  socMetricRoutes(app, ctx);
}
