// Tenants: list and read (your own only, when you belong to one), create, rename. A rename
// sends the version it read; a stale one gets 409.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { PAGE_QUERY_SCHEMA, PageQuery } from '../../auth/page.js';
import { tenantScope } from '../../auth/principal.js';
import { NotFoundError } from '../../errors.js';
import { addTenant, renameTenantAs } from '../../tenants/manage.js';
import { getTenant, listTenantsPage } from '../../tenants/tenants.js';
import type { AppContext } from '../context.js';

const NewTenant = z.strictObject({ id: z.string().min(1).max(63), name: z.string().trim().min(1).max(200) });
const Rename = z.strictObject({ version: z.number().int().min(1), name: z.string().trim().min(1).max(200) });
const Params = z.strictObject({ id: z.string().min(1).max(200) });
const idParams = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const;

export async function tenantRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get('/api/tenants', {
    config: { permission: 'tenants:read' },
    schema: { summary: 'List tenants (just yours, when you belong to one)', tags: ['tenants'], querystring: { type: 'object', properties: PAGE_QUERY_SCHEMA } },
  }, async (request) => listTenantsPage(ctx.db, tenantScope(request.principal), z.strictObject(PageQuery).parse(request.query)));

  app.get('/api/tenants/:id', {
    config: { permission: 'tenants:read' },
    schema: { summary: 'One tenant', tags: ['tenants'], params: idParams },
  }, async (request) => {
    const tenant = getTenant(ctx.db, Params.parse(request.params).id, tenantScope(request.principal));
    if (!tenant) throw new NotFoundError('tenant');
    return tenant;
  });

  app.post('/api/tenants', {
    config: { permission: 'tenants:manage' },
    schema: {
      summary: 'Create a tenant',
      tags: ['tenants'],
      body: { type: 'object', properties: { id: { type: 'string', description: 'a-z, 0-9, - and _' }, name: { type: 'string' } }, required: ['id', 'name'] },
    },
  }, async (request, reply) => reply.status(201).send(addTenant(ctx.db, request.principal, NewTenant.parse(request.body))));

  app.patch('/api/tenants/:id', {
    config: { permission: 'tenants:manage' },
    schema: {
      summary: 'Rename a tenant (send the version you read)',
      tags: ['tenants'],
      params: idParams,
      body: { type: 'object', properties: { version: { type: 'integer' }, name: { type: 'string' } }, required: ['version', 'name'] },
    },
  }, async (request) => renameTenantAs(ctx.db, request.principal, Params.parse(request.params).id, Rename.parse(request.body)));
}
