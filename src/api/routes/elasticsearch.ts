// The slice of the Elasticsearch API that shippers use, so Beats, Fluent Bit, Vector,
// Logstash and rsyslog's omelasticsearch send to Vigil unchanged: the info and licence
// probes, template/ILM/pipeline set-up calls (answered harmlessly), and _bulk.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RawRecord } from '../../pipeline/stages.js';
import { VigilError } from '../../errors.js';
import { actingTenant } from '../auth.js';
import type { AppContext } from '../context.js';
import { acceptRawBodies } from '../raw-body.js';

/** The version Vigil presents itself as: recent enough for current Beats and clients. */
const ES_VERSION = '8.17.0';

function esHeaders(reply: FastifyReply): FastifyReply {
  // Elasticsearch clients refuse servers that do not say they are Elasticsearch.
  return reply.header('X-Elastic-Product', 'Elasticsearch');
}

const info = {
  name: 'vigil',
  cluster_name: 'vigil',
  cluster_uuid: 'vigil-0000000000000000000',
  version: {
    number: ES_VERSION,
    build_flavor: 'default',
    build_type: 'vigil',
    build_hash: 'vigil',
    build_date: '2026-01-01T00:00:00.000Z',
    build_snapshot: false,
    lucene_version: '9.12.0',
    minimum_wire_compatibility_version: '7.17.0',
    minimum_index_compatibility_version: '7.0.0',
  },
  tagline: 'You Know, for Search',
};

type BulkOp = 'index' | 'create' | 'update' | 'delete';
const BULK_OPS = new Set<string>(['index', 'create', 'update', 'delete']);

interface BulkItem {
  op: BulkOp;
  index: string;
  record?: RawRecord;
  error?: string;
}

/** Reads a _bulk body: an action line, then (but for delete) a document line. */
export function parseBulk(body: string, defaultIndex: string | undefined, base: Omit<RawRecord, 'text' | 'json'>): BulkItem[] {
  const lines = body.split('\n');
  const items: BulkItem[] = [];
  for (let i = 0; i < lines.length; i++) {
    const actionLine = lines[i]!.trim();
    if (actionLine === '') continue;
    let action: Record<string, { _index?: string }>;
    try {
      action = JSON.parse(actionLine) as typeof action;
    } catch {
      throw new VigilError('bad_request', `_bulk line ${i + 1}: expected an action like {"create":{}}, got invalid JSON`);
    }
    const op = (action && typeof action === 'object' ? Object.keys(action)[0] : undefined) as BulkOp | undefined;
    if (!op || !BULK_OPS.has(op)) throw new VigilError('bad_request', `_bulk line ${i + 1}: unknown action ${JSON.stringify(op)}; expected index, create, update or delete`);
    const index = action[op]?._index ?? defaultIndex ?? '';
    if (op === 'delete') {
      items.push({ op, index, error: 'Vigil keeps events immutable: delete is not supported' });
      continue;
    }
    const source = lines[++i];
    if (source === undefined || source.trim() === '') throw new VigilError('bad_request', `_bulk line ${i + 1}: the ${op} action has no document line`);
    if (op === 'update') {
      items.push({ op, index, error: 'Vigil keeps events immutable: update is not supported' });
      continue;
    }
    const text = source.endsWith('\r') ? source.slice(0, -1) : source;
    items.push({ op, index, record: { ...base, text } });
  }
  return items;
}

export async function elasticsearchRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  acceptRawBodies(app);
  const ingest = { config: { permission: 'events:ingest' as const } };

  // Fastify answers HEAD for every GET route, which covers the `HEAD /` probe.
  app.get('/', ingest, async (_request, reply) => esHeaders(reply).send(info));
  app.get('/_license', ingest, async (_request, reply) =>
    esHeaders(reply).send({ license: { status: 'active', uid: 'vigil', type: 'basic', issue_date_in_millis: 0, max_nodes: 1000, issued_to: 'vigil', issuer: 'vigil', start_date_in_millis: -1 } }));
  app.get('/_xpack', ingest, async (_request, reply) =>
    esHeaders(reply).send({ build: {}, license: { status: 'active', type: 'basic', mode: 'basic', uid: 'vigil' }, features: {} }));
  app.get('/_nodes', ingest, async (_request, reply) => esHeaders(reply).send({ _nodes: { total: 1, successful: 1, failed: 0 }, cluster_name: 'vigil', nodes: {} }));
  app.get('/_cluster/health', ingest, async (_request, reply) => esHeaders(reply).send({ cluster_name: 'vigil', status: 'green', number_of_nodes: 1 }));

  // Set-up calls (index templates, ILM policies, ingest pipelines, data streams): Vigil
  // normalizes events itself, so these are accepted and ignored, and reported as existing
  // so that shippers do not retry them.
  const setupPaths = ['/_index_template/:name', '/_template/:name', '/_component_template/:name', '/_ilm/policy/:name', '/_ingest/pipeline/:name', '/_data_stream/:name'];
  for (const path of setupPaths) {
    app.get(path, ingest, async (_request, reply) => esHeaders(reply).send({}));
    app.route({ method: ['PUT', 'POST'], url: path, ...ingest, handler: async (_request, reply) => esHeaders(reply).send({ acknowledged: true }) });
  }

  async function bulk(request: FastifyRequest, reply: FastifyReply) {
    const started = Date.now();
    const params = request.params as { index?: string };
    const query = request.query as { tenant?: string; format?: string };
    const tenant = actingTenant(request, ctx.db, query.tenant);
    const body = typeof request.body === 'string' ? request.body : '';
    const items = parseBulk(body, params.index, {
      received: started,
      origin: { source: 'bulk', address: request.ip },
      tenant,
      format: query.format,
    });
    const records = items.flatMap((item) => (item.record ? [item.record] : []));
    const ids = await ctx.pipeline.ingest(records);
    let next = 0;
    const responseItems = items.map((item) => {
      if (item.error) {
        return { [item.op]: { _index: item.index, status: 400, error: { type: 'illegal_argument_exception', reason: item.error } } };
      }
      return { [item.op]: { _index: item.index, _id: ids[next++], _version: 1, result: 'created', status: 201, _shards: { total: 1, successful: 1, failed: 0 }, _seq_no: 0, _primary_term: 1 } };
    });
    return esHeaders(reply).send({ took: Date.now() - started, errors: items.some((i) => i.error), items: responseItems });
  }
  app.post('/_bulk', ingest, bulk);
  app.put('/_bulk', ingest, bulk);
  app.post('/:index/_bulk', ingest, bulk);
  app.put('/:index/_bulk', ingest, bulk);
}
