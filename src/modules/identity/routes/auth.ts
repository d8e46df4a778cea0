import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Platform } from '@/platform/platform.js';
import { actorOf, requestContext, SESSION_COOKIE } from '@/platform/http/auth.js';
import { problemResponses } from '@/platform/http/problem.js';
import { ChangePasswordBody, LoginBody, LoginOut, MeOut, RegisterBody, SessionOut, TotpCodeBody, TotpDisableBody, TotpSetupOut, UpdateMeBody } from '../contract.js';
import { changePassword, disableTotp, enableTotp, listSessions, loadAccount, login, me, registerConsumer, resolveSessionActor, revokeSession, setupTotp, updateOwnName } from '../service.js';

const errors = problemResponses;

/** Sign-in, sign-out, registration and the signed-in account's own settings: /api/auth/*. */
export const authRoutes: FastifyPluginAsyncZod<{ platform: Platform }> = async (app, { platform }) => {
  const deps = { keyring: platform.keyring, config: platform.config };
  const secureCookie = Boolean(platform.config.tls) || Boolean(platform.config.publicUrl?.startsWith('https:'));
  const tags = ['auth'];

  app.post('/api/auth/login', {
    config: { access: { audience: 'public' } },
    schema: { tags, summary: 'Sign in with email or phone + password (and TOTP code when enabled)', security: [], body: LoginBody,
      response: { 200: LoginOut, ...errors } },
  }, async (req, reply) => {
    const ctx = requestContext(req);
    const outcome = await login(platform.db, deps, req.body, { ip: ctx.ip, userAgent: ctx.userAgent, requestId: ctx.requestId });
    if (!outcome.ok) {
      const until = outcome.error.meta.retryAfter;
      if (outcome.error.status === 429 && typeof until === 'string') {
        reply.header('retry-after', String(Math.max(1, Math.ceil((Date.parse(until) - Date.now()) / 1000))));
      }
      throw outcome.error;
    }
    reply.setCookie(SESSION_COOKIE, outcome.token, { httpOnly: true, sameSite: 'lax', secure: secureCookie, path: '/',
      maxAge: platform.config.session.absoluteHours * 3600 });
    const actor = await resolveSessionActor(platform.db, deps, outcome.token);
    if (!actor) throw new Error('a session created a moment ago did not resolve');
    return { token: outcome.token, expiresAt: outcome.expiresAt.toISOString(), account: await me(platform.db, deps, actor) };
  });

  app.post('/api/auth/register', {
    config: { access: { audience: 'public' } },
    schema: { tags, summary: 'Consumer self-registration', security: [], body: RegisterBody, response: { 201: MeOut.omit({ permissions: true, mustEnrollTotp: true }), ...errors } },
  }, async (req, reply) => {
    const ctx = requestContext(req);
    const id = await platform.db.transaction((tx) => registerConsumer(tx, ctx, platform.keyring, req.body));
    reply.code(201);
    return loadAccount(platform.db, platform.keyring, id, { kind: 'operator' }, true);
  });

  app.post('/api/auth/logout', {
    config: { access: { audience: 'authenticated' } },
    schema: { tags, summary: 'Sign out: ends this session', response: { 204: z.null(), ...errors } },
  }, async (req, reply) => {
    const actor = actorOf(req);
    await platform.db.transaction((tx) => revokeSession(tx, requestContext(req), actor.sessionId, actor.accountId));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send(null);
  });

  app.get('/api/auth/me', {
    config: { access: { audience: 'authenticated' } },
    schema: { tags, summary: 'The signed-in account, its organisation, roles and permissions', response: { 200: MeOut, ...errors } },
  }, async (req) => me(platform.db, deps, actorOf(req)));

  app.patch('/api/auth/me', {
    config: { access: { audience: 'authenticated' } },
    schema: { tags, summary: 'Change own display name', body: UpdateMeBody, response: { 200: MeOut, ...errors } },
  }, async (req) => {
    const actor = actorOf(req);
    await platform.db.transaction((tx) => updateOwnName(tx, requestContext(req), deps, actor, req.body.displayName));
    return me(platform.db, deps, actor);
  });

  app.post('/api/auth/password', {
    config: { access: { audience: 'authenticated' } },
    schema: { tags, summary: 'Change own password; every other session ends', body: ChangePasswordBody, response: { 204: z.null(), ...errors } },
  }, async (req, reply) => {
    await platform.db.transaction((tx) => changePassword(tx, requestContext(req), deps, actorOf(req), req.body.currentPassword, req.body.newPassword));
    return reply.code(204).send(null);
  });

  app.get('/api/auth/sessions', {
    config: { access: { audience: 'authenticated' } },
    schema: { tags, summary: 'Own live sessions', response: { 200: z.object({ items: z.array(SessionOut) }), ...errors } },
  }, async (req) => {
    const actor = actorOf(req);
    return { items: await listSessions(platform.db, actor.accountId, actor.sessionId) };
  });

  app.delete('/api/auth/sessions/:id', {
    config: { access: { audience: 'authenticated' } },
    schema: { tags, summary: 'End one of own sessions', params: z.strictObject({ id: z.string().max(64) }), response: { 204: z.null(), ...errors } },
  }, async (req, reply) => {
    const actor = actorOf(req);
    await platform.db.transaction((tx) => revokeSession(tx, requestContext(req), req.params.id, actor.accountId));
    return reply.code(204).send(null);
  });

  app.post('/api/auth/totp/setup', {
    config: { access: { audience: 'authenticated' } },
    schema: { tags, summary: 'Start two-step verification set-up: returns the authenticator secret', response: { 200: TotpSetupOut, ...errors } },
  }, async (req) => platform.db.transaction((tx) => setupTotp(tx, requestContext(req), deps, actorOf(req))));

  app.post('/api/auth/totp/enable', {
    config: { access: { audience: 'authenticated' } },
    schema: { tags, summary: 'Turn two-step verification on with a current code', body: TotpCodeBody, response: { 204: z.null(), ...errors } },
  }, async (req, reply) => {
    await platform.db.transaction((tx) => enableTotp(tx, requestContext(req), deps, actorOf(req), req.body.code));
    return reply.code(204).send(null);
  });

  app.post('/api/auth/totp/disable', {
    config: { access: { audience: 'authenticated' } },
    schema: { tags, summary: 'Turn two-step verification off (password and current code)', body: TotpDisableBody, response: { 204: z.null(), ...errors } },
  }, async (req, reply) => {
    await platform.db.transaction((tx) => disableTotp(tx, requestContext(req), deps, actorOf(req), req.body.password, req.body.code));
    return reply.code(204).send(null);
  });
};
