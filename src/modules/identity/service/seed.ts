import { recordAudit } from '@/platform/audit/index.js';
import type { Keyring } from '@/platform/crypto/index.js';
import type { Tx } from '@/platform/db/client.js';
import type { OrgKind, RequestContext } from '@/platform/http/auth.js';
import { accountRole } from '../schema.js';
import { countAccounts, insertAccount } from './accounts.js';
import { createOrganisation, ensurePlatformOrganisation, predefinedRoleId } from './orgs.js';
import { syncPredefinedRoles } from './roles.js';

export const DEMO_PASSWORD = 'shiji-demo';

/** The demo logins printed at start and listed in the README. */
export const DEMO_ACCOUNTS = [
  { email: 'admin@shiji.test', area: '/admin', what: '平台管理员 operator admin' },
  { email: 'seller1@shiji.test', area: '/seller', what: '山河茶社 店主 seller owner' },
  { email: 'seller2@shiji.test', area: '/seller', what: '青禾数码 店主 seller owner' },
  { email: 'courier@shiji.test', area: '/delivery', what: '速达配送 配送员 courier' },
  { email: 'consumer@shiji.test', area: '/', what: '消费者 consumer' },
] as const;

/** Start-up bootstrap, idempotent: predefined roles in sync and the platform organisation present. */
export async function bootstrapIdentity(tx: Tx, ctx: RequestContext): Promise<string> {
  await syncPredefinedRoles(tx);
  return ensurePlatformOrganisation(tx, ctx);
}

/** Creates an operator administrator (CLI `shiji admin create`, first deployment on PostgreSQL). */
export async function createPlatformAdmin(tx: Tx, ctx: RequestContext, k: Keyring, input: { email: string; phone?: string; displayName: string; password: string }) {
  const orgId = await bootstrapIdentity(tx, ctx);
  const id = await insertAccount(tx, k, { kind: 'staff', orgId, ...input });
  await tx.insert(accountRole).values({ accountId: id, roleId: await predefinedRoleId(tx, 'operator_admin'), grantedBy: ctx.actorId });
  await recordAudit(tx, ctx, { action: 'staff.created', resourceType: 'account', resourceId: id, changes: { orgId, email: input.email, roles: ['operator_admin'] } });
  return id;
}

/**
 * Demo organisations and accounts (password `shiji-demo`). Returns false without changes when any
 * account already exists, so it never touches a database in use.
 */
export async function seedDemoIdentity(tx: Tx, ctx: RequestContext, k: Keyring): Promise<boolean> {
  await bootstrapIdentity(tx, ctx);
  if ((await countAccounts(tx)) > 0) return false;
  await createPlatformAdmin(tx, ctx, k, { email: 'admin@shiji.test', phone: '13800000001', displayName: '王运营', password: DEMO_PASSWORD });
  const orgs: Array<{ kind: OrgKind; name: string; entityType: 'organisation' | 'individual'; owner?: { email: string; phone: string; displayName: string } }> = [
    { kind: 'seller', name: '山河茶社', entityType: 'organisation', owner: { email: 'seller1@shiji.test', phone: '13800000002', displayName: '李掌柜' } },
    { kind: 'seller', name: '青禾数码', entityType: 'organisation', owner: { email: 'seller2@shiji.test', phone: '13800000003', displayName: '陈店长' } },
    { kind: 'delivery', name: '速达配送', entityType: 'organisation' },
    { kind: 'payment', name: '安付支付', entityType: 'organisation' },
  ];
  let deliveryOrg = '';
  for (const o of orgs) {
    const res = await createOrganisation(tx, ctx, k, { kind: o.kind, entityType: o.entityType, name: o.name,
      ...(o.owner ? { owner: { ...o.owner, password: DEMO_PASSWORD } } : {}) } as never);
    if (o.kind === 'delivery') deliveryOrg = res.organisation.id;
  }
  const courier = await insertAccount(tx, k, { kind: 'staff', orgId: deliveryOrg, email: 'courier@shiji.test', phone: '13800000004', displayName: '赵师傅', password: DEMO_PASSWORD });
  await tx.insert(accountRole).values({ accountId: courier, roleId: await predefinedRoleId(tx, 'delivery_courier') });
  await recordAudit(tx, ctx, { action: 'staff.created', resourceType: 'account', resourceId: courier, changes: { orgId: deliveryOrg, roles: ['delivery_courier'] } });
  const consumer = await insertAccount(tx, k, { kind: 'consumer', orgId: null, email: 'consumer@shiji.test', phone: '13800000005', displayName: '张三', password: DEMO_PASSWORD });
  await recordAudit(tx, ctx, { action: 'consumer.registered', resourceType: 'account', resourceId: consumer, changes: { channel: 'demo seed' } });
  return true;
}
