// POST /api/ingest: NDJSON, a JSON array, or plain text lines, stored before the answer.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { RawRecord } from '../../pipeline/stages.js';
import { VigilError } from '../../errors.js';
import { actingTenant } from '../auth.js';
import type { AppContext } from '../context.js';
import { acceptRawBodies } from '../raw-body.js';

const Query = z.strictObject({
  format: z.string().regex(/^[a-z0-9_-]+$/).optional(),
  tenant: z.string().optional(),
});

/** Splits a body into records: a JSON array gives one record per element, else one per line. */
export function bodyRecords(body: string, base: Omit<RawRecord, 'text' | 'json'>): RawRecord[] {
  const trimmed = body.trimStart();
  if (trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = undefined;
    }
    if (Array.isArray(parsed)) {
      return parsed.map((item) => (item !== null && typeof item === 'object' && !Array.isArray(item)
        ? { ...base, text: JSON.stringify(item), json: item as Record<string, unknown>, jsonIsText: true }
        : { ...base, text: typeof item === 'string' ? item : JSON.stringify(item) }));
    }
  }
  const records: RawRecord[] = [];
  for (const line of body.split('\n')) {
    const text = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (text.trim() !== '') records.push({ ...base, text });
  }
  return records;
}

export async function ingestRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  acceptRawBodies(app);
  app.post('/api/ingest', {
    config: { permission: 'events:ingest' },
    schema: {
      summary: 'Send events: NDJSON, a JSON array, or plain log lines',
      tags: ['ingest'],
      querystring: { type: 'object', properties: { format: { type: 'string' }, tenant: { type: 'string' } } },
    },
  }, async (request) => {
    const query = Query.parse(request.query);
    const tenant = actingTenant(request, ctx.db, query.tenant);
    if (typeof request.body !== 'string' || request.body.length === 0) throw new VigilError('bad_request', 'empty body: send NDJSON, a JSON array or text lines');
    const records = bodyRecords(request.body, {
      received: Date.now(),
      origin: { source: 'http', address: request.ip },
      tenant,
      format: query.format,
    });
    await ctx.pipeline.submit(records);
    return { accepted: records.length };
  });
}
