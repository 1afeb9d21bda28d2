import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { createUser } from '../../auth/users.js';
import { loadConfig } from '../../config/config.js';
import { createTenant } from '../../tenants/tenants.js';
import { testEngine, type TestEngine } from '../../test-support/engine.js';

const PASSWORD = 'a long enough password';

function cookieOf(response: LightMyRequestResponse, name = 'vigil_session'): { value: string; attributes: string[] } {
  const headers = [response.headers['set-cookie'] ?? []].flat();
  const line = headers.find((h) => h.startsWith(`${name}=`));
  assert.ok(line, `no ${name} cookie in ${JSON.stringify(headers)}`);
  const [pair, ...attributes] = line.split('; ');
  return { value: decodeURIComponent(pair!.slice(name.length + 1)), attributes };
}

async function login(engine: TestEngine, username: string, password: string, remoteAddress = '192.0.2.10') {
  return engine.app.inject({ method: 'POST', url: '/api/session/login', payload: { username, password }, remoteAddress });
}

async function signedIn(engine: TestEngine, username: string) {
  const response = await login(engine, username, PASSWORD);
  assert.equal(response.statusCode, 200, response.body);
  return { cookie: `vigil_session=${cookieOf(response).value}`, csrf: response.json().csrf_token as string, body: response.json() };
}

function auditActions(engine: TestEngine): { action: string; actor_kind: string; actor_name: string; entity_id: string | null; tenant_id: string | null; detail_json: string | null }[] {
  return engine.db.prepare('SELECT action, actor_kind, actor_name, entity_id, tenant_id, detail_json FROM audit_log ORDER BY id').all() as never;
}

test('sign-in sets an HttpOnly, SameSite cookie and returns the CSRF token; the cookie authenticates', async (t) => {
  const engine = await testEngine(t);
  createTenant(engine.db, 'acme', 'ACME');
  const user = await createUser(engine.db, { username: 'nina', password: PASSWORD, role: 'analyst', tenant: 'acme' });
  const response = await login(engine, 'nina', PASSWORD);
  assert.equal(response.statusCode, 200, response.body);
  const { value, attributes } = cookieOf(response);
  assert.ok(value.length >= 40);
  for (const attribute of ['HttpOnly', 'SameSite=Lax', 'Path=/', `Max-Age=${12 * 3600}`]) assert.ok(attributes.includes(attribute), `${attribute} in ${attributes}`);
  assert.ok(!attributes.includes('Secure'), 'plain HTTP with secure_cookie: auto');
  const body = response.json();
  assert.equal(body.user.id, user.id);
  assert.equal(body.user.tenant, 'acme');
  assert.ok(body.permissions.includes('alerts:write'));
  assert.ok(!JSON.stringify(body).includes('scrypt'), 'no password hash in the answer');
  assert.ok(!engine.db.prepare('SELECT id_hash FROM sessions').pluck().all().includes(value), 'the session id is stored hashed');

  const me = await engine.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: `vigil_session=${value}` } });
  assert.equal(me.statusCode, 200);
  assert.deepEqual(me.json().principal, { kind: 'user', id: user.id, name: 'nina', role: 'analyst', tenant: 'acme' });
  const session = await engine.app.inject({ method: 'GET', url: '/api/session', headers: { cookie: `vigil_session=${value}` } });
  assert.equal(session.json().csrf_token, body.csrf_token);
  assert.deepEqual((await engine.app.inject({ method: 'GET', url: '/api/session' })).json(), { authenticated: false, oidc: { enabled: false } });
  assert.equal((await engine.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: 'vigil_session=forged' } })).statusCode, 401);

  const login_ = auditActions(engine).find((e) => e.action === 'user.login')!;
  assert.equal(login_.entity_id, user.id);
  assert.equal(login_.tenant_id, 'acme');
  assert.deepEqual(JSON.parse(login_.detail_json!), { method: 'password', ip: '192.0.2.10' });
});

test('the Secure flag follows session.secure_cookie', async (t) => {
  const config = loadConfig();
  const engine = await testEngine(t, { session: { ...config.session, secure_cookie: true } });
  await createUser(engine.db, { username: 'omar', password: PASSWORD, role: 'analyst' });
  assert.ok(cookieOf(await login(engine, 'omar', PASSWORD)).attributes.includes('Secure'));
});

test('changes made with the cookie need the CSRF token; API keys do not', async (t) => {
  const engine = await testEngine(t);
  await createUser(engine.db, { username: 'paula', password: PASSWORD, role: 'analyst' });
  const { cookie, csrf } = await signedIn(engine, 'paula');
  const create = (headers: Record<string, string>) => engine.app.inject({ method: 'POST', url: '/api/me/apikeys', headers, payload: { name: 'laptop' } });
  for (const headers of [{ cookie }, { cookie, 'x-csrf-token': 'wrong' }, { cookie, 'x-csrf-token': `${csrf}x` }] as Record<string, string>[]) {
    const refused = await create(headers);
    assert.equal(refused.statusCode, 403, JSON.stringify(headers));
    assert.match(refused.json().error.message, /x-csrf-token/);
  }
  assert.equal(engine.db.prepare('SELECT COUNT(*) FROM api_keys').pluck().get(), 0, 'nothing was created');
  assert.equal((await create({ cookie, 'x-csrf-token': csrf })).statusCode, 201);
  // Reads need no token.
  assert.equal((await engine.app.inject({ method: 'GET', url: '/api/me/apikeys', headers: { cookie } })).statusCode, 200);
  const key = await engine.app.inject({ method: 'POST', url: '/api/apikeys', headers: { authorization: engine.bearer('admin') }, payload: { name: 'x' } });
  assert.equal(key.statusCode, 201);
});

test('changes coming from another site are refused whatever the credentials', async (t) => {
  const engine = await testEngine(t);
  const response = await engine.app.inject({ method: 'POST', url: '/api/apikeys', headers: { authorization: engine.bearer('admin'), 'sec-fetch-site': 'cross-site' }, payload: { name: 'x' } });
  assert.equal(response.statusCode, 403);
  const sameSite = await engine.app.inject({ method: 'POST', url: '/api/apikeys', headers: { authorization: engine.bearer('admin'), 'sec-fetch-site': 'same-origin' }, payload: { name: 'x' } });
  assert.equal(sameSite.statusCode, 201);
});

test('no Basic challenge, so browsers never prompt for and replay passwords', async (t) => {
  const engine = await testEngine(t);
  const response = await engine.app.inject({ method: 'GET', url: '/api/me' });
  assert.equal(response.statusCode, 401);
  assert.equal(response.headers['www-authenticate'], 'Bearer realm="vigil"');
});

test('logout needs the CSRF token, ends the session and clears the cookie', async (t) => {
  const engine = await testEngine(t);
  await createUser(engine.db, { username: 'quentin', password: PASSWORD, role: 'client_viewer', tenant: 'default' });
  const { cookie, csrf } = await signedIn(engine, 'quentin');
  assert.equal((await engine.app.inject({ method: 'POST', url: '/api/session/logout', headers: { cookie } })).statusCode, 403);
  const out = await engine.app.inject({ method: 'POST', url: '/api/session/logout', headers: { cookie, 'x-csrf-token': csrf } });
  assert.equal(out.statusCode, 204);
  const cleared = cookieOf(out);
  assert.equal(cleared.value, '');
  assert.ok(cleared.attributes.includes('Max-Age=0'));
  assert.equal((await engine.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode, 401);
  assert.ok(auditActions(engine).some((e) => e.action === 'user.logout' && e.tenant_id === 'default'));
  // Without a session, logout just clears the cookie.
  assert.equal((await engine.app.inject({ method: 'POST', url: '/api/session/logout' })).statusCode, 204);
});

test('a failed sign-in says nothing about which part was wrong, and is audited', async (t) => {
  const engine = await testEngine(t);
  const user = await createUser(engine.db, { username: 'rosa', password: PASSWORD, role: 'analyst' });
  const disabled = await createUser(engine.db, { username: 'sven', password: PASSWORD, role: 'analyst' });
  engine.db.prepare('UPDATE users SET disabled = 1 WHERE id = ?').run(disabled.id);
  const answers = [await login(engine, 'rosa', 'wrong password'), await login(engine, 'nobody', PASSWORD), await login(engine, 'sven', PASSWORD)];
  for (const answer of answers) {
    assert.equal(answer.statusCode, 401);
    assert.deepEqual(answer.json(), { error: { code: 'unauthorized', message: 'wrong username or password' } });
    assert.equal(answer.headers['set-cookie'], undefined);
  }
  const failed = auditActions(engine).filter((e) => e.action === 'user.login_failed');
  assert.deepEqual(failed.map((e) => [e.actor_kind, e.actor_name, e.entity_id, JSON.parse(e.detail_json!).reason]), [
    ['anonymous', 'rosa', user.id, 'bad_password'],
    ['anonymous', 'nobody', null, 'unknown_user'],
    ['anonymous', 'sven', disabled.id, 'disabled'],
  ]);
});

test('sign-in is throttled per username and per address, with Retry-After', async (t) => {
  const config = loadConfig();
  const engine = await testEngine(t, { session: { ...config.session, login_max_failures_per_user: 3, login_max_failures_per_ip: 5 } });
  await createUser(engine.db, { username: 'tom', password: PASSWORD, role: 'analyst' });
  for (let i = 0; i < 3; i++) assert.equal((await login(engine, 'tom', `guess ${i}`, `198.51.100.${i}`)).statusCode, 401);
  // Locked now, even with the right password and from a new address.
  const locked = await login(engine, 'TOM', PASSWORD, '198.51.100.99');
  assert.equal(locked.statusCode, 429);
  const wait = Number(locked.headers['retry-after']);
  assert.ok(wait > 800 && wait <= 900, `Retry-After ${wait}`);
  assert.equal(locked.json().error.details.retry_after_seconds, wait);
  assert.ok(auditActions(engine).some((e) => e.action === 'user.login_failed' && JSON.parse(e.detail_json!).reason === 'throttled'));

  // Spraying from one address: each username tried once, the address gets locked.
  await createUser(engine.db, { username: 'uli', password: PASSWORD, role: 'analyst' });
  for (const name of ['a1', 'a2', 'a3', 'a4', 'a5']) assert.equal((await login(engine, name, 'x', '203.0.113.50')).statusCode, 401);
  assert.equal((await login(engine, 'uli', PASSWORD, '203.0.113.50')).statusCode, 429);
  assert.equal((await login(engine, 'uli', PASSWORD, '203.0.113.51')).statusCode, 200, 'another address is not affected');
});

test('guesses sent in parallel are all counted', async (t) => {
  const config = loadConfig();
  const engine = await testEngine(t, { session: { ...config.session, login_max_failures_per_user: 3 } });
  await createUser(engine.db, { username: 'walter', password: PASSWORD, role: 'analyst' });
  const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => login(engine, 'walter', `guess ${i}`, `198.51.100.${i}`)));
  const statuses = answers.map((a) => a.statusCode).sort();
  assert.deepEqual(statuses, [401, 401, 401, 429, 429, 429, 429, 429], 'only three passwords were tried');
});

test('passwords sent as basic auth are throttled and audited like sign-ins', async (t) => {
  const config = loadConfig();
  const engine = await testEngine(t, { session: { ...config.session, login_max_failures_per_user: 3 } });
  await createUser(engine.db, { username: 'xena', password: PASSWORD, role: 'analyst' });
  const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
  const me = (headers: Record<string, string>) => engine.app.inject({ method: 'GET', url: '/api/me', headers, remoteAddress: '192.0.2.77' });
  assert.equal((await me(basic('xena', PASSWORD))).statusCode, 200);
  for (let i = 0; i < 3; i++) assert.equal((await me(basic('xena', `guess ${i}`))).statusCode, 401);
  const locked = await me(basic('xena', PASSWORD));
  assert.equal(locked.statusCode, 429);
  assert.ok(Number(locked.headers['retry-after']) > 0);
  assert.equal((await login(engine, 'xena', PASSWORD)).statusCode, 429, 'one count for both ways in');
  const failed = auditActions(engine).filter((e) => e.action === 'user.login_failed' && JSON.parse(e.detail_json!).method === 'basic');
  assert.equal(failed.length, 3);
  // An API key as the basic password is not a password guess.
  const key = engine.bearer('analyst').slice('Bearer '.length);
  assert.equal((await me(basic('xena', key))).statusCode, 200);
});

test('a user changes their own password; their other sessions end, this one stays', async (t) => {
  const engine = await testEngine(t);
  await createUser(engine.db, { username: 'vera', password: PASSWORD, role: 'client_viewer', tenant: 'default' });
  const here = await signedIn(engine, 'vera');
  const elsewhere = await signedIn(engine, 'vera');
  const change = (current: string, next: string) => engine.app.inject({
    method: 'POST', url: '/api/session/password', headers: { cookie: here.cookie, 'x-csrf-token': here.csrf }, payload: { current_password: current, new_password: next },
  });
  const wrong = await change('not my password', 'the new long password');
  assert.equal(wrong.statusCode, 400);
  assert.match(wrong.json().error.message, /current_password/);
  assert.equal((await change(PASSWORD, 'short')).statusCode, 400);
  assert.equal((await change(PASSWORD, 'the new long password')).statusCode, 204);
  assert.equal((await engine.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: here.cookie } })).statusCode, 200);
  assert.equal((await engine.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: elsewhere.cookie } })).statusCode, 401);
  assert.equal((await login(engine, 'vera', PASSWORD)).statusCode, 401);
  assert.equal((await login(engine, 'vera', 'the new long password')).statusCode, 200);
  // API keys have no password to change.
  const key = await engine.app.inject({ method: 'POST', url: '/api/session/password', headers: { authorization: engine.bearer('analyst') }, payload: { current_password: 'x', new_password: 'the new long password' } });
  assert.equal(key.statusCode, 403);
});

test('personal API keys: own role or lower, own tenant, listed and revoked by their owner only', async (t) => {
  const engine = await testEngine(t);
  createTenant(engine.db, 'acme', 'ACME');
  await createUser(engine.db, { username: 'wanda', password: PASSWORD, role: 'incident_handler', tenant: 'acme' });
  await createUser(engine.db, { username: 'xavier', password: PASSWORD, role: 'incident_handler', tenant: 'acme' });
  const wanda = await signedIn(engine, 'wanda');
  const xavier = await signedIn(engine, 'xavier');
  const as = (s: { cookie: string; csrf: string }) => ({ cookie: s.cookie, 'x-csrf-token': s.csrf });
  assert.equal((await engine.app.inject({ method: 'POST', url: '/api/me/apikeys', headers: as(wanda), payload: { name: 'too high', role: 'soc_manager' } })).statusCode, 403);
  assert.equal((await engine.app.inject({ method: 'POST', url: '/api/me/apikeys', headers: as(wanda), payload: { name: 'shipper', role: 'ingest' } })).statusCode, 403, 'ingest is not within incident_handler');
  const created = await engine.app.inject({ method: 'POST', url: '/api/me/apikeys', headers: as(wanda), payload: { name: 'reader', role: 'client_viewer' } });
  assert.equal(created.statusCode, 201, created.body);
  const { key, id, role, tenant } = created.json();
  assert.deepEqual([role, tenant], ['client_viewer', 'acme']);
  const me = await engine.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${key}` } });
  assert.deepEqual(me.json().principal.tenant, 'acme');
  assert.equal(me.json().user, null);
  assert.equal((await engine.app.inject({ method: 'GET', url: '/api/me/apikeys', headers: { authorization: `Bearer ${key}` } })).statusCode, 403, 'a key has no personal keys');

  const listed = (await engine.app.inject({ method: 'GET', url: '/api/me/apikeys', headers: as(wanda) })).json();
  assert.deepEqual(listed.items.map((k: { id: string }) => k.id), [id]);
  assert.ok(!JSON.stringify(listed).includes(key));
  assert.deepEqual((await engine.app.inject({ method: 'GET', url: '/api/me/apikeys', headers: as(xavier) })).json().items, []);
  assert.equal((await engine.app.inject({ method: 'DELETE', url: `/api/me/apikeys/${id}`, headers: as(xavier) })).statusCode, 404, 'not his key');
  assert.equal((await engine.app.inject({ method: 'DELETE', url: `/api/me/apikeys/${id}`, headers: as(wanda) })).statusCode, 204);
  assert.equal((await engine.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${key}` } })).statusCode, 401);
});
