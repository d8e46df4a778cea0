import { and, desc, eq, inArray, isNull, lt, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { recordAudit } from '@/platform/audit/index.js';
import type { Keyring } from '@/platform/crypto/index.js';
import { containsPattern, type Queryable, type Tx } from '@/platform/db/client.js';
import { newId } from '@/platform/db/ids.js';
import type { OrgKind, RequestContext } from '@/platform/http/auth.js';
import type { NewOrganisationBody, OrganisationOut } from '../contract.js';
import { InvalidEntityType, OrganisationNotFound } from '../errors.js';
import { account, accountRole, organisation, role, session } from '../schema.js';
import { insertAccount } from './accounts.js';
import { publicDataChanged } from '@/platform/cache/public-cache.js';

type OrgRow = typeof organisation.$inferSelect;
const toOut = (o: OrgRow): OrganisationOut => ({ ...o, createdAt: o.createdAt.toISOString(), updatedAt: o.updatedAt.toISOString() });

/** Entity types allowed per organisation kind (PL-IAM-01, A-11): payment providers must be organisations. */
export const ALLOWED_ENTITY_TYPES: Record<OrgKind, ReadonlyArray<'organisation' | 'individual'>> = {
  platform: ['organisation'], seller: ['organisation', 'individual'], delivery: ['organisation', 'individual'], payment: ['organisation'],
};

/** The predefined role a new organisation's first staff account receives. */
export const OWNER_ROLE: Record<OrgKind, string> = {
  platform: 'operator_admin', seller: 'seller_owner', delivery: 'delivery_dispatcher', payment: 'payment_admin',
};

export async function predefinedRoleId(q: Queryable, key: string): Promise<string> {
  const [r] = await q.select({ id: role.id }).from(role).where(and(eq(role.key, key), isNull(role.orgId)));
  if (!r) throw new Error(`predefined role ${key} is missing: run migrations/seed`);
  return r.id;
}

/**
 * Creates a platform-user organisation (seller, delivery or payment provider) and optionally its first
 * staff account with the kind's owner role, in the caller's transaction, audited.
 */
export async function createOrganisation(tx: Tx, ctx: RequestContext, k: Keyring, input: NewOrganisationBody & { kind: OrgKind }) {
  if (!ALLOWED_ENTITY_TYPES[input.kind].includes(input.entityType)) {
    throw new InvalidEntityType(`A ${input.kind} organisation cannot be registered as "${input.entityType}"; allowed: ${ALLOWED_ENTITY_TYPES[input.kind].join(', ')}.`);
  }
  const id = newId('org');
  const [org] = await tx.insert(organisation).values({ id, kind: input.kind, entityType: input.entityType, name: input.name }).returning();
  await recordAudit(tx, ctx, { action: 'org.created', resourceType: 'organisation', resourceId: id,
    changes: { kind: input.kind, entityType: input.entityType, name: input.name } });
  let ownerId: string | null = null;
  if (input.owner) {
    ownerId = await insertAccount(tx, k, { kind: 'staff', orgId: id, ...input.owner });
    await tx.insert(accountRole).values({ accountId: ownerId, roleId: await predefinedRoleId(tx, OWNER_ROLE[input.kind]), grantedBy: ctx.actorId });
    await recordAudit(tx, ctx, { action: 'staff.created', resourceType: 'account', resourceId: ownerId,
      changes: { orgId: id, email: input.owner.email, phone: input.owner.phone, displayName: input.owner.displayName, roles: [OWNER_ROLE[input.kind]] } });
  }
  return { organisation: toOut(org!), ownerAccountId: ownerId };
}

export async function getOrganisation(q: Queryable, id: string): Promise<OrganisationOut> {
  const [o] = await q.select().from(organisation).where(eq(organisation.id, id));
  if (!o) throw new OrganisationNotFound(id);
  return toOut(o);
}

export async function listOrganisations(q: Queryable, f: { kind?: OrgKind | undefined; search?: string | undefined; limit: number;
  before?: { createdAt: string; id: string } | undefined }) {
  const conds = [f.kind ? eq(organisation.kind, f.kind) : undefined,
    f.search ? sql`${organisation.name} ilike ${containsPattern(f.search)}` : undefined];
  if (f.before) {
    const at = new Date(f.before.createdAt);
    conds.push(or(lt(organisation.createdAt, at), and(eq(organisation.createdAt, at), lt(organisation.id, f.before.id))));
  }
  const rs = await q.select().from(organisation).where(and(...conds)).orderBy(desc(organisation.createdAt), desc(organisation.id)).limit(f.limit + 1);
  const items = rs.slice(0, f.limit).map(toOut);
  const last = items[items.length - 1];
  return { items, next: rs.length > f.limit && last ? { createdAt: last.createdAt, id: last.id } : null };
}

/** Renames or suspends an organisation; suspension ends its staff sessions and blocks their sign-in. */
export async function updateOrganisation(tx: Tx, ctx: RequestContext, id: string, input: { name?: string | undefined; status?: 'active' | 'suspended' | undefined }) {
  const [before] = await tx.select().from(organisation).where(eq(organisation.id, id)).for('update');
  if (!before) throw new OrganisationNotFound(id);
  if (before.kind === 'platform' && input.status === 'suspended') throw new InvalidEntityType('The platform operator organisation cannot be suspended.');
  const [after] = await tx.update(organisation).set({ ...input, updatedAt: new Date() }).where(eq(organisation.id, id)).returning();
  if (input.status === 'suspended' && before.status !== 'suspended') {
    await tx.update(session).set({ revokedAt: new Date(), revokedBy: ctx.actorId })
      .where(and(isNull(session.revokedAt), sql`${session.accountId} in (select ${account.id} from ${account} where ${account.orgId} = ${id})`));
  }
  publicDataChanged(tx);
  await recordAudit(tx, ctx, { action: 'org.updated', resourceType: 'organisation', resourceId: id,
    changes: Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined).map(([key, v]) => [key, { from: before[key as 'name' | 'status'], to: v }])) });
  return toOut(after!);
}

/** The single platform-operator organisation, created on first use. */
export async function ensurePlatformOrganisation(tx: Tx, ctx: RequestContext, name = '市集平台运营中心'): Promise<string> {
  const [existing] = await tx.select({ id: organisation.id }).from(organisation).where(eq(organisation.kind, 'platform')).limit(1);
  if (existing) return existing.id;
  const id = newId('org');
  await tx.insert(organisation).values({ id, kind: 'platform', entityType: 'organisation', name });
  await recordAudit(tx, ctx, { action: 'org.created', resourceType: 'organisation', resourceId: id, changes: { kind: 'platform', name } });
  return id;
}

/** Names and status of organisations by id (other modules show seller names without reading identity tables). */
export async function organisationNames(q: Queryable, ids: readonly string[]): Promise<Map<string, { name: string; status: 'active' | 'suspended'; kind: OrgKind }>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rs = await q.select({ id: organisation.id, name: organisation.name, status: organisation.status, kind: organisation.kind })
    .from(organisation).where(inArray(organisation.id, unique));
  return new Map(rs.map((r) => [r.id, { name: r.name, status: r.status, kind: r.kind }]));
}

/**
 * SQL condition "the organisation in this column is active", for other modules' queries that must
 * hide a suspended seller's records (e.g. storefront listings, PL-CAT-01) without knowing identity's tables.
 */
export function organisationActiveSql(orgIdColumn: SQL | AnyColumn): SQL {
  return sql`not exists (select 1 from ${organisation} where ${organisation.id} = ${orgIdColumn} and ${organisation.status} = 'suspended')`;
}

/** SQL expression: the name of the organisation in this column (null when there is none), for other modules' queries that show seller names. */
export function organisationNameSql(orgIdColumn: SQL | AnyColumn): SQL<string | null> {
  // Nested SQL keeps the columns qualified: drizzle drops table names at the top level of a single-table select list.
  return sql<string | null>`(${sql`select ${organisation.name} from ${organisation} where ${organisation.id} = ${orgIdColumn}`})`;
}
