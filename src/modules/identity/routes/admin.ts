import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Platform } from '@/platform/platform.js';
import { actorOf, requestContext } from '@/platform/http/auth.js';
import { CreatedAtCursor, CursorQuery, IdParams, LimitQuery, decodeCursor, encodeCursor, page } from '@/platform/http/pagination.js';
import { problemResponses } from '@/platform/http/problem.js';
import { AccountOut, AdminNewStaffBody, NewOrganisationBody, NewRoleBody, OrganisationOut, OrgKind, PermissionOut, RoleOut, SessionOut,
  SetRolesBody, UpdateOrganisationBody, UpdateRoleBody, UpdateStaffBody } from '../contract.js';
import { PERMISSIONS } from '../permissions.js';
import { createOrganisation, createRole, createStaff, ensurePlatformOrganisation, getOrganisation, listAccounts, listOrganisations, listRoles,
  listSessions, loadAccount, revokeAllSessions, revokeSession, setRoles, updateOrganisation, updateRole, updateStaff, viewAccount } from '../service.js';

const errors = problemResponses;
const operator = { kind: 'operator' } as const;

/** Operator console API for organisations, staff, roles and sessions: /api/admin/*. */
export const adminIdentityRoutes: FastifyPluginAsyncZod<{ platform: Platform }> = async (app, { platform }) => {
  const k = platform.keyring;
  const db = platform.db;

  app.get('/api/admin/organisations', {
    config: { access: { audience: 'admin', permission: 'org:read' } },
    schema: { tags: ['organisations'], summary: 'List organisations, newest first',
      querystring: z.strictObject({ kind: OrgKind.optional(), q: z.string().max(100).optional(), limit: LimitQuery, cursor: CursorQuery }),
      response: { 200: page(OrganisationOut), ...errors } },
  }, async (req) => {
    const res = await listOrganisations(db, { kind: req.query.kind, search: req.query.q, limit: req.query.limit, before: decodeCursor(req.query.cursor, CreatedAtCursor) });
    return { items: res.items, nextCursor: res.next ? encodeCursor(res.next) : null };
  });

  app.post('/api/admin/organisations', {
    config: { access: { audience: 'admin', permission: 'org:manage' } },
    schema: { tags: ['organisations'], summary: 'Create a seller, delivery provider or payment provider organisation, optionally with its owner account',
      body: NewOrganisationBody, response: { 201: z.object({ organisation: OrganisationOut, owner: AccountOut.nullable() }), ...errors } },
  }, async (req, reply) => {
    const ctx = requestContext(req);
    const res = await db.transaction(async (tx) => {
      const created = await createOrganisation(tx, ctx, k, req.body);
      const owner = created.ownerAccountId ? await loadAccount(tx, k, created.ownerAccountId, operator, true) : null;
      return { organisation: created.organisation, owner };
    });
    reply.code(201);
    return res;
  });

  app.get('/api/admin/organisations/:id', {
    config: { access: { audience: 'admin', permission: 'org:read' } },
    schema: { tags: ['organisations'], summary: 'One organisation', params: IdParams, response: { 200: OrganisationOut, ...errors } },
  }, async (req) => getOrganisation(db, req.params.id));

  app.patch('/api/admin/organisations/:id', {
    config: { access: { audience: 'admin', permission: 'org:manage' } },
    schema: { tags: ['organisations'], summary: 'Rename, suspend or reactivate an organisation', params: IdParams, body: UpdateOrganisationBody,
      response: { 200: OrganisationOut, ...errors } },
  }, async (req) => db.transaction((tx) => updateOrganisation(tx, requestContext(req), req.params.id, req.body)));

  app.get('/api/admin/accounts', {
    config: { access: { audience: 'admin', permission: 'staff:read' } },
    schema: { tags: ['accounts'], summary: 'List accounts (personal data masked)',
      querystring: z.strictObject({ orgId: z.string().max(64).optional(), kind: z.enum(['staff', 'consumer']).optional(), limit: LimitQuery, cursor: CursorQuery }),
      response: { 200: page(AccountOut), ...errors } },
  }, async (req) => {
    const res = await listAccounts(db, k, operator, { orgId: req.query.orgId, kind: req.query.kind, limit: req.query.limit, before: decodeCursor(req.query.cursor, CreatedAtCursor) });
    return { items: res.items, nextCursor: res.next ? encodeCursor(res.next) : null };
  });

  app.post('/api/admin/accounts', {
    config: { access: { audience: 'admin', permission: 'staff:manage' } },
    schema: { tags: ['accounts'], summary: 'Create a staff account in any organisation', body: AdminNewStaffBody, response: { 201: AccountOut, ...errors } },
  }, async (req, reply) => {
    const { orgId, ...input } = req.body;
    const res = await db.transaction((tx) => createStaff(tx, requestContext(req), k, operator, orgId, input, actorOf(req).permissions));
    reply.code(201);
    return res;
  });

  app.get('/api/admin/accounts/:id', {
    config: { access: { audience: 'admin', permission: 'staff:read' } },
    schema: { tags: ['accounts'], summary: 'One account with personal data (the read is audited)', params: IdParams, response: { 200: AccountOut, ...errors } },
  }, async (req) => db.transaction((tx) => viewAccount(tx, requestContext(req), k, req.params.id, operator)));

  app.patch('/api/admin/accounts/:id', {
    config: { access: { audience: 'admin', permission: 'staff:manage' } },
    schema: { tags: ['accounts'], summary: 'Rename, disable or re-enable a staff account', params: IdParams, body: UpdateStaffBody, response: { 200: AccountOut, ...errors } },
  }, async (req) => db.transaction((tx) => updateStaff(tx, requestContext(req), k, operator, req.params.id, req.body)));

  app.put('/api/admin/accounts/:id/roles', {
    config: { access: { audience: 'admin', permission: 'staff:manage' } },
    schema: { tags: ['accounts'], summary: 'Replace a staff account\'s roles', params: IdParams, body: SetRolesBody, response: { 200: AccountOut, ...errors } },
  }, async (req) => db.transaction((tx) => setRoles(tx, requestContext(req), k, operator, req.params.id, req.body.roleIds, actorOf(req).permissions)));

  app.get('/api/admin/accounts/:id/sessions', {
    config: { access: { audience: 'admin', permission: 'staff:read' } },
    schema: { tags: ['accounts'], summary: 'Live sessions of an account', params: IdParams, response: { 200: z.object({ items: z.array(SessionOut) }), ...errors } },
  }, async (req) => {
    await loadAccount(db, k, req.params.id, operator, false);
    return { items: await listSessions(db, req.params.id, actorOf(req).sessionId) };
  });

  app.post('/api/admin/accounts/:id/sessions/revoke', {
    config: { access: { audience: 'admin', permission: 'staff:manage' } },
    schema: { tags: ['accounts'], summary: 'End every session of an account', params: IdParams,
      response: { 200: z.object({ revoked: z.number().int() }), ...errors } },
  }, async (req) => db.transaction(async (tx) => {
    await loadAccount(tx, k, req.params.id, operator, false);
    return { revoked: await revokeAllSessions(tx, requestContext(req), req.params.id) };
  }));

  app.delete('/api/admin/sessions/:id', {
    config: { access: { audience: 'admin', permission: 'staff:manage' } },
    schema: { tags: ['accounts'], summary: 'End anyone\'s session', params: IdParams, response: { 204: z.null(), ...errors } },
  }, async (req, reply) => {
    await db.transaction((tx) => revokeSession(tx, requestContext(req), req.params.id, null));
    return reply.code(204).send(null);
  });

  app.get('/api/admin/roles', {
    config: { access: { audience: 'admin', permission: 'staff:read' } },
    schema: { tags: ['roles'], summary: 'Predefined roles of every organisation kind and custom operator roles',
      querystring: z.strictObject({ orgKind: OrgKind.optional() }), response: { 200: z.object({ items: z.array(RoleOut) }), ...errors } },
  }, async (req) => ({ items: await listRoles(db, operator, req.query.orgKind) }));

  app.post('/api/admin/roles', {
    config: { access: { audience: 'admin', permission: 'role:manage' } },
    schema: { tags: ['roles'], summary: 'Create a custom operator role', body: NewRoleBody, response: { 201: RoleOut, ...errors } },
  }, async (req, reply) => {
    const ctx = requestContext(req);
    const res = await db.transaction(async (tx) => createRole(tx, ctx, operator, req.body, await ensurePlatformOrganisation(tx, ctx)));
    reply.code(201);
    return res;
  });

  app.patch('/api/admin/roles/:id', {
    config: { access: { audience: 'admin', permission: 'role:manage' } },
    schema: { tags: ['roles'], summary: 'Change a custom operator role', params: IdParams, body: UpdateRoleBody, response: { 200: RoleOut, ...errors } },
  }, async (req) => db.transaction((tx) => updateRole(tx, requestContext(req), operator, req.params.id, req.body)));

  app.get('/api/admin/permissions', {
    config: { access: { audience: 'admin', permission: 'staff:read' } },
    schema: { tags: ['roles'], summary: 'Every permission in Shiji', response: { 200: z.object({ items: z.array(PermissionOut) }), ...errors } },
  }, async () => ({ items: Object.entries(PERMISSIONS).map(([key, description]) => ({ key, description })) }));
};
