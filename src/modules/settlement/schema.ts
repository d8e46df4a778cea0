import { sql } from 'drizzle-orm';
import { bigint, date, index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const ts = () => timestamp({ withTimezone: true, mode: 'date' });
const created = () => ts().notNull().defaultNow();
const fen = () => bigint({ mode: 'number' });

/**
 * A seller's settlement statement for a period (PL-FIN-03), computed from the ledger: sales, delivery
 * fees, refunds, commission, deductions and the net amount payable. Figures never change once issued.
 */
export const statement = pgTable('settlement_statement', {
  id: text().primaryKey(),
  sellerId: text().notNull(),
  periodFrom: date({ mode: 'string' }).notNull(),
  periodTo: date({ mode: 'string' }).notNull(),
  sales: fen().notNull(),
  deliveryFees: fen().notNull(),
  refunds: fen().notNull(),
  commission: fen().notNull(),
  deductions: fen().notNull().default(0),
  net: fen().notNull(),
  orders: bigint({ mode: 'number' }).notNull().default(0),
  status: text().$type<'issued' | 'paying' | 'paid'>().notNull().default('issued'),
  createdBy: text(),
  createdAt: created(),
  updatedAt: created(),
}, (t) => [uniqueIndex().on(t.sellerId, t.periodFrom, t.periodTo), index().on(t.status, t.createdAt)]);

/**
 * A payout of a statement through the payment provider, tracked to completion (PL-FIN-03). Above the
 * finance threshold it needs a second approver different from the requester (MS-FIN-02).
 */
export const payout = pgTable('settlement_payout', {
  id: text().primaryKey(),
  statementId: text().notNull().references(() => statement.id),
  sellerId: text().notNull(),
  amount: fen().notNull(),
  currency: text().notNull().default('CNY'),
  status: text().$type<'awaiting_approval' | 'processing' | 'paid' | 'failed' | 'rejected'>().notNull(),
  requestedBy: text(),
  approvedBy: text(),
  approvedAt: ts(),
  transferId: text(),
  failureReason: text(),
  paidAt: ts(),
  createdAt: created(),
  updatedAt: created(),
}, (t) => [
  index().on(t.sellerId, t.createdAt),
  index().on(t.status, t.createdAt),
  uniqueIndex('settlement_payout_one_active').on(t.statementId).where(sql`${t.status} in ('awaiting_approval', 'processing', 'paid')`),
]);
