// Accounts (list, create, read, change, disable), the caller's own profile (/api/me) and their
// personal API keys. Changes send the version they read in the body; a stale one gets 409.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { createAccount, disableAccount, PASSWORD_MAX_LENGTH, updateAccount } from '../../auth/accounts.js';
import { listUserApiKeys } from '../../auth/api-keys.js';
import { issueApiKey, revokeApiKeyAs } from '../../auth/key-management.js';
import { PAGE_QUERY_SCHEMA, PageQuery } from '../../auth/page.js';
import { tenantScope } from '../../auth/principal.js';
import { ROLE_PERMISSIONS, ROLES, roleWithin, USER_ROLES } from '../../auth/roles.js';
import { getUser, listUsers, USERNAME_PATTERN, type User } from '../../auth/users.js';
import { NotFoundError, VigilError } from '../../errors.js';
import type { AppContext } from '../context.js';

const NewUser = z.strictObject({
  username: z.string().regex(USERNAME_PATTERN, 'letters, digits and . _ @ + - (at most 100)'),
  password: z.string().max(PASSWORD_MAX_LENGTH),
  role: z.enum(USER_ROLES),
  tenant: z.string().nullable().optional(),
  email: z.email().nullable().optional(),
});

const UserChange = z.strictObject({
  version: z.number().int().min(1),
  role: z.enum(USER_ROLES).optional(),
  tenant: z.string().nullable().optional(),
  disabled: z.boolean().optional(),
  email: z.email().nullable().optional(),
  password: z.string().max(PASSWORD_MAX_LENGTH).optional(),
}).refine((change) => Object.keys(change).length > 1, { message: 'nothing to change: send role, tenant, disabled, email or password with the version' });

const NewPersonalKey = z.strictObject({
  name: z.string().min(1).max(200),
  /** Defaults to the user's own role; never above it. */
  role: z.enum(ROLES).optional(),
});

const Params = z.strictObject({ id: z.string().min(1).max(200) });
const ListQuery = z.strictObject(PageQuery);

const idParams = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const;
const userBody = {
  type: 'object',
  properties: {
    username: { type: 'string' }, password: { type: 'string' }, role: { type: 'string', enum: [...USER_ROLES] },
    tenant: { type: ['string', 'null'] }, email: { type: ['string', 'null'] },
  },
} as const;

/** The signed-in user behind a request; API keys have no personal keys of their own. */
function signedInUser(ctx: AppContext, request: FastifyRequest): User {
  if (request.principal.kind !== 'user') throw new VigilError('forbidden', 'personal API keys belong to signed-in users, not to API keys');
  const user = getUser(ctx.db, request.principal.id, null);
  if (!user) throw new NotFoundError('user');
  return user;
}

export async function userRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const read = { permission: 'users:read' as const };
  const manage = { permission: 'users:manage' as const };
  const self = { permission: 'account:self' as const };

  app.get('/api/users', {
    config: read,
    schema: { summary: 'List users (of your tenant, when you belong to one)', tags: ['users'], querystring: { type: 'object', properties: PAGE_QUERY_SCHEMA } },
  }, async (request) => listUsers(ctx.db, tenantScope(request.principal), ListQuery.parse(request.query)));

  app.post('/api/users', {
    config: manage,
    schema: { summary: 'Create a user with a password', tags: ['users'], body: { ...userBody, required: ['username', 'password', 'role'] } },
  }, async (request, reply) => reply.status(201).send(await createAccount(ctx.db, request.principal, NewUser.parse(request.body))));

  app.get('/api/users/:id', {
    config: read,
    schema: { summary: 'One user', tags: ['users'], params: idParams },
  }, async (request) => {
    const user = getUser(ctx.db, Params.parse(request.params).id, tenantScope(request.principal));
    if (!user) throw new NotFoundError('user');
    return user;
  });

  app.patch('/api/users/:id', {
    config: manage,
    schema: {
      summary: 'Change a user: role, tenant, disabled, email, or a new password (send the version you read)',
      tags: ['users'],
      params: idParams,
      body: { type: 'object', properties: { version: { type: 'integer' }, ...userBody.properties, disabled: { type: 'boolean' } }, required: ['version'] },
    },
  }, async (request) => updateAccount(ctx.db, request.principal, Params.parse(request.params).id, UserChange.parse(request.body)));

  app.delete('/api/users/:id', {
    config: manage,
    schema: { summary: 'Disable a user (accounts are kept for the record); their sessions end', tags: ['users'], params: idParams },
  }, async (request) => disableAccount(ctx.db, request.principal, Params.parse(request.params).id));

  app.get('/api/me', {
    config: self,
    schema: { summary: 'Who you are: your principal, permissions and, for users, your account', tags: ['users'] },
  }, async (request) => {
    const { kind, id, name, role, tenant } = request.principal;
    return {
      principal: { kind, id, name, role, tenant },
      permissions: ROLE_PERMISSIONS[role],
      user: kind === 'user' ? getUser(ctx.db, id, null) : null,
    };
  });

  app.get('/api/me/apikeys', {
    config: self,
    schema: { summary: 'Your personal API keys', tags: ['users'], querystring: { type: 'object', properties: PAGE_QUERY_SCHEMA } },
  }, async (request) => listUserApiKeys(ctx.db, signedInUser(ctx, request).id, ListQuery.parse(request.query)));

  app.post('/api/me/apikeys', {
    config: self,
    schema: {
      summary: 'Create a personal API key with your role or a lower one; the key is returned once',
      tags: ['users'],
      body: { type: 'object', properties: { name: { type: 'string' }, role: { type: 'string', enum: [...ROLES] } }, required: ['name'] },
    },
  }, async (request, reply) => {
    const user = signedInUser(ctx, request);
    const input = NewPersonalKey.parse(request.body);
    const role = input.role ?? user.role;
    if (!roleWithin(role, user.role)) throw new VigilError('forbidden', `a ${user.role} may not create ${role} keys`);
    const { key, info } = issueApiKey(ctx.db, request.principal, { name: input.name, role, tenant: user.tenant, userId: user.id });
    return reply.status(201).send({ key, ...info });
  });

  app.delete('/api/me/apikeys/:id', {
    config: self,
    schema: { summary: 'Revoke one of your personal API keys', tags: ['users'], params: idParams },
  }, async (request, reply) => {
    const user = signedInUser(ctx, request);
    revokeApiKeyAs(ctx.db, request.principal, Params.parse(request.params).id, (key) => key.userId === user.id);
    return reply.status(204).send();
  });
}
