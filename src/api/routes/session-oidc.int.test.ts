// Single sign-on against a real OpenID Connect provider started on a local port by the test
// (src/auth/test-support/oidc-provider.ts): the whole browser round trip, then forged and
// replayed callbacks.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '../../config/config.js';
import { startTestProvider, type TestProvider } from '../../auth/test-support/oidc-provider.js';
import { testEngine, type TestEngine } from '../../test-support/engine.js';
import { createTenant } from '../../tenants/tenants.js';

const REDIRECT_URI = 'http://vigil.test/api/session/oidc/callback';

async function setup(t: TestContext, oidc: Partial<Config['oidc']> = {}): Promise<{ engine: TestEngine; provider: TestProvider }> {
  const provider = await startTestProvider({ redirectUri: REDIRECT_URI });
  t.after(() => provider.close());
  const config = loadConfig();
  const engine = await testEngine(t, {
    oidc: {
      ...config.oidc, enabled: true, issuer: provider.issuer, client_id: provider.clientId, client_secret: provider.clientSecret,
      redirect_uri: REDIRECT_URI, default_role: 'client_viewer', default_tenant: 'acme', ...oidc,
    },
  });
  createTenant(engine.db, 'acme', 'ACME');
  return { engine, provider };
}

function setCookie(response: LightMyRequestResponse, name: string): string | undefined {
  const line = [response.headers['set-cookie'] ?? []].flat().find((h) => h.startsWith(`${name}=`));
  return line === undefined ? undefined : decodeURIComponent(line.split(';')[0]!.slice(name.length + 1));
}

/** The browser's part: start at Vigil, follow the provider's redirect, come back with the code. */
async function authorize(engine: TestEngine): Promise<{ callback: URL; stateCookie: string }> {
  const start = await engine.app.inject({ method: 'GET', url: '/api/session/oidc/login' });
  assert.equal(start.statusCode, 302, start.body);
  const stateCookie = setCookie(start, 'vigil_oidc_state');
  assert.ok(stateCookie);
  const atProvider = await fetch(start.headers.location!, { redirect: 'manual' });
  assert.equal(atProvider.status, 302, await atProvider.text());
  return { callback: new URL(atProvider.headers.get('location')!), stateCookie };
}

function callback(engine: TestEngine, url: URL, stateCookie: string | undefined): Promise<LightMyRequestResponse> {
  return engine.app.inject({ method: 'GET', url: `${url.pathname}${url.search}`, headers: stateCookie ? { cookie: `vigil_oidc_state=${stateCookie}` } : {} });
}

/** A refusal: back to the console's sign-in page with a message, and no session. */
function refused(response: LightMyRequestResponse, message: RegExp): void {
  assert.equal(response.statusCode, 302, response.body);
  const location = new URL(response.headers.location!, 'http://vigil.test');
  assert.equal(location.pathname, '/login');
  assert.match(location.searchParams.get('error') ?? '', message);
  assert.equal(setCookie(response, 'vigil_session'), undefined);
}

function failures(engine: TestEngine): string[] {
  return (engine.db.prepare("SELECT detail_json FROM audit_log WHERE action = 'user.login_failed' ORDER BY id").pluck().all() as string[]).map((d) => JSON.parse(d).reason);
}

test('the authorization request carries PKCE, state and nonce; the callback opens a session', async (t) => {
  const { engine, provider } = await setup(t);
  provider.login = { sub: 'kc-1', claims: { preferred_username: 'olivia', email: 'olivia@acme.test' } };
  const start = await engine.app.inject({ method: 'GET', url: '/api/session/oidc/login' });
  const location = new URL(start.headers.location!);
  assert.equal(location.origin + location.pathname, `${provider.issuer}/authorize`);
  assert.equal(location.searchParams.get('code_challenge_method'), 'S256');
  assert.match(location.searchParams.get('code_challenge')!, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(location.searchParams.get('redirect_uri'), REDIRECT_URI);
  assert.equal(location.searchParams.get('scope'), 'openid profile email');
  assert.ok(location.searchParams.get('nonce'));
  assert.equal(setCookie(start, 'vigil_oidc_state'), location.searchParams.get('state'));

  const { callback: back, stateCookie } = await authorize(engine);
  const done = await callback(engine, back, stateCookie);
  assert.equal(done.statusCode, 302, done.body);
  assert.equal(done.headers.location, '/');
  const session = setCookie(done, 'vigil_session');
  assert.ok(session);
  assert.equal(setCookie(done, 'vigil_oidc_state'), '', 'the state cookie is cleared');
  const me = (await engine.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: `vigil_session=${session}` } })).json();
  assert.deepEqual([me.user.username, me.user.role, me.user.tenant, me.user.sso, me.user.email], ['olivia', 'client_viewer', 'acme', true, 'olivia@acme.test']);
  const actions = engine.db.prepare("SELECT action FROM audit_log WHERE action LIKE 'user.%' ORDER BY id").pluck().all();
  assert.deepEqual(actions, ['user.create', 'user.create', 'user.login'], 'the first admin, the provisioned account, the sign-in');

  // The same code cannot be used twice, nor the same state.
  refused(await callback(engine, back, stateCookie), /expired/);
  assert.deepEqual(failures(engine), ['state_unknown']);
  assert.equal((await engine.app.inject({ method: 'GET', url: '/api/session' })).json().oidc.enabled, true, 'the sign-in page offers it');
});

test('a role claim maps to a role; an existing account is matched by username', async (t) => {
  const { engine, provider } = await setup(t, { role_claim: 'groups', role_map: { 'soc-admins': 'soc_manager' } });
  provider.login = { sub: 'kc-2', claims: { preferred_username: 'admin', groups: ['soc-admins'] } };
  const { callback: back, stateCookie } = await authorize(engine);
  const done = await callback(engine, back, stateCookie);
  assert.equal(done.statusCode, 302, done.body);
  const me = (await engine.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: `vigil_session=${setCookie(done, 'vigil_session')}` } })).json();
  assert.equal(me.user.username, 'admin', 'the existing admin account, now linked');
  assert.equal(me.user.role, 'soc_manager', 'the provider decides the role');
});

test('forged, mismatched and refused sign-ins open no session', async (t) => {
  const { engine, provider } = await setup(t);
  const cases: [string, (p: TestProvider) => void, (back: URL, state: string) => [URL, string | undefined], string][] = [
    ['no state cookie (a link made for another browser)', () => undefined, (back) => [back, undefined], 'state_mismatch'],
    ['state cookie of another sign-in', () => undefined, (back) => [back, 'another-state'], 'state_mismatch'],
    ['token signed with a key the provider does not publish', (p) => { p.login = { sub: 's', claims: { preferred_username: 'mallory' }, signWithUnlistedKey: true }; }, (b, s) => [b, s], 'token_refused'],
    ['token for another client', (p) => { p.login = { sub: 's', claims: { preferred_username: 'mallory' }, override: { aud: 'other-client' } }; }, (b, s) => [b, s], 'token_refused'],
    ['expired token', (p) => { p.login = { sub: 's', claims: { preferred_username: 'mallory' }, override: { exp: Math.floor(Date.now() / 1000) - 3600 } }; }, (b, s) => [b, s], 'token_refused'],
    ['token of another sign-in (nonce)', (p) => { p.login = { sub: 's', claims: { preferred_username: 'mallory' }, override: { nonce: 'old' } }; }, (b, s) => [b, s], 'token_refused'],
    ['token from another issuer', (p) => { p.login = { sub: 's', claims: { preferred_username: 'mallory' }, override: { iss: 'https://evil.example' } }; }, (b, s) => [b, s], 'token_refused'],
    ['code altered on the way', () => { provider.login = { sub: 's', claims: { preferred_username: 'mallory' } }; }, (b, s) => { const u = new URL(b); u.searchParams.set('code', 'forged'); return [u, s]; }, 'token_refused'],
    ['provider says no', () => undefined, (b, s) => { const u = new URL(b); u.search = `?error=access_denied&error_description=${encodeURIComponent('Call 555-0100 to unlock')}&state=${s}`; return [u, s]; }, 'provider_error'],
  ];
  for (const [name, arrange, tamper, reason] of cases) {
    arrange(provider);
    const { callback: back, stateCookie } = await authorize(engine);
    const [url, cookie] = tamper(back, stateCookie);
    refused(await callback(engine, url, cookie), /./);
    assert.equal(failures(engine).at(-1), reason, name);
  }
  assert.equal(engine.db.prepare("SELECT COUNT(*) FROM users WHERE username = 'mallory'").pluck().get(), 0);
  assert.deepEqual(provider.refusals, ['unknown or used code']);
  const provider_ = await callback(engine, new URL(`${REDIRECT_URI}?error=x&error_description=Call%20555`), undefined);
  assert.ok(!decodeURIComponent(provider_.headers.location!).includes('555'), 'the provider\'s text is not shown to the user');
});

test('a disabled account and unprovisioned users are refused', async (t) => {
  const { engine, provider } = await setup(t, { provision: false });
  provider.login = { sub: 'kc-9', claims: { preferred_username: 'stranger' } };
  let { callback: back, stateCookie } = await authorize(engine);
  refused(await callback(engine, back, stateCookie), /no Vigil account/);
  assert.equal(failures(engine).at(-1), 'no_account');
  engine.db.prepare("UPDATE users SET disabled = 1 WHERE username = 'admin'").run();
  provider.login = { sub: 'kc-10', claims: { preferred_username: 'admin' } };
  ({ callback: back, stateCookie } = await authorize(engine));
  refused(await callback(engine, back, stateCookie), /disabled/);
  assert.equal(failures(engine).at(-1), 'disabled');
});

test('with single sign-on off the routes do not exist', async (t) => {
  const engine = await testEngine(t);
  assert.equal((await engine.app.inject({ method: 'GET', url: '/api/session/oidc/login' })).statusCode, 404);
  assert.equal((await engine.app.inject({ method: 'GET', url: '/api/session/oidc/callback?code=x&state=y' })).statusCode, 404);
});
