// Ingest routes take their bodies as text, whatever the content type, and decompress gzip
// and deflate bodies (Beats compress by default). The size limit applies after inflating.
import type { FastifyInstance } from 'fastify';
import { createGunzip, createInflate } from 'node:zlib';

export function acceptRawBodies(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  app.addHook('preParsing', async (request, _reply, payload) => {
    const encoding = String(request.headers['content-encoding'] ?? '').toLowerCase();
    if (encoding === 'gzip' || encoding === 'x-gzip') return payload.pipe(createGunzip());
    if (encoding === 'deflate') return payload.pipe(createInflate());
    return payload;
  });
}
