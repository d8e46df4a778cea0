import { sql } from 'drizzle-orm';
import { boolean, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

const ts = () => timestamp({ withTimezone: true, mode: 'date' });
const created = () => ts().notNull().defaultNow();

/**
 * A consumer's delivery addresses. Recipient, phone and street address are personal data, stored
 * AES-GCM encrypted (PL-SEC-03); the region (province / city / district names and code) is kept in
 * clear because stock allocation and delivery-fee rules need it.
 */
export const address = pgTable('consumer_address', {
  id: text().primaryKey(),
  accountId: text().notNull(),
  recipientEnc: text().notNull(),
  phoneEnc: text().notNull(),
  detailEnc: text().notNull(),
  regionCode: text().notNull().default(''),
  province: text().notNull(),
  city: text().notNull(),
  district: text().notNull().default(''),
  label: text().notNull().default(''),
  isDefault: boolean().notNull().default(false),
  deletedAt: ts(),
  createdAt: created(),
  updatedAt: created(),
}, (t) => [index().on(t.accountId, t.createdAt).where(sql`${t.deletedAt} is null`)]);
