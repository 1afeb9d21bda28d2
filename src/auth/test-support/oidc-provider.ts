// A small OpenID Connect provider for tests, on a real local port: discovery, JWKS, an
// authorization endpoint that signs the next user in at once, and a token endpoint that checks
// the client secret, the redirect URI and the PKCE verifier before issuing an RS256 ID token.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signJwt, testKey, type TestKey } from './jwt.js';

export interface ProviderLogin {
  sub: string;
  /** More claims for the ID token (preferred_username, email, groups ...). */
  claims?: Record<string, unknown>;
  /** Changes to the standard claims, to forge bad tokens (another aud, an old exp ...). */
  override?: Record<string, unknown>;
  /** Sign with a key the JWKS does not list. */
  signWithUnlistedKey?: boolean;
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Who the authorization endpoint signs in next. */
  login: ProviderLogin;
  /** Token requests refused, with the reason, for assertions. */
  refusals: string[];
  close(): Promise<void>;
}

interface IssuedCode {
  nonce: string;
  challenge: string;
  redirectUri: string;
  login: ProviderLogin;
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startTestProvider(options: { clientId?: string; clientSecret?: string; redirectUri: string }): Promise<TestProvider> {
  const key: TestKey = testKey('provider-key');
  const unlisted: TestKey = testKey('provider-key');
  const codes = new Map<string, IssuedCode>();
  const provider: TestProvider = {
    issuer: '',
    clientId: options.clientId ?? 'vigil-test',
    clientSecret: options.clientSecret ?? 'test-secret',
    login: { sub: 'subject-1', claims: { preferred_username: 'oidc-user' } },
    refusals: [],
    close: async () => undefined,
  };

  function refuse(response: ServerResponse, reason: string): void {
    provider.refusals.push(reason);
    send(response, 400, { error: 'invalid_grant', error_description: reason });
  }

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', provider.issuer);
    if (url.pathname === '/.well-known/openid-configuration') {
      send(response, 200, {
        issuer: provider.issuer,
        authorization_endpoint: `${provider.issuer}/authorize`,
        token_endpoint: `${provider.issuer}/token`,
        jwks_uri: `${provider.issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic'],
      });
      return;
    }
    if (url.pathname === '/jwks') {
      send(response, 200, { keys: [key.publicJwk] });
      return;
    }
    if (url.pathname === '/authorize') {
      const q = url.searchParams;
      const problems = [
        q.get('response_type') !== 'code' && 'response_type',
        q.get('client_id') !== provider.clientId && 'client_id',
        q.get('redirect_uri') !== options.redirectUri && 'redirect_uri',
        q.get('code_challenge_method') !== 'S256' && 'code_challenge_method',
        !q.get('code_challenge') && 'code_challenge',
        !q.get('nonce') && 'nonce',
        !q.get('state') && 'state',
        !(q.get('scope') ?? '').split(' ').includes('openid') && 'scope',
      ].filter(Boolean);
      if (problems.length > 0) {
        send(response, 400, { error: 'invalid_request', error_description: `bad ${problems.join(', ')}` });
        return;
      }
      const code = randomBytes(16).toString('base64url');
      codes.set(code, { nonce: q.get('nonce')!, challenge: q.get('code_challenge')!, redirectUri: q.get('redirect_uri')!, login: provider.login });
      const back = new URL(options.redirectUri);
      back.searchParams.set('code', code);
      back.searchParams.set('state', q.get('state')!);
      response.writeHead(302, { location: back.toString() });
      response.end();
      return;
    }
    if (url.pathname === '/token' && request.method === 'POST') {
      void readBody(request).then((text) => {
        const form = new URLSearchParams(text);
        const expected = `Basic ${Buffer.from(`${encodeURIComponent(provider.clientId)}:${encodeURIComponent(provider.clientSecret)}`).toString('base64')}`;
        if (request.headers.authorization !== expected) return refuse(response, 'client authentication');
        if (form.get('grant_type') !== 'authorization_code') return refuse(response, 'grant_type');
        const issued = codes.get(form.get('code') ?? '');
        codes.delete(form.get('code') ?? '');
        if (!issued) return refuse(response, 'unknown or used code');
        if (form.get('redirect_uri') !== issued.redirectUri) return refuse(response, 'redirect_uri');
        const verifier = form.get('code_verifier') ?? '';
        if (createHash('sha256').update(verifier).digest('base64url') !== issued.challenge) return refuse(response, 'PKCE verifier');
        const now = Math.floor(Date.now() / 1000);
        const claims = {
          iss: provider.issuer, aud: provider.clientId, sub: issued.login.sub, iat: now, exp: now + 300, nonce: issued.nonce,
          ...issued.login.claims, ...issued.login.override,
        };
        const idToken = signJwt(issued.login.signWithUnlistedKey ? unlisted : key, claims);
        send(response, 200, { access_token: randomBytes(16).toString('base64url'), token_type: 'Bearer', expires_in: 300, id_token: idToken });
      });
      return;
    }
    send(response, 404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  provider.issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  provider.close = () => new Promise((resolve) => server.close(() => resolve()));
  return provider;
}
