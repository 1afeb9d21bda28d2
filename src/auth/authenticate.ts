// Reads the credentials of a request: "Bearer <key>", "ApiKey <key>" (or, as Beats send
// it, "ApiKey base64(id:key)"), or "Basic base64(user:password)" where the password may
// also be an API key (for shippers that only speak basic auth).
import type { StateDb } from '../store/state/database.js';
import { API_KEY_PREFIX, verifyApiKey } from './api-keys.js';
import type { Principal } from './principal.js';
import { verifyLogin } from './users.js';

function decodeBase64(text: string): string {
  return Buffer.from(text, 'base64').toString('utf8');
}

export async function authenticate(db: StateDb, header: string | undefined): Promise<Principal | null> {
  if (!header) return null;
  const space = header.indexOf(' ');
  if (space < 0) return null;
  const scheme = header.slice(0, space).toLowerCase();
  const value = header.slice(space + 1).trim();
  switch (scheme) {
    case 'bearer':
      return verifyApiKey(db, value);
    case 'apikey': {
      if (value.startsWith(API_KEY_PREFIX)) return verifyApiKey(db, value);
      const decoded = decodeBase64(value);
      const key = decoded.includes(':') ? decoded.slice(decoded.indexOf(':') + 1) : decoded;
      return verifyApiKey(db, key);
    }
    case 'basic': {
      const decoded = decodeBase64(value);
      const colon = decoded.indexOf(':');
      if (colon < 0) return null;
      const user = decoded.slice(0, colon);
      const password = decoded.slice(colon + 1);
      if (password.startsWith(API_KEY_PREFIX)) return verifyApiKey(db, password);
      return verifyLogin(db, user, password);
    }
    default:
      return null;
  }
}

/** The username of a "Basic user:password" header whose password is a password (not an API key): a login to throttle. */
export function basicLoginName(header: string | undefined): string | null {
  if (!header || !/^basic /i.test(header)) return null;
  const decoded = decodeBase64(header.slice(header.indexOf(' ') + 1).trim());
  const colon = decoded.indexOf(':');
  if (colon < 0 || decoded.slice(colon + 1).startsWith(API_KEY_PREFIX)) return null;
  return decoded.slice(0, colon);
}
