import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Forbidden, Unauthenticated } from './problem.js';
import { securityEvents } from './metrics.js';

export type OrgKind = 'platform' | 'seller' | 'delivery' | 'payment';

/** Who is calling: resolved once per request from the session token. */
export type Actor = Readonly<{
  accountId: string;
  sessionId: string;
  kind: 'staff' | 'consumer';
  orgId: string | null;
  orgKind: OrgKind | null;
  displayName: string;
  permissions: ReadonlySet<string>;
}>;

/**
 * Who may call a route. Every /api route must declare one (checked at start-up), so nothing is
 * reachable by accident. Audiences map to organisation kinds; the permission is checked on top.
 * - public: anyone; authenticated: any signed-in account
 * - consumer: consumer accounts; admin: platform operator staff
 * - seller / delivery: staff of that kind of organisation, scoped to their own organisation
 * - org: staff of any platform-user organisation (seller, delivery, payment), scoped to their own
 */
export type Access =
  | { audience: 'public' }
  | { audience: 'authenticated' | 'consumer' | 'admin' | 'seller' | 'delivery' | 'org'; permission?: string };

/** The only way a route obtains a tenant: from the caller's own organisation, never from the URL or body. */
export type TenantScope = Readonly<{ orgId: string; orgKind: OrgKind }>;

/** What the audit trail records about the caller of a change. */
export type RequestContext = Readonly<{
  actorId: string | null;
  actorOrgId: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}>;

/** One registered /api route and who may call it; the tenant-isolation test walks this list. */
export type RouteAccess = { method: string; url: string; access: Access };

declare module 'fastify' {
  interface FastifyContextConfig { access?: Access }
  interface FastifyRequest { actor: Actor | null; tenant: TenantScope | null }
  interface FastifyInstance { apiRoutes: RouteAccess[] }
}

export const SESSION_COOKIE = 'shiji_session';
const TENANT_AUDIENCES = new Set(['seller', 'delivery', 'org']);

export function isTenantAudience(access: Access | undefined): boolean {
  return Boolean(access && TENANT_AUDIENCES.has(access.audience));
}

function audienceAllows(access: Access, actor: Actor): boolean {
  switch (access.audience) {
    case 'public':
    case 'authenticated': return true;
    case 'consumer': return actor.kind === 'consumer';
    case 'admin': return actor.orgKind === 'platform';
    case 'seller': return actor.orgKind === 'seller';
    case 'delivery': return actor.orgKind === 'delivery';
    case 'org': return actor.orgKind === 'seller' || actor.orgKind === 'delivery' || actor.orgKind === 'payment';
  }
}

export function bearerOrCookieToken(req: FastifyRequest): string | null {
  const auth = req.headers.authorization;
  if (typeof auth === 'string' && auth.startsWith('Bearer ')) return auth.slice(7).trim() || null;
  const cookie = req.cookies?.[SESSION_COOKIE];
  return cookie || null;
}

export type AuthOptions = {
  /** Turns a session token into an actor, or null when the token is unknown, expired or revoked. */
  resolveActor: (token: string, req: FastifyRequest) => Promise<Actor | null>;
  /** Every permission that exists; a route naming another one fails at start-up. */
  knownPermissions: ReadonlySet<string>;
};

/**
 * Installs authentication and authorisation for every route in one place: routes under /api must
 * declare `config.access`; the actor is resolved from Bearer token or session cookie; audience,
 * permission and tenant scope are enforced before the handler runs. Refusals are logged as security events.
 */
export function installAuth(app: FastifyInstance, opts: AuthOptions): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('tenant', null);
  const apiRoutes: RouteAccess[] = [];
  app.decorate('apiRoutes', apiRoutes);

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    const access = route.config?.access;
    if (!access) throw new Error(`Route ${String(route.method)} ${route.url} does not declare config.access`);
    if ('permission' in access && access.permission && !opts.knownPermissions.has(access.permission)) {
      throw new Error(`Route ${String(route.method)} ${route.url} names unknown permission ${access.permission}`);
    }
    for (const method of [route.method].flat()) if (method !== 'HEAD') apiRoutes.push({ method, url: route.url, access });
  });

  app.addHook('preValidation', async (req) => {
    const access = req.routeOptions.config?.access;
    if (!access) return;
    const token = bearerOrCookieToken(req);
    if (token) req.actor = await opts.resolveActor(token, req);
    if (access.audience === 'public') return;
    const actor = req.actor;
    if (!actor) {
      securityEvents.inc({ type: 'unauthenticated' });
      req.log.warn({ security: 'unauthenticated', route: req.routeOptions.url }, 'unauthenticated request refused');
      throw new Unauthenticated(token ? 'Your session has expired or was signed out: sign in again.' : undefined);
    }
    const permission = 'permission' in access ? access.permission : undefined;
    if (!audienceAllows(access, actor) || (permission && !actor.permissions.has(permission))) {
      securityEvents.inc({ type: 'forbidden' });
      req.log.warn({ security: 'forbidden', route: req.routeOptions.url, actor: actor.accountId, permission }, 'permission denied');
      throw new Forbidden(permission
        ? `Your account lacks the permission "${permission}" needed here.`
        : 'This area is not available to your account.', permission ? { permission } : undefined);
    }
    if (TENANT_AUDIENCES.has(access.audience)) {
      // audienceAllows guarantees a platform-user organisation here.
      req.tenant = Object.freeze({ orgId: actor.orgId!, orgKind: actor.orgKind! });
    }
  });
}

/** The signed-in actor of a route that declared a non-public audience. */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new Unauthenticated();
  return req.actor;
}

/** The caller's own organisation on a tenant route (seller, delivery, org audiences). */
export function tenantOf(req: FastifyRequest): TenantScope {
  if (!req.tenant) throw new Forbidden('This area is only for staff of a seller, delivery or payment organisation.');
  return req.tenant;
}

export function requestContext(req: FastifyRequest): RequestContext {
  const ua = req.headers['user-agent'];
  return {
    actorId: req.actor?.accountId ?? null,
    actorOrgId: req.actor?.orgId ?? null,
    ip: req.ip ?? null,
    userAgent: typeof ua === 'string' ? ua.slice(0, 512) : null,
    requestId: String(req.id),
  };
}

/** Context for changes made by the system itself (jobs, CLI, seeding). */
export function systemContext(what: string): RequestContext {
  return { actorId: null, actorOrgId: null, ip: null, userAgent: what, requestId: null };
}
