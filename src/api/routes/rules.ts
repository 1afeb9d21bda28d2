// Detection rule routes: the catalog with filters and pages, one rule with its YAML and recent
// alerts, enable/disable (one, or many by filter), testing YAML on pasted events, load errors,
// ATT&CK coverage, and reloading the rule files. Rules are shared by every tenant: reading is
// open to all who may read rules, changing them to SOC staff who work across tenants.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf, recordAudit } from '../../audit/audit.js';
import { tenantScope } from '../../auth/principal.js';
import {
  alertCountsByRule, attackCoverage, changeRules, pageOf, recentRuleAlerts, ruleYaml, rulesByIds, rulesForBulk, selectRules, summarize,
  testPastedRules, type RuleQuery,
} from '../../detect/index.js';
import { DEFAULT_TENANT } from '../../event/event.js';
import { VigilError } from '../../errors.js';
import type { AppContext } from '../context.js';
import { csvOf } from './alert-params.js';

const LEVELS = ['informational', 'low', 'medium', 'high', 'critical'] as const;
const STATUSES = ['stable', 'test', 'experimental', 'deprecated', 'unsupported'] as const;
const MAX_PAGE = 1000;
const MAX_TEST_EVENTS = 1000;

const words = z.string().transform((s) => s.split(',').map((v) => v.trim()).filter(Boolean));
const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

const QueryFilter = {
  status: csvOf(STATUSES).optional(),
  level: csvOf(LEVELS).optional(),
  tag: words.optional(),
  logsource: z.string().max(300).optional(),
  source: z.string().max(300).optional(),
  enabled: flag.optional(),
  kind: z.enum(['rule', 'correlation']).optional(),
  q: z.string().max(500).optional(),
};
const ListQuery = z.strictObject({
  ...QueryFilter,
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(100),
  cursor: z.string().optional(),
});
const BodyFilter = z.strictObject({
  status: z.array(z.enum(STATUSES)).optional(),
  level: z.array(z.enum(LEVELS)).optional(),
  tag: z.array(z.string().min(1)).optional(),
  logsource: z.string().max(300).optional(),
  source: z.string().max(300).optional(),
  enabled: z.boolean().optional(),
  kind: z.enum(['rule', 'correlation']).optional(),
  q: z.string().max(500).optional(),
});
const BulkBody = z.strictObject({
  ids: z.array(z.string().min(1)).max(20_000).default([]),
  filter: BodyFilter.default({}),
  enabled: z.boolean(),
});
const TestBody = z.strictObject({
  yaml: z.string().min(1).max(1024 * 1024),
  events: z.array(z.union([z.string(), z.record(z.string(), z.unknown())])).max(MAX_TEST_EVENTS),
});

const str = (description: string) => ({ type: 'string', description });
const idParams = { type: 'object', properties: { id: { type: 'string', description: "The rule's id" } }, required: ['id'] };
const filterProperties = {
  status: str('Statuses, comma-separated: stable, test, experimental, deprecated, unsupported'),
  level: str('Levels, comma-separated: informational, low, medium, high, critical'),
  tag: str('Tags, comma-separated; attack.t1059 also selects its sub-techniques'),
  logsource: str('product/category/service parts, e.g. windows/process_creation'),
  source: str('Rule set: builtin, sigmahq, imported, imported/<name>'),
  enabled: { type: 'string', enum: ['true', 'false'] },
  kind: { type: 'string', enum: ['rule', 'correlation'] },
  q: str('Words of the title, or a rule id'),
};

function toQuery(filter: z.infer<typeof BodyFilter> | Omit<z.infer<typeof ListQuery>, 'limit' | 'cursor'>): RuleQuery {
  const query: RuleQuery = {};
  for (const [key, value] of Object.entries(filter)) if (value !== undefined) (query as Record<string, unknown>)[key] = value;
  return query;
}

/** Rules are shared by every tenant: a user bound to one tenant may not change them. */
function assertStaff(request: FastifyRequest): void {
  if (request.principal.tenant !== null) throw new VigilError('forbidden', 'rules are shared by all tenants: only SOC staff working across tenants may change them');
}

export async function ruleRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const read = { permission: 'rules:read' as const };
  const write = { permission: 'rules:write' as const };
  const tags = ['rules'];
  const detection = ctx.detection;

  app.get('/api/rules', {
    config: read,
    schema: {
      summary: 'List detection rules (filters, pages) with their state and alert counts', tags,
      querystring: {
        type: 'object',
        properties: { ...filterProperties, limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE }, cursor: str('next_cursor of the previous page') },
      },
    },
  }, async (request) => {
    const { limit, cursor, ...filter } = ListQuery.parse(request.query);
    const states = detection.states();
    const page = pageOf(selectRules(detection.catalog(), states, toQuery(filter)), limit, cursor);
    const counts = alertCountsByRule(ctx.db, tenantScope(request.principal), page.items.map((r) => r.key));
    return { ...page, items: page.items.map((r) => ({ ...summarize(r, states.get(r.key)!), alert_count: counts.get(r.key) ?? 0 })) };
  });

  app.get('/api/rules/errors', {
    config: read,
    schema: { summary: 'Rules that could not be loaded or compiled, with file and line', tags },
  }, async () => {
    const errors = detection.errors().map((e) => ({
      file: e.location?.file ?? null, line: e.location?.line ?? null, message: e.message, reason: e.reason, rule: e.rule ?? null,
    }));
    return { status: detection.status(), total: errors.length, errors };
  });

  app.get('/api/rules/coverage', {
    config: read,
    schema: { summary: 'ATT&CK techniques covered by enabled rules, with rule and alert counts', tags },
  }, async (request) => attackCoverage(detection.catalog(), detection.states(), alertCountsByRule(ctx.db, tenantScope(request.principal))));

  app.get('/api/rules/:id', {
    config: read,
    schema: { summary: 'One rule: metadata, state, its YAML and its recent alerts', tags, params: idParams },
  }, async (request) => {
    const [rule] = rulesByIds(detection.catalog(), [(request.params as { id: string }).id]);
    const doc = rule!.doc;
    const scope = tenantScope(request.principal);
    return {
      ...summarize(rule!, detection.states().get(rule!.key)!),
      alert_count: alertCountsByRule(ctx.db, scope, [rule!.key]).get(rule!.key) ?? 0,
      description: doc.description ?? null,
      references: doc.references,
      falsepositives: doc.falsepositives,
      license: doc.license ?? null,
      date: doc.date ?? null,
      modified: doc.modified ?? null,
      ...(doc.kind === 'correlation'
        ? { correlation: { type: doc.type, rules: doc.rules, group_by: doc.groupBy, timespan: doc.timespanText, condition: doc.condition ?? null, generate: doc.generate } }
        : {}),
      yaml: await ruleYaml(rule!),
      recent_hits: recentRuleAlerts(ctx.db, scope, rule!.key),
      errors: detection.errors().filter((e) => e.location?.file === doc.source.file).map((e) => e.where()),
    };
  });

  for (const enabled of [true, false]) {
    app.post(`/api/rules/:id/${enabled ? 'enable' : 'disable'}`, {
      config: write,
      schema: {
        summary: enabled ? 'Enable a rule (it runs once the background recompile is done)' : 'Disable a rule (its alerts stop at once)',
        tags, params: idParams,
      },
    }, async (request) => {
      assertStaff(request);
      const catalog = detection.catalog();
      const states = detection.states();
      const rules = rulesByIds(catalog, [(request.params as { id: string }).id]);
      changeRules(ctx.db, detection.setEnabled, actorOf(request.principal), { rules, states }, enabled);
      const rule = rules[0]!;
      return summarize(rule, detection.states().get(rule.key)!);
    });
  }

  app.post('/api/rules/bulk', {
    config: write,
    schema: {
      summary: 'Enable or disable many rules: by ids or by a filter', tags,
      body: {
        type: 'object', required: ['enabled'],
        properties: {
          ids: { type: 'array', items: { type: 'string' } },
          filter: {
            type: 'object',
            properties: {
              status: { type: 'array', items: { type: 'string', enum: [...STATUSES] } },
              level: { type: 'array', items: { type: 'string', enum: [...LEVELS] } },
              tag: { type: 'array', items: { type: 'string' } },
              logsource: filterProperties.logsource, source: filterProperties.source,
              enabled: { type: 'boolean' }, kind: filterProperties.kind, q: filterProperties.q,
            },
          },
          enabled: { type: 'boolean' },
        },
      },
    },
  }, async (request) => {
    assertStaff(request);
    const body = BulkBody.parse(request.body);
    const catalog = detection.catalog();
    const states = detection.states();
    const query = toQuery(body.filter);
    const rules = rulesForBulk(catalog, states, body.ids, query);
    return changeRules(ctx.db, detection.setEnabled, actorOf(request.principal), { rules, states, query: body.ids.length > 0 ? undefined : query, bulk: true }, body.enabled);
  });

  app.post('/api/rules/test', {
    config: read,
    schema: {
      summary: 'Run Sigma YAML on pasted events (JSON objects or raw log lines): matches, matched fields, correlations, errors', tags,
      body: {
        type: 'object', required: ['yaml', 'events'],
        properties: {
          yaml: str('One or more Sigma rules, correlations or filters'),
          events: { type: 'array', maxItems: MAX_TEST_EVENTS, description: 'JSON objects (any shape the parsers know) or raw log lines' },
        },
      },
    },
  }, async (request) => {
    const body = TestBody.parse(request.body);
    return testPastedRules(body.yaml, body.events, request.principal.tenant ?? DEFAULT_TENANT);
  });

  app.post('/api/rules/reload', {
    config: write,
    schema: { summary: 'Re-read the rule files and settings (after vigil rules update/import), recompile and swap', tags },
  }, async (request) => {
    assertStaff(request);
    const status = await detection.reload();
    recordAudit(ctx.db, actorOf(request.principal), { action: 'rule.reload', entityType: 'rule', detail: { rules: status.rules, enabled: status.enabled, errors: status.errors } });
    return status;
  });
}
