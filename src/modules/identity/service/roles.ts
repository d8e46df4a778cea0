import { and, eq, isNull, or } from 'drizzle-orm';
import { recordAudit } from '@/platform/audit/index.js';
import type { Queryable, Tx } from '@/platform/db/client.js';
import { newId } from '@/platform/db/ids.js';
import type { OrgKind, RequestContext } from '@/platform/http/auth.js';
import type { NewRoleBody, RoleOut } from '../contract.js';
import { PredefinedRoleImmutable, RoleKeyTaken, RoleNotAssignable, RoleNotFound } from '../errors.js';
import { grantablePermissions, KNOWN_PERMISSIONS, PREDEFINED_ROLES } from '../permissions.js';
import { role } from '../schema.js';

type RoleRow = typeof role.$inferSelect;
const toOut = (r: RoleRow): RoleOut => ({ id: r.id, orgKind: r.orgKind, orgId: r.orgId, key: r.key, name: r.name, nameZh: r.nameZh,
  permissions: [...r.permissions].sort(), predefined: r.predefined });

/** Whose roles: the operator manages operator roles; a platform user its own custom roles. */
export type RoleScope = { kind: 'operator' } | { kind: 'tenant'; orgId: string; orgKind: OrgKind };

/**
 * Writes the predefined roles from code into the database (insert missing, update changed
 * permissions), so a release that adds a permission to a predefined role takes effect on start.
 */
export async function syncPredefinedRoles(tx: Tx): Promise<void> {
  const existing = new Map((await tx.select().from(role).where(isNull(role.orgId))).map((r) => [r.key, r]));
  for (const p of PREDEFINED_ROLES) {
    const cur = existing.get(p.key);
    if (!cur) {
      await tx.insert(role).values({ id: newId('role'), orgKind: p.orgKind, orgId: null, key: p.key, name: p.name, nameZh: p.nameZh,
        permissions: p.permissions, predefined: true });
    } else if (JSON.stringify([...cur.permissions].sort()) !== JSON.stringify([...p.permissions].sort()) || cur.name !== p.name || cur.nameZh !== p.nameZh) {
      await tx.update(role).set({ permissions: p.permissions, name: p.name, nameZh: p.nameZh, updatedAt: new Date() }).where(eq(role.id, cur.id));
    }
  }
}

/** Roles visible in scope: the operator sees all predefined and operator-custom roles; a tenant its kind's predefined roles and its own. */
export async function listRoles(q: Queryable, scope: RoleScope, orgKind?: OrgKind): Promise<RoleOut[]> {
  const where = scope.kind === 'tenant'
    ? and(eq(role.orgKind, scope.orgKind), or(isNull(role.orgId), eq(role.orgId, scope.orgId)))
    : and(orgKind ? eq(role.orgKind, orgKind) : undefined, or(isNull(role.orgId), eq(role.orgKind, 'platform')));
  const rs = await q.select().from(role).where(where).orderBy(role.orgKind, role.predefined, role.key);
  return rs.map(toOut);
}

function checkPermissions(kind: OrgKind, permissions: string[]): void {
  const unknown = permissions.filter((p) => !KNOWN_PERMISSIONS.has(p));
  if (unknown.length) throw new RoleNotAssignable(`Unknown permission(s): ${unknown.join(', ')}. See GET /api/admin/permissions.`);
  const allowed = grantablePermissions(kind);
  const extra = permissions.filter((p) => !allowed.has(p as never));
  if (extra.length) throw new RoleNotAssignable(`A ${kind} organisation's role cannot include: ${extra.join(', ')}.`);
}

/** Creates a custom role (operator roles for the operator, own-organisation roles for a tenant). */
export async function createRole(tx: Tx, ctx: RequestContext, scope: RoleScope, input: NewRoleBody, platformOrgId: string): Promise<RoleOut> {
  const orgKind: OrgKind = scope.kind === 'tenant' ? scope.orgKind : 'platform';
  const orgId = scope.kind === 'tenant' ? scope.orgId : platformOrgId;
  checkPermissions(orgKind, input.permissions);
  const [clash] = await tx.select({ id: role.id }).from(role).where(and(eq(role.key, input.key), or(isNull(role.orgId), eq(role.orgId, orgId))));
  if (clash) throw new RoleKeyTaken(input.key);
  const [r] = await tx.insert(role).values({ id: newId('role'), orgKind, orgId, key: input.key, name: input.name, nameZh: input.nameZh,
    permissions: [...new Set(input.permissions)], predefined: false }).returning();
  await recordAudit(tx, ctx, { action: 'role.created', resourceType: 'role', resourceId: r!.id, changes: { key: input.key, permissions: r!.permissions } });
  return toOut(r!);
}

/** Changes a custom role; predefined roles are immutable. */
export async function updateRole(tx: Tx, ctx: RequestContext, scope: RoleScope, id: string,
  input: { name?: string | undefined; nameZh?: string | undefined; permissions?: string[] | undefined }): Promise<RoleOut> {
  const [cur] = await tx.select().from(role).where(eq(role.id, id)).for('update');
  const visible = cur && (scope.kind === 'tenant' ? cur.orgId === scope.orgId || (cur.orgId === null && cur.orgKind === scope.orgKind) : cur.orgKind === 'platform' || cur.orgId === null);
  if (!cur || !visible) throw new RoleNotFound(id);
  if (cur.predefined) throw new PredefinedRoleImmutable();
  if (input.permissions) checkPermissions(cur.orgKind, input.permissions);
  const [r] = await tx.update(role).set({ ...input, ...(input.permissions ? { permissions: [...new Set(input.permissions)] } : {}), updatedAt: new Date() })
    .where(eq(role.id, id)).returning();
  await recordAudit(tx, ctx, { action: 'role.updated', resourceType: 'role', resourceId: id,
    changes: { ...(input.permissions ? { permissions: { from: cur.permissions, to: r!.permissions } } : {}), ...(input.name ? { name: input.name } : {}), ...(input.nameZh ? { nameZh: input.nameZh } : {}) } });
  return toOut(r!);
}
