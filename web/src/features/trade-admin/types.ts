import type { Schemas } from '../../api/client';

export type Provider = Schemas['PaymentProvider'];
export type ProviderStatus = Provider['status'];
export type Qualification = Provider['qualification'];
export type Contract = Schemas['PaymentContract'];
export type Credentials = Schemas['PaymentCredentialsBody'];
export type RiskRule = Schemas['RiskRule'];
export type RiskReview = Schemas['RiskReview'];
export type ReconciliationRun = Schemas['ReconciliationRun'];
export type ReconciliationException = Schemas['ReconciliationException'];
export type ExceptionKind = ReconciliationException['kind'];
export type Enquiry = Schemas['PaymentEnquiry'];
export type EnquiryStatus = Enquiry['status'];
