// The permission matrix over the whole route table: for every route and every role, the request
// is let through iff the role has the route's permission (refused: 403, never 2xx); without
// credentials it is refused with 401; only the routes listed as public need none. And
// docs/permissions.md shows exactly the code's matrix and the routes' permissions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasPermission, PERMISSIONS, ROLE_PERMISSIONS, ROLES } from '../auth/roles.js';
import { PUBLIC_ROUTES, testWorld, type World } from '../test-support/route-fixtures/index.js';
import { answered, fillParams, routeTable, type TableRoute } from '../test-support/route-fixtures/table.js';

const UNKNOWN = { id: 'no-such-id' };

function probe(route: TableRoute, world: World) {
  return { method: route.method as 'GET', url: fillParams(route.url, UNKNOWN), ...route.fixture?.probe?.(world) };
}

test('each role reaches exactly the routes its permissions allow', async (t) => {
  const world = await testWorld(t);
  const wrong: string[] = [];
  for (const route of routeTable(world.app)) {
    if (route.public) continue;
    if (!route.permission) {
      wrong.push(`${route.key}: neither a permission nor public`);
      continue;
    }
    for (const role of ROLES) {
      const allowed = hasPermission(role, route.permission);
      if (allowed && route.fixture?.endless) continue;
      let response;
      try {
        response = await answered(world.send(world.as(role, null), probe(route, world)), route.key);
      } catch (error) {
        wrong.push(`${route.key} as ${role}: ${(error as Error).message}`);
        continue;
      }
      const refused = response.statusCode === 401 || response.statusCode === 403;
      if (allowed === refused || (!allowed && response.statusCode !== 403)) {
        wrong.push(`${route.key} as ${role} (${allowed ? 'allowed' : 'refused'} by ${route.permission}): ${response.statusCode} ${response.body.slice(0, 160)}`);
      }
    }
  }
  assert.deepEqual(wrong, []);
});

test('without credentials every route but the public ones answers 401', async (t) => {
  const world = await testWorld(t);
  const wrong: string[] = [];
  for (const route of routeTable(world.app)) {
    if (route.public) {
      if (!(route.key in PUBLIC_ROUTES)) wrong.push(`${route.key} is public but not listed in PUBLIC_ROUTES (route-fixtures/core.ts) with a reason`);
      continue;
    }
    const response = await answered(world.send({}, probe(route, world)), route.key);
    if (response.statusCode !== 401) wrong.push(`${route.key}: ${response.statusCode}`);
  }
  const publicKeys = new Set(routeTable(world.app).filter((r) => r.public).map((r) => r.key));
  for (const key of Object.keys(PUBLIC_ROUTES)) if (!publicKeys.has(key)) wrong.push(`${key} is listed in PUBLIC_ROUTES but is not a public route`);
  assert.deepEqual(wrong, []);
});

const DOC = join(process.cwd(), 'docs', 'permissions.md');

/** The rows of the markdown table that follows a heading, as arrays of trimmed cells. */
function tableAfter(markdown: string, heading: string): string[][] {
  const start = markdown.indexOf(`\n${heading}\n`);
  assert.ok(start >= 0, `docs/permissions.md has no "${heading}" section`);
  const lines = markdown.slice(start + heading.length + 2).split('\n');
  const first = lines.findIndex((line) => line.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(first)) {
    if (!line.startsWith('|')) break;
    rows.push(line.split('|').slice(1, -1).map((cell) => cell.trim()));
  }
  return rows.filter((row) => !row.every((cell) => /^:?-+:?$/.test(cell)));
}

const unquote = (cell: string) => cell.replace(/`/g, '');

test('docs/permissions.md shows the matrix of src/auth/roles.ts', () => {
  const [header, ...rows] = tableAfter(readFileSync(DOC, 'utf8'), '## Roles and permissions');
  assert.deepEqual(header!.slice(1).map(unquote), [...ROLES], 'the columns are the roles, in order');
  const documented = Object.fromEntries(ROLES.map((role, i) => [role, rows.filter((row) => row[i + 1] === '✓').map((row) => unquote(row[0]!))]));
  assert.deepEqual(rows.map((row) => unquote(row[0]!)), [...PERMISSIONS], 'the rows are the permissions, in order');
  assert.deepEqual(documented, Object.fromEntries(ROLES.map((role) => [role, PERMISSIONS.filter((p) => ROLE_PERMISSIONS[role].includes(p))])));
});

test('docs/permissions.md lists every route with its permission', async (t) => {
  const world = await testWorld(t);
  const [, ...rows] = tableAfter(readFileSync(DOC, 'utf8'), '## Routes');
  const documented = new Map(rows.map((row) => [unquote(row[0]!), unquote(row[1]!)]));
  const routes = routeTable(world.app).map((route) => [route.key, route.public ? 'public' : route.permission ?? 'none'] as const);
  const keys = new Set(routes.map(([key]) => key));
  const undocumented = routes.filter(([key, permission]) => documented.get(key) !== permission).map(([key, permission]) => `| \`${key}\` | \`${permission}\` |`);
  const stale = [...documented.keys()].filter((key) => !keys.has(key));
  assert.deepEqual(undocumented, [], 'routes missing from (or wrong in) the "## Routes" table of docs/permissions.md: add these rows');
  assert.deepEqual(stale, [], 'rows of docs/permissions.md for routes that do not exist');
});
