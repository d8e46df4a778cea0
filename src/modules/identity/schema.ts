import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const ts = () => timestamp({ withTimezone: true, mode: 'date' });
const created = () => ts().notNull().defaultNow();

/** Organisations (PL-IAM-01): the platform operator, sellers, delivery and payment service providers. */
export const organisation = pgTable('identity_organisation', {
  id: text().primaryKey(),
  kind: text().$type<'platform' | 'seller' | 'delivery' | 'payment'>().notNull(),
  entityType: text().$type<'organisation' | 'individual'>().notNull(),
  name: text().notNull(),
  status: text().$type<'active' | 'suspended'>().notNull().default('active'),
  createdAt: created(),
  updatedAt: created(),
}, (t) => [index().on(t.kind, t.createdAt)]);

/**
 * Accounts: staff of an organisation, or consumers (org_id null). Email, phone and name are personal
 * data: stored AES-GCM encrypted (`*_enc`), looked up by HMAC blind index (`*_idx`) (PL-SEC-03).
 */
export const account = pgTable('identity_account', {
  id: text().primaryKey(),
  orgId: text().references(() => organisation.id),
  kind: text().$type<'staff' | 'consumer'>().notNull(),
  entityType: text().$type<'organisation' | 'individual'>().notNull().default('individual'),
  emailEnc: text(),
  emailIdx: text(),
  phoneEnc: text(),
  phoneIdx: text(),
  displayNameEnc: text().notNull(),
  passwordHash: text().notNull(),
  status: text().$type<'active' | 'disabled'>().notNull().default('active'),
  totpSecretEnc: text(),
  totpEnabled: boolean().notNull().default(false),
  totpLastStep: integer(),
  passwordChangedAt: created(),
  lastLoginAt: ts(),
  createdAt: created(),
  updatedAt: created(),
}, (t) => [
  uniqueIndex().on(t.emailIdx),
  uniqueIndex().on(t.phoneIdx),
  index().on(t.orgId, t.createdAt),
  index().on(t.kind, t.createdAt),
]);

/** Roles bundle permissions. Predefined roles have org_id null; custom roles belong to one organisation. */
export const role = pgTable('identity_role', {
  id: text().primaryKey(),
  orgKind: text().$type<'platform' | 'seller' | 'delivery' | 'payment'>().notNull(),
  orgId: text().references(() => organisation.id),
  key: text().notNull(),
  name: text().notNull(),
  nameZh: text().notNull(),
  permissions: jsonb().$type<string[]>().notNull(),
  predefined: boolean().notNull().default(false),
  createdAt: created(),
  updatedAt: created(),
}, (t) => [
  uniqueIndex('identity_role_predefined_key').on(t.key).where(sql`${t.orgId} is null`),
  uniqueIndex('identity_role_org_key').on(t.orgId, t.key).where(sql`${t.orgId} is not null`),
]);

export const accountRole = pgTable('identity_account_role', {
  accountId: text().notNull().references(() => account.id),
  roleId: text().notNull().references(() => role.id),
  grantedBy: text(),
  createdAt: created(),
}, (t) => [primaryKey({ columns: [t.accountId, t.roleId] }), index().on(t.roleId)]);

/** Sessions: only a hash of the opaque token is stored; idle and absolute expiry; revocable. */
export const session = pgTable('identity_session', {
  id: text().primaryKey(),
  tokenHash: text().notNull().unique(),
  accountId: text().notNull().references(() => account.id),
  createdAt: created(),
  lastSeenAt: created(),
  idleExpiresAt: ts().notNull(),
  absoluteExpiresAt: ts().notNull(),
  revokedAt: ts(),
  revokedBy: text(),
  ip: text(),
  userAgent: text(),
}, (t) => [index().on(t.accountId, t.createdAt)]);

/**
 * Failed-login counters per login identifier (blind-indexed, so unknown and known accounts are
 * treated alike) and per client IP, with temporary lockout (PL-IAM-02).
 */
export const loginThrottle = pgTable('identity_login_throttle', {
  key: text().primaryKey(),
  failures: integer().notNull(),
  windowStartedAt: ts().notNull(),
  lockedUntil: ts(),
});
