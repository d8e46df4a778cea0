import fs from 'node:fs';
import type { IncomingMessage } from 'node:http';
import tls from 'node:tls';
import Fastify, { type FastifyError, type FastifyInstance, type FastifySchemaCompiler, type FastifySchemaValidationError, type FastifyServerOptions } from 'fastify';
import type { $ZodType } from 'zod/v4/core';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { ConfigError, type Config } from '../../config.js';
import { installProblemHandlers, sendProblem, ValidationFailed } from './problem.js';
import { httpDuration } from './metrics.js';
import { newId } from '../db/ids.js';

export type App = ReturnType<typeof createServer>;

const REDACT = [
  'req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]',
  '*.password', '*.token', '*.totpSecret', '*.email', '*.phone', '*.login',
];

/** An inbound request id is kept only when it is short and plain, so logs cannot be forged through it. */
const PLAIN_REQUEST_ID = /^[\w.-]{1,64}$/;

/**
 * The request id of a request: the caller's `x-request-id` when it is plain, else a new one. Decided
 * before Fastify creates the request's logger, so a forged id never reaches a log line.
 */
export function requestIdFor(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && PLAIN_REQUEST_ID.test(incoming) ? incoming : newId('req');
}

/** Reads the TLS certificate and key, failing with a configuration error that names the variable. */
export function readTls(files: NonNullable<Config['tls']>): { cert: Buffer; key: Buffer } {
  const read = (variable: string, file: string) => {
    try {
      return fs.readFileSync(file);
    } catch (err) {
      throw new ConfigError(`Invalid configuration:\n  ${variable}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
  };
  const cert = read('TLS_CERT_FILE', files.certFile);
  const key = read('TLS_KEY_FILE', files.keyFile);
  try {
    tls.createSecureContext({ cert, key });
  } catch (err) {
    throw new ConfigError(`Invalid configuration:\n  TLS_CERT_FILE, TLS_KEY_FILE: not a usable PEM certificate and matching private key (${(err as Error).message})`);
  }
  return { cert, key };
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The path of the first string (value or object key) PostgreSQL cannot store: one with a NUL character
 * (text columns refuse it) or an unpaired surrogate (only a JSON `\uD800` escape can make one; jsonb
 * refuses it). Null when there is none. Iterative, so deeply nested input cannot overflow the stack.
 */
export function findUnstorableText(value: unknown): string[] | null {
  const bad = (s: string) => s.includes('\u0000') || LONE_SURROGATE.test(s);
  const stack: Array<{ v: unknown; path: string[] }> = [{ v: value, path: [] }];
  while (stack.length > 0) {
    const { v, path } = stack.pop()!;
    if (typeof v === 'string') {
      if (bad(v)) return path;
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push({ v: item, path: [...path, String(i)] }));
    } else if (v !== null && typeof v === 'object' && !(v instanceof Date)) {
      for (const [k, item] of Object.entries(v)) {
        if (bad(k)) return [...path, '(key)'];
        stack.push({ v: item, path: [...path, k] });
      }
    }
  }
  return null;
}

/** The Zod validator, plus {@link findUnstorableText} on what passed, so such text is a 400 rather than a database error. */
const storableTextValidator: FastifySchemaCompiler<$ZodType> = (route) => {
  const validate = validatorCompiler(route);
  return (data: unknown) => {
    const res = validate(data) as { value?: unknown; error?: Error | FastifySchemaValidationError[] };
    if (res.error) return res;
    const bad = findUnstorableText(res.value);
    return bad === null ? res : { error: new ValidationFailed([{ path: [route.httpPart, ...bad].filter(Boolean).join('.') || '(root)',
      message: 'must not contain NUL characters or unpaired surrogates' }]) };
  };
};

/** Where log lines go and whether there are any; `logStream` lets tests read the real log output. */
export type ServerOptions = { logger?: boolean; logStream?: { write(line: string): void } };

/** Fastify with the house rules: Zod schemas, problem+json errors, OpenAPI, security headers, limits. */
export function createServer(config: Config, opts: ServerOptions = {}) {
  const https = config.tls ? { https: { ...readTls(config.tls), minVersion: 'TLSv1.2' as const } } : {};
  const logger: FastifyServerOptions['logger'] = opts.logger === false || config.logLevel === 'silent'
    ? false
    : { level: config.logLevel, redact: { paths: REDACT, censor: '[redacted]' }, ...(opts.logStream ? { stream: opts.logStream } : {}) };
  const app = Fastify({
    ...https,
    logger,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    // Not `requestIdHeader`: Fastify would take any header value as the id before a hook could check it.
    genReqId: requestIdFor,
    // Errors Fastify raises before routing (a URL that is not valid percent-encoding, an over-long
    // path parameter) are answered as problem+json like every other error.
    frameworkErrors: (err: FastifyError, req, reply) => {
      reply.header('x-request-id', req.id);
      if (err.code === 'FST_ERR_BAD_URL') {
        return sendProblem(reply, req, { status: 400, code: 'http.bad_url', detail: 'The URL is not valid: check its percent-encoding.' });
      }
      if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') {
        return sendProblem(reply, req, { status: 414, code: 'http.uri_too_long', detail: 'A path segment of this URL is longer than this server accepts.' });
      }
      req.log.error({ err }, 'routing failed');
      return sendProblem(reply, req, { status: 500, code: 'internal', detail: 'Something went wrong on our side. Quote the request id when you report it.' });
    },
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    ajv: { customOptions: { coerceTypes: false } },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(storableTextValidator);
  app.setSerializerCompiler(serializerCompiler);
  // JSON only: Fastify would otherwise hand a text/plain body to the schema as a string (a 400 that
  // hides the real mistake); any other content type is refused with 415.
  app.removeContentTypeParser('text/plain');
  installProblemHandlers(app as unknown as FastifyInstance);

  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  app.addHook('onResponse', async (req, reply) => {
    httpDuration.observe({ method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000);
  });

  app.register(cookie);
  app.register(helmet, {
    // The Swagger UI at /docs needs inline styles; everything else is same-origin.
    contentSecurityPolicy: { useDefaults: true, directives: {
      'img-src': ["'self'", 'data:'], 'style-src': ["'self'", "'unsafe-inline'"],
      // Without TLS (local demo) an upgrade directive would send browsers to an https port that does not exist.
      'upgrade-insecure-requests': config.tls || config.publicUrl?.startsWith('https:') ? [] : null,
    } },
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
