import { z } from 'zod';
import { MoneyOut } from '@/modules/catalog/index.js';

const Day = z.iso.date().describe('YYYY-MM-DD, Asia/Shanghai');

export const GenerateStatementsBody = z.strictObject({
  sellerId: z.string().min(1).max(64).optional().describe('One seller; without it every seller with ledger activity in the period gets a statement'),
  from: Day.describe('First day of the period (Asia/Shanghai)'),
  to: Day.describe('Day after the period (exclusive, Asia/Shanghai); at most tomorrow: a period still running is settled up to 5 minutes before now'),
}).meta({ id: 'GenerateStatementsBody' });
export type GenerateStatementsBody = z.infer<typeof GenerateStatementsBody>;

export const StatementStatus = z.enum(['issued', 'paying', 'paid']);
export const PayoutStatus = z.enum(['awaiting_approval', 'processing', 'paid', 'failed', 'rejected']);

export const PayoutOut = z.object({
  id: z.string(), statementId: z.string(), sellerId: z.string(), amount: MoneyOut, status: PayoutStatus,
  payee: z.string().describe('Masked payee account, e.g. 6222 **** **** 1234'),
  requestedBy: z.string().nullable(), approvedBy: z.string().nullable().describe('The second finance user (payouts at or above the threshold)'),
  approvedAt: z.iso.datetime().nullable(), transferId: z.string().nullable().describe('The payment module\'s transfer'),
  failureReason: z.string().nullable().describe('Why the transfer failed or the payout was rejected'),
  paidAt: z.iso.datetime().nullable(), createdAt: z.iso.datetime(), updatedAt: z.iso.datetime(),
}).meta({ id: 'Payout' });
export type PayoutOut = z.infer<typeof PayoutOut>;

export const StatementOut = z.object({
  id: z.string(), sellerId: z.string(),
  periodFrom: z.string().describe('First day (Asia/Shanghai)'), periodTo: z.string().describe('Day after the last day (exclusive)'),
  coversFrom: z.iso.datetime().describe('First instant whose ledger entries count (later than periodFrom when an earlier same-day statement settled the day so far)'),
  coversTo: z.iso.datetime().describe('Instant up to which ledger entries count: the end of periodTo\'s eve, or for a period still running the issue time less 5 minutes'),
  sales: MoneyOut.describe('Goods sold, gross (before commission)'),
  deliveryFees: MoneyOut.describe('Delivery fees charged to consumers'),
  refunds: MoneyOut.describe('Refunds to consumers (goods and commission parts)'),
  commission: MoneyOut.describe('Platform commission, net of commission refunded'),
  deductions: MoneyOut.describe('Other deductions (e.g. advance-compensation recovery)'),
  net: MoneyOut.describe('Payable to the seller: sales + delivery fees − refunds − commission − deductions'),
  orders: z.number().int().describe('Orders paid in the period'),
  status: StatementStatus, createdBy: z.string().nullable(), createdAt: z.iso.datetime(), updatedAt: z.iso.datetime(),
  payouts: z.array(PayoutOut).describe('Payouts of this statement, newest first'),
}).meta({ id: 'SettlementStatement' });
export type StatementOut = z.infer<typeof StatementOut>;

export const GenerateStatementsOut = z.object({
  items: z.array(StatementOut).describe('Statements issued now'),
  skipped: z.array(z.object({ sellerId: z.string(), statementId: z.string(), reason: z.enum(['exists', 'overlaps']) }))
    .describe('Sellers (batch mode) whose statement for the period exists already or overlaps another'),
}).meta({ id: 'GenerateStatementsResult' });
export type GenerateStatementsOut = z.infer<typeof GenerateStatementsOut>;

export const PayoutBody = z.strictObject({
  payee: z.string().trim().min(4).max(100).describe('The seller\'s payee account as masked text, e.g. 6222 **** **** 1234 (full numbers are masked before storing)'),
}).meta({ id: 'PayoutBody' });
export type PayoutBody = z.infer<typeof PayoutBody>;

export const RejectPayoutBody = z.strictObject({ reason: z.string().trim().min(1, 'say why').max(500) }).meta({ id: 'RejectPayoutBody' });
