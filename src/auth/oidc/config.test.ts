import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../config/config.js';

test('single sign-on is off by default, with safe session defaults', () => {
  const config = loadConfig();
  assert.equal(config.oidc.enabled, false);
  assert.equal(config.oidc.default_role, 'client_viewer');
  assert.deepEqual(config.oidc.scopes, ['openid', 'profile', 'email']);
  assert.deepEqual(config.session, {
    ttl_hours: 12, idle_minutes: 30, secure_cookie: 'auto',
    login_max_failures_per_user: 5, login_max_failures_per_ip: 20, login_window_minutes: 15,
  });
});

test('turning it on needs the issuer, the client id and the redirect URI', () => {
  assert.throws(() => loadConfig({ flags: { 'oidc.enabled': true } }), (error: Error) => {
    for (const key of ['oidc.issuer', 'oidc.client_id', 'oidc.redirect_uri']) assert.match(error.message, new RegExp(`${key.replace('.', '\\.')}: required when oidc.enabled is true`));
    return true;
  });
  const config = loadConfig({ flags: { oidc: { enabled: true, issuer: 'https://idp.example/realms/soc', client_id: 'vigil', redirect_uri: 'https://vigil.example/api/session/oidc/callback' } } });
  assert.equal(config.oidc.client_secret, undefined, 'a public client is allowed');
});

test('unknown keys, roles users cannot have and bad URLs are refused', () => {
  const base = { enabled: true, issuer: 'https://idp.example', client_id: 'vigil', redirect_uri: 'https://vigil.example/cb' };
  assert.throws(() => loadConfig({ flags: { oidc: { ...base, clientid: 'x' } } }), /unknown key oidc\.clientid/);
  assert.throws(() => loadConfig({ flags: { oidc: { ...base, default_role: 'ingest' } } }), /oidc\.default_role/);
  assert.throws(() => loadConfig({ flags: { oidc: { ...base, role_map: { admins: 'root' } } } }), /oidc\.role_map\.admins/);
  assert.throws(() => loadConfig({ flags: { oidc: { ...base, issuer: 'not a url' } } }), /oidc\.issuer/);
  assert.throws(() => loadConfig({ flags: { session: { secure_cookie: 'sometimes' } } }), /session\.secure_cookie/);
});
