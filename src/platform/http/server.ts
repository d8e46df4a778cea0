import fs from 'node:fs';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { ulid } from 'ulid';
import type { Config } from '../../config.js';
import { installProblemHandlers } from './problem.js';
import { httpDuration } from './metrics.js';

export type App = ReturnType<typeof createServer>;

const REDACT = [
  'req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]',
  '*.password', '*.token', '*.totpSecret', '*.email', '*.phone', '*.login',
];

/** Fastify with the house rules: Zod schemas, problem+json errors, OpenAPI, security headers, limits. */
export function createServer(config: Config, opts: { logger?: boolean } = {}) {
  const https = config.tls
    ? { https: { cert: fs.readFileSync(config.tls.certFile), key: fs.readFileSync(config.tls.keyFile), minVersion: 'TLSv1.2' as const } }
    : {};
  const logger: FastifyServerOptions['logger'] = opts.logger === false || config.logLevel === 'silent'
    ? false
    : { level: config.logLevel, redact: { paths: REDACT, censor: '[redacted]' } };
  const app = Fastify({
    ...https,
    logger,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    requestIdHeader: 'x-request-id',
    genReqId: () => `req_${ulid()}`,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    ajv: { customOptions: { coerceTypes: false } },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installProblemHandlers(app as unknown as FastifyInstance);

  // An inbound request id is kept only when it is short and plain, so logs cannot be forged through it.
  app.addHook('onRequest', async (req, reply) => {
    const incoming = req.headers['x-request-id'];
    if (typeof incoming === 'string' && !/^[\w.-]{1,64}$/.test(incoming)) (req as { id: string }).id = `req_${ulid()}`;
    reply.header('x-request-id', req.id);
  });
  app.addHook('onResponse', async (req, reply) => {
    httpDuration.observe({ method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000);
  });

  app.register(cookie);
  app.register(helmet, {
    // The Swagger UI at /docs needs inline styles; everything else is same-origin.
    contentSecurityPolicy: { useDefaults: true, directives: { 'img-src': ["'self'", 'data:'], 'style-src': ["'self'", "'unsafe-inline'"] } },
    hsts: config.tls ? { maxAge: 31536000, includeSubDomains: true } : false,
  });
  app.register(rateLimit, {
    max: config.rateLimitPerMinute,
    timeWindow: '1 minute',
    allowList: (req) => req.url === '/healthz' || req.url === '/readyz' || req.url === '/metrics',
    errorResponseBuilder: (_req, ctx) => ({ statusCode: 429, code: 'FST_RATE_LIMITED', message: `Rate limit exceeded, retry in ${ctx.after}` }),
  });
  app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Shiji 市集 API',
        version: '0.1.0',
        description: 'Multi-party marketplace platform (GB/T 31524). Errors are application/problem+json (RFC 9457). '
          + 'Authenticate with `POST /api/auth/login`, then send `Authorization: Bearer <token>` or the session cookie.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'shiji_session' },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  app.register(swaggerUi, { routePrefix: '/docs', staticCSP: false });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}
