import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Platform } from './platform/platform.js';
import { wireModules } from './wiring.js';
import { createServer, type ServerOptions } from './platform/http/server.js';
import { installAuth } from './platform/http/auth.js';
import { registry } from './platform/http/metrics.js';
import { auditRoutes } from './platform/audit/routes.js';
import { calendarRoutes } from './platform/calendar/routes.js';
import { jobsRoutes } from './platform/jobs/routes.js';
import { registerWeb } from './platform/http/web.js';
import { KNOWN_PERMISSIONS, identityRoutes, resolveActor } from './modules/identity/index.js';
import { catalogRoutes } from './modules/catalog/index.js';
import { inventoryRoutes } from './modules/inventory/index.js';
import { cartRoutes } from './modules/cart/index.js';
import { consumerRoutes } from './modules/consumer/index.js';
import { orderRoutes } from './modules/order/index.js';
import { financeRoutes } from './modules/finance/index.js';
import { settlementRoutes } from './modules/settlement/index.js';
import { paymentRoutes } from './modules/payment/index.js';

export type BuildOptions = ServerOptions;

/** The whole HTTP application: platform endpoints plus every module's routes. */
export async function buildApp(platform: Platform, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const app = createServer(platform.config, opts);
  let closing = false;
  app.addHook('onClose', async () => { closing = true; });

  installAuth(app as unknown as FastifyInstance, {
    knownPermissions: KNOWN_PERMISSIONS,
    resolveActor: (token, req) => resolveActor(platform, token, req),
  });

  app.get('/healthz', { schema: { tags: ['ops'], summary: 'Liveness: the process is up', response: { 200: z.object({ status: z.literal('ok') }) } } },
    async () => ({ status: 'ok' as const }));
  app.get('/readyz', {
    schema: { tags: ['ops'], summary: 'Readiness: the database answers and the node is not shutting down',
      response: { 200: z.object({ status: z.literal('ready'), database: z.string() }), 503: z.object({ status: z.string(), reason: z.string() }) } },
  }, async (_req, reply) => {
    if (closing) return reply.code(503).send({ status: 'unavailable', reason: 'shutting down' });
    try {
      await platform.database.ping();
      return { status: 'ready' as const, database: platform.database.kind };
    } catch {
      return reply.code(503).send({ status: 'unavailable', reason: 'database does not answer' });
    }
  });
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });

  await app.register(identityRoutes, { platform });
  await app.register(auditRoutes, { platform });
  await app.register(calendarRoutes, { platform });
  await app.register(jobsRoutes, { platform });
  await app.register(catalogRoutes, { platform });
  await app.register(inventoryRoutes, { platform });
  wireModules();
  await app.register(cartRoutes, { platform });
  await app.register(consumerRoutes, { platform });
  await app.register(orderRoutes, { platform });
  await app.register(financeRoutes, { platform });
  await app.register(settlementRoutes, { platform });
  await app.register(paymentRoutes, { platform });
  await registerWeb(app as unknown as FastifyInstance);
  await app.ready();
  return app as unknown as FastifyInstance;
}
