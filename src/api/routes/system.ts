// /health for load balancers and probes (no credentials), /metrics for Prometheus.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';

export async function systemRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get('/health', { config: { public: true }, schema: { summary: 'Liveness', tags: ['system'] } }, async () => ({
    status: 'ok',
    ingest: ctx.pipeline.overloaded ? 'overloaded' : 'ok',
  }));
  app.get('/metrics', { config: { permission: 'system:read' }, schema: { summary: 'Prometheus metrics', tags: ['system'] } }, async (_request, reply) => {
    reply.header('Content-Type', ctx.metrics.registry.contentType);
    return ctx.metrics.registry.metrics();
  });
}
