// The analyst console: the built React app (web/dist) as public static files, with every
// browser navigation outside /api answered by index.html so the console's own router takes
// over. The data comes from the API, which needs a session; these files hold none.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where `npm run build` puts the console, from both src/api/routes and dist/api/routes. */
export const WEB_DIST_DIR = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

const gzipAsync = promisify(gzip);

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};
/** Worth compressing: text. Images and fonts are compressed already. */
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.map', '.svg', '.txt']);

// Scripts only from the console's own files; inline styles are allowed because the chart
// library positions its tooltips with style attributes.
const HTML_HEADERS = {
  'cache-control': 'no-cache',
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
};

interface CachedFile {
  mtimeMs: number;
  size: number;
  body: Buffer;
  gzipped: Buffer | null;
  etag: string;
}

export interface ConsoleOptions {
  /** The built console; WEB_DIST_DIR unless a test says otherwise. */
  root?: string;
}

/** Browser navigations ask for HTML; API clients and Elasticsearch shippers do not. */
function acceptsHtml(request: { headers: Record<string, string | string[] | undefined> }): string | undefined {
  const accept = request.headers.accept;
  return typeof accept === 'string' && accept.includes('text/html') ? 'yes' : undefined;
}

/** Paths that belong to the API (or to the Elasticsearch-compatible endpoints), never to the console. */
export function isApiPath(path: string): boolean {
  return path.startsWith('/api/') || path === '/api' || path.startsWith('/_') || path === '/health' || path === '/metrics';
}

/** The file a URL path names inside root, or null when it is malformed or leaves root. */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.split('/').includes('..')) return null;
  const base = resolve(root);
  const full = resolve(join(base, decoded));
  return full.startsWith(base + sep) ? full : null;
}

export function consoleRoutes(options: ConsoleOptions = {}) {
  const root = resolve(options.root ?? WEB_DIST_DIR);
  const cache = new Map<string, CachedFile>();

  async function load(path: string): Promise<CachedFile | null> {
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) return null;
    const cached = cache.get(path);
    if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached;
    const body = await readFile(path);
    const file: CachedFile = {
      mtimeMs: info.mtimeMs,
      size: info.size,
      body,
      // Hashed bundles are fetched on every first visit: compress once, serve the copy.
      gzipped: COMPRESSIBLE.has(extname(path)) && body.length > 1024 ? await gzipAsync(body, { level: 9 }) : null,
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
    };
    cache.set(path, file);
    return file;
  }

  async function send(request: FastifyRequest, reply: FastifyReply, path: string, headers: Record<string, string>): Promise<FastifyReply> {
    const file = await load(path);
    if (!file) return notFound(reply, request);
    reply.headers(headers).header('etag', file.etag).header('vary', 'accept-encoding')
      .type(CONTENT_TYPES[extname(path)] ?? 'application/octet-stream');
    if (request.headers['if-none-match'] === file.etag) return reply.status(304).send();
    const acceptEncoding = request.headers['accept-encoding'];
    if (file.gzipped && typeof acceptEncoding === 'string' && /\bgzip\b/.test(acceptEncoding)) {
      return reply.header('content-encoding', 'gzip').send(file.gzipped);
    }
    return reply.send(file.body);
  }

  function notFound(reply: FastifyReply, request: FastifyRequest): FastifyReply {
    return reply.status(404).send({ error: { code: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` } });
  }

  async function index(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const page = join(root, 'index.html');
    if (!(await load(page))) {
      return reply.status(503).headers(HTML_HEADERS).type('text/plain; charset=utf-8')
        .send('The Vigil console is not built. Run `npm run build` (or `npm start`), then reload.\n');
    }
    return send(request, reply, page, HTML_HEADERS);
  }

  return async function register(app: FastifyInstance): Promise<void> {
    if (!app.hasConstraintStrategy('html')) {
      app.addConstraintStrategy({
        name: 'html',
        storage() {
          const handlers = new Map<string, unknown>();
          return {
            get: (value: string) => (handlers.get(value) ?? null) as never,
            set: (value: string, store: unknown) => { handlers.set(value, store); },
          };
        },
        deriveConstraint: acceptsHtml,
        mustMatchWhenDerived: false,
      });
    }
    const page = { public: true } as const;
    const schema = { hide: true };

    app.get('/assets/*', { config: page, schema }, async (request, reply) => {
      const path = resolveStaticPath(join(root, 'assets'), (request.params as { '*': string })['*']);
      if (!path) return notFound(reply, request);
      // File names carry a content hash: a new build is a new name.
      return send(request, reply, path, { 'cache-control': 'public, max-age=31536000, immutable', 'x-content-type-options': 'nosniff' });
    });

    // `GET /` without an HTML Accept header stays the Elasticsearch info probe shippers call.
    app.route({ method: 'GET', url: '/', constraints: { html: 'yes' }, exposeHeadRoute: false, config: page, schema, handler: index });
    app.route({
      method: 'GET', url: '/*', constraints: { html: 'yes' }, exposeHeadRoute: false, config: page, schema,
      handler: async (request, reply) => (isApiPath(request.url.split('?')[0]!) ? notFound(reply, request) : index(request, reply)),
    });
  };
}

export async function webRoutes(app: FastifyInstance): Promise<void> {
  await consoleRoutes()(app);
}
