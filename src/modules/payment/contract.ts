import { z } from 'zod';
import { MoneyOut } from '@/modules/catalog/index.js';

/** Largest single payment, refund or transfer (fen): ¥10,000,000. */
export const MAX_AMOUNT = 1_000_000_000;

const Id = z.string().min(1).max(64);
/** True for a real date YYYY-MM-DD from 1900 on (no 2026-02-30). */
export function isCalendarDate(d: string): boolean {
  const ms = Date.parse(`${d}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(d) && d >= '1900-01-01' && !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === d;
}
const Required = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
const Text = (max: number) => z.string().trim().max(max);
const Iso = z.iso.datetime();
const CalendarDate = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'write a date as YYYY-MM-DD')
  .refine(isCalendarDate, 'is not a calendar date');
const Fen = z.number().int().min(1).max(MAX_AMOUNT);

// ---------------------------------------------------------------- providers and contracts

export const ProviderStatus = z.enum(['active', 'suspended']);
export const Qualification = z.enum(['pending', 'approved', 'expired', 'rejected']);
export const ProviderCode = z.string().regex(/^[a-z][a-z0-9_-]{1,31}$/, 'use 2–32 lower-case letters, digits, dash or underscore, starting with a letter');

/** Merchant credentials at the provider; write-only: no response ever contains them (PL-PAY-03, PL-PAY-08). */
export const CredentialsBody = z.strictObject({
  merchantId: Required(64).describe('Merchant number at the provider'),
  apiKey: z.string().min(16, 'an API key has at least 16 characters').max(256).describe('Key signing payment requests (write-only)'),
  webhookSecret: z.string().min(16, 'a webhook secret has at least 16 characters').max(256).describe('Secret verifying notifications (write-only)'),
}).meta({ id: 'PaymentCredentialsBody' });
export type CredentialsBody = z.infer<typeof CredentialsBody>;

export const CreateProviderBody = z.strictObject({
  code: ProviderCode.describe('Names the installed adapter and the webhook path /api/webhooks/payments/<code>'),
  name: Required(100),
  orgId: Id.nullable().optional().describe('The provider\'s payment organisation (platform user), if registered'),
  qualification: Qualification.optional().describe('Qualification filing state; only approved providers are offered (default pending)'),
  credentials: CredentialsBody,
}).meta({ id: 'CreatePaymentProviderBody' });
export type CreateProviderBody = z.infer<typeof CreateProviderBody>;

export const UpdateProviderBody = z.strictObject({
  name: Required(100).optional(),
  status: ProviderStatus.optional().describe('suspended: never offered at checkout; running payments still settle'),
  qualification: Qualification.optional(),
}).refine((b) => Object.keys(b).length > 0, { message: 'change at least one field' }).meta({ id: 'UpdatePaymentProviderBody' });
export type UpdateProviderBody = z.infer<typeof UpdateProviderBody>;

export const ContractBody = z.strictObject({
  number: Required(64).describe('Contract number, unique per provider'),
  parties: Required(500).describe('Contracting parties'),
  validFrom: CalendarDate, validTo: CalendarDate,
  feeBp: z.number().int().min(0).max(10_000).describe('Provider fee in basis points of each charge (60 = 0.6 %)'),
  settlementTerms: Text(2000).optional(),
  refundTerms: Text(2000).optional(),
}).meta({ id: 'PaymentContractBody' });
export type ContractBody = z.infer<typeof ContractBody>;

export const ContractOut = z.object({
  id: z.string(), providerId: z.string(), number: z.string(), parties: z.string(), validFrom: z.string(), validTo: z.string(),
  feeBp: z.number().int(), settlementTerms: z.string(), refundTerms: z.string(),
  inForce: z.boolean().describe('Valid today (Asia/Shanghai)'), createdBy: z.string().nullable(), createdAt: Iso,
}).meta({ id: 'PaymentContract' });
export type ContractOut = z.infer<typeof ContractOut>;

export const ProviderOut = z.object({
  id: z.string(), code: z.string(), name: z.string(), orgId: z.string().nullable(), status: ProviderStatus, qualification: Qualification,
  adapterInstalled: z.boolean(),
  offerable: z.boolean().describe('Active, qualification approved, a contract in force and an adapter installed: offered at checkout now'),
  currentContract: ContractOut.nullable().describe('The contract in force today with the latest end date'),
  credentialsSet: z.literal(true).describe('Credentials are stored encrypted; they are never returned'),
  credentialsRotatedAt: Iso.nullable(), createdAt: Iso, updatedAt: Iso,
}).meta({ id: 'PaymentProvider' });
export type ProviderOut = z.infer<typeof ProviderOut>;

// ---------------------------------------------------------------- payments, refunds, transfers

export const PaymentStatus = z.enum(['pending', 'held', 'succeeded', 'failed', 'cancelled']);
export const RefundStatus = z.enum(['held', 'pending', 'succeeded', 'failed', 'rejected']);
export const TransferStatus = z.enum(['pending', 'succeeded', 'failed']);

export const StatusEventOut = z.object({
  from: z.string().nullable(), to: z.string(),
  source: z.enum(['platform', 'notification', 'query', 'review', 'reconciliation']),
  note: z.string().nullable().describe('Why, when known (failure reason, reviewer note, cancellation reason)'),
  at: Iso,
}).meta({ id: 'PaymentStatusEvent' });
export type StatusEventOut = z.infer<typeof StatusEventOut>;

const ProviderRef = z.object({ code: z.string(), name: z.string() });
const ReviewRef = z.object({ id: z.string(), status: z.enum(['open', 'released', 'rejected']), reason: z.string() }).nullable()
  .describe('The risk review that held it (PL-PAY-09), if any');

export const PaymentOut = z.object({
  id: z.string(), provider: ProviderRef, reference: z.string().describe('The checkout paid'), accountId: z.string(),
  amount: MoneyOut, refunded: MoneyOut, status: PaymentStatus,
  providerRef: z.string().nullable().describe('The provider\'s transaction number, to verify with the provider (PL-PAY-05)'),
  payerMasked: z.string().nullable().describe('Masked payer account as reported by the provider'),
  failureReason: z.string().nullable(), subject: z.string(), expiresAt: Iso, succeededAt: Iso.nullable(), createdAt: Iso,
  review: ReviewRef, events: z.array(StatusEventOut),
}).meta({ id: 'Payment' });
export type PaymentOut = z.infer<typeof PaymentOut>;

export const RefundOut = z.object({
  id: z.string(), paymentId: z.string(), paymentReference: z.string(), provider: ProviderRef, reference: z.string().describe('What is refunded (an order id)'),
  sellerId: z.string().nullable(), accountId: z.string(), amount: MoneyOut, reason: z.string(), status: RefundStatus,
  providerRef: z.string().nullable(), failureReason: z.string().nullable(), succeededAt: Iso.nullable(), createdAt: Iso,
  review: ReviewRef, events: z.array(StatusEventOut),
}).meta({ id: 'Refund' });
export type RefundOut = z.infer<typeof RefundOut>;

export const TransferOut = z.object({
  id: z.string(), provider: ProviderRef, reference: z.string().describe('What is paid out (a payout id)'), orgId: z.string(),
  amount: MoneyOut, payeeMasked: z.string(), memo: z.string(), status: TransferStatus, providerRef: z.string().nullable(),
  failureReason: z.string().nullable(), succeededAt: Iso.nullable(), createdAt: Iso, events: z.array(StatusEventOut),
}).meta({ id: 'Transfer' });
export type TransferOut = z.infer<typeof TransferOut>;

export const ConsumerPaymentOut = PaymentOut.extend({ refunds: z.array(RefundOut) }).meta({ id: 'ConsumerPayment' });
export type ConsumerPaymentOut = z.infer<typeof ConsumerPaymentOut>;

export const NotificationOut = z.object({
  id: z.string(), provider: z.string(), eventId: z.string(), type: z.string(), subjectRef: z.string(),
  status: z.enum(['pending', 'applied', 'ignored']), attempts: z.number().int(), lastError: z.string().nullable(),
  receivedAt: Iso, appliedAt: Iso.nullable(),
}).meta({ id: 'PaymentNotification' });
export type NotificationOut = z.infer<typeof NotificationOut>;

export const WebhookAnswer = z.object({
  received: z.literal(true),
  status: z.enum(['applied', 'pending', 'ignored', 'duplicate']).describe('duplicate: this event id was received before and changed nothing now'),
}).meta({ id: 'PaymentWebhookAnswer' });
export type WebhookAnswer = z.infer<typeof WebhookAnswer>;

// ---------------------------------------------------------------- risk

export const RiskRuleBody = z.strictObject({
  appliesTo: z.enum(['payment', 'refund']),
  kind: z.enum(['amount_over', 'count_per_account_per_hour']),
  threshold: z.number().int().min(0).max(MAX_AMOUNT)
    .describe('amount_over: fen; held when the amount is above it. count_per_account_per_hour: held when the account already made this many in the last hour'),
  active: z.boolean().optional(),
  note: Text(500).optional(),
}).meta({ id: 'RiskRuleBody' });
export type RiskRuleBody = z.infer<typeof RiskRuleBody>;

export const UpdateRiskRuleBody = z.strictObject({
  threshold: z.number().int().min(0).max(MAX_AMOUNT).optional(),
  active: z.boolean().optional(),
  note: Text(500).optional(),
}).refine((b) => Object.keys(b).length > 0, { message: 'change at least one field' }).meta({ id: 'UpdateRiskRuleBody' });
export type UpdateRiskRuleBody = z.infer<typeof UpdateRiskRuleBody>;

export const RiskRuleOut = z.object({
  id: z.string(), appliesTo: z.enum(['payment', 'refund']), kind: z.enum(['amount_over', 'count_per_account_per_hour']), threshold: z.number().int(),
  active: z.boolean(), note: z.string(), createdBy: z.string().nullable(), createdAt: Iso, updatedAt: Iso,
}).meta({ id: 'RiskRule' });
export type RiskRuleOut = z.infer<typeof RiskRuleOut>;

export const RiskReviewStatus = z.enum(['open', 'released', 'rejected']);
export const RiskReviewOut = z.object({
  id: z.string(), subjectType: z.enum(['payment', 'refund']), subjectId: z.string(), ruleId: z.string(), reason: z.string(),
  status: RiskReviewStatus, amount: MoneyOut, accountId: z.string(), subjectStatus: z.string(), reference: z.string(),
  decidedBy: z.string().nullable(), decidedAt: Iso.nullable(), note: z.string().nullable(), createdAt: Iso,
}).meta({ id: 'RiskReview' });
export type RiskReviewOut = z.infer<typeof RiskReviewOut>;

export const DecisionBody = z.strictObject({ note: Text(1000).optional() }).meta({ id: 'RiskDecisionBody' });
export const RejectBody = z.strictObject({ note: Required(1000).describe('Why it is rejected (shown in the history)') }).meta({ id: 'RiskRejectBody' });

// ---------------------------------------------------------------- reconciliation

export const ReconcileBody = z.strictObject({
  providerCode: ProviderCode,
  date: CalendarDate.describe('Statement day (Asia/Shanghai), before today'),
}).meta({ id: 'ReconcileBody' });
export type ReconcileBody = z.infer<typeof ReconcileBody>;

export const ReconciliationRunOut = z.object({
  id: z.string(), provider: ProviderRef, statementDate: z.string(), matched: z.number().int(), exceptions: z.number().int(),
  newExceptions: z.number().int().describe('Exceptions this run added (a re-run adds only ones not found before)'),
  platformTotal: MoneyOut.describe('Our succeeded charges − refunds − transfers of the day'),
  providerTotal: MoneyOut.describe('The statement\'s succeeded charges − refunds − transfers of the day'),
  createdAt: Iso,
}).meta({ id: 'ReconciliationRun' });
export type ReconciliationRunOut = z.infer<typeof ReconciliationRunOut>;

export const ExceptionKind = z.enum(['missing_at_provider', 'missing_on_platform', 'amount_mismatch', 'status_mismatch']);
export const ReconciliationExceptionOut = z.object({
  id: z.string(), runId: z.string(), statementDate: z.string(), provider: ProviderRef, kind: ExceptionKind,
  subjectType: z.string(), subjectRef: z.string(),
  platform: z.record(z.string(), z.unknown()).nullable(), providerRecord: z.record(z.string(), z.unknown()).nullable(),
  status: z.enum(['open', 'resolved']), dueAt: Iso, overdue: z.boolean(), resolvedBy: z.string().nullable(), resolvedAt: Iso.nullable(),
  resolution: z.string().nullable(), createdAt: Iso,
}).meta({ id: 'ReconciliationException' });
export type ReconciliationExceptionOut = z.infer<typeof ReconciliationExceptionOut>;

export const ResolveBody = z.strictObject({ resolution: Required(2000).describe('What was found and done') }).meta({ id: 'ResolveExceptionBody' });

// ---------------------------------------------------------------- enquiries

export const EnquiryBody = z.strictObject({
  subjectType: z.enum(['payment', 'refund']),
  subjectId: Id,
  orderId: Id.optional(),
  message: Required(2000),
}).meta({ id: 'PaymentEnquiryBody' });
export type EnquiryBody = z.infer<typeof EnquiryBody>;

export const SellerEnquiryBody = z.strictObject({
  transferId: Id.describe('A failed transfer (payout) to your organisation'),
  message: Required(2000),
}).meta({ id: 'SellerPaymentEnquiryBody' });
export type SellerEnquiryBody = z.infer<typeof SellerEnquiryBody>;

export const EnquiryStatus = z.enum(['open', 'answered', 'resolved']);
export const EnquiryOut = z.object({
  id: z.string(), accountId: z.string(), subjectType: z.enum(['payment', 'refund', 'transfer']), subjectId: z.string(), orderId: z.string().nullable(),
  subjectStatus: z.string(), failureReason: z.string().nullable(), amount: MoneyOut.nullable(),
  message: z.string(), status: EnquiryStatus, reply: z.string().nullable(), repliedBy: z.string().nullable(), repliedAt: Iso.nullable(),
  resolvedAt: Iso.nullable(), createdAt: Iso, updatedAt: Iso,
}).meta({ id: 'PaymentEnquiry' });
export type EnquiryOut = z.infer<typeof EnquiryOut>;

export const ReplyBody = z.strictObject({
  reply: Required(2000),
  resolve: z.boolean().optional().describe('Also close the enquiry as resolved'),
}).meta({ id: 'PaymentEnquiryReplyBody' });
export type ReplyBody = z.infer<typeof ReplyBody>;

// ---------------------------------------------------------------- service inputs (used by other modules)

export type CreatePaymentInput = {
  providerCode: string; reference: string; accountId: string; amount: number; currency: string; subject: string; expiresAt: Date;
  /** Optional pre-allocated id (`newId('pay')`), for a caller that must know it before the payment exists. */
  id?: string;
};
export type RequestRefundInput = {
  paymentReference: string; reference: string; sellerId: string | null; accountId: string; amount: number; reason: string; requestKey: string;
};
export type RequestTransferInput = { reference: string; orgId: string; amount: number; payee: string; memo: string; providerCode?: string };

export { Fen };
