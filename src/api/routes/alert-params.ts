// Request helpers shared by the alerts domain's route files: tenant scope of a list, comma lists, expiry times.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { TenantScope } from '../../alerts/index.js';
import { tenantScope } from '../../auth/principal.js';
import { VigilError } from '../../errors.js';
import { parseTime } from './events.js';

/** The tenants a list covers: the caller's scope, narrowed to one tenant when asked (403 outside the scope). */
export function listScope(request: FastifyRequest, asked: string | undefined): TenantScope {
  const scope = tenantScope(request.principal);
  if (asked === undefined) return scope;
  if (scope !== null && !scope.includes(asked)) throw new VigilError('forbidden', `not allowed to read tenant ${asked}`);
  return [asked];
}

/** "a,b" → ["a", "b"], each one of the allowed values. */
export function csvOf<T extends string>(values: readonly [T, ...T[]]) {
  return z.string().transform((s) => s.split(',').map((v) => v.trim()).filter(Boolean)).pipe(z.array(z.enum(values)));
}

/** An expiry as epoch ms or ISO 8601. */
export const ExpiresAt = z.union([z.number().int(), z.string()]).transform((v) => (typeof v === 'number' ? v : parseTime(v, 'expires_at')));
