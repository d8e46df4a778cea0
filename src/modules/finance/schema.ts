import { sql } from 'drizzle-orm';
import { bigint, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const ts = () => timestamp({ withTimezone: true, mode: 'date' });
const created = () => ts().notNull().defaultNow();
const fen = () => bigint({ mode: 'number' });

/**
 * Ledger accounts (PL-FIN-02). Codes are structured: `psp:<providerId>` (cash held at a payment
 * provider), `clearing:consumer`, `payable:seller:<orgId>`, `revenue:commission`, `payout:in_transit`…
 * `orgId` says which platform user may see the account.
 */
export const ledgerAccount = pgTable('finance_account', {
  code: text().primaryKey(),
  kind: text().$type<'asset' | 'liability' | 'revenue' | 'expense'>().notNull(),
  name: text().notNull(),
  orgId: text(),
  createdAt: created(),
}, (t) => [index().on(t.orgId)]);

/**
 * A journal entry: postings that sum to zero, linked to the source document that caused it. Entries
 * and postings are append-only (triggers refuse UPDATE and DELETE; corrections are reversal entries)
 * and a deferred trigger refuses to commit an entry whose postings do not balance (MS-FIN-02).
 */
export const journalEntry = pgTable('finance_entry', {
  id: text().primaryKey(),
  /** What caused it, e.g. `payment:succeeded`, `order:paid`, `refund:succeeded`, `payout:paid`. */
  kind: text().notNull(),
  sourceType: text().notNull(),
  sourceId: text().notNull(),
  memo: text().notNull().default(''),
  reversalOf: text(),
  createdBy: text(),
  occurredAt: created(),
}, (t) => [
  uniqueIndex().on(t.kind, t.sourceType, t.sourceId),
  index().on(t.sourceType, t.sourceId),
  index().on(t.occurredAt),
]);

/** One line of an entry: positive is a debit, negative a credit (fen). */
export const posting = pgTable('finance_posting', {
  id: text().primaryKey(),
  entryId: text().notNull().references(() => journalEntry.id),
  accountCode: text().notNull().references(() => ledgerAccount.code),
  amount: fen().notNull(),
  currency: text().notNull().default('CNY'),
  /** What the line is for within its entry: goods, delivery_fee, commission, refund, payout… (statements group by it). */
  memo: text().notNull().default(''),
  /** The seller the posting concerns, for per-seller statements without parsing account codes. */
  sellerId: text(),
  orderId: text(),
  occurredAt: created(),
}, (t) => [
  index().on(t.entryId),
  index().on(t.accountCode, t.occurredAt),
  index().on(t.sellerId, t.occurredAt).where(sql`${t.sellerId} is not null`),
]);

/** Platform commission rates in basis points: by seller, by category, or the default (PL-FIN-02). */
export const commissionRate = pgTable('finance_commission_rate', {
  id: text().primaryKey(),
  scope: text().$type<'default' | 'category' | 'seller'>().notNull(),
  scopeId: text().notNull().default(''),
  rateBp: integer().notNull(),
  updatedBy: text(),
  createdAt: created(),
  updatedAt: created(),
}, (t) => [uniqueIndex().on(t.scope, t.scopeId)]);

/** Closed accounting periods: no entry may be dated inside one (PL-FIN-02). */
export const closedPeriod = pgTable('finance_closed_period', {
  month: text().primaryKey(),
  closedBy: text(),
  closedAt: created(),
});

/** Finance settings: payout second-approval threshold (MS-FIN-02). One row, key 'default'. */
export const financeSettings = pgTable('finance_settings', {
  key: text().primaryKey(),
  payoutApprovalThreshold: fen().notNull(),
  updatedBy: text(),
  updatedAt: created(),
});

