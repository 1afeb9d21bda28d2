import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { registerAuth } from '../auth.js';
import { registerErrorHandler } from '../errors.js';
import { createApiKey } from '../../auth/api-keys.js';
import { openStateDb } from '../../store/state/database.js';
import { ensureDefaultTenant } from '../../tenants/tenants.js';
import { tempDir } from '../../test-support/temp-dir.js';
import { consoleRoutes, isApiPath, resolveStaticPath } from './web.js';

const INDEX = '<!doctype html><html><body><div id="root"></div><script type="module" src="/assets/index-abc123.js"></script></body></html>';
const SCRIPT = `console.log(${JSON.stringify('x'.repeat(4000))});`;
const HTML = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

/** The real auth beside the console (on a built console in a temp folder) and a GET / shaped like the Elasticsearch probe. */
async function consoleApp(t: TestContext, built = true) {
  const root = await tempDir(t);
  const db = openStateDb(join(root, 'state.db'));
  t.after(() => db.close());
  ensureDefaultTenant(db);
  if (built) {
    await mkdir(join(root, 'assets'));
    await writeFile(join(root, 'index.html'), INDEX);
    await writeFile(join(root, 'assets', 'index-abc123.js'), SCRIPT);
  }
  const app = Fastify();
  registerErrorHandler(app);
  registerAuth(app, db);
  app.get('/', { config: { permission: 'events:ingest' } }, async (_request, reply) => reply.header('x-elastic-product', 'Elasticsearch').send({ version: { number: '8.17.0' } }));
  await app.register(consoleRoutes({ root }));
  t.after(() => app.close());
  return { app, ingest: `Bearer ${createApiKey(db, { name: 'shipper', role: 'ingest', tenant: 'default' }).key}` };
}

describe('console static files', () => {
  test('browser navigations get index.html, with no credentials, for any console path', async (t) => {
    const { app } = await consoleApp(t);
    for (const url of ['/', '/alerts', '/alerts/0193-abc?tab=events', '/events?q=host.name%3Aweb01&from=now-24h', '/screen']) {
      const response = await app.inject({ method: 'GET', url, headers: HTML });
      assert.equal(response.statusCode, 200, url);
      assert.equal(response.body, INDEX, url);
      assert.match(String(response.headers['content-type']), /^text\/html/);
      assert.equal(response.headers['cache-control'], 'no-cache');
      assert.match(String(response.headers['content-security-policy']), /script-src 'self'/);
      assert.equal(response.headers['x-frame-options'], 'DENY');
    }
  });

  test('GET / without an HTML Accept header stays the Elasticsearch probe', async (t) => {
    const { app, ingest } = await consoleApp(t);
    assert.equal((await app.inject({ method: 'GET', url: '/' })).statusCode, 401);
    const probe = await app.inject({ method: 'GET', url: '/', headers: { authorization: ingest, accept: 'application/json' } });
    assert.equal(probe.statusCode, 200);
    assert.equal(probe.json().version.number.split('.')[0], '8');
    assert.equal(probe.headers['x-elastic-product'], 'Elasticsearch');
  });

  test('unknown API paths are JSON 404s even from a browser, and stay 401 without credentials otherwise', async (t) => {
    const { app } = await consoleApp(t);
    const browser = await app.inject({ method: 'GET', url: '/api/no-such-thing', headers: HTML });
    assert.equal(browser.statusCode, 404);
    assert.equal(browser.json().error.code, 'not_found');
    const client = await app.inject({ method: 'GET', url: '/no/such/route' });
    assert.equal(client.statusCode, 401);
  });

  test('assets are served with a long cache, gzip when accepted, and 304 on a matching ETag', async (t) => {
    const { app } = await consoleApp(t);
    const plain = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    assert.equal(plain.statusCode, 200);
    assert.equal(plain.body, SCRIPT);
    assert.match(String(plain.headers['content-type']), /^text\/javascript/);
    assert.match(String(plain.headers['cache-control']), /immutable/);
    const zipped = await app.inject({ method: 'GET', url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'gzip, br' } });
    assert.equal(zipped.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(zipped.rawPayload).toString(), SCRIPT);
    assert.ok(zipped.rawPayload.length < SCRIPT.length / 4);
    const again = await app.inject({ method: 'GET', url: '/assets/index-abc123.js', headers: { 'if-none-match': String(plain.headers.etag) } });
    assert.equal(again.statusCode, 304);
    const missing = await app.inject({ method: 'GET', url: '/assets/nope.js' });
    assert.equal(missing.statusCode, 404);
  });

  test('paths that try to leave the console folder are refused', async (t) => {
    const { app } = await consoleApp(t);
    for (const url of ['/assets/..%2F..%2Fetc%2Fpasswd', '/assets/%2e%2e/index.html', '/assets/%00x.js', '/assets/%E0%A4%A']) {
      // Refused by the console (404), by the router (400: bad encoding) or never routed to it (401).
      const response = await app.inject({ method: 'GET', url });
      assert.ok([400, 401, 404].includes(response.statusCode), `${url}: ${response.statusCode}`);
      assert.doesNotMatch(response.body, /root:|<!doctype/i, url);
    }
  });

  test('before the console is built, a navigation explains how to build it', async (t) => {
    const { app } = await consoleApp(t, false);
    const response = await app.inject({ method: 'GET', url: '/alerts', headers: HTML });
    assert.equal(response.statusCode, 503);
    assert.match(response.body, /npm run build/);
  });
});

describe('path helpers', () => {
  const cases: [string, boolean][] = [['/api/alerts', true], ['/api', true], ['/_bulk', true], ['/health', true], ['/metrics', true], ['/alerts', false], ['/screen', false], ['/apis', false]];
  for (const [path, api] of cases) test(`${path} is ${api ? '' : 'not '}an API path`, () => assert.equal(isApiPath(path), api));

  test('static paths stay inside the root', () => {
    assert.equal(resolveStaticPath('/srv/web', 'a/b.js'), '/srv/web/a/b.js');
    assert.equal(resolveStaticPath('/srv/web', '../x'), null);
    assert.equal(resolveStaticPath('/srv/web', '%2e%2e/x'), null);
    assert.equal(resolveStaticPath('/srv/web', ''), null);
    assert.equal(resolveStaticPath('/srv/web', '%zz'), null);
  });
});
