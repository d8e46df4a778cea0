import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const ts = () => timestamp({ withTimezone: true, mode: 'date' });
const created = () => ts().notNull().defaultNow();
const fen = () => bigint({ mode: 'number' });

/**
 * Payment service providers plugged in through an adapter (PL-INT-03). `code` names the adapter and
 * the webhook path (`/api/webhooks/payments/:code`). Credentials (API keys, webhook secret) are stored
 * encrypted and never returned (PL-PAY-03, PL-PAY-08).
 */
export const provider = pgTable('payment_provider', {
  id: text().primaryKey(),
  code: text().notNull(),
  name: text().notNull(),
  orgId: text(),
  status: text().$type<'active' | 'suspended'>().notNull().default('active'),
  /** Qualification filing state of the provider (PL-SEL-04); only 'approved' providers are offered. */
  qualification: text().$type<'pending' | 'approved' | 'expired' | 'rejected'>().notNull().default('pending'),
  credentialsEnc: text().notNull(),
  credentialsRotatedAt: ts(),
  createdAt: created(),
  updatedAt: created(),
}, (t) => [uniqueIndex().on(t.code)]);

/** Contract with a payment provider (PL-PAY-01): a provider is offered at checkout only while one is valid. */
export const contract = pgTable('payment_contract', {
  id: text().primaryKey(),
  providerId: text().notNull().references(() => provider.id),
  number: text().notNull(),
  parties: text().notNull(),
  validFrom: date({ mode: 'string' }).notNull(),
  validTo: date({ mode: 'string' }).notNull(),
  feeBp: integer().notNull().default(0),
  settlementTerms: text().notNull().default(''),
  refundTerms: text().notNull().default(''),
  createdBy: text(),
  createdAt: created(),
}, (t) => [index().on(t.providerId, t.validTo), uniqueIndex().on(t.providerId, t.number)]);

export type PaymentStatus = 'pending' | 'held' | 'succeeded' | 'failed' | 'cancelled';
/** A charge of the consumer for one checkout (PL-PAY-04). `reference` is the checkout id. */
export const payment = pgTable('payment_payment', {
  id: text().primaryKey(),
  providerId: text().notNull().references(() => provider.id),
  reference: text().notNull(),
  accountId: text().notNull(),
  amount: fen().notNull(),
  refundedAmount: fen().notNull().default(0),
  currency: text().notNull().default('CNY'),
  status: text().$type<PaymentStatus>().notNull(),
  providerRef: text(),
  /** Masked payer account as reported by the provider (e.g. 138****0005); never a full account (PL-PAY-08). */
  payerMasked: text(),
  failureCode: text(),
  failureReason: text(),
  expiresAt: ts().notNull(),
  succeededAt: ts(),
  createdAt: created(),
  updatedAt: created(),
}, (t) => [
  uniqueIndex().on(t.reference),
  index().on(t.accountId, t.createdAt),
  index().on(t.status, t.createdAt),
  uniqueIndex().on(t.providerId, t.providerRef),
  check('payment_payment_refund_check', sql`${t.refundedAmount} between 0 and ${t.amount} and ${t.amount} > 0`),
]);

export type RefundStatus = 'held' | 'pending' | 'succeeded' | 'failed' | 'rejected';
/** A refund of (part of) a payment, through the provider (PL-PAY-04, PL-AFS-05). `reference` is what it refunds (an order id). */
export const refund = pgTable('payment_refund', {
  id: text().primaryKey(),
  paymentId: text().notNull().references(() => payment.id),
  reference: text().notNull(),
  accountId: text().notNull(),
  sellerId: text(),
  amount: fen().notNull(),
  currency: text().notNull().default('CNY'),
  reason: text().notNull(),
  status: text().$type<RefundStatus>().notNull(),
  providerRef: text(),
  failureReason: text(),
  requestKey: text().notNull(),
  requestedBy: text(),
  succeededAt: ts(),
  createdAt: created(),
  updatedAt: created(),
}, (t) => [
  index().on(t.paymentId),
  index().on(t.reference),
  index().on(t.status, t.createdAt),
  uniqueIndex().on(t.requestKey),
  check('payment_refund_amount_check', sql`${t.amount} > 0`),
]);

export type TransferStatus = 'pending' | 'succeeded' | 'failed';
/** A transfer (payout) to a platform user's account through the provider (PL-FIN-03, PL-PAY-04). `reference` is the payout id. */
export const transfer = pgTable('payment_transfer', {
  id: text().primaryKey(),
  providerId: text().notNull().references(() => provider.id),
  reference: text().notNull(),
  orgId: text().notNull(),
  amount: fen().notNull(),
  currency: text().notNull().default('CNY'),
  payeeMasked: text().notNull(),
  status: text().$type<TransferStatus>().notNull(),
  providerRef: text(),
  failureReason: text(),
  succeededAt: ts(),
  createdAt: created(),
  updatedAt: created(),
}, (t) => [uniqueIndex().on(t.reference), index().on(t.orgId, t.createdAt), check('payment_transfer_amount_check', sql`${t.amount} > 0`)]);

/** Status history of payments, refunds and transfers (PL-PAY-04). */
export const paymentEvent = pgTable('payment_event', {
  id: text().primaryKey(),
  subjectType: text().$type<'payment' | 'refund' | 'transfer'>().notNull(),
  subjectId: text().notNull(),
  fromStatus: text(),
  toStatus: text().notNull(),
  source: text().$type<'platform' | 'notification' | 'query' | 'review' | 'reconciliation'>().notNull(),
  detail: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  actorId: text(),
  createdAt: created(),
}, (t) => [index().on(t.subjectId, t.createdAt)]);

/**
 * Inbox of provider notifications. A notification is stored once per provider event id (replays
 * change nothing) and applied exactly once; one that arrives before the payment it names is
 * committed stays 'pending' and is applied when the payment appears.
 */
export const notification = pgTable('payment_notification', {
  id: text().primaryKey(),
  providerId: text().notNull().references(() => provider.id),
  eventId: text().notNull(),
  type: text().notNull(),
  subjectRef: text().notNull(),
  payload: jsonb().$type<Record<string, unknown>>().notNull(),
  status: text().$type<'pending' | 'applied' | 'ignored'>().notNull().default('pending'),
  attempts: integer().notNull().default(0),
  lastError: text(),
  receivedAt: created(),
  appliedAt: ts(),
}, (t) => [uniqueIndex().on(t.providerId, t.eventId), index('payment_notification_pending').on(t.receivedAt).where(sql`${t.status} = 'pending'`)]);

/** Configurable transaction risk rules (PL-PAY-09): matching payments or refunds are held for review. */
export const riskRule = pgTable('payment_risk_rule', {
  id: text().primaryKey(),
  appliesTo: text().$type<'payment' | 'refund'>().notNull(),
  kind: text().$type<'amount_over' | 'count_per_account_per_hour'>().notNull(),
  threshold: fen().notNull(),
  active: text().$type<'yes' | 'no'>().notNull().default('yes'),
  note: text().notNull().default(''),
  createdBy: text(),
  createdAt: created(),
  updatedAt: created(),
});

/** A payment or refund held by a risk rule, waiting for a reviewer's decision (PL-PAY-09). */
export const riskReview = pgTable('payment_risk_review', {
  id: text().primaryKey(),
  subjectType: text().$type<'payment' | 'refund'>().notNull(),
  subjectId: text().notNull(),
  ruleId: text().notNull(),
  reason: text().notNull(),
  status: text().$type<'open' | 'released' | 'rejected'>().notNull().default('open'),
  decidedBy: text(),
  decidedAt: ts(),
  note: text(),
  createdAt: created(),
}, (t) => [index().on(t.status, t.createdAt), uniqueIndex().on(t.subjectType, t.subjectId)]);

/** One daily reconciliation of platform records against a provider statement (PL-PAY-07). */
export const reconciliationRun = pgTable('payment_reconciliation_run', {
  id: text().primaryKey(),
  providerId: text().notNull().references(() => provider.id),
  statementDate: date({ mode: 'string' }).notNull(),
  matched: integer().notNull().default(0),
  exceptions: integer().notNull().default(0),
  platformTotal: fen().notNull().default(0),
  providerTotal: fen().notNull().default(0),
  createdAt: created(),
}, (t) => [uniqueIndex().on(t.providerId, t.statementDate)]);

/** A missing or differing item found by reconciliation, assigned to finance with a due time (PL-PAY-07). */
export const reconciliationException = pgTable('payment_reconciliation_exception', {
  id: text().primaryKey(),
  runId: text().notNull().references(() => reconciliationRun.id),
  kind: text().$type<'missing_at_provider' | 'missing_on_platform' | 'amount_mismatch' | 'status_mismatch'>().notNull(),
  subjectType: text().notNull(),
  subjectRef: text().notNull(),
  platform: jsonb().$type<Record<string, unknown> | null>(),
  provider: jsonb().$type<Record<string, unknown> | null>(),
  status: text().$type<'open' | 'resolved'>().notNull().default('open'),
  dueAt: ts().notNull(),
  resolvedBy: text(),
  resolvedAt: ts(),
  resolution: text(),
  createdAt: created(),
}, (t) => [index().on(t.status, t.dueAt), index().on(t.runId)]);

/** A customer's enquiry about a failed payment, refund or transfer (PL-PAY-06), tracked until resolved. */
export const enquiry = pgTable('payment_enquiry', {
  id: text().primaryKey(),
  accountId: text().notNull(),
  subjectType: text().$type<'payment' | 'refund' | 'transfer'>().notNull(),
  subjectId: text().notNull(),
  orderId: text(),
  message: text().notNull(),
  status: text().$type<'open' | 'answered' | 'resolved'>().notNull().default('open'),
  reply: text(),
  repliedBy: text(),
  repliedAt: ts(),
  resolvedAt: ts(),
  createdAt: created(),
  updatedAt: created(),
}, (t) => [index().on(t.accountId, t.createdAt), index().on(t.status, t.createdAt)]);

/**
 * The sandbox provider's own books: it stands in for an external payment company, so only its adapter
 * and its own pages touch this table (never the platform's payment services).
 */
export const sandboxTxn = pgTable('payment_sandbox_txn', {
  id: text().primaryKey(),
  kind: text().$type<'charge' | 'refund' | 'transfer'>().notNull(),
  merchantRef: text().notNull(),
  amount: fen().notNull(),
  currency: text().notNull().default('CNY'),
  status: text().$type<'pending' | 'succeeded' | 'failed'>().notNull(),
  payer: text(),
  failureReason: text(),
  createdAt: created(),
  completedAt: ts(),
}, (t) => [uniqueIndex().on(t.kind, t.merchantRef), index().on(t.completedAt)]);
