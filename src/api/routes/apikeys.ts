// API keys: create (the key is in the answer, once), list, revoke; each change is audited.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listApiKeys } from '../../auth/api-keys.js';
import { issueApiKey, keyInScope, revokeApiKeyAs } from '../../auth/key-management.js';
import { tenantScope } from '../../auth/principal.js';
import { ROLES, roleWithin } from '../../auth/roles.js';
import { VigilError } from '../../errors.js';
import { tenantExists } from '../../tenants/tenants.js';
import type { AppContext } from '../context.js';

const CreateKey = z.strictObject({
  name: z.string().min(1).max(200),
  role: z.enum(ROLES).default('ingest'),
  tenant: z.string().nullable().optional(),
});

export async function apiKeyRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const manage = { config: { permission: 'apikeys:manage' as const } };
  app.get('/api/apikeys', { ...manage, schema: { summary: 'List API keys', tags: ['auth'] } }, async (request) =>
    ({ items: listApiKeys(ctx.db, tenantScope(request.principal)) }));

  app.post('/api/apikeys', { ...manage, schema: { summary: 'Create an API key; the key is returned once', tags: ['auth'] } }, async (request, reply) => {
    const input = CreateKey.parse(request.body);
    const own = request.principal.tenant;
    const tenant = own ?? input.tenant ?? (input.role === 'ingest' ? 'default' : null);
    if (own !== null && input.tenant !== undefined && input.tenant !== own) throw new VigilError('forbidden', `not allowed to create keys for tenant ${input.tenant}`);
    if (tenant !== null && !tenantExists(ctx.db, tenant)) throw new VigilError('bad_request', `unknown tenant ${tenant}`);
    if (!roleWithin(input.role, request.principal.role)) throw new VigilError('forbidden', `the ${request.principal.role} role may not create ${input.role} keys`);
    const { key, info } = issueApiKey(ctx.db, request.principal, { name: input.name, role: input.role, tenant });
    return reply.status(201).send({ key, ...info });
  });

  app.delete('/api/apikeys/:id', { ...manage, schema: { summary: 'Revoke an API key', tags: ['auth'] } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    revokeApiKeyAs(ctx.db, request.principal, id, keyInScope(tenantScope(request.principal)));
    return reply.status(204).send();
  });
}
