import { DomainError } from '@/platform/http/problem.js';

export class StatementNotFound extends DomainError {
  constructor(id: string) {
    super({ code: 'settlement.statement_not_found', status: 404, detail: `Settlement statement ${id} was not found.`, meta: { statementId: id } });
  }
}
export class StatementExists extends DomainError {
  constructor(sellerId: string, from: string, to: string, id: string) {
    super({ code: 'settlement.statement_exists', status: 409,
      detail: `Seller ${sellerId} already has statement ${id} for ${from} to ${to}: statements are issued once and never recomputed.`,
      meta: { sellerId, periodFrom: from, periodTo: to, statementId: id } });
  }
}
export class PeriodOverlaps extends DomainError {
  constructor(sellerId: string, id: string, from: string, to: string) {
    super({ code: 'settlement.period_overlaps', status: 409,
      detail: `Seller ${sellerId}'s statement ${id} already covers part of this period (${from} to ${to}): choose a period that starts where it ends.`,
      meta: { sellerId, statementId: id, periodFrom: from, periodTo: to } });
  }
}
export class InvalidPeriod extends DomainError {
  constructor(detail: string, meta: Record<string, unknown> = {}) {
    super({ code: 'settlement.invalid_period', status: 422, detail, meta });
  }
}
export class NothingToSettle extends DomainError {
  constructor(sellerId: string, from: string, to: string) {
    super({ code: 'settlement.nothing_to_settle', status: 422,
      detail: `Seller ${sellerId} has no sales, refunds or fees from ${from} to ${to}: there is nothing to put on a statement.`, meta: { sellerId, from, to } });
  }
}
export class NothingToPay extends DomainError {
  constructor(statementId: string, net: number) {
    super({ code: 'settlement.nothing_to_pay', status: 422,
      detail: `Statement ${statementId} nets ${net} fen: only a positive net amount can be paid out.`, meta: { statementId, net } });
  }
}
export class StatementNotPayable extends DomainError {
  constructor(statementId: string, status: string, payoutId: string | null) {
    super({ code: 'settlement.statement_not_payable', status: 409,
      detail: payoutId
        ? `Statement ${statementId} already has payout ${payoutId} (${status}): wait for it, or reject it before requesting another.`
        : `Statement ${statementId} is ${status}: only an issued statement can be paid out.`,
      meta: { statementId, status, payoutId } });
  }
}
export class PayoutNotFound extends DomainError {
  constructor(id: string) {
    super({ code: 'settlement.payout_not_found', status: 404, detail: `Payout ${id} was not found.`, meta: { payoutId: id } });
  }
}
export class PayoutNotAwaitingApproval extends DomainError {
  constructor(id: string, status: string) {
    super({ code: 'settlement.payout_not_awaiting_approval', status: 409,
      detail: `Payout ${id} is ${status}: only a payout awaiting approval can be approved or rejected.`, meta: { payoutId: id, status } });
  }
}
export class SameApprover extends DomainError {
  constructor(id: string) {
    super({ code: 'settlement.same_approver', status: 403,
      detail: `You requested payout ${id}: a different finance user must approve it (two-person rule).`, meta: { payoutId: id } });
  }
}
export class UnknownSeller extends DomainError {
  constructor(sellerId: string) {
    super({ code: 'settlement.unknown_seller', status: 422, detail: `${sellerId} is not a seller organisation: choose an existing seller.`, meta: { sellerId } });
  }
}
