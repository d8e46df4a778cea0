import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import type { Platform } from '@/platform/platform.js';
import type { Actor } from '@/platform/http/auth.js';
import { adminIdentityRoutes } from './routes/admin.js';
import { authRoutes } from './routes/auth.js';
import { orgRoutes } from './routes/org.js';
import { resolveSessionActor } from './service.js';

/** Every identity route: /api/auth/*, /api/admin/{organisations,accounts,roles,sessions,permissions}, /api/org/*. */
export const identityRoutes: FastifyPluginAsyncZod<{ platform: Platform }> = async (app, opts) => {
  await app.register(authRoutes, opts);
  await app.register(adminIdentityRoutes, opts);
  await app.register(orgRoutes, opts);
};

/** The resolver the HTTP auth layer uses to turn a session token into an actor. */
export function resolveActor(platform: Platform, token: string, _req: FastifyRequest): Promise<Actor | null> {
  return resolveSessionActor(platform.db, { keyring: platform.keyring, config: platform.config }, token);
}
