import { and, desc, eq, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Keyring } from '@/platform/crypto/index.js';
import type { Queryable, Tx } from '@/platform/db/client.js';
import { newId } from '@/platform/db/ids.js';
import type { OrgKind, RequestContext } from '@/platform/http/auth.js';
import { recordAudit } from '@/platform/audit/index.js';
import type { AccountOut } from '../contract.js';
import { AccountNotFound, CannotChangeSelf, LoginTaken, OrganisationNotFound, RoleNotAssignable } from '../errors.js';
import { account, accountRole, organisation, role, session } from '../schema.js';
import { checkPassword, decryptOrNull, emailIndex, hashPassword, maskEmail, maskPhone, normaliseEmail, normalisePhone, phoneIndex } from './common.js';

/**
 * Whose accounts a caller may see: the operator sees every organisation's; a platform user only its
 * own. Every staff read and write takes one, so tenant isolation (PL-IAM-04) cannot be forgotten.
 */
export type AccountScope = { kind: 'operator' } | { kind: 'tenant'; orgId: string };

type AccountRow = typeof account.$inferSelect;
type OrgRef = { id: string; kind: OrgKind; name: string } | null;
type RoleRefRow = { id: string; key: string; name: string; nameZh: string };

export function scopeCondition(scope: AccountScope): SQL | undefined {
  return scope.kind === 'tenant' ? eq(account.orgId, scope.orgId) : undefined;
}

async function rolesOf(q: Queryable, accountIds: string[]): Promise<Map<string, RoleRefRow[]>> {
  const map = new Map<string, RoleRefRow[]>();
  if (accountIds.length === 0) return map;
  const rows = await q.select({ accountId: accountRole.accountId, id: role.id, key: role.key, name: role.name, nameZh: role.nameZh })
    .from(accountRole).innerJoin(role, eq(role.id, accountRole.roleId))
    .where(inArray(accountRole.accountId, accountIds)).orderBy(role.key);
  for (const { accountId, ...r } of rows) map.set(accountId, [...(map.get(accountId) ?? []), r]);
  return map;
}

function toAccountOut(k: Keyring, row: AccountRow, org: OrgRef, roles: RoleRefRow[], reveal: boolean): AccountOut {
  const email = decryptOrNull(k, row.emailEnc, `${row.id}:email`);
  const phone = decryptOrNull(k, row.phoneEnc, `${row.id}:phone`);
  return {
    id: row.id, kind: row.kind, entityType: row.entityType, org,
    email: email && (reveal ? email : maskEmail(email)),
    phone: phone && (reveal ? phone : maskPhone(phone)),
    displayName: k.decrypt(row.displayNameEnc, `${row.id}:displayName`),
    status: row.status, totpEnabled: row.totpEnabled, roles,
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null, createdAt: row.createdAt.toISOString(),
  };
}

const orgRefCols = { id: organisation.id, kind: organisation.kind, name: organisation.name };

/** One account as its owner or an authorised viewer sees it; personal data unmasked only when reveal. */
export async function loadAccount(q: Queryable, k: Keyring, id: string, scope: AccountScope, reveal: boolean): Promise<AccountOut> {
  const [row] = await q.select({ a: account, org: orgRefCols }).from(account)
    .leftJoin(organisation, eq(organisation.id, account.orgId))
    .where(and(eq(account.id, id), scopeCondition(scope)));
  if (!row) throw new AccountNotFound(id);
  const roles = (await rolesOf(q, [id])).get(id) ?? [];
  return toAccountOut(k, row.a, row.org?.id ? row.org : null, roles, reveal);
}

/**
 * Reads one account with personal data unmasked for a staff viewer and records that read in the
 * audit trail (PL-PRV-09, PL-SEC-05).
 */
export async function viewAccount(tx: Tx, ctx: RequestContext, k: Keyring, id: string, scope: AccountScope): Promise<AccountOut> {
  const out = await loadAccount(tx, k, id, scope, true);
  if (ctx.actorId !== id) {
    await recordAudit(tx, ctx, { action: 'personal_data.viewed', resourceType: 'account', resourceId: id, changes: { fields: ['email', 'phone', 'displayName'] } });
  }
  return out;
}

export type AccountFilter = { orgId?: string | undefined; kind?: 'staff' | 'consumer' | undefined; limit: number; before?: { createdAt: string; id: string } | undefined };

/** Newest-first page of accounts within scope; personal data masked. */
export async function listAccounts(q: Queryable, k: Keyring, scope: AccountScope, f: AccountFilter) {
  const conds = [scopeCondition(scope), f.orgId ? eq(account.orgId, f.orgId) : undefined, f.kind ? eq(account.kind, f.kind) : undefined];
  if (f.before) {
    const at = new Date(f.before.createdAt);
    conds.push(or(lt(account.createdAt, at), and(eq(account.createdAt, at), lt(account.id, f.before.id))));
  }
  const rows = await q.select({ a: account, org: orgRefCols }).from(account)
    .leftJoin(organisation, eq(organisation.id, account.orgId))
    .where(and(...conds)).orderBy(desc(account.createdAt), desc(account.id)).limit(f.limit + 1);
  const pageRows = rows.slice(0, f.limit);
  const roles = await rolesOf(q, pageRows.map((r) => r.a.id));
  const items = pageRows.map((r) => toAccountOut(k, r.a, r.org?.id ? r.org : null, roles.get(r.a.id) ?? [], false));
  const last = pageRows[pageRows.length - 1];
  return { items, next: rows.length > f.limit && last ? { createdAt: last.a.createdAt.toISOString(), id: last.a.id } : null };
}

export type NewAccount = {
  kind: 'staff' | 'consumer';
  orgId: string | null;
  entityType?: 'organisation' | 'individual';
  email?: string | undefined;
  phone?: string | undefined;
  displayName: string;
  password: string;
};

/** Creates an account with encrypted personal data; refuses a taken email or phone (409) and weak passwords (422). */
export async function insertAccount(tx: Tx, k: Keyring, input: NewAccount): Promise<string> {
  checkPassword(input.password, [input.email?.split('@')[0] ?? '', input.phone ?? '', input.displayName]);
  const id = newId('acc');
  const email = input.email ? normaliseEmail(input.email) : undefined;
  const phone = input.phone ? normalisePhone(input.phone) : undefined;
  const emailIdx = email ? emailIndex(k, email) : null;
  const phoneIdx = phone ? phoneIndex(k, phone) : null;
  if (emailIdx) {
    const [taken] = await tx.select({ id: account.id }).from(account).where(eq(account.emailIdx, emailIdx));
    if (taken) throw new LoginTaken('email');
  }
  if (phoneIdx) {
    const [taken] = await tx.select({ id: account.id }).from(account).where(eq(account.phoneIdx, phoneIdx));
    if (taken) throw new LoginTaken('phone');
  }
  const inserted = await tx.insert(account).values({
    id, kind: input.kind, orgId: input.orgId, entityType: input.entityType ?? 'individual',
    emailEnc: email ? k.encrypt(email, `${id}:email`) : null, emailIdx,
    phoneEnc: phone ? k.encrypt(phone, `${id}:phone`) : null, phoneIdx,
    displayNameEnc: k.encrypt(input.displayName, `${id}:displayName`),
    passwordHash: await hashPassword(input.password),
  }).onConflictDoNothing().returning({ id: account.id });
  // A concurrent registration with the same login won the race.
  if (inserted.length === 0) throw new LoginTaken(email ? 'email' : 'phone');
  return id;
}

async function orgOf(q: Queryable, orgId: string) {
  const [org] = await q.select().from(organisation).where(eq(organisation.id, orgId));
  if (!org) throw new OrganisationNotFound(orgId);
  return org;
}

/**
 * Checks that every role can be held by staff of the organisation (a predefined role of its kind or a
 * custom role of that organisation) and that the granting actor holds every permission it grants.
 */
export async function assertAssignable(q: Queryable, orgId: string, roleIds: string[], granterPermissions: ReadonlySet<string> | null) {
  if (roleIds.length === 0) return [];
  const org = await orgOf(q, orgId);
  const unique = [...new Set(roleIds)];
  const rows = await q.select().from(role).where(and(inArray(role.id, unique),
    eq(role.orgKind, org.kind), or(isNull(role.orgId), eq(role.orgId, orgId))));
  const found = new Set(rows.map((r) => r.id));
  const missing = unique.filter((id) => !found.has(id));
  if (missing.length) throw new RoleNotAssignable(`Role ${missing.join(', ')} does not exist for a ${org.kind} organisation.`);
  if (granterPermissions) {
    for (const r of rows) {
      const extra = r.permissions.filter((p) => !granterPermissions.has(p));
      if (extra.length) throw new RoleNotAssignable(`You cannot grant role "${r.key}": it includes permissions you do not hold (${extra.join(', ')}).`);
    }
  }
  return rows;
}

export type StaffInput = { email: string; phone?: string | undefined; displayName: string; password: string; roleIds: string[] };

/** Creates a staff account in an organisation with the given roles, audited. */
export async function createStaff(tx: Tx, ctx: RequestContext, k: Keyring, scope: AccountScope, orgId: string,
  input: StaffInput, granterPermissions: ReadonlySet<string> | null): Promise<AccountOut> {
  if (scope.kind === 'tenant' && scope.orgId !== orgId) throw new OrganisationNotFound(orgId);
  const org = await orgOf(tx, orgId);
  const roles = await assertAssignable(tx, orgId, input.roleIds, granterPermissions);
  const id = await insertAccount(tx, k, { kind: 'staff', orgId: org.id, email: input.email, phone: input.phone,
    displayName: input.displayName, password: input.password });
  if (roles.length) await tx.insert(accountRole).values(roles.map((r) => ({ accountId: id, roleId: r.id, grantedBy: ctx.actorId })));
  await recordAudit(tx, ctx, { action: 'staff.created', resourceType: 'account', resourceId: id,
    changes: { orgId, email: input.email, phone: input.phone, displayName: input.displayName, roles: roles.map((r) => r.key) } });
  return loadAccount(tx, k, id, scope, true);
}

/** Replaces an account's roles (within scope and grant rules), audited with before and after. */
export async function setRoles(tx: Tx, ctx: RequestContext, k: Keyring, scope: AccountScope, accountId: string,
  roleIds: string[], granterPermissions: ReadonlySet<string> | null): Promise<AccountOut> {
  const [row] = await tx.select().from(account).where(and(eq(account.id, accountId), scopeCondition(scope))).for('update');
  if (!row || row.kind !== 'staff' || !row.orgId) throw new AccountNotFound(accountId);
  if (ctx.actorId === accountId) throw new CannotChangeSelf('You cannot change your own roles; ask another administrator.');
  const roles = await assertAssignable(tx, row.orgId, roleIds, granterPermissions);
  const before = (await rolesOf(tx, [accountId])).get(accountId) ?? [];
  await tx.delete(accountRole).where(eq(accountRole.accountId, accountId));
  if (roles.length) await tx.insert(accountRole).values(roles.map((r) => ({ accountId, roleId: r.id, grantedBy: ctx.actorId })));
  await recordAudit(tx, ctx, { action: 'staff.roles_changed', resourceType: 'account', resourceId: accountId,
    changes: { before: before.map((r) => r.key), after: roles.map((r) => r.key) } });
  return loadAccount(tx, k, accountId, scope, false);
}

/** Changes a staff account's name or status; disabling ends all its sessions at once. */
export async function updateStaff(tx: Tx, ctx: RequestContext, k: Keyring, scope: AccountScope, accountId: string,
  input: { displayName?: string | undefined; status?: 'active' | 'disabled' | undefined }): Promise<AccountOut> {
  const [row] = await tx.select().from(account).where(and(eq(account.id, accountId), scopeCondition(scope))).for('update');
  if (!row || row.kind !== 'staff') throw new AccountNotFound(accountId);
  if (input.status === 'disabled' && ctx.actorId === accountId) throw new CannotChangeSelf('You cannot disable your own account.');
  await tx.update(account).set({
    ...(input.displayName ? { displayNameEnc: k.encrypt(input.displayName, `${accountId}:displayName`) } : {}),
    ...(input.status ? { status: input.status } : {}),
    updatedAt: new Date(),
  }).where(eq(account.id, accountId));
  if (input.status === 'disabled') {
    await tx.update(session).set({ revokedAt: new Date(), revokedBy: ctx.actorId })
      .where(and(eq(session.accountId, accountId), isNull(session.revokedAt)));
  }
  await recordAudit(tx, ctx, { action: 'staff.updated', resourceType: 'account', resourceId: accountId,
    changes: { ...(input.displayName ? { displayName: input.displayName } : {}), ...(input.status ? { status: { from: row.status, to: input.status } } : {}) } });
  return loadAccount(tx, k, accountId, scope, false);
}

/** Counts accounts; used to decide whether the embedded demo database is still empty. */
export async function countAccounts(q: Queryable): Promise<number> {
  const [r] = await q.select({ n: sql<number>`count(*)::int` }).from(account);
  return r?.n ?? 0;
}
