import type { Money, ProviderRef } from '../trade-seller/types';

export type ProviderStatus = 'active' | 'suspended';
export type Qualification = 'pending' | 'approved' | 'expired' | 'rejected';
export type Contract = {
  id: string; providerId: string; number: string; parties: string; validFrom: string; validTo: string; feeBp: number; settlementTerms: string;
  refundTerms: string; inForce: boolean; createdBy: string | null; createdAt: string;
};
export type Provider = {
  id: string; code: string; name: string; orgId: string | null; status: ProviderStatus; qualification: Qualification; adapterInstalled: boolean;
  offerable: boolean; currentContract: Contract | null; credentialsSet: true; credentialsRotatedAt: string | null; createdAt: string; updatedAt: string;
};
export type Credentials = { merchantId: string; apiKey: string; webhookSecret: string };
export type RiskRule = {
  id: string; appliesTo: 'payment' | 'refund'; kind: 'amount_over' | 'count_per_account_per_hour'; threshold: number; active: boolean; note: string;
  createdBy: string | null; createdAt: string; updatedAt: string;
};
export type RiskReview = {
  id: string; subjectType: 'payment' | 'refund'; subjectId: string; ruleId: string; reason: string; status: 'open' | 'released' | 'rejected';
  amount: Money; accountId: string; subjectStatus: string; reference: string; decidedBy: string | null; decidedAt: string | null; note: string | null;
  createdAt: string;
};
export type ReconciliationRun = {
  id: string; provider: ProviderRef; statementDate: string; matched: number; exceptions: number; newExceptions: number; platformTotal: Money;
  providerTotal: Money; createdAt: string;
};
export type ExceptionKind = 'missing_at_provider' | 'missing_on_platform' | 'amount_mismatch' | 'status_mismatch';
export type ReconciliationException = {
  id: string; runId: string; statementDate: string; provider: ProviderRef; kind: ExceptionKind; subjectType: string; subjectRef: string;
  platform: Record<string, unknown> | null; providerRecord: Record<string, unknown> | null; status: 'open' | 'resolved'; dueAt: string; overdue: boolean;
  resolvedBy: string | null; resolvedAt: string | null; resolution: string | null; createdAt: string;
};
export type EnquiryStatus = 'open' | 'answered' | 'resolved';
export type Enquiry = {
  id: string; accountId: string; subjectType: 'payment' | 'refund' | 'transfer'; subjectId: string; orderId: string | null; subjectStatus: string;
  failureReason: string | null; amount: Money | null; message: string; status: EnquiryStatus; reply: string | null; repliedBy: string | null;
  repliedAt: string | null; resolvedAt: string | null; createdAt: string; updatedAt: string;
};
