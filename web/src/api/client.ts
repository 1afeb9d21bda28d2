// The one way the console talks to the API: JSON in and out, the session's CSRF token on every
// change, errors as ApiError (with the API's code and details), and a 401 sending the analyst
// to the login page.

export interface ApiErrorBody {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;
  constructor(status: number, body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.details = body.details;
  }
}

export type QueryValue = string | number | boolean | null | undefined | readonly string[];

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

/** Set from the session: sent as X-CSRF-Token on every change. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** What to do when the API says the session is gone (the app sends the analyst to /login). */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

/** "?a=1&b=x,y" from the values given; empty, null and undefined values are left out. */
export function queryString(params: Record<string, QueryValue>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length > 0) search.set(key, value.join(','));
    } else search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal;
  /** A 401 is the caller's business (the login form), not a reason to leave the page. */
  allowUnauthorized?: boolean;
}

async function errorOf(response: Response): Promise<ApiError> {
  const text = await response.text();
  try {
    const parsed = JSON.parse(text) as { error?: ApiErrorBody };
    if (parsed.error?.message) return new ApiError(response.status, parsed.error);
  } catch {
    // Not the API's error shape (a proxy's page): keep the status and the start of the text.
  }
  return new ApiError(response.status, { code: `http_${response.status}`, message: text.slice(0, 200) || response.statusText });
}

/** Sends a request; answers the parsed JSON (undefined for 204). */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(path + queryString(options.query ?? {}), {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    credentials: 'same-origin',
    signal: options.signal,
  });
  if (response.status === 401 && !options.allowUnauthorized) onUnauthorized?.();
  if (!response.ok) throw await errorOf(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** Sends a file as the raw body (attachments). */
export async function upload<T>(path: string, file: File, query: Record<string, QueryValue> = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'content-type': file.type || 'application/octet-stream' };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(path + queryString(query), { method: 'POST', headers, body: file, credentials: 'same-origin' });
  if (response.status === 401) onUnauthorized?.();
  if (!response.ok) throw await errorOf(response);
  return (await response.json()) as T;
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
