// The HTTP API: one Fastify app with authentication, one error shape, OpenAPI at /api/docs,
// and route files per domain. Tests drive it in-process with app.inject().
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { registerAuth } from './auth.js';
import type { AppContext } from './context.js';
import { registerErrorHandler } from './errors.js';
import { alertRoutes } from './routes/alerts.js';
import { caseRoutes } from './routes/cases.js';
import { apiKeyRoutes } from './routes/apikeys.js';
import { auditRoutes } from './routes/audit.js';
import { elasticsearchRoutes } from './routes/elasticsearch.js';
import { eventRoutes } from './routes/events.js';
import { ingestRoutes } from './routes/ingest.js';
import { sessionRoutes } from './routes/session.js';
import { systemRoutes } from './routes/system.js';
import { tenantRoutes } from './routes/tenants.js';
import { userRoutes } from './routes/users.js';
import { webRoutes } from './routes/web.js';
import { alertStreamRoutes, createAlertFeed } from './routes/alert-stream.js';
import { savedSearchRoutes } from './routes/saved-searches.js';
import { ruleRoutes } from './routes/rules.js';

export async function buildApp(ctx: AppContext): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.logger.child({ component: 'http' }) as FastifyBaseLogger,
    // Per-request log lines would drown the log at shipper rates; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: ctx.config.http.body_limit_mb * 1024 * 1024,
    trustProxy: false,
    // Shippers send large _bulk bodies: give them time, but not forever.
    requestTimeout: 120_000,
  });
  registerErrorHandler(app);
  registerAuth(app, ctx.db, ctx.config);
  await app.register(swagger, {
    openapi: {
      info: { title: 'Vigil API', version: '0.1.0', description: 'Collect, search, detect and respond.' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An API key: Authorization: Bearer vgl_…' },
          basic: { type: 'http', scheme: 'basic' },
        },
      },
      security: [{ bearer: [] }, { basic: [] }],
    },
  });
  app.addHook('onRoute', (route) => {
    // The API description is for signed-in users, like the API itself.
    if (route.url.startsWith('/api/docs')) route.config = { ...(route.config ?? {}), permission: 'events:read' };
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' } });

  await app.register(systemRoutes, ctx);
  await app.register(apiKeyRoutes, ctx);
  await app.register(sessionRoutes, ctx);
  await app.register(userRoutes, ctx);
  await app.register(tenantRoutes, ctx);
  await app.register(auditRoutes, ctx);
  await app.register(eventRoutes, ctx);
  // Ingest routes parse bodies as raw text: each lives in its own encapsulated plugin.
  await app.register(ingestRoutes, ctx);
  await app.register(elasticsearchRoutes, ctx);
  await app.register(alertRoutes, ctx);
  await app.register(caseRoutes, ctx);
  await app.register(alertStreamRoutes(createAlertFeed(ctx.db)), ctx);
  await app.register(savedSearchRoutes, ctx);
  await app.register(ruleRoutes, ctx);
  await app.register(webRoutes);
  return app;
}
