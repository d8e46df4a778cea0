import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Platform } from '@/platform/platform.js';
import { actorOf, requestContext, tenantOf, type TenantScope } from '@/platform/http/auth.js';
import { CreatedAtCursor, CursorQuery, IdParams, LimitQuery, decodeCursor, encodeCursor, page } from '@/platform/http/pagination.js';
import { problemResponses } from '@/platform/http/problem.js';
import { AccountOut, NewRoleBody, NewStaffBody, OrganisationOut, RoleOut, SetRolesBody, UpdateRoleBody, UpdateStaffBody } from '../contract.js';
import { createRole, createStaff, getOrganisation, listAccounts, listRoles, setRoles, updateRole, updateStaff, viewAccount,
  type AccountScope, type RoleScope } from '../service.js';

const errors = problemResponses;

const accountScope = (t: TenantScope): AccountScope => ({ kind: 'tenant', orgId: t.orgId });
const roleScope = (t: TenantScope): RoleScope => ({ kind: 'tenant', orgId: t.orgId, orgKind: t.orgKind });

/**
 * A platform user's own organisation (seller, delivery or payment provider): profile, staff
 * sub-accounts and their roles (PL-IAM-03). Every route is scoped to the caller's organisation.
 */
export const orgRoutes: FastifyPluginAsyncZod<{ platform: Platform }> = async (app, { platform }) => {
  const k = platform.keyring;
  const db = platform.db;
  const tags = ['my organisation'];

  app.get('/api/org', {
    config: { access: { audience: 'org', permission: 'own_org:read' } },
    schema: { tags, summary: 'Own organisation', response: { 200: OrganisationOut, ...errors } },
  }, async (req) => getOrganisation(db, tenantOf(req).orgId));

  app.get('/api/org/staff', {
    config: { access: { audience: 'org', permission: 'own_staff:read' } },
    schema: { tags, summary: 'Own staff accounts (personal data masked)', querystring: z.strictObject({ limit: LimitQuery, cursor: CursorQuery }),
      response: { 200: page(AccountOut), ...errors } },
  }, async (req) => {
    const res = await listAccounts(db, k, accountScope(tenantOf(req)), { limit: req.query.limit, before: decodeCursor(req.query.cursor, CreatedAtCursor) });
    return { items: res.items, nextCursor: res.next ? encodeCursor(res.next) : null };
  });

  app.post('/api/org/staff', {
    config: { access: { audience: 'org', permission: 'own_staff:manage' } },
    schema: { tags, summary: 'Create a staff sub-account', body: NewStaffBody, response: { 201: AccountOut, ...errors } },
  }, async (req, reply) => {
    const t = tenantOf(req);
    const res = await db.transaction((tx) => createStaff(tx, requestContext(req), k, accountScope(t), t.orgId, req.body, actorOf(req).permissions));
    reply.code(201);
    return res;
  });

  app.get('/api/org/staff/:id', {
    config: { access: { audience: 'org', permission: 'own_staff:read' } },
    schema: { tags, summary: 'One own staff account (the read is audited)', params: IdParams, response: { 200: AccountOut, ...errors } },
  }, async (req) => db.transaction((tx) => viewAccount(tx, requestContext(req), k, req.params.id, accountScope(tenantOf(req)))));

  app.patch('/api/org/staff/:id', {
    config: { access: { audience: 'org', permission: 'own_staff:manage' } },
    schema: { tags, summary: 'Rename, disable or re-enable own staff', params: IdParams, body: UpdateStaffBody, response: { 200: AccountOut, ...errors } },
  }, async (req) => db.transaction((tx) => updateStaff(tx, requestContext(req), k, accountScope(tenantOf(req)), req.params.id, req.body)));

  app.put('/api/org/staff/:id/roles', {
    config: { access: { audience: 'org', permission: 'own_staff:manage' } },
    schema: { tags, summary: 'Replace own staff\'s roles (only roles whose permissions you hold)', params: IdParams, body: SetRolesBody,
      response: { 200: AccountOut, ...errors } },
  }, async (req) => db.transaction((tx) =>
    setRoles(tx, requestContext(req), k, accountScope(tenantOf(req)), req.params.id, req.body.roleIds, actorOf(req).permissions)));

  app.get('/api/org/roles', {
    config: { access: { audience: 'org', permission: 'own_staff:read' } },
    schema: { tags, summary: 'Roles available to own staff', response: { 200: z.object({ items: z.array(RoleOut) }), ...errors } },
  }, async (req) => ({ items: await listRoles(db, roleScope(tenantOf(req))) }));

  app.post('/api/org/roles', {
    config: { access: { audience: 'org', permission: 'own_staff:manage' } },
    schema: { tags, summary: 'Create a custom role for own staff', body: NewRoleBody, response: { 201: RoleOut, ...errors } },
  }, async (req, reply) => {
    const t = tenantOf(req);
    const res = await db.transaction((tx) => createRole(tx, requestContext(req), roleScope(t), req.body, t.orgId));
    reply.code(201);
    return res;
  });

  app.patch('/api/org/roles/:id', {
    config: { access: { audience: 'org', permission: 'own_staff:manage' } },
    schema: { tags, summary: 'Change a custom role of own organisation', params: IdParams, body: UpdateRoleBody, response: { 200: RoleOut, ...errors } },
  }, async (req) => db.transaction((tx) => updateRole(tx, requestContext(req), roleScope(tenantOf(req)), req.params.id, req.body)));
};
