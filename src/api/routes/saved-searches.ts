// Saved event searches of the caller: list, create, change (with the version read), delete.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createSavedSearch, deleteSavedSearch, getSavedSearch, listSavedSearches, updateSavedSearch } from '../../saved-searches/saved-searches.js';
import type { AppContext } from '../context.js';

const Time = z.string().trim().min(1).max(64).nullable();
const Fields = {
  name: z.string().trim().min(1).max(200),
  query: z.string().max(10_000),
  from: Time.optional(),
  to: Time.optional(),
  columns: z.array(z.string().min(1).max(200)).max(50).optional(),
};
const Create = z.strictObject(Fields);
const Change = z.strictObject({ version: z.number().int().min(1), ...Fields }).partial().required({ version: true });
const Params = z.strictObject({ id: z.string().min(1).max(200) });

const idParams = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const;
const bodyProperties = {
  name: { type: 'string' },
  query: { type: 'string', description: 'Query (docs/query-language.md)' },
  from: { type: ['string', 'null'], description: 'now-24h, epoch ms or ISO 8601' },
  to: { type: ['string', 'null'] },
  columns: { type: 'array', items: { type: 'string' } },
} as const;

export async function savedSearchRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const config = { permission: 'events:read' as const };
  const tags = ['events'];

  app.get('/api/saved-searches', { config, schema: { summary: 'Your saved searches, by name', tags } }, async (request) =>
    ({ items: listSavedSearches(ctx.db, request.principal) }));

  app.get('/api/saved-searches/:id', { config, schema: { summary: 'One of your saved searches', tags, params: idParams } }, async (request) =>
    getSavedSearch(ctx.db, request.principal, Params.parse(request.params).id));

  app.post('/api/saved-searches', {
    config,
    schema: { summary: 'Save a search (names are unique per user)', tags, body: { type: 'object', required: ['name', 'query'], properties: bodyProperties } },
  }, async (request, reply) => reply.status(201).send(createSavedSearch(ctx.db, request.principal, Create.parse(request.body))));

  app.patch('/api/saved-searches/:id', {
    config,
    schema: { summary: 'Change a saved search; send the version you read (409 if stale)', tags, params: idParams, body: { type: 'object', required: ['version'], properties: { version: { type: 'integer' }, ...bodyProperties } } },
  }, async (request) => {
    const { version, ...changes } = Change.parse(request.body);
    return updateSavedSearch(ctx.db, request.principal, Params.parse(request.params).id, version, changes);
  });

  app.delete('/api/saved-searches/:id', { config, schema: { summary: 'Delete one of your saved searches', tags, params: idParams } }, async (request, reply) => {
    deleteSavedSearch(ctx.db, request.principal, Params.parse(request.params).id);
    return reply.status(204).send();
  });
}
