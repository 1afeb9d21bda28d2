// The app's route table as the breach tests walk it: one key per route ("PATCH /api/users/:id",
// "GET / html=yes" for constrained routes), HEAD routes that mirror a GET left out, and the
// fixture row of each.
import type { FastifyInstance } from 'fastify';
import { registeredRoutes, type RouteEntry } from '../../api/auth.js';
import { ROUTE_FIXTURES } from './index.js';
import type { Resource, RouteFixture } from './types.js';

export interface TableRoute extends RouteEntry {
  key: string;
  /** ":id"-style parameters and the "*" wildcard. */
  params: string[];
  fixture: RouteFixture | undefined;
}

export const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function routeKey(entry: Pick<RouteEntry, 'method' | 'url' | 'constraints'>): string {
  const constraints = Object.entries(entry.constraints ?? {}).map(([name, value]) => `${name}=${String(value)}`);
  return [entry.method, entry.url, ...constraints].join(' ');
}

export function paramsOf(url: string): string[] {
  return [...url.matchAll(/:(\w+)|\*/g)].map((m) => m[1] ?? '*');
}

/** The URL with each parameter set: from the resource's refs by name, else its id. */
export function fillParams(url: string, resource: Pick<Resource, 'id' | 'refs'>): string {
  return url.replace(/:(\w+)|\*/g, (_, name: string | undefined) => encodeURIComponent(resource.refs?.[name ?? '*'] ?? resource.id));
}

/** Rows by route key; two rows for one route is a mistake in the tables. */
export function fixturesByKey(): Map<string, RouteFixture> {
  const rows = new Map<string, RouteFixture>();
  for (const row of ROUTE_FIXTURES) {
    if (rows.has(row.route)) throw new Error(`two route fixtures for ${row.route}`);
    rows.set(row.route, row);
  }
  return rows;
}

export function routeTable(app: FastifyInstance): TableRoute[] {
  const entries = registeredRoutes(app);
  const keys = new Set(entries.map(routeKey));
  const fixtures = fixturesByKey();
  return entries
    .filter((entry) => !(entry.method === 'HEAD' && keys.has(routeKey({ ...entry, method: 'GET' }))))
    .map((entry) => {
      const key = routeKey(entry);
      return { ...entry, key, params: paramsOf(entry.url), fixture: fixtures.get(key) };
    });
}

// A route that never answers in-process (a stream) would hang the whole run; this turns that
// into a failure that says what to do. It is not a speed check: healthy answers take milliseconds.
const HANG_LIMIT_MS = 20_000;

export async function answered<T>(promise: Promise<T>, route: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${route} did not answer: if it streams, mark its fixture row { endless: reason }`)), HANG_LIMIT_MS);
  });
  try {
    return await Promise.race([promise, hang]);
  } finally {
    clearTimeout(timer);
  }
}
