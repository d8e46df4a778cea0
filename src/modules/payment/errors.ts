import { DomainError } from '@/platform/http/problem.js';

const yuan = (fen: number) => `¥${Math.trunc(fen / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;

export class ProviderNotFound extends DomainError {
  constructor(idOrCode: string) {
    super({ code: 'payment.provider_not_found', status: 404, detail: `Payment provider ${idOrCode} was not found.`, meta: { provider: idOrCode } });
  }
}
export class ProviderCodeTaken extends DomainError {
  constructor(code: string) {
    super({ code: 'payment.provider_code_taken', status: 409,
      detail: `A payment provider with code "${code}" is already registered: change that record instead of adding another.`, meta: { providerCode: code } });
  }
}
export class UnknownAdapter extends DomainError {
  constructor(code: string, known: string[]) {
    super({ code: 'payment.unknown_adapter', status: 422,
      detail: `No payment adapter is installed for code "${code}". Installed adapters: ${known.join(', ') || 'none'}.`, meta: { providerCode: code, known } });
  }
}
export class NotAPaymentOrganisation extends DomainError {
  constructor(orgId: string) {
    super({ code: 'payment.not_a_payment_organisation', status: 422,
      detail: `Organisation ${orgId} is not a registered payment organisation: register the provider's organisation first.`, meta: { orgId } });
  }
}
export class ContractNumberTaken extends DomainError {
  constructor(number: string) {
    super({ code: 'payment.contract_number_taken', status: 409, detail: `This provider already has a contract numbered "${number}".`, meta: { number } });
  }
}
export class InvalidContractPeriod extends DomainError {
  constructor(from: string, to: string) {
    super({ code: 'payment.invalid_contract_period', status: 422,
      detail: `The contract ends (${to}) before it starts (${from}): check the validity dates.`, meta: { validFrom: from, validTo: to } });
  }
}
/** The provider cannot take payments now (PL-PAY-01): unknown, suspended, unqualified or without a contract in force. */
export class ProviderNotOfferable extends DomainError {
  constructor(code: string, why: string) {
    super({ code: 'payment.provider_not_offerable', status: 422,
      detail: `Payment provider "${code}" cannot be used now: ${why}. Choose another payment method.`, meta: { providerCode: code, reason: why } });
  }
}
export class PaymentNotFound extends DomainError {
  constructor(idOrRef: string) {
    super({ code: 'payment.payment_not_found', status: 404, detail: `Payment ${idOrRef} was not found.`, meta: { payment: idOrRef } });
  }
}
export class PaymentReferenceTaken extends DomainError {
  constructor(reference: string) {
    super({ code: 'payment.reference_taken', status: 409,
      detail: `A different payment already exists for ${reference}: one checkout has exactly one payment.`, meta: { reference } });
  }
}
export class InvalidPayment extends DomainError {
  constructor(detail: string, meta?: Record<string, unknown>) {
    super({ code: 'payment.invalid_payment', status: 422, detail, ...(meta ? { meta } : {}) });
  }
}
export class PaymentNotPayable extends DomainError {
  constructor(id: string, status: string) {
    super({ code: 'payment.not_payable', status: 409,
      detail: status === 'succeeded' ? `Payment ${id} is already paid.` : `Payment ${id} is ${status} and can no longer be paid: start a new checkout.`,
      meta: { paymentId: id, paymentStatus: status } });
  }
}
export class PaymentNotCancellable extends DomainError {
  constructor(id: string, status: string) {
    super({ code: 'payment.not_cancellable', status: 409,
      detail: `Payment ${id} is ${status}: only a pending or held payment can be cancelled (refund a paid one instead).`, meta: { paymentId: id, paymentStatus: status } });
  }
}
export class PaymentNotRefundable extends DomainError {
  constructor(id: string, status: string) {
    super({ code: 'payment.not_refundable', status: 409,
      detail: `Payment ${id} is ${status}: only a succeeded payment can be refunded.`, meta: { paymentId: id, paymentStatus: status } });
  }
}
export class RefundExceedsPayment extends DomainError {
  constructor(paymentId: string, amount: number, paid: number, alreadyRefunded: number) {
    super({ code: 'payment.refund_exceeds_payment', status: 422,
      detail: `A refund of ${yuan(amount)} is more than is left of payment ${paymentId}: paid ${yuan(paid)}, already refunded or in progress ${yuan(alreadyRefunded)}, at most ${yuan(Math.max(0, paid - alreadyRefunded))} can still be refunded.`,
      meta: { paymentId, amount, paid, refunded: alreadyRefunded, refundable: Math.max(0, paid - alreadyRefunded) } });
  }
}
export class RefundKeyReused extends DomainError {
  constructor(key: string, refundId: string) {
    super({ code: 'payment.refund_key_reused', status: 422,
      detail: `Request key "${key}" already made refund ${refundId} with different details: use a new key for a new refund.`, meta: { requestKey: key, refundId } });
  }
}
export class RefundNotFound extends DomainError {
  constructor(id: string) {
    super({ code: 'payment.refund_not_found', status: 404, detail: `Refund ${id} was not found.`, meta: { refundId: id } });
  }
}
export class TransferNotFound extends DomainError {
  constructor(id: string) {
    super({ code: 'payment.transfer_not_found', status: 404, detail: `Transfer ${id} was not found.`, meta: { transferId: id } });
  }
}
export class TransferReferenceTaken extends DomainError {
  constructor(reference: string, transferId: string) {
    super({ code: 'payment.transfer_reference_taken', status: 409,
      detail: `Transfer ${transferId} already pays out ${reference} with different details.`, meta: { reference, transferId } });
  }
}
/** A notification whose signature does not verify or whose timestamp is too old (or in the future). */
export class NotificationRejected extends DomainError {
  constructor(why: string) {
    super({ code: 'payment.notification_rejected', status: 401, detail: `Notification rejected: ${why}.` });
  }
}
export class RiskRuleNotFound extends DomainError {
  constructor(id: string) {
    super({ code: 'payment.risk_rule_not_found', status: 404, detail: `Risk rule ${id} was not found.`, meta: { ruleId: id } });
  }
}
export class RiskRuleInUse extends DomainError {
  constructor(id: string) {
    super({ code: 'payment.risk_rule_in_use', status: 409,
      detail: `Risk rule ${id} has held payments or refunds; its history must stay. Deactivate it instead of deleting it.`, meta: { ruleId: id } });
  }
}
export class RiskReviewNotFound extends DomainError {
  constructor(id: string) {
    super({ code: 'payment.risk_review_not_found', status: 404, detail: `Risk review ${id} was not found.`, meta: { reviewId: id } });
  }
}
export class RiskReviewDecided extends DomainError {
  constructor(id: string, status: string) {
    super({ code: 'payment.risk_review_decided', status: 409, detail: `Risk review ${id} is already ${status}.`, meta: { reviewId: id, reviewStatus: status } });
  }
}
export class ReconciliationExceptionNotFound extends DomainError {
  constructor(id: string) {
    super({ code: 'payment.reconciliation_exception_not_found', status: 404, detail: `Reconciliation exception ${id} was not found.`, meta: { exceptionId: id } });
  }
}
export class ReconciliationExceptionResolved extends DomainError {
  constructor(id: string) {
    super({ code: 'payment.reconciliation_exception_resolved', status: 409, detail: `Reconciliation exception ${id} is already resolved.`, meta: { exceptionId: id } });
  }
}
export class InvalidStatementDate extends DomainError {
  constructor(date: string, why: string) {
    super({ code: 'payment.invalid_statement_date', status: 422, detail: `Cannot reconcile ${date}: ${why}.`, meta: { date } });
  }
}
export class EnquiryNotFound extends DomainError {
  constructor(id: string) {
    super({ code: 'payment.enquiry_not_found', status: 404, detail: `Enquiry ${id} was not found.`, meta: { enquiryId: id } });
  }
}
export class EnquirySubjectNotFound extends DomainError {
  constructor(type: string, id: string) {
    super({ code: 'payment.enquiry_subject_not_found', status: 404, detail: `No ${type} ${id} of yours was found.`, meta: { subjectType: type, subjectId: id } });
  }
}
export class EnquiryNotApplicable extends DomainError {
  constructor(type: string, id: string, status: string) {
    super({ code: 'payment.enquiry_not_applicable', status: 409,
      detail: `The ${type} ${id} is ${status}: enquiries are for failed or held ${type}s. Contact customer service for anything else.`,
      meta: { subjectType: type, subjectId: id, subjectStatus: status } });
  }
}
export class EnquiryResolved extends DomainError {
  constructor(id: string) {
    super({ code: 'payment.enquiry_resolved', status: 409, detail: `Enquiry ${id} is already resolved.`, meta: { enquiryId: id } });
  }
}
