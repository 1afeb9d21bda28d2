// The relying-party side of OpenID Connect's authorization code flow with PKCE: discovery,
// the authorization URL (state, nonce, S256 challenge), the code exchange, and the ID token
// checked against the provider's JWKS. The provider documents are cached in memory.
import { createHash, randomBytes } from 'node:crypto';
import { VigilError } from '../../errors.js';
import { candidateKeys, idTokenKeyId, IdTokenError, verifyIdToken, type IdTokenClaims, type Jwk } from './id-token.js';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  redirectUri: string;
  scopes: readonly string[];
  skewSeconds: number;
}

/** What the callback needs to find again: kept server-side, keyed by state. */
export interface PendingSignIn {
  nonce: string;
  codeVerifier: string;
}

export interface OidcClient {
  /** The provider URL to send the browser to, with the state and secrets of this attempt. */
  authorizationRequest(): Promise<{ url: string; state: string; pending: PendingSignIn }>;
  /** Exchanges an authorization code and returns the claims of the verified ID token. */
  redeem(code: string, pending: PendingSignIn): Promise<IdTokenClaims>;
}

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  token_endpoint_auth_methods_supported?: string[];
}

export type Fetch = typeof fetch;

const DISCOVERY_TTL_MS = 3_600_000;
// A token signed by an unknown key makes us reload the JWKS (the provider rotated keys), but
// not more often than this, so forged tokens cannot make us hammer the provider.
const JWKS_RELOAD_MIN_MS = 60_000;
const HTTP_TIMEOUT_MS = 10_000;

function random(): string {
  return randomBytes(32).toString('base64url');
}

async function getJson(fetchImpl: Fetch, url: string, init: RequestInit = {}): Promise<Record<string, unknown>> {
  let response: Response;
  try {
    response = await fetchImpl(url, { ...init, signal: AbortSignal.timeout(HTTP_TIMEOUT_MS) });
  } catch (error) {
    throw new VigilError('internal', `identity provider unreachable at ${url}`, { cause: error });
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const reason = body && typeof body === 'object' && 'error' in body ? String((body as { error: unknown }).error) : `HTTP ${response.status}`;
    throw new VigilError('unauthorized', `identity provider refused the request to ${url}: ${reason}`);
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new VigilError('internal', `identity provider sent no JSON object from ${url}`);
  return body as Record<string, unknown>;
}

export function createOidcClient(settings: OidcSettings, fetchImpl: Fetch = fetch): OidcClient {
  let discovery: { value: Discovery; at: number } | undefined;
  let jwks: { keys: Jwk[]; at: number } | undefined;

  async function discover(): Promise<Discovery> {
    if (discovery && Date.now() - discovery.at < DISCOVERY_TTL_MS) return discovery.value;
    const url = `${settings.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    const doc = await getJson(fetchImpl, url);
    for (const key of ['issuer', 'authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const) {
      if (typeof doc[key] !== 'string') throw new VigilError('internal', `${url}: no ${key}`);
    }
    // The document must speak for the issuer we trust, or its endpoints could be anyone's.
    if (doc.issuer !== settings.issuer) throw new VigilError('internal', `${url} names issuer ${String(doc.issuer)}, not ${settings.issuer}`);
    discovery = { value: doc as unknown as Discovery, at: Date.now() };
    return discovery.value;
  }

  async function keysFor(kid: string | undefined): Promise<Jwk[]> {
    const stale = !jwks || Date.now() - jwks.at > DISCOVERY_TTL_MS;
    const unknownKid = jwks !== undefined && candidateKeys(jwks.keys, kid).length === 0 && Date.now() - jwks.at > JWKS_RELOAD_MIN_MS;
    if (stale || unknownKid) {
      const doc = await getJson(fetchImpl, (await discover()).jwks_uri);
      jwks = { keys: Array.isArray(doc.keys) ? (doc.keys as Jwk[]) : [], at: Date.now() };
    }
    return jwks!.keys;
  }

  return {
    async authorizationRequest() {
      const endpoints = await discover();
      const state = random();
      const pending: PendingSignIn = { nonce: random(), codeVerifier: random() };
      const url = new URL(endpoints.authorization_endpoint);
      const params: Record<string, string> = {
        response_type: 'code',
        client_id: settings.clientId,
        redirect_uri: settings.redirectUri,
        scope: settings.scopes.join(' '),
        state,
        nonce: pending.nonce,
        code_challenge: createHash('sha256').update(pending.codeVerifier).digest('base64url'),
        code_challenge_method: 'S256',
      };
      for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
      return { url: url.toString(), state, pending };
    },

    async redeem(code, pending) {
      const endpoints = await discover();
      const form = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: settings.redirectUri, code_verifier: pending.codeVerifier });
      const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
      if (settings.clientSecret === undefined) {
        form.set('client_id', settings.clientId);
      } else if (endpoints.token_endpoint_auth_methods_supported?.includes('client_secret_basic') ?? true) {
        // client_secret_basic is the default method when the provider lists none (RFC 8414).
        const id = encodeURIComponent(settings.clientId);
        const secret = encodeURIComponent(settings.clientSecret);
        headers.authorization = `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
      } else {
        form.set('client_id', settings.clientId);
        form.set('client_secret', settings.clientSecret);
      }
      const tokens = await getJson(fetchImpl, endpoints.token_endpoint, { method: 'POST', headers, body: form.toString() });
      if (typeof tokens.id_token !== 'string') throw new IdTokenError('the token response has no id_token');
      const keys = await keysFor(idTokenKeyId(tokens.id_token));
      return verifyIdToken(tokens.id_token, keys, { issuer: settings.issuer, clientId: settings.clientId, nonce: pending.nonce, skewSeconds: settings.skewSeconds });
    },
  };
}
