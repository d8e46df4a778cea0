import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** An expected failure thrown by a service; the HTTP layer maps it to RFC 9457 problem+json. */
export class DomainError extends Error {
  readonly code: string;
  readonly status: number;
  readonly detail: string;
  readonly meta: Record<string, unknown>;
  constructor(args: { code: string; status: number; detail: string; meta?: Record<string, unknown> }) {
    super(args.detail);
    this.name = new.target.name;
    this.code = args.code;
    this.status = args.status;
    this.detail = args.detail;
    this.meta = args.meta ?? {};
  }
}

export class NotFound extends DomainError {
  constructor(what: string, id?: string) {
    super({ code: 'http.not_found', status: 404, detail: id ? `${what} ${id} was not found.` : `${what} was not found.` });
  }
}
export class Unauthenticated extends DomainError {
  constructor(detail = 'Sign in to continue: this request needs a valid session.') {
    super({ code: 'auth.unauthenticated', status: 401, detail });
  }
}
export class Forbidden extends DomainError {
  constructor(detail: string, meta?: Record<string, unknown>) {
    super({ code: 'auth.forbidden', status: 403, detail, ...(meta ? { meta } : {}) });
  }
}
export class Conflict extends DomainError {
  constructor(code: string, detail: string, meta?: Record<string, unknown>) {
    super({ code, status: 409, detail, ...(meta ? { meta } : {}) });
  }
}
export class InvalidInput extends DomainError {
  constructor(code: string, detail: string, meta?: Record<string, unknown>) {
    super({ code, status: 422, detail, ...(meta ? { meta } : {}) });
  }
}

/** A request that passed its schema but still cannot be accepted, reported like a schema failure. */
export class ValidationFailed extends DomainError {
  constructor(issues: Array<{ path: string; message: string }>) {
    const first = issues[0];
    super({ code: 'validation_failed', status: 400, detail: first ? `Invalid request: ${first.path}: ${first.message}` : 'The request is invalid.',
      meta: { issues } });
  }
}

/** The problem+json body, also the OpenAPI schema of every error response. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string(),
  requestId: z.string(),
  /** One line per problem: the field, an English message, and where the API has one a machine-readable rule and its values (for UIs in other languages). */
  issues: z.array(z.object({ path: z.string(), message: z.string(), rule: z.string().optional(), params: z.record(z.string(), z.unknown()).optional() })).optional(),
}).catchall(z.unknown()).meta({ id: 'Problem' });
export type Problem = z.infer<typeof Problem>;

/** The error answers every API route can give, for its OpenAPI `response` map (429: rate limit). */
export const problemResponses = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem, 429: Problem } as const;

const TITLES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  406: 'Not Acceptable', 409: 'Conflict', 413: 'Content Too Large', 414: 'URI Too Long', 415: 'Unsupported Media Type',
  422: 'Unprocessable Content', 423: 'Locked', 429: 'Too Many Requests', 500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function sendProblem(reply: FastifyReply, req: FastifyRequest, p: {
  status: number; code: string; detail: string; issues?: Problem['issues']; meta?: Record<string, unknown>;
}): FastifyReply {
  const body: Problem = {
    ...(p.meta ?? {}),
    type: `/problems/${p.code}`,
    title: TITLES[p.status] ?? 'Error',
    status: p.status,
    detail: p.detail,
    code: p.code,
    requestId: String(req.id),
    ...(p.issues ? { issues: p.issues } : {}),
  };
  return reply.code(p.status).type('application/problem+json; charset=utf-8').send(JSON.stringify(body));
}

// A problem names what was wrong without echoing the request back: a 500 KB unknown key stays in the request.
const MAX_ISSUES = 20;
const clip = (s: string) => (s.length > 200 ? `${s.slice(0, 200).replace(/[\uD800-\uDBFF]$/, '')}…` : s);

function issuePath(path: readonly PropertyKey[] | string | undefined): string {
  if (typeof path === 'string') return path;
  return (path ?? []).map(String).join('.') || '(root)';
}

/** Known Fastify error codes → problem codes and messages a person can act on. */
const FASTIFY_ERRORS: Record<string, { status: number; code: string; detail: (e: FastifyError) => string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'http.body_too_large',
    detail: () => 'The request body is larger than this server accepts.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'http.unsupported_media_type',
    detail: () => 'Send the body as application/json.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'http.bad_content_length',
    detail: () => 'The Content-Length header does not match the body.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'http.empty_body',
    detail: () => 'The body is empty, but Content-Type says JSON: send a JSON document.' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'http.malformed_json',
    detail: () => 'The body is not valid JSON.' },
};

/** Installs the one mapper from errors to problem+json, and the 404 handler. */
export function installProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof DomainError) {
      return sendProblem(reply, req, { status: err.status, code: err.code, detail: err.detail, meta: err.meta });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues = err.validation.flatMap((v) => {
        const at = (extra?: string) => [err.validationContext, issuePath((v.params as { issue?: { path?: PropertyKey[] } })?.issue?.path
          ?? v.instancePath.replace(/^\//, '').replace(/\//g, '.')), extra].filter((x) => x && x !== '(root)').join('.') || '(root)';
        // An unknown field is named in the path, one issue per field, so a client can point at it.
        const keys = v.keyword === 'unrecognized_keys' ? (v.params as { keys?: unknown }).keys : undefined;
        if (Array.isArray(keys) && keys.length > 0) return keys.map((k) => ({ path: at(String(k)), message: 'unknown field: remove it' }));
        return [{ path: at(), message: v.message ?? 'is invalid' }];
      }).slice(0, MAX_ISSUES).map((i) => ({ path: clip(i.path), message: clip(i.message) }));
      const first = issues[0];
      return sendProblem(reply, req, { status: 400, code: 'validation_failed', issues,
        detail: first ? `Invalid request: ${first.path}: ${first.message}` : 'The request is invalid.' });
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err, issues: err.cause.issues }, 'response did not match its schema');
      return sendProblem(reply, req, { status: 500, code: 'internal', detail: 'Something went wrong on our side. Quote the request id when you report it.' });
    }
    const known = err.code ? FASTIFY_ERRORS[err.code] : undefined;
    if (known) return sendProblem(reply, req, { status: known.status, code: known.code, detail: known.detail(err) });
    if (err instanceof SyntaxError && (err as FastifyError).statusCode === 400) {
      return sendProblem(reply, req, { status: 400, code: 'http.malformed_json', detail: 'The body is not valid JSON.' });
    }
    const status = err.statusCode ?? 500;
    if (status === 429) {
      return sendProblem(reply, req, { status, code: 'http.rate_limited', detail: 'Too many requests: slow down and try again in a minute.' });
    }
    if (status >= 400 && status < 500) {
      return sendProblem(reply, req, { status, code: `http.${(err.code ?? 'bad_request').toLowerCase()}`, detail: err.message });
    }
    req.log.error({ err }, 'unhandled error');
    return sendProblem(reply, req, { status: 500, code: 'internal', detail: 'Something went wrong on our side. Quote the request id when you report it.' });
  });
  app.setNotFoundHandler((req, reply) =>
    sendProblem(reply, req, { status: 404, code: 'http.not_found', detail: `No route ${req.method} ${clip(req.url.split('?')[0] ?? '/')}.` }));
}
