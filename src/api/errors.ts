// One error shape for every response: { error: { code, message, details? } }.
import type { FastifyError, FastifyInstance } from 'fastify';
import { ZodError } from 'zod';
import { OverloadedError, VigilError } from '../errors.js';

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | VigilError | ZodError, request, reply) => {
    if (error instanceof OverloadedError) reply.header('Retry-After', String(error.retryAfterSeconds));
    if (error instanceof VigilError) {
      return reply.status(error.status).send({ error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } });
    }
    if (error instanceof ZodError) {
      const problems = error.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`);
      return reply.status(400).send({ error: { code: 'bad_request', message: problems.join('; '), details: { problems } } });
    }
    const status = (error as FastifyError).statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return reply.status(500).send({ error: { code: 'internal', message: 'internal error' } });
    }
    const code = status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : 'bad_request';
    return reply.status(status).send({ error: { code, message: error.message } });
  });
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({ error: { code: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` } });
  });
}
