import { z } from 'zod';
import { MoneyOut } from '@/modules/catalog/index.js';

/** Largest amount a setting accepts (fen): 10 billion yuan. */
export const MAX_FEN = 1_000_000_000_000;

const AccountKind = z.enum(['asset', 'liability', 'revenue', 'expense']);
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'use YYYY-MM, e.g. 2025-06');

export const AccountOut = z.object({
  code: z.string().describe('e.g. psp:psp_…, clearing:consumer, payable:seller:org_…, revenue:commission, payout:in_transit'),
  kind: AccountKind, name: z.string(), orgId: z.string().nullable().describe('The platform user whose account it is (sellers see their own)'),
  debits: MoneyOut.describe('Sum of all debit postings'), credits: MoneyOut.describe('Sum of all credit postings (positive)'),
  balance: MoneyOut.describe('On the account\'s normal side: debits − credits for assets and expenses, credits − debits for liabilities and revenue'),
  createdAt: z.iso.datetime(),
}).meta({ id: 'LedgerAccount' });
export type AccountOut = z.infer<typeof AccountOut>;

export const PostingOut = z.object({
  id: z.string(), account: z.string(), amount: MoneyOut.describe('Positive: debit; negative: credit'),
  memo: z.string().describe('What the line is for: goods, delivery_fee, commission, refund, commission_refund, payout…'),
  sellerId: z.string().nullable(), orderId: z.string().nullable(),
}).meta({ id: 'LedgerPosting' });
export type PostingOut = z.infer<typeof PostingOut>;

export const SourceOut = z.object({
  type: z.string().describe('order, payment, refund, transfer, payout, entry (a reversal\'s original)…'),
  id: z.string(),
  href: z.string().nullable().describe('Where the source document is shown in the web app, when it has a screen'),
}).meta({ id: 'LedgerSource' });

export const EntryOut = z.object({
  id: z.string(), kind: z.string().describe('e.g. payment.succeeded, order.paid, order.refund, payout.initiated, <kind>.reversal'),
  source: SourceOut, memo: z.string(), reversalOf: z.string().nullable(), reversedBy: z.string().nullable(),
  createdBy: z.string().nullable(), occurredAt: z.iso.datetime(), postings: z.array(PostingOut),
}).meta({ id: 'LedgerEntry' });
export type EntryOut = z.infer<typeof EntryOut>;

export const EntryQuery = z.strictObject({
  account: z.string().max(120).optional().describe('Only entries with a posting on this account'),
  sellerId: z.string().max(64).optional().describe('Only entries with a posting concerning this seller'),
  sourceType: z.string().max(40).optional(), sourceId: z.string().max(64).optional(),
  kind: z.string().max(80).optional(),
  from: z.iso.datetime({ offset: true }).optional().describe('Occurred at or after'),
  to: z.iso.datetime({ offset: true }).optional().describe('Occurred before'),
});

export const TrialBalanceRow = z.object({
  account: z.string(), kind: AccountKind, name: z.string(), debits: MoneyOut, credits: MoneyOut,
  net: MoneyOut.describe('debits − credits'), balance: MoneyOut.describe('On the account\'s normal side'),
}).meta({ id: 'TrialBalanceRow' });
export const TrialBalanceOut = z.object({
  asOf: z.iso.datetime().nullable().describe('Postings before this moment; null: all'),
  rows: z.array(TrialBalanceRow),
  total: z.object({ debits: MoneyOut, credits: MoneyOut, net: MoneyOut.describe('Always 0 in a sound ledger') }),
  balanced: z.boolean(),
}).meta({ id: 'TrialBalance' });
export type TrialBalanceOut = z.infer<typeof TrialBalanceOut>;

export const IntegrityOut = z.object({
  ok: z.boolean(),
  checkedAt: z.iso.datetime(),
  entries: z.number().int(), postings: z.number().int(),
  grandTotal: MoneyOut.describe('Sum of every posting; must be 0'),
  unbalancedEntries: z.array(z.object({ entryId: z.string(), sum: z.number().int(), postings: z.number().int() }))
    .describe('Entries whose postings do not sum to zero or that have fewer than two postings (at most 100 listed)'),
  orphanPostings: z.number().int().describe('Postings whose entry does not exist'),
  problems: z.array(z.string()).describe('What is wrong, in words'),
}).meta({ id: 'LedgerIntegrity' });
export type IntegrityOut = z.infer<typeof IntegrityOut>;

export const CommissionRateOut = z.object({
  id: z.string(), scope: z.enum(['default', 'category', 'seller']), scopeId: z.string().describe('Category or seller id; empty for the default'),
  rateBp: z.number().int().describe('Basis points: 500 = 5%'), updatedBy: z.string().nullable(), createdAt: z.iso.datetime(), updatedAt: z.iso.datetime(),
}).meta({ id: 'CommissionRate' });
export type CommissionRateOut = z.infer<typeof CommissionRateOut>;

const RateBp = z.number().int().min(0).max(10_000).describe('Basis points from 0 to 10000 (100%)');
export const CommissionRateBody = z.strictObject({
  scope: z.enum(['category', 'seller']).describe('The default rate exists already: change it with PATCH'),
  scopeId: z.string().min(1).max(64).describe('Category id (ctg_…) or seller organisation id (org_…)'),
  rateBp: RateBp,
}).meta({ id: 'CommissionRateBody' });
export type CommissionRateBody = z.infer<typeof CommissionRateBody>;
export const UpdateCommissionRateBody = z.strictObject({ rateBp: RateBp }).meta({ id: 'UpdateCommissionRateBody' });

export const CommissionRateQuery = z.strictObject({
  scope: z.enum(['default', 'category', 'seller']).optional(), scopeId: z.string().max(64).optional(),
});

export const MonthParams = z.strictObject({ month: Month });
export const ClosedPeriodOut = z.object({ month: z.string(), closedBy: z.string().nullable(), closedAt: z.iso.datetime() }).meta({ id: 'ClosedPeriod' });
export type ClosedPeriodOut = z.infer<typeof ClosedPeriodOut>;

export const FinanceSettingsOut = z.object({
  payoutApprovalThreshold: MoneyOut.describe('Payouts of this amount or more need a second finance approver'),
  updatedBy: z.string().nullable(), updatedAt: z.iso.datetime(),
}).meta({ id: 'FinanceSettings' });
export type FinanceSettingsOut = z.infer<typeof FinanceSettingsOut>;
export const FinanceSettingsBody = z.strictObject({
  payoutApprovalThreshold: z.number().int().min(0).max(MAX_FEN).describe('Fen; 0 makes every payout need a second approver'),
}).meta({ id: 'FinanceSettingsBody' });
export type FinanceSettingsBody = z.infer<typeof FinanceSettingsBody>;

export const SellerBalanceOut = z.object({
  account: z.string(),
  balance: MoneyOut.describe('What the platform owes the seller now (payable account balance)'),
  earned: MoneyOut.describe('Credits to the payable account: sales net of commission, delivery fees, reversed payouts'),
  deducted: MoneyOut.describe('Debits: refunds and payouts'),
}).meta({ id: 'SellerBalance' });
export type SellerBalanceOut = z.infer<typeof SellerBalanceOut>;
