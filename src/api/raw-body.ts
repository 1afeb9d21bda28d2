// Ingest routes take their bodies as text, whatever the content type, and decompress gzip
// and deflate bodies (Beats compress by default). The size limit applies after inflating.
import type { FastifyInstance } from 'fastify';
import { createGunzip, createInflate } from 'node:zlib';

export function acceptRawBodies(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  app.addHook('preParsing', async (request, _reply, payload) => {
    const encoding = String(request.headers['content-encoding'] ?? '').toLowerCase();
    const inflate = encoding === 'gzip' || encoding === 'x-gzip' ? createGunzip() : encoding === 'deflate' ? createInflate() : undefined;
    if (!inflate) return payload;
    // Fastify checks Content-Length against the bytes received, not the inflated ones.
    const inflated = Object.assign(inflate, { receivedEncodedLength: 0 });
    payload.on('data', (chunk: Buffer) => { inflated.receivedEncodedLength += chunk.length; });
    return payload.pipe(inflated);
  });
}
